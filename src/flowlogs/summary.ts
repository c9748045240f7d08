/**
 * Summaries of flow log records: totals, top talkers, top REJECT sources and rejected ports,
 * per-interface totals and an ACCEPT/REJECT time histogram. An accumulator folds rows in one pass, so
 * the same code summarises a store, a filtered view, or a stream of pages that are then dropped.
 */
import { AddressColumn, DictColumn, IntColumn, type Column } from './columns';
import { formatIPv4 } from './ip';
import type { Interner } from './intern';
import { AddressIds, KeyTable, PairSums } from './keytable';
import type { FlowLogStore } from './store';

/** Options for summaries. */
export interface SummaryOptions {
  /** How many entries each top list keeps. Default 10. */
  top?: number;
  /** Histogram bucket size in seconds. Default: chosen from the time span (60 s, 5 min, 1 h, 1 day...). */
  bucketSeconds?: number;
  /** Most buckets when the size is chosen automatically. Default 120. */
  maxBuckets?: number;
}

/** A (source, destination) pair and what flowed between them. */
export interface Talker {
  readonly src: string;
  readonly dst: string;
  readonly bytes: number;
  readonly packets: number;
  readonly records: number;
}

/** An address and its records, packets and bytes (e.g. a source of REJECTs). */
export interface AddressTotals {
  readonly address: string;
  readonly records: number;
  readonly packets: number;
  readonly bytes: number;
}

/** A destination port (with its protocol number; null when `-`) and its REJECT records. */
export interface PortTotals {
  readonly port: number;
  readonly protocol: number | null;
  readonly records: number;
  readonly packets: number;
  readonly bytes: number;
}

/** Totals for one network interface. */
export interface InterfaceTotals {
  readonly interfaceId: string;
  readonly records: number;
  readonly packets: number;
  readonly bytes: number;
  readonly accept: number;
  readonly reject: number;
}

/** One histogram bucket: records and bytes ACCEPTed and REJECTed with `start` in [start, start + size). */
export interface HistogramBucket {
  readonly start: number;
  readonly accept: number;
  readonly reject: number;
  readonly acceptBytes: number;
  readonly rejectBytes: number;
}

/** ACCEPT and REJECT over time, dense from the first bucket to the last. */
export interface Histogram {
  readonly bucketSeconds: number;
  readonly buckets: readonly HistogramBucket[];
}

/** Everything a summary holds. Counts are records; `packets` and `bytes` sum the non-`-` values. */
export interface Summary {
  readonly records: number;
  readonly packets: number;
  readonly bytes: number;
  readonly accept: number;
  readonly reject: number;
  /** Records with log-status OK, NODATA and SKIPDATA. */
  readonly ok: number;
  readonly nodata: number;
  readonly skipdata: number;
  readonly acceptBytes: number;
  readonly rejectBytes: number;
  /** Earliest `start` and latest `end` (Unix seconds), or null without times. */
  readonly first: number | null;
  readonly last: number | null;
  /** Top (source, destination) pairs by bytes. */
  readonly topTalkers: readonly Talker[];
  /** Top sources of REJECT records, by records. */
  readonly topRejectSources: readonly AddressTotals[];
  /** Top destination ports of REJECT records, by records. */
  readonly topRejectedPorts: readonly PortTotals[];
  /** Every interface, by bytes (largest first). */
  readonly interfaces: readonly InterfaceTotals[];
  /** ACCEPT/REJECT by time bucket (of `start`), or null when records have no times or no action. */
  readonly histogram: Histogram | null;
}

const TWO32 = 4294967296;
/** Address ids below this pair up into one exact float key (id * limit + id < 2^52). */
const PAIR_ID_LIMIT = 1 << 26;
const NICE_BUCKETS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 2592000];
const MAX_HIST_ENTRIES = 50_000;
// Fixed codes of action and log-status values (SEEDED_VALUES in columns.ts).
const ACCEPT = 1;
const REJECT = 2;
const OK = 1;
const NODATA = 2;
const SKIPDATA = 3;

/** Global ids for strings from any number of interners (address and interface dictionaries). */
class GlobalNames {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly remaps = new WeakMap<Interner, Int32Array>();

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }

  /** code -> global id for every code of the interner (extended as the interner grows). */
  remap(interner: Interner): Int32Array {
    let map = this.remaps.get(interner);
    const size = interner.size;
    if (map === undefined || map.length !== size) {
      const next = new Int32Array(size);
      const keep = map !== undefined && map.length < size ? map.length : 1;
      if (keep > 1) {
        next.set(map!.subarray(0, keep));
      }
      for (let c = keep; c < size; c++) {
        next[c] = this.id(interner.strings[c]!);
      }
      map = next;
      this.remaps.set(interner, map);
    }
    return map;
  }
}

