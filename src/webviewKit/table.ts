/**
 * The virtualised record table: the DOM holds only the rows in view (plus a few above and below), taken
 * from a small pool of row elements that are reused as the user scrolls. A million rows cost no more
 * DOM than forty.
 */
import type { ColumnInfo, ColumnKind, RowData, SortState } from './types';
import { el, icon } from './dom';
import { cellText, cellTitle, isNumericKind } from './format';
import { shortLabel } from './labelText';

/** A column as the table shows it. */
export interface TableColumn extends ColumnInfo {
  /** Index of this field in {@link RowData.values}. */
  readonly index: number;
  readonly width: number;
}

export interface TableEvents {
  /** The rows of `[start, end)` are about to be shown: fetch the ones that are missing. */
  need(start: number, end: number): void;
  get(position: number): RowData | undefined;
  /** Enter or double-click on a row. */
  open(row: RowData): void;
  /** Ctrl/Cmd+C on a row. */
  copy(row: RowData): void;
  /** The row's `data-vscode-context` (what its context menu's commands receive), by its kind (`reject`, `accept`, ...). */
  menuContext?(row: RowData, kind: string): string | undefined;
  /** A click on a value that can be filtered by (an address, port, interface, ...). */
  filterBy(column: TableColumn, value: string | number): void;
  /** A click on a header. */
  sort(field: string): void;
  /** The first visible position changed (kept in the webview state). */
  scrolled(first: number): void;
}

export const ROW_HEIGHT = 22;
/** Rows rendered above and below the visible ones, so a small scroll shows rows at once. */
const OVERSCAN = 6;
/**
 * Browsers cap an element's height (Chromium at about 33 million pixels); past this the scroll range is
 * scaled, so any number of rows fits.
 */
const MAX_SCROLL_HEIGHT = 8_000_000;

/** Kinds whose values filter the table when clicked. */
const CLICKABLE: ReadonlySet<ColumnKind> = new Set(['address', 'port', 'interface', 'protocol', 'action', 'status']);

const ACTION_ICON: Readonly<Record<string, string>> = { ACCEPT: 'pass', REJECT: 'circle-slash' };
const STATUS_ICON: Readonly<Record<string, string>> = { NODATA: 'dash', SKIPDATA: 'warning' };

interface PooledRow {
  readonly element: HTMLDivElement;
  readonly marker: HTMLSpanElement;
  /** Each cell's text nodes, written only when their text changes (the cheapest DOM update there is). */
  readonly cells: { readonly cell: HTMLDivElement; readonly value: Text; readonly note: Text; readonly icon: HTMLSpanElement | null; iconName: string }[];
  /** Position shown, and the row object shown there (identity tells whether a refill is needed). */
  position: number;
  data: RowData | undefined;
  utc: boolean;
}

export class VirtualTable {
  readonly element: HTMLDivElement;
  private readonly header: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private readonly empty: HTMLDivElement;
  private columns: TableColumn[] = [];
  private actionIndex = -1;
  private columnsKey = '';
  private statusIndex = -1;
  private pool: PooledRow[] = [];
  private countValue = 0;
  private selectedPosition = -1;
  private utc = true;
  private sortState: SortState | null = null;
  private frame = 0;
  private lastFirst = -1;
  /**
   * Sizes measured only when the grid is resized: reading them while rendering would force the browser
   * to lay out the rows just written, in every frame.
   */
  private clientHeight = 0;
  private headerHeight = 26;

