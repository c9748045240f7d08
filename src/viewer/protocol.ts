/**
 * Messages between the flow log viewer's host (the extension, which owns the records) and its webview
 * (which shows a window of them). Shared by both bundles, so it must not import `vscode` at run time.
 *
 * The handshake: the webview posts `ready`; the host answers `init`, then `loading`/`loaded` as the
 * source is read. The webview asks with `query` (filter + sort + the visible window) and gets a `result`
 * (count and rows) at once and a `summary` after it; scrolling asks for more `rows` of the same query.
 * Every message from the webview is validated by {@link parseWebviewMessage} before the host acts on it.
 */

import type { Cell, ColumnInfo, ColumnKind, ProbeAction, ProbedElement, RowData, SortState } from '../webviewKit/types';

// The table's shapes live in the webview kit, which the Logs Insights results use too.
export type { Cell, ColumnInfo, ColumnKind, ProbeAction, ProbedElement, RowData, SortState };

/** A field with one value in every loaded record. */
export interface ConstantField {
  readonly field: string;
  readonly value: Cell;
  readonly note?: string;
}

/** Values of the action filter; `-` is records without an action (NODATA, SKIPDATA). */
export const ACTIONS = ['ACCEPT', 'REJECT', '-'] as const;
export type ActionValue = (typeof ACTIONS)[number];
export const STATUSES = ['OK', 'NODATA', 'SKIPDATA'] as const;
export type StatusValue = (typeof STATUSES)[number];

/** Time range presets, measured back from the newest record loaded (which is about "now" for a live source). */
export const TIME_PRESETS = ['all', '5m', '15m', '1h', '6h', '24h', '7d'] as const;
export type TimePreset = (typeof TIME_PRESETS)[number];

/** Length of each preset in seconds. */
export const TIME_PRESET_SECONDS: Readonly<Record<TimePreset, number>> = {
  all: 0,
  '5m': 300,
  '15m': 900,
  '1h': 3600,
  '6h': 6 * 3600,
  '24h': 24 * 3600,
  '7d': 7 * 24 * 3600,
};

/** A time range: a preset, or a custom range of Unix seconds (either end open). */
export interface TimeFilter {
  readonly preset: TimePreset | 'custom';
  readonly from?: number | null;
  readonly to?: number | null;
}

/**
 * The filters of the toolbar, combined with AND. Text fields accept comma-separated alternatives
 * (combined with OR): addresses as exact addresses, prefixes (`10.1.`) or CIDR blocks (`10.1.0.0/16`);
 * ports as numbers or ranges (`1024-65535`); protocols as numbers or names (`tcp`, `6`).
 */
export interface FilterState {
  readonly actions: readonly ActionValue[];
  readonly statuses: readonly StatusValue[];
  readonly protocol: string;
  readonly srcaddr: string;
  readonly dstaddr: string;
  readonly srcport: string;
  readonly dstport: string;
  readonly interfaceId: string;
  /** Free text, matched case-insensitively against the record's line and its address labels. */
  readonly text: string;
  readonly time: TimeFilter;
}

/** No filter at all. */
export const EMPTY_FILTER: FilterState = {
  actions: [],
  statuses: [],
  protocol: '',
  srcaddr: '',
  dstaddr: '',
  srcport: '',
  dstport: '',
  interfaceId: '',
  text: '',
  time: { preset: 'all' },
};

/** A filter input that could not be read, e.g. `srcaddr`: "10.1.0.0/33 is not an address, prefix or CIDR block". */
export interface FilterProblem {
  readonly key: keyof FilterState;
  readonly message: string;
}

/** A line the engine could not read. */
export interface BadLine {
  readonly line: number;
  readonly message: string;
  /** The line itself (possibly shortened): shown as text, never as markup. */
  readonly text: string;
}

/** Where the format in use came from; `detected`: the well-known layout found for a file without a header line. */
export type FormatOrigin = 'source' | 'header' | 'default' | 'user' | 'detected';

/**
 * What reading a file without a header line found (see `detectFormat`): a layout that reads every line,
 * the closest one, broken lines in the default format, or nothing known.
 */
export type FormatFitKind = 'fits' | 'closest' | 'broken' | 'unknown';

