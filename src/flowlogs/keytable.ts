/**
 * Open-addressing hash tables keyed by one or two non-negative integers (below 2^53), with numeric
 * value columns: what summaries aggregate into, far cheaper per row than a Map with string keys.
 */

const TWO32 = 4294967296;
const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;

function mix(a: number, b: number): number {
  const alo = a >>> 0;
  const ahi = (a / TWO32) >>> 0;
  const blo = b >>> 0;
  const bhi = (b / TWO32) >>> 0;
  let h = Math.imul(alo ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ ahi, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ blo, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ bhi, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Entries keyed by (a, b), each with `width` numeric values (sums or counts). */
export class KeyTable {
  /** Number of entries; entries are numbered 0..size-1 in first-seen order. */
  size = 0;
  keysA: Float64Array;
  keysB: Float64Array;
  /** Values of entry e at `values[e * width + k]`. */
  values: Float64Array;
  private slots: Int32Array;
  private mask: number;

  constructor(readonly width: number, initial = 1024) {
    let cap = 16;
    while (cap < initial) {
      cap *= 2;
    }
    this.slots = new Int32Array(cap * 2).fill(-1);
    this.mask = cap * 2 - 1;
    this.keysA = new Float64Array(cap);
    this.keysB = new Float64Array(cap);
    this.values = new Float64Array(cap * width);
  }

  /** The entry for (a, b), created with zero values if new. */
  entry(a: number, b: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = mix(a, b) & mask;
    for (;;) {
      const e = slots[slot]!;
      if (e < 0) {
        break;
      }
      if (this.keysA[e] === a && this.keysB[e] === b) {
        return e;
      }
      slot = (slot + 1) & mask;
    }
    const e = this.size++;
    if (e >= this.keysA.length) {
      this.grow();
      return this.insertNew(e, a, b);
    }
    slots[slot] = e;
    this.keysA[e] = a;
    this.keysB[e] = b;
    return e;
  }

  /** The entry for (a, b), or -1. */
  find(a: number, b: number): number {
    let slot = mix(a, b) & this.mask;
    for (;;) {
      const e = this.slots[slot]!;
      if (e < 0) {
        return -1;
      }
      if (this.keysA[e] === a && this.keysB[e] === b) {
        return e;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  private insertNew(e: number, a: number, b: number): number {
    this.keysA[e] = a;
    this.keysB[e] = b;
    let slot = mix(a, b) & this.mask;
    while (this.slots[slot]! >= 0) {
      slot = (slot + 1) & this.mask;
    }
    this.slots[slot] = e;
    return e;
  }

  private grow(): void {
    const cap = this.keysA.length * 2;
    const keysA = new Float64Array(cap);
    keysA.set(this.keysA);
    const keysB = new Float64Array(cap);
    keysB.set(this.keysB);
    const values = new Float64Array(cap * this.width);
    values.set(this.values);
    this.keysA = keysA;
    this.keysB = keysB;
    this.values = values;
    this.slots = new Int32Array(cap * 2).fill(-1);
    this.mask = cap * 2 - 1;
    for (let e = 0; e < this.size - 1; e++) {
      let slot = mix(keysA[e]!, keysB[e]!) & this.mask;
      while (this.slots[slot]! >= 0) {
        slot = (slot + 1) & this.mask;
      }
      this.slots[slot] = e;
    }
  }

  /**
   * The entries with the largest value in column `k`, largest first, at most `n` of them; ties keep
   * first-seen order.
   */
  top(k: number, n: number): number[] {
    const width = this.width;
    const values = this.values;
    const best: number[] = [];
    if (n <= 0) {
      return best;
    }
    for (let e = 0; e < this.size; e++) {
      const v = values[e * width + k]!;
      if (best.length === n && v <= values[best[n - 1]! * width + k]!) {
        continue;
      }
      let i = best.length === n ? n - 1 : best.length;
      if (best.length < n) {
        best.push(e);
      }
      while (i > 0 && values[best[i - 1]! * width + k]! < v) {
        best[i] = best[i - 1]!;
        i--;
      }
      best[i] = e;
    }
    return best;
  }
}

/** Dense ids for address keys (IPv4 values, or 2^32 + a global id for other text). */
export class AddressIds {
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


/**
 * Sums of bytes, packets and records per integer key (< 2^53), for streaming summaries of big inputs:
 * entries live in fixed blocks that are never copied (28 bytes each) and the index is a bare Int32
 * table, so memory grows smoothly with the number of keys, with no doubling spikes.
 */
export class PairSums {
  size = 0;
  private readonly keys: Float64Array[] = [];
  private readonly bytes: Float64Array[] = [];
  private readonly packets: Float64Array[] = [];
  private readonly records: Uint32Array[] = [];
  private slots = new Int32Array(1 << 12).fill(-1);
  private mask = (1 << 12) - 1;

  add(key: number, bytes: number, packets: number): void {
    const mask = this.mask;
    let slot = slotOf(key) & mask;
    for (;;) {
      const e = this.slots[slot]!;
      if (e < 0) {
        break;
      }
      const block = e >>> BLOCK_BITS;
      const at = e & (BLOCK - 1);
      if (this.keys[block]![at] === key) {
        this.bytes[block]![at]! += bytes;
        this.packets[block]![at]! += packets;
        this.records[block]![at]!++;
        return;
      }
      slot = (slot + 1) & mask;
    }
    const e = this.size++;
    const block = e >>> BLOCK_BITS;
    const at = e & (BLOCK - 1);
    if (at === 0) {
      this.keys.push(new Float64Array(BLOCK));
      this.bytes.push(new Float64Array(BLOCK));
      this.packets.push(new Float64Array(BLOCK));
      this.records.push(new Uint32Array(BLOCK));
    }
    this.keys[block]![at] = key;
    this.bytes[block]![at] = bytes;
    this.packets[block]![at] = packets;
    this.records[block]![at] = 1;
    this.slots[slot] = e;
    if (this.size * 2 > mask) {
      this.rehash();
    }
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let e = 0; e < this.size; e++) {
      let slot = slotOf(this.keys[e >>> BLOCK_BITS]![e & (BLOCK - 1)]!) & this.mask;
      while (this.slots[slot]! >= 0) {
        slot = (slot + 1) & this.mask;
      }
      this.slots[slot] = e;
    }
  }

  /** The `n` keys with the most bytes, most first; ties keep first-seen order. */
  top(n: number): { key: number; bytes: number; packets: number; records: number }[] {
    const best: number[] = [];
    const bytesOf = (e: number): number => this.bytes[e >>> BLOCK_BITS]![e & (BLOCK - 1)]!;
    for (let e = 0; e < this.size && n > 0; e++) {
      const v = bytesOf(e);
      if (best.length === n && v <= bytesOf(best[n - 1]!)) {
        continue;
      }
      let i = best.length === n ? n - 1 : best.length;
      if (best.length < n) {
        best.push(e);
      }
      while (i > 0 && bytesOf(best[i - 1]!) < v) {
        best[i] = best[i - 1]!;
        i--;
      }
      best[i] = e;
    }
    return best.map((e) => {
      const block = e >>> BLOCK_BITS;
      const at = e & (BLOCK - 1);
      return { key: this.keys[block]![at]!, bytes: this.bytes[block]![at]!, packets: this.packets[block]![at]!, records: this.records[block]![at]! };
    });
  }
}

function slotOf(key: number): number {
  const h = Math.imul((key >>> 0) ^ Math.imul((key / TWO32) >>> 0, 0x85ebca6b), 0x9e3779b1);
  return h ^ (h >>> 15);
}
