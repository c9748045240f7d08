/**
 * Open-addressing hash tables keyed by one or two non-negative integers (below 2^53), with numeric
 * value columns: what summaries aggregate into, far cheaper per row than a Map with string keys.
 */

const TWO32 = 4294967296;

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
