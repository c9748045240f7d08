/**
 * Which well-known layout a file without a header line is written in. The editor's quick fix and
 * "Set Document Format" offer the layouts that fit; the viewer reads a header-less file with the one
 * that fits every line, or says which lines keep the closest one from fitting. Pure.
 *
 * The layouts: the default format, the AWS documentation's version 3 example (the custom format S3
 * exports of it carry as their header), that example extended with the fields of later versions, and
 * "every field up to version N" in the documentation's order.
 */
import { FIELDS, formatVersion } from './fields';
import { DEFAULT_FIELDS, DEFAULT_FORMAT, formatString } from './format';
import { parseFlowLogs } from './parser';

/** The custom format of the AWS documentation's version 3 example (and of S3 exports made with it). */
const DOCS_V3_EXAMPLE = [
  'version', 'vpc-id', 'subnet-id', 'instance-id', 'interface-id', 'account-id', 'type', 'srcaddr', 'dstaddr',
  'srcport', 'dstport', 'pkt-srcaddr', 'pkt-dstaddr', 'protocol', 'bytes', 'packets', 'start', 'end', 'action',
  'tcp-flags', 'log-status',
];

/** Lines looked at: enough to be sure, few enough to stay instant on big files. */
export const FORMAT_SAMPLE_LINES = 200;

let known: string[] | undefined;

/** The well-known layouts as `${field} ...` strings, the default format first. */
export function wellKnownFormats(): readonly string[] {
  if (known) {
    return known;
  }
  const versions = [...new Set(FIELDS.map((f) => f.version))].sort((a, b) => a - b);
  const upTo = (version: number): string[] => FIELDS.filter((f) => f.version <= version).map((f) => f.name);
  const extended = (version: number): string[] => [
    ...DOCS_V3_EXAMPLE,
    ...FIELDS.filter((f) => f.version > 3 && f.version <= version && !DOCS_V3_EXAMPLE.includes(f.name)).map((f) => f.name),
  ];
  const all = [[...DEFAULT_FIELDS], DOCS_V3_EXAMPLE, ...versions.filter((v) => v > 3).map(extended), ...versions.filter((v) => v > 2).map(upTo)];
  const seen = new Set<string>();
  known = all.map((fields) => formatString(fields)).filter((format) => !seen.has(format) && seen.add(format));
  return known;
}

/** The first non-blank lines of a text that are not a header line, with their 1-based line numbers. */
function sampleOf(lines: readonly string[]): { text: string; line: number }[] {
  const sample: { text: string; line: number }[] = [];
  for (let i = 0; i < lines.length && sample.length < FORMAT_SAMPLE_LINES; i++) {
    const text = lines[i]!;
    if (text.trim() !== '' && !/^\s*version\s/.test(text)) {
      sample.push({ text, line: i + 1 });
    }
  }
  return sample;
}

/** The sampled lines a format cannot read, as 1-based line numbers of the text. */
function unreadable(sample: readonly { text: string; line: number }[], format: string): number[] {
  const store = parseFlowLogs(sample.map((s) => s.text).join('\n'), { format, maxErrors: sample.length });
  return store.errors.map((e) => sample[e.line - 1]?.line ?? e.line);
}

/**
 * The well-known formats every one of the first non-blank lines of `lines` parses with (a header line,
 * if any, is left out); empty when none fits or there is nothing to parse.
 */
export function fittingFormats(lines: readonly string[]): string[] {
  const sample = sampleOf(lines);
  if (sample.length === 0) {
    return [];
  }
  // Only layouts with as many fields as the lines have can fit; counting first keeps this cheap.
  const widths = new Set(sample.map((s) => s.text.trim().split(/\s+/).length));
  if (widths.size !== 1) {
    return [];
  }
  return wellKnownFormats()
    .filter((format) => widths.has(format.split(' ').length))
    .filter((format) => unreadable(sample, format).length === 0);
}

/** What a file without a header line looks like to the viewer. */
export type FormatFit =
  /** The default format reads every sampled line: nothing to say. */
  | { readonly kind: 'default' }
  /** Another well-known layout reads every sampled line. */
  | { readonly kind: 'fits'; readonly format: string }
  /** The default format reads most lines it can: the others are broken lines, not a format problem. */
  | { readonly kind: 'broken'; readonly lines: readonly number[] }
  /** Another layout reads the most lines; `lines` are those it cannot read. */
  | { readonly kind: 'closest'; readonly format: string; readonly lines: readonly number[] }
  /** No well-known layout reads any line: the file needs its `LogFormat`. */
  | { readonly kind: 'unknown' };

/**
 * Finds the layout of a file that has no header line, from its first lines. A header line, or no line
 * at all, gives `default` (the parser decides then). Ties go to the default format, then to the
 * layout listed first in {@link wellKnownFormats}.
 */
export function detectFormat(lines: readonly string[]): FormatFit {
  const firstLine = lines.find((l) => l.trim() !== '');
  const sample = sampleOf(lines);
  if (firstLine === undefined || /^\s*version\s/.test(firstLine) || sample.length === 0) {
    return { kind: 'default' };
  }
  let best: { format: string; lines: number[] } | undefined;
  for (const format of wellKnownFormats()) {
    const bad = unreadable(sample, format);
    if (bad.length === 0) {
      return format === DEFAULT_FORMAT ? { kind: 'default' } : { kind: 'fits', format };
    }
    if (!best || bad.length < best.lines.length) {
      best = { format, lines: bad };
    }
  }
  if (!best || best.lines.length === sample.length) {
    return { kind: 'unknown' };
  }
  return best.format === DEFAULT_FORMAT ? { kind: 'broken', lines: best.lines } : { kind: 'closest', format: best.format, lines: best.lines };
}

/** A short name for a format in menus and banners: its size and version, and how it starts. */
export function formatSummary(format: string): string {
  const fields = format.trim().split(/\s+/).map((t) => t.replace(/^\$\{|\}$/g, ''));
  return `${fields.length} fields, version ${formatVersion(fields)}: ${fields.slice(0, 4).join(' ')} …`;
}
