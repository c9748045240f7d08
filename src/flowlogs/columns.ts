/**
 * The columns of a flow log store: one typed array per field plus, where needed, a bitmap of `-`
 * (null) cells. Integers use the narrowest array that holds them (widening on demand), IPv4 addresses a
 * Uint32Array, everything else interned codes. The parser appends rows in batches from a scratch
 * Float64Array, `stride` values per row.
 */
import type { FieldInfo, FieldKind } from './fields';
import { formatIPv4, parseIPv4 } from './ip';
import { Interner, type InternerData } from './intern';

/** A cell as records expose it: a number for integer fields, the exact text otherwise, null for `-`. */
export type CellValue = number | string | null;

type IntArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;
type CodeArray = Uint8Array | Uint16Array | Uint32Array;

const MIN_CAPACITY = 1024;

/**
 * A column's contents as plain data (typed arrays and bytes), to send to another thread (the arrays'
 * buffers can be transferred): `values` are the integers, IPv4 values or codes; `alt` and `dict` the
 * addresses' other text and the dictionary's values.
 */
export interface ColumnData {
  readonly length: number;
  readonly nulls: Uint8Array | null;
  readonly values: IntArray;
  readonly alt?: Uint32Array | null;
  readonly dict?: InternerData;
}

function nextCapacity(current: number, needed: number): number {
  let cap = Math.max(current, MIN_CAPACITY);
  while (cap < needed) {
    cap = Math.ceil(cap * 1.5);
  }
  return cap;
}

/** True when an array has enough unused room to be worth copying into an exact one. */
function slack(capacity: number, length: number): boolean {
  return capacity - length > (length >>> 6) + 64;
}

function resized<T extends IntArray>(a: T, capacity: number): T {
  const ctor = a.constructor as new (n: number) => T;
  const b = new ctor(capacity);
  b.set(a.length > capacity ? (a.subarray(0, capacity)) : a);
  return b;
}

function copy8(dst: Uint8Array, base: number, src: Float64Array, stride: number, offset: number, n: number): void {
  for (let i = 0, p = offset; i < n; i++, p += stride) {
    dst[base + i] = src[p]!;
  }
}

function copy16(dst: Uint16Array, base: number, src: Float64Array, stride: number, offset: number, n: number): void {
  for (let i = 0, p = offset; i < n; i++, p += stride) {
    dst[base + i] = src[p]!;
  }
}

function copy32(dst: Uint32Array, base: number, src: Float64Array, stride: number, offset: number, n: number): void {
  for (let i = 0, p = offset; i < n; i++, p += stride) {
    dst[base + i] = src[p]!;
  }
}

function copy64(dst: Float64Array, base: number, src: Float64Array, stride: number, offset: number, n: number): void {
  for (let i = 0, p = offset; i < n; i++, p += stride) {
    dst[base + i] = src[p]!;
  }
}

/** What every column offers. */
abstract class ColumnBase {
  /** Rows in use. */
  length = 0;
  /** Bit `row` set = the cell is `-`. Allocated on the first null. */
  nulls: Uint8Array | null = null;

  constructor(readonly info: FieldInfo) {}

  get name(): string {
    return this.info.name;
  }

  get kind(): FieldKind {
    return this.info.kind;
  }

  /** True when the cell is `-`. */
  isNull(row: number): boolean {
    const n = this.nulls;
    return n !== null && (n[row >>> 3]! & (1 << (row & 7))) !== 0;
  }

  protected setNull(row: number): void {
    if (this.nulls === null) {
      this.nulls = new Uint8Array(Math.ceil(this.capacity() / 8));
    }
    this.nulls[row >>> 3]! |= 1 << (row & 7);
  }

  protected growNulls(capacity: number): void {
    if (this.nulls !== null && this.nulls.length * 8 < capacity) {
      const b = new Uint8Array(Math.ceil(capacity / 8));
      b.set(this.nulls);
      this.nulls = b;
    }
  }

