/**
 * Messages between the Logs Insights results panel's host and its webview. Shared by both bundles, so
 * it must not import `vscode` at run time. The host owns the results, as the flow log viewer's host
 * owns its records: the webview shows windows of rows it asks for as it scrolls, with the webview kit's
 * table, and a chart; sorting and filtering happen on the host.
 *
 * Handshake: the webview posts `ready`; the host answers `init`, then `progress` while the query runs
 * and `results` whenever the rows or their order change (with the first window of rows); the webview
 * asks for more `rows` of that order (`seq`) as it scrolls. `saved` tells the webview what to keep in
 * its state, so the serializer can bring the panel back after a window reload.
 */
import type { ColumnInfo, ProbeAction, RowData, SortState } from '../../webviewKit/types';
import type { QueryStatistics } from './poll';
import type { ChartData } from './results';
import type { ValueFilter } from './resultsModel';

/** Where a run is. */
export type RunState = 'starting' | 'running' | 'complete' | 'failed' | 'cancelled' | 'timeout' | 'unknown';

/** Most rows the webview may ask for at once. */
export const MAX_RESULTS_WINDOW = 1000;

/** What a results panel keeps in its webview state: enough to show the results again after a reload. */
export interface SavedRun {
  readonly title: string;
  /** The query as written (the parse clause for a custom format is added again). */
  readonly query: string;
  readonly logGroups: readonly string[];
  /** The time range as text (`1h`, or `start/end` in ISO 8601). */
  readonly range: string;
  readonly format?: string | undefined;
  /** The query's id once started: its results are kept by Logs Insights for 7 days. */
  readonly queryId?: string | undefined;
  /** For an Athena run (same results view): where it ran and its execution id once started. */
  readonly athena?: SavedAthenaRun | undefined;
}

/** What an Athena results panel keeps to read its results again after a reload (GetQueryResults). */
export interface SavedAthenaRun {
  /** The panel title: the catalogue name or the file name. */
  readonly title: string;
  readonly sql: string;
  /** `database.table`, for the panel's description and the query file header. */
  readonly table: string;
  readonly database: string;
  readonly workGroup: string;
  /** Where results go when the work group has none. */
  readonly outputLocation?: string | undefined;
  /** The time range the SQL was written for (`start/end` or `1h`), shown with the run. */
  readonly range?: string | undefined;
  /** The catalogue entry (its Logs Insights form chooses the chart). */
  readonly catalogue?: string | undefined;
  /** The Logs Insights query of the same question, for the chart. */
  readonly chartQuery?: string | undefined;
  /** Set once the query has started. */
  readonly queryExecutionId?: string | undefined;
}

/** The Athena part of a saved run, checked; undefined when absent or not well formed. */
export function parseSavedAthenaRun(value: unknown): SavedAthenaRun | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const { title, sql, table, database, workGroup } = value;
  if (typeof title !== 'string' || typeof sql !== 'string' || typeof table !== 'string' || typeof database !== 'string' || typeof workGroup !== 'string') {
    return undefined;
  }
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
  const id = value['queryExecutionId'];
  return {
    title, sql, table, database, workGroup,
    outputLocation: text(value['outputLocation']),
    range: text(value['range']),
    catalogue: text(value['catalogue']),
    chartQuery: text(value['chartQuery']),
    queryExecutionId: typeof id === 'string' && /^[\w-]{1,128}$/.test(id) ? id : undefined,
  };
}

