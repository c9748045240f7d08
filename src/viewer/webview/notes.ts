/**
 * The notes around the viewer's table: the line naming what every loaded record shares (the columns
 * folded out of the table), the lines that could not be read, and the banner of the record format.
 * Everything from the records is set as text, never as markup.
 */
import { cellText, el, formatCount, icon, plural, middleEllipsis } from '../../webviewKit';
import type { ColumnInfo, ConstantField, HostMessage } from '../protocol';

type Loaded = Extract<HostMessage, { type: 'loaded' }>;

/** How the line of folded columns names a field, e.g. `interface eni-0a1b…0718`. */
const FOLDED_NAMES: Readonly<Record<string, string>> = {
  'account-id': 'account',
  'interface-id': 'interface',
  'vpc-id': 'VPC',
  'subnet-id': 'subnet',
  'instance-id': 'instance',
  'az-id': 'AZ',
  type: 'traffic type',
  'flow-direction': 'direction',
};


/**
 * The line above the table naming what every record shares ("All 583 records: interface eni-0a1b…0718
 * db-west · VPC vpc-0abc…7890 · account 123456789012"), for the columns folded out of the table.
 */
export function renderFolded(element: HTMLElement, folded: readonly ColumnInfo[], constants: readonly ConstantField[], total: number, utc: boolean): void {
  element.hidden = folded.length === 0;
  if (folded.length === 0) {
    element.replaceChildren();
    return;
  }
  const values = new Map(constants.map((c) => [c.field, c]));
  const name = (c: ColumnInfo): string => FOLDED_NAMES[c.field] ?? (/^[A-Z][a-z]/.test(c.label) ? c.label[0]!.toLowerCase() + c.label.slice(1) : c.label);
  const hint = 'Same in every loaded record. Columns… shows it as a column.';
  const parts: HTMLElement[] = [];
  const empty: ColumnInfo[] = [];
  for (const column of folded) {
    const constant = values.get(column.field);
    if (!constant || constant.value === null) {
      empty.push(column);
      continue;
    }
    const full = cellText(column.kind, constant.value, utc);
    parts.push(
      el(
        'span',
        { className: 'fold', title: `${column.label}: ${full}${constant.note ? ` — ${constant.note}` : ''}\n${hint}`, dataset: { field: column.field } },
        el('span', { className: 'fold-name', text: name(column) }),
        ' ',
        el('span', { className: 'fold-value', text: middleEllipsis(full) }),
        constant.note ? ' ' : null,
        constant.note ? el('span', { className: 'fold-note', text: constant.note }) : null,
      ),
    );
  }
  if (empty.length > 0) {
    parts.push(
      el(
        'span',
        { className: 'fold fold-empty', title: `${empty.map((c) => c.label).join(', ')}: - in every loaded record.\n${hint}`, dataset: { field: empty.map((c) => c.field).join(' ') } },
        el('span', { className: 'fold-name', text: 'no value' }),
        ' ',
        el('span', { className: 'fold-value', text: empty.map(name).join(', ') }),
      ),
    );
  }
  const separated = parts.flatMap((p, i) => (i === 0 ? [p] : [el('span', { className: 'fold-sep', text: ' · ', attrs: { 'aria-hidden': 'true' } }), p]));
  element.replaceChildren(el('span', { className: 'fold-all', text: `${total === 1 ? 'The record' : `All ${plural(total, 'record')}`}:` }), ' ', ...separated);
}

/** The section listing the lines that could not be read (as text, never as markup). */
export function renderBadLines(element: HTMLElement, message: Loaded): void {
  element.hidden = message.errorCount === 0;
  if (message.errorCount === 0) {
    element.replaceChildren();
    return;
  }
  const n = message.errorCount;
  const list = el(
    'ol',
    { className: 'bad-list' },
    ...message.errors.map((e) =>
      el('li', {}, el('span', { className: 'bad-where', text: `Line ${e.line}: ` }), el('span', { className: 'bad-why', text: e.message }), el('code', { className: 'bad-text', text: e.text })),
    ),
  );
  element.replaceChildren(el('summary', {}, icon('warning'), ` ${plural(n, 'line')} could not be read`), list);
  if (n > message.errors.length) {
    element.append(el('p', { className: 'hint', text: `The first ${formatCount(message.errors.length)} are listed.` }));
  }
}

/**
 * The banner that says which format reads the records, with an input to set another one. It shows by
 * itself when the format was looked for: the well-known layout that fits every line (with "Change"),
 * the closest one (its unreadable lines are listed below the table), or none; and when most lines do
 * not match a format that was given. Broken lines of a default-format file are not a format problem:
 * they are listed, and the banner stays closed. (`apply` is the page's button, `setFormat` posts the
 * new format.)
 */
export function renderFormatBanner(element: HTMLElement, message: Loaded, apply: HTMLButtonElement, setFormat: (format: string) => void): void {
  const input = el('input', { className: 'format-input', attrs: { type: 'text', 'aria-label': 'Record format', spellcheck: 'false', placeholder: 'e.g. ${version} ${account-id} ${interface-id} ...' } });
  input.value = message.format;
  const submit = (): void => setFormat(input.value.trim());
  apply.addEventListener('click', submit);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      submit();
    }
  });
  const origin = {
    source: "the flow log's LogFormat",
    header: "the file's header line",
    default: 'the default format',
    user: 'the format you set',
    detected: 'a well-known layout',
  }[message.formatOrigin];
  const fit = message.formatFit;
  const layout = message.formatSummary ?? '';
  const row = el('div', { className: 'banner-row' }, input, apply);
  let text: string;
  let warning = false;
  let show = false;
  if (fit === 'fits') {
    text = ` This file has no header line: read with the well-known layout that fits every line (${layout}).`;
    show = true;
  } else if (fit === 'closest') {
    text = ` No well-known layout reads every line: read with the closest (${layout}); the ${plural(message.errorCount, 'line')} it cannot read ${message.errorCount === 1 ? 'is' : 'are'} listed below.`;
    warning = show = true;
  } else if (fit === 'unknown') {
    text = ' No well-known layout reads these lines. If this flow log uses a custom format, paste its LogFormat here:';
    warning = show = true;
  } else if (fit !== 'broken' && message.errorCount > 0 && message.errorCount >= message.total) {
    text = ` Most lines do not match ${origin}. If this flow log uses a custom format, paste its LogFormat here:`;
    warning = show = true;
  } else {
    text = ` Records are read with ${origin}:`;
  }
  element.classList.toggle('warning', warning);
  const parts: HTMLElement[] = [el('div', { className: 'banner-text' }, icon(warning ? 'warning' : 'symbol-ruler'), text)];
  if (fit === 'fits' || fit === 'closest') {
    // The layout found is named; the input to change it opens on request.
    row.hidden = true;
    const change = el('button', { className: 'btn banner-change', title: 'Read the records with another format', attrs: { type: 'button' } }, el('span', { className: 'btn-label', text: 'Change' }));
    change.addEventListener('click', () => {
      row.hidden = false;
      change.hidden = true;
      input.focus();
      input.select();
    });
    parts[0]!.append(' ', change);
  }
  element.replaceChildren(...parts, row);
  if (show) {
    element.hidden = false;
  }
}
