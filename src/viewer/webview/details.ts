/**
 * The details of one record (Enter on a row): every field named, shown readably and explained, and the
 * original line. Opens as a modal dialog; Escape closes it and gives the focus back to the table.
 */
import { el, formatTime, icon, utcOffset } from '../../webviewKit';
import type { ColumnInfo, HostMessage } from '../protocol';

type Details = Extract<HostMessage, { type: 'details' }>;

export class DetailsDialog {
  readonly element: HTMLDialogElement;
  private readonly body: HTMLElement;
  private current: Details | undefined;

  /** @param copy copies the shown record's original line. */
  constructor(copy: (id: number) => void) {
    this.body = el('div', { className: 'details-body' });
    const copyButton = el('button', { className: 'btn', title: 'Copy the original line', attrs: { type: 'button' } }, icon('copy'), el('span', { className: 'btn-label', text: 'Copy line' }));
    copyButton.addEventListener('click', () => {
      if (this.current) {
        copy(this.current.id);
      }
    });
    const close = el('button', { className: 'btn', title: 'Close (Escape)', attrs: { type: 'button', 'aria-label': 'Close' } }, icon('close'));
    close.addEventListener('click', () => this.element.close());
    this.element = el(
      'dialog',
      { className: 'details', attrs: { 'aria-label': 'Record details' } },
      el('div', { className: 'details-actions' }, copyButton, close),
      this.body,
    );
    // A click on the backdrop (outside the dialog's box) closes it.
    this.element.addEventListener('click', (e) => {
      if (e.target === this.element) {
        this.element.close();
      }
    });
  }

  get open(): boolean {
    return this.element.open;
  }

  show(details: Details, columns: readonly ColumnInfo[], utc: boolean): void {
    this.current = details;
    const kinds = new Map(columns.map((c) => [c.field, c.kind]));
    const rows = details.fields.map((f) => {
      let display = f.display;
      const seconds = Number(f.raw);
      if (kinds.get(f.field) === 'time' && Number.isFinite(seconds) && f.raw !== '-') {
        display = `${formatTime(seconds, utc)} ${utc ? 'UTC' : utcOffset(seconds)}`;
      }
      return el(
        'tr',
        {},
        el('th', { attrs: { scope: 'row' } }, el('div', { className: 'd-label', text: f.label }), el('code', { className: 'd-field', text: f.field })),
        el('td', {}, el('div', { className: 'd-value', text: display }), display !== f.raw ? el('code', { className: 'd-raw', text: f.raw }) : null),
        el('td', { className: 'd-desc', text: f.description }),
      );
    });
    this.body.replaceChildren(
      el('h2', { text: `Record ${details.number.toLocaleString('en-US')}` }),
      el('pre', { className: 'd-line', text: details.text }),
      el('table', { className: 'd-table' }, el('thead', {}, el('tr', {}, el('th', { text: 'Field' }), el('th', { text: 'Value' }), el('th', { text: 'Meaning' }))), el('tbody', {}, ...rows)),
    );
    if (!this.element.open) {
      this.element.showModal();
    }
  }
}