function intCol(store: FlowLogStore, name: string): IntColumn | undefined {
  const c: Column | undefined = store.column(name);
  return c instanceof IntColumn ? c : undefined;
}

function addrCol(store: FlowLogStore, name: string): AddressColumn | undefined {
  const c = store.column(name);
  return c instanceof AddressColumn ? c : undefined;
}

function dictCol(store: FlowLogStore, name: string): DictColumn | undefined {
  const c = store.column(name);
  return c instanceof DictColumn ? c : undefined;
}

/** Address key of a row: IPv4 value, 2^32 + global id for other text, -1 for null. */
function addressKey(col: AddressColumn, row: number, alt: Int32Array | undefined): number {
  if (col.isNull(row)) {
    return -1;
  }
  const a = col.alt;
  if (a !== null && a[row] !== 0) {
    return TWO32 + alt![a[row]!]!;
  }
  return col.v4[row]!;
}

/** Folds rows from one or more stores into a {@link Summary}. */
export class SummaryAccumulator {
  private records = 0;
  private packets = 0;
  private bytes = 0;
  private accept = 0;
  private reject = 0;
  private ok = 0;
  private nodata = 0;
  private skipdata = 0;
  private acceptBytes = 0;
  private rejectBytes = 0;
  private first = Infinity;
  private last = -Infinity;
  private readonly talkers = new PairSums();
  private readonly talkerIds = new AddressIds(1024);
  /** Address key of each talker id (for the result). */
  private readonly talkerKeys: number[] = [];
  private readonly rejectSources = new KeyTable(3);
  private readonly rejectPorts = new KeyTable(3);
  private readonly interfaces = new KeyTable(5, 64);
  private hist = new KeyTable(4, 256);
  private base: number;
  private readonly addresses = new GlobalNames();
  private readonly interfaceNames = new GlobalNames();
  private readonly top: number;

  /**
   * @param options top N and histogram buckets
   * @param pairs whether to aggregate (source, destination) pairs: `summarize` leaves them to the
   *   faster {@link topTalkers}, which needs the whole store at once
   */
  constructor(private readonly options: SummaryOptions = {}, private readonly pairs = true) {
    this.top = options.top ?? 10;
    this.base = options.bucketSeconds !== undefined && options.bucketSeconds > 0 ? Math.ceil(options.bucketSeconds) : 60;
  }