  protected trimNulls(): void {
    if (this.nulls !== null && slack(this.nulls.length * 8, this.length)) {
      this.nulls = this.nulls.slice(0, Math.ceil(this.length / 8));
    }
  }

  /** Sets the null bits of rows `base..base + n` from another column's first `n` rows. */
  protected appendNulls(src: ColumnBase, base: number, n: number): void {
    const bits = src.nulls;
    if (bits === null) {
      return;
    }
    const bytes = Math.min(bits.length, Math.ceil(n / 8));
    for (let b = 0; b < bytes; b++) {
      const byte = bits[b]!;
      if (byte !== 0) {
        for (let k = 0; k < 8; k++) {
          const r = b * 8 + k;
          if ((byte & (1 << k)) !== 0 && r < n) {
            this.setNull(base + r);
          }
        }
      }
    }
  }

  protected clearNulls(): void {
    this.nulls?.fill(0);
  }

  /** The cell as text, as it would appear in a record (`-` for null). */
  text(row: number): string {
    const v = this.get(row);
    return v === null ? '-' : String(v);
  }

  abstract capacity(): number;
  /** Makes room for `rows` rows in all (a hint from the parser, which knows the input's line count). */
  abstract reserveRows(rows: number): void;
  abstract get(row: number): CellValue;
  abstract appendBatch(src: Float64Array, stride: number, offset: number, n: number): void;
  /** Appends one cell given as a record value (used when merging stores). */
  abstract appendValue(value: CellValue): void;
  /** Appends every row of a column of the same field (whole array ranges, codes mapped to this dictionary). */
  abstract appendColumn(src: Column): void;
  /** The contents as plain data, sharing the arrays (for a store that is handed over whole). */
  abstract exportData(): ColumnData;
  /** Takes over exported contents (into a new, empty column of the same field). */
  abstract importData(data: ColumnData): void;
  /** Shrinks the arrays to the rows in use. */
  abstract trim(): void;
  /** Drops every row (keeps capacity). */
  abstract clear(): void;
  /** Drops every row and any dictionary (a streaming summary's pages of fields it does not read). */
  reset(): void {
    this.clear();
  }
  abstract memoryBytes(): number;

  /**
   * Drops the rows from `rows` on, keeping capacity and dictionaries (a reader undoing rows it appended
   * before finding that some of them were bad). Later appends overwrite the dropped cells.
   */
  truncate(rows: number): void {
    if (rows >= this.length) {
      return;
    }
    const n = this.nulls;
    if (n !== null) {
      // Appends set null bits but never clear them: clear the dropped rows' bits.
      for (let r = Math.max(0, rows); r < this.length; r++) {
        n[r >>> 3]! &= ~(1 << (r & 7));
      }
    }
    this.length = Math.max(0, rows);
  }
}

/** An integer field: numbers in the narrowest typed array that holds them. */
export class IntColumn extends ColumnBase {
  data: IntArray;

  constructor(info: FieldInfo) {
    super(info);
    const max = info.max ?? 0;
    this.data = max > 255 && max <= 65535 ? new Uint16Array(0) : new Uint8Array(0);
  }

  capacity(): number {
    return this.data.length;
  }

  get(row: number): number | null {
    return this.isNull(row) ? null : this.data[row]!;
  }

  /** The number in a cell, 0 for null (check {@link isNull} when it matters). */
  value(row: number): number {
    return this.data[row]!;
  }

  reserveRows(rows: number): void {
    this.reserve(rows, 0);
  }

  private reserve(needed: number, max: number): void {
    let data = this.data;
    if (max > 255 && data instanceof Uint8Array) {
      data = max <= 65535 ? Uint16Array.from(data) : max <= 0xffffffff ? Uint32Array.from(data) : Float64Array.from(data);
    } else if (max > 65535 && data instanceof Uint16Array) {
      data = max <= 0xffffffff ? Uint32Array.from(data) : Float64Array.from(data);
    } else if (max > 0xffffffff && data instanceof Uint32Array) {
      data = Float64Array.from(data);
    }
    if (needed > data.length) {
      data = resized(data, nextCapacity(data.length, needed));
    }
    this.data = data;
    this.growNulls(data.length);
  }

