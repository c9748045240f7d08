/**
 * Runs Athena queries in the Logs Insights results view: one results panel per run (the same panel,
 * table, charts, export and address labels), a cancellable progress notification that shows the bytes
 * scanned and what they cost while the query runs, and the promise that a query still running is
 * stopped (StopQueryExecution) on Cancel, when its panel or query file closes, and on deactivate.
 */
import * as vscode from 'vscode';
import { athenaResultTable } from '../../athena/results';
import { athenaProgressMessage, readAthenaQuery, runAthenaQuery, type AthenaOutcome } from '../../athena/run';
import { formatScanCost } from '../../athena/cost';
import type { AthenaQueryState } from '../../aws/models';
import { failureMessage } from '../../aws/errors';
import { reportFailure, showTrustMessage } from '../../commands';
import type { Services } from '../../services';
import type { AddressLabels } from '../../viewer/labels';
import { chartFor, toCsv, type ResultTable } from '../core/results';
import type { RunState, SavedAthenaRun, SavedRun } from '../core/resultsProtocol';
import { resultColumns, resultRows } from '../core/resultsView';
import { exportResults } from '../ui/resultsActions';
import type { InsightsPrompter } from '../ui/prompter';
import { ResultsPanel } from '../ui/resultsPanel';
import { AddressLabelCache } from '../ui/labels';
import { formatAthenaHeader } from '../../athena/sqlFile';

/** What to run: what the panel keeps for a reload (less the execution id), and where it came from. */
export interface AthenaRunRequest extends Omit<SavedAthenaRun, 'queryExecutionId'> {
  /** The query file it came from: closing that file stops the query. */
  readonly origin?: vscode.Uri | undefined;
}

/** One run, as the runner and the tests see it. */
export interface AthenaRun {
  readonly request: AthenaRunRequest;
  readonly panel: ResultsPanel;
  readonly done: Promise<AthenaOutcome | undefined>;
  readonly queryExecutionId: () => string | undefined;
  /** The last progress line (the bytes scanned and their cost). */
  readonly lastMessage: () => string | undefined;
  cancel(): void;
}

const STATES: Readonly<Record<AthenaQueryState, RunState>> = {
  QUEUED: 'starting', RUNNING: 'running', SUCCEEDED: 'complete', FAILED: 'failed', CANCELLED: 'cancelled',
};


