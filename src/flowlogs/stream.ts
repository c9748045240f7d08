/**
 * Parsing from Node streams and files, gzipped or not (S3 exports are `.log.gz`): chunks go through
 * the incremental parser as they arrive, so a file of gigabytes needs memory for the store only (or
 * for a summary only, with `store: false`). Node-only (node:zlib, node:fs); the rest of the engine
 * has no Node dependency.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FlowLogParser, type ParserOptions } from './parser';
import type { FlowLogStore, ParseError } from './store';
import type { Summary } from './summary';

/** Options for stream and file parsing. */
export interface StreamOptions extends ParserOptions {
  /** Decompress gzip: true, false, or 'auto' (default: by the 1f 8b magic bytes). */
  gzip?: boolean | 'auto';
  /** Stops reading (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Called after each chunk with the (decompressed) bytes and records so far. */
  onProgress?: (bytes: number, records: number) => void;
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

async function* decompressed(source: AsyncIterable<Chunk>, gzip: boolean | 'auto'): AsyncGenerator<Chunk> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) {
    return;
  }
  const head = first.value;
  const isGzip = gzip === 'auto'
    ? typeof head !== 'string' && head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b
    : gzip;
  async function* all(): AsyncGenerator<Chunk> {
    yield head;
    for (;;) {
      const next = await it.next();
      if (next.done) {
        return;
      }
      yield next.value;
    }
  }
  if (!isGzip) {
    yield* all();
    return;
  }
  const gunzip = Readable.from(all()).pipe(createGunzip());
  for await (const chunk of gunzip) {
    yield chunk as Uint8Array;
  }
}

/**
 * Parses every chunk of a source (a Node Readable, or any async iterable of strings or bytes) and
 * returns the ended parser: its `store`, `records`, `summary()`.
 */
export async function parseStream(source: AsyncIterable<Chunk>, options: StreamOptions = {}): Promise<FlowLogParser> {
  const parser = new FlowLogParser(options);
  let bytes = 0;
  for await (const chunk of decompressed(source, options.gzip ?? 'auto')) {
    options.signal?.throwIfAborted();
    parser.push(chunk);
    bytes += chunk.length;
    options.onProgress?.(bytes, parser.records);
  }
  options.signal?.throwIfAborted();
  parser.end();
  return parser;
}

/** Parses a file (plain or gzipped) into a store. */
export async function parseFile(path: string, options: StreamOptions = {}): Promise<FlowLogStore> {
  const parser = await parseStream(createReadStream(path, { highWaterMark: 1 << 20 }), { ...options, store: true });
  return parser.end();
}

/** Summarises a file (plain or gzipped) without keeping its records: memory stays flat. */
export async function summarizeFile(path: string, options: StreamOptions = {}): Promise<StreamSummary> {
  const parser = await parseStream(createReadStream(path, { highWaterMark: 1 << 20 }), { ...options, store: false });
  const store = parser.end();
  return {
    summary: parser.summary(), fields: store.fields, records: parser.records, errors: store.errors,
    errorCount: store.errorCount, lines: store.lines,
  };
}
