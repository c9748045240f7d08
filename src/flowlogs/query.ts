/**
 * Views over a store: filtering into a list of row numbers, sorting a view by any column, and windows
 * (rows i..j) for virtualised tables. Each filter criterion is one tight loop over typed arrays that
 * narrows the candidate rows, so the viewer can refilter a million rows on every keystroke.
 */
import { AddressColumn, DictColumn, IntColumn, type Column } from './columns';
import { protocolName } from './enrich';
import { formatIPv4, matchIPv6, parseCidr, parseIPv6, type AddressPattern } from './ip';
import type { FlowLogStore } from './store';

/** Row numbers of a store, in display order. */
export type RowView = Uint32Array;

/** Ports: one, several, or an inclusive range. */
export type PortSpec = number | readonly number[] | { readonly from: number; readonly to: number };

/**
 * What to keep; every given criterion must hold (AND). Values within one criterion are alternatives
 * (OR). Records whose field is `-` never match a criterion on that field (except action/log-status `-`).
 */
export interface FilterSpec {
  /** ACCEPT and/or REJECT (and `-` for records without an action). */
  action?: string | readonly string[];
  /** OK, NODATA, SKIPDATA (and `-`). */
  logStatus?: string | readonly string[];
  /** IANA protocol number(s). */
  protocol?: number | readonly number[];
  /**
   * Source / destination / either address: an address or a CIDR block, IPv4 or IPv6 (`10.0.0.0/8`,
   * `2001:db8::/32`). Text that is neither matches addresses starting with it (`10.1.` while typing).
   */
  srcaddr?: string;
  dstaddr?: string;
  addr?: string;
  /** Source / destination / either port. */
  srcport?: PortSpec;
  dstport?: PortSpec;
  port?: PortSpec;
  /** Network interface id(s). */
  interfaceId?: string | readonly string[];
  /** Time range on `start` (Unix seconds): from <= start < to. Either bound may be left out. */
  from?: number;
  to?: number;
  /**
   * Free text, case-insensitive; every whitespace-separated word must match some field of the record:
   * occur in a text, id or address field as written (`eni-0a1`, `10.1.`, `2001:db8`), equal a number
   * field when it is a whole number (`22` finds port 22, not 220 or 52200), name a protocol (`tcp`), or
   * be `-` for an empty field.
   */
  text?: string;
}

/** Every row of a store, in order. */
export function allRows(store: FlowLogStore): RowView {
  const n = store.count;
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    rows[i] = i;
  }
  return rows;
}

/** Rows start..end-1 of a view (clamped), sharing its memory. */
export function window(view: RowView, start: number, end: number): RowView {
  const s = Math.max(0, Math.min(view.length, Math.floor(start)));
  const e = Math.max(s, Math.min(view.length, Math.floor(end)));
  return view.subarray(s, e);
}

function list<T>(v: T | readonly T[] | undefined): readonly T[] | undefined {
  if (v === undefined) {
    return undefined;
  }
  return Array.isArray(v) ? (v as readonly T[]) : [v as T];
}

/** Narrows `rows` in place to those passing `keep`; returns the new length. */
type Narrow = (rows: Uint32Array, n: number) => number;

function dictNarrow(col: DictColumn, values: readonly string[]): Narrow {
  const allowed = new Uint8Array(col.dict.size);
  for (const v of values) {
    if (v === '-') {
      allowed[0] = 1;
    } else {
      const code = col.dict.find(v);
      if (code !== 0) {
        allowed[code] = 1;
      }
    }
  }
  return (rows, n) => {
    const codes = col.codes;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      if (allowed[codes[r]!] === 1) {
        rows[k++] = r;
      }
    }
    return k;
  };
}

function intNarrow(col: IntColumn, test: (v: number) => boolean, lo: number, hi: number): Narrow {
  return (rows, n) => {
    const data = col.data;
    const nulls = col.nulls;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      const v = data[r]!;
      if (v >= lo && v <= hi && test(v) && (nulls === null || (nulls[r >>> 3]! & (1 << (r & 7))) === 0)) {
        rows[k++] = r;
      }
    }
    return k;
  };
}

