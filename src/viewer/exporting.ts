/**
 * What leaves the viewer: the records of a view as CSV or JSON, and the name an export is offered under.
 * Pure (no `vscode`): the controller hands the text to its host, which asks where to save it.
 */
import type { FlowLogStore, RowView } from '../flowlogs';
import { csvField } from '../common/csv';

/**
 * The rows of a view as CSV, with a header of field names; `-` becomes an empty field. Written by the
 * one CSV writer, which keeps record text such as `=HYPERLINK(...)` from running as a formula.
 */
export function toCsv(store: FlowLogStore, view: RowView): string {
  const n = store.fields.length;
  const lines: string[] = [store.fields.map(csvField).join(',')];
  for (let i = 0; i < view.length; i++) {
    const row = view[i]!;
    let line = '';
    for (let f = 0; f < n; f++) {
      line += (f === 0 ? '' : ',') + csvField(store.get(row, f));
    }
    lines.push(line);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The rows of a view as a JSON array of objects (numbers as numbers, `-` as null). */
export function toJson(store: FlowLogStore, view: RowView): string {
  const parts: string[] = [];
  for (let i = 0; i < view.length; i++) {
    parts.push(JSON.stringify(store.record(view[i]!)));
  }
  return `[\n${parts.join(',\n')}\n]\n`;
}

/** The file name an export of a source is offered under, e.g. `eni-0a1b-all.csv` for `eni-0a1b-all.log`. */
export function exportName(title: string, format: 'csv' | 'json'): string {
  const base = title.replace(/\.(log|gz|flowlog|txt|parquet)$/gi, '').replace(/[^\w.-]+/g, '-') || 'flow-logs';
  return `${base}.${format}`;
}

/** The text of several records, one line each, for the clipboard. */
export function linesOf(store: FlowLogStore, ids: readonly number[]): string {
  return ids.filter((id) => id < store.count).map((id) => store.line(id)).join('\n');
}
