/**
 * The viewer's host side: owns the records of one source, answers the webview's queries (filter, sort,
 * windows of rows, summaries, details), drives loading (older/newer/refresh, follow) and exports. It does
 * not import `vscode`: the panel injects a {@link ViewerHost}, so the same controller runs in the
 * extension, in the unit tests, in the browser tests and in the benchmark.
 *
 * Its parts live beside it: `loading.ts` (pages from the source, parsed, into the store),
 * `presentation.ts` (columns, notes, rows, summary and details as the webview shows them) and
 * `exporting.ts` (CSV, JSON, clipboard).
 */
import { SummaryAccumulator, parseFormat, type FlowLogStore, type RowView } from '../flowlogs';
import { constantFields } from './constantColumns';
import { exportName, linesOf, toCsv, toJson } from './exporting';
import { AddressLabels, type AwsRangeLookup } from './labels';
import { Loader, type LoadLimits, type LoadStats } from './loading';
import { Presenter, columnsFor } from './presentation';
import {
  parseWebviewMessage,
  type ColumnPrefs,
  type FilterState,
  type HostMessage,
  type ProbeAction,
  type SortState,
  type ViewState,
  type WebviewMessage,
} from './protocol';
import { applyFilter, narrows, sortRows, type FilterResult } from './query';
import type { RecordSource } from './source';

export { columnKind, columnsFor } from './presentation';
export { toCsv, toJson } from './exporting';
export type { LoadStats } from './loading';

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
  /** Bounds on what a load may read (decompressed size, records kept). */
  readonly limits?: LoadLimits;
}

/** Rows summarised between two turns of the event loop (a few milliseconds of work). */
const SUMMARY_SLICE = 25_000;
/**
 * Wait before summarising, so the result and the first windows of rows go out first, and a filter
 * being typed is not summarised at every keystroke.
 */
const SUMMARY_DELAY_MS = 40;

export class ViewerController {
  private readonly loader: Loader;
  private readonly labels: AddressLabels;
  private readonly presenter: Presenter;
  private ready = false;
  private disposed = false;
  private follow = false;
  private visible = true;
  private followTimer: ReturnType<typeof setInterval> | undefined;
  private summaryTimer: ReturnType<typeof setTimeout> | undefined;
  private filtered: { key: string; generation: number; filter: FilterState; result: FilterResult } | undefined;
  private current: { seq: number; view: RowView } | undefined;
  private probeId = 0;
  private readonly probes = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readyWaiters: (() => void)[] = [];

  constructor(
    readonly source: RecordSource,
    private readonly host: ViewerHost,
    private readonly options: ViewerControllerOptions = {},
  ) {
    this.labels = new AddressLabels(source.labels, source.vpcCidrs, options.awsRanges);
    this.presenter = new Presenter(this.labels);
    this.loader = new Loader(source, options.format?.trim() || undefined, {
      loading: () => this.postLoading(),
      loaded: () => {
        this.filtered = undefined;
        this.current = undefined;
        this.postLoaded();
      },
      notice: (level, message) => this.post({ type: 'notice', level, message }),
    }, options.limits);
    this.loader.start('initial');
  }

  /** The records (undefined until the first page is read). */
  get records(): FlowLogStore | undefined {
    return this.loader.store;
  }

  /** Timings of the last load. */
  get stats(): LoadStats | undefined {
    return this.loader.stats;
  }

  /** Resolves when the load in progress (if any) has finished. */
  whenLoaded(): Promise<void> {
    return this.loader.whenLoaded();
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
    this.loader.dispose();
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
        if (this.loader.store) {
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
        if (this.loader.store && this.current?.seq === message.seq) {
          this.post({ type: 'rows', seq: message.seq, start: message.start, rows: this.presenter.rows(this.loader.store, this.current.view, message.start, message.count) });
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
        this.loader.start(message.direction === 'refresh' ? 'initial' : message.direction);
        return;
      case 'cancel':
        this.loader.cancel();
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
    this.post({ type: 'loading', active: this.loader.busy, message: this.loader.message, lines: this.loader.lines });
  }

  private postLoaded(): void {
    const data = this.loader;
    const store = data.store!;
    this.post({
      type: 'loaded',
      generation: data.generation,
      total: store.count,
      columns: columnsFor(store.fields),
      format: store.format,
      formatOrigin: data.formatOrigin,
      errors: data.errors,
      errorCount: data.errorCount,
      hasOlder: data.hasOlder,
      hasNewer: data.hasNewer,
      timeRange: data.timeRange,
      constants: store.count > 1 ? constantFields(store).map((c) => ({ ...c, ...this.presenter.noted(c.field, c.value) })) : [],
    });
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
    this.loader.userFormat = trimmed || undefined;
    this.host.rememberFormat?.(this.source.id, this.loader.userFormat);
    this.loader.start('initial');
  }

  private setFollow(on: boolean): void {
    this.follow = on && this.canFollow();
    this.post({ type: 'follow', on: this.follow });
    this.scheduleFollow();
    if (this.follow && this.visible && !this.loader.busy) {
      this.loader.start('newer');
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
        if (!this.loader.busy) {
          this.loader.start('newer');
        }
      }, this.options.followIntervalMs ?? 10_000);
    }
  }

