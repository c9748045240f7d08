/**
 * Record sources the viewer implements itself: a file (`.log`, `.log.gz` S3 exports, `.parquet`,
 * `.flowlog`) and a text document (the active editor, unsaved edits included). No `vscode` import: the
 * panel hands in how to read, so the tests use plain functions.
 */
import { open, stat } from 'node:fs/promises';
import { fileChunks } from '../flowlogs/stream';
import type { RecordPage, RecordSource } from './source';

/** True when bytes start with the gzip magic number (S3 exports are gzipped whatever their name says). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** True when bytes start with the Parquet magic number `PAR1`. */
export function isParquet(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
}

/** The last segment of a path or URI, for titles. */
export function baseName(path: string): string {
  const clean = path.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return decodeURIComponent(clean.slice(clean.lastIndexOf('/') + 1)) || path;
}

/** How a file source reads its file. */
export interface FileAccess {
  /** The size in bytes. */
  size(): Promise<number>;
  /** The bytes in chunks (for a local file, of one reused buffer: each is valid until the next is asked for). */
  chunks(signal: AbortSignal): AsyncIterable<Uint8Array>;
  /** The bytes from `start` to `end` (Parquet reads its footer and column chunks this way). */
  slice(start: number, end: number): Promise<ArrayBuffer>;
}

/** A file on the local disk: read in chunks, never whole. */
export function localFile(path: string): FileAccess {
  return {
    size: async () => (await stat(path)).size,
    chunks: (signal) => fileChunks(path, signal),
    slice: async (start, end) => {
      const handle = await open(path, 'r');
      try {
        const bytes = new Uint8Array(Math.max(0, end - start));
        let done = 0;
        while (done < bytes.length) {
          const { bytesRead } = await handle.read(bytes, done, bytes.length - done, start + done);
          if (bytesRead === 0) {
            break;
          }
          done += bytesRead;
        }
        return bytes.buffer.slice(0, done);
      } finally {
        await handle.close();
      }
    },
  };
}

/** A file of a file system that reads only whole files (a remote or virtual workspace): read once per load. */
export function wholeFile(read: () => Promise<Uint8Array>): FileAccess {
  // Kept from the first look (size, magic number) until the text has been read, then dropped.
  let bytes: Promise<Uint8Array> | undefined;
  const get = (): Promise<Uint8Array> => (bytes ??= read());
  return {
    size: async () => (await get()).length,
    chunks: async function* () {
      const whole = await get();
      bytes = undefined;
      yield whole;
    },
    slice: async (start, end) => new Uint8Array((await get()).subarray(start, end)).buffer,
  };
}

/**
 * A flow log file: plain or gzipped text streamed into the parser in chunks (gzip detected by content and
 * decompressed off the extension host's main thread, within the viewer's bound), or Parquet read column
 * by column.
 */
export class FileSource implements RecordSource {
  readonly id: string;
  readonly title: string;
  readonly description: string;

  /**
   * @param uri the file's URI as a string (the id is `file:<uri>`).
   * @param file how to read it ({@link localFile} for a file on disk).
   * @param format a format known for this file (e.g. chosen in the editor), if any.
   */
  constructor(
    readonly uri: string,
    private readonly file: FileAccess,
    readonly format?: string,
    description?: string,
  ) {
    this.id = `file:${uri}`;
    this.title = baseName(uri);
    this.description = description ?? uri;
  }

  async loadInitial(signal: AbortSignal): Promise<RecordPage> {
    const size = await this.file.size();
    signal.throwIfAborted();
    const head = new Uint8Array(await this.file.slice(0, 4));
    signal.throwIfAborted();
    if (isParquet(head)) {
      const file = this.file;
      return { name: this.title, size, parquet: { byteLength: size, slice: (start, end) => file.slice(start, end ?? size) } };
    }
    return { name: this.title, size, chunks: (s) => this.file.chunks(s) };
  }
}

/** A text document: read again on refresh, so edits show up. */
export class DocumentSource implements RecordSource {
  readonly id: string;
  readonly title: string;
  readonly description: string;

  constructor(
    readonly uri: string,
    title: string,
    private readonly getText: () => string,
    readonly format?: string,
  ) {
    this.id = `document:${uri}`;
    this.title = title;
    this.description = `${uri} (editor contents)`;
  }

  loadInitial(signal: AbortSignal): Promise<RecordPage> {
    signal.throwIfAborted();
    return Promise.resolve({ text: this.getText() });
  }
}