function portTest(spec: PortSpec): { test: (v: number) => boolean; lo: number; hi: number } {
  if (typeof spec === 'number') {
    return { test: () => true, lo: spec, hi: spec };
  }
  if (Array.isArray(spec)) {
    const set = new Set(spec as readonly number[]);
    return { test: (v) => set.has(v), lo: Math.min(...set), hi: Math.max(...set) };
  }
  const range = spec as { from: number; to: number };
  return { test: () => true, lo: range.from, hi: range.to };
}

/** Per-row address test for one column: true when the row's address matches. */
function addressMatcher(col: AddressColumn, text: string): (row: number) => boolean {
  const pattern = parseCidr(text);
  if (pattern) {
    return patternMatcher(col, pattern);
  }
  const prefix = text.trim().toLowerCase();
  return textMatcher(col, (s) => s.startsWith(prefix));
}

function patternMatcher(col: AddressColumn, pattern: AddressPattern): (row: number) => boolean {
  if (pattern.family === 4) {
    const { mask, base } = pattern;
    return (r) => ((col.v4[r]! & mask) >>> 0) === base && col.isIPv4(r);
  }
  const strings = col.altStrings.strings;
  const allowed = new Uint8Array(strings.length);
  for (let c = 1; c < strings.length; c++) {
    const words = parseIPv6(strings[c]!);
    allowed[c] = words && matchIPv6(pattern, words) ? 1 : 0;
  }
  return (r) => {
    const alt = col.alt;
    return alt !== null && allowed[alt[r]!] === 1 && !col.isNull(r);
  };
}

/** Results of a test per IPv4 value, so each distinct address is formatted and tested once. */
class V4Memo {
  private keys = new Uint32Array(1024);
  private states = new Uint8Array(1024);
  private size = 0;

  constructor(private readonly test: (text: string) => boolean) {}

  get(v: number): boolean {
    let mask = this.keys.length - 1;
    let slot = Math.imul(v, 0x9e3779b1) >>> 12 & mask;
    for (;;) {
      const s = this.states[slot]!;
      if (s === 0) {
        break;
      }
      if (this.keys[slot] === v) {
        return s === 1;
      }
      slot = (slot + 1) & mask;
    }
    const hit = this.test(formatIPv4(v));
    this.keys[slot] = v;
    this.states[slot] = hit ? 1 : 2;
    if (++this.size * 2 > mask) {
      const keys = this.keys;
      const states = this.states;
      this.keys = new Uint32Array(keys.length * 2);
      this.states = new Uint8Array(keys.length * 2);
      mask = this.keys.length - 1;
      for (let k = 0; k < keys.length; k++) {
        if (states[k] !== 0) {
          let at = Math.imul(keys[k]!, 0x9e3779b1) >>> 12 & mask;
          while (this.states[at] !== 0) {
            at = (at + 1) & mask;
          }
          this.keys[at] = keys[k]!;
          this.states[at] = states[k]!;
        }
      }
    }
    return hit;
  }
}

/** Matches addresses by their text (lower case), testing each distinct value once. */
function textMatcher(col: AddressColumn, test: (s: string) => boolean): (row: number) => boolean {
  const strings = col.altStrings.strings;
  const alt = new Uint8Array(strings.length);
  for (let c = 1; c < strings.length; c++) {
    alt[c] = test(strings[c]!.toLowerCase()) ? 1 : 0;
  }
  const memo = new V4Memo(test);
  return (r) => {
    if (col.isNull(r)) {
      return false;
    }
    const a = col.alt;
    if (a !== null && a[r] !== 0) {
      return alt[a[r]!] === 1;
    }
    return memo.get(col.v4[r]!);
  };
}

