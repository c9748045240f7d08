/**
 * The viewer's host side: owns the records of one source, answers the webview's queries (filter, sort,
 * windows of rows, summaries, details), loads pages (older/newer/refresh, follow) with progress and
 * cancel, and exports. It does not import `vscode`: the panel injects a {@link ViewerHost}, so the same
 * controller runs in the extension, in the unit tests, in the browser tests and in the benchmark.
 */
import {
  DEFAULT_FIELDS,
  IntColumn,
  describeValue,
  fieldInfo,
  headerTokens,
  createParser,
  parseFlowLogs,
  parseFormat,
  portName,
  protocolName,
  SummaryAccumulator,
  tcpFlagNames,
  type FlowLogStore,
  type RowView,
  type Summary,
} from '../flowlogs';
import { csvField } from '../common/csv';
import { constantFields } from './constantColumns';
import { AddressLabels, type AwsRangeLookup } from './labels';
import {
  parseWebviewMessage,
  type BadLine,
  type Cell,
  type ColumnInfo,
  type ColumnPrefs,
  type ColumnKind,
  type DetailField,
  type FilterState,
  type FormatOrigin,
  type HostMessage,
  type ProbeAction,
  type RowData,
  type SortState,
  type SummaryData,
  type ViewState,
  type WebviewMessage,
} from './protocol';
import { applyFilter, narrows, sortRows, type FilterResult } from './query';
import type { LoadProgress, RecordPage, RecordSource } from './source';

/** What the controller needs from its surroundings (the webview panel, or a test). */
export interface ViewerHost {
  /** Sends a message to the webview. */
  post(message: HostMessage): void;
  /** Puts text on the clipboard. */
  copyText(text: string): Promise<void>;
  /**
   * Asks where to save an export and writes it; resolves to a description of where it went, or
   * undefined when the user cancelled.
   */
  saveExport(format: 'csv' | 'json', suggestedName: string, content: () => string): Promise<string | undefined>;
  /** Remembers (or forgets, with undefined) the format the user set for a source. */
  rememberFormat?(sourceId: string, format: string | undefined): void;
  /** Remembers the columns the user chose, for panels opened later. */
  rememberColumns?(columns: ColumnPrefs): void;
}

export interface ViewerControllerOptions {
  /** A format the user set earlier for this source (wins over the source's own). */
  readonly format?: string;
  /** Poll interval of follow mode. Default 10 s (flow logs reach CloudWatch about every minute at best). */
  readonly followIntervalMs?: number;
  /** Where to report problems that are not the user's (ignored invalid messages). */
  readonly log?: (message: string) => void;
  /** Let {@link ViewerController.probe} reach the webview's DOM (integration tests only). */
  readonly testHooks?: boolean;
  /** The webview state the panel was restored with (filters, columns, ...). */
  readonly state?: ViewState;
  /** The columns the user chose last, for a new panel. */
  readonly columns?: ColumnPrefs;
  /** Called with the filter and sort of every query, so the panel can remember them on the host too. */
  readonly onQuery?: (filter: FilterState, sort: SortState | null) => void;
  /** AWS's IP ranges, when the user has fetched them: public addresses are labelled with their service. */
  readonly awsRanges?: () => AwsRangeLookup | undefined;
}

/** Timings of the last load, for the benchmark and the output channel. */
export interface LoadStats {
  /** Milliseconds spent parsing the last page. */
  readonly parseMs: number;
  /** `performance.timeOrigin + performance.now()` when the parsed records became queryable. */
  readonly parsedAt: number;
}

/** Most bad lines sent to the webview (the count says how many there are). */
const MAX_BAD_LINES = 500;
/** Longest bad line shown. */
const MAX_BAD_TEXT = 300;
/** Characters (or bytes) parsed between two turns of the event loop: about 35,000 records, tens of milliseconds. */
const PARSE_SLICE = 4 * 1024 * 1024;
/** Rows summarised between two turns of the event loop (a few milliseconds of work). */
const SUMMARY_SLICE = 25_000;
/**
 * Wait before summarising, so the result and the first windows of rows go out first, and a filter
 * being typed is not summarised at every keystroke.
 */