/** Host -> webview. */
export type ResultsHostMessage =
  | {
      readonly type: 'init';
      readonly title: string;
      /** Log groups and time range, e.g. "VPCFlowLogsGroup · last hour". */
      readonly description: string;
      readonly query: string;
      readonly testHooks: boolean;
    }
  | { readonly type: 'saved'; readonly saved: SavedRun }
  | {
      readonly type: 'progress';
      readonly state: RunState;
      /** One line for the status bar, e.g. "Running: 1,204 of 56,000 records matched (12.3 MiB scanned)". */
      readonly message: string;
      readonly statistics: QueryStatistics;
      readonly elapsedMs: number;
    }
  | {
      readonly type: 'results';
      readonly columns: readonly ColumnInfo[];
      /** The order these rows belong to; windows of an older order are ignored. */
      readonly seq: number;
      /** Rows in the current order (after the filter) and in all. */
      readonly count: number;
      readonly total: number;
      readonly sort: SortState | null;
      readonly only: ValueFilter | null;
      /** The first window of the order, from `start`. */
      readonly start: number;
      readonly rows: readonly RowData[];
      readonly chart: ChartData | null;
      /** Final rows (false while the query still runs). */
      readonly final: boolean;
      /** Set when the rows stop at the limit: what to tell the user. */
      readonly limitNotice: string | null;
      /** Set when the run failed, timed out or was cancelled: what happened and what to do. */
      readonly problem: string | null;
    }
  | { readonly type: 'rows'; readonly seq: number; readonly start: number; readonly rows: readonly RowData[] }
  /** Scrolls to and selects a position (a bar of the chart was clicked). */
  | { readonly type: 'reveal'; readonly position: number }
  | { readonly type: 'notice'; readonly level: 'info' | 'error'; readonly message: string }
  /** Test hook: the integration tests look at the real DOM through the viewer's probe actions. */
  | { readonly type: 'probe'; readonly id: number; readonly action: ProbeAction };

/** Webview -> host. */
export type ResultsWebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'cancel' }
  | { readonly type: 'rerun' }
  | { readonly type: 'openQuery' }
  | { readonly type: 'export'; readonly format: 'csv' | 'json' }
  | { readonly type: 'openAddress'; readonly address: string }
  | { readonly type: 'rows'; readonly seq: number; readonly start: number; readonly count: number }
  | { readonly type: 'sort'; readonly field: string }
  | { readonly type: 'filter'; readonly only: ValueFilter | null }
  /** A result row (by its index in the results) to show: the chart's bar for it was clicked. */
  | { readonly type: 'reveal'; readonly row: number }
  | { readonly type: 'probeResult'; readonly id: number; readonly ok: boolean; readonly value: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isField = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

/** An IPv4 or IPv6 address as it appears in flow logs (nothing else may reach a filter pattern). */
export const ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]{2,39}(?:%\w+)?)$/;

/** Narrows an untrusted message from the webview to a known one, or undefined. */
export function parseResultsMessage(value: unknown): ResultsWebviewMessage | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  switch (value['type']) {
    case 'ready':
    case 'cancel':
    case 'rerun':
    case 'openQuery':
      return { type: value['type'] };
    case 'export':
      return value['format'] === 'csv' || value['format'] === 'json' ? { type: 'export', format: value['format'] } : undefined;
    case 'openAddress': {
      const address = value['address'];
      return typeof address === 'string' && ADDRESS.test(address) && address.includes(address.includes(':') ? ':' : '.') ? { type: 'openAddress', address } : undefined;
    }
    case 'rows': {
      const { seq, start, count } = value;
      return isIndex(seq) && isIndex(start) && isIndex(count) && count <= MAX_RESULTS_WINDOW ? { type: 'rows', seq, start, count } : undefined;
    }
    case 'sort':
      return isField(value['field']) ? { type: 'sort', field: value['field'] } : undefined;
    case 'filter': {
      const only = value['only'];
      if (only === null) {
        return { type: 'filter', only: null };
      }
      if (!isObject(only) || !isField(only['field'])) {
        return undefined;
      }
      const v = only['value'];
      return typeof v === 'number' || (typeof v === 'string' && v.length <= 1000) ? { type: 'filter', only: { field: only['field'], value: v } } : undefined;
    }
    case 'reveal':
      return isIndex(value['row']) ? { type: 'reveal', row: value['row'] } : undefined;
    case 'probeResult': {
      const id = value['id'];
      return typeof id === 'number' && typeof value['ok'] === 'boolean' ? { type: 'probeResult', id, ok: value['ok'], value: value['value'] } : undefined;
    }
    default:
      return undefined;
  }
}

/** A saved run read back from webview state (which a reload hands the serializer), or undefined. */
export function parseSavedRun(value: unknown): SavedRun | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const { title, query, logGroups, range, format, queryId } = value;
  if (typeof title !== 'string' || typeof query !== 'string' || typeof range !== 'string' || !Array.isArray(logGroups) || !logGroups.every((g) => typeof g === 'string')) {
    return undefined;
  }
  return {
    title,
    query,
    logGroups: logGroups,
    range,
    format: typeof format === 'string' && format ? format : undefined,
    queryId: typeof queryId === 'string' && /^[\w-]{1,256}$/.test(queryId) ? queryId : undefined,
    athena: parseSavedAthenaRun(value['athena']),
  };
}
