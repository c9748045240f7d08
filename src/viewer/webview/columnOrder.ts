/**
 * Column order and visibility: the reading order by default, the user's choice when there is one, and
 * the fields that hold one value in every loaded record folded out of the table. Pure (no DOM):
 * unit-tested in Node.
 */
import type { ColumnInfo, ColumnPrefs } from '../protocol';

export type { ColumnPrefs };

/**
 * The columns a reader looks at first, in this order: when, what happened, between whom, to which
 * service, how much. They are never folded, even when every record has the same value.
 */
export const READING_ORDER: readonly string[] = ['start', 'action', 'srcaddr', 'dstaddr', 'dstport', 'protocol', 'bytes', 'packets'];

/** Every field in the order to show: the user's order, or the reading order, then the rest in format order. */
export function columnOrder(columns: readonly ColumnInfo[], prefs: ColumnPrefs): string[] {
  const present = new Set(columns.map((c) => c.field));
  const order = (prefs.order.length > 0 ? prefs.order : READING_ORDER).filter((f) => present.has(f));
  const placed = new Set(order);
  // Fields the user's order does not know (a richer format opened later) go where the reading order puts them.
  const rest = [...READING_ORDER.filter((f) => present.has(f) && !placed.has(f)), ...columns.map((c) => c.field).filter((f) => !placed.has(f))];
  return [...new Set([...order, ...rest])];
}

/** Whether a field is folded into the line above the table: one value everywhere, and not asked for as a column. */
export function isFolded(field: string, prefs: ColumnPrefs, constant: ReadonlySet<string>): boolean {
  return constant.has(field) && !READING_ORDER.includes(field) && !(prefs.shown ?? []).includes(field);
}

/**
 * The columns to show, in order: hidden fields and folded ones (see {@link isFolded}) left out.
 * @param constant fields whose value is the same in every loaded record.
 */
export function arrangeColumns(columns: readonly ColumnInfo[], prefs: ColumnPrefs, constant: ReadonlySet<string> = new Set()): ColumnInfo[] {
  const byField = new Map(columns.map((c) => [c.field, c]));
  const hidden = new Set(prefs.hidden);
  return columnOrder(columns, prefs)
    .filter((f) => !hidden.has(f) && !isFolded(f, prefs, constant))
    .map((f) => byField.get(f)!);
}

/** The folded columns, in the order the line above the table names them (the most telling first). */
export function foldedColumns(columns: readonly ColumnInfo[], prefs: ColumnPrefs, constant: ReadonlySet<string>): ColumnInfo[] {
  const hidden = new Set(prefs.hidden);
  const first = ['interface-id', 'vpc-id', 'subnet-id', 'instance-id', 'account-id', 'region', 'az-id'];
  const rank = (field: string): number => (first.includes(field) ? first.indexOf(field) : first.length);
  return columns
    .filter((c) => !hidden.has(c.field) && isFolded(c.field, prefs, constant))
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c.field) - rank(b.c.field) || a.i - b.i)
    .map(({ c }) => c);
}

/** Column widths in pixels, by field and then by kind. */
const FIELD_WIDTHS: Readonly<Record<string, number>> = {
  version: 44,
  'account-id': 112,
  'interface-id': 178,
  'vpc-id': 178,
  'subnet-id': 190,
  'instance-id': 160,
  type: 56,
  region: 90,
  'az-id': 82,
  'flow-direction': 80,
  'traffic-path': 150,
  'pkt-src-aws-service': 120,
  'pkt-dst-aws-service': 120,
  'reject-reason': 100,
};
const KIND_WIDTHS: Readonly<Record<ColumnInfo['kind'], number>> = {
  number: 70,
  count: 72,
  bytes: 84,
  time: 158,
  address: 210,
  port: 116,
  protocol: 82,
  action: 88,
  status: 86,
  interface: 178,
  flags: 132,
  text: 140,
};

/** A column's width in pixels: by its field, else by its kind. */
export function columnWidth(column: Pick<ColumnInfo, 'field' | 'kind'>): number {
  return FIELD_WIDTHS[column.field] ?? KIND_WIDTHS[column.kind];
}
