/**
 * Column order and visibility as the user chose them. Pure (no DOM): unit-tested in Node.
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
