/**
 * Messages between the Logs Insights results panel's host and its webview. Shared by both bundles, so
 * it must not import `vscode` at run time. The host owns the results; the webview shows them with the
 * flow log viewer's table (rows and columns in the viewer's own shapes) and a chart.
 *
 * Handshake: the webview posts `ready`; the host answers `init`, then `progress` while the query runs
 * and `results` whenever rows change (partial rows while running, all of them at the end).
 */
import type { ColumnInfo, ProbeAction, RowData } from '../viewer/protocol';
import type { QueryStatistics } from './poll';
import type { ChartData } from './results';

/** Where a run is. */
export type RunState = 'starting' | 'running' | 'complete' | 'failed' | 'cancelled' | 'timeout' | 'unknown';

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
      readonly rows: readonly RowData[];
      readonly chart: ChartData | null;
      /** Final rows (false while the query still runs). */
      readonly final: boolean;
      /** Set when the rows stop at the limit: what to tell the user. */
      readonly limitNotice: string | null;
      /** Set when the run failed, timed out or was cancelled: what happened and what to do. */
      readonly problem: string | null;
    }
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
  | { readonly type: 'probeResult'; readonly id: number; readonly ok: boolean; readonly value: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

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
    case 'probeResult': {
      const id = value['id'];
      return typeof id === 'number' && typeof value['ok'] === 'boolean' ? { type: 'probeResult', id, ok: value['ok'], value: value['value'] } : undefined;
    }
    default:
      return undefined;
  }
}
