/**
 * Formats worth offering for a document whose records do not fit the format in use: the well-known
 * layouts (the default, the AWS documentation's version 3 example that S3 exports of it carry as their
 * header, that example extended with the fields of later versions, and "every field up to version N"
 * in the documentation's order), kept when every sampled line parses with them. Kept free of `vscode`.
 */
import { DEFAULT_FIELDS, FIELDS, formatString, formatVersion, parseFlowLogs } from '../flowlogs';

/** The custom format of the AWS documentation's version 3 example (and of S3 exports made with it). */
const DOCS_V3_EXAMPLE = [
  'version', 'vpc-id', 'subnet-id', 'instance-id', 'interface-id', 'account-id', 'type', 'srcaddr', 'dstaddr',
  'srcport', 'dstport', 'pkt-srcaddr', 'pkt-dstaddr', 'protocol', 'bytes', 'packets', 'start', 'end', 'action',
  'tcp-flags', 'log-status',
];

/** Lines of a document looked at: enough to be sure, few enough to stay instant on big files. */
const SAMPLE_LINES = 200;

function candidates(): string[][] {
  const versions = [...new Set(FIELDS.map((f) => f.version))].sort((a, b) => a - b);
  const upTo = (version: number): string[] => FIELDS.filter((f) => f.version <= version).map((f) => f.name);
  const extended = (version: number): string[] => [
    ...DOCS_V3_EXAMPLE,
    ...FIELDS.filter((f) => f.version > 3 && f.version <= version && !DOCS_V3_EXAMPLE.includes(f.name)).map((f) => f.name),
  ];
  const all = [[...DEFAULT_FIELDS], DOCS_V3_EXAMPLE, ...versions.filter((v) => v > 3).map(extended), ...versions.filter((v) => v > 2).map(upTo)];
  const seen = new Set<string>();
  return all.filter((fields) => {
    const key = fields.join(' ');
    return !seen.has(key) && seen.add(key);
  });
}

/**
 * The well-known formats every one of the first non-blank lines of `lines` parses with (a header line,
 * if any, is left out), as `${field} ...` strings; empty when none fits or there is nothing to parse.
 */
export function fittingFormats(lines: readonly string[]): string[] {
  const sample = lines.filter((l) => l.trim() !== '' && !/^\s*version\s/.test(l)).slice(0, SAMPLE_LINES);
  if (sample.length === 0) {
    return [];
  }
  // Only layouts with as many fields as the lines have can fit; counting first keeps this cheap.
  const widths = new Set(sample.map((l) => l.trim().split(/\s+/).length));
  const text = sample.join('\n');
  return candidates()
    .filter((fields) => widths.size === 1 && widths.has(fields.length))
    .map((fields) => formatString(fields))
    .filter((format) => {
      const store = parseFlowLogs(text, { format, maxErrors: 1 });
      return store.errorCount === 0 && store.count === sample.length;
    });
}

/** A short name for a format in menus: its size and version, and how it starts. */
export function formatSummary(format: string): string {
  const fields = format.trim().split(/\s+/).map((t) => t.replace(/^\$\{|\}$/g, ''));
  return `${fields.length} fields, version ${formatVersion(fields)}: ${fields.slice(0, 4).join(' ')} …`;
}
