/**
 * Loading a viewer's records: pages from its source (initial, older, newer), parsed in slices with
 * progress and Cancel, and added to the one store the views read. Pure (no `vscode`).
 *
 * The controller owns a {@link Loader}; everything that changes the records goes through
 * {@link Loader.start} (read a page from the source) or {@link Loader.addPage} (a page parsed elsewhere),
 * so the bad lines, paging flags, time range and generation stay consistent.
 */
import { DEFAULT_FIELDS, IntColumn, createParser, headerTokens, parseFlowLogs, type FlowLogStore } from '../flowlogs';
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
  private promise: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly source: RecordSource,
    userFormat: string | undefined,
    private readonly events: LoaderEvents,
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
      const parsed = await this.parse(kind, page, abort.signal, progress);
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
    const format = kind === 'initial' || !this.store ? (this.userFormat ?? this.source.format) : this.store.format;
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
    return parser.end();
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
      this.formatOrigin = this.userFormat ? 'user' : this.source.format ? 'source' : headerTokens(firstLine(page) ?? '') ? 'header' : 'default';
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
