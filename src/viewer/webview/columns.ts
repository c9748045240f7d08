/**
 * The column chooser: show or hide each field and change the order. The choice is kept in the webview
 * state (so it survives reloads) and applies to every format that has those fields.
 */
import { el, icon } from '../../webviewKit';
import type { ColumnInfo } from '../protocol';
import type { ColumnPrefs } from './columnOrder';

export class ColumnChooser {
  readonly element: HTMLDialogElement;
  private readonly list: HTMLElement;
  private columns: readonly ColumnInfo[] = [];
  private prefs: ColumnPrefs = { order: [], hidden: [] };

  constructor(private readonly changed: (prefs: ColumnPrefs) => void) {
    this.list = el('ul', { className: 'column-list' });
    const reset = el('button', { className: 'btn', title: 'Show every column in the format\'s order', attrs: { type: 'button' } }, icon('discard'), el('span', { className: 'btn-label', text: 'Reset' }));
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

  show(columns: readonly ColumnInfo[], prefs: ColumnPrefs): void {
    this.columns = columns;
    this.prefs = prefs;
    this.renderList();
    if (!this.element.open) {
      this.element.showModal();
    }
  }

  private fullOrder(): string[] {
    const present = new Set(this.columns.map((c) => c.field));
    const order = this.prefs.order.filter((f) => present.has(f));
    for (const c of this.columns) {
      if (!order.includes(c.field)) {
        order.push(c.field);
      }
    }
    return order;
  }

  private apply(prefs: ColumnPrefs): void {
    this.prefs = prefs;
    this.renderList();
    this.changed(prefs);
  }

  private renderList(): void {
    const order = this.fullOrder();
    const hidden = new Set(this.prefs.hidden);
    const labels = new Map(this.columns.map((c) => [c.field, c]));
    const focused = (document.activeElement as HTMLElement | null)?.dataset['action'];
    const focusedField = (document.activeElement as HTMLElement | null)?.dataset['field'];
    this.list.replaceChildren(
      ...order.map((field, i) => {
        const column = labels.get(field);
        const checkbox = el('input', { attrs: { type: 'checkbox', 'aria-label': `Show ${column?.label ?? field}` }, dataset: { field, action: 'toggle' } });
        checkbox.checked = !hidden.has(field);
        checkbox.addEventListener('change', () => {
          const next = new Set(hidden);
          if (checkbox.checked) {
            next.delete(field);
          } else {
            next.add(field);
          }
          this.apply({ order, hidden: [...next] });
        });
        const move = (delta: number, name: string, label: string): HTMLButtonElement => {
          const b = el('button', { className: 'btn', title: label, attrs: { type: 'button', 'aria-label': `${label}: ${column?.label ?? field}` }, dataset: { field, action: name } }, icon(name === 'up' ? 'arrow-up' : 'arrow-down'));
          b.disabled = i + delta < 0 || i + delta >= order.length;
          b.addEventListener('click', () => {
            const next = [...order];
            next.splice(i, 1);
            next.splice(i + delta, 0, field);
            this.apply({ order: next, hidden: [...hidden] });
          });
          return b;
        };
        return el(
          'li',
          {},
          el('label', { className: 'column-choice', title: column?.description ?? '' }, checkbox, el('span', { text: column?.label ?? field }), el('code', { text: field })),
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
