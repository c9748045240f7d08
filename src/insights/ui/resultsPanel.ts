/**
 * The results panel of one Logs Insights run: a webview (CSP with a nonce, no network, results always
 * set as text) that shows the webview kit's table and a chart. The host keeps the rows (a
 * {@link ResultsModel}) and answers the webview's requests for windows of them, sorts and filters; it
 * replays its last messages whenever the webview (re)loads, so the panel needs no retained context, and
 * the webview keeps the run in its state so the serializer brings the panel back after a window reload.
 * Closing the panel cancels the run it shows, which stops the query (StopQuery) if it still runs.
 */
import * as vscode from 'vscode';
import { ResultsModel } from '../core/resultsModel';
import { type ResultsHostMessage, type ResultsWebviewMessage, type SavedRun, parseResultsMessage } from '../core/resultsProtocol';
import { createNonce, viewerHtml } from '../../viewer/html';
import type { ColumnInfo, ProbeAction, RowData } from '../../webviewKit/types';
import type { ChartData } from '../core/results';

/** The webview panel type. */
export const RESULTS_VIEW_TYPE = 'vpcFlowLogs.insightsResults';

/** Rows sent with each `results` message: about two screens. */
const FIRST_WINDOW = 100;

/** What a run shows besides the rows' order. */
export interface ResultsContent {
  readonly columns: readonly ColumnInfo[];
  readonly rows: readonly RowData[];
  readonly chart: ChartData | null;
  readonly final: boolean;
  readonly limitNotice: string | null;
  readonly problem: string | null;
}

/** What the panel's buttons and links do. */
export interface ResultsPanelHandlers {
  cancel(): void;
  rerun(): void;
  openQuery(): void;
  export(format: 'csv' | 'json'): void;
  openAddress(address: string): void;
}