const SUMMARY_DELAY_MS = 40;

/** Short names for traffic-path values, for the table (the details view gives the full meaning). */
const TRAFFIC_PATH_SHORT: Readonly<Record<number, string>> = {
  1: 'same VPC',
  2: 'IGW or gateway endpoint',
  3: 'virtual private gateway',
  4: 'peering, same region',
  5: 'peering, other region',
  6: 'local gateway',
  7: 'gateway endpoint (Nitro)',
  8: 'IGW (Nitro)',
};

/** How a field is shown. */
export function columnKind(field: string): ColumnKind {
  switch (field) {
    case 'srcaddr':
    case 'dstaddr':
    case 'pkt-srcaddr':
    case 'pkt-dstaddr':
      return 'address';
    case 'srcport':
    case 'dstport':
      return 'port';
    case 'protocol':
      return 'protocol';
    case 'packets':
      return 'count';
    case 'bytes':
      return 'bytes';
    case 'start':
    case 'end':
      return 'time';
    case 'action':
      return 'action';
    case 'log-status':
      return 'status';
    case 'interface-id':
      return 'interface';
    case 'tcp-flags':
      return 'flags';
    default:
      return fieldInfo(field)?.kind === 'integer' ? 'number' : 'text';
  }
}

/** The columns of a format, with readable headers and tooltips from the engine's field catalogue. */
export function columnsFor(fields: readonly string[]): ColumnInfo[] {
  return fields.map((field) => {
    const info = fieldInfo(field);
    return { field, label: info?.title ?? field, kind: columnKind(field), description: info?.description ?? '' };
  });
}

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

export class ViewerController {
  private store: FlowLogStore | undefined;
  private labels: AddressLabels;
  private userFormat: string | undefined;
  private formatOrigin: FormatOrigin = 'default';
  private errors: BadLine[] = [];
  private errorCount = 0;
  private linesRead = 0;
  private generation = 0;
  private hasOlder = false;
  private hasNewer = false;
  private timeRange: { min: number; max: number } | null = null;
  private loadAbort: AbortController | undefined;
  private loadMessage = '';
  private loadLines = 0;
  private loadPromise: Promise<void> = Promise.resolve();
  private ready = false;
  private disposed = false;
  private follow = false;
  private visible = true;
  private followTimer: ReturnType<typeof setInterval> | undefined;
  private summaryTimer: ReturnType<typeof setTimeout> | undefined;
  private filtered: { key: string; generation: number; filter: FilterState; result: FilterResult } | undefined;
  private current: { seq: number; view: RowView } | undefined;
  private statsValue: LoadStats | undefined;
  private probeId = 0;
  private readonly probes = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readyWaiters: (() => void)[] = [];

  constructor(
    readonly source: RecordSource,
    private readonly host: ViewerHost,
    private readonly options: ViewerControllerOptions = {},
  ) {
    this.userFormat = options.format?.trim() || undefined;
    this.labels = new AddressLabels(source.labels, source.vpcCidrs, options.awsRanges);
    this.loadPromise = this.load('initial');
  }

  /** The records (undefined until the first page is read). */
  get records(): FlowLogStore | undefined {
    return this.store;
  }

  /** Timings of the last load. */
  get stats(): LoadStats | undefined {
    return this.statsValue;
  }

  /** Resolves when the load in progress (if any) has finished. */
  whenLoaded(): Promise<void> {
    return this.loadPromise;
  }

