/**
 * The rows of a Logs Insights results panel as the host keeps them: the webview asks for windows of
 * the current order as it scrolls (as the flow log viewer does), and sorting and filtering happen here,
 * not in the page. Up to 100,000 rows are never posted at once. Pure: unit-tested in Node.
 */
import type { Cell, ColumnInfo, RowData, SortState } from '../../webviewKit/types';

/** Kinds whose values sort largest first on the first click (the biggest talkers are what people look for). */
const LARGEST_FIRST: ReadonlySet<string> = new Set(['number', 'count', 'bytes', 'time']);

/** A value filter set by clicking a port, protocol, action or interface. */
export interface ValueFilter {
  readonly field: string;
  readonly value: string | number;
}

export class ResultsModel {
  private columnsValue: readonly ColumnInfo[] = [];
  private rows: readonly RowData[] = [];
  private order: number[] = [];
  private sortValue: SortState | null = null;
  private onlyValue: ValueFilter | null = null;
  private seqValue = 0;

  get columns(): readonly ColumnInfo[] {
    return this.columnsValue;
  }

  get sort(): SortState | null {
    return this.sortValue;
  }

  get only(): ValueFilter | null {
    return this.onlyValue;
  }

  /** Rows in the current order (after the filter). */
  get count(): number {
    return this.order.length;
  }

  /** Rows before the filter. */
  get total(): number {
    return this.rows.length;
  }

  /** Changes whenever the order changes: rows of an older order are not mixed in. */
  get seq(): number {
    return this.seqValue;
  }

  /** New rows (partial results while the query runs, then all of them); the sort and filter stay when their column does. */
  set(columns: readonly ColumnInfo[], rows: readonly RowData[]): void {
    this.columnsValue = columns;
    this.rows = rows;
    if (this.sortValue && !columns.some((c) => c.field === this.sortValue!.field)) {
      this.sortValue = null;
    }
    if (this.onlyValue && !columns.some((c) => c.field === this.onlyValue!.field)) {
      this.onlyValue = null;
    }
    this.arrange();
  }

  /** A click on a header: largest first for numbers (A-Z for text), then the other way, then unsorted. */
  toggleSort(field: string): void {
    const kind = this.columnsValue.find((c) => c.field === field)?.kind;
    if (kind === undefined) {
      return;
    }
    const first = LARGEST_FIRST.has(kind);
    const current = this.sortValue;
    this.sortValue = current?.field !== field ? { field, descending: first } : current.descending === first ? { field, descending: !first } : null;
    this.arrange();
  }

  /** Shows only the rows whose `field` is `value` (null: all rows again). */
  filter(only: ValueFilter | null): void {
    this.onlyValue = only && this.columnsValue.some((c) => c.field === only.field) ? only : null;
    this.arrange();
  }

  /** Rows `[start, start + count)` of the current order. */
  window(start: number, count: number): RowData[] {
    const end = Math.min(this.order.length, Math.max(0, start) + Math.max(0, count));
    const rows: RowData[] = [];
    for (let position = Math.max(0, start); position < end; position++) {
      rows.push(this.rows[this.order[position]!]!);
    }
    return rows;
  }

  /** The position of result row `id` in the current order, or -1 when the filter hides it. */
  positionOf(id: number): number {
    return this.order.findIndex((index) => this.rows[index]?.id === id);
  }

  private arrange(): void {
    let order = this.rows.map((_, i) => i);
    const only = this.onlyValue;
    if (only) {
      const index = this.columnsValue.findIndex((c) => c.field === only.field);
      order = order.filter((i) => this.rows[i]!.values[index] === only.value);
    }
    const sort = this.sortValue;
    if (sort) {
      const index = this.columnsValue.findIndex((c) => c.field === sort.field);
      const sign = sort.descending ? -1 : 1;
      const valueOf = (i: number): Cell => this.rows[i]!.values[index] ?? null;
      order.sort((a, b) => {
        const x = valueOf(a);
        const y = valueOf(b);
        if (x === y) {
          return a - b;
        }
        if (x === null) {
          return 1; // Absent values last, whichever the direction.
        }
        if (y === null) {
          return -1;
        }
        const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
        return c === 0 ? a - b : sign * c;
      });
    }
    this.order = order;
    this.seqValue++;
  }
}
