/**
 * Loading a viewer's records: pages from its source (initial, older, newer), parsed in slices with
 * progress and Cancel, and added to the one store the views read. Pure (no `vscode`).
 *
 * The controller owns a {@link Loader}; everything that changes the records goes through
 * {@link Loader.start} (read a page from the source) or {@link Loader.addPage} (a page parsed elsewhere),
 * so the bad lines, paging flags, time range and generation stay consistent.
 */
import { DEFAULT_FIELDS, IntColumn, createParser, headerTokens, parseFlowLogs, type FlowLogStore } from '../flowlogs';
import { parseParquet } from '../flowlogs/parquet';
import { TooLargeError, readInto } from '../flowlogs/stream';
import type { BadLine, FormatOrigin } from './protocol';
import type { LoadProgress, RecordPage, RecordSource } from './source';

/** Which page a load reads: the first (or a refresh), the one before the oldest, the one after the newest. */
export type LoadKind = 'initial' | 'older' | 'newer';

/** Timings of the last load, for the benchmark and the output channel. */
export interface LoadStats {
  /** Milliseconds spent parsing the last page. */
  readonly parseMs: number;
  /** `performance.timeOrigin + performance.now()` when the parsed records became queryable. */
  readonly parsedAt: number;
}

/** Bounds on what one load may read (the viewer's settings). */
export interface LoadLimits {
  /** Most bytes a gzipped page may decompress to (`vpcFlowLogs.viewer.maxDecompressedMegabytes`). */
  readonly maxDecompressedBytes?: number;
  /** Most records kept from one page; reading stops there with a note (`vpcFlowLogs.viewer.maxRecords`). */
  readonly maxRecords?: number;
}

/** Default of `vpcFlowLogs.viewer.maxDecompressedMegabytes`. */
export const DEFAULT_MAX_DECOMPRESSED_MB = 2048;
/** Default of `vpcFlowLogs.viewer.maxRecords`: about 420 MB of store. */
export const DEFAULT_MAX_RECORDS = 10_000_000;

/** What the loader tells its owner. */
export interface LoaderEvents {
  /** A load started, progressed or ended: show or hide the progress line. */
  loading(): void;
  /** The records changed (a new generation): tell the webview. */
  loaded(): void;
  /** A message for the user. */
  notice(level: 'info' | 'error', message: string): void;
}

/** Most bad lines sent to the webview (the count says how many there are). */
const MAX_BAD_LINES = 500;
/** Longest bad line shown. */
const MAX_BAD_TEXT = 300;
/** Characters (or bytes) parsed between two turns of the event loop: about 35,000 records, tens of milliseconds. */
const PARSE_SLICE = 4 * 1024 * 1024;
/** Least time between two progress messages. */
const PROGRESS_MS = 100;

const now = (): number => performance.timeOrigin + performance.now();

/** Text of a page, ready for the parser. */
function pageText(page: RecordPage): string | Uint8Array {
  return page.text ?? (page.lines ?? []).join('\n');
}

/** The first non-blank line of a page (to see whether it is an S3 header). */
function firstLine(page: RecordPage): string | undefined {
  if (page.lines) {
    return page.lines.find((l) => l.trim() !== '');
  }
  const head = typeof page.text === 'string' ? page.text.slice(0, 65536) : new TextDecoder().decode(page.text?.subarray(0, 65536));
  return head.split(/\r?\n/).find((l) => l.trim() !== '');
}

/** The time range of a store's records (start of the first to end of the last), or null. */
export function timeRangeOf(store: FlowLogStore): { min: number; max: number } | null {
  const start = store.column('start');
  const end = store.column('end') ?? start;
  if (!(start instanceof IntColumn) || !(end instanceof IntColumn) || store.count === 0) {
    return null;
  }
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < store.count; r++) {
    if (!start.isNull(r)) {
      const s = start.data[r]!;
      const e = end.data[r]!;
      if (s < min) {
        min = s;
      }
      if (e > max) {
        max = e;
      }
    }
  }
  return min === Infinity ? null : { min, max };
}

export class Loader {
  /** The records (undefined until the first page is read). */
  store: FlowLogStore | undefined;
  /** The format the user set (wins over the source's own and a header line). */
  userFormat: string | undefined;
  /** Where the store's format came from. */
  formatOrigin: FormatOrigin = 'default';
  /** The first bad lines, numbered from the first line read. */
  errors: BadLine[] = [];
  errorCount = 0;
  linesRead = 0;
  hasOlder = false;
  hasNewer = false;
  /** Start of the first to end of the last record. */
  timeRange: { min: number; max: number } | null = null;
  /** Grows whenever the records change; queries and caches keyed on it are dropped. */
  generation = 0;
  /** Timings of the last load. */
  stats: LoadStats | undefined;
  /** What the progress line says while a load runs. */
  message = '';
  /** Lines read so far by the load in progress. */
  lines = 0;

