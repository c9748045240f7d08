/**
 * The viewer's webview: toolbar, filters, the virtualised table, the summary panel, the details and
 * columns dialogs and the bad-lines section, wired to the host through the typed protocol.
 */
import { BLOCK, el, formatCount, icon, probeAnswer, RowCache, type TableColumn, VirtualTable } from '../../webviewKit';
import {
  EMPTY_FILTER,
  parseViewState,
  type ColumnInfo,
  type ConstantField,
  type FilterState,
  type HostMessage,
  type SortState,
  type ViewState,
  type WebviewMessage,
} from '../protocol';
import { arrangeColumns, columnWidth, foldedColumns } from './columnOrder';
import { ColumnChooser } from './columns';
import { DetailsDialog } from './details';
import { FilterBar } from './filters';
import { plural } from '../../webviewKit/labelText';
import { renderBadLines, renderFolded, renderFormatBanner } from './notes';
import { SummaryPanel } from './summary';
import { SummaryEdge } from './summaryEdge';

/** What `acquireVsCodeApi()` returns (only the parts we use). */
export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: ViewState): void;
}

/** The state of a panel that has none yet. */
const EMPTY_STATE = (sourceId: string, title: string): ViewState => ({
  sourceId,
  title,
  filter: EMPTY_FILTER,
  sort: null,
  columns: { order: [], hidden: [] },
  utc: true,
  summaryOpen: true,
  follow: false,
  scrollRow: 0,
});

export class ViewerApp {
  private state: ViewState;
  private readonly cache: RowCache;
  private readonly table: VirtualTable;
  private readonly filters: FilterBar;
  private readonly summary: SummaryPanel;
  private readonly details: DetailsDialog;
  private readonly chooser: ColumnChooser;
  private columns: readonly ColumnInfo[] = [];
  /** Fields with one value in every loaded record, as the host last said. */
  private constants: readonly ConstantField[] = [];
  private total = 0;
  private generation = 0;
  private loadedOnce = false;
  private seq = 0;
  private inFlight = 0;
  private pending: { resetScroll: boolean } | undefined;
  private restoreRow: number;
  private testHooks = false;
  private scrollSave = 0;
  private stickToBottom = false;

