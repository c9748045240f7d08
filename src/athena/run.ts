/**
 * Runs one Athena query to the end: StartQueryExecution, then GetQueryExecution with a growing delay
 * until the state is final (reporting the bytes scanned so far, which is what the query costs), then the
 * result pages up to a row limit. A running query is billed for what it scans, so every way out that
 * is not completion (Cancel, a closed panel, failed polls) calls StopQueryExecution.
 *
 * The client, the sleep and the clock are injected, so the loop is tested in plain Node without waiting.
 */
import type { AthenaQueryExecution, AthenaQueryState } from '../aws/models';
import { abortableSleep } from '../common/sleep';
import { formatScanCost, type CostOptions } from './cost';
import type { AthenaResultPage } from './results';

/** The calls the loop makes; the Athena wrapper (src/aws/athena.ts) implements them. */
export interface AthenaQueryClient {
  startQueryExecution(input: { sql: string; database?: string | undefined; workGroup?: string | undefined; outputLocation?: string | undefined }): Promise<string>;
  queryExecution(id: string, signal?: AbortSignal): Promise<AthenaQueryExecution>;
  queryResults(id: string, nextToken?: string, maxResults?: number): Promise<{ page: AthenaResultPage; nextToken: string | undefined }>;
  stopQueryExecution(id: string): Promise<void>;
}

/** What to run. */
export interface AthenaRunInput {
  readonly sql: string;
  readonly database?: string | undefined;
  readonly workGroup?: string | undefined;
  readonly outputLocation?: string | undefined;
}

/** Progress reported after every poll. */
export interface AthenaProgress {
  readonly queryExecutionId: string;
  readonly state: AthenaQueryState;
  readonly dataScannedInBytes: number;
  readonly elapsedMs: number;
}

/** How a run ended. */
export interface AthenaOutcome {
  readonly queryExecutionId: string;
  /** The final state; `CANCELLED` also when the user cancelled (StopQueryExecution was called). */
  readonly state: Exclude<AthenaQueryState, 'QUEUED' | 'RUNNING'>;
  /** Why it failed or was cancelled, as Athena says it. */
  readonly reason: string | undefined;
  /** The result pages read, in order (none unless SUCCEEDED). */
  readonly pages: readonly AthenaResultPage[];
  /** Rows read (the header row of a SELECT included). */
  readonly rowsRead: number;
  /** True when more rows were there than the limit allowed reading. */
  readonly truncated: boolean;
  readonly dataScannedInBytes: number;
  readonly cancelledByUser: boolean;
  readonly elapsedMs: number;
}

/** Options of {@link runAthenaQuery}. */
export interface RunAthenaOptions {
  /** Aborting stops the query (StopQueryExecution) and resolves with state CANCELLED. */
  readonly signal?: AbortSignal;
  /** Waits `ms`; resolves early (without throwing) when `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now?: () => number;
  readonly onStarted?: (queryExecutionId: string) => void;
  readonly onProgress?: (progress: AthenaProgress) => void;
  /** Rows of results read at most (Athena keeps all of them in S3). Default 10,000. */
  readonly maxRows?: number;
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly backoff?: number;
  /** Consecutive failed polls tolerated (throttling, a dropped connection) before giving up. */
  readonly maxPollFailures?: number;
}