  /** Handles a message from the webview (validated here: anything unknown is ignored). */
  receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.options.log?.(`Viewer ignored an invalid message from its webview: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    this.handle(message);
  }

  /** Whether the panel is visible: follow mode polls only then. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.scheduleFollow();
  }

  /**
   * Asks the webview to act on or report its DOM (integration tests: they run in the extension host).
   * Rejects unless the controller was created with `testHooks`.
   */
  async probe(action: ProbeAction, timeoutMs = 10_000): Promise<unknown> {
    if (!this.options.testHooks) {
      throw new Error('Viewer probe failed: test hooks are off');
    }
    if (!this.ready) {
      await new Promise<void>((resolve) => this.readyWaiters.push(resolve));
    }
    const id = ++this.probeId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.probes.delete(id);
        reject(new Error(`Viewer probe failed: no answer within ${timeoutMs} ms to ${JSON.stringify(action)}`));
      }, timeoutMs);
      this.probes.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.post({ type: 'probe', id, action });
    });
  }

  dispose(): void {
    this.disposed = true;
    this.loadAbort?.abort();
    clearInterval(this.followTimer);
    clearTimeout(this.summaryTimer);
    this.source.dispose?.();
  }

  private post(message: HostMessage): void {
    if (this.ready && !this.disposed) {
      this.host.post(message);
    }
  }

  private handle(message: WebviewMessage): void {
    switch (message.type) {
      case 'probeResult': {
        const waiter = this.probes.get(message.id);
        this.probes.delete(message.id);
        if (message.ok) {
          waiter?.resolve(message.value);
        } else {
          waiter?.reject(new Error(`Viewer probe failed: ${String(message.value)}`));
        }
        return;
      }
      case 'ready':
        this.ready = true;
        this.post({
          type: 'init',
          sourceId: this.source.id,
          title: this.source.title,
          description: this.source.description ?? '',
          paging: { older: typeof this.source.loadOlder === 'function', newer: typeof this.source.loadNewer === 'function', follow: this.canFollow() },
          testHooks: this.options.testHooks ?? false,
          ...(this.options.state ? { state: this.options.state } : {}),
          ...(this.options.columns ? { columns: this.options.columns } : {}),
        });
        this.postLoading();
        if (this.store) {
          this.postLoaded();
        }
        if (this.follow) {
          this.post({ type: 'follow', on: true });
        }
        for (const waiter of this.readyWaiters.splice(0)) {
          waiter();
        }
        return;
      case 'query':
        this.query(message);
        return;
      case 'rows':
        if (this.store && this.current?.seq === message.seq) {
          this.post({ type: 'rows', seq: message.seq, start: message.start, rows: this.rows(this.current.view, message.start, message.count) });
        }
        return;
      case 'details':
        this.details(message.id);
        return;
      case 'copy':
        this.copy(message.ids);
        return;
      case 'export':
        void this.export(message.format);
        return;
      case 'load':
        if (message.direction === 'refresh') {
          this.loadAbort?.abort();
        }
        this.loadPromise = this.load(message.direction === 'refresh' ? 'initial' : message.direction);
        return;
      case 'cancel':
        this.loadAbort?.abort();
        return;
      case 'follow':
        this.setFollow(message.on);
        return;
      case 'setFormat':
        this.setFormat(message.format);
        return;
      case 'columns':
        this.host.rememberColumns?.(message.columns);
        return;
      default: {
        const never: never = message;
        void never;
      }
    }
  }

  // ---- loading ---------------------------------------------------------------------------------

  private postLoading(): void {
    this.post({ type: 'loading', active: this.loadAbort !== undefined, message: this.loadMessage, lines: this.loadLines });
  }

  private async load(kind: 'initial' | 'older' | 'newer'): Promise<void> {
    if (this.loadAbort && kind !== 'initial') {
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
    this.loadAbort = abort;
    this.loadMessage = kind === 'initial' ? `Reading ${this.source.title}…` : kind === 'older' ? 'Loading older records…' : 'Loading newer records…';
    this.loadLines = 0;
    this.postLoading();
    try {
      const progress = (p: LoadProgress): void => {
        if (this.loadAbort === abort) {
          this.loadLines = p.lines;
          if (p.message) {
            this.loadMessage = p.message;
          }
          this.postLoading();
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
        this.post({ type: 'notice', level: 'error', message: `Loading ${this.source.title} failed: ${detail}` });
        if (!this.store) {
          // Show an empty table (and the error) rather than "loading" for ever.
          this.store = parseFlowLogs('', { format: this.userFormat ?? this.source.format ?? DEFAULT_FIELDS.join(' ') });
          this.generation++;
          this.postLoaded();
        }
      }
    } finally {
      if (this.loadAbort === abort) {
        this.loadAbort = undefined;
        this.loadMessage = '';
        this.loadLines = 0;
        this.postLoading();
        if (abort.signal.aborted && !this.disposed) {
          this.post({ type: 'notice', level: 'info', message: 'Loading cancelled.' });
        }
      }
    }
  }

  /**
   * Parses a page in slices with a turn of the event loop between them, so a big file neither freezes
   * the extension host nor hides its progress, and Cancel works while it is parsed.
   */
  private async parse(kind: 'initial' | 'older' | 'newer', page: RecordPage, signal: AbortSignal, progress: (p: LoadProgress) => void): Promise<FlowLogStore> {
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

  private addPage(kind: 'initial' | 'older' | 'newer', page: RecordPage, parsed: FlowLogStore, parseMs: number): void {
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
    this.timeRange = this.computeTimeRange();
    this.generation++;
    this.filtered = undefined;
    this.current = undefined;
    this.statsValue = { parseMs, parsedAt: now() };
    this.postLoaded();
  }

  private computeTimeRange(): { min: number; max: number } | null {
    const store = this.store!;
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

  private postLoaded(): void {
    const store = this.store!;
    this.post({
      type: 'loaded',
      generation: this.generation,
      total: store.count,
      columns: columnsFor(store.fields),
      format: store.format,
      formatOrigin: this.formatOrigin,
      errors: this.errors,
      errorCount: this.errorCount,
      hasOlder: this.hasOlder,
      hasNewer: this.hasNewer,
      timeRange: this.timeRange,
      constants: store.count > 1 ? constantFields(store).map((c) => ({ ...c, ...this.noted(c.field, c.value) })) : [],
    });
  }

  private noted(field: string, value: Cell): { note?: string } {
    const note = value === null ? undefined : this.note(field, value, undefined);
    return note ? { note } : {};
  }

  private setFormat(format: string): void {
    const trimmed = format.trim();
    if (trimmed) {
      try {
        parseFormat(trimmed);
      } catch (error) {
        this.post({ type: 'notice', level: 'error', message: `Setting the format failed: ${error instanceof Error ? error.message : String(error)}` });
        return;
      }
    }
    this.userFormat = trimmed || undefined;
    this.host.rememberFormat?.(this.source.id, this.userFormat);
    this.loadAbort?.abort();
    this.loadPromise = this.load('initial');
  }

  private setFollow(on: boolean): void {
    this.follow = on && this.canFollow();
    this.post({ type: 'follow', on: this.follow });
    this.scheduleFollow();
    if (this.follow && this.visible && !this.loadAbort) {
      this.loadPromise = this.load('newer');
    }
  }

  private canFollow(): boolean {
    return Boolean(this.source.canFollow) && typeof this.source.loadNewer === 'function';
  }

  private scheduleFollow(): void {
    clearInterval(this.followTimer);
    this.followTimer = undefined;
    if (this.follow && this.visible && !this.disposed) {
      this.followTimer = setInterval(() => {
        if (!this.loadAbort) {
          this.loadPromise = this.load('newer');
        }
      }, this.options.followIntervalMs ?? 10_000);
    }
  }

  // ---- queries ---------------------------------------------------------------------------------

  private query(message: Extract<WebviewMessage, { type: 'query' }>): void {
    const store = this.store;
    if (!store) {
      this.post({ type: 'result', seq: message.seq, generation: this.generation, count: 0, total: 0, start: 0, rows: [], elapsedMs: 0, problems: [] });
      return;
    }
    this.options.onQuery?.(message.filter, message.sort);
    const started = performance.now();
    // Typing in one input changes only that input: the same filter over the same data is not redone.
    const key = `${this.generation}|${JSON.stringify(message.filter)}`;
    if (this.filtered?.key !== key) {
      // A filter that only narrows the previous one (more characters typed) runs over its rows only.
      const previous = this.filtered?.generation === this.generation ? this.filtered : undefined;
      const within = previous && narrows(previous.filter, message.filter) ? previous.result.view : undefined;
      const context = { labels: this.labels, newest: this.timeRange?.max ?? null };
      this.filtered = { key, generation: this.generation, filter: message.filter, result: applyFilter(store, message.filter, context, within) };
    }
    const { view: filteredView, problems } = this.filtered.result;
    const view = sortRows(store, filteredView, message.sort);
    this.current = { seq: message.seq, view };
    this.post({
      type: 'result',
      seq: message.seq,
      generation: this.generation,
      count: view.length,
      total: store.count,
      start: message.start,
      rows: this.rows(view, message.start, message.count),
      elapsedMs: performance.now() - started,
      problems,
    });
    clearTimeout(this.summaryTimer);
    if (message.summary) {
      this.summarizeLater(message.seq, store, filteredView);
    }
  }

  /**
   * Summarises a view in slices, yielding to the event loop between them: the result message is sent
   * first, and windows of rows asked for while scrolling (or a newer query) are answered between slices
   * instead of waiting for a summary of a million records. A newer query abandons it.
   */
  private summarizeLater(seq: number, store: FlowLogStore, view: RowView): void {
    const accumulator = new SummaryAccumulator({ top: 10 });
    let done = 0;
    const step = (): void => {
      if (this.current?.seq !== seq || this.store !== store || this.disposed) {
        return;
      }
      const end = Math.min(view.length, done + SUMMARY_SLICE);
      accumulator.add(store, view.subarray(done, end));
      done = end;
      if (done < view.length) {
        this.summaryTimer = setTimeout(step, 0);
      } else {
        this.post({ type: 'summary', seq, summary: this.summaryData(accumulator.result()) });
      }
    };
    this.summaryTimer = setTimeout(step, SUMMARY_DELAY_MS);
  }

  private rows(view: RowView, start: number, count: number): RowData[] {
    const store = this.store!;
    const out: RowData[] = [];
    const end = Math.min(view.length, start + count);
    for (let p = Math.max(0, start); p < end; p++) {
      out.push(this.rowData(store, view[p]!));
    }
    return out;
  }

  private rowData(store: FlowLogStore, row: number): RowData {
    const fields = store.fields;
    const values: Cell[] = new Array<Cell>(fields.length);
    const notes: Record<number, string> = {};
    const protocolIndex = store.fieldIndex('protocol');
    const protocol = protocolIndex >= 0 ? store.get(row, protocolIndex) : null;
    for (let i = 0; i < fields.length; i++) {
      const value = store.get(row, i);
      values[i] = value;
      if (value === null) {
        continue;
      }
      const note = this.note(fields[i]!, value, typeof protocol === 'number' ? protocol : undefined);
      if (note) {
        notes[i] = note;
      }
    }
    return { id: row, values, notes };
  }

  private note(field: string, value: string | number, protocol: number | undefined): string | undefined {
    switch (columnKind(field)) {
      case 'address':
        return this.labels.get(String(value));
      case 'protocol':
        return protocolName(Number(value));
      case 'port':
        return portName(Number(value), protocol);
      case 'interface':
        return this.labels.interfaceName(String(value));
      case 'flags': {
        const n = Number(value);
        return n === 0 ? undefined : tcpFlagNames(n).join(' ');
      }
      default:
        return field === 'traffic-path' ? TRAFFIC_PATH_SHORT[Number(value)] : undefined;
    }
  }

  private summaryData(s: Summary): SummaryData {
    const label = (address: string): { label?: string } => {
      const l = this.labels.get(address);
      return l ? { label: l } : {};
    };
    return {
      records: s.records,
      packets: s.packets,
      bytes: s.bytes,
      accept: { records: s.accept, bytes: s.acceptBytes },
      reject: { records: s.reject, bytes: s.rejectBytes },
      noData: s.nodata,
      skipData: s.skipdata,
      topTalkers: s.topTalkers.map((t) => {
        const srcLabel = this.labels.get(t.src);
        const dstLabel = this.labels.get(t.dst);
        return { ...t, ...(srcLabel ? { srcLabel } : {}), ...(dstLabel ? { dstLabel } : {}) };
      }),
      topRejectedSources: s.topRejectSources.map((a) => ({ address: a.address, records: a.records, ...label(a.address) })),
      topRejectedPorts: s.topRejectedPorts.map((p) => {
        const name = portName(p.port, p.protocol ?? undefined);
        return { port: p.port, records: p.records, ...(name ? { name } : {}) };
      }),
      interfaces: s.interfaces.map((i) => {
        const name = this.labels.interfaceName(i.interfaceId);
        return { id: i.interfaceId, records: i.records, bytes: i.bytes, rejected: i.reject, ...(name ? { name } : {}) };
      }),
      histogram: s.histogram
        ? {
            start: s.histogram.buckets[0]?.start ?? 0,
            step: s.histogram.bucketSeconds,
            accept: s.histogram.buckets.map((b) => b.accept),
            reject: s.histogram.buckets.map((b) => b.reject),
            other: [],
          }
        : null,
    };
  }

  // ---- details, copy, export -------------------------------------------------------------------

  private details(row: number): void {
    const store = this.store;
    if (!store || row >= store.count) {
      return;
    }
    const record = store.record(row);
    const fields: DetailField[] = store.fields.map((field, i) => {
      const info = fieldInfo(field);
      const value = store.get(row, i);
      const raw = store.text(row, i);
      let display = raw;
      if (value !== null) {
        const meaning = describeValue(field, value, record);
        const label = columnKind(field) === 'address' ? this.labels.get(raw) : undefined;
        const extra = label ?? (field === 'tcp-flags' && value === 0 ? 'no flags other than ACK (ACK-only flows show 0)' : meaning);
        display = extra && extra !== raw ? `${raw} — ${extra}` : raw;
      } else {
        display = '- (no value)';
      }
      return { field, label: info?.title ?? field, raw, display, description: info?.description ?? '' };
    });
    this.post({ type: 'details', id: row, number: row + 1, text: store.line(row), fields });
  }

  private copy(ids: readonly number[]): void {
    const store = this.store;
    if (!store) {
      return;
    }
    const text = ids.filter((id) => id < store.count).map((id) => store.line(id)).join('\n');
    this.host.copyText(text).then(
      () => this.post({ type: 'notice', level: 'info', message: ids.length === 1 ? 'Copied the record\'s line.' : `Copied ${ids.length} lines.` }),
      (error: unknown) => this.post({ type: 'notice', level: 'error', message: `Copying failed: ${error instanceof Error ? error.message : String(error)}` }),
    );
  }

  private async export(format: 'csv' | 'json'): Promise<void> {
    const store = this.store;
    const view = this.current?.view;
    if (!store || !view) {
      return;
    }
    const base = this.source.title.replace(/\.(log|gz|flowlog|txt)$/gi, '').replace(/[^\w.-]+/g, '-') || 'flow-logs';
    try {
      const where = await this.host.saveExport(format, `${base}.${format}`, () => (format === 'csv' ? toCsv(store, view) : toJson(store, view)));
      if (where) {
        this.post({ type: 'notice', level: 'info', message: `Exported ${view.length.toLocaleString('en-US')} ${view.length === 1 ? 'record' : 'records'} to ${where}.` });
      }
    } catch (error) {
      this.post({ type: 'notice', level: 'error', message: `Export failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
}

/**
 * The rows of a view as CSV, with a header of field names; `-` becomes an empty field. Written by the
 * one CSV writer, which keeps record text such as `=HYPERLINK(...)` from running as a formula.
 */
export function toCsv(store: FlowLogStore, view: RowView): string {
  const n = store.fields.length;
  const lines: string[] = [store.fields.map(csvField).join(',')];
  for (let i = 0; i < view.length; i++) {
    const row = view[i]!;
    let line = '';
    for (let f = 0; f < n; f++) {
      line += (f === 0 ? '' : ',') + csvField(store.get(row, f));
    }
    lines.push(line);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The rows of a view as a JSON array of objects (numbers as numbers, `-` as null). */
export function toJson(store: FlowLogStore, view: RowView): string {
  const parts: string[] = [];
  for (let i = 0; i < view.length; i++) {
    parts.push(JSON.stringify(store.record(view[i]!)));
  }
  return `[\n${parts.join(',\n')}\n]\n`;
}
