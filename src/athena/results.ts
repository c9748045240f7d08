/**
 * Athena query results (`GetQueryResults` pages) as the table the Logs Insights results view shows:
 * the same {@link ResultTable} (columns with their display kind, rows of strings, null for no value),
 * with Athena's lower-cased column names given back the names Logs Insights uses (`bytestransferred`
 * -> `bytesTransferred`, `srcaddr` -> `srcAddr`), so kinds, charts, export and address links work alike.
 */
import { FIELDS } from '../flowlogs/fields';
import { insightsFieldName } from '../insights/core/fields';
import { CATALOG } from '../insights/core/catalog';
import type { ResultField } from '../insights/core/poll';
import { toTable, type ResultTable } from '../insights/core/results';

/** A `GetQueryResults` response, in the SDK's shape (only what is read here). */
export interface AthenaResultPage {
  readonly ResultSet?: {
    readonly Rows?: readonly { readonly Data?: readonly { readonly VarCharValue?: string | undefined }[] | undefined }[] | undefined;
    readonly ResultSetMetadata?: {
      readonly ColumnInfo?: readonly { readonly Name?: string | undefined; readonly Label?: string | undefined; readonly Type?: string | undefined }[] | undefined;
    } | undefined;
  } | undefined;
}

let known: Map<string, string> | undefined;

/** Lower-case name -> the name Logs Insights gives that column (fields, and the catalogue's aliases). */
function knownNames(): Map<string, string> {
  if (!known) {
    known = new Map<string, string>();
    const add = (name: string): void => {
      known!.set(name.toLowerCase(), name);
    };
    for (const f of FIELDS) {
      add(insightsFieldName(f.name));
      // A flow log column selected as is (`log_status`) reads as its Insights name too.
      known.set(f.name.replace(/-/g, '_'), insightsFieldName(f.name));
    }
    for (const q of CATALOG) {
      for (const m of q.query.matchAll(/\bas\s+([A-Za-z_@][A-Za-z0-9_]*)/g)) {
        add(m[1]!);
      }
    }
    add('@timestamp');
  }
  return known;
}

/** The Logs Insights name of an Athena result column (unchanged when it is not one we know). */
export function resultColumnName(athenaName: string): string {
  return knownNames().get(athenaName.toLowerCase()) ?? athenaName;
}

/** The column names of a results page (its metadata), mapped to Logs Insights names. */
export function athenaResultColumns(page: AthenaResultPage): string[] {
  return (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c, i) => resultColumnName(c.Label ?? c.Name ?? `_col${i}`));
}

/** Options of {@link athenaResultTable}. */
export interface AthenaTableOptions {
  /**
   * Whether the first row of the first page repeats the column names, as it does for SELECT statements.
   * Default: detected (the row equals the column names).
   */
  readonly headerRow?: boolean;
}

/**
 * The results of a query, from all its `GetQueryResults` pages in order, as the results view's table.
 * Values are Athena's text as is; a missing `VarCharValue` (SQL null) is null.
 */
export function athenaResultTable(pages: readonly AthenaResultPage[], options: AthenaTableOptions = {}): ResultTable {
  const first = pages[0];
  const meta = first?.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
  const raw = meta.map((c, i) => c.Label ?? c.Name ?? `_col${i}`);
  const names = first ? athenaResultColumns(first) : [];
  const rows: ResultField[][] = [];
  pages.forEach((page, p) => {
    const data = page.ResultSet?.Rows ?? [];
    data.forEach((row, r) => {
      const values = (row.Data ?? []).map((d) => d.VarCharValue);
      if (p === 0 && r === 0) {
        const header = options.headerRow ?? (values.length === raw.length && values.every((v, i) => v !== undefined && v.toLowerCase() === raw[i]!.toLowerCase()));
        if (header) {
          return;
        }
      }
      rows.push(names.map((field, i) => ({ field, value: values[i] })));
    });
  });
  if (rows.length === 0) {
    // No rows: still show the columns (toTable finds them in rows only).
    return { columns: toTable([names.map((field) => ({ field }))]).columns, rows: [] };
  }
  return toTable(rows);
}
