/**
 * Parsing from files and streams, gzipped or not (S3 exports are `.log.gz`): bytes are read in chunks
 * and go through the incremental parser as they arrive, so a file of gigabytes needs memory for the
 * store only (or for a summary only, with `store: false`), plus one read buffer. Gzip is decompressed
 * as a stream on zlib's own threads while this thread parses the previous chunk, with a bound on the
 * decompressed size; a truncated gzip keeps the records before the cut. Node-only (node:zlib,
 * node:fs); the rest of the engine has no Node dependency.
 */
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { formatBytes } from '../common/format';
import { FlowLogParser, type ParserOptions } from './parser';
import type { FlowLogStore, ParseError } from './store';
import type { Summary } from './summary';

/** Bytes read from a file per chunk (one buffer, reused). */
export const CHUNK_BYTES = 1 << 20;

/** Options for stream and file parsing. */
export interface StreamOptions extends ParserOptions {
  /** Decompress gzip: true, false, or 'auto' (default: by the 1f 8b magic bytes). */
  gzip?: boolean | 'auto';
  /** Stops reading (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Called after each chunk with the (decompressed) bytes and records so far, and the bytes read from the source. */
  onProgress?: (bytes: number, records: number, sourceBytes: number) => void;
  /** Most bytes a gzipped input may decompress to (default: unbounded): past it, a {@link TooLargeError}. */
  maxDecompressedBytes?: number;
  /**
   * A truncated gzip (the file ends inside the compressed data): 'keep' returns the records before
   * the cut with `truncated` set in the result; 'throw' (the default) rejects with a {@link TruncatedError}.
   */
  truncated?: 'keep' | 'throw';
}

/** Gzipped input that decompresses to more than the bound allows. */
export class TooLargeError extends Error {
  constructor(readonly limitBytes: number, readonly compressedBytes: number) {
    super(`decompresses to more than ${formatBytes(limitBytes)} (read ${formatBytes(compressedBytes)} of compressed data): it is larger than the limit, or not a flow log (a "zip bomb")`);
    this.name = 'TooLargeError';
  }
}

/** Gzipped input that ends inside the compressed data (a partial download or copy). */
export class TruncatedError extends Error {
  constructor(readonly compressedBytes: number, readonly decompressedBytes: number) {
    super(`the gzip data is truncated after ${compressedBytes.toLocaleString('en-US')} bytes`);
    this.name = 'TruncatedError';
  }
}

/**
 * What {@link readInto} feeds: a parser, or a wrapper that creates one once it has seen the first
 * lines (to choose the format). A chunk may be a reused buffer: copy what must outlive the call.
 */
export interface ChunkSink {
  push(chunk: Uint8Array | string): void;
  end(): unknown;
  readonly records: number;
}

/** What reading a whole input returns. */
export interface ReadResult<P extends ChunkSink = FlowLogParser> {
  /** The ended parser: `store`, `records`, `summary()`. */
  readonly parser: P;
  /** Bytes parsed (decompressed). */
  readonly bytes: number;
  /** Bytes read from the source (compressed, for gzip). */
  readonly sourceBytes: number;
  readonly gzip: boolean;
  /** Set when the gzip input was truncated and `truncated: 'keep'`: the records before the cut were kept. */
  readonly truncated?: TruncatedError;
}

/** What a streaming summary returns. */
export interface StreamSummary {
  readonly summary: Summary;
  readonly fields: readonly string[];
  readonly records: number;
  readonly errors: readonly ParseError[];
  readonly errorCount: number;
  readonly lines: number;
}

type Chunk = Uint8Array | string;

/**
 * A file's bytes in chunks read into one reused buffer: each chunk is valid only until the next one
 * is asked for (the parser copies what it keeps). Nothing the size of the file is ever allocated.
 * `start` and `end` read a byte range only (a part of a file parsed on another thread).
 */
