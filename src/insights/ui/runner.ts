/**
 * Runs Logs Insights queries for the commands, the query files and the history: one results panel per
 * run, a cancellable progress notification, the history entry, and the promise that every query still
 * running is stopped (StopQuery) when its panel or its query file closes, on Cancel, and on deactivate.
 */
import * as vscode from 'vscode';
import { failureMessage } from '../../aws/errors';
import { reportFailure, showTrustMessage } from '../../commands';
import { MAX_ROWS_PER_PAGE, MAX_ROWS_PER_QUERY, readQueryResults, runQuery, type QueryOutcome, type QueryProgress } from '../core/poll';
import { withParsePrefix } from '../core/parsePrefix';
import { checkQuery, isEmptyQuery } from '../core/queryText';
import { chartFor, toTable, type ResultTable } from '../core/results';
import { parseSavedRun, type SavedRun } from '../core/resultsProtocol';
import { limitNotice, problemMessage, progressMessage, resultColumns, resultRows, runState } from '../core/resultsView';
import { describeTimeRange, formatTimeRange, parseTimeRange, resolveTimeRange, type TimeRange } from '../core/timeRange';
import type { Services } from '../../services';
import type { AddressLabels } from '../../viewer/labels';
import type { ViewerService } from '../../viewer/source';
import type { HistoryStore } from './historyStore';
import { AddressLabelCache } from './labels';
import type { InsightsPrompter } from './prompter';
import { exportResults, openAddress, openQuery } from './resultsActions';
import { ResultsPanel } from './resultsPanel';

/** What to run. */
export interface RunRequest {
  /** Shown as the panel title and in the history, e.g. the catalogue name or the file name. */
  readonly title: string;
  /** The query as written (a parse prefix for a custom format is added when it runs). */
  readonly query: string;
  readonly logGroups: readonly string[];
  readonly range: TimeRange;
  /** The log groups' custom `LogFormat` (undefined: the default format). */
  readonly format?: string | undefined;
  /** The query file it came from: closing that file's editor stops the query. */
  readonly origin?: vscode.Uri | undefined;
}

/** One run, as the runner and the tests see it. */
export interface Run {
  readonly request: RunRequest;
  readonly panel: ResultsPanel;
  /** Resolves when the run has ended and, if needed, the query has been stopped. */
  readonly done: Promise<QueryOutcome | undefined>;
  readonly queryId: () => string | undefined;
  cancel(): void;
}


/** How often partial results are sent to the webview while a query runs. */
const PARTIAL_RESULTS_EVERY_MS = 1000;

