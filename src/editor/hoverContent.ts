/**
 * The text of a hover over a flow log value: which field the column is, what it means, and the value
 * decoded. Kept free of `vscode` (it returns Markdown) so it is tested in plain Node.
 */
import { describeValue, fieldInfo, matchAddress, parseCidr, type AddressPattern } from '../flowlogs';
import { lineValues, valueAt, type LineValue } from './columns';
import { SOURCE_LABELS, type DocumentFormat } from './formatResolution';

/** A hover over one value of a line. */
export interface FlowLogHover {
  /** Markdown; may use `$(codicon)` and `command:` links to {@link SET_FORMAT_COMMAND}. */
  readonly markdown: string;
  /** The hovered value's offsets in the line. */
  readonly start: number;
  readonly end: number;
}

/** Options of {@link flowLogHover}. */
export interface HoverOptions {
  /** The document's URI, for the "change format" link (which passes it to the command). */
  readonly documentUri?: string;
  /** Time zone for local times (tests pin it; the editor uses the machine's). */
  readonly timeZone?: string;
  /** Locale for local times and numbers. */
  readonly locale?: string;
  /** Names a public address from AWS's IP ranges ("AMAZON, us-west-2 (52.94.16.0/20 ...)"), when they are at hand. */
  readonly awsRange?: (address: string) => string | undefined;
  /**
   * The command a REJECT line's "Why was this rejected?" link runs with `{ record }` (field -> value);
   * no link without it.
   */
  readonly explainCommand?: string;
}

/** The command the hover links to so the user can choose the document's format. */
export const SET_FORMAT_COMMAND = 'vpcFlowLogs.setDocumentFormat';

const INTEGER = /^\d+$/;

/** Address ranges worth naming in a hover. */
const ADDRESS_KINDS: readonly (readonly [AddressPattern, string])[] = (
  [
    ['10.0.0.0/8', 'private address (RFC 1918)'],
    ['172.16.0.0/12', 'private address (RFC 1918)'],
    ['192.168.0.0/16', 'private address (RFC 1918)'],
    ['100.64.0.0/10', 'shared address space (carrier-grade NAT, RFC 6598)'],
    ['169.254.0.0/16', 'link-local address'],
    ['127.0.0.0/8', 'loopback address'],
    ['fc00::/7', 'unique local IPv6 address (private)'],
    ['fe80::/10', 'link-local IPv6 address'],
    ['::1/128', 'loopback address'],
  ] as const
).flatMap(([cidr, label]) => {
  const pattern = parseCidr(cidr);
  return pattern ? [[pattern, label] as const] : [];
});

function addressKind(address: string): string {
  for (const [pattern, label] of ADDRESS_KINDS) {
    if (matchAddress(pattern, address)) {
      return label;
    }
  }
  return 'public address';
}

/** Inline code that shows any text literally (markup in a bad line must never render). */
export function code(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.trim() === '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Escapes what Markdown would take as markup (or as a `$(icon)`) inside a sentence. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|~$&]/g, (c) => `\\${c}`);
}