function rowNarrow(test: (row: number) => boolean): Narrow {
  return (rows, n) => {
    let k = 0;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      if (test(r)) {
        rows[k++] = r;
      }
    }
    return k;
  };
}

/** Sets `mark[i]` for the candidate rows `rows[0..n)` whose cell matches. */
type Marker = (rows: Uint32Array, n: number, mark: Uint8Array) => void;

/** Marks rows whose code is allowed. */
function markCodes(codes: ArrayLike<number>, allowed: Uint8Array): Marker {
  return (rows, n, mark) => {
    for (let i = 0; i < n; i++) {
      if (allowed[codes[rows[i]!]!] === 1) {
        mark[i] = 1;
      }
    }
  };
}

/** Marks rows by a per-row test (one loop per column, so the test is called from one place). */
function markRows(test: (row: number) => boolean): Marker {
  return (rows, n, mark) => {
    for (let i = 0; i < n; i++) {
      if (mark[i] === 0 && test(rows[i]!)) {
        mark[i] = 1;
      }
    }
  };
}

/** A marker for one free-text word on one column, or undefined when the column cannot match it. */
function wordMarker(col: Column, word: string): Marker | undefined {
  if (col instanceof DictColumn) {
    const strings = col.dict.strings;
    const allowed = new Uint8Array(strings.length);
    let any = false;
    allowed[0] = word === '-' ? 1 : 0;
    for (let c = 1; c < strings.length; c++) {
      if (strings[c]!.toLowerCase().includes(word)) {
        allowed[c] = 1;
        any = true;
      }
    }
    return any || allowed[0] === 1 ? markCodes(col.codes, allowed) : undefined;
  }
  if (col instanceof AddressColumn) {
    if (word === '-') {
      return col.nulls === null ? undefined : markRows((r) => col.isNull(r));
    }
    if (!/^[0-9a-f.:%]+$/.test(word)) {
      return undefined;
    }
    return markRows(textMatcher(col, (s) => s.includes(word)));
  }
  if (word === '-') {
    return col.nulls === null ? undefined : markRows((r) => col.isNull(r));
  }
  // Numbers match whole: "22" finds port 22, not every value with a 2 2 in it.
  const value = /^[0-9]{1,15}$/.test(word) && String(Number(word)) === word ? Number(word) : -1;
  if (col.name === 'protocol') {
    const table = new Uint8Array(256);
    let any = false;
    for (let v = 0; v < 256; v++) {
      const hit = v === value || (protocolName(v)?.toLowerCase().includes(word) ?? false);
      table[v] = hit ? 1 : 0;
      any ||= hit;
    }
    return any ? markIntTable(col, table) : undefined;
  }
  return value < 0 ? undefined : markIntEqual(col, value);
}

function markIntTable(col: IntColumn, table: Uint8Array): Marker {
  return (rows, n, mark) => {
    const data = col.data;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      const v = data[r]!;
      if (v < table.length && table[v] === 1 && !col.isNull(r)) {
        mark[i] = 1;
      }
    }
  };
}

function markIntEqual(col: IntColumn, value: number): Marker {
  return (rows, n, mark) => {
    const data = col.data;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      if (data[r] === value && !col.isNull(r)) {
        mark[i] = 1;
      }
    }
  };
}

function textNarrow(store: FlowLogStore, word: string): Narrow {
  const markers = store.columns.map((c) => wordMarker(c, word)).filter((m): m is Marker => m !== undefined);
  if (markers.length === 0) {
    return () => 0;
  }
  return (rows, n) => {
    const mark = new Uint8Array(n);
    for (const marker of markers) {
      marker(rows, n, mark);
    }
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (mark[i] === 1) {
        rows[k++] = rows[i]!;
      }
    }
    return k;
  };
}

