/**
 * A large plain file parsed on two threads: the file is split at the first line boundary after its
 * middle, this thread parses the first part while a worker (`parseWorker.ts`) parses the second into a
 * store of its own, which comes back as transferred arrays and is appended column by column (whole
 * array ranges, dictionary codes mapped). The result is the store one thread would give: same rows,
 * errors (line numbers of the whole file), line count. Node-only (worker_threads).
 */
import { open, stat } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FlowLogParser } from './parser';
import { FlowLogStore, type StoreData } from './store';
import { CHUNK_BYTES, fileChunks, parseFile, readInto, type ChunkSink, type StreamOptions } from './stream';

/** Files smaller than this are parsed on one thread: a worker's start-up would cost more than it saves. */
export const PARALLEL_MIN_BYTES = 32 << 20;

/** Options for {@link parseFileParallel}. */
export interface ParallelOptions extends StreamOptions {
  /** Threads to use: 1 or 2 (default: {@link defaultThreads}). */
  threads?: number;
  /** Where to split (tests): the first line start after this byte instead of after the middle. */
  splitAfter?: number;
  /** Smallest file that is split (default {@link PARALLEL_MIN_BYTES}). */
  minBytes?: number;
  /** The worker's script (default: `parseWorker.js` beside this module, as in `dist/` and `out/`). */
  workerPath?: string;
  /** Called with the worker once it is started. */
  onWorker?: (worker: Worker) => void;
}

/** What the worker is asked: parse `path` from `start` to `end` with the format found at the top. */
export interface PartRequest {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly format: string;
  readonly maxErrors?: number;
  readonly maxLineLength?: number;
}

/** What the worker answers. */
export type PartReply = { readonly data: StoreData } | { readonly error: string };

/**
 * 2 when a second CPU is there and idle enough to pay: the worker parses its half cold (its own
 * start-up and JIT warm-up, about a third more CPU time in all), so with every core busy (load
 * average at or above the CPUs less one) two threads finish later than one.
 */
export function defaultThreads(): number {
  const cpus = availableParallelism();
  return cpus >= 2 && loadavg()[0]! <= cpus - 1 ? 2 : 1;
}

/** The first position after `from` that starts a line (just after a newline), or `size` when there is none. */
export async function lineStartAfter(path: string, from: number, size: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(1 << 16);
    for (let pos = from; pos < size; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, pos);
      if (bytesRead === 0) {
        break;
      }
      const nl = buffer.subarray(0, bytesRead).indexOf(10);
      if (nl >= 0) {
        return pos + nl + 1;
      }
      pos += bytesRead;
    }
    return size;
  } finally {
    await handle.close();
  }
}

async function startsWithGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Runs the worker on one part; the promise settles with its store or its error. */
function parsePart(request: PartRequest, options: ParallelOptions): { worker: Worker; store: Promise<FlowLogStore> } {
  const worker = new Worker(options.workerPath ?? join(__dirname, 'parseWorker.js'), { workerData: request });
  options.onWorker?.(worker);
  const store = new Promise<FlowLogStore>((resolve, reject) => {
    worker.once('message', (reply: PartReply) => {
      if ('error' in reply) {
        reject(new Error(reply.error));
      } else {
        resolve(FlowLogStore.fromData(reply.data));
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The parsing thread stopped without an answer (exit code ${code})`)));
  });
  return { worker, store };
}

/**
 * Parses a plain file into a store, on two threads when it is large enough (see the module comment);
 * gzip and small files are parsed on this thread by {@link parseFile}. Cancelling (the signal) stops
 * the worker too; an error in the worker rejects the promise.
 */
export async function parseFileParallel(path: string, options: ParallelOptions = {}): Promise<FlowLogStore> {
  const threads = options.threads ?? defaultThreads();
  const { size } = await stat(path);
  if (threads < 2 || size < (options.minBytes ?? PARALLEL_MIN_BYTES) || options.gzip === true || await startsWithGzip(path)) {
    return parseFile(path, options);
  }
  const split = await lineStartAfter(path, options.splitAfter ?? Math.floor(size / 2), size);
  if (split >= size) {
    return parseFile(path, options);
  }
  const { signal } = options;
  const parser = new FlowLogParser({ ...options, store: true });
  let part: { worker: Worker; store: Promise<FlowLogStore> } | undefined;
  const stop = (): void => void part?.worker.terminate();
  signal?.addEventListener('abort', stop, { once: true });
  // The worker starts as soon as this thread knows the format (the first record or header line).
  const sink: ChunkSink = {
    push(chunk) {
      parser.push(chunk);
      if (part === undefined && parser.store !== undefined) {
        part = parsePart({ path, start: split, end: size, format: parser.store.format, maxErrors: options.maxErrors, maxLineLength: options.maxLineLength }, options);
        part.store.catch(() => undefined);
      }
    },
    end: () => parser.end(),
    get records() {
      return parser.records;
    },
  };
  try {
    await readInto(sink, fileChunks(path, signal, CHUNK_BYTES, 0, split), { ...options, gzip: false });
    const first = parser.end();
    if (part === undefined) {
      // No record in the whole first half (blank lines, or a format error): one thread reads it all.
      return await parseFile(path, options);
    }
    const second = await part.store;
    signal?.throwIfAborted();
    for (let i = 0; i < second.errors.length; i++) {
      const e = second.errors[i]!;
      second.errors[i] = { ...e, line: e.line + first.lines };
    }
    first.reserve(first.count + second.count);
    first.append(second);
    const maxErrors = options.maxErrors ?? 100_000;
    if (first.errors.length > maxErrors) {
      first.errors.length = maxErrors;
    }
    return first;
  } finally {
    signal?.removeEventListener('abort', stop);
    void part?.worker.terminate();
  }
}