  /** Adds the rows of a store (all of them, or those of a view). */
  add(store: FlowLogStore, rows?: Uint32Array): void {
    const n = rows ? rows.length : store.count;
    const src = addrCol(store, 'srcaddr');
    const dst = addrCol(store, 'dstaddr');
    const packets = intCol(store, 'packets');
    const bytes = intCol(store, 'bytes');
    const start = intCol(store, 'start');
    const end = intCol(store, 'end');
    const dstport = intCol(store, 'dstport');
    const protocol = intCol(store, 'protocol');
    const action = dictCol(store, 'action');
    const status = dictCol(store, 'log-status');
    const iface = dictCol(store, 'interface-id');
    const srcAlt = src && src.altStrings.size > 1 ? this.addresses.remap(src.altStrings) : undefined;
    const dstAlt = dst && dst.altStrings.size > 1 ? this.addresses.remap(dst.altStrings) : undefined;
    const ifaceIds = iface ? this.interfaceNames.remap(iface.dict) : undefined;
    const actionCodes = action?.codes;
    const statusCodes = status?.codes;

    for (let i = 0; i < n; i++) {
      const r = rows ? rows[i]! : i;
      this.records++;
      const p = packets && !packets.isNull(r) ? packets.data[r]! : 0;
      const b = bytes && !bytes.isNull(r) ? bytes.data[r]! : 0;
      this.packets += p;
      this.bytes += b;
      const act = actionCodes ? actionCodes[r]! : 0;
      if (act === ACCEPT) {
        this.accept++;
        this.acceptBytes += b;
      } else if (act === REJECT) {
        this.reject++;
        this.rejectBytes += b;
      }
      if (statusCodes) {
        const s = statusCodes[r]!;
        if (s === OK) {
          this.ok++;
        } else if (s === NODATA) {
          this.nodata++;
        } else if (s === SKIPDATA) {
          this.skipdata++;
        }
      }
      let t = -1;
      if (start && !start.isNull(r)) {
        t = start.data[r]!;
        if (t < this.first) {
          this.first = t;
        }
        if (t > this.last) {
          this.last = t;
        }
      }
      if (end && !end.isNull(r)) {
        const e = end.data[r]!;
        if (e > this.last) {
          this.last = e;
        }
        if (e < this.first && !start) {
          this.first = e;
        }
      }
      const sk = src ? addressKey(src, r, srcAlt) : -1;
      if (sk >= 0 && dst && this.pairs) {
        const dk = addressKey(dst, r, dstAlt);
        if (dk >= 0) {
          const s = this.talkerId(sk);
          const d = this.talkerId(dk);
          if (s < PAIR_ID_LIMIT && d < PAIR_ID_LIMIT) {
            this.talkers.add(s * PAIR_ID_LIMIT + d, b, p);
          }
        }
      }
      if (act === REJECT) {
        if (sk >= 0) {
          const e = this.rejectSources.entry(sk, 0) * 3;
          const v = this.rejectSources.values;
          v[e]!++;
          v[e + 1]! += p;
          v[e + 2]! += b;
        }
        if (dstport && !dstport.isNull(r)) {
          const proto = protocol && !protocol.isNull(r) ? protocol.data[r]! + 1 : 0;
          const e = this.rejectPorts.entry(dstport.data[r]!, proto) * 3;
          const v = this.rejectPorts.values;
          v[e]!++;
          v[e + 1]! += p;
          v[e + 2]! += b;
        }
      }
      if (ifaceIds) {
        const code = iface!.codes[r]!;
        if (code !== 0) {
          const e = this.interfaces.entry(ifaceIds[code]!, 0) * 5;
          const v = this.interfaces.values;
          v[e]!++;
          v[e + 1]! += p;
          v[e + 2]! += b;
          if (act === ACCEPT) {
            v[e + 3]!++;
          } else if (act === REJECT) {
            v[e + 4]!++;
          }
        }
      }
      if (t >= 0 && (act === ACCEPT || act === REJECT)) {
        const e = this.hist.entry(Math.floor(t / this.base), 0) * 4;
        const v = this.hist.values;
        if (act === ACCEPT) {
          v[e]!++;
          v[e + 2]! += b;
        } else {
          v[e + 1]!++;
          v[e + 3]! += b;
        }
        if (this.hist.size > MAX_HIST_ENTRIES) {
          this.coarsen();
        }
      }
    }
  }

  private talkerId(key: number): number {
    const before = this.talkerIds.size;
    const id = this.talkerIds.id(key);
    if (this.talkerIds.size !== before) {
      this.talkerKeys.push(key);
    }
    return id;
  }

  /** Doubles the histogram's base bucket: only for pathological spreads of `start` values. */
  private coarsen(): void {
    const old = this.hist;
    const next = new KeyTable(4, 256);
    for (let e = 0; e < old.size; e++) {
      const ne = next.entry(Math.floor(old.keysA[e]! / 2), 0) * 4;
      for (let k = 0; k < 4; k++) {
        next.values[ne + k]! += old.values[e * 4 + k]!;
      }
    }
    this.hist = next;
    this.base *= 2;
  }

  private addressText(key: number): string {
    return key < TWO32 ? formatIPv4(key) : this.addresses.names[key - TWO32]!;
  }

