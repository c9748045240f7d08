/**
 * The one CSV writer (RFC 4180), used by the viewer's export and the Logs Insights export. A text cell
 * that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula in a
 * spreadsheet (`=HYPERLINK(...)` in a record or a Name tag), so it gets a leading `'`; numbers (`-1`)
 * are left alone. Pure.
 */

/** A cell: text, a number, or nothing (an empty field). */
export type CsvValue = string | number | null | undefined;

const NUMERIC = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** One field, guarded against formulas and quoted when it needs to be. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'number') {
    return String(value);
  }
  const safe = /^[=+\-@\t\r]/.test(value) && !NUMERIC.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line of fields (without its line end). */
export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',');
}

/** A whole file: the header, then the rows, each line ended by CRLF. */
export function toCsvText(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [csvLine(header)];
  for (const row of rows) {
    lines.push(csvLine(row));
  }
  return `${lines.join('\r\n')}\r\n`;
}
