/**
 * Runs Logs Insights queries for the commands, the query files and the history: one results panel per
 * run, a cancellable progress notification, the history entry, and the promise that every query still
 * running is stopped (StopQuery) when its panel or its query file closes, on Cancel, and on deactivate.
 */
import * as vscode from 'vscode';
import { failureMessage } from '../aws/errors';
import { reportFailure, showTrustMessage } from '../commands';
import { MAX_ROWS_PER_PAGE, MAX_ROWS_PER_QUERY, runQuery, type QueryOutcome, type QueryProgress } from '../insights/poll';
import { withParsePrefix } from '../insights/parsePrefix';
import { checkQuery, formatHeader, isEmptyQuery } from '../insights/queryText';
import { chartFor, toCsv, toJson, toTable, type ResultTable } from '../insights/results';
import { limitNotice, problemMessage, progressMessage, resultColumns, resultRows, runState } from '../insights/resultsView';
import { describeTimeRange, formatTimeRange, resolveTimeRange, type TimeRange } from '../insights/timeRange';
import type { Services } from '../services';
import type { AddressLabels } from '../viewer/labels';
import type { ViewerService } from '../viewer/source';
import { AddressRecordSource } from '../insights/addressSource';
import type { HistoryStore } from './historyStore';
import { loadAddressLabels } from './labels';
import type { InsightsPrompter } from './prompter';
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

/** How long address labels (interfaces and instance names) are reused. */
const LABELS_TTL_MS = 5 * 60_000;

/** How often partial results are sent to the webview while a query runs. */
const PARTIAL_RESULTS_EVERY_MS = 1000;

export class InsightsRunner implements vscode.Disposable {
  private readonly active = new Set<Run>();
  private readonly started = new vscode.EventEmitter<Run>();
  /** Fires when a run starts (the integration tests follow runs through it). */
  readonly onDidStart = this.started.event;
  private lastRun: Run | undefined;
  /** Address labels of the account, kept a few minutes so runs in a row do not each list every interface. */
  private labels: { promise: Promise<AddressLabels>; at: number } | undefined;
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
    const description = `${request.logGroups.join(', ')} · ${describeTimeRange(request.range)}${request.format ? ' · custom format (parse clause added)' : ''}`;
    const panel = reuse && !reuse.isClosed ? reuse : new ResultsPanel(this.context.extensionUri, request.title, this.context.extensionMode !== vscode.ExtensionMode.Production);
    panel.start(request.title, description, queryString);
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
    panel.setHandlers({
      cancel: () => controller.abort(),
      rerun: () => void this.start(request, panel),
      openQuery: () => void this.openQuery(request),
      export: (format) => void this.export(panel, format, request.title),
      openAddress: (address) => void this.openAddress(address, request),
    });