  /** The summary of every row added so far. */
  result(): Summary {
    const top = this.top;
    const topTalkers = this.talkers.top(top).map((t): Talker => ({
      src: this.addressText(this.talkerKeys[Math.floor(t.key / PAIR_ID_LIMIT)]!),
      dst: this.addressText(this.talkerKeys[t.key % PAIR_ID_LIMIT]!),
      bytes: t.bytes, packets: t.packets, records: t.records,
    }));
    const rs = this.rejectSources;
    const topRejectSources = rs.top(0, top).map((e): AddressTotals => ({
      address: this.addressText(rs.keysA[e]!), records: rs.values[e * 3]!, packets: rs.values[e * 3 + 1]!, bytes: rs.values[e * 3 + 2]!,
    }));
    const rp = this.rejectPorts;
    const topRejectedPorts = rp.top(0, top).map((e): PortTotals => ({
      port: rp.keysA[e]!, protocol: rp.keysB[e] === 0 ? null : rp.keysB[e]! - 1,
      records: rp.values[e * 3]!, packets: rp.values[e * 3 + 1]!, bytes: rp.values[e * 3 + 2]!,
    }));
    const it = this.interfaces;
    const interfaces = it.top(2, it.size).map((e): InterfaceTotals => ({
      interfaceId: this.interfaceNames.names[it.keysA[e]!]!, records: it.values[e * 5]!, packets: it.values[e * 5 + 1]!,
      bytes: it.values[e * 5 + 2]!, accept: it.values[e * 5 + 3]!, reject: it.values[e * 5 + 4]!,
    }));
    return {
      records: this.records, packets: this.packets, bytes: this.bytes, accept: this.accept, reject: this.reject,
      ok: this.ok, nodata: this.nodata, skipdata: this.skipdata, acceptBytes: this.acceptBytes, rejectBytes: this.rejectBytes,
      first: this.first === Infinity ? null : this.first, last: this.last === -Infinity ? null : this.last,
      topTalkers, topRejectSources, topRejectedPorts, interfaces, histogram: this.histogram(),
    };
  }

