/**
 * Column order, visibility and widths: as the user chose them, else by field and kind. Pure (no DOM):
 * unit-tested in Node.
 */
import type { ColumnInfo, ColumnPrefs } from '../protocol';

export type { ColumnPrefs };

/** The columns to show: saved order first (fields the format lacks are skipped), then new fields in format order. */
export function arrangeColumns(columns: readonly ColumnInfo[], prefs: ColumnPrefs): ColumnInfo[] {
  const byField = new Map(columns.map((c) => [c.field, c]));
  const ordered: ColumnInfo[] = [];
  for (const field of prefs.order) {
    const column = byField.get(field);
    if (column) {
      ordered.push(column);
      byField.delete(field);
    }
  }
  ordered.push(...byField.values());
  const hidden = new Set(prefs.hidden);
  return ordered.filter((c) => !hidden.has(c.field));
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
  time: 142,
  address: 200,
  port: 96,
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