const FINAL: ReadonlySet<AthenaQueryState> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** Runs a query to its end (see the module comment). Rejects only when starting, polling or reading results fails. */
export async function runAthenaQuery(client: AthenaQueryClient, input: AthenaRunInput, options: RunAthenaOptions = {}): Promise<AthenaOutcome> {
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const signal = options.signal;
  const started = now();
  const maxRows = Math.max(1, options.maxRows ?? 10_000);
  const maxDelay = options.maxDelayMs ?? 5000;
  const backoff = options.backoff ?? 1.5;
  const maxFailures = options.maxPollFailures ?? 3;
  let delay = options.initialDelayMs ?? 500;

  // Not given the signal: aborting it mid-flight could leave a query running whose id we never learn.
  const id = await client.startQueryExecution({ sql: input.sql, database: input.database, workGroup: input.workGroup, outputLocation: input.outputLocation });
  options.onStarted?.(id);

  let scanned = 0;
  let execution: AthenaQueryExecution | undefined;
  const stop = async (): Promise<void> => {
    try {
      await client.stopQueryExecution(id);
    } catch {
      // Already finished, or unreachable: nothing more to do on the way out.
    }
  };
  const ended = (state: AthenaOutcome['state'], extra: Partial<AthenaOutcome> = {}): AthenaOutcome => ({
    queryExecutionId: id, state, reason: execution?.stateChangeReason, pages: [], rowsRead: 0, truncated: false,
    dataScannedInBytes: scanned, cancelledByUser: false, elapsedMs: now() - started, ...extra,
  });
  /** After a stop, the statistics Athena kept (a cancelled query is billed for what it scanned). */
  const cancelled = async (): Promise<AthenaOutcome> => {
    await stop();
    try {
      const last = await client.queryExecution(id);
      scanned = Math.max(scanned, last.dataScannedInBytes ?? 0);
    } catch {
      // The figure so far stands.
    }
    return ended('CANCELLED', { cancelledByUser: true, reason: 'Cancelled: StopQueryExecution was sent.' });
  };

  let failures = 0;
  for (;;) {
    if (signal?.aborted) {
      return cancelled();
    }
    try {
      execution = await client.queryExecution(id);
      failures = 0;
    } catch (error) {
      if (signal?.aborted) {
        continue;
      }
      if (++failures > maxFailures) {
        await stop();
        throw error;
      }
      await sleep(Math.round(delay), signal);
      delay = Math.min(maxDelay, delay * backoff);
      continue;
    }
    scanned = execution.dataScannedInBytes ?? scanned;
    options.onProgress?.({ queryExecutionId: id, state: execution.state, dataScannedInBytes: scanned, elapsedMs: now() - started });
    if (FINAL.has(execution.state)) {
      break;
    }
    await sleep(Math.round(delay), signal);
    delay = Math.min(maxDelay, delay * backoff);
  }

  const state = execution.state as AthenaOutcome['state'];
  if (state !== 'SUCCEEDED' || execution.statementType === 'DDL') {
    return ended(state);
  }
  const { pages, rowsRead, truncated } = await readResultPages(client, id, maxRows, signal);
  return ended(state, { pages, rowsRead, truncated, cancelledByUser: truncated && signal?.aborted === true });
}

/**
 * The result pages of a finished query, up to `maxRows` rows (the header row of a SELECT counts among
 * the rows read; one more than the limit tells truncation). Stops early when `signal` aborts.
 */
async function readResultPages(client: Pick<AthenaQueryClient, 'queryResults'>, id: string, maxRows: number, signal?: AbortSignal): Promise<{ pages: AthenaResultPage[]; rowsRead: number; truncated: boolean }> {
  const pages: AthenaResultPage[] = [];
  let rowsRead = 0;
  let token: string | undefined;
  do {
    if (signal?.aborted) {
      return { pages, rowsRead, truncated: true };
    }
    const { page, nextToken } = await client.queryResults(id, token, Math.min(1000, maxRows + 1 - rowsRead));
    pages.push(page);
    rowsRead += page.ResultSet?.Rows?.length ?? 0;
    token = nextToken;
  } while (token && rowsRead <= maxRows);
  return { pages, rowsRead, truncated: token !== undefined };
}

/**
 * A query that already ran, read again (after a window reload): its state and statistics
 * (GetQueryExecution) and, when it succeeded, its kept results (GetQueryResults). Starts nothing, so
 * nothing is billed.
 */
export async function readAthenaQuery(client: Pick<AthenaQueryClient, 'queryExecution' | 'queryResults'>, id: string, options: { maxRows?: number; signal?: AbortSignal } = {}): Promise<AthenaOutcome> {
  const execution = await client.queryExecution(id, options.signal);
  const base: AthenaOutcome = {
    queryExecutionId: id, state: FINAL.has(execution.state) ? (execution.state as AthenaOutcome['state']) : 'CANCELLED', reason: execution.stateChangeReason,
    pages: [], rowsRead: 0, truncated: false, dataScannedInBytes: execution.dataScannedInBytes ?? 0, cancelledByUser: false, elapsedMs: 0,
  };
  if (!FINAL.has(execution.state)) {
    return { ...base, reason: `The query was still ${execution.state.toLowerCase()} when VS Code reloaded; run it again to follow it.` };
  }
  if (execution.state !== 'SUCCEEDED' || execution.statementType === 'DDL') {
    return base;
  }
  return { ...base, ...(await readResultPages(client, id, Math.max(1, options.maxRows ?? 10_000), options.signal)) };
}

const STATE_WORDS: Readonly<Record<AthenaQueryState, string>> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  SUCCEEDED: 'Complete',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

/** One line of progress: "Running: 1.2 GiB scanned, about $0.006 · 4 s" (rows once complete). */
export function athenaProgressMessage(state: AthenaQueryState, dataScannedInBytes: number, elapsedMs: number, rows?: number, cost: CostOptions = {}): string {
  const parts = [formatScanCost(dataScannedInBytes, cost)];
  if (rows !== undefined && state === 'SUCCEEDED') {
    parts.unshift(`${rows.toLocaleString('en-US')} row${rows === 1 ? '' : 's'}`);
  }
  return `${STATE_WORDS[state]}: ${parts.join(' · ')} · ${Math.round(elapsedMs / 1000)} s`;
}