  private histogram(): Histogram | null {
    const h = this.hist;
    if (h.size === 0) {
      return null;
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (let e = 0; e < h.size; e++) {
      lo = Math.min(lo, h.keysA[e]!);
      hi = Math.max(hi, h.keysA[e]!);
    }
    const base = this.base;
    const from = lo * base;
    const span = (hi + 1) * base - from;
    let size: number;
    if (this.options.bucketSeconds !== undefined && this.options.bucketSeconds > 0) {
      size = Math.max(base, Math.ceil(this.options.bucketSeconds / base) * base);
    } else {
      const maxBuckets = Math.max(1, this.options.maxBuckets ?? 120);
      size = NICE_BUCKETS.find((s) => s % base === 0 && Math.ceil(span / s) <= maxBuckets) ?? 0;
      if (size === 0) {
        size = base;
        while (Math.ceil(span / size) > maxBuckets) {
          size *= 2;
        }
      }
    }
    while (Math.ceil(span / size) > 100_000) {
      size *= 2;
    }
    const first = Math.floor(from / size) * size;
    const count = Math.floor((hi * base) / size) - first / size + 1;
    const acc = new Float64Array(count * 4);
    for (let e = 0; e < h.size; e++) {
      const b = Math.floor((h.keysA[e]! * base) / size) - first / size;
      for (let k = 0; k < 4; k++) {
        acc[b * 4 + k]! += h.values[e * 4 + k]!;
      }
    }
    const buckets: HistogramBucket[] = [];
    for (let b = 0; b < count; b++) {
      buckets.push({ start: first + b * size, accept: acc[b * 4]!, reject: acc[b * 4 + 1]!, acceptBytes: acc[b * 4 + 2]!, rejectBytes: acc[b * 4 + 3]! });
    }
    return { bucketSeconds: size, buckets };
  }
}

/** Summarises a store, or the rows of a view of it. */
export function summarize(store: FlowLogStore, view?: Uint32Array, options?: SummaryOptions): Summary {
  const acc = new SummaryAccumulator(options, false);
  acc.add(store, view);
  return { ...acc.result(), topTalkers: topTalkers(store, view, options?.top ?? 10) };
}

/**
 * The top `n` (source, destination) pairs by bytes, alone (cheaper than a full summary). Rows whose
 * source or destination is `-` are left out; ties keep first-seen order.
 *
 * Exact, in three passes over typed arrays instead of one hash-table update per row: (1) every row's
 * bytes go into a count sketch, a cell per hashed pair, so a cell bounds the total of each pair hashed
 * to it from above; (2) the exact totals of the pairs of the heaviest rows give a floor T that the
 * n-th best pair reaches; (3) only rows whose cell reaches T can belong to a pair totalling T or more,
 * and only those few are aggregated exactly.
 */
export function topTalkers(store: FlowLogStore, view?: Uint32Array, n = 10): Talker[] {
  const src = addrCol(store, 'srcaddr');
  const dst = addrCol(store, 'dstaddr');
  if (!src || !dst || n <= 0) {
    return [];
  }
  const bytesCol = intCol(store, 'bytes');
  const packetsCol = intCol(store, 'packets');
  const names = new GlobalNames();
  const srcAlt = src.altStrings.size > 1 ? names.remap(src.altStrings) : undefined;
  const dstAlt = dst.altStrings.size > 1 ? names.remap(dst.altStrings) : undefined;
  const count = view ? view.length : store.count;
  let cellsCount = 1024;
  while (cellsCount < count / 4 && cellsCount < 1 << 20) {
    cellsCount *= 2;
  }
  const cellMask = cellsCount - 1;
  const sketch = new Float64Array(cellsCount);
  const cells = new Int32Array(count);
  const rowBytes = new Float64Array(count);
  const sv = src.v4;
  const dv = dst.v4;
  const sn = src.nulls;
  const dn = dst.nulls;
  const sa = src.alt;
  const da = dst.alt;
  const bd = bytesCol?.data;
  const bn = bytesCol?.nulls ?? null;
  const K = Math.max(4 * n, 32);
  let heavy: number[] = [];
  let heavyMin = -1;
  const key = (col: AddressColumn, alt: Int32Array | undefined, r: number): number => {
    const a = col.alt;
    return a !== null && a[r] !== 0 ? TWO32 + alt![a[r]!]! : col.v4[r]!;
  };
  // Pass 1.
  for (let i = 0; i < count; i++) {
    const r = view ? view[i]! : i;
    const bit = 1 << (r & 7);
    if ((sn !== null && (sn[r >>> 3]! & bit) !== 0) || (dn !== null && (dn[r >>> 3]! & bit) !== 0)) {
      cells[i] = -1;
      continue;
    }
    const sk = sa !== null && sa[r] !== 0 ? TWO32 + srcAlt![sa[r]!]! : sv[r]!;
    const dk = da !== null && da[r] !== 0 ? TWO32 + dstAlt![da[r]!]! : dv[r]!;
    const cell = pairCell(sk, dk) & cellMask;
    const b = bd !== undefined && (bn === null || (bn[r >>> 3]! & bit) === 0) ? bd[r]! : 0;
    cells[i] = cell;
    rowBytes[i] = b;
    sketch[cell]! += b;
    if (b > heavyMin) {
      heavy.push(i);
      if (heavy.length >= 2 * K) {
        heavy.sort((x, y) => rowBytes[y]! - rowBytes[x]!);
        heavy = heavy.slice(0, K);
        heavyMin = rowBytes[heavy[K - 1]!]!;
      }
    }
  }
  // Pass 2: exact totals of the heaviest rows' pairs; the n-th best is the floor.
  const candidates = new KeyTable(1, 64);
  const candidateCell = new Uint8Array(cellsCount);
  for (const i of heavy) {
    const r = view ? view[i]! : i;
    candidates.entry(key(src, srcAlt, r), key(dst, dstAlt, r));
    candidateCell[cells[i]!] = 1;
  }
  for (let i = 0; i < count; i++) {
    const cell = cells[i]!;
    if (cell >= 0 && candidateCell[cell] === 1) {
      const r = view ? view[i]! : i;
      const e = candidates.find(key(src, srcAlt, r), key(dst, dstAlt, r));
      if (e >= 0) {
        candidates.values[e]! += rowBytes[i]!;
      }
    }
  }
  const best = candidates.top(0, n);
  const floor = best.length === n ? candidates.values[best[n - 1]!]! : 0;
  // Pass 3.
  const table = new KeyTable(3, 1024);
  const pd = packetsCol?.data;
  for (let i = 0; i < count; i++) {
    const cell = cells[i]!;
    if (cell < 0 || sketch[cell]! < floor) {
      continue;
    }
    const r = view ? view[i]! : i;
    const e = table.entry(key(src, srcAlt, r), key(dst, dstAlt, r)) * 3;
    const v = table.values;
    v[e]! += rowBytes[i]!;
    v[e + 1]! += pd && !packetsCol.isNull(r) ? pd[r]! : 0;
    v[e + 2]!++;
  }
  const text = (k: number): string => (k < TWO32 ? formatIPv4(k) : names.names[k - TWO32]!);
  return table.top(0, n).map((e) => ({
    src: text(table.keysA[e]!), dst: text(table.keysB[e]!),
    bytes: table.values[e * 3]!, packets: table.values[e * 3 + 1]!, records: table.values[e * 3 + 2]!,
  }));
}

function pairCell(a: number, b: number): number {
  let h = Math.imul((a >>> 0) ^ ((a / TWO32) >>> 0) * 0x27d4eb2d, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ (b >>> 0), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ ((b / TWO32) >>> 0), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