  // ---- queries ---------------------------------------------------------------------------------

  private query(message: Extract<WebviewMessage, { type: 'query' }>): void {
    const store = this.loader.store;
    const generation = this.loader.generation;
    if (!store) {
      this.post({ type: 'result', seq: message.seq, generation, count: 0, total: 0, start: 0, rows: [], elapsedMs: 0, problems: [] });
      return;
    }
    this.options.onQuery?.(message.filter, message.sort);
    const started = performance.now();
    // Typing in one input changes only that input: the same filter over the same data is not redone.
    const key = `${generation}|${JSON.stringify(message.filter)}`;
    if (this.filtered?.key !== key) {
      // A filter that only narrows the previous one (more characters typed) runs over its rows only.
      const previous = this.filtered?.generation === generation ? this.filtered : undefined;
      const within = previous && narrows(previous.filter, message.filter) ? previous.result.view : undefined;
      const context = { labels: this.labels, newest: this.loader.timeRange?.max ?? null };
      this.filtered = { key, generation, filter: message.filter, result: applyFilter(store, message.filter, context, within) };
    }
    const { view: filteredView, problems } = this.filtered.result;
    const view = sortRows(store, filteredView, message.sort);
    this.current = { seq: message.seq, view };
    this.post({
      type: 'result',
      seq: message.seq,
      generation,
      count: view.length,
      total: store.count,
      start: message.start,
      rows: this.presenter.rows(store, view, message.start, message.count),
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
      if (this.current?.seq !== seq || this.loader.store !== store || this.disposed) {
        return;
      }
      const end = Math.min(view.length, done + SUMMARY_SLICE);
      accumulator.add(store, view.subarray(done, end));
      done = end;
      if (done < view.length) {
        this.summaryTimer = setTimeout(step, 0);
      } else {
        this.post({ type: 'summary', seq, summary: this.presenter.summary(accumulator.result()) });
      }
    };
    this.summaryTimer = setTimeout(step, SUMMARY_DELAY_MS);
  }

  // ---- details, copy, export -------------------------------------------------------------------

  private details(row: number): void {
    const store = this.loader.store;
    if (!store || row >= store.count) {
      return;
    }
    this.post({ type: 'details', id: row, number: row + 1, text: store.line(row), fields: this.presenter.details(store, row) });
  }

  private copy(ids: readonly number[]): void {
    const store = this.loader.store;
    if (!store) {
      return;
    }
    this.host.copyText(linesOf(store, ids)).then(
      () => this.post({ type: 'notice', level: 'info', message: ids.length === 1 ? 'Copied the record\'s line.' : `Copied ${ids.length} lines.` }),
      (error: unknown) => this.post({ type: 'notice', level: 'error', message: `Copying failed: ${error instanceof Error ? error.message : String(error)}` }),
    );
  }

  private async export(format: 'csv' | 'json'): Promise<void> {
    const store = this.loader.store;
    const view = this.current?.view;
    if (!store || !view) {
      return;
    }
    try {
      const where = await this.host.saveExport(format, exportName(this.source.title, format), () => (format === 'csv' ? toCsv(store, view) : toJson(store, view)));
      if (where) {
        this.post({ type: 'notice', level: 'info', message: `Exported ${view.length.toLocaleString('en-US')} ${view.length === 1 ? 'record' : 'records'} to ${where}.` });
      }
    } catch (error) {
      this.post({ type: 'notice', level: 'error', message: `Export failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
}
