/**
 * The filter bar: action and log-status toggles, text inputs for protocol, addresses, ports, interface
 * and free text, and a time range (presets or custom). Every change is reported at once, so the row
 * count follows the typing.
 */
import { el, formatTime, icon, parseTime } from '../../webviewKit';
import {
  ACTIONS,
  EMPTY_FILTER,
  STATUSES,
  TIME_PRESETS,
  type ActionValue,
  type FilterProblem,
  type FilterState,
  type StatusValue,
  type TimeFilter,
  type TimePreset,
} from '../protocol';

type TextKey = 'protocol' | 'srcaddr' | 'srcport' | 'dstaddr' | 'dstport' | 'interfaceId' | 'text';

/**
 * The text filters. Placeholders say "e.g." and are drawn in the theme's placeholder colour, in italics,
 * so an empty input never reads as a filter that is on.
 */
const TEXT_INPUTS: readonly { key: TextKey; label: string; placeholder: string; width: string; help: string }[] = [
  { key: 'text', label: 'Search', placeholder: 'any text', width: '11em', help: 'Text anywhere in the record or its address labels (not case-sensitive)' },
  { key: 'srcaddr', label: 'Source', placeholder: 'e.g. 10.1.0.0/16', width: '9.5em', help: 'Source address: an address, a prefix (10.1.) or a CIDR block; several separated by commas' },
  { key: 'srcport', label: 'Src port', placeholder: 'e.g. 443', width: '5.5em', help: 'Source port: a number or a range (1024-65535); several separated by commas' },
  { key: 'dstaddr', label: 'Destination', placeholder: 'e.g. 10.2.15.210', width: '9.5em', help: 'Destination address: an address, a prefix or a CIDR block; several separated by commas' },
  { key: 'dstport', label: 'Dst port', placeholder: 'e.g. 443 or 1024-65535', width: '11em', help: 'Destination port: a number or a range; several separated by commas' },
  { key: 'protocol', label: 'Protocol', placeholder: 'e.g. tcp', width: '5.5em', help: 'Protocol: a number (6) or a name (tcp, udp, icmp); several separated by commas' },
  { key: 'interfaceId', label: 'Interface', placeholder: 'e.g. eni-0a1b…', width: '10em', help: 'Network interface id (or the start of it)' },
];

const PRESET_LABELS: Readonly<Record<TimePreset, string>> = {
  all: 'All time',
  '5m': 'Last 5 minutes',
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
};

const ACTION_LABELS: Readonly<Record<ActionValue, { text: string; icon: string; help: string }>> = {
  ACCEPT: { text: 'ACCEPT', icon: 'pass', help: 'Show accepted traffic' },
  REJECT: { text: 'REJECT', icon: 'circle-slash', help: 'Show rejected traffic' },
  '-': { text: 'No action', icon: 'dash', help: 'Show records without an action (NODATA, SKIPDATA)' },
};

export class FilterBar {
  readonly element: HTMLElement;
  private filter: FilterState = EMPTY_FILTER;
  private utc = true;
  private readonly actionButtons = new Map<ActionValue, HTMLButtonElement>();
  private readonly statusButtons = new Map<StatusValue, HTMLButtonElement>();
  private readonly inputs = new Map<TextKey, HTMLInputElement>();
  private readonly preset: HTMLSelectElement;
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly custom: HTMLElement;