    (run as { done: Promise<QueryOutcome | undefined> }).done = this.execute(request, queryString, panel, controller, (id) => (queryId = id)).finally(() => {
      closed.dispose();
      this.active.delete(run);
    });
    this.active.add(run);
    this.lastRun = run;
    this.started.fire(run);
    return run;
  }

  private async execute(request: RunRequest, queryString: string, panel: ResultsPanel, controller: AbortController, setId: (id: string) => void): Promise<QueryOutcome | undefined> {
    const ranAt = Date.now();
    const rangeText = formatTimeRange(request.range);
    await this.history.add({ query: request.query, logGroups: [...request.logGroups], range: rangeText, title: request.title, ranAt, status: 'Running' });
    const labels = this.addressLabels();
    const limit = this.limit();
    const { startTime, endTime } = resolveTimeRange(request.range, Date.now());
    this.services.log.info(`Logs Insights: starting "${request.title}" on ${request.logGroups.join(', ')} (${rangeText}, limit ${limit})`);

    let lastPartial = 0;
    let lastRows = -1;
    const showRows = async (rows: QueryProgress['rows'], final: boolean, outcome?: QueryOutcome): Promise<void> => {
      const table = toTable(rows);
      this.tables.set(panel, table);
      const addressLabels: AddressLabels | undefined = await Promise.race([labels, new Promise<undefined>((r) => setTimeout(() => r(undefined), final ? 3000 : 0))]);
      panel.showResults({
        type: 'results',
        columns: resultColumns(table),
        rows: resultRows(table, addressLabels ? (a) => addressLabels.get(a) : undefined),
        chart: chartFor(queryString, table) ?? null,
        final,
        limitNotice: outcome ? limitNotice(outcome) : null,
        problem: outcome ? problemMessage(outcome) : null,
      });
    };

    const work = async (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken): Promise<QueryOutcome | undefined> => {
      const cancelled = token.onCancellationRequested(() => controller.abort());
      try {
        const outcome = await runQuery(this.services.aws.logs, { logGroupNames: request.logGroups, queryString, startTime, endTime, limit }, {
          signal: controller.signal,
          onStarted: (id) => {
            setId(id);
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
              void showRows(p.rows, false);
            }
          },
        });
        const message = outcome.cancelledByUser
          ? `Cancelled (StopQuery sent) · ${outcome.rows.length} rows so far`
          : progressMessage(outcome.status, outcome.statistics, outcome.elapsedMs, outcome.rows.length);
        panel.showProgress({ type: 'progress', state: runState(outcome.status), message, statistics: outcome.statistics, elapsedMs: outcome.elapsedMs });
        await showRows(outcome.rows, true, outcome);
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
        panel.showResults({ type: 'results', columns: [], rows: [], chart: null, final: true, limitNotice: null, problem: text });
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
    if (!this.labels || Date.now() - this.labels.at > LABELS_TTL_MS) {
      this.labels = { promise: loadAddressLabels(this.services.aws.ec2), at: Date.now() };
    }
    return this.labels.promise;
  }

  /** Forgets cached labels (the profile or region changed). */
  resetLabels(): void {
    this.labels = undefined;
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

  /** Opens the query of a run in an editor, as a query file with its log groups and range in the header. */
  async openQuery(request: Pick<RunRequest, 'title' | 'query' | 'logGroups' | 'range'>): Promise<vscode.TextEditor> {
    const header = formatHeader({ logGroups: request.logGroups, range: formatTimeRange(request.range) });
    const body = request.query.replace(/^(\s*#\s*(logGroups?|range|time)\s*:.*\n)+/i, '');
    const document = await vscode.workspace.openTextDocument({ language: 'logs-insights', content: `# ${request.title}\n${header}${body.endsWith('\n') ? body : `${body}\n`}` });
    return vscode.window.showTextDocument(document);
  }

  private async export(panel: ResultsPanel, format: 'csv' | 'json', title: string): Promise<void> {
    const table = this.tables.get(panel);
    if (!table || table.rows.length === 0) {
      return;
    }
    const uri = await this.prompter().askSaveUri(`${title.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'insights-results'}.${format}`, format);
    if (!uri) {
      return;
    }
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(format === 'csv' ? toCsv(table) : toJson(table)));
      panel.notice('info', `Exported ${table.rows.length} rows to ${vscode.workspace.asRelativePath(uri)}`);
    } catch (error) {
      void vscode.window.showErrorMessage(`Exporting the results failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Opens the flow log records that mention an address, over the run's log groups and time range. */
  async openAddress(address: string, request: RunRequest): Promise<void> {
    const { startTime, endTime } = resolveTimeRange(request.range, Date.now());
    const source = new AddressRecordSource(this.services.aws.logs, {
      address,
      logGroups: request.logGroups,
      startTime,
      endTime,
      format: request.format,
      rangeText: describeTimeRange(request.range),
    });
    const viewer = this.viewer();
    if (viewer) {
      await viewer.open(source);
      return;
    }
    // Without the viewer (it is optional here), show the records as a flow log document instead.
    try {
      const page = await source.loadInitial(new AbortController().signal);
      const document = await vscode.workspace.openTextDocument({ language: 'vpc-flow-log', content: `${(page.lines ?? []).join('\n')}\n` });
      await vscode.window.showTextDocument(document);
    } catch (error) {
      void vscode.window.showErrorMessage(`Opening the records of ${address} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    // Fire and forget: deactivate() awaits stopAll() itself; this covers hosts that only dispose.
    void this.stopAll();
    this.started.dispose();
  }
}
