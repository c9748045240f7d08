/**
 * The column chooser: show or hide each field and change the order. The choice is kept in the webview
 * state (so it survives reloads) and applies to every format that has those fields. A field with one
 * value in every record is folded into the line above the table until the user ticks it here.
 */
import type { ColumnInfo } from '../protocol';
import { columnOrder, isFolded, type ColumnPrefs } from './columnOrder';
import { el, icon } from '../../webviewKit';

export class ColumnChooser {
  readonly element: HTMLDialogElement;
  private readonly list: HTMLElement;
  private columns: readonly ColumnInfo[] = [];
  private prefs: ColumnPrefs = { order: [], hidden: [] };
  private constant: ReadonlySet<string> = new Set();

  constructor(private readonly changed: (prefs: ColumnPrefs) => void) {
    this.list = el('ul', { className: 'column-list' });
    const reset = el(
      'button',
      { className: 'btn', title: 'The reading order: time, action, addresses, port, protocol, bytes, packets, then the rest; fields that never change folded above the table', attrs: { type: 'button' } },
      icon('discard'),
      el('span', { className: 'btn-label', text: 'Reset' }),
    );
    reset.addEventListener('click', () => this.apply({ order: [], hidden: [] }));
    const close = el('button', { className: 'btn', title: 'Close (Escape)', attrs: { type: 'button', 'aria-label': 'Close' } }, icon('close'));
    close.addEventListener('click', () => this.element.close());
    this.element = el(
      'dialog',
      { className: 'columns-dialog', attrs: { 'aria-label': 'Columns' } },
      el('div', { className: 'details-actions' }, el('h2', { text: 'Columns' }), reset, close),
      this.list,
    );
    this.element.addEventListener('click', (e) => {
      if (e.target === this.element) {
        this.element.close();
      }
    });
  }

  /** Opens the chooser (or updates it, when a new page changed which fields vary). */
  show(columns: readonly ColumnInfo[], prefs: ColumnPrefs, constant: ReadonlySet<string>): void {
    this.columns = columns;
    this.prefs = prefs;
    this.constant = constant;
    this.renderList();
    if (!this.element.open) {
      this.element.showModal();
    }
  }

  private fullOrder(): string[] {
    return columnOrder(this.columns, this.prefs);
  }

  private apply(prefs: ColumnPrefs): void {
    this.prefs = prefs;
    this.renderList();
    this.changed(prefs);
  }

  private renderList(): void {
    const order = this.fullOrder();
    const hidden = new Set(this.prefs.hidden);
    const shown = new Set(this.prefs.shown ?? []);
    const labels = new Map(this.columns.map((c) => [c.field, c]));
    const focused = (document.activeElement as HTMLElement | null)?.dataset['action'];
    const focusedField = (document.activeElement as HTMLElement | null)?.dataset['field'];
    this.list.replaceChildren(
      ...order.map((field, i) => {
        const column = labels.get(field);
        const checkbox = el('input', { attrs: { type: 'checkbox', 'aria-label': `Show ${column?.label ?? field}` }, dataset: { field, action: 'toggle' } });
        const folded = isFolded(field, this.prefs, this.constant);
        checkbox.checked = !hidden.has(field) && !folded;
        checkbox.addEventListener('change', () => {
          const nextHidden = new Set(hidden);
          const nextShown = new Set(shown);
          if (checkbox.checked) {
            nextHidden.delete(field);
            // Asked for as a column: shown even while every record has the same value.
            if (this.constant.has(field)) {
              nextShown.add(field);
            }
          } else {
            nextHidden.add(field);
            nextShown.delete(field);
          }
          this.apply({ order, hidden: [...nextHidden], ...(nextShown.size ? { shown: [...nextShown] } : {}) });
        });
        const move = (delta: number, name: string, label: string): HTMLButtonElement => {
          const b = el('button', { className: 'btn', title: label, attrs: { type: 'button', 'aria-label': `${label}: ${column?.label ?? field}` }, dataset: { field, action: name } }, icon(name === 'up' ? 'arrow-up' : 'arrow-down'));
          b.disabled = i + delta < 0 || i + delta >= order.length;
          b.addEventListener('click', () => {
            const next = [...order];
            next.splice(i, 1);
            next.splice(i + delta, 0, field);
            this.apply({ ...this.prefs, order: next });
          });
          return b;
        };
        return el(
          'li',
          {},
          el(
            'label',
            { className: 'column-choice', title: column?.description ?? '' },
            checkbox,
            el('span', { text: column?.label ?? field }),
            folded && !hidden.has(field) ? el('span', { className: 'column-folded', text: 'same in every record: above the table' }) : null,
            el('code', { text: field }),
          ),
          move(-1, 'up', 'Move up'),
          move(1, 'down', 'Move down'),
        );
      }),
    );
    // Keep the keyboard focus on the control the user just used, which was rebuilt.
    if (focused && focusedField) {
      this.list.querySelector<HTMLElement>(`[data-field="${CSS.escape(focusedField)}"][data-action="${focused}"]`)?.focus();
    }
  }
}