  /** @param changed called with the new filter after every edit. */
  constructor(private readonly changed: (filter: FilterState) => void) {
    const actions = el('div', { className: 'segmented', attrs: { role: 'group', 'aria-label': 'Action' } });
    for (const action of ACTIONS) {
      const info = ACTION_LABELS[action];
      const b = el(
        'button',
        { className: `toggle action-${action === '-' ? 'none' : action.toLowerCase()}`, title: info.help, attrs: { type: 'button', 'aria-pressed': 'false' } },
        icon(info.icon),
        el('span', { text: info.text }),
      );
      b.addEventListener('click', () => this.toggle('actions', action));
      this.actionButtons.set(action, b);
      actions.append(b);
    }
    const statuses = el('div', { className: 'segmented', attrs: { role: 'group', 'aria-label': 'Log status' } });
    for (const status of STATUSES) {
      const b = el('button', { className: `toggle status-${status.toLowerCase()}`, title: `Show log-status ${status}`, attrs: { type: 'button', 'aria-pressed': 'false' } }, el('span', { text: status }));
      b.addEventListener('click', () => this.toggle('statuses', status));
      this.statusButtons.set(status, b);
      statuses.append(b);
    }
    const texts = TEXT_INPUTS.map(({ key, label, placeholder, width, help }) => {
      const input = el('input', {
        className: `filter-input f-${key}`,
        title: help,
        attrs: { type: 'text', placeholder, 'aria-label': label, spellcheck: 'false', autocomplete: 'off' },
      });
      input.style.width = width;
      input.addEventListener('input', () => this.update({ [key]: input.value }));
      this.inputs.set(key, input);
      return el('label', { className: 'field' }, el('span', { className: 'field-label', text: label }), input);
    });

    this.preset = el('select', { className: 'time-preset', title: 'Time range, measured back from the newest record loaded', attrs: { 'aria-label': 'Time range' } });
    for (const preset of TIME_PRESETS) {
      this.preset.append(el('option', { text: PRESET_LABELS[preset], attrs: { value: preset } }));
    }
    this.preset.append(el('option', { text: 'Custom…', attrs: { value: 'custom' } }));
    this.from = el('input', { className: 'time-input', attrs: { type: 'text', placeholder: 'from YYYY-MM-DD HH:MM', 'aria-label': 'From', spellcheck: 'false' } });
    this.to = el('input', { className: 'time-input', attrs: { type: 'text', placeholder: 'to YYYY-MM-DD HH:MM', 'aria-label': 'To', spellcheck: 'false' } });
    this.custom = el('span', { className: 'time-custom' }, this.from, el('span', { text: '–' }), this.to);
    this.preset.addEventListener('change', () => {
      const value = this.preset.value;
      this.update({ time: value === 'custom' ? { preset: 'custom', from: this.filter.time.from ?? null, to: this.filter.time.to ?? null } : { preset: value as TimePreset } });
    });
    const onTime = (): void => {
      const from = parseTime(this.from.value, this.utc);
      const to = parseTime(this.to.value, this.utc);
      this.from.setAttribute('aria-invalid', String(this.from.value.trim() !== '' && from === undefined));
      this.to.setAttribute('aria-invalid', String(this.to.value.trim() !== '' && to === undefined));
      this.update({ time: { preset: 'custom', from: from ?? null, to: to ?? null } }, false);
    };
    this.from.addEventListener('input', onTime);
    this.to.addEventListener('input', onTime);

    const clear = el('button', { className: 'btn', title: 'Clear all filters', attrs: { type: 'button', 'aria-label': 'Clear all filters' } }, icon('clear-all'));
    clear.addEventListener('click', () => {
      this.set(EMPTY_FILTER);
      this.changed(this.filter);
    });

    this.element = el(
      'div',
      { className: 'filters', attrs: { role: 'search', 'aria-label': 'Filters' } },
      actions,
      statuses,
      ...texts,
      el('label', { className: 'field' }, el('span', { className: 'field-label', text: 'Time' }), this.preset),
      this.custom,
      clear,
    );
  }

  get value(): FilterState {
    return this.filter;
  }

  /** Shows a filter (restored state, a click-to-filter, a chart click) without reporting it. */
  set(filter: FilterState): void {
    this.filter = filter;
    for (const [action, b] of this.actionButtons) {
      b.setAttribute('aria-pressed', String(filter.actions.includes(action)));
    }
    for (const [status, b] of this.statusButtons) {
      b.setAttribute('aria-pressed', String(filter.statuses.includes(status)));
    }
    for (const [key, input] of this.inputs) {
      if (input.value !== filter[key]) {
        input.value = filter[key];
      }
      input.removeAttribute('aria-invalid');
    }
    this.showTime(true);
  }

  /** Times in the custom range follow the UTC/local toggle. */
  setUtc(utc: boolean): void {
    this.utc = utc;
    this.showTime(true);
  }

  /** Marks inputs the host could not read. */
  showProblems(problems: readonly FilterProblem[]): void {
    for (const [key, input] of this.inputs) {
      const problem = problems.find((p) => p.key === key);
      input.setAttribute('aria-invalid', String(Boolean(problem)));
      input.title = problem ? problem.message : (TEXT_INPUTS.find((t) => t.key === key)?.help ?? '');
    }
  }

  private showTime(rewriteInputs: boolean): void {
    const time: TimeFilter = this.filter.time;
    this.preset.value = time.preset;
    this.custom.hidden = time.preset !== 'custom';
    if (rewriteInputs) {
      this.from.value = time.preset === 'custom' && time.from != null ? formatTime(time.from, this.utc) : '';
      this.to.value = time.preset === 'custom' && time.to != null ? formatTime(time.to, this.utc) : '';
      this.from.removeAttribute('aria-invalid');
      this.to.removeAttribute('aria-invalid');
    }
  }

  private toggle<K extends 'actions' | 'statuses'>(key: K, value: FilterState[K][number]): void {
    const list = this.filter[key] as readonly string[];
    const next = list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
    this.update({ [key]: next });
  }

  private update(change: Partial<FilterState>, rewriteInputs = true): void {
    this.filter = { ...this.filter, ...change };
    for (const [action, b] of this.actionButtons) {
      b.setAttribute('aria-pressed', String(this.filter.actions.includes(action)));
    }
    for (const [status, b] of this.statusButtons) {
      b.setAttribute('aria-pressed', String(this.filter.statuses.includes(status)));
    }
    this.showTime(rewriteInputs && change.time !== undefined);
    this.changed(this.filter);
  }
}