  constructor(private readonly events: TableEvents) {
    this.header = el('div', { className: 'grid-header', attrs: { role: 'row', 'aria-rowindex': '1' } });
    this.body = el('div', { className: 'grid-body', attrs: { role: 'rowgroup' } });
    this.empty = el('div', { className: 'grid-empty', text: '' });
    this.element = el(
      'div',
      { className: 'grid', attrs: { role: 'grid', tabindex: '0', 'aria-label': 'Flow log records', 'aria-multiselectable': 'false' } },
      this.header,
      this.body,
      this.empty,
    );
    this.element.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.body.addEventListener('click', (e) => this.onClick(e));
    // Tooltips are computed when hovered, not for every cell of every frame while scrolling.
    this.body.addEventListener('mouseover', (e) => this.showTitle(e.target));
    this.body.addEventListener('dblclick', (e) => {
      const row = this.rowAt(e.target);
      if (row?.data) {
        this.events.open(row.data);
      }
    });
    this.header.addEventListener('click', (e) => {
      const cell = (e.target as Element).closest<HTMLElement>('[data-field]');
      if (cell?.dataset['field']) {
        this.events.sort(cell.dataset['field']);
      }
    });
    this.header.addEventListener('keydown', (e) => {
      const cell = (e.target as Element).closest<HTMLElement>('[data-field]');
      if (cell?.dataset['field'] && (e.key === 'Enter' || e.key === ' ')) {
        e.preventDefault();
        const field = cell.dataset['field'];
        this.events.sort(field);
        // The header is rebuilt: keep the keyboard on the same column.
        this.header.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`)?.focus();
      }
    });
    new ResizeObserver(() => {
      this.measure();
      this.schedule();
    }).observe(this.element);
  }

  /** Number of rows (matching the filter). */
  get count(): number {
    return this.countValue;
  }

  /** Position of the selected row, -1 for none. */
  get selected(): number {
    return this.selectedPosition;
  }

  /** First position in view. */
  get firstVisible(): number {
    return Math.max(0, Math.floor(this.virtualTop() / ROW_HEIGHT));
  }

  /** How many rows fit in the view. */
  get visibleRows(): number {
    return Math.max(1, Math.ceil(this.viewportHeight() / ROW_HEIGHT));
  }

  /** Sets the columns shown (in order). */
  setColumns(columns: readonly TableColumn[], allFields: readonly string[]): void {
    // Every page of a followed source brings its columns again: the same ones keep their rows, so the
    // grid is not emptied and refilled (a frame without rows) each time records arrive.
    const key = JSON.stringify([allFields, columns.map((c) => [c.field, c.index, c.width, c.kind, c.label, c.description])]);
    if (key === this.columnsKey) {
      return;
    }
    this.columnsKey = key;
    this.columns = [...columns];
    this.actionIndex = allFields.indexOf('action');
    this.statusIndex = allFields.indexOf('log-status');
    const template = ['28px', ...this.columns.map((c) => `${c.width}px`)].join(' ');
    const width = 28 + this.columns.reduce((sum, c) => sum + c.width, 0);
    this.element.style.setProperty('--grid-template', template);
    this.element.style.setProperty('--grid-width', `${width}px`);
    this.renderHeader();
    for (const row of this.pool) {
      row.element.remove();
    }
    this.pool = [];
    this.schedule();
  }

  setSort(sort: SortState | null): void {
    this.sortState = sort;
    this.renderHeader();
  }

  setUtc(utc: boolean): void {
    this.utc = utc;
    this.renderHeader();
    this.schedule();
  }

  /** Sets the number of rows; `keepScroll` false goes back to the top. */
  setCount(count: number, emptyText: string, keepScroll = true): void {
    this.countValue = count;
    this.element.setAttribute('aria-rowcount', String(count + 1));
    this.body.style.height = `${this.scrollHeight()}px`;
    if (!keepScroll) {
      this.element.scrollTop = 0;
      this.selectedPosition = -1;
    } else if (this.selectedPosition >= count) {
      this.selectedPosition = count - 1;
    }
    this.empty.textContent = emptyText;
    this.empty.hidden = count > 0;
    this.schedule();
  }

  /** Redraws rows whose data may have arrived. */
  refresh(): void {
    this.schedule();
  }

  /** Scrolls so that a position is the first in view. */
  scrollToPosition(position: number): void {
    this.element.scrollTop = this.scrollTopFor(position);
    this.renderNow();
  }

  /** Selects a position and scrolls it into view. */
  select(position: number): void {
    if (this.countValue === 0) {
      this.selectedPosition = -1;
      return;
    }
    this.selectedPosition = Math.max(0, Math.min(this.countValue - 1, position));
    const first = this.virtualTop() / ROW_HEIGHT;
    const visible = this.viewportHeight() / ROW_HEIGHT;
    if (this.selectedPosition < first) {
      this.element.scrollTop = this.scrollTopFor(this.selectedPosition);
    } else if (this.selectedPosition + 1 > first + visible) {
      this.element.scrollTop = this.scrollTopFor(this.selectedPosition + 1 - Math.floor(visible));
    }
    this.renderNow();
  }

  /** Renders synchronously (used by tests and after a result arrives). */
  renderNow(): void {
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    this.render();
  }

  private schedule(): void {
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.render();
      });
    }
  }

  private measure(): void {
    this.clientHeight = this.element.clientHeight;
    this.headerHeight = this.header.offsetHeight || this.headerHeight;
    this.body.style.height = `${this.scrollHeight()}px`;
  }

  private viewportHeight(): number {
    return Math.max(0, this.clientHeight - this.headerHeight);
  }

  private scrollHeight(): number {
    return Math.min(this.countValue * ROW_HEIGHT, MAX_SCROLL_HEIGHT);
  }

  /** Ratio of the virtual (unscaled) scroll range to the real one: 1 until the cap is reached. */
  private scale(): number {
    const real = this.scrollHeight() - this.viewportHeight();
    const virtual = this.countValue * ROW_HEIGHT - this.viewportHeight();
    return real > 0 && virtual > real ? virtual / real : 1;
  }

  private virtualTop(): number {
    return this.element.scrollTop * this.scale();
  }

  private scrollTopFor(position: number): number {
    return (position * ROW_HEIGHT) / this.scale();
  }

  private render(): void {
    if (this.clientHeight === 0) {
      this.measure();
    }
    const count = this.countValue;
    // One read of the scroll position, before any write: no forced layout.
    const scrollTop = this.element.scrollTop;
    const virtualTop = scrollTop * this.scale();
    const first = Math.max(0, Math.floor(virtualTop / ROW_HEIGHT) - OVERSCAN);
    const end = Math.min(count, Math.ceil((virtualTop + this.viewportHeight()) / ROW_HEIGHT) + OVERSCAN);
    const needed = Math.max(0, end - first);
    this.events.need(first, end);
    while (this.pool.length < needed) {
      this.pool.push(this.createRow());
    }
    // Rows that stay in view keep their element (no refill); the others take the free ones.
    const byPosition = new Map<number, PooledRow>();
    const free: PooledRow[] = [];
    for (const row of this.pool) {
      if (row.position >= first && row.position < end) {
        byPosition.set(row.position, row);
      } else {
        free.push(row);
      }
    }
    // Rows are placed relative to the real scrollTop, so a scaled scroll range still moves smoothly.
    const offset = virtualTop - scrollTop;
    for (let position = first; position < end; position++) {
      const row = byPosition.get(position) ?? free.pop()!;
      if (!row.element.isConnected) {
        this.body.append(row.element);
      }
      const top = position * ROW_HEIGHT - offset;
      row.element.style.transform = `translateY(${top}px)`;
      this.fill(row, position);
    }
    for (const row of free) {
      row.element.remove();
      row.position = -1;
      row.data = undefined;
    }
    const firstVisible = Math.max(0, Math.floor(virtualTop / ROW_HEIGHT));
    if (firstVisible !== this.lastFirst) {
      this.lastFirst = firstVisible;
      this.events.scrolled(firstVisible);
    }
  }

  private createRow(): PooledRow {
    const marker = el('span', { className: 'marker codicon', attrs: { 'aria-hidden': 'true' } });
    const element = el('div', { className: 'row', attrs: { role: 'row' } }, el('div', { className: 'cell marker-cell', attrs: { role: 'gridcell' } }, marker));
    const cells = this.columns.map((column) => {
      const value = document.createTextNode('');
      const note = document.createTextNode('');
      const glyph = column.kind === 'action' || column.kind === 'status' ? icon('blank', 'cell-icon') : null;
      const cell = el(
        'div',
        { className: `cell k-${column.kind}${isNumericKind(column.kind) ? ' num' : ''}`, attrs: { role: 'gridcell' }, dataset: { col: String(column.index) } },
        glyph,
        el('span', { className: CLICKABLE.has(column.kind) ? 'v link' : 'v' }, value),
        el('span', { className: 'note' }, note),
      );
      element.append(cell);
      return { cell, value, note, icon: glyph, iconName: 'blank' };
    });
    return { element, marker, cells, position: -1, data: undefined, utc: this.utc };
  }

  private fill(row: PooledRow, position: number): void {
    const data = this.events.get(position);
    const selected = position === this.selectedPosition;
    if (row.position !== position) {
      row.element.setAttribute('aria-rowindex', String(position + 2));
    }
    if (row.element.classList.contains('selected') !== selected) {
      row.element.setAttribute('aria-selected', String(selected));
      row.element.classList.toggle('selected', selected);
    }
    if (row.position === position && row.data === data && row.utc === this.utc) {
      return;
    }
    row.position = position;
    row.data = data;
    row.utc = this.utc;
    if (!data) {
      // A placeholder until the row arrives: its old text is hidden by CSS, not erased and rewritten.
      row.element.className = `row loading${selected ? ' selected' : ''}`;
      return;
    }
    const action = this.actionIndex >= 0 ? data.values[this.actionIndex] : null;
    const status = this.statusIndex >= 0 ? data.values[this.statusIndex] : null;
    const kind = action === 'ACCEPT' ? 'accept' : action === 'REJECT' ? 'reject' : status === 'NODATA' ? 'nodata' : status === 'SKIPDATA' ? 'skipdata' : 'other';
    row.element.className = `row ${kind}${selected ? ' selected' : ''}`;
    const menu = this.events.menuContext?.(data, kind);
    if (menu === undefined) {
      delete row.element.dataset['vscodeContext'];
    } else if (row.element.dataset['vscodeContext'] !== menu) {
      row.element.dataset['vscodeContext'] = menu;
    }
    const markerIcon = (typeof action === 'string' ? ACTION_ICON[action] : undefined) ?? (typeof status === 'string' ? STATUS_ICON[status] : undefined) ?? 'blank';
    const markerClass = `marker codicon codicon-${markerIcon}`;
    if (row.marker.className !== markerClass) {
      row.marker.className = markerClass;
    }
    for (let i = 0; i < this.columns.length; i++) {
      const column = this.columns[i]!;
      const c = row.cells[i]!;
      const value = data.values[column.index] ?? null;
      const note = data.notes?.[column.index];
      const text = cellText(column.kind, value, this.utc);
      if (c.value.data !== text) {
        c.value.data = text;
      }
      // An address shows the name in its label (the interface id and the rest are in the tooltip).
      const noteText = note === undefined ? '' : column.kind === 'address' ? shortLabel(note) : note;
      if (c.note.data !== noteText) {
        c.note.data = noteText;
      }
      if (c.icon) {
        const name = (typeof value === 'string' ? (column.kind === 'action' ? ACTION_ICON[value] : STATUS_ICON[value]) : undefined) ?? 'blank';
        if (c.iconName !== name) {
          c.iconName = name;
          c.icon.className = `codicon codicon-${name} cell-icon`;
        }
      }
    }
  }

  private renderHeader(): void {
    const cells = this.columns.map((column) => {
      const sorted = this.sortState?.field === column.field;
      const label = column.kind === 'time' ? `${column.label} (${this.utc ? 'UTC' : 'local'})` : column.label;
      return el(
        'div',
        {
          className: `hcell k-${column.kind}${isNumericKind(column.kind) ? ' num' : ''}${sorted ? ' sorted' : ''}`,
          title: `${column.field}: ${column.description}\nClick to sort.`,
          attrs: { role: 'columnheader', tabindex: '0', 'aria-sort': sorted ? (this.sortState?.descending ? 'descending' : 'ascending') : 'none' },
          dataset: { field: column.field },
        },
        el('span', { className: 'hlabel', text: label }),
        sorted ? icon(this.sortState?.descending ? 'arrow-down' : 'arrow-up', 'sort-icon') : null,
      );
    });
    this.header.replaceChildren(el('div', { className: 'hcell marker-cell', attrs: { role: 'columnheader', 'aria-label': 'Action marker' } }), ...cells);
  }

  private showTitle(target: EventTarget | null): void {
    const cell = (target as Element | null)?.closest<HTMLElement>('.cell[data-col]');
    const row = this.rowAt(cell ?? null);
    const column = this.columns.find((c) => String(c.index) === cell?.dataset['col']);
    if (cell && row?.data && column) {
      const value = row.data.values[column.index] ?? null;
      const title = cellTitle(column.kind, value, this.utc, row.data.notes?.[column.index]);
      if (cell.title !== title) {
        cell.title = title;
      }
    }
  }

  private rowAt(target: EventTarget | null): PooledRow | undefined {
    const element = (target as Element | null)?.closest('.row');
    return this.pool.find((r) => r.element === element);
  }

  private onClick(e: MouseEvent): void {
    const row = this.rowAt(e.target);
    if (!row || row.position < 0) {
      return;
    }
    const link = (e.target as Element).closest('.link');
    const col = link?.closest<HTMLElement>('[data-col]')?.dataset['col'];
    if (link && col !== undefined && row.data) {
      const column = this.columns.find((c) => c.index === Number(col));
      const value = row.data.values[Number(col)];
      if (column && value !== null && value !== undefined) {
        this.events.filterBy(column, value);
        return;
      }
    }
    this.selectedPosition = row.position;
    this.element.focus({ preventScroll: true });
    this.renderNow();
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.viewportHeight() / ROW_HEIGHT) - 1);
    const current = this.selectedPosition < 0 ? this.firstVisible - 1 : this.selectedPosition;
    let next: number | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = current + 1;
        break;
      case 'ArrowUp':
        next = Math.max(0, current - 1);
        break;
      case 'PageDown':
        next = current + page;
        break;
      case 'PageUp':
        next = current - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = this.countValue - 1;
        break;
      case 'Enter': {
        const data = this.events.get(this.selectedPosition);
        if (data) {
          this.events.open(data);
        }
        e.preventDefault();
        return;
      }
      case 'c':
      case 'C':
        if (e.ctrlKey || e.metaKey) {
          const data = this.events.get(this.selectedPosition);
          if (data && !window.getSelection()?.toString()) {
            this.events.copy(data);
            e.preventDefault();
          }
        }
        return;
      default:
        return;
    }
    e.preventDefault();
    this.select(next);
  }
}
