/**
 * Summaries of flow log records: totals, top talkers, top REJECT sources and rejected ports,
 * per-interface totals and an ACCEPT/REJECT time histogram. An accumulator folds rows in one pass, so
 * the same code summarises a store, a filtered view, or a stream of pages that are then dropped.
 */
import { AddressColumn, DictColumn, IntColumn, type Column } from './columns';
import { formatIPv4 } from './ip';
import type { Interner } from './intern';
import { KeyTable } from './keytable';
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
  private readonly talkers = new KeyTable(3);
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
          const e = this.talkers.entry(sk, dk) * 3;
          const v = this.talkers.values;
          v[e]! += b;
          v[e + 1]! += p;
          v[e + 2]!++;
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
    const t = this.talkers;
    const topTalkers = t.top(0, top).map((e): Talker => ({
      src: this.addressText(t.keysA[e]!), dst: this.addressText(t.keysB[e]!),
      bytes: t.values[e * 3]!, packets: t.values[e * 3 + 1]!, records: t.values[e * 3 + 2]!,
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

/** Dense ids for address keys (IPv4 values, or 2^32 + a global id for other text). */
class AddressIds {
  size = 0;
  private keys: Float64Array;
  private ids: Int32Array;
  private mask: number;

  constructor(expected: number) {
    let cap = 1024;
    while (cap < expected * 2) {
      cap *= 2;
    }
    this.keys = new Float64Array(cap).fill(-1);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
  }

  id(key: number): number {
    const mask = this.mask;
    const keys = this.keys;
    let slot = (Math.imul((key >>> 0) ^ ((key / TWO32) >>> 0), 0x9e3779b1) >>> 12) & mask;
    for (;;) {
      const k = keys[slot]!;
      if (k === key) {
        return this.ids[slot]!;
      }
      if (k === -1) {
        break;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    keys[slot] = key;
    this.ids[slot] = id;
    if (this.size * 2 > mask) {
      this.grow();
    }
    return id;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldIds = this.ids;
    const cap = oldKeys.length * 2;
    this.keys = new Float64Array(cap).fill(-1);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
    for (let s = 0; s < oldKeys.length; s++) {
      const key = oldKeys[s]!;
      if (key !== -1) {
        let slot = (Math.imul((key >>> 0) ^ ((key / TWO32) >>> 0), 0x9e3779b1) >>> 12) & this.mask;
        while (this.keys[slot] !== -1) {
          slot = (slot + 1) & this.mask;
        }
        this.keys[slot] = key;
        this.ids[slot] = oldIds[s]!;
      }
    }
  }
}

function grown(a: Float64Array, size: number): Float64Array {
  if (size < a.length) {
    return a;
  }
  const b = new Float64Array(Math.max(size + 1, a.length * 2));
  b.set(a);
  return b;
}

/**
 * The top `n` (source, destination) pairs by bytes, alone (cheaper than a full summary). Rows whose
 * source or destination is `-` are left out; ties keep first-seen order.
 *
 * Exact, in three passes instead of one hash table over every pair: (1) dense address ids and each
 * address's bytes as a source and as a destination; (2) the exact totals of the pairs of the heaviest
 * rows, whose n-th largest is a floor T for the answer; (3) only rows whose source and destination
 * each total at least T can belong to a pair totalling T or more, so only those are aggregated.
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
  const simple = src.alt === null && dst.alt === null && src.nulls === null && dst.nulls === null;
  const ids = new AddressIds(Math.min(count, 1 << 16));
  const srcIds = new Int32Array(count);
  const dstIds = new Int32Array(count);
  const rowBytes = new Float64Array(count);
  let srcTotal: Float64Array = new Float64Array(1024);
  let dstTotal: Float64Array = new Float64Array(1024);
  const addressKeys: number[] = [];
  // Pass 1.
  const K = Math.max(4 * n, 32);
  const heavy: number[] = [];
  let heavyMin = -1;
  const bd = bytesCol?.data;
  const sv = src.v4;
  const dv = dst.v4;
  const sn = src.nulls;
  const dn = dst.nulls;
  const sa = src.alt;
  const da = dst.alt;
  for (let i = 0; i < count; i++) {
    const r = view ? view[i]! : i;
    let sk: number;
    let dk: number;
    if (simple) {
      sk = sv[r]!;
      dk = dv[r]!;
    } else {
      const bit = 1 << (r & 7);
      if ((sn !== null && (sn[r >>> 3]! & bit) !== 0) || (dn !== null && (dn[r >>> 3]! & bit) !== 0)) {
        srcIds[i] = -1;
        continue;
      }
      sk = sa !== null && sa[r] !== 0 ? TWO32 + srcAlt![sa[r]!]! : sv[r]!;
      dk = da !== null && da[r] !== 0 ? TWO32 + dstAlt![da[r]!]! : dv[r]!;
    }
    const before = ids.size;
    const s = ids.id(sk);
    if (ids.size !== before) {
      addressKeys.push(sk);
    }
    const before2 = ids.size;
    const d = ids.id(dk);
    if (ids.size !== before2) {
      addressKeys.push(dk);
    }
    srcIds[i] = s;
    dstIds[i] = d;
    const b = bd && !bytesCol.isNull(r) ? bd[r]! : 0;
    rowBytes[i] = b;
    srcTotal = grown(srcTotal, ids.size);
    dstTotal = grown(dstTotal, ids.size);
    srcTotal[s]! += b;
    dstTotal[d]! += b;
    if (b > heavyMin || heavy.length < K) {
      heavy.push(i);
      if (heavy.length >= 2 * K) {
        heavy.sort((x, y) => rowBytes[y]! - rowBytes[x]!);
        heavy.length = K;
        heavyMin = rowBytes[heavy[K - 1]!]!;
      }
    }
  }
  // Pass 2: exact totals of the heaviest rows' pairs give the floor T.
  const candidates = new KeyTable(1, 64);
  const candidateSrc = new Uint8Array(ids.size);
  for (const i of heavy) {
    candidates.entry(srcIds[i]!, dstIds[i]!);
    candidateSrc[srcIds[i]!] = 1;
  }
  for (let i = 0; i < count; i++) {
    const s = srcIds[i]!;
    if (s >= 0 && candidateSrc[s] === 1) {
      const e = candidates.find(s, dstIds[i]!);
      if (e >= 0) {
        candidates.values[e]! += rowBytes[i]!;
      }
    }
  }
  const best = candidates.top(0, n);
  const floor = best.length === n ? candidates.values[best[n - 1]!]! : 0;
  // Pass 3: the rows that can matter.
  const kept: number[] = [];
  for (let i = 0; i < count; i++) {
    const s = srcIds[i]!;
    if (s >= 0 && srcTotal[s]! >= floor && dstTotal[dstIds[i]!]! >= floor) {
      kept.push(i);
    }
  }
  const pairs = ids.size <= 65536 ? aggregateBySort(kept, srcIds, dstIds, rowBytes, ids.size) : aggregateByHash(kept, srcIds, dstIds, rowBytes);
  const winners = pairs.top(n);
  // Packets and record counts for the winning pairs only.
  const wanted = new KeyTable(2, 64);
  const wantedSrc = new Uint8Array(ids.size);
  for (const w of winners) {
    wanted.entry(w.s, w.d);
    wantedSrc[w.s] = 1;
  }
  const pd = packetsCol?.data;
  for (const i of kept) {
    const s = srcIds[i]!;
    if (wantedSrc[s] === 1) {
      const e = wanted.find(s, dstIds[i]!);
      if (e >= 0) {
        const r = view ? view[i]! : i;
        wanted.values[e * 2]! += pd && !packetsCol.isNull(r) ? pd[r]! : 0;
        wanted.values[e * 2 + 1]!++;
      }
    }
  }
  const text = (k: number): string => (k < TWO32 ? formatIPv4(k) : names.names[k - TWO32]!);
  return winners.map((w) => {
    const e = wanted.find(w.s, w.d);
    return {
      src: text(addressKeys[w.s]!), dst: text(addressKeys[w.d]!), bytes: w.bytes,
      packets: wanted.values[e * 2]!, records: wanted.values[e * 2 + 1]!,
    };
  });
}

/** Pair totals: (source id, destination id, bytes, first row) per pair, and the top n of them. */
interface PairTotals {
  top(n: number): { s: number; d: number; bytes: number }[];
}

/** Top n of (bytes desc, first row asc) over parallel arrays. */
function topPairs(n: number, size: number, s: ArrayLike<number>, d: ArrayLike<number>, bytes: ArrayLike<number>, first: ArrayLike<number>): { s: number; d: number; bytes: number }[] {
  const best: number[] = [];
  const better = (a: number, b: number): boolean => bytes[a]! > bytes[b]! || (bytes[a] === bytes[b] && first[a]! < first[b]!);
  for (let e = 0; e < size; e++) {
    if (best.length === n && !better(e, best[n - 1]!)) {
      continue;
    }
    let k = best.length === n ? n - 1 : best.length;
    if (best.length < n) {
      best.push(e);
    }
    while (k > 0 && better(e, best[k - 1]!)) {
      best[k] = best[k - 1]!;
      k--;
    }
    best[k] = e;
  }
  return best.map((e) => ({ s: s[e]!, d: d[e]!, bytes: bytes[e]! }));
}

/**
 * Pair totals by a stable LSD radix sort of the rows on a 32-bit pair key (source id * ids +
 * destination id), then one scan over runs of equal keys: sequential memory traffic instead of a
 * hash table lookup per row.
 */
function aggregateBySort(kept: number[], srcIds: Int32Array, dstIds: Int32Array, rowBytes: Float64Array, idCount: number): PairTotals {
  const m = kept.length;
  let keys = new Uint32Array(m);
  let rows = new Uint32Array(m);
  for (let k = 0; k < m; k++) {
    const i = kept[k]!;
    keys[k] = srcIds[i]! * idCount + dstIds[i]!;
    rows[k] = i;
  }
  let keys2 = new Uint32Array(m);
  let rows2 = new Uint32Array(m);
  const counts = new Uint32Array(2048);
  for (let shift = 0; shift < 32; shift += 11) {
    counts.fill(0);
    for (let k = 0; k < m; k++) {
      counts[(keys[k]! >>> shift) & 2047]!++;
    }
    if (m === 0 || counts[(keys[0]! >>> shift) & 2047] === m) {
      continue;
    }
    let sum = 0;
    for (let b = 0; b < 2048; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let k = 0; k < m; k++) {
      const key = keys[k]!;
      const at = counts[(key >>> shift) & 2047]!++;
      keys2[at] = key;
      rows2[at] = rows[k]!;
    }
    [keys, keys2] = [keys2, keys];
    [rows, rows2] = [rows2, rows];
  }
  const s: number[] = [];
  const d: number[] = [];
  const bytes: number[] = [];
  const first: number[] = [];
  for (let k = 0; k < m;) {
    const key = keys[k]!;
    let b = 0;
    let f = rows[k]!;
    for (; k < m && keys[k] === key; k++) {
      b += rowBytes[rows[k]!]!;
      f = Math.min(f, rows[k]!);
    }
    s.push(Math.floor(key / idCount));
    d.push(key % idCount);
    bytes.push(b);
    first.push(f);
  }
  return { top: (n) => topPairs(n, s.length, s, d, bytes, first) };
}

/** Pair totals with a hash table (when pair keys do not fit 32 bits). */
function aggregateByHash(kept: number[], srcIds: Int32Array, dstIds: Int32Array, rowBytes: Float64Array): PairTotals {
  const table = new KeyTable(2, 1024);
  for (const i of kept) {
    const e = table.entry(srcIds[i]!, dstIds[i]!);
    if (table.values[e * 2 + 1] === 0) {
      table.values[e * 2 + 1] = i + 1;
    }
    table.values[e * 2]! += rowBytes[i]!;
  }
  const bytes = Array.from({ length: table.size }, (_, e) => table.values[e * 2]!);
  const first = Array.from({ length: table.size }, (_, e) => table.values[e * 2 + 1]!);
  return { top: (n) => topPairs(n, table.size, table.keysA, table.keysB, bytes, first) };
}
