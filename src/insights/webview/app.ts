/**
 * The results webview: a toolbar (cancel, run again, open the query, export), the progress line, plain
 * banners for the row limit and for failed or cancelled runs, the chart, and the webview kit's
 * virtualised table. As in the flow log viewer, the host keeps the rows: the page asks for the windows it
 * scrolls to, and a click on a header or a value asks the host to sort or filter; clicking an address
 * asks the host to open the matching flow log records.
 */
import { el, formatCount, icon, probeAnswer, RowCache, type TableColumn, VirtualTable } from '../../webviewKit';
import type { ColumnInfo, SortState } from '../../webviewKit/types';
import type { ValueFilter } from '../core/resultsModel';
import type { ResultsHostMessage, ResultsWebviewMessage, SavedRun } from '../core/resultsProtocol';
import { ResultsChart } from './chart';

/** What `acquireVsCodeApi()` returns (only the parts used). */
export interface ResultsVsCodeApi {
  postMessage(message: ResultsWebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

const KIND_WIDTHS: Readonly<Record<ColumnInfo['kind'], number>> = {
  number: 110,
  count: 110,
  bytes: 120,
  time: 150,
  address: 290,
  port: 120,
  protocol: 110,
  action: 96,
  status: 96,
  interface: 190,
  flags: 132,
  text: 220,
};

/** The viewer's table colours rows by the fields `action` and `log-status`; Insights calls the latter `logStatus`. */
const TABLE_FIELD: Readonly<Record<string, string>> = { logStatus: 'log-status' };

/** What the page keeps in its webview state: the chart toggle, and the run (for the serializer). */
interface PageState {
  readonly chart?: boolean;
  readonly saved?: SavedRun;
}

export class ResultsApp {
  private columns: readonly ColumnInfo[] = [];
  private sort: SortState | null = null;
  /** A value filter set by clicking a port, protocol, action or interface (applied by the host). */
  private only: ValueFilter | null = null;
  private testHooks = false;
  /** The next results answer a sort or filter the user asked for: show them from the top. */
  private fromTop = false;
  private readonly cache: RowCache;
  private readonly table: VirtualTable;
  private readonly chart: ResultsChart;

  private readonly titleEl = el('h1', { className: 'title', text: 'Logs Insights' });
  private readonly descriptionEl = el('span', { className: 'description' });
  private readonly countEl = el('span', { className: 'count', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly progressEl = el('div', { className: 'progress', attrs: { role: 'progressbar', 'aria-label': 'Query running' } });
  private readonly statusEl = el('span', { className: 'loading-text insights-status' });
  private readonly cancelButton = this.button('debug-stop', 'Cancel', 'Stop the query (StopQuery): a running query costs money');
  private readonly rerunButton = this.button('refresh', 'Run again', 'Run the query again with the same log groups and time range');
  private readonly openButton = this.button('go-to-file', 'Open query', 'Open the query in an editor (a .insights file)');
  private readonly csvButton = this.button('export', 'CSV', 'Export the results as CSV');
  private readonly jsonButton = this.button('json', 'JSON', 'Export the results as JSON');
  private readonly chartButton = this.button('graph', 'Chart', 'Show or hide the chart');
  private readonly filterChip = el('span', { className: 'insights-filter' });
  private readonly limitBanner = el('div', { className: 'banner warning limit-banner', attrs: { role: 'status' } });
  private readonly problemBanner = el('div', { className: 'banner warning problem-banner', attrs: { role: 'alert' } });
  private readonly noticeEl = el('div', { className: 'notice', attrs: { role: 'alert' } });
  private readonly queryEl = el('pre', { className: 'insights-query' });
  private chartVisible = true;

  constructor(
    private readonly vscode: ResultsVsCodeApi,
    private readonly root: HTMLElement,
  ) {
    this.cache = new RowCache((seq, start, count) => this.post({ type: 'rows', seq, start, count }));
    this.table = new VirtualTable({
      need: (start, end) => this.cache.ensure(start, end),
      get: (position) => this.cache.get(position),
      open: () => undefined,
      copy: (row) => void navigator.clipboard?.writeText(row.values.map((v) => (v === null ? '' : String(v))).join('\t')),
      filterBy: (column, value) => this.clickValue(column, value),
      sort: (field) => {
        this.fromTop = true;
        this.post({ type: 'sort', field });
      },
      scrolled: () => undefined,
    });
    this.table.element.setAttribute('aria-label', 'Query results');
    // A bar of the chart is a result row: the host knows where it is in the current order.
    this.chart = new ResultsChart((row) => this.post({ type: 'reveal', row }));
    this.chartVisible = this.state().chart !== false;
    this.build();
  }

  receive(message: ResultsHostMessage): void {
    switch (message.type) {
      case 'init':
        this.titleEl.textContent = message.title;
        this.descriptionEl.textContent = message.description;
        this.descriptionEl.title = message.description;
        this.queryEl.textContent = message.query;
        document.title = message.title;
        this.testHooks = message.testHooks;
        break;
      case 'progress': {
        const running = message.state === 'starting' || message.state === 'running';
        this.root.classList.toggle('is-loading', running);
        this.cancelButton.hidden = !running;
        this.rerunButton.disabled = running;
        this.statusEl.textContent = message.message;
        break;
      }
      case 'saved':
        this.setState({ saved: message.saved });
        break;
      case 'results':
        this.onResults(message);
        break;
      case 'rows':
        if (this.cache.put(message.seq, message.start, message.rows)) {
          this.table.refresh();
        }
        break;
      case 'reveal':
        this.table.select(message.position);
        break;
      case 'notice':
        this.noticeEl.replaceChildren(icon(message.level === 'error' ? 'error' : 'info'), el('span', { text: message.message }));
        this.noticeEl.className = `notice ${message.level}`;
        break;
      case 'probe':
        if (this.testHooks) {
          this.post(probeAnswer(message.id, message.action));
        }
        break;
      default: {
        const never: never = message;
        void never;
      }
    }
  }

  private post(message: ResultsWebviewMessage): void {
    this.vscode.postMessage(message);
  }

  private state(): PageState {
    const state = this.vscode.getState();
    return typeof state === 'object' && state !== null ? (state) : {};
  }

  private setState(change: PageState): void {
    this.vscode.setState({ ...this.state(), ...change });
  }

  private button(iconName: string, label: string, title: string): HTMLButtonElement {
    return el('button', { className: 'btn', title, attrs: { type: 'button' } }, icon(iconName), el('span', { className: 'btn-label', text: label }));
  }

  private build(): void {
    this.cancelButton.classList.add('cancel');
    this.cancelButton.hidden = true;
    this.cancelButton.addEventListener('click', () => this.post({ type: 'cancel' }));
    this.rerunButton.addEventListener('click', () => this.post({ type: 'rerun' }));
    this.openButton.addEventListener('click', () => this.post({ type: 'openQuery' }));
    this.csvButton.addEventListener('click', () => this.post({ type: 'export', format: 'csv' }));
    this.jsonButton.addEventListener('click', () => this.post({ type: 'export', format: 'json' }));
    this.chartButton.addEventListener('click', () => {
      this.chartVisible = !this.chartVisible;
      this.setState({ chart: this.chartVisible });
      this.showChartToggle();
    });
    this.limitBanner.hidden = true;
    this.problemBanner.hidden = true;
    this.filterChip.hidden = true;
    const toolbar = el(
      'div',
      { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Query results' } },
      el('div', { className: 'heading' }, this.titleEl, this.descriptionEl),
      el('div', { className: 'group' }, this.rerunButton, this.openButton, this.chartButton),
      el('div', { className: 'group' }, this.csvButton, this.jsonButton),
    );
    const details = el('details', { className: 'insights-query-box' }, el('summary', { text: 'Query' }), this.queryEl);
    const status = el('div', { className: 'status' }, this.countEl, this.progressEl, this.statusEl, this.cancelButton, this.filterChip, this.noticeEl);
    const main = el('div', { className: 'main insights-main' }, this.chart.element, this.table.element);
    this.root.replaceChildren(toolbar, details, status, this.limitBanner, this.problemBanner, main);
    this.chart.render(null);
    this.showChartToggle();
    this.table.setCount(0, 'Waiting for results…');
  }

  private showChartToggle(): void {
    this.chartButton.setAttribute('aria-pressed', String(this.chartVisible));
    this.root.classList.toggle('chart-hidden', !this.chartVisible);
  }

  private onResults(message: Extract<ResultsHostMessage, { type: 'results' }>): void {
    const sameColumns = message.columns.length === this.columns.length && message.columns.every((c, i) => c.field === this.columns[i]?.field);
    this.columns = message.columns;
    if (!sameColumns) {
      const allFields = this.columns.map((c) => TABLE_FIELD[c.field] ?? c.field);
      // Wide enough for the header too (aggregate names such as bytesTransferred are long).
      const tableColumns: TableColumn[] = this.columns.map((c, index) => ({ ...c, index, width: Math.max(KIND_WIDTHS[c.kind] ?? 140, Math.min(320, c.label.length * 8 + 36)) }));
      this.table.setColumns(tableColumns, allFields);
    }
    this.sort = message.sort;
    this.only = message.only;
    this.table.setSort(this.sort);
    this.cache.reset(message.seq, message.count);
    this.cache.put(message.seq, message.start, message.rows);
    this.chart.render(message.chart);
    this.banner(this.limitBanner, 'warning', message.limitNotice);
    this.banner(this.problemBanner, 'error', message.problem);
    this.exportEnabled(message.total > 0);
    const empty = message.total === 0 ? (message.final ? 'The query returned no rows.' : 'Waiting for results…') : 'No rows match the filter.';
    this.table.setCount(message.count, empty, sameColumns && !this.fromTop);
    this.fromTop = false;
    this.table.refresh();
    const { count, total } = message;
    this.countEl.textContent = this.only ? `${formatCount(count)} of ${formatCount(total)} rows` : `${formatCount(total)} row${total === 1 ? '' : 's'}`;
    this.showFilter();
  }

  private showFilter(): void {
    const only = this.only;
    this.filterChip.hidden = only === null;
    if (only) {
      const clear = el('button', { className: 'btn', title: 'Show all rows', attrs: { type: 'button', 'aria-label': 'Clear the filter' } }, icon('close'));
      clear.addEventListener('click', () => {
        this.fromTop = true;
        this.post({ type: 'filter', only: null });
      });
      this.filterChip.replaceChildren(icon('filter'), el('span', { text: ` ${only.field} = ${String(only.value)}` }), clear);
    }
  }

  private banner(element: HTMLElement, iconName: string, text: string | null): void {
    element.hidden = text === null;
    element.replaceChildren(...(text === null ? [] : [el('span', { className: 'banner-text' }, icon(iconName), ' ', el('span', { text }))]));
  }

  private exportEnabled(enabled: boolean): void {
    this.csvButton.disabled = !enabled;
    this.jsonButton.disabled = !enabled;
  }

  private clickValue(column: TableColumn, value: string | number): void {
    if (column.kind === 'address' && typeof value === 'string') {
      this.post({ type: 'openAddress', address: value });
      return;
    }
    this.fromTop = true;
    this.post({ type: 'filter', only: { field: column.field, value } });
  }
}