  appendBatch(src: Float64Array, stride: number, offset: number, n: number): void {
    let max = 0;
    let nulls = false;
    for (let i = 0, p = offset; i < n; i++, p += stride) {
      const v = src[p]!;
      if (v !== v) {
        nulls = true;
      } else if (v > max) {
        max = v;
      }
    }
    const base = this.length;
    this.reserve(base + n, max);
    // One copy loop per array type, so each loop's element access stays monomorphic.
    const data = this.data;
    if (data instanceof Uint8Array) {
      copy8(data, base, src, stride, offset, n);
    } else if (data instanceof Uint16Array) {
      copy16(data, base, src, stride, offset, n);
    } else if (data instanceof Uint32Array) {
      copy32(data, base, src, stride, offset, n);
    } else {
      copy64(data, base, src, stride, offset, n);
    }
    if (nulls) {
      for (let i = 0, p = offset; i < n; i++, p += stride) {
        const v = src[p]!;
        if (v !== v) {
          data[base + i] = 0;
          this.setNull(base + i);
        }
      }
    }
    this.length = base + n;
  }

  appendColumn(src: Column): void {
    if (!(src instanceof IntColumn)) {
      throw new Error(`Cannot append a ${src.kind} column to the integer column ${this.name}`);
    }
    const n = src.length;
    const base = this.length;
    const values = src.data.subarray(0, n);
    let max = 0;
    if (values.BYTES_PER_ELEMENT > this.data.BYTES_PER_ELEMENT || values instanceof Float64Array) {
      // Widen only as far as the values need (as appending them one by one would).
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        if (v > max) {
          max = v;
        }
      }
    }
    this.reserve(base + n, max);
    this.data.set(values, base);
    this.length = base + n;
    this.appendNulls(src, base, n);
  }

  exportData(): ColumnData {
    return { length: this.length, nulls: this.nulls, values: this.data };
  }

  importData(data: ColumnData): void {
    this.data = data.values;
    this.nulls = data.nulls;
    this.length = data.length;
  }

  appendValue(value: CellValue): void {
    const row = this.length;
    const v = typeof value === 'number' ? value : value === null ? 0 : Number(value);
    this.reserve(row + 1, v);
    this.data[row] = v;
    if (value === null) {
      this.setNull(row);
    }
    this.length = row + 1;
  }

  trim(): void {
    if (slack(this.data.length, this.length)) {
      this.data = this.data.slice(0, this.length);
    }
    this.trimNulls();
  }

  clear(): void {
    this.length = 0;
    this.clearNulls();
  }

  memoryBytes(): number {
    return this.data.byteLength + (this.nulls?.byteLength ?? 0);
  }
}

/**
 * An address field. IPv4 addresses are Uint32 values; anything else (IPv6) is interned text, its code
 * in `alt` (allocated on the first such address; 0 there means "IPv4 or null").
 */
export class AddressColumn extends ColumnBase {
  v4 = new Uint32Array(0);
  alt: Uint32Array | null = null;
  readonly altStrings = new Interner();

  capacity(): number {
    return this.v4.length;
  }

  /** True when the cell holds an IPv4 address (in `v4[row]`). */
  isIPv4(row: number): boolean {
    return !this.isNull(row) && (this.alt === null || this.alt[row] === 0);
  }

  get(row: number): string | null {
    if (this.isNull(row)) {
      return null;
    }
    const alt = this.alt;
    if (alt !== null && alt[row] !== 0) {
      return this.altStrings.string(alt[row]!);
    }
    return formatIPv4(this.v4[row]!);
  }

  reserveRows(rows: number): void {
    this.reserve(rows);
  }