export class InsightsRunner implements vscode.Disposable {
  private readonly active = new Set<Run>();
  private readonly started = new vscode.EventEmitter<Run>();
  /** Fires when a run starts (the integration tests follow runs through it). */
  readonly onDidStart = this.started.event;
  private lastRun: Run | undefined;
  /** Address labels of the account (interfaces and instance names), kept a few minutes. */
  private readonly labels = new AddressLabelCache(() => this.services.aws.ec2);
  /** The table each panel shows, as text (what export writes). */
  private readonly tables = new WeakMap<ResultsPanel, ResultTable>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly services: Services,
    private readonly history: HistoryStore,
    private readonly prompter: () => InsightsPrompter,
    private readonly viewer: () => ViewerService | undefined,
  ) {}

  /** Runs still going. */
  get running(): readonly Run[] {
    return [...this.active];
  }

  /** The most recent run (the tests look at its panel). */
  get last(): Run | undefined {
    return this.lastRun;
  }

  /** Rows asked of StartQuery: the setting, within what the API allows. */
  private limit(): number {
    const value = this.services.settings.get<number>('insights.maxResults', MAX_ROWS_PER_PAGE);
    return Math.max(1, Math.min(MAX_ROWS_PER_QUERY, Math.floor(Number.isFinite(value) ? value : MAX_ROWS_PER_PAGE)));
  }

  /**
   * Starts a run and returns at once (the run goes on in the background). Undefined when the query is
   * not sent at all because it is empty or malformed (it would only fail, after a round trip).
   */
  start(request: RunRequest, reuse?: ResultsPanel): Run | undefined {
    if (!this.services.aws.trusted()) {
      void showTrustMessage(this.services, 'Running the query');
      return undefined;
    }
    const queryString = withParsePrefix(request.query, request.format);
    if (isEmptyQuery(request.query)) {
      void vscode.window.showErrorMessage('Running the query failed: the query is empty.');
      return undefined;
    }
    const problems = checkQuery(queryString);
    if (problems.length > 0) {
      const p = problems[0]!;
      const line = queryString.slice(0, p.offset).split('\n').length;
      void vscode.window.showErrorMessage(`Running the query failed: ${p.message} (line ${line}). It was not sent.`);
      return undefined;
    }
    const panel = reuse && !reuse.isClosed ? reuse : this.newPanel(request.title);
    this.show(panel, request, queryString);
    if (panel === reuse) {
      panel.panel.reveal(undefined, false);
    }

    const controller = new AbortController();
    let queryId: string | undefined;
    const run: Run = {
      request,
      panel,
      done: Promise.resolve(undefined),
      queryId: () => queryId,
      cancel: () => controller.abort(),
    };
    const closed = panel.onDidClose(() => controller.abort());
    this.attach(panel, request, () => controller.abort());
    const onStarted = (id: string): void => {
      queryId = id;
      panel.setSaved(savedRun(request, id));
    };
    (run as { done: Promise<QueryOutcome | undefined> }).done = this.execute(request, queryString, panel, controller, onStarted).finally(() => {
      closed.dispose();
      this.active.delete(run);
    });
    this.active.add(run);
    this.lastRun = run;
    this.started.fire(run);
    return run;
  }

  /**
   * Brings a results panel back after a window reload: the run is read from the webview's state and its
   * results from Logs Insights, which keeps them for 7 days (GetQueryResults runs nothing and costs
   * nothing). A panel whose query never started says so and offers to run it again.
   */
  async restore(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const saved = parseSavedRun((state as { saved?: unknown } | undefined)?.saved);
    const range = saved ? parseTimeRange(saved.range) : undefined;
    if (!saved || !range) {
      webviewPanel.dispose();
      return;
    }
    const request: RunRequest = { title: saved.title, query: saved.query, logGroups: saved.logGroups, range, format: saved.format };
    const panel = this.newPanel(saved.title, webviewPanel);
    const queryString = withParsePrefix(request.query, request.format);
    this.show(panel, request, queryString);
    panel.setSaved(saved);
    this.attach(panel, request, () => undefined);
    if (!saved.queryId) {
      panel.showNotRestored('The query had not started when VS Code reloaded. Run it again.');
      return;
    }
    try {
      const outcome = await readQueryResults(this.services.aws.logs, saved.queryId, this.limit());
      const message = progressMessage(outcome.status, outcome.statistics, 0, outcome.rows.length).replace(/ · 0 s$/, '');
      panel.showProgress({ type: 'progress', state: runState(outcome.status), message, statistics: outcome.statistics, elapsedMs: 0 });
      await this.present(panel, queryString, outcome.rows, true, outcome);
    } catch (error) {
      panel.showNotRestored(`${failureMessage('Reading the results again', error)} Run the query again to see them.`);
    }
  }

  /** A results panel (new, or the one a reload restored), with test hooks outside production. */
  private newPanel(title: string, restored?: vscode.WebviewPanel): ResultsPanel {
    return new ResultsPanel(this.context.extensionUri, title, this.context.extensionMode !== vscode.ExtensionMode.Production, restored);
  }

  /** Shows a run's title, log groups, range and query in its panel. */
  private show(panel: ResultsPanel, request: RunRequest, queryString: string): void {
    const description = `${request.logGroups.join(', ')} · ${describeTimeRange(request.range)}${request.format ? ' · custom format (parse clause added)' : ''}`;
    panel.start(request.title, description, queryString);
    panel.setSaved(savedRun(request, undefined));
  }

  /** What the panel's buttons and links do for a run. */
  private attach(panel: ResultsPanel, request: RunRequest, cancel: () => void): void {
    panel.setHandlers({
      cancel,
      rerun: () => void this.start(request, panel),
      openQuery: () => void openQuery(request),
      export: (format) => void exportResults(this.prompter(), panel, this.tables.get(panel), format, request.title),
      openAddress: (address) => void openAddress(this.services.aws.logs, this.viewer(), address, request),
    });
  }

  /** Shows rows (partial while the query runs, then final) with their chart, labels and notices. */
  private async present(panel: ResultsPanel, queryString: string, rows: QueryProgress['rows'], final: boolean, outcome?: QueryOutcome): Promise<void> {
    const table = toTable(rows);
    this.tables.set(panel, table);
    // Labels are a nicety: partial results do not wait for them, final ones a little.
    const labels: AddressLabels | undefined = await Promise.race([this.addressLabels(), new Promise<undefined>((r) => setTimeout(() => r(undefined), final ? 3000 : 0))]);
    panel.showResults({
      columns: resultColumns(table),
      rows: resultRows(table, labels ? (a) => labels.get(a) : undefined),
      chart: chartFor(queryString, table) ?? null,
      final,
      limitNotice: outcome ? limitNotice(outcome) : null,
      problem: outcome ? problemMessage(outcome) : null,
    });
  }

  private async execute(request: RunRequest, queryString: string, panel: ResultsPanel, controller: AbortController, onStarted: (id: string) => void): Promise<QueryOutcome | undefined> {
    const ranAt = Date.now();
    const rangeText = formatTimeRange(request.range);
    await this.history.add({ query: request.query, logGroups: [...request.logGroups], range: rangeText, title: request.title, ranAt, status: 'Running' });
    void this.addressLabels();
    const limit = this.limit();
    const { startTime, endTime } = resolveTimeRange(request.range, Date.now());
    this.services.log.info(`Logs Insights: starting "${request.title}" on ${request.logGroups.join(', ')} (${rangeText}, limit ${limit})`);

    let lastPartial = 0;
    let lastRows = -1;
    const work = async (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken): Promise<QueryOutcome | undefined> => {
      const cancelled = token.onCancellationRequested(() => controller.abort());
      try {
        const outcome = await runQuery(this.services.aws.logs, { logGroupNames: request.logGroups, queryString, startTime, endTime, limit }, {
          signal: controller.signal,
          onStarted: (id) => {
            onStarted(id);
            this.services.log.info(`Logs Insights: query ${id} started`);
          },
          onProgress: (p) => {
            const message = progressMessage(p.status, p.statistics, p.elapsedMs, p.rows.length);
            progress.report({ message });
            panel.showProgress({ type: 'progress', state: runState(p.status), message, statistics: p.statistics, elapsedMs: p.elapsedMs });
            const now = Date.now();
            if (p.status === 'Running' && p.rows.length !== lastRows && now - lastPartial >= PARTIAL_RESULTS_EVERY_MS) {
              lastPartial = now;
              lastRows = p.rows.length;
              void this.present(panel, queryString, p.rows, false);
            }
          },
        });
        const message = outcome.cancelledByUser
          ? `Cancelled (StopQuery sent) · ${outcome.rows.length} rows so far`
          : progressMessage(outcome.status, outcome.statistics, outcome.elapsedMs, outcome.rows.length);
        panel.showProgress({ type: 'progress', state: runState(outcome.status), message, statistics: outcome.statistics, elapsedMs: outcome.elapsedMs });
        await this.present(panel, queryString, outcome.rows, true, outcome);
        await this.history.update(ranAt, { status: outcome.cancelledByUser ? 'Cancelled' : outcome.status, rows: outcome.rows.length });
        this.services.log.info(`Logs Insights: query ${outcome.queryId} ended ${outcome.status}${outcome.cancelledByUser ? ' (cancelled, StopQuery sent)' : ''}, ${outcome.rows.length} rows${outcome.truncated ? `, stopped at the limit of ${outcome.limit}` : ''}`);
        if (outcome.truncated) {
          void vscode.window.showWarningMessage(`Logs Insights: "${request.title}" returned only the first ${outcome.limit.toLocaleString('en-US')} rows (the limit). Narrow the time range or summarise with stats to see everything.`);
        }
        return outcome;
      } catch (error) {
        const text = failureMessage('Running the query', error);
        this.services.log.error(`Logs Insights: ${text}`);
        panel.showProgress({ type: 'progress', state: 'failed', message: 'Failed', statistics: {}, elapsedMs: 0 });
        panel.showResults({ columns: [], rows: [], chart: null, final: true, limitNotice: null, problem: text });
        await this.history.update(ranAt, { status: 'Failed' });
        if (!controller.signal.aborted) {
          void reportFailure(this.services, 'Running the query', error, () => this.start(request, panel));
        }
        return undefined;
      } finally {
        cancelled.dispose();
      }
    };

    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Logs Insights: ${request.title}`, cancellable: true },
      (progress, token) => work(progress, token),
    );
  }

  private addressLabels(): Promise<AddressLabels> {
    return this.labels.get();
  }

  /** Forgets cached labels (the profile or region changed). */
  resetLabels(): void {
    this.labels.reset();
  }

  /** Cancels the runs of a query file (its editor was closed). */
  cancelFor(uri: vscode.Uri): void {
    for (const run of this.active) {
      if (run.request.origin?.toString() === uri.toString()) {
        run.cancel();
      }
    }
  }

  /** Cancels every run and waits until their queries are stopped. */
  async stopAll(): Promise<number> {
    const runs = [...this.active];
    for (const run of runs) {
      run.cancel();
    }
    await Promise.allSettled(runs.map((r) => r.done));
    return runs.length;
  }

  dispose(): void {
    // Fire and forget: deactivate() awaits stopAll() itself; this covers hosts that only dispose.
    void this.stopAll();
    this.started.dispose();
  }
}

/** What the panel keeps in its webview state for a run (and its query id once started). */
function savedRun(request: RunRequest, queryId: string | undefined): SavedRun {
  return { title: request.title, query: request.query, logGroups: [...request.logGroups], range: formatTimeRange(request.range), format: request.format, queryId };
}