/** The narrowing passes for a spec, cheapest and most selective first. */
function plan(store: FlowLogStore, spec: FilterSpec): Narrow[] {
  const passes: Narrow[] = [];
  const none: Narrow = () => 0;
  const dict = (field: string, values: readonly string[] | undefined): void => {
    if (values === undefined) {
      return;
    }
    const col = store.column(field);
    passes.push(col instanceof DictColumn ? dictNarrow(col, values) : none);
  };
  dict('action', list(spec.action));
  dict('log-status', list(spec.logStatus));
  dict('interface-id', list(spec.interfaceId));
  const protocols = list(spec.protocol);
  if (protocols !== undefined) {
    const col = store.column('protocol');
    const set = new Set(protocols);
    passes.push(col instanceof IntColumn ? intNarrow(col, (v) => set.has(v), 0, Infinity) : none);
  }
  for (const [field, value] of [['srcport', spec.srcport], ['dstport', spec.dstport]] as const) {
    if (value !== undefined) {
      const col = store.column(field);
      const t = portTest(value);
      passes.push(col instanceof IntColumn ? intNarrow(col, t.test, t.lo, t.hi) : none);
    }
  }
  if (spec.port !== undefined) {
    const t = portTest(spec.port);
    const tests = (['srcport', 'dstport'] as const).map((f) => store.column(f)).filter((c): c is IntColumn => c instanceof IntColumn)
      .map((c) => (r: number): boolean => { const v = c.data[r]!; return v >= t.lo && v <= t.hi && t.test(v) && !c.isNull(r); });
    passes.push(tests.length === 0 ? none : rowNarrow((r) => tests.some((test) => test(r))));
  }
  if (spec.from !== undefined || spec.to !== undefined) {
    const col = store.column('start') ?? store.column('end');
    const lo = spec.from ?? -Infinity;
    const hi = spec.to ?? Infinity;
    passes.push(col instanceof IntColumn ? intNarrow(col, (v) => v < hi, lo, Infinity) : none);
  }
  for (const [field, value] of [['srcaddr', spec.srcaddr], ['dstaddr', spec.dstaddr]] as const) {
    if (value !== undefined && value.trim() !== '') {
      const col = store.column(field);
      passes.push(col instanceof AddressColumn ? rowNarrow(addressMatcher(col, value)) : none);
    }
  }
  if (spec.addr !== undefined && spec.addr.trim() !== '') {
    const text = spec.addr;
    const tests = (['srcaddr', 'dstaddr'] as const).map((f) => store.column(f)).filter((c): c is AddressColumn => c instanceof AddressColumn)
      .map((c) => addressMatcher(c, text));
    passes.push(tests.length === 0 ? none : tests.length === 1 ? rowNarrow(tests[0]!) : rowNarrow((r) => tests[0]!(r) || tests[1]!(r)));
  }
  for (const word of (spec.text ?? '').toLowerCase().split(/\s+/).filter((w) => w !== '')) {
    passes.push(textNarrow(store, word));
  }
  return passes;
}

/**
 * The rows of a store (or of a view of it, keeping its order) that match a spec. An empty spec keeps
 * every row. The result may be a `subarray` of a larger buffer: copy it (`Uint32Array.from`) before
 * transferring its `buffer`.
 */
export function filter(store: FlowLogStore, spec: FilterSpec, within?: RowView): RowView {
  const rows = within ? Uint32Array.from(within) : allRows(store);
  let n = rows.length;
  for (const pass of plan(store, spec)) {
    if (n === 0) {
      break;
    }
    n = pass(rows, n);
  }
  // A view of the candidates' buffer when it is mostly used; a right-sized copy otherwise.
  return n === rows.length ? rows : n >= rows.length >>> 1 ? rows.subarray(0, n) : rows.slice(0, n);
}

const NULL_HI = 0xffffffff;

