/**
 * What the editor shows about a whole flow log document (CodeLens counts, diagnostics), computed with
 * the engine the viewer uses. Kept free of `vscode` so it is tested in plain Node.
 */
import { DictColumn, parseFlowLogs, type ParseError } from '../flowlogs';
import { lineValues } from './columns';

/** Counts and problems of one document. */
export interface DocumentAnalysis {
  /** Records parsed. */
  readonly records: number;
  /** Records whose action is REJECT. */
  readonly rejects: number;
  /** Lines that are not records of the format (at most `maxErrors` kept). */
  readonly errors: readonly ParseError[];
  /** Every bad line, including those beyond the kept `errors`. */
  readonly errorCount: number;
}

/**
 * Parses a document's text with its format (undefined: the header line or the default format, as the
 * parser decides) and counts records, REJECT records and bad lines.
 */
export function analyzeFlowLogText(text: string, format?: string, maxErrors = 1000): DocumentAnalysis {
  const store = parseFlowLogs(text, { maxErrors, ...(format !== undefined ? { format } : {}) });
  let rejects = 0;
  const action = store.column('action');
  if (action instanceof DictColumn) {
    for (let row = 0; row < action.length; row++) {
      if (action.get(row) === 'REJECT') {
        rejects++;
      }
    }
  }
  return { records: store.count, rejects, errors: store.errors, errorCount: store.errorCount };
}

/** Where on its line a problem is: the offending value when the message names a field, else the whole line. */
export function problemRange(message: string, line: string, fields: readonly string[]): { start: number; end: number } {
  const values = lineValues(line);
  const named = /^([a-z][a-z0-9-]*): "/.exec(message);
  const column = named ? fields.indexOf(named[1]!) : -1;
  const value = column >= 0 ? values[column] : undefined;
  if (value) {
    return { start: value.start, end: value.end };
  }
  // Extra values: underline those beyond the format's last field.
  const extra = values[fields.length];
  const last = values[values.length - 1];
  if (extra && last && fields.length > 0) {
    return { start: extra.start, end: last.end };
  }
  // A missing field, or a line that is not a record: underline what is there.
  const first = values[0];
  return first && last ? { start: first.start, end: last.end } : { start: 0, end: line.length };
}