/** Totals and top lists for the current filter. */
export interface SummaryData {
  readonly records: number;
  readonly packets: number;
  readonly bytes: number;
  readonly accept: { readonly records: number; readonly bytes: number };
  readonly reject: { readonly records: number; readonly bytes: number };
  readonly noData: number;
  readonly skipData: number;
  readonly topTalkers: readonly {
    readonly src: string;
    readonly dst: string;
    readonly bytes: number;
    readonly packets: number;
    readonly records: number;
    readonly srcLabel?: string;
    readonly dstLabel?: string;
  }[];
  readonly topRejectedSources: readonly { readonly address: string; readonly records: number; readonly label?: string }[];
  readonly topRejectedPorts: readonly { readonly port: number; readonly records: number; readonly name?: string }[];
  readonly interfaces: readonly { readonly id: string; readonly records: number; readonly bytes: number; readonly rejected: number; readonly name?: string }[];
  /** Records per time bucket: bucket `i` starts at `start + i * step` (Unix seconds). */
  readonly histogram: {
    readonly start: number;
    readonly step: number;
    readonly accept: readonly number[];
    readonly reject: readonly number[];
    readonly other: readonly number[];
  } | null;
}

/** One field of a record, explained (the details view). */
export interface DetailField {
  readonly field: string;
  readonly label: string;
  /** The raw text of the field (`-` when absent). */
  readonly raw: string;
  /** A readable rendering, e.g. "2024-11-27 08:00:00 UTC" or "FIN, SYN, ACK". */
  readonly display: string;
  /** What the field means in general, e.g. "Bitmask of TCP flags seen during the interval". */
  readonly description: string;
}

/** Host -> webview. */
export type HostMessage =
  | {
      readonly type: 'init';
      readonly sourceId: string;
      readonly title: string;
      readonly description: string;
      /** Which load buttons apply. */
      readonly paging: { readonly older: boolean; readonly newer: boolean; readonly follow: boolean };
      /** Answer `probe` messages (tests only). */
      readonly testHooks: boolean;
      /** The state the panel was restored with, for a webview that has none of its own. */
      readonly state?: ViewState;
      /** The columns the user chose last (in any panel), for a webview that has no choice of its own. */
      readonly columns?: ColumnPrefs;
    }
  | {
      readonly type: 'loading';
      readonly active: boolean;
      readonly message: string;
      readonly lines: number;
    }
  | {
      readonly type: 'loaded';
      /** Changes every time the set of records changes; rows of an older generation are stale. */
      readonly generation: number;
      readonly total: number;
      readonly columns: readonly ColumnInfo[];
      readonly format: string;
      readonly formatOrigin: FormatOrigin;
      /** Set when the format was looked for (no format given, no header line) and the default does not read every line. */
      readonly formatFit?: FormatFitKind;
      /** A short name of a format found for the file, e.g. "29 fields, version 5: version vpc-id subnet-id instance-id …". */
      readonly formatSummary?: string;
      /** The first bad lines (at most a few hundred) and how many there are in all. */
      readonly errors: readonly BadLine[];
      readonly errorCount: number;
      readonly hasOlder: boolean;
      readonly hasNewer: boolean;
      /** Earliest start and latest end among the records (Unix seconds), null when there are none. */
      readonly timeRange: { readonly min: number; readonly max: number } | null;
      /**
       * Fields whose value is the same in every loaded record, with that value and its note (an
       * interface's name, an address's label): the webview folds them into one line above the table.
       * Sent again with every page loaded, so a field that starts to vary comes back as a column.
       */
      readonly constants?: readonly ConstantField[];
    }
  | {
      readonly type: 'result';
      readonly seq: number;
      readonly generation: number;
      /** Records matching the filter. */
      readonly count: number;
      readonly total: number;
      readonly start: number;
      readonly rows: readonly RowData[];
      /** Time the host spent filtering and sorting, in milliseconds (shown in a tooltip, used by the benchmark). */
      readonly elapsedMs: number;
      /** Filter inputs that could not be read (they are ignored until fixed). */
      readonly problems: readonly FilterProblem[];
    }
  | { readonly type: 'rows'; readonly seq: number; readonly start: number; readonly rows: readonly RowData[] }
  | { readonly type: 'summary'; readonly seq: number; readonly summary: SummaryData }
  | {
      readonly type: 'details';
      readonly id: number;
      /** Position of the record among all records read (1-based). */
      readonly number: number;
      /** The record as a line of text. */
      readonly text: string;
      readonly fields: readonly DetailField[];
    }
  | { readonly type: 'follow'; readonly on: boolean }
  | { readonly type: 'notice'; readonly level: 'info' | 'error'; readonly message: string }
  /** A live source's session (Live Tail): shown in the live bar with Pause, Stop and Restart. */
  | { readonly type: 'live'; readonly status: LiveBarStatus }
  | { readonly type: 'probe'; readonly id: number; readonly action: ProbeAction };

