/**
 * The details of one record (Enter on a row): every field named, shown readably and explained, and the
 * original line. Opens as a modal dialog; Escape closes it and gives the focus back to the table.
 */
import { el, formatTime, icon, utcOffset } from '../../webviewKit';
import type { ColumnInfo, HostMessage } from '../protocol';
import { canExplain, type WhyHostMessage } from '../whyProtocol';
import { renderWhy, whyQuestionOf } from './why';

type Details = Extract<HostMessage, { type: 'details' }>;
type Explanation = Extract<WhyHostMessage, { type: 'explanation' }>;

export class DetailsDialog {
  readonly element: HTMLDialogElement;
  private readonly body: HTMLElement;
  private current: Details | undefined;
  private readonly why = el('section', { className: 'why', attrs: { 'aria-live': 'polite' } });
  /** Ask for the explanation as soon as the details of this record arrive (from the row's context menu). */
  private explainWhenShown: number | undefined;

  /**
   * @param copy copies the shown record's original line.
   * @param explain asks the host why the record was rejected or allowed.
   */
  constructor(
    copy: (id: number) => void,
    private readonly explain: (id: number, record: Readonly<Record<string, string>>) => void,
  ) {
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

  /** The next details of record `id` come with its explanation asked for. */
  explainNext(id: number): void {
    this.explainWhenShown = id;
  }

  /** Shows the host's answer (or progress, or failure) under the record it is about. */
  showExplanation(message: Explanation): void {
    if (this.current?.id !== message.id) {
      return;
    }
    renderWhy(this.why, message, whyQuestionOf(this.record()));
  }

  private record(): Record<string, string> {
    return Object.fromEntries((this.current?.fields ?? []).map((f) => [f.field, f.raw]));
  }

  private ask(): void {
    if (this.current) {
      this.explain(this.current.id, this.record());
    }
  }

  show(details: Details, columns: readonly ColumnInfo[], utc: boolean): void {
    const same = this.current?.id === details.id && this.element.open;
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
    const record = this.record();
    const explainable = canExplain(record);
    const question = whyQuestionOf(record);
    const whyButton = explainable
      ? el('button', { className: 'btn why-ask', title: `${question} Today's security groups, network ACLs and routes around ${record['interface-id']}`, attrs: { type: 'button' } }, icon('question'), el('span', { className: 'btn-label', text: question }))
      : null;
    whyButton?.addEventListener('click', () => this.ask());
    if (!same) {
      this.why.replaceChildren();
    }
    this.body.replaceChildren(
      el('div', { className: 'd-head' }, el('h2', { text: `Record ${details.number.toLocaleString('en-US')}` }), whyButton),
      el('pre', { className: 'd-line', text: details.text }),
      this.why,
      el('table', { className: 'd-table' }, el('thead', {}, el('tr', {}, el('th', { text: 'Field' }), el('th', { text: 'Value' }), el('th', { text: 'Meaning' }))), el('tbody', {}, ...rows)),
    );
    if (!this.element.open) {
      this.element.showModal();
    }
    if (this.explainWhenShown === details.id) {
      this.explainWhenShown = undefined;
      if (explainable) {
        this.ask();
      }
    }
  }
}
