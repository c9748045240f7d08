/**
 * Query results as a table (columns in order of first appearance, `@ptr` dropped), the kind of each
 * column for display, the data for a bar or time chart, and CSV/JSON export. Pure: used by the host and
 * by the unit tests.
 */
import { toCsvText } from '../../common/csv';
import { ADDRESS_FIELDS } from './fields';
import type { ResultField } from './poll';
import { chartHint } from './queryText';

/** How a result column's values are shown (the same kinds as the flow log viewer's table). */
export type ResultColumnKind = 'number' | 'count' | 'bytes' | 'time' | 'address' | 'port' | 'protocol' | 'action' | 'status' | 'interface' | 'text';

export interface ResultColumn {
  /** The field name as Logs Insights returns it, e.g. `srcAddr`, `bytesTransferred`, `bin(5m)`. */
  readonly field: string;
  readonly kind: ResultColumnKind;
}

/** Results as rows of strings (null where a row has no value for a column). */
export interface ResultTable {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly (readonly (string | null)[])[];
}

/** Fields GetQueryResults adds that are not for people: `@ptr` identifies the log record. */
const HIDDEN = new Set(['@ptr']);

const NUMERIC = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function kindOf(field: string, values: readonly (string | null)[]): ResultColumnKind {
  const bare = field.replace(/`/g, '');
  if (ADDRESS_FIELDS.has(bare)) {
    return 'address';
  }
  switch (bare) {
    case 'srcPort':
    case 'dstPort':
      return 'port';
    case 'protocol':
      return 'protocol';
    case 'action':
      return 'action';
    case 'logStatus':
      return 'status';
    case 'interfaceId':
      return 'interface';
    case 'startTime':
    case 'endTime':
      return 'time';
    default:
  }
  const numeric = values.some((v) => v !== null && v !== '-') && values.every((v) => v === null || v === '-' || NUMERIC.test(v));
  if (!numeric) {
    return 'text';
  }
  if (/bytes/i.test(bare)) {
    return 'bytes';
  }
  if (/^count\(|count|packets|records|rejections|attempts/i.test(bare)) {
    return 'count';
  }
  return 'number';
}

/** Builds the table from GetQueryResults rows. */
export function toTable(results: readonly (readonly ResultField[])[]): ResultTable {
  const fields: string[] = [];
  const index = new Map<string, number>();
  for (const row of results) {
    for (const { field } of row) {
      if (field !== undefined && !HIDDEN.has(field) && !index.has(field)) {
        index.set(field, fields.length);
        fields.push(field);
      }
    }
  }
  const rows = results.map((row) => {
    const values: (string | null)[] = fields.map(() => null);
    for (const { field, value } of row) {
      const i = field === undefined ? undefined : index.get(field);
      if (i !== undefined) {
        values[i] = value ?? null;
      }
    }
    return values;
  });
  const columns = fields.map((field, i) => ({ field, kind: kindOf(field, rows.map((r) => r[i] ?? null)) }));
  return { columns, rows };
}

// ---- charts ------------------------------------------------------------------------------------

/** A bar chart: one bar per result row (at most {@link MAX_BARS}), labelled by the `by` fields. */
export interface BarChart {
  readonly kind: 'bar';
  /** The column charted, e.g. `bytesTransferred`. */
  readonly valueField: string;
  readonly valueKind: ResultColumnKind;
  readonly bars: readonly { readonly label: string; readonly value: number; readonly row: number }[];
}

/** A time chart: one series per numeric column, over the `bin()` column. */
export interface TimeChart {
  readonly kind: 'time';
  readonly timeField: string;
  /** Unix seconds, ascending. */
  readonly times: readonly number[];
  readonly series: readonly { readonly field: string; readonly kind: ResultColumnKind; readonly values: readonly (number | null)[] }[];
}

export type ChartData = BarChart | TimeChart;

export const MAX_BARS = 50;

/** Logs Insights timestamps look like `2024-11-27 08:00:00.000` (UTC). */
export function parseInsightsTimestamp(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z?$/.exec(value.trim());
  if (!m) {
    return undefined;
  }
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

const isNumericKind = (kind: ResultColumnKind): boolean => kind === 'number' || kind === 'count' || kind === 'bytes';

/**
 * The chart for a query's results: `stats ... by bin(...)` gives a time chart over the bin column,
 * another `stats ... by` a bar chart of the first aggregate, labelled by the group fields; undefined when
 * the results do not have that shape (no stats, no numeric column, no rows).
 */
export function chartFor(query: string, table: ResultTable): ChartData | undefined {
  const hint = chartHint(query);
  if (hint === 'none' || table.rows.length === 0) {
    return undefined;
  }
  const numeric = table.columns.map((c, i) => ({ c, i })).filter(({ c }) => isNumericKind(c.kind) && !/^bin\(/.test(c.field));
  if (numeric.length === 0) {
    return undefined;
  }
  if (hint === 'time') {
    const timeIndex = table.columns.findIndex((c, i) => table.rows.every((r) => r[i] === null || parseInsightsTimestamp(r[i]!) !== undefined) && !isNumericKind(c.kind));
    if (timeIndex >= 0) {
      // Grouped by bin() and other fields too: chart only the bins, summing over the other groups.
      const byTime = new Map<number, (number | null)[]>();
      for (const row of table.rows) {
        const t = row[timeIndex] ? parseInsightsTimestamp(row[timeIndex]) : undefined;
        if (t === undefined) {
          continue;
        }
        const sums = byTime.get(t) ?? numeric.map(() => null);
        numeric.forEach(({ i }, k) => {
          const v = row[i];
          if (v !== null && v !== undefined) {
            sums[k] = (sums[k] ?? 0) + Number(v);
          }
        });
        byTime.set(t, sums);
      }
      const times = [...byTime.keys()].sort((a, b) => a - b);
      return {
        kind: 'time',
        timeField: table.columns[timeIndex]!.field,
        times,
        series: numeric.map(({ c }, k) => ({ field: c.field, kind: c.kind, values: times.map((t) => byTime.get(t)![k] ?? null) })),
      };
    }
  }
  const value = numeric[0]!;
  const labelColumns = table.columns.map((c, i) => ({ c, i })).filter(({ c }) => !isNumericKind(c.kind));
  const labels = labelColumns.length > 0 ? labelColumns : table.columns.map((c, i) => ({ c, i })).filter(({ i }) => i !== value.i);
  const bars = table.rows.slice(0, MAX_BARS).map((row, index) => ({
    label: labels.map(({ i }) => row[i] ?? '-').join(' → ') || String(index + 1),
    value: Number(row[value.i] ?? 0),
    row: index,
  }));
  return { kind: 'bar', valueField: value.c.field, valueKind: value.c.kind, bars };
}

// ---- export ------------------------------------------------------------------------------------

/** RFC 4180 CSV with a header line, through the one CSV writer (formulas guarded). */
export function toCsv(table: ResultTable): string {
  return toCsvText(
    table.columns.map((c) => c.field),
    table.rows,
  );
}

/** A JSON array of objects, one per row (absent values omitted). */
export function toJson(table: ResultTable): string {
  const objects = table.rows.map((row) => {
    const o: Record<string, string> = {};
    table.columns.forEach((c, i) => {
      const v = row[i];
      if (v !== null && v !== undefined) {
        o[c.field] = v;
      }
    });
    return o;
  });
  return `${JSON.stringify(objects, null, 2)}\n`;
}