/** What the live bar shows. */
export interface LiveBarStatus {
  readonly state: 'starting' | 'live' | 'paused' | 'stopped' | 'ended' | 'failed' | 'polling';
  /** Session time so far (billed per minute), ms. */
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
  /** AWS sent a sample (above 500 events a second). */
  readonly sampled: boolean;
  readonly events: number;
  readonly filterPattern?: string;
  readonly message?: string;
  /** Records dropped so far to stay within the cap, and the cap. */
  readonly dropped: number;
  readonly maxRecords: number;
}

/** Webview -> host. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  | {
      readonly type: 'query';
      readonly seq: number;
      readonly filter: FilterState;
      readonly sort: SortState | null;
      readonly start: number;
      readonly count: number;
      /** Whether the summary panel is open (the summary is computed only then). */
      readonly summary: boolean;
    }
  | { readonly type: 'rows'; readonly seq: number; readonly start: number; readonly count: number }
  | { readonly type: 'details'; readonly id: number }
  | { readonly type: 'copy'; readonly ids: readonly number[] }
  | { readonly type: 'export'; readonly format: 'csv' | 'json' }
  | { readonly type: 'load'; readonly direction: 'older' | 'newer' | 'refresh' }
  | { readonly type: 'cancel' }
  | { readonly type: 'follow'; readonly on: boolean }
  | { readonly type: 'setFormat'; readonly format: string }
  | { readonly type: 'live'; readonly action: 'pause' | 'resume' | 'stop' | 'restart' }
  /** The user changed the columns: remembered for panels opened later. */
  | { readonly type: 'columns'; readonly columns: ColumnPrefs }
  | { readonly type: 'probeResult'; readonly id: number; readonly ok: boolean; readonly value: unknown };

/** Most rows the webview may ask for at once: a window, never the whole set. */
export const MAX_WINDOW = 1000;

/**
 * Column order (fields) and hidden fields, as the user chose them. An empty order means the reading
 * order (time, action, addresses, port, protocol, bytes, packets, then the rest).
 */
export interface ColumnPrefs {
  readonly order: readonly string[];
  readonly hidden: readonly string[];
  /** Fields shown as columns even while every record has the same value (otherwise folded above the table). */
  readonly shown?: readonly string[];
}

/** The webview's own state, kept with `setState` and handed to the serializer after a reload. */
export interface ViewState {
  readonly sourceId: string;
  readonly title: string;
  /** A format the user typed for this source, if any. */
  readonly format?: string;
  readonly filter: FilterState;
  readonly sort: SortState | null;
  readonly columns: ColumnPrefs;
  readonly utc: boolean;
  readonly summaryOpen: boolean;
  /** Width of the summary panel in pixels, when the user dragged its edge. */
  readonly summaryWidth?: number;
  readonly follow: boolean;
  readonly scrollRow: number;
}

// ---- validation of untrusted input -------------------------------------------------------------

type Unknown = Record<string, unknown>;

const isObject = (value: unknown): value is Unknown => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isText = (value: unknown, max = 2000): value is string => typeof value === 'string' && value.length <= max;
const isTime = (value: unknown): value is number | null | undefined =>
  value === undefined || value === null || (typeof value === 'number' && Number.isFinite(value));

function oneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

function listOf<T extends string>(values: readonly T[], value: unknown): T[] | undefined {
  if (!Array.isArray(value) || value.length > values.length) {
    return undefined;
  }
  return value.every((v) => oneOf(values, v)) ? [...value] : undefined;
}

/** Narrows an untrusted value to a filter, or undefined. */
export function parseFilter(value: unknown): FilterState | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const actions = listOf(ACTIONS, value['actions']);
  const statuses = listOf(STATUSES, value['statuses']);
  const time = value['time'];
  if (!actions || !statuses || !isObject(time)) {
    return undefined;
  }
  const preset = time['preset'];
  if (!(oneOf(TIME_PRESETS, preset) || preset === 'custom') || !isTime(time['from']) || !isTime(time['to'])) {
    return undefined;
  }
  const texts = ['protocol', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'interfaceId', 'text'] as const;
  const out: Record<(typeof texts)[number], string> = { protocol: '', srcaddr: '', dstaddr: '', srcport: '', dstport: '', interfaceId: '', text: '' };
  for (const key of texts) {
    const v = value[key] ?? '';
    if (!isText(v)) {
      return undefined;
    }
    out[key] = v;
  }
  return {
    ...out,
    actions,
    statuses,
    time: preset === 'custom' ? { preset, from: (time['from']) ?? null, to: (time['to']) ?? null } : { preset },
  };
}

