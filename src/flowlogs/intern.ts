/**
 * String interning keyed by bytes: the parser looks a field up by its UTF-8 bytes in the input buffer
 * and gets a small integer code, creating a JavaScript string only the first time a value is seen.
 * So a store holds each distinct id once, as its own string, never as a slice of the input (V8 slices of
 * 13+ characters would keep the whole input alive).
 */

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Decodes bytes as UTF-8 (invalid sequences become U+FFFD), with a fast path for short ASCII. */
export function decodeBytes(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 64) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (bytes[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
    }
  }
  return decoder.decode(bytes.subarray(start, end));
}

const encoder = new TextEncoder();

/**
 * A multiplicative hash over the length, the first 4 and the last 12 bytes (all bytes of shorter
 * values), four bytes per step: ids and ARNs differ at their ends, and the byte comparison on lookup
 * settles any collision.
 */
function hashBytes(src: Uint8Array, start: number, end: number): number {
  const len = end - start;
  let h = Math.imul(len ^ 0x2545f491, 0x9e3779b1);
  let i = start;
  if (len > 16) {
    h = Math.imul(h ^ (src[i]! | (src[i + 1]! << 8) | (src[i + 2]! << 16) | (src[i + 3]! << 24)), 0x85ebca6b);
    i = end - 12;
  }
  for (; i + 4 <= end; i += 4) {
    h = Math.imul((h << 5) ^ (h >>> 27) ^ (src[i]! | (src[i + 1]! << 8) | (src[i + 2]! << 16) | (src[i + 3]! << 24)), 0x85ebca6b);
  }
  for (; i < end; i++) {
    h = Math.imul(h ^ src[i]!, 0xc2b2ae35);
  }
  return h ^ (h >>> 15);
}

/** An interner's values as bytes, offsets and lengths by code (code 0 unused). */
export interface InternerData {
  readonly count: number;
  readonly bytes: Uint8Array;
  readonly offsets: Int32Array;
  readonly lengths: Int32Array;
}

/**
 * A dictionary of distinct strings. Code 0 is reserved for "no value" (`-`, null); real values get
 * codes 1, 2, ... in first-seen order. Values are kept as UTF-8 bytes and turned into strings only when
 * read, so parsing a column of unique values (task ids, ARNs) creates no strings and no garbage.
 */
export class Interner {
  /** Strings of codes 0..list.length-1, decoded so far (in code order). */
  private readonly list: string[] = [''];
  private count = 1;
  private bytes: Uint8Array = new Uint8Array(1024);
  private used = 0;
  private offsets: Int32Array = new Int32Array(64);
  private lengths: Int32Array = new Int32Array(64);
  private hashes: Int32Array = new Int32Array(64);
  private table: Int32Array = new Int32Array(64);
  private mask = 63;
  private last = 0;

  /** Number of codes in use, including the reserved code 0. */
  get size(): number {
    return this.count;
  }

  /** Every value by code (`strings[0]` is unused); decodes any not yet read. */
  get strings(): readonly string[] {
    while (this.list.length < this.count) {
      this.list.push(this.decode(this.list.length));
    }
    return this.list;
  }

  /** The value of one code (`''` for 0). */
  string(code: number): string {
    return code < this.list.length ? this.list[code]! : this.decode(code);
  }

  private decode(code: number): string {
    const off = this.offsets[code]!;
    return decodeBytes(this.bytes, off, off + this.lengths[code]!);
  }

  /** Approximate memory held, in bytes. */
  memoryBytes(): number {
    let chars = 0;
    for (const s of this.list) {
      chars += s.length;
    }
    return this.bytes.byteLength + this.offsets.byteLength + this.lengths.byteLength + this.hashes.byteLength +
      this.table.byteLength + chars + this.list.length * 16;
  }

