/**
 * Record sources the viewer implements itself: a file (`.log`, `.log.gz` S3 exports, `.flowlog`) and a
 * text document (the active editor, unsaved edits included). No `vscode` import: the panel hands in how
 * to read, so the tests use plain functions.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { RecordPage, RecordSource } from './source';

const gunzipAsync = promisify(gunzip);

/** True when bytes start with the gzip magic number (S3 exports are gzipped whatever their name says). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The last segment of a path or URI, for titles. */
export function baseName(path: string): string {
  const clean = path.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return decodeURIComponent(clean.slice(clean.lastIndexOf('/') + 1)) || path;
}

/** A flow log file; gzip is detected by content and decompressed off the extension host's main thread. */
export class FileSource implements RecordSource {
  readonly id: string;
  readonly title: string;
  readonly description: string;

  /**
   * @param uri the file's URI as a string (the id is `file:<uri>`).
   * @param read reads the whole file.
   * @param format a format known for this file (e.g. chosen in the editor), if any; a function reads
   *   it afresh at each load, so a format chosen later applies.
   */
  constructor(
    readonly uri: string,
    private readonly read: () => Promise<Uint8Array>,
    private readonly knownFormat?: string | (() => string | undefined),
    description?: string,
  ) {
    this.id = `file:${uri}`;
    this.title = baseName(uri);
    this.description = description ?? uri;
  }

  get format(): string | undefined {
    return typeof this.knownFormat === 'function' ? this.knownFormat() : this.knownFormat;
  }

  async loadInitial(signal: AbortSignal): Promise<RecordPage> {
    const bytes = await this.read();
    signal.throwIfAborted();
    if (isGzip(bytes)) {
      const text = await gunzipAsync(bytes);
      signal.throwIfAborted();
      return { text: new Uint8Array(text.buffer, text.byteOffset, text.byteLength) };
    }
    return { text: bytes };
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
    private readonly knownFormat?: string | (() => string | undefined),
  ) {
    this.id = `document:${uri}`;
    this.title = title;
    this.description = `${uri} (editor contents)`;
  }

  /** The format chosen for the document, read afresh at each load. */
  get format(): string | undefined {
    return typeof this.knownFormat === 'function' ? this.knownFormat() : this.knownFormat;
  }

  loadInitial(signal: AbortSignal): Promise<RecordPage> {
    signal.throwIfAborted();
    return Promise.resolve({ text: this.getText() });
  }
}