function duration(seconds: number): string {
  if (seconds < 120) {
    return `${seconds} s`;
  }
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

function bytesText(bytes: number, locale: string | undefined): string | undefined {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = '';
  for (const next of units) {
    if (value < 1024) {
      break;
    }
    value /= 1024;
    unit = next;
  }
  return unit === '' ? undefined : `${value.toLocaleString(locale, { maximumFractionDigits: 1 })} ${unit}`;
}

/** The record as the parser would read it: numbers for integer fields, null for `-`. */
function recordOf(fields: readonly string[], values: readonly LineValue[]): Record<string, string | number | null> {
  const record: Record<string, string | number | null> = {};
  fields.forEach((field, i) => {
    const text = values[i]?.text;
    if (text === undefined) {
      return;
    }
    record[field] = text === '-' ? null : fieldInfo(field)?.kind === 'integer' && INTEGER.test(text) ? Number(text) : text;
  });
  return record;
}

/** What the value means, beyond the field's description; undefined when the raw value says it all. */
function decode(field: string, text: string, record: Record<string, string | number | null>, options: HoverOptions): string | undefined {
  const info = fieldInfo(field);
  if (text === '-') {
    return describeValue(field, null);
  }
  if (info?.kind === 'integer' && !INTEGER.test(text)) {
    return '$(warning) Not a whole number: this line does not fit the format.';
  }
  const value = record[field] ?? text;
  const described = describeValue(field, value, record);
  switch (field) {
    case 'start':
    case 'end': {
      const seconds = Number(text);
      const local = new Date(seconds * 1000).toLocaleString(options.locale, {
        timeZoneName: 'short',
        ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      });
      const start = record['start'];
      const after = field === 'end' && typeof start === 'number' && seconds >= start ? ` (${duration(seconds - start)} after start)` : '';
      return `${described ?? text}${after} · local time ${local}`;
    }
    case 'srcport':
    case 'dstport': {
      const protocol = record['protocol'];
      if (described) {
        return `${described}${typeof protocol === 'number' ? '' : ' (if TCP or UDP)'}`;
      }
      return Number(text) >= 32768 ? 'An ephemeral (client-side) port' : undefined;
    }
    case 'protocol':
      return described ? `${described} (IANA protocol ${text})` : `IANA protocol number ${text}`;
    case 'bytes':
      return bytesText(Number(text), options.locale);
    case 'srcaddr':
    case 'dstaddr':
    case 'pkt-srcaddr':
    case 'pkt-dstaddr': {
      if (!text.includes('.') && !text.includes(':')) {
        return undefined;
      }
      const kind = addressKind(text);
      const aws = kind === 'public address' ? options.awsRange?.(text) : undefined;
      return aws ? `A public AWS address: ${aws}` : `A ${kind}`;
    }
    default:
      return described;
  }
}

function formatLink(options: HoverOptions): string {
  const args = options.documentUri ? `?${encodeURIComponent(JSON.stringify([options.documentUri]))}` : '';
  return `[Set the format of this file…](command:${SET_FORMAT_COMMAND}${args} "Choose the fields of these records")`;
}

/** Fields a record needs to be explained (the rules are looked up around its interface). */
const EXPLAIN_FIELDS = ['interface-id', 'srcaddr', 'dstaddr', 'protocol'] as const;

/**
 * "Why was this rejected?" for a complete record: a command link passing the record (field -> value),
 * or undefined when the line's values do not line up with the fields or lack what the rules need.
 */
function explainLink(fields: readonly string[], values: readonly LineValue[], options: HoverOptions): string | undefined {
  if (!options.explainCommand || values.length !== fields.length || !EXPLAIN_FIELDS.every((f) => fields.includes(f))) {
    return undefined;
  }
  const record = Object.fromEntries(fields.map((f, i) => [f, values[i]!.text]));
  if (EXPLAIN_FIELDS.some((f) => record[f] === '-')) {
    return undefined;
  }
  const args = encodeURIComponent(JSON.stringify([{ record }]));
  return `[$(question) Why was this rejected?](command:${options.explainCommand}?${args} "Read the security groups, network ACLs and routes around ${record['interface-id']!} and say which rule rejected this")`;
}

/** The reminder shown on every value of a REJECT line. */
export function rejectReminder(rejectReason: string | undefined): string {
  if (rejectReason && rejectReason !== '-') {
    const meaning = fieldInfo('reject-reason')?.values?.[rejectReason];
    return `$(error) **Rejected** (${code(rejectReason)}${meaning ? `: ${escape(meaning)}` : ''}).`;
  }
  return (
    '$(error) **Rejected** by a **security group** (stateful, allow rules only: no rule allowed this) ' +
    'or the subnet\'s **network ACL** (stateless: it must allow both directions, including replies to ephemeral ports).'
  );
}

/**
 * The hover for the value at `character` on a line of a flow log document whose format is `format`, or
 * undefined on the spaces between values and on blank lines.
 */
export function flowLogHover(line: string, lineNumber: number, character: number, format: DocumentFormat, options: HoverOptions = {}): FlowLogHover | undefined {
  const hovered = valueAt(line, character);
  if (!hovered) {
    return undefined;
  }
  const { start, end } = hovered;
  const fields = format.fields;
  const where = `column ${hovered.column + 1} of ${fields.length}`;

  if (format.headerLine === lineNumber) {
    const info = fieldInfo(hovered.text);
    const markdown = info
      ? `**${escape(info.name)}**: ${escape(info.title)} · ${where} of the header line\n\n${escape(info.description)}`
      : `${code(hovered.text)} is not a flow log field this extension knows (${where} of the header line).`;
    return { markdown, start, end };
  }

  const values = lineValues(line);
  const field = fields[hovered.column];
  const parts: string[] = [];
  if (field === undefined) {
    parts.push(
      `$(warning) Value ${hovered.column + 1} has no field: ${SOURCE_LABELS[format.source]} has ${fields.length} fields, this line ${values.length} values.`,
    );
  } else {
    const info = fieldInfo(field);
    parts.push(`**${escape(field)}**${info ? `: ${escape(info.title)}` : ''} · ${where}`);
    parts.push(info ? escape(info.description) : `${code(field)} is not a flow log field this extension knows.`);
    const record = recordOf(fields, values);
    const meaning = decode(field, hovered.text, record, options);
    parts.push(meaning ? `${code(hovered.text)} → ${meaning.startsWith('$(') ? meaning : escape(meaning)}` : code(hovered.text));
    if (values.length !== fields.length) {
      parts.push(`$(warning) This line has ${values.length} values but ${SOURCE_LABELS[format.source]} has ${fields.length} fields, so the names may be off.`);
    }
  }
  parts.push(`*Fields from ${SOURCE_LABELS[format.source]}.* ${formatLink(options)}`);

  const actionColumn = fields.indexOf('action');
  const reasonColumn = fields.indexOf('reject-reason');
  if (actionColumn >= 0 && values[actionColumn]?.text === 'REJECT') {
    parts.push('---', rejectReminder(reasonColumn >= 0 ? values[reasonColumn]?.text : undefined));
    const link = explainLink(fields, values, options);
    if (link) {
      parts.push(link);
    }
  }
  return { markdown: parts.join('\n\n'), start, end };
}