  private reserve(needed: number): void {
    if (needed > this.v4.length) {
      const cap = nextCapacity(this.v4.length, needed);
      this.v4 = resized(this.v4, cap);
      if (this.alt !== null) {
        this.alt = resized(this.alt, cap);
      }
      this.growNulls(cap);
    }
  }

  private setAlt(row: number, code: number): void {
    if (this.alt === null) {
      this.alt = new Uint32Array(this.v4.length);
    }
    this.alt[row] = code;
  }

  appendBatch(src: Float64Array, stride: number, offset: number, n: number): void {
    const base = this.length;
    this.reserve(base + n);
    const v4 = this.v4;
    for (let i = 0, p = offset; i < n; i++, p += stride) {
      const v = src[p]!;
      if (v >= 0) {
        v4[base + i] = v;
      } else {
        v4[base + i] = 0;
        if (v !== v) {
          this.setNull(base + i);
        } else {
          this.setAlt(base + i, -v);
        }
      }
    }
    this.length = base + n;
  }

  appendColumn(src: Column): void {
    if (!(src instanceof AddressColumn)) {
      throw new Error(`Cannot append a ${src.kind} column to the address column ${this.name}`);
    }
    const n = src.length;
    const base = this.length;
    this.reserve(base + n);
    this.v4.set(src.v4.subarray(0, n), base);
    const alt = src.alt;
    if (alt !== null && src.altStrings.size > 1) {
      const map = this.altStrings.mapFrom(src.altStrings);
      for (let i = 0; i < n; i++) {
        const code = alt[i]!;
        if (code !== 0) {
          this.setAlt(base + i, map[code]!);
        }
      }
    }
    this.length = base + n;
    this.appendNulls(src, base, n);
  }

  exportData(): ColumnData {
    return { length: this.length, nulls: this.nulls, values: this.v4, alt: this.alt, dict: this.altStrings.exportData() };
  }

  importData(data: ColumnData): void {
    this.v4 = data.values as Uint32Array<ArrayBuffer>;
    this.alt = data.alt ?? null;
    this.nulls = data.nulls;
    this.length = data.length;
    this.altStrings.clear();
    if (data.dict) {
      // A fresh interner given the values in code order gives them the same codes.
      this.altStrings.addData(data.dict);
    }
  }

  appendValue(value: CellValue): void {
    const row = this.length;
    this.reserve(row + 1);
    this.v4[row] = 0;
    if (value === null) {
      this.setNull(row);
    } else {
      const text = String(value);
      const v = parseIPv4(text);
      if (v >= 0) {
        this.v4[row] = v;
      } else {
        this.setAlt(row, this.altStrings.internString(text));
      }
    }
    this.length = row + 1;
  }

  trim(): void {
    if (slack(this.v4.length, this.length)) {
      this.v4 = this.v4.slice(0, this.length);
      if (this.alt !== null) {
        this.alt = this.alt.slice(0, this.length);
      }
    }
    this.trimNulls();
  }

  clear(): void {
    this.length = 0;
    this.clearNulls();
    this.alt?.fill(0);
  }

  override reset(): void {
    this.clear();
    this.altStrings.clear();
  }

  override truncate(rows: number): void {
    // appendBatch sets `alt` only for IPv6 cells: zero the dropped rows' entries.
    this.alt?.fill(0, Math.max(0, rows), this.length);
    super.truncate(rows);
  }

  memoryBytes(): number {
    return this.v4.byteLength + (this.alt?.byteLength ?? 0) + (this.nulls?.byteLength ?? 0) +
      (this.altStrings.size > 1 ? this.altStrings.memoryBytes() : 0);
  }
}

/**
 * Values with fixed codes in every store, so code comparisons work without looking strings up:
 * action ACCEPT 1, REJECT 2; log-status OK 1, NODATA 2, SKIPDATA 3.
 */
export const SEEDED_VALUES: Readonly<Record<string, readonly string[]>> = {
  'action': ['ACCEPT', 'REJECT'],
  'log-status': ['OK', 'NODATA', 'SKIPDATA'],
};