  private abort: AbortController | undefined;
  /** Whether the last page parsed took its fields from a header line (or a Parquet schema). */
  private headerFormat = false;
  private promise: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly source: RecordSource,
    userFormat: string | undefined,
    private readonly events: LoaderEvents,
    private readonly limits: LoadLimits = {},
  ) {
    this.userFormat = userFormat;
  }

  /** Whether a load is running. */
  get busy(): boolean {
    return this.abort !== undefined;
  }

  /** Resolves when the load in progress (if any) has finished. */
  whenLoaded(): Promise<void> {
    return this.promise;
  }

  /** Starts a load; an initial load (refresh, new format) replaces one in progress, the others wait their turn. */
  start(kind: LoadKind): void {
    if (kind === 'initial') {
      this.abort?.abort();
    }
    this.promise = this.load(kind);
  }

  /** Stops the load in progress (Cancel). */
  cancel(): void {
    this.abort?.abort();
  }

  dispose(): void {
    this.disposed = true;
    this.abort?.abort();
  }

  private async load(kind: LoadKind): Promise<void> {
    if (this.abort && kind !== 'initial') {
      // One load at a time; a second click on "older" while one runs is not a second request.
      return;
    }
    const source = this.source;
    const load =
      kind === 'initial'
        ? (signal: AbortSignal, progress: (p: LoadProgress) => void) => source.loadInitial(signal, progress)
        : kind === 'older'
          ? source.loadOlder && ((signal: AbortSignal, progress: (p: LoadProgress) => void) => source.loadOlder!(signal, progress))
          : source.loadNewer && ((signal: AbortSignal, progress: (p: LoadProgress) => void) => source.loadNewer!(signal, progress));
    if (!load) {
      return;
    }
    const abort = new AbortController();
    this.abort = abort;
    this.message = kind === 'initial' ? `Reading ${source.title}…` : kind === 'older' ? 'Loading older records…' : 'Loading newer records…';
    this.lines = 0;
    this.events.loading();
    try {
      const progress = (p: LoadProgress): void => {
        if (this.abort === abort) {
          this.lines = p.lines;
          if (p.message) {
            this.message = p.message;
          }
          this.events.loading();
        }
      };
      const page = await load(abort.signal, progress);
      if (abort.signal.aborted || this.disposed) {
        return;
      }
      const started = performance.now();
      const parsed = page.parquet
        ? await this.parseParquet(page, abort.signal, progress)
        : page.chunks
          ? await this.parseChunks(kind, page, abort.signal, progress)
          : await this.parse(kind, page, abort.signal, progress);
      if (abort.signal.aborted || this.disposed) {
        return;
      }
      this.addPage(kind, page, parsed, performance.now() - started);
    } catch (error) {
      if (!abort.signal.aborted && !this.disposed) {
        const detail = error instanceof Error ? error.message : String(error);
        this.events.notice('error', `Loading ${source.title} failed: ${detail}`);
        if (!this.store) {
          // Show an empty table (and the error) rather than "loading" for ever.
          this.store = parseFlowLogs('', { format: this.userFormat ?? source.format ?? DEFAULT_FIELDS.join(' ') });
          this.generation++;
          this.events.loaded();
        }
      }
    } finally {
      if (this.abort === abort) {
        this.abort = undefined;
        this.message = '';
        this.lines = 0;
        this.events.loading();
        if (abort.signal.aborted && !this.disposed) {
          this.events.notice('info', 'Loading cancelled.');
        }
      }
    }
  }

  /**
   * Parses a page in slices with a turn of the event loop between them, so a big file neither freezes
   * the extension host nor hides its progress, and Cancel works while it is parsed.
   */
  private async parse(kind: LoadKind, page: RecordPage, signal: AbortSignal, progress: (p: LoadProgress) => void): Promise<FlowLogStore> {
    const format = this.formatFor(kind);
    const parser = createParser(format !== undefined ? { format } : {});
    const input = pageText(page);
    for (let offset = 0; offset < input.length; offset += PARSE_SLICE) {
      parser.push(typeof input === 'string' ? input.slice(offset, offset + PARSE_SLICE) : input.subarray(offset, offset + PARSE_SLICE));
      if (offset + PARSE_SLICE < input.length) {
        progress({ lines: parser.lines, message: `Reading ${this.source.title}: ${Math.floor((100 * (offset + PARSE_SLICE)) / input.length)}%` });
        await new Promise((resolve) => setTimeout(resolve, 0));
        signal.throwIfAborted();
      }
    }
    this.headerFormat = parser.headerFormat;
    return parser.end();
  }

  /** The format a page is parsed with: the user's, the source's, or (newer and older pages) the records'. */
  private formatFor(kind: LoadKind): string | undefined {
    return kind === 'initial' || !this.store ? (this.userFormat ?? this.source.format) : this.store.format;
  }

  /**
   * Parses a page given as chunks (a file, an S3 object) as they arrive: nothing the size of the file
   * is held beside the store. Gzip is decompressed on zlib's threads within the size bound; a truncated
   * gzip keeps the records before the cut; past the record bound reading stops with a note.
   */
  private async parseChunks(kind: LoadKind, page: RecordPage, signal: AbortSignal, progress: (p: LoadProgress) => void): Promise<FlowLogStore> {
    const format = this.formatFor(kind);
    const parser = createParser(format !== undefined ? { format } : {});
    const name = page.name ?? this.source.title;
    const maxRecords = this.limits.maxRecords ?? Infinity;
    // Reading stops on Cancel, or once the record bound is reached (then the records so far are kept).
    const enough = new AbortController();
    const stop = AbortSignal.any([signal, enough.signal]);
    let shown = 0;
    const onProgress = (_bytes: number, records: number, sourceBytes: number): void => {
      if (records >= maxRecords) {
        enough.abort();
      }
      const t = performance.now();
      if (t - shown >= PROGRESS_MS) {
        shown = t;
        const percent = page.size ? `: ${Math.min(99, Math.floor((100 * sourceBytes) / page.size))}%` : '';
        progress({ lines: parser.lines, message: `Reading ${name}${percent}` });
      }
    };
    try {
      const result = await readInto(parser, page.chunks!(stop), {
        gzip: page.compression === 'gzip' ? true : 'auto',
        maxDecompressedBytes: this.limits.maxDecompressedBytes,
        truncated: 'keep',
        signal: stop,
        onProgress,
      });
      if (result.truncated) {
        this.events.notice('error', `${name} is truncated after ${result.truncated.compressedBytes.toLocaleString('en-US')} bytes (${parser.records.toLocaleString('en-US')} records read): showing the records before the cut.`);
      }
    } catch (error) {
      if (signal.aborted || !enough.signal.aborted) {
        if (error instanceof TooLargeError) {
          throw new Error(`${name} ${error.message}. The limit is the setting vpcFlowLogs.viewer.maxDecompressedMegabytes.`);
        }
        throw error;
      }
      parser.dropPartialLine();
      this.events.notice('info', `Showing the first ${parser.records.toLocaleString('en-US')} records of ${name}: it has more than the setting vpcFlowLogs.viewer.maxRecords (${maxRecords.toLocaleString('en-US')}) allows in memory.`);
    }
    this.headerFormat = parser.headerFormat;
    return parser.end();
  }

  /** Parses a Parquet page column by column into the store. */
  private async parseParquet(page: RecordPage, signal: AbortSignal, progress: (p: LoadProgress) => void): Promise<FlowLogStore> {
    const name = page.name ?? this.source.title;
    let shown = 0;
    const store = await parseParquet(page.parquet!, {
      signal,
      onProgress: (records, total) => {
        const t = performance.now();
        if (t - shown >= PROGRESS_MS) {
          shown = t;
          progress({ lines: records, message: `Reading ${name}: ${total > 0 ? Math.floor((100 * records) / total) : 0}%` });
        }
      },
    });
    this.headerFormat = true;
    return store;
  }

  /**
   * Adds a parsed page: an initial page replaces the records, an older one goes before them, a newer one
   * after them. The records get a new generation and the owner is told.
   */
  addPage(kind: LoadKind, page: RecordPage, parsed: FlowLogStore, parseMs: number): void {
    const initial = kind === 'initial' || !this.store;
    const badLines = parsed.errors.map((e) => ({ line: e.line, message: e.message, text: (e.text ?? '').slice(0, MAX_BAD_TEXT) }));
    if (initial) {
      this.store = parsed;
      this.errors = badLines;
      this.errorCount = parsed.errorCount;
      this.linesRead = parsed.lines;
      this.hasOlder = page.hasOlder ?? false;
      this.hasNewer = page.hasNewer ?? false;
      this.formatOrigin = this.userFormat ? 'user' : this.source.format ? 'source' : this.headerFormat || headerTokens(firstLine(page) ?? '') ? 'header' : 'default';
    } else if (kind === 'newer') {
      this.store!.append(parsed);
      this.errors.push(...badLines.map((e) => ({ ...e, line: e.line + this.linesRead })));
      this.errorCount += parsed.errorCount;
      this.linesRead += parsed.lines;
      this.hasNewer = page.hasNewer ?? false;
    } else {
      this.store!.prepend(parsed);
      this.errors = [...badLines, ...this.errors.map((e) => ({ ...e, line: e.line + parsed.lines }))];
      this.errorCount += parsed.errorCount;
      this.linesRead += parsed.lines;
      this.hasOlder = page.hasOlder ?? false;
    }
    this.errors = this.errors.slice(0, MAX_BAD_LINES);
    this.timeRange = timeRangeOf(this.store!);
    this.generation++;
    this.stats = { parseMs, parsedAt: now() };
    this.events.loaded();
  }
}