export class AthenaRunner implements vscode.Disposable {
  private readonly active = new Set<AthenaRun>();
  private readonly started = new vscode.EventEmitter<AthenaRun>();
  /** Fires when a run starts (lenses and the integration tests follow runs through it). */
  readonly onDidStart = this.started.event;
  private readonly tables = new WeakMap<ResultsPanel, ResultTable>();
  /** Address labels of the account (interfaces and instance names), kept a few minutes. */
  private readonly labels = new AddressLabelCache(() => this.services.aws.ec2);

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly services: Services,
    private readonly prompter: () => Pick<InsightsPrompter, 'askSaveUri'>,
  ) {}

  get running(): readonly AthenaRun[] {
    return [...this.active];
  }

  /** US dollars per terabyte scanned (the region's Athena price, the setting). */
  pricePerTb(): number {
    const value = this.services.settings.get<number>('athena.pricePerTerabyte', 5);
    return Number.isFinite(value) && value >= 0 ? value : 5;
  }

  private cost(): { pricePerTb: number } {
    return { pricePerTb: this.pricePerTb() };
  }

  private maxRows(): number {
    const value = this.services.settings.get<number>('athena.maxResults', 10_000);
    return Math.max(1, Math.min(100_000, Math.floor(Number.isFinite(value) ? value : 10_000)));
  }

  /** Starts a run and returns at once; undefined when AWS may not be used (Restricted Mode). */
  start(request: AthenaRunRequest, reuse?: ResultsPanel): AthenaRun | undefined {
    if (!this.services.aws.trusted()) {
      void showTrustMessage(this.services, 'Running the Athena query');
      return undefined;
    }
    if (request.sql.trim() === '') {
      void vscode.window.showErrorMessage('Running the Athena query failed: the query is empty.');
      return undefined;
    }
    const panel = reuse && !reuse.isClosed
      ? reuse
      : new ResultsPanel(this.context.extensionUri, request.title, this.context.extensionMode !== vscode.ExtensionMode.Production);
    panel.start(request.title, describeRun(request), request.sql);
    if (panel === reuse) {
      panel.panel.reveal(undefined, false);
    }
    const controller = new AbortController();
    let id: string | undefined;
    let message: string | undefined;
    const run: AthenaRun = {
      request, panel, done: Promise.resolve(undefined),
      queryExecutionId: () => id,
      lastMessage: () => message,
      cancel: () => controller.abort(),
    };
    const closed = panel.onDidClose(() => controller.abort());
    this.attach(panel, request, () => controller.abort());
    panel.setSaved(savedAthenaRun(request, undefined));
    const onMessage = (text: string): void => {
      message = text;
    };
    const onStarted = (qid: string): void => {
      id = qid;
      // Kept in the panel's state: after a window reload its results are read again, not re-run.
      panel.setSaved(savedAthenaRun(request, qid));
    };
    (run as { done: Promise<AthenaOutcome | undefined> }).done = this.execute(request, panel, controller, onStarted, onMessage).finally(() => {
      closed.dispose();
      this.active.delete(run);
    });
    this.active.add(run);
    this.started.fire(run);
    return run;
  }

  /** What the panel's buttons and links do for a run. */
  private attach(panel: ResultsPanel, request: AthenaRunRequest, cancel: () => void): void {
    panel.setHandlers({
      cancel,
      rerun: () => void this.start(request, panel),
      openQuery: () => void openAthenaQuery(request),
      export: (format) => void exportResults(this.prompter(), panel, this.tables.get(panel), format, request.title),
      openAddress: (address) => void vscode.window.showInformationMessage(`${address}: the records behind an address open from Logs Insights results; for Athena, filter the query by srcaddr or dstaddr.`),
    });
  }

  /**
   * Brings an Athena results panel back after a window reload: the run is read from the webview's state,
   * and its results again from Athena (GetQueryExecution, GetQueryResults), which keeps them in the
   * result location. No query is started, so nothing is billed.
   */
  async restore(webviewPanel: vscode.WebviewPanel, saved: SavedAthenaRun): Promise<void> {
    const { queryExecutionId, ...request } = saved;
    const panel = new ResultsPanel(this.context.extensionUri, request.title, this.context.extensionMode !== vscode.ExtensionMode.Production, webviewPanel);
    panel.start(request.title, describeRun(request), request.sql);
    panel.setSaved(savedAthenaRun(request, queryExecutionId));
    this.attach(panel, request, () => undefined);
    if (!queryExecutionId) {
      panel.showNotRestored('The query had not started when VS Code reloaded. Run it again.');
      return;
    }
    if (!this.services.aws.trusted()) {
      panel.showNotRestored('AWS access is turned off in Restricted Mode, so the results were not read again. Trust this workspace, then Run again.');
      return;
    }
    try {
      const outcome = await readAthenaQuery(this.services.aws.athena, queryExecutionId, { maxRows: this.maxRows() });
      await this.present(panel, request, outcome);
    } catch (error) {
      panel.showNotRestored(`${failureMessage('Reading the results again', error)} Run the query again to see them.`);
    }
  }

  /** Shows a finished run: its scan and cost, its rows with their chart and address labels, and any problem. */
  private async present(panel: ResultsPanel, request: AthenaRunRequest, outcome: AthenaOutcome): Promise<ResultTable> {
    const cost = this.cost();
    const table = athenaResultTable(outcome.pages);
    this.tables.set(panel, table);
    const message = athenaProgressMessage(outcome.state, outcome.dataScannedInBytes, outcome.elapsedMs, outcome.state === 'SUCCEEDED' ? table.rows.length : undefined, cost);
    panel.showProgress({ type: 'progress', state: STATES[outcome.state], message, statistics: { bytesScanned: outcome.dataScannedInBytes }, elapsedMs: outcome.elapsedMs });
    const labels: AddressLabels | undefined = await Promise.race([this.addressLabels(), new Promise<undefined>((r) => setTimeout(() => r(undefined), 3000))]);
    panel.showResults({
      columns: resultColumns(table),
      rows: resultRows(table, labels ? (a) => labels.get(a) : undefined),
      chart: (request.chartQuery ? chartFor(request.chartQuery, table) : undefined) ?? null,
      final: true,
      limitNotice: outcome.truncated ? `Only the first ${table.rows.length.toLocaleString('en-US')} rows are shown (the vpcFlowLogs.athena.maxResults setting); Athena keeps all of them in ${'the work group\'s result location'}.` : null,
      problem: problemOf(outcome, cost),
    });
    return table;
  }

  private async execute(request: AthenaRunRequest, panel: ResultsPanel, controller: AbortController, onStarted: (id: string) => void, onMessage: (m: string) => void): Promise<AthenaOutcome | undefined> {
    const cost = this.cost();
    const show = (state: AthenaQueryState, scanned: number, elapsedMs: number, rows?: number): string => {
      const message = athenaProgressMessage(state, scanned, elapsedMs, rows, cost);
      onMessage(message);
      panel.showProgress({ type: 'progress', state: STATES[state], message, statistics: { bytesScanned: scanned }, elapsedMs });
      return message;
    };
    void this.addressLabels();
    this.services.log.info(`Athena: starting "${request.title}" on ${request.table} in work group ${request.workGroup}`);
    const work = async (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken): Promise<AthenaOutcome | undefined> => {
      const cancelled = token.onCancellationRequested(() => controller.abort());
      try {
        const outcome = await runAthenaQuery(this.services.aws.athena, {
          sql: request.sql, database: request.database, workGroup: request.workGroup, outputLocation: request.outputLocation,
        }, {
          signal: controller.signal,
          maxRows: this.maxRows(),
          onStarted: (id) => {
            onStarted(id);
            this.services.log.info(`Athena: query ${id} started`);
          },
          onProgress: (p) => progress.report({ message: show(p.state, p.dataScannedInBytes, p.elapsedMs) }),
        });
        const table = await this.present(panel, request, outcome);
        onMessage(athenaProgressMessage(outcome.state, outcome.dataScannedInBytes, outcome.elapsedMs, outcome.state === 'SUCCEEDED' ? table.rows.length : undefined, cost));
        this.services.log.info(`Athena: query ${outcome.queryExecutionId} ended ${outcome.state}, ${formatScanCost(outcome.dataScannedInBytes, cost)}, ${table.rows.length} rows`);
        return outcome;
      } catch (error) {
        const text = failureMessage('Running the Athena query', error);
        this.services.log.error(`Athena: ${text}`);
        panel.showProgress({ type: 'progress', state: 'failed', message: 'Failed', statistics: {}, elapsedMs: 0 });
        panel.showResults({ columns: [], rows: [], chart: null, final: true, limitNotice: null, problem: text });
        if (!controller.signal.aborted) {
          void reportFailure(this.services, 'Running the Athena query', error, () => this.start(request, panel));
        }
        return undefined;
      } finally {
        cancelled.dispose();
      }
    };
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Athena: ${request.title}`, cancellable: true }, work);
  }

  private addressLabels(): Promise<AddressLabels> {
    return this.labels.get();
  }

  /** Forgets cached labels (the profile or region changed). */
  resetLabels(): void {
    this.labels.reset();
  }

  /** The table a panel shows, as CSV (tests compare it with the fake's answer). */
  csvOf(panel: ResultsPanel): string | undefined {
    const table = this.tables.get(panel);
    return table ? toCsv(table) : undefined;
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
    runs.forEach((r) => r.cancel());
    await Promise.allSettled(runs.map((r) => r.done));
    return runs.length;
  }

  dispose(): void {
    void this.stopAll();
    this.started.dispose();
  }
}

/** The panel's description of a run: the table, the work group and the range. */
function describeRun(request: AthenaRunRequest): string {
  return `Athena · ${request.table} · work group ${request.workGroup}${request.range ? ` · ${request.range}` : ''}`;
}

/** What an Athena panel keeps in its webview state (the Logs Insights fields hold the SQL and title). */
function savedAthenaRun(request: AthenaRunRequest, queryExecutionId: string | undefined): SavedRun {
  const { origin: _origin, ...rest } = request;
  return { title: request.title, query: request.sql, logGroups: [], range: request.range ?? '', athena: { ...rest, queryExecutionId } };
}

/** What to say about a run that did not complete, or null. */
function problemOf(outcome: AthenaOutcome, cost: { pricePerTb: number }): string | null {
  const scanned = formatScanCost(outcome.dataScannedInBytes, cost);
  switch (outcome.state) {
    case 'SUCCEEDED':
      return null;
    case 'CANCELLED':
      return outcome.cancelledByUser
        ? `Query cancelled: StopQueryExecution was sent, so it no longer runs. It is billed for what it read until then (${scanned}).`
        : `Query was cancelled in Athena${outcome.reason ? `: ${outcome.reason}` : ''}.`;
    default:
      return `Query failed in Athena: ${outcome.reason ?? 'no reason given'}. Failed queries are not billed.`;
  }
}

/** Opens a run's SQL as an Athena query file, its table, work group and range in the header. */
export async function openAthenaQuery(request: AthenaRunRequest): Promise<vscode.TextEditor> {
  const header = formatAthenaHeader({
    title: request.title, table: request.table, workGroup: request.workGroup, outputLocation: request.outputLocation, range: request.range, catalogue: request.catalogue,
  });
  const document = await vscode.workspace.openTextDocument({ language: 'sql', content: `${header}${request.sql}\n` });
  return vscode.window.showTextDocument(document);
}