/** Narrows an untrusted value to a sort order (null for none), or undefined when malformed. */
export function parseSort(value: unknown): SortState | null | undefined {
  if (value === null || value === undefined) {
    return null;
  }
  if (!isObject(value) || !isText(value['field'], 100) || typeof value['descending'] !== 'boolean') {
    return undefined;
  }
  return { field: value['field'], descending: value['descending'] };
}

/** Narrows an untrusted value posted by the webview to a known message, or undefined. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  switch (value['type']) {
    case 'ready':
      return { type: 'ready' };
    case 'live':
      return oneOf(['pause', 'resume', 'stop', 'restart'] as const, value['action']) ? { type: 'live', action: value['action'] } : undefined;
    case 'query': {
      const filter = parseFilter(value['filter']);
      const sort = parseSort(value['sort']);
      const { seq, start, count } = value;
      if (!filter || sort === undefined || !isCount(seq) || !isCount(start) || !isCount(count)) {
        return undefined;
      }
      return { type: 'query', seq, filter, sort, start, count: Math.min(count, MAX_WINDOW), summary: value['summary'] !== false };
    }
    case 'rows': {
      const { seq, start, count } = value;
      return isCount(seq) && isCount(start) && isCount(count) ? { type: 'rows', seq, start, count: Math.min(count, MAX_WINDOW) } : undefined;
    }
    case 'details':
      return isCount(value['id']) ? { type: 'details', id: value['id'] } : undefined;
    case 'copy': {
      const ids = value['ids'];
      return Array.isArray(ids) && ids.length > 0 && ids.length <= MAX_WINDOW && ids.every(isCount) ? { type: 'copy', ids: [...ids] } : undefined;
    }
    case 'export':
      return value['format'] === 'csv' || value['format'] === 'json' ? { type: 'export', format: value['format'] } : undefined;
    case 'load':
      return oneOf(['older', 'newer', 'refresh'] as const, value['direction']) ? { type: 'load', direction: value['direction'] } : undefined;
    case 'cancel':
      return { type: 'cancel' };
    case 'follow':
      return typeof value['on'] === 'boolean' ? { type: 'follow', on: value['on'] } : undefined;
    case 'setFormat':
      return isText(value['format'], 4000) ? { type: 'setFormat', format: value['format'] } : undefined;
    case 'columns': {
      const columns = parseColumnPrefs(value['columns']);
      return columns ? { type: 'columns', columns } : undefined;
    }
    case 'probeResult':
      return isCount(value['id']) && typeof value['ok'] === 'boolean' ? { type: 'probeResult', id: value['id'], ok: value['ok'], value: value['value'] } : undefined;
    default:
      return undefined;
  }
}

/** Narrows untrusted column preferences, or undefined. */
export function parseColumnPrefs(value: unknown): ColumnPrefs | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const fields = (v: unknown): string[] | undefined =>
    Array.isArray(v) && v.length <= 200 && v.every((f) => isText(f, 100)) ? (v) : undefined;
  const order = fields(value['order']);
  const hidden = fields(value['hidden']);
  const shown = value['shown'] === undefined ? [] : fields(value['shown']);
  return order && hidden && shown ? { order, hidden, ...(shown.length ? { shown } : {}) } : undefined;
}

/** Narrows an untrusted saved state (from the serializer) to a view state, or undefined. */
export function parseViewState(value: unknown): ViewState | undefined {
  if (!isObject(value) || !isText(value['sourceId'], 4000) || !isText(value['title'], 1000)) {
    return undefined;
  }
  const filter = parseFilter(value['filter']) ?? EMPTY_FILTER;
  const sort = parseSort(value['sort']) ?? null;
  const columns = value['columns'];
  const fields = (v: unknown): string[] => (Array.isArray(v) ? v.filter((f): f is string => isText(f, 100)).slice(0, 200) : []);
  return {
    sourceId: value['sourceId'],
    title: value['title'],
    ...(isText(value['format'], 4000) && value['format'] ? { format: value['format'] } : {}),
    filter,
    sort,
    columns: isObject(columns)
      ? { order: fields(columns['order']), hidden: fields(columns['hidden']), ...(Array.isArray(columns['shown']) ? { shown: fields(columns['shown']) } : {}) }
      : { order: [], hidden: [] },
    utc: value['utc'] !== false,
    summaryOpen: value['summaryOpen'] !== false,
    ...(isCount(value['summaryWidth']) && value['summaryWidth'] <= 10_000 ? { summaryWidth: value['summaryWidth'] } : {}),
    follow: value['follow'] === true,
    scrollRow: isCount(value['scrollRow']) ? value['scrollRow'] : 0,
  };
}
