/**
 * The columnar flow log store: what a parse produces and what views, sorts and summaries read. One
 * typed array per field (see columns.ts), never one object per record, so millions of rows fit.
 */
import { createColumn, type CellValue, type Column, type ColumnData } from './columns';
import { fieldInfo } from './fields';
import { formatString } from './format';

/** A line that is not a record: its 1-based line number and what is wrong with it. */
export interface ParseError {
  /** 1-based line number in the parsed input. */
  readonly line: number;
  /** What is wrong, e.g. `dstport: "twenty-two" is not a number`. */
  readonly message: string;
  /** The line itself (at most 1,000 characters), to show as text. */
  readonly text?: string;
}

/** A record as a plain object: field name to number, exact string, or null for `-`. */
export type FlowLogObject = Record<string, CellValue>;

/** A store as plain data (typed arrays, bytes, errors), to send to another thread: see {@link FlowLogStore.toData}. */
export interface StoreData {
  readonly fields: readonly string[];
  readonly columns: readonly ColumnData[];
  readonly errors: readonly ParseError[];
  readonly errorCount: number;
  readonly lines: number;
}

/** Column-oriented flow log records plus the errors met while parsing them. */
export class FlowLogStore {
  private names: string[];
  private cols: Column[];
  private index: Map<string, number>;
  /** Errors kept (at most the parser's `maxErrors`; `errorCount` counts them all). */
  readonly errors: ParseError[] = [];
  /** Every bad line seen, including those beyond the kept `errors`. */
  errorCount = 0;
  /** Lines read (records, errors, blank lines and header lines). */
  lines = 0;

  /** A store for records with these fields (names from the catalogue; throws on an unknown name). */
  constructor(fields: readonly string[]) {
    this.names = [...fields];
    this.cols = fields.map((name) => {
      const info = fieldInfo(name);
      if (!info) {
        throw new Error(`Unknown flow log field: ${name}`);
      }
      return createColumn(info);
    });
    this.index = new Map(this.names.map((n, i) => [n, i]));
  }

  /** The field names, in record order. */
  get fields(): string[] {
    return this.names;
  }

  /** The `${field} ...` format of the records. */
  get format(): string {
    return formatString(this.names);
  }

  /** Number of records. */
  get count(): number {
    return this.cols.length === 0 ? 0 : this.cols[0]!.length;
  }

  /** The position of a field in records, or -1. */
  fieldIndex(field: string): number {
    return this.index.get(field) ?? -1;
  }

  /** The column of a field (by name or position), for fast loops; undefined if the field is absent. */
  column(field: string | number): Column | undefined {
    const i = typeof field === 'number' ? field : this.index.get(field);
    return i === undefined ? undefined : this.cols[i];
  }

  /** Every column, in record order. */
  get columns(): readonly Column[] {
    return this.cols;
  }

  /** One cell: a number, the exact text, or null for `-` (and for a field the store does not have). */
  get(row: number, field: string | number): CellValue {
    const col = this.column(field);
    return col === undefined || row < 0 || row >= col.length ? null : col.get(row);
  }

  /** One cell as text, as written in a record (`-` for null). */
  text(row: number, field: string | number): string {
    const col = this.column(field);
    return col === undefined || row < 0 || row >= col.length ? '-' : col.text(row);
  }

  /** The record as a line of text (fields joined by one space), e.g. for "copy row". */
  line(row: number): string {
    let out = '';
    for (let i = 0; i < this.cols.length; i++) {
      out += (i === 0 ? '' : ' ') + this.cols[i]!.text(row);
    }
    return out;
  }

  /** The record as a plain object. */
  record(row: number): FlowLogObject {
    const o: FlowLogObject = {};
    for (let i = 0; i < this.cols.length; i++) {
      o[this.names[i]!] = this.cols[i]!.get(row);
    }
    return o;
  }

  /** Every record as a plain object (only for small stores: this is what the columns avoid). */
  toObjects(): FlowLogObject[] {
    const out: FlowLogObject[] = new Array<FlowLogObject>(this.count);
    for (let r = 0; r < out.length; r++) {
      out[r] = this.record(r);
    }
    return out;
  }

  /** Approximate bytes held by the columns and their dictionaries. */
  memoryBytes(): number {
    let total = 0;
    for (const c of this.cols) {
      total += c.memoryBytes();
    }
    return total;
  }

  /** Makes room for `rows` rows in every column (a capacity hint). */
  reserve(rows: number): void {
    for (const c of this.cols) {
      c.reserveRows(rows);
    }
  }

  /** Shrinks every column's arrays to the rows in use (when the unused room is worth a copy). */
  trim(): void {
    for (const c of this.cols) {
      c.trim();
    }
  }

  /**
   * Adds another store's records after this one's (CloudWatch "load newer"), and its errors. The
   * formats must have the same fields in the same order; throws otherwise.
   */
  append(other: FlowLogStore): void {
    this.checkSameFields(other);
    for (let i = 0; i < this.cols.length; i++) {
      this.cols[i]!.appendColumn(other.cols[i]!);
    }
    this.errors.push(...other.errors);
    this.errorCount += other.errorCount;
    this.lines += other.lines;
  }

  /**
   * The store as plain data sharing its arrays, and the array buffers that can be transferred with it
   * (`postMessage(data, transfer)`): the store must not be used afterwards.
   */
  toData(): { data: StoreData; transfer: ArrayBuffer[] } {
    const columns = this.cols.map((c) => c.exportData());
    const transfer = new Set<ArrayBuffer>();
    for (const c of columns) {
      for (const a of [c.values, c.nulls, c.alt, c.dict?.bytes, c.dict?.offsets, c.dict?.lengths]) {
        if (a && a.buffer instanceof ArrayBuffer && a.buffer.byteLength > 0) {
          transfer.add(a.buffer);
        }
      }
    }
    return {
      data: { fields: this.names, columns, errors: this.errors, errorCount: this.errorCount, lines: this.lines },
      transfer: [...transfer],
    };
  }

  /** A store from {@link toData}'s data (received from another thread). */
  static fromData(data: StoreData): FlowLogStore {
    const store = new FlowLogStore(data.fields);
    store.cols.forEach((c, i) => c.importData(data.columns[i]!));
    store.errors.push(...data.errors);
    store.errorCount = data.errorCount;
    store.lines = data.lines;
    return store;
  }

  /** Adds another store's records before this one's (CloudWatch "load older"); same rules as append. */
  prepend(other: FlowLogStore): void {
    this.checkSameFields(other);
    const merged = new FlowLogStore(this.names);
    merged.append(other);
    merged.append(this);
    merged.trim();
    this.cols = merged.cols;
    this.errors.splice(0, this.errors.length, ...merged.errors);
    this.errorCount = merged.errorCount;
    this.lines = merged.lines;
  }

  /**
   * Keeps only the first `rows` records (keeps fields, errors, dictionaries and capacity): a reader that
   * appends column by column undoes a batch with it before appending the batch's good rows again.
   */
  truncate(rows: number): void {
    for (const c of this.cols) {
      c.truncate(rows);
    }
  }

  /** Drops every record (keeps fields, errors and capacity). */
  clearRows(): void {
    for (const c of this.cols) {
      c.clear();
    }
  }

  private checkSameFields(other: FlowLogStore): void {
    if (other.names.length !== this.names.length || other.names.some((n, i) => n !== this.names[i])) {
      throw new Error(`Cannot merge flow logs of different formats: ${other.format} into ${this.format}`);
    }
  }
}
