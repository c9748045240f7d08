/**
 * Runs one Logs Insights query to the end: StartQuery, then GetQueryResults with a growing delay until
 * the status is final, then the remaining result pages. A running query costs money until it finishes,
 * so every way out that is not completion (Cancel, a closed panel, a failed poll) calls StopQuery.
 *
 * The client, the sleep and the clock are injected, so the loop is tested in plain Node without waiting.
 */

import type { QueryResultsPage, QueryStatistics, QueryStatus, ResultField, StartQueryInput } from '../../aws/models';
import { abortableSleep } from '../../common/sleep';

export type { QueryResultsPage, QueryStatistics, QueryStatus, ResultField, StartQueryInput };

/** Statuses after which a query does no more work. */
export const FINAL_STATUSES: ReadonlySet<QueryStatus> = new Set(['Complete', 'Failed', 'Cancelled', 'Timeout', 'Unknown']);

/** The three calls the loop makes; the Logs wrapper (src/aws/logs.ts) implements them. */
export interface InsightsQueryClient {
  /** Returns the query id. */
  startQuery(input: StartQueryInput): Promise<string>;
  getQueryResults(queryId: string, nextToken?: string): Promise<QueryResultsPage>;
  /** True when the query was running and is now stopped; false when it had already finished. */
  stopQuery(queryId: string): Promise<boolean>;
}

/** Progress reported after every poll. */
export interface QueryProgress {
  readonly queryId: string;
  readonly status: QueryStatus;
  readonly statistics: QueryStatistics;
  /** Rows so far (partial while Running). */
  readonly rows: readonly (readonly ResultField[])[];
  readonly elapsedMs: number;
}

/** How a run ended. */
export interface QueryOutcome {
  readonly queryId: string;
  /** The final status; `Cancelled` also when the user cancelled (StopQuery was called). */
  readonly status: Exclude<QueryStatus, 'Scheduled' | 'Running'>;
  readonly rows: readonly (readonly ResultField[])[];
  readonly statistics: QueryStatistics;
  /** True when the rows stop at the requested limit: the query matched more than it returned. */
  readonly truncated: boolean;
  readonly limit: number;
  /** True when the user (or a closed panel) cancelled the run. */
  readonly cancelledByUser: boolean;
  readonly elapsedMs: number;
}

/** Options of {@link runQuery}. */
export interface RunQueryOptions {
  /** Aborting stops the query (StopQuery) and resolves with status Cancelled and the rows so far. */
  readonly signal?: AbortSignal;
  /** Waits `ms`; resolves early (without throwing) when `signal` aborts. Default: a timer. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Milliseconds since some origin, for elapsed time. Default: `Date.now`. */
  readonly now?: () => number;
  readonly onStarted?: (queryId: string) => void;
  readonly onProgress?: (progress: QueryProgress) => void;
  /** First delay between polls (ms); grows by `backoff` up to `maxDelayMs`. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly backoff?: number;
  /** Consecutive failed polls tolerated (throttling, a dropped connection) before giving up. */
  readonly maxPollFailures?: number;
}

/** Rows per GetQueryResults page and the classic per-query maximum. */
export const MAX_ROWS_PER_PAGE = 10_000;
/** The most rows a query can return with pagination. */
export const MAX_ROWS_PER_QUERY = 100_000;

/** The delays between polls: initial, initial*backoff, ... capped at max. */
export function pollDelays(initialMs: number, backoff: number, maxMs: number, count: number): number[] {
  const delays: number[] = [];
  let delay = initialMs;
  for (let i = 0; i < count; i++) {
    delays.push(Math.round(delay));
    delay = Math.min(maxMs, delay * backoff);
  }
  return delays;
}

/** Stops a query, never throwing: by then the caller is already on its way out. */
async function stopQuietly(client: InsightsQueryClient, queryId: string): Promise<void> {
  try {
    await client.stopQuery(queryId);
  } catch {
    // Already finished (StopQuery refuses finished queries) or unreachable: nothing more to do here.
  }
}