  // Elements that change.
  private readonly titleEl = el('h1', { className: 'title', text: 'Flow log' });
  private readonly descriptionEl = el('span', { className: 'description' });
  private readonly countEl = el('span', { className: 'count', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly progressEl = el('div', { className: 'progress', attrs: { role: 'progressbar', 'aria-label': 'Loading' } });
  private readonly loadingEl = el('span', { className: 'loading-text' });
  private readonly cancelButton = this.button('debug-stop', 'Cancel', 'Stop loading', true);
  private readonly olderButton = this.button('fold-up', 'Older', 'Load older records');
  private readonly newerButton = this.button('fold-down', 'Newer', 'Load newer records');
  private readonly refreshButton = this.button('refresh', 'Refresh', 'Read the source again');
  private readonly followButton = this.button('radio-tower', 'Follow', 'Follow: poll for new records while this panel is visible', true);
  private readonly utcButton = this.button('globe', 'UTC', 'Show times in UTC or in local time', true);
  private readonly summaryButton = this.button('graph', 'Summary', 'Show or hide the summary panel', true);
  private readonly noticeEl = el('div', { className: 'notice', attrs: { role: 'alert' } });
  private readonly formatBanner = el('div', { className: 'banner' });
  private readonly badLines = el('details', { className: 'bad-lines' });
  private readonly main = el('div', { className: 'main' });
  private readonly foldedEl = el('div', { className: 'folded', attrs: { role: 'note', 'aria-label': 'Same in every record' } });
  private readonly edge: SummaryEdge;

  constructor(
    private readonly vscode: VsCodeApi,
    private readonly root: HTMLElement,
  ) {
    this.state = parseViewState(vscode.getState()) ?? EMPTY_STATE('', '');
    this.restoreRow = this.state.scrollRow;
    this.cache = new RowCache((seq, start, count) => this.post({ type: 'rows', seq, start, count }));
    this.table = new VirtualTable({
      need: (start, end) => this.cache.ensure(start, end),
      get: (position) => this.cache.get(position),
      open: (row) => this.post({ type: 'details', id: row.id }),
      copy: (row) => this.post({ type: 'copy', ids: [row.id] }),
      filterBy: (column, value) => this.filterBy(column, value),
      sort: (field) => this.toggleSort(field),
      scrolled: (first) => {
        if (this.loadedOnce && first !== this.state.scrollRow) {
          // setState serialises the whole state for the host: not in every frame of a scroll.
          this.state = { ...this.state, scrollRow: first };
          window.clearTimeout(this.scrollSave);
          this.scrollSave = window.setTimeout(() => this.save({}), 300);
        }
      },
    });
    this.filters = new FilterBar((filter) => {
      this.save({ filter });
      this.query(true);
    });
    this.summary = new SummaryPanel({
      filter: (change) => this.applyFilter({ ...this.state.filter, ...change }),
      time: (from, to) => this.applyFilter({ ...this.state.filter, time: { preset: 'custom', from, to } }),
      collapse: () => this.setSummaryOpen(false),
    });
    this.summary.element.id = 'summary';
    this.edge = new SummaryEdge(this.main, this.summary.element, {
      width: () => this.state.summaryWidth,
      setWidth: (summaryWidth, remember) => {
        this.state = { ...this.state, summaryWidth };
        if (remember) {
          this.save({});
        }
      },
      close: () => this.setSummaryOpen(false),
    });
    this.details = new DetailsDialog((id) => this.post({ type: 'copy', ids: [id] }));
    this.details.element.addEventListener('close', () => this.table.element.focus());
    this.chooser = new ColumnChooser((prefs) => {
      this.save({ columns: prefs });
      this.applyColumns();
      this.post({ type: 'columns', columns: prefs });
    });
    this.build();
    this.filters.set(this.state.filter);
    this.filters.setUtc(this.state.utc);
    this.table.setUtc(this.state.utc);
    this.table.setSort(this.state.sort);
    this.summary.setUtc(this.state.utc);
    this.showToggles();
  }

  /** Handles a message from the host. */
  receive(message: HostMessage): void {
    switch (message.type) {
      case 'init':
        this.titleEl.textContent = message.title;
        this.descriptionEl.textContent = message.description === message.title ? '' : message.description;
        document.title = message.title;
        this.olderButton.hidden = !message.paging.older;
        this.newerButton.hidden = !message.paging.newer;
        this.followButton.hidden = !message.paging.follow;
        this.testHooks = message.testHooks;
        if (message.sourceId !== this.state.sourceId) {
          const restored = message.state ? parseViewState(message.state) : undefined;
          // The state the serializer restored (when the webview has none of its own), else a fresh start
          // that keeps the column and time choices.
          this.state =
            restored?.sourceId === message.sourceId
              ? restored
              : {
                  ...EMPTY_STATE(message.sourceId, message.title),
                  columns: this.state.sourceId ? this.state.columns : (message.columns ?? this.state.columns),
                  utc: this.state.utc,
                  summaryOpen: this.state.summaryOpen,
                  ...(this.state.summaryWidth ? { summaryWidth: this.state.summaryWidth } : {}),
                };
          this.filters.set(this.state.filter);
          this.filters.setUtc(this.state.utc);
          this.table.setUtc(this.state.utc);
          this.table.setSort(this.state.sort);
          this.summary.setUtc(this.state.utc);
          this.restoreRow = this.state.scrollRow;
          this.showToggles();
        }
        this.save({ title: message.title });
        if (this.state.follow && message.paging.follow) {
          this.post({ type: 'follow', on: true });
        }
        break;
      case 'loading':
        this.root.classList.toggle('is-loading', message.active);
        this.loadingEl.textContent = message.active ? `${message.message}${message.lines ? ` (${plural(message.lines, 'line')})` : ''}` : '';
        this.cancelButton.hidden = !message.active;
        break;
      case 'loaded':
        this.onLoaded(message);
        break;
      case 'result':
        this.onResult(message);
        break;
      case 'rows':
        if (this.cache.put(message.seq, message.start, message.rows)) {
          this.table.refresh();
        }
        break;
      case 'summary':
        // A summary of an older filter than the one being computed now is not worth drawing.
        if (message.seq === this.cache.seq && !this.inFlight && !this.pending) {
          this.summary.render(message.summary);
          document.body.dataset['summarySeq'] = String(message.seq);
        }
        break;
      case 'details':
        this.details.show(message, this.columns, this.state.utc);
        break;
      case 'follow':
        this.save({ follow: message.on });
        this.showToggles();
        break;
      case 'notice':
        this.notice(message.message, message.level);
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

  private post(message: WebviewMessage): void {
    this.vscode.postMessage(message);
  }

  private save(change: Partial<ViewState>): void {
    this.state = { ...this.state, ...change };
    this.vscode.setState(this.state);
  }

  private button(iconName: string, label: string, title: string, toggle = false): HTMLButtonElement {
    return el(
      'button',
      { className: 'btn', title, attrs: { type: 'button', ...(toggle ? {} : {}) } },
      icon(iconName),
      el('span', { className: 'btn-label', text: label }),
    );
  }

  private build(): void {
    const columnsButton = this.button('list-selection', 'Columns', 'Choose and order the columns');
    const exportCsv = this.button('export', 'CSV', 'Export the filtered records as CSV');
    const exportJson = this.button('json', 'JSON', 'Export the filtered records as JSON');
    const formatButton = this.button('symbol-ruler', 'Format', 'Set the record format (the flow log\'s LogFormat)');
    this.cancelButton.hidden = true;
    this.cancelButton.classList.add('cancel');
    this.olderButton.addEventListener('click', () => this.post({ type: 'load', direction: 'older' }));
    this.newerButton.addEventListener('click', () => this.post({ type: 'load', direction: 'newer' }));
    this.refreshButton.addEventListener('click', () => this.post({ type: 'load', direction: 'refresh' }));
    this.cancelButton.addEventListener('click', () => this.post({ type: 'cancel' }));
    this.followButton.addEventListener('click', () => {
      this.save({ follow: !this.state.follow });
      this.showToggles();
      this.post({ type: 'follow', on: this.state.follow });
    });
    this.utcButton.addEventListener('click', () => {
      this.save({ utc: !this.state.utc });
      this.showToggles();
      this.table.setUtc(this.state.utc);
      this.filters.setUtc(this.state.utc);
      this.summary.setUtc(this.state.utc);
    });
    this.summaryButton.addEventListener('click', () => this.setSummaryOpen(!this.state.summaryOpen));
    columnsButton.addEventListener('click', () => this.chooser.show(this.columns, this.state.columns, this.constantSet()));
    exportCsv.addEventListener('click', () => this.post({ type: 'export', format: 'csv' }));
    exportJson.addEventListener('click', () => this.post({ type: 'export', format: 'json' }));
    formatButton.addEventListener('click', () => {
      this.formatBanner.hidden = !this.formatBanner.hidden;
      this.formatBanner.querySelector('input')?.focus();
    });

    const toolbar = el(
      'div',
      { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Viewer' } },
      el('div', { className: 'heading' }, this.titleEl, this.descriptionEl),
      el('div', { className: 'group' }, this.olderButton, this.newerButton, this.refreshButton, this.followButton),
      el('div', { className: 'group' }, this.utcButton, columnsButton, this.summaryButton, formatButton),
      el('div', { className: 'group' }, exportCsv, exportJson),
    );
    const status = el('div', { className: 'status' }, this.countEl, this.progressEl, this.loadingEl, this.cancelButton, this.noticeEl);
    this.formatBanner.hidden = true;
    this.badLines.hidden = true;
    this.foldedEl.hidden = true;
    this.main.append(this.table.element, this.edge.element, this.summary.element);
    this.root.replaceChildren(toolbar, this.filters.element, status, this.formatBanner, this.foldedEl, this.main, this.badLines, this.details.element, this.chooser.element);
    this.table.element.focus();
  }

  private showToggles(): void {
    this.followButton.setAttribute('aria-pressed', String(this.state.follow));
    this.utcButton.setAttribute('aria-pressed', String(!this.state.utc));
    const utcLabel = this.utcButton.querySelector('.btn-label');
    if (utcLabel) {
      utcLabel.textContent = this.state.utc ? 'UTC' : 'Local';
    }
    this.utcButton.title = this.state.utc ? 'Times are in UTC: click for local time' : 'Times are in local time: click for UTC';
    this.summaryButton.setAttribute('aria-pressed', String(this.state.summaryOpen));
    this.summary.element.hidden = !this.state.summaryOpen;
    this.edge.element.hidden = !this.state.summaryOpen;
    this.edge.show();
  }

  private setSummaryOpen(open: boolean): void {
    this.save({ summaryOpen: open });
    this.showToggles();
    if (open) {
      this.query(false);
    } else if (this.edge.element === document.activeElement || this.summary.element.contains(document.activeElement)) {
      this.table.element.focus();
    }
  }

  private notice(message: string, level: 'info' | 'error'): void {
    this.noticeEl.className = `notice ${level}`;
    this.noticeEl.replaceChildren(icon(level === 'error' ? 'error' : 'info'), ` ${message}`);
    window.setTimeout(() => {
      if (this.noticeEl.textContent?.trim() === message) {
        this.noticeEl.replaceChildren();
      }
    }, 6000);
  }

  private onLoaded(message: Extract<HostMessage, { type: 'loaded' }>): void {
    const first = !this.loadedOnce;
    this.loadedOnce = true;
    this.columns = message.columns;
    this.constants = message.constants ?? [];
    this.total = message.total;
    const grew = message.generation !== this.generation;
    this.generation = message.generation;
    // A format the user typed is part of what the serializer must restore.
    this.save({ format: message.formatOrigin === 'user' ? message.format : undefined });
    this.applyColumns();
    renderBadLines(this.badLines, message);
    renderFormatBanner(this.formatBanner, message, this.button('check', 'Apply', 'Read the records again with this format'), (format) => this.post({ type: 'setFormat', format }));
    // Following a live source with the last record in view: stay at the bottom as records arrive. Pages
    // can arrive faster than their results: once at the bottom, stay there until the latest result is shown.
    this.stickToBottom =
      !first && this.state.follow && this.table.count > 0 && (this.stickToBottom || this.table.firstVisible + this.table.visibleRows >= this.table.count);
    if (first && this.restoreRow > 0) {
      this.query(false, this.restoreRow);
    } else {
      this.query(!grew);
    }
  }

  private constantSet(): ReadonlySet<string> {
    return new Set(this.constants.map((c) => c.field));
  }

  private applyColumns(): void {
    const fields = this.columns.map((c) => c.field);
    const constant = this.constantSet();
    const shown: TableColumn[] = arrangeColumns(this.columns, this.state.columns, constant).map((c) => ({
      ...c,
      index: fields.indexOf(c.field),
      width: columnWidth(c),
    }));
    this.table.setColumns(shown, fields);
    this.showFolded(foldedColumns(this.columns, this.state.columns, constant));
    if (this.chooser.element.open) {
      this.chooser.show(this.columns, this.state.columns, constant);
    }
  }

  private showFolded(folded: readonly ColumnInfo[]): void {
    renderFolded(this.foldedEl, folded, this.constants, this.total, this.state.utc);
  }

  private applyFilter(filter: FilterState): void {
    this.filters.set(filter);
    this.save({ filter });
    this.query(true);
  }

  private filterBy(column: TableColumn, value: string | number): void {
    const text = String(value);
    const f = this.state.filter;
    switch (column.field) {
      case 'srcaddr':
      case 'dstaddr':
      case 'srcport':
      case 'dstport':
        this.applyFilter({ ...f, [column.field]: text });
        return;
      case 'interface-id':
        this.applyFilter({ ...f, interfaceId: text });
        return;
      case 'protocol':
        this.applyFilter({ ...f, protocol: text });
        return;
      case 'action':
        if (text === 'ACCEPT' || text === 'REJECT') {
          this.applyFilter({ ...f, actions: [text] });
        }
        return;
      case 'log-status':
        if (text === 'OK' || text === 'NODATA' || text === 'SKIPDATA') {
          this.applyFilter({ ...f, statuses: [text] });
        }
        return;
      default:
        // Other addresses (pkt-srcaddr, ...) and ids: search for the value anywhere in the record.
        this.applyFilter({ ...f, text });
    }
  }

  private toggleSort(field: string): void {
    const current = this.state.sort;
    // Ascending, then descending, then the source's order.
    const sort: SortState | null = current?.field !== field ? { field, descending: false } : !current.descending ? { field, descending: true } : null;
    this.save({ sort });
    this.table.setSort(sort);
    this.query(true);
  }

  /**
   * Asks the host for the count and the visible rows of the current filter. At most one query is in
   * flight: edits made meanwhile are folded into the next one, so typing never queues stale work.
   */
  private query(resetScroll: boolean, scrollTo?: number): void {
    this.pending = { resetScroll: resetScroll || (this.pending?.resetScroll ?? false) };
    if (scrollTo !== undefined) {
      this.restoreRow = scrollTo;
    }
    if (this.inFlight) {
      return;
    }
    this.sendQuery();
  }

  private sendQuery(): void {
    const resetScroll = this.pending?.resetScroll ?? false;
    this.pending = undefined;
    const first = resetScroll ? 0 : this.restoreRow > 0 ? this.restoreRow : this.table.firstVisible;
    const visible = this.table.visibleRows + 12;
    const start = Math.floor(Math.max(0, first - 6) / BLOCK) * BLOCK;
    const end = Math.ceil((first + visible) / BLOCK) * BLOCK;
    this.seq++;
    this.inFlight = this.seq;
    // Marks the page as busy until the latest query is shown (the tests and the benchmark wait on it).
    document.body.dataset['querying'] = String(this.seq);
    this.resetScrollFor.set(this.seq, resetScroll);
    this.post({ type: 'query', seq: this.seq, filter: this.state.filter, sort: this.state.sort, start, count: end - start, summary: this.state.summaryOpen });
  }

  private readonly resetScrollFor = new Map<number, boolean>();

  private onResult(message: Extract<HostMessage, { type: 'result' }>): void {
    if (message.seq === this.inFlight) {
      this.inFlight = 0;
    }
    const resetScroll = this.resetScrollFor.get(message.seq) ?? false;
    this.resetScrollFor.delete(message.seq);
    if (message.seq < this.cache.seq) {
      return;
    }
    this.cache.reset(message.seq, message.count);
    this.cache.put(message.seq, message.start, message.rows);
    const filtered = message.count !== message.total;
    this.countEl.textContent = filtered ? `${formatCount(message.count)} of ${plural(message.total, 'record')}` : plural(message.total, 'record');
    this.countEl.title = `Filtered in ${message.elapsedMs.toFixed(0)} ms`;
    this.filters.showProblems(message.problems);
    const emptyText = message.total === 0 ? (this.root.classList.contains('is-loading') ? 'Loading…' : 'No records.') : 'No records match the filters.';
    this.table.setCount(message.count, emptyText, !resetScroll);
    if (this.restoreRow > 0) {
      this.table.scrollToPosition(this.restoreRow);
      this.restoreRow = 0;
    } else if (this.stickToBottom) {
      this.stickToBottom = message.seq !== this.seq;
      this.table.scrollToPosition(Math.max(0, message.count - this.table.visibleRows + 1));
    }
    this.table.renderNow();
    document.body.dataset['renderedSeq'] = String(message.seq);
    if (this.pending) {
      this.sendQuery();
    } else if (!this.inFlight) {
      delete document.body.dataset['querying'];
    }
  }
}
