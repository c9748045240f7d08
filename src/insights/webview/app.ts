/**
 * The results webview: a toolbar (cancel, run again, open the query, export), the progress line, plain
 * banners for the row limit and for failed or cancelled runs, the chart, and the flow log viewer's
 * virtualised table. Results are at most a few ten thousand rows, so the webview holds them and sorts
 * locally; clicking an address asks the host to open the matching flow log records.
 */
import type { ColumnInfo, RowData, SortState } from '../../viewer/protocol';
import { el, icon } from '../../viewer/webview/dom';
import { formatCount } from '../../viewer/webview/format';
import { probeAnswer } from '../../viewer/webview/probe';
import { VirtualTable, type TableColumn } from '../../viewer/webview/table';
import type { ResultsHostMessage, ResultsWebviewMessage } from '../resultsProtocol';
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

export class ResultsApp {
  private columns: readonly ColumnInfo[] = [];
  private rows: readonly RowData[] = [];
  /** Row indexes in display order (sorted and filtered). */
  private order: number[] = [];
  private sort: SortState | null = null;
  /** A value filter set by clicking a port, protocol, action or interface. */
  private only: { field: string; index: number; value: string | number } | null = null;
  private testHooks = false;
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
    this.table = new VirtualTable({
      need: () => undefined,
      get: (position) => {
        const index = this.order[position];
        return index === undefined ? undefined : this.rows[index];
      },
      open: () => undefined,
      copy: (row) => void navigator.clipboard?.writeText(row.values.map((v) => (v === null ? '' : String(v))).join('\t')),
      filterBy: (column, value) => this.clickValue(column, value),
      sort: (field) => this.toggleSort(field),
      scrolled: () => undefined,
    });
    this.table.element.setAttribute('aria-label', 'Query results');
    this.chart = new ResultsChart((row) => {
      const position = this.order.indexOf(row);
      if (position >= 0) {
        this.table.select(position);
      }
    });
    const saved = vscode.getState() as { chart?: boolean } | undefined;
    this.chartVisible = saved?.chart !== false;
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
      case 'results':
        this.onResults(message);
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
      this.vscode.setState({ chart: this.chartVisible });
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
    this.rows = message.rows;
    if (!sameColumns) {
      const allFields = this.columns.map((c) => TABLE_FIELD[c.field] ?? c.field);
      // Wide enough for the header too (aggregate names such as bytesTransferred are long).
      const tableColumns: TableColumn[] = this.columns.map((c, index) => ({ ...c, index, width: Math.max(KIND_WIDTHS[c.kind] ?? 140, Math.min(320, c.label.length * 8 + 36)) }));
      this.table.setColumns(tableColumns, allFields);
      if (this.sort && !this.columns.some((c) => c.field === this.sort!.field)) {
        this.sort = null;
      }
      if (this.only && this.columns[this.only.index]?.field !== this.only.field) {
        this.only = null;
      }
      this.table.setSort(this.sort);
    }
    this.chart.render(message.chart);
    this.banner(this.limitBanner, 'warning', message.limitNotice);
    this.banner(this.problemBanner, 'error', message.problem);
    this.exportEnabled(message.rows.length > 0);
    this.arrange(!sameColumns, message.final);
  }

  private banner(element: HTMLElement, iconName: string, text: string | null): void {
    element.hidden = text === null;
    element.replaceChildren(...(text === null ? [] : [el('span', { className: 'banner-text' }, icon(iconName), ' ', el('span', { text }))]));
  }

  private exportEnabled(enabled: boolean): void {
    this.csvButton.disabled = !enabled;
    this.jsonButton.disabled = !enabled;
  }

  /** Recomputes the display order (filter, sort) and redraws. */
  private arrange(resetScroll: boolean, final = true): void {
    let order = this.rows.map((_, i) => i);
    const only = this.only;
    if (only) {
      order = order.filter((i) => this.rows[i]!.values[only.index] === only.value);
    }
    const sort = this.sort;
    if (sort) {
      const index = this.columns.findIndex((c) => c.field === sort.field);
      const sign = sort.descending ? -1 : 1;
      order.sort((a, b) => {
        const x = this.rows[a]!.values[index] ?? null;
        const y = this.rows[b]!.values[index] ?? null;
        if (x === y) {
          return a - b;
        }
        if (x === null) {
          return 1; // Absent values last, whichever the direction.
        }
        if (y === null) {
          return -1;
        }
        const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
        return c === 0 ? a - b : sign * c;
      });
    }
    this.order = order;
    const empty = this.rows.length === 0 ? (final ? 'The query returned no rows.' : 'Waiting for results…') : 'No rows match the filter.';
    this.table.setCount(order.length, empty, !resetScroll);
    this.table.refresh();
    const total = this.rows.length;
    this.countEl.textContent = only ? `${formatCount(order.length)} of ${formatCount(total)} rows` : `${formatCount(total)} row${total === 1 ? '' : 's'}`;
    this.filterChip.hidden = only === null;
    if (only) {
      const clear = el('button', { className: 'btn', title: 'Show all rows', attrs: { type: 'button', 'aria-label': 'Clear the filter' } }, icon('close'));
      clear.addEventListener('click', () => {
        this.only = null;
        this.arrange(true);
      });
      this.filterChip.replaceChildren(icon('filter'), el('span', { text: ` ${only.field} = ${String(only.value)}` }), clear);
    }
  }

  private toggleSort(field: string): void {
    const current = this.sort;
    const numeric = ['number', 'count', 'bytes', 'time'].includes(this.columns.find((c) => c.field === field)?.kind ?? '');
    // Numbers sort largest first on the first click (the biggest talkers are what people look for).
    this.sort = current?.field !== field ? { field, descending: numeric } : current.descending === numeric ? { field, descending: !numeric } : null;
    this.table.setSort(this.sort);
    this.arrange(true);
  }

  private clickValue(column: TableColumn, value: string | number): void {
    if (column.kind === 'address' && typeof value === 'string') {
      this.post({ type: 'openAddress', address: value });
      return;
    }
    this.only = { field: column.field, index: column.index, value };
    this.arrange(true);
  }
}
