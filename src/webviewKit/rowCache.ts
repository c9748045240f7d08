/**
 * The webview's cache of rows of the current query, in blocks, so scrolling asks the host only for
 * blocks it has not seen and a fast scroll over a million rows never asks for the rows it skipped.
 * Pure (no DOM): unit-tested in Node.
 */
import type { RowData } from './types';

/** Rows per request. */
export const BLOCK = 100;
/** Blocks kept; older ones are dropped (about 6,000 rows). */
const MAX_BLOCKS = 60;

export class RowCache {
  private readonly blocks = new Map<number, RowData[]>();
  private readonly pending = new Set<number>();
  private seqValue = 0;
  private countValue = 0;

  /**
   * @param request asks the host for rows `[start, start + count)` of query `seq`.
   */
  constructor(private readonly request: (seq: number, start: number, count: number) => void) {}

  /** The query whose rows are cached. */
  get seq(): number {
    return this.seqValue;
  }

  /** Number of rows of the current query. */
  get count(): number {
    return this.countValue;
  }

  /** Forgets every row: a new query (or new data) starts. */
  reset(seq: number, count: number): void {
    this.seqValue = seq;
    this.countValue = count;
    this.blocks.clear();
    this.pending.clear();
  }

  /** The row at a position of the current query, if it has arrived. */
  get(position: number): RowData | undefined {
    const block = this.blocks.get(Math.floor(position / BLOCK));
    return block?.[position % BLOCK];
  }

  /** Stores rows that arrived for `seq` starting at `start`; rows of another query are ignored. Returns whether they were stored. */
  put(seq: number, start: number, rows: readonly RowData[]): boolean {
    if (seq !== this.seqValue) {
      return false;
    }
    for (let i = 0; i < rows.length; i++) {
      const position = start + i;
      const index = Math.floor(position / BLOCK);
      let block = this.blocks.get(index);
      if (!block) {
        block = [];
        this.blocks.set(index, block);
      }
      block[position % BLOCK] = rows[i]!;
      // A block is complete once its last row (or the last row of the query) is there.
      if ((position + 1) % BLOCK === 0 || position + 1 === this.countValue) {
        this.pending.delete(index);
      }
    }
    this.evict();
    return true;
  }

  /** Asks the host for every block of `[start, end)` that is neither cached nor requested. */
  ensure(start: number, end: number): void {
    const last = Math.min(end, this.countValue) - 1;
    if (last < start) {
      return;
    }
    const first = Math.floor(Math.max(0, start) / BLOCK);
    for (let index = first; index <= Math.floor(last / BLOCK); index++) {
      if (this.pending.has(index) || this.isComplete(index)) {
        continue;
      }
      this.pending.add(index);
      const blockStart = index * BLOCK;
      this.request(this.seqValue, blockStart, Math.min(BLOCK, this.countValue - blockStart));
    }
  }

  private isComplete(index: number): boolean {
    const block = this.blocks.get(index);
    if (!block) {
      return false;
    }
    const size = Math.min(BLOCK, this.countValue - index * BLOCK);
    for (let i = 0; i < size; i++) {
      if (!block[i]) {
        return false;
      }
    }
    return true;
  }

  private evict(): void {
    // Map iteration order is insertion order: the oldest blocks go first.
    for (const index of this.blocks.keys()) {
      if (this.blocks.size <= MAX_BLOCKS) {
        break;
      }
      this.blocks.delete(index);
    }
  }
}