export async function* fileChunks(path: string, signal?: AbortSignal, chunkBytes = CHUNK_BYTES, start = 0, end = Infinity): AsyncGenerator<Uint8Array> {
  signal?.throwIfAborted();
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(chunkBytes);
    let position = start;
    for (;;) {
      signal?.throwIfAborted();
      const want = Math.min(chunkBytes, end - position);
      if (want <= 0) {
        return;
      }
      const { bytesRead } = await handle.read(buffer, 0, want, position);
      if (bytesRead === 0) {
        return;
      }
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Decompresses gzip chunks (several members, as concatenated S3 objects, are fine) as a stream: zlib
 * works on its own threads while the caller parses what came before. Input chunks are released as soon
 * as zlib has taken them, so a reused read buffer is safe. Throws a {@link TooLargeError} past
 * `maxBytes` of output and a {@link TruncatedError} when the data ends early (after yielding all it could).
 */
export async function* gunzipChunks(
  source: AsyncIterable<Uint8Array>,
  options: { maxBytes?: number; signal?: AbortSignal; onSourceBytes?: (bytes: number) => void } = {},
): AsyncGenerator<Uint8Array> {
  const { maxBytes = Infinity, signal } = options;
  const gunzip = createGunzip({ chunkSize: 1 << 18 });
  let sourceBytes = 0;
  let outBytes = 0;
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    gunzip.destroy();
  };
  signal?.addEventListener('abort', stop, { once: true });
  const closed = new Promise<void>((resolve) => gunzip.once('close', resolve));
  const pump = (async (): Promise<void> => {
    const it = source[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await it.next();
        if (next.done || stopped) {
          break;
        }
        sourceBytes += next.value.length;
        options.onSourceBytes?.(sourceBytes);
        // Wait until zlib has consumed the chunk (or the stream is gone) before reading the next one.
        await Promise.race([new Promise<void>((resolve) => gunzip.write(next.value, () => resolve())), closed]);
      }
      if (!stopped) {
        gunzip.end();
      }
    } catch (error) {
      gunzip.destroy(error instanceof Error ? error : new Error(String(error)));
    } finally {
      await it.return?.();
    }
  })();
  try {
    for await (const chunk of gunzip) {
      const bytes = chunk as Buffer;
      outBytes += bytes.length;
      if (outBytes > maxBytes) {
        throw new TooLargeError(maxBytes, sourceBytes);
      }
      yield new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
  } catch (error) {
    signal?.throwIfAborted();
    if ((error as { code?: string }).code === 'Z_BUF_ERROR') {
      throw new TruncatedError(sourceBytes, outBytes);
    }
    throw error;
  } finally {
    signal?.removeEventListener('abort', stop);
    stop();
    await pump;
  }
  signal?.throwIfAborted();
}

/**
 * Reads every chunk of a source (a file's {@link fileChunks}, an S3 object body, any async iterable of
 * bytes or strings) into a parser, gunzipping on the way when the input is gzip.
 */
export async function readInto<P extends ChunkSink>(parser: P, source: AsyncIterable<Chunk>, options: StreamOptions = {}): Promise<ReadResult<P>> {
  const { signal } = options;
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  signal?.throwIfAborted();
  let bytes = 0;
  let sourceBytes = 0;
  if (first.done) {
    parser.end();
    return { parser, bytes, sourceBytes, gzip: false };
  }
  const head = first.value;
  const isGzip = options.gzip === undefined || options.gzip === 'auto'
    ? typeof head !== 'string' && head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b
    : options.gzip;
  async function* all(): AsyncGenerator<Chunk> {
    try {
      yield head;
      for (;;) {
        const next = await it.next();
        if (next.done) {
          return;
        }
        yield next.value;
      }
    } finally {
      await it.return?.();
    }
  }
  const push = (chunk: Chunk): void => {
    signal?.throwIfAborted();
    parser.push(chunk);
    bytes += chunk.length;
    options.onProgress?.(bytes, parser.records, isGzip ? sourceBytes : bytes);
  };
  if (!isGzip) {
    for await (const chunk of all()) {
      push(chunk);
    }
    signal?.throwIfAborted();
    parser.end();
    return { parser, bytes, sourceBytes: bytes, gzip: false };
  }
  const compressed = all() as AsyncGenerator<Uint8Array>;
  try {
    for await (const chunk of gunzipChunks(compressed, { maxBytes: options.maxDecompressedBytes, signal, onSourceBytes: (n) => { sourceBytes = n; } })) {
      push(chunk);
    }
  } catch (error) {
    if (error instanceof TruncatedError && options.truncated === 'keep') {
      parser.end();
      return { parser, bytes, sourceBytes, gzip: true, truncated: error };
    }
    throw error;
  }
  signal?.throwIfAborted();
  parser.end();
  return { parser, bytes, sourceBytes, gzip: true };
}

/**
 * Parses every chunk of a source (a Node Readable, or any async iterable of strings or bytes) and
 * returns the ended parser: its `store`, `records`, `summary()`.
 */
export async function parseStream(source: AsyncIterable<Chunk>, options: StreamOptions = {}): Promise<FlowLogParser> {
  return (await readInto(new FlowLogParser(options), source, options)).parser;
}

/** Parses a file (plain or gzipped) into a store, reading it in chunks. */
export async function parseFile(path: string, options: StreamOptions = {}): Promise<FlowLogStore> {
  const parser = await parseStream(fileChunks(path, options.signal), { ...options, store: true });
  return parser.end();
}

/** Summarises a file (plain or gzipped) without keeping its records: memory stays flat. */
export async function summarizeFile(path: string, options: StreamOptions = {}): Promise<StreamSummary> {
  const parser = await parseStream(fileChunks(path, options.signal), { ...options, store: false });
  const store = parser.end();
  return {
    summary: parser.summary(), fields: store.fields, records: parser.records, errors: store.errors,
    errorCount: store.errorCount, lines: store.lines,
  };
}
