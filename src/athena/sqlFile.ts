/**
 * Athena query files: SQL with a header of comment lines saying where it runs, as `.insights` files
 * keep their log groups and range. The first line names the file as an Athena query (and its title);
 * the SQL below is sent as written, without the header.
 *
 * ```sql
 * -- Athena: Top 10 byte transfers by source and destination IP addresses
 * -- table: default.vpc_flow_logs
 * -- workGroup: flowlogs
 * -- range: 2024-11-27T08:00:00Z/2024-11-27T10:00:00Z
 * -- catalogue: aws.topBytes
 * SELECT ...
 * ```
 *
 * `range` records the time range the partition predicates and `start` bounds of the SQL were written
 * for; `catalogue` the catalogue entry it came from (its chart). Pure.
 */

/** What an Athena query file's header says. */
export interface AthenaFileHeader {
  readonly title: string;
  /** `database.table` the query reads. */
  readonly table?: string | undefined;
  readonly workGroup?: string | undefined;
  /** Where results go when the work group has no location of its own. */
  readonly outputLocation?: string | undefined;
  readonly range?: string | undefined;
  readonly catalogue?: string | undefined;
}

const FIRST = /^--\s*Athena(?:\s*:\s*(.*))?$/i;
const LINE = /^--\s*(table|workGroup|outputLocation|range|catalogue)\s*:\s*(.*?)\s*$/i;
const KEYS: Readonly<Record<string, keyof AthenaFileHeader>> = {
  table: 'table', workgroup: 'workGroup', outputlocation: 'outputLocation', range: 'range', catalogue: 'catalogue',
};

/** The header of an Athena query file, or undefined when the text does not start with `-- Athena`. */
export function parseAthenaHeader(text: string): AthenaFileHeader | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = FIRST.exec(lines[0]?.trim() ?? '');
  if (!first) {
    return undefined;
  }
  const header: Record<string, string> = { title: first[1]?.trim() || 'Athena query' };
  for (const line of lines.slice(1)) {
    const m = LINE.exec(line.trim());
    if (!m) {
      break;
    }
    if (m[2] !== '') {
      header[KEYS[m[1]!.toLowerCase()]!] = m[2]!;
    }
  }
  return header as unknown as AthenaFileHeader;
}

/** The header as comment lines (each ending in a newline). */
export function formatAthenaHeader(header: AthenaFileHeader): string {
  const lines = [`-- Athena: ${header.title.replace(/\s+/g, ' ')}`];
  for (const key of ['table', 'workGroup', 'outputLocation', 'range', 'catalogue'] as const) {
    const value = header[key];
    if (value) {
      lines.push(`-- ${key}: ${value.replace(/\s+/g, ' ')}`);
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}

/** The SQL of an Athena query file: the text without its header lines (other comments kept). */
export function athenaSqlBody(text: string): string {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!FIRST.test(lines[0]?.trim() ?? '')) {
    return text.trim();
  }
  let at = 1;
  while (at < lines.length && LINE.test(lines[at]!.trim())) {
    at++;
  }
  return lines.slice(at).join('\n').trim();
}

/** The text with its header replaced (keys given as undefined are removed). */
export function setAthenaHeader(text: string, header: Partial<AthenaFileHeader>): string {
  const current = parseAthenaHeader(text) ?? { title: 'Athena query' };
  const merged = { ...current, ...header };
  return `${formatAthenaHeader(merged)}${athenaSqlBody(text)}\n`;
}
