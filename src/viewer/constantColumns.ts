/**
 * Which fields hold the same value in every loaded record (the interface, VPC, subnet and account of a
 * one-interface stream): the webview folds them into one line above the table instead of repeating
 * them on every row. Computed on the host from the columnar store, one typed-array pass per column that
 * stops at the first difference, so it costs nothing for columns that vary. No `vscode` import.
 */
import { AddressColumn, DictColumn, IntColumn, type Column, type FlowLogStore } from '../flowlogs';
import type { Cell } from './protocol';

/** True when every row of a column holds the value of its first row (`-` counts as a value). */
export function isConstantColumn(column: Column, rows: number): boolean {
  if (rows === 0) {
    return false;
  }
  if (column instanceof DictColumn) {
    const codes = column.codes;
    const first = codes[0];
    for (let r = 1; r < rows; r++) {
      if (codes[r] !== first) {
        return false;
      }
    }
    return true;
  }
  const firstNull = column.isNull(0);
  if (column instanceof IntColumn) {
    const data = column.data;
    const first = data[0];
    for (let r = 1; r < rows; r++) {
      if (column.isNull(r) !== firstNull || (!firstNull && data[r] !== first)) {
        return false;
      }
    }
    return true;
  }
  if (column instanceof AddressColumn) {
    const { v4, alt } = column;
    const first = v4[0];
    const firstAlt = alt?.[0] ?? 0;
    for (let r = 1; r < rows; r++) {
      if (column.isNull(r) !== firstNull || (!firstNull && (v4[r] !== first || (alt?.[r] ?? 0) !== firstAlt))) {
        return false;
      }
    }
    return true;
  }
  return false;
}

/** The fields whose value is the same in every record of the store, with that value, in format order. */
export function constantFields(store: FlowLogStore): { field: string; value: Cell }[] {
  const rows = store.count;
  const out: { field: string; value: Cell }[] = [];
  store.columns.forEach((column, i) => {
    if (isConstantColumn(column, rows)) {
      out.push({ field: store.fields[i]!, value: store.get(0, i) });
    }
  });
  return out;
}