/** Sort keys (hi, lo words) of a column's cells: integers, IPv4 before IPv6 by value, text by rank. */
function sortKeys(col: Column, view: RowView, hi: Uint32Array, lo: Uint32Array): void {
  const n = view.length;
  if (col instanceof IntColumn) {
    const data = col.data;
    for (let i = 0; i < n; i++) {
      const r = view[i]!;
      if (col.isNull(r)) {
        hi[i] = NULL_HI;
        lo[i] = 0;
      } else {
        const v = data[r]!;
        hi[i] = Math.floor(v / 4294967296);
        lo[i] = v >>> 0;
      }
    }
  } else if (col instanceof AddressColumn) {
    const ranks = rankIPv6(col.altStrings.strings);
    for (let i = 0; i < n; i++) {
      const r = view[i]!;
      if (col.isNull(r)) {
        hi[i] = NULL_HI;
        lo[i] = 0;
      } else if (col.alt !== null && col.alt[r] !== 0) {
        hi[i] = 1 + ranks[col.alt[r]!]!;
        lo[i] = 0;
      } else {
        hi[i] = 0;
        lo[i] = col.v4[r]!;
      }
    }
  } else {
    const strings = col.dict.strings;
    const order = Array.from({ length: strings.length - 1 }, (_, i) => i + 1)
      .sort((a, b) => (strings[a]! < strings[b]! ? -1 : strings[a]! > strings[b]! ? 1 : 0));
    const ranks = new Uint32Array(strings.length);
    order.forEach((code, rank) => {
      ranks[code] = rank;
    });
    const codes = col.codes;
    for (let i = 0; i < n; i++) {
      const c = codes[view[i]!]!;
      hi[i] = c === 0 ? NULL_HI : ranks[c]!;
      lo[i] = 0;
    }
  }
}

/** Rank of each IPv6 text by numeric value (unparseable text after, by text). */
function rankIPv6(strings: readonly string[]): Uint32Array {
  const parsed = strings.map((s, c) => ({ c, s, w: c === 0 ? undefined : parseIPv6(s) }));
  parsed.shift();
  parsed.sort((a, b) => {
    if (a.w && b.w) {
      for (let k = 0; k < 4; k++) {
        if (a.w[k] !== b.w[k]) {
          return a.w[k]! < b.w[k]! ? -1 : 1;
        }
      }
      return 0;
    }
    if (a.w || b.w) {
      return a.w ? -1 : 1;
    }
    return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
  });
  const ranks = new Uint32Array(strings.length);
  parsed.forEach((p, rank) => {
    ranks[p.c] = rank;
  });
  return ranks;
}

/**
 * A new view with the rows of `view` sorted by a field (numbers by value, addresses IPv4 then IPv6 by
 * value, text by code point). Stable; `-` cells last in either direction. An unknown field keeps the order.
 */
export function sortView(store: FlowLogStore, view: RowView, field: string, descending = false): RowView {
  const col = store.column(field);
  const n = view.length;
  if (!col || n < 2) {
    return Uint32Array.from(view);
  }
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  sortKeys(col, view, hi, lo);
  if (descending) {
    for (let i = 0; i < n; i++) {
      if (hi[i] !== NULL_HI) {
        hi[i] = NULL_HI - 1 - hi[i]!;
        lo[i] = 0xffffffff - lo[i]!;
      }
    }
  }
  // LSD radix sort on (hi, lo) in 16-bit digits, moving keys with the row positions; passes where
  // every key has the same digit are skipped.
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    idx[i] = i;
  }
  let hi2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const useHi = pass >= 2;
    const shift = (pass & 1) * 16;
    const key = useHi ? hi : lo;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      counts[(key[i]! >>> shift) & 0xffff]!++;
    }
    if (counts[(key[0]! >>> shift) & 0xffff] === n) {
      continue;
    }
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const pos = counts[(key[i]! >>> shift) & 0xffff]!++;
      hi2[pos] = hi[i]!;
      lo2[pos] = lo[i]!;
      idx2[pos] = idx[i]!;
    }
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
    [idx, idx2] = [idx2, idx];
  }
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = view[idx[i]!]!;
  }
  return out;
}