/** An id, enum or text field: interned codes (0 = null) in the narrowest array that holds them. */
export class DictColumn extends ColumnBase {
  codes: CodeArray = new Uint8Array(0);
  readonly dict = new Interner();

  constructor(info: FieldInfo) {
    super(info);
    this.seed();
  }

  private seed(): void {
    for (const v of SEEDED_VALUES[this.info.name] ?? []) {
      this.dict.internString(v);
    }
  }

  capacity(): number {
    return this.codes.length;
  }

  override isNull(row: number): boolean {
    return this.codes[row] === 0;
  }

  /** The interned code of a cell (0 for null); `dict.string(code)` is its text. */
  code(row: number): number {
    return this.codes[row]!;
  }

  get(row: number): string | null {
    const code = this.codes[row]!;
    return code === 0 ? null : this.dict.string(code);
  }

  reserveRows(rows: number): void {
    this.reserve(rows);
  }

  private reserve(needed: number): void {
    let codes = this.codes;
    const size = this.dict.size;
    if (size > 255 && codes instanceof Uint8Array) {
      codes = size <= 65536 ? Uint16Array.from(codes) : Uint32Array.from(codes);
    } else if (size > 65536 && codes instanceof Uint16Array) {
      codes = Uint32Array.from(codes);
    }
    if (needed > codes.length) {
      codes = resized(codes, nextCapacity(codes.length, needed));
    }
    this.codes = codes;
  }

  appendBatch(src: Float64Array, stride: number, offset: number, n: number): void {
    const base = this.length;
    this.reserve(base + n);
    const codes = this.codes;
    if (codes instanceof Uint8Array) {
      copy8(codes, base, src, stride, offset, n);
    } else if (codes instanceof Uint16Array) {
      copy16(codes, base, src, stride, offset, n);
    } else {
      copy32(codes, base, src, stride, offset, n);
    }
    this.length = base + n;
  }

  appendColumn(src: Column): void {
    if (!(src instanceof DictColumn)) {
      throw new Error(`Cannot append a ${src.kind} column to the column ${this.name}`);
    }
    const n = src.length;
    const base = this.length;
    const map = this.dict.mapFrom(src.dict);
    let same = true;
    for (let c = 1; c < map.length && same; c++) {
      same = map[c] === c;
    }
    this.reserve(base + n);
    const codes = this.codes;
    const from = src.codes.subarray(0, n);
    if (same) {
      codes.set(from, base);
    } else {
      for (let i = 0; i < n; i++) {
        codes[base + i] = map[from[i]!]!;
      }
    }
    this.length = base + n;
  }

  exportData(): ColumnData {
    return { length: this.length, nulls: null, values: this.codes, dict: this.dict.exportData() };
  }

  importData(data: ColumnData): void {
    this.codes = data.values as CodeArray;
    this.length = data.length;
    this.dict.clear();
    if (data.dict) {
      this.dict.addData(data.dict);
    } else {
      this.seed();
    }
  }

  appendValue(value: CellValue): void {
    const code = value === null ? 0 : this.dict.internString(String(value));
    const row = this.length;
    this.reserve(row + 1);
    this.codes[row] = code;
    this.length = row + 1;
  }

  trim(): void {
    if (slack(this.codes.length, this.length)) {
      this.codes = this.codes.slice(0, this.length);
    }
  }

  clear(): void {
    this.length = 0;
  }

  override reset(): void {
    this.length = 0;
    this.dict.clear();
    this.seed();
  }

  memoryBytes(): number {
    return this.codes.byteLength + this.dict.memoryBytes();
  }
}

/** Any column. */
export type Column = IntColumn | AddressColumn | DictColumn;

/** The column class for a field. */
export function createColumn(info: FieldInfo): Column {
  switch (info.kind) {
    case 'integer':
      return new IntColumn(info);
    case 'address':
      return new AddressColumn(info);
    default:
      return new DictColumn(info);
  }
}