export class ResultsPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private handlers: ResultsPanelHandlers | undefined;
  private init: Extract<ResultsHostMessage, { type: 'init' }> | undefined;
  private progress: Extract<ResultsHostMessage, { type: 'progress' }> | undefined;
  private saved: SavedRun | undefined;
  private content: Omit<ResultsContent, 'columns' | 'rows'> | undefined;
  private readonly model = new ResultsModel();
  private ready = false;
  private disposed = false;
  private probeSeq = 0;
  private readonly probes = new Map<number, (result: { ok: boolean; value: unknown }) => void>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly closed = new vscode.EventEmitter<void>();
  /** Fires once when the panel is closed. */
  readonly onDidClose = this.closed.event;

  /** A new panel, or (`restored`) the one a window reload hands the serializer. */
  constructor(
    private readonly extensionUri: vscode.Uri,
    title: string,
    private readonly testHooks: boolean,
    restored?: vscode.WebviewPanel,
  ) {
    const roots = [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
    this.panel =
      restored ??
      vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
        enableScripts: true,
        localResourceRoots: roots,
      });
    this.panel.webview.options = { enableScripts: true, localResourceRoots: roots };
    this.panel.webview.html = this.html(title);
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(parseResultsMessage(raw))),
      this.panel.onDidDispose(() => {
        this.disposed = true;
        this.closed.fire();
        this.dispose();
      }),
    );
  }

  /** Whether the panel has been closed. */
  get isClosed(): boolean {
    return this.disposed;
  }

  /** Sets what the buttons do (a re-run attaches the new run to the same panel). */
  setHandlers(handlers: ResultsPanelHandlers): void {
    this.handlers = handlers;
  }

  /** Starts showing a (new) run: its title, description and query text. */
  start(title: string, description: string, query: string): void {
    this.panel.title = title;
    this.init = { type: 'init', title, description, query, testHooks: this.testHooks };
    this.progress = undefined;
    this.post(this.init);
  }

  showProgress(message: Extract<ResultsHostMessage, { type: 'progress' }>): void {
    this.progress = message;
    this.post(message);
  }

  /** New rows (partial or final) and what goes with them; the user's sort and filter stay. */
  showResults(content: ResultsContent): void {
    const { columns, rows, ...rest } = content;
    this.content = rest;
    this.model.set(columns, rows);
    this.postResults();
  }

  /** A restored panel whose results could not be read again: says why, with no rows. */
  showNotRestored(problem: string): void {
    this.showProgress({ type: 'progress', state: 'failed', message: 'Not shown', statistics: {}, elapsedMs: 0 });
    this.showResults({ columns: [], rows: [], chart: null, final: true, limitNotice: null, problem });
  }

  /** What the webview keeps so the panel comes back after a reload (the query id once it is known). */
  setSaved(saved: SavedRun): void {
    this.saved = saved;
    this.post({ type: 'saved', saved });
  }

  notice(level: 'info' | 'error', message: string): void {
    this.post({ type: 'notice', level, message });
  }

  /** Rows shown, in the current order (after the filter). */
  get rowCount(): number {
    return this.model.count;
  }

  private postResults(): void {
    if (!this.content) {
      return;
    }
    const model = this.model;
    this.post({
      type: 'results',
      columns: model.columns,
      seq: model.seq,
      count: model.count,
      total: model.total,
      sort: model.sort,
      only: model.only,
      start: 0,
      rows: model.window(0, FIRST_WINDOW),
      ...this.content,
    });
  }

  get lastProgress(): Extract<ResultsHostMessage, { type: 'progress' }> | undefined {
    return this.progress;
  }

  /** Test hook: runs a probe action in the webview's DOM (only when test hooks are on). */
  probe(action: ProbeAction, timeoutMs = 5000): Promise<{ ok: boolean; value: unknown }> {
    if (!this.testHooks) {
      return Promise.reject(new Error('Probing the results webview failed: test hooks are off'));
    }
    const id = ++this.probeSeq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.probes.delete(id);
        reject(new Error(`Probing the results webview failed: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.probes.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      void this.panel.webview.postMessage({ type: 'probe', id, action } satisfies ResultsHostMessage);
    });
  }

  /** Whether the webview has said `ready` (its script runs). */
  get isReady(): boolean {
    return this.ready;
  }

  private post(message: ResultsHostMessage): void {
    if (this.ready && !this.disposed) {
      void this.panel.webview.postMessage(message);
    }
  }

  private receive(message: ResultsWebviewMessage | undefined): void {
    if (!message) {
      return; // Not a message this panel knows: ignore it rather than act on it.
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        for (const m of [this.init, this.progress]) {
          if (m) {
            this.post(m);
          }
        }
        if (this.saved) {
          this.post({ type: 'saved', saved: this.saved });
        }
        this.postResults();
        break;
      case 'rows':
        if (message.seq === this.model.seq) {
          this.post({ type: 'rows', seq: message.seq, start: message.start, rows: this.model.window(message.start, message.count) });
        }
        break;
      case 'sort':
        this.model.toggleSort(message.field);
        this.postResults();
        break;
      case 'filter':
        this.model.filter(message.only);
        this.postResults();
        break;
      case 'reveal': {
        const position = this.model.positionOf(message.row);
        if (position >= 0) {
          this.post({ type: 'reveal', position });
        }
        break;
      }
      case 'cancel':
        this.handlers?.cancel();
        break;
      case 'rerun':
        this.handlers?.rerun();
        break;
      case 'openQuery':
        this.handlers?.openQuery();
        break;
      case 'export':
        this.handlers?.export(message.format);
        break;
      case 'openAddress':
        this.handlers?.openAddress(message.address);
        break;
      case 'probeResult':
        this.probes.get(message.id)?.({ ok: message.ok, value: message.value });
        this.probes.delete(message.id);
        break;
      default: {
        const never: never = message;
        void never;
      }
    }
  }

  private html(title: string): string {
    const webview = this.panel.webview;
    const uri = (...parts: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...parts)).toString();
    // The viewer's page (CSP, codicons, chart and table styles) with the results script and its styles.
    return viewerHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      title,
      scriptUri: uri('dist', 'insights-webview.js'),
      styleUri: uri('media', 'viewer.css'),
      codiconsUri: uri('dist', 'codicons', 'codicon.css'),
      chartStyleUri: uri('dist', 'uPlot.min.css'),
      extraStyleUris: [uri('media', 'insights.css')],
      loadingText: 'Starting the query…',
    });
  }

  dispose(): void {
    if (!this.disposed) {
      this.disposed = true;
      this.panel.dispose(); // Fires onDidDispose, which fires onDidClose.
      return;
    }
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
    this.closed.dispose();
    for (const resolve of this.probes.values()) {
      resolve({ ok: false, value: 'panel closed' });
    }
    this.probes.clear();
  }
}