/** Runs a query to its end (see the module comment). Rejects only when StartQuery or polling fails. */
export async function runQuery(client: InsightsQueryClient, input: StartQueryInput, options: RunQueryOptions = {}): Promise<QueryOutcome> {
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const signal = options.signal;
  const started = now();
  const maxDelay = options.maxDelayMs ?? 5000;
  const backoff = options.backoff ?? 1.5;
  const maxFailures = options.maxPollFailures ?? 3;
  let delay = options.initialDelayMs ?? 500;

  // StartQuery is not given the signal: aborting it mid-flight could leave a query running whose id we
  // never learn. It is quick; a cancel during it stops the query as soon as the id is known.
  const queryId = await client.startQuery(input);
  options.onStarted?.(queryId);

  let rows: readonly (readonly ResultField[])[] = [];
  let statistics: QueryStatistics = {};
  const outcome = (status: QueryOutcome['status'], cancelledByUser: boolean): QueryOutcome => ({
    queryId,
    status,
    rows,
    statistics,
    truncated: status === 'Complete' && rows.length >= input.limit,
    limit: input.limit,
    cancelledByUser,
    elapsedMs: now() - started,
  });

  let failures = 0;
  let page: QueryResultsPage | undefined;
  for (;;) {
    if (signal?.aborted) {
      await stopQuietly(client, queryId);
      return outcome('Cancelled', true);
    }
    try {
      page = await client.getQueryResults(queryId);
      failures = 0;
    } catch (error) {
      if (signal?.aborted) {
        continue; // The loop head stops the query.
      }
      failures++;
      if (failures > maxFailures) {
        await stopQuietly(client, queryId);
        throw error;
      }
      await sleep(Math.round(delay), signal);
      delay = Math.min(maxDelay, delay * backoff);
      continue;
    }
    rows = page.results;
    statistics = page.statistics ?? statistics;
    options.onProgress?.({ queryId, status: page.status, statistics, rows, elapsedMs: now() - started });
    if (FINAL_STATUSES.has(page.status)) {
      break;
    }
    await sleep(Math.round(delay), signal);
    delay = Math.min(maxDelay, delay * backoff);
  }

  const status = page.status as QueryOutcome['status'];
  // Past 10,000 rows the results come in pages; fetch them up to the limit asked for.
  let nextToken = status === 'Complete' ? page.nextToken : undefined;
  const all = [...rows];
  while (nextToken && all.length < input.limit) {
    if (signal?.aborted) {
      rows = all;
      return outcome('Complete', true);
    }
    const more = await client.getQueryResults(queryId, nextToken);
    all.push(...more.results);
    nextToken = more.nextToken;
  }
  rows = all.length > input.limit ? all.slice(0, input.limit) : all;
  return outcome(status, false);
}

/**
 * The results of a query that ran before, read again (after a window reload): Logs Insights keeps them
 * for 7 days, and GetQueryResults runs nothing and costs nothing. Pages past 10,000 rows are read up to
 * `limit`; a query still running is reported as it is now.
 */
export async function readQueryResults(client: Pick<InsightsQueryClient, 'getQueryResults'>, queryId: string, limit: number): Promise<QueryOutcome> {
  const first = await client.getQueryResults(queryId);
  const rows = [...first.results];
  let nextToken = first.status === 'Complete' ? first.nextToken : undefined;
  while (nextToken && rows.length < limit) {
    const more = await client.getQueryResults(queryId, nextToken);
    rows.push(...more.results);
    nextToken = more.nextToken;
  }
  const status: QueryOutcome['status'] = FINAL_STATUSES.has(first.status) ? (first.status as QueryOutcome['status']) : 'Unknown';
  const kept = rows.length > limit ? rows.slice(0, limit) : rows;
  return { queryId, status, rows: kept, statistics: first.statistics ?? {}, truncated: status === 'Complete' && kept.length >= limit, limit, cancelledByUser: false, elapsedMs: 0 };
}