  /** The code for the bytes `src[start..end)`, adding the value if it is new. */
  intern(src: Uint8Array, start: number, end: number): number {
    const h = hashBytes(src, start, end);
    const len = end - start;
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const code = table[slot]!;
      if (code === 0) {
        break;
      }
      if (this.hashes[code] === h && this.lengths[code] === len && this.sameBytes(code, src, start, len)) {
        return code;
      }
      slot = (slot + 1) & mask;
    }
    return this.add(src, start, end, h);
  }

  /**
   * Like {@link intern}, checking the previous value first: a CloudWatch stream is one interface, so
   * ids repeat line after line and most lookups end with one comparison.
   */
  internRepeated(src: Uint8Array, start: number, end: number): number {
    const last = this.last;
    const len = end - start;
    if (last !== 0 && this.lengths[last] === len && this.sameBytes(last, src, start, len)) {
      return last;
    }
    return (this.last = this.intern(src, start, end));
  }

  /** The code for a string, adding it if it is new. */
  internString(value: string): number {
    const bytes = encoder.encode(value);
    return this.intern(bytes, 0, bytes.length);
  }

  /** The code of a string if it is present, else 0. */
  find(value: string): number {
    const bytes = encoder.encode(value);
    return this.lookup(bytes, 0, bytes.length);
  }

  /** The code for the bytes `src[start..end)` if present, else 0 (never adds). */
  lookup(src: Uint8Array, start: number, end: number): number {
    const h = hashBytes(src, start, end);
    const len = end - start;
    let slot = h & this.mask;
    for (;;) {
      const code = this.table[slot]!;
      if (code === 0) {
        return 0;
      }
      if (this.hashes[code] === h && this.lengths[code] === len && this.sameBytes(code, src, start, len)) {
        return code;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** The values as plain bytes (to send to another thread): {@link Interner.fromData} rebuilds them. */
  exportData(): InternerData {
    return {
      count: this.count, bytes: this.bytes.slice(0, this.used), offsets: this.offsets.slice(0, this.count),
      lengths: this.lengths.slice(0, this.count),
    };
  }

  /**
   * Adds the values of exported data in code order, returning code in the data -> code here. Into an
   * empty interner (or one seeded with the same first values) the codes come out the same.
   */
  addData(data: InternerData): Uint32Array {
    const map = new Uint32Array(data.count);
    for (let code = 1; code < data.count; code++) {
      const off = data.offsets[code]!;
      map[code] = this.intern(data.bytes, off, off + data.lengths[code]!);
    }
    return map;
  }

  /** Code in `other` -> code here, for every code of `other` (adding the values that are new here). */
  mapFrom(other: Interner): Uint32Array {
    const map = new Uint32Array(other.count);
    for (let code = 1; code < other.count; code++) {
      const off = other.offsets[code]!;
      map[code] = this.intern(other.bytes, off, off + other.lengths[code]!);
    }
    return map;
  }

  /** Forgets every value (codes restart at 1). */
  clear(): void {
    this.last = 0;
    this.list.length = 1;
    this.count = 1;
    this.used = 0;
    this.table.fill(0);
  }

  private sameBytes(code: number, src: Uint8Array, start: number, len: number): boolean {
    const bytes = this.bytes;
    const off = this.offsets[code]!;
    for (let i = 0; i < len; i++) {
      if (bytes[off + i] !== src[start + i]) {
        return false;
      }
    }
    return true;
  }

  private add(src: Uint8Array, start: number, end: number, h: number): number {
    const code = this.count++;
    const len = end - start;
    if (this.used + len > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + len));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    const bytes = this.bytes;
    for (let i = 0, at = this.used; i < len; i++) {
      bytes[at + i] = src[start + i]!;
    }
    if (code >= this.offsets.length) {
      this.offsets = grow(this.offsets);
      this.lengths = grow(this.lengths);
      this.hashes = grow(this.hashes);
    }
    this.offsets[code] = this.used;
    this.lengths[code] = len;
    this.hashes[code] = h;
    this.used += len;
    if (code * 2 > this.mask) {
      this.rehash();
    } else {
      let slot = h & this.mask;
      while (this.table[slot] !== 0) {
        slot = (slot + 1) & this.mask;
      }
      this.table[slot] = code;
    }
    return code;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 4;
    this.table = new Int32Array(size);
    this.mask = size - 1;
    for (let code = 1; code < this.count; code++) {
      let slot = this.hashes[code]! & this.mask;
      while (this.table[slot] !== 0) {
        slot = (slot + 1) & this.mask;
      }
      this.table[slot] = code;
    }
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
