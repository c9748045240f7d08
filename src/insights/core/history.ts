/**
 * The query history of a workspace: the last {@link MAX_HISTORY} runs, newest first, each enough to run
 * again (query text, log groups, time range). Pure; the UI keeps the list in `workspaceState`.
 */

export const MAX_HISTORY = 50;

/** One run, as remembered. */
export interface HistoryEntry {
  /** The query as the user wrote or chose it (without a generated parse prefix). */
  readonly query: string;
  readonly logGroups: readonly string[];
  /** Text form of the time range (./timeRange.ts). */
  readonly range: string;
  /** Catalogue id or saved-definition name it came from, for the label. */
  readonly title?: string;
  /** When it ran (ms since the epoch). */
  readonly ranAt: number;
  readonly status?: string;
  readonly rows?: number;
}

/** The key that makes two runs "the same query": re-running one moves it to the top. */
function sameRun(a: HistoryEntry, b: HistoryEntry): boolean {
  return a.query.trim() === b.query.trim() && a.range === b.range && a.logGroups.join('\n') === b.logGroups.join('\n');
}

/** The history with `entry` added at the top (an equal older entry removed), at most `max` long. */
export function addToHistory(history: readonly HistoryEntry[], entry: HistoryEntry, max = MAX_HISTORY): HistoryEntry[] {
  return [entry, ...history.filter((e) => !sameRun(e, entry))].slice(0, max);
}

/** The history with the entry of `ranAt` updated (status and row count once the run ends). */
export function updateHistory(history: readonly HistoryEntry[], ranAt: number, change: Pick<HistoryEntry, 'status' | 'rows'>): HistoryEntry[] {
  return history.map((e) => (e.ranAt === ranAt ? { ...e, ...change } : e));
}

/** Narrows stored state (untrusted: an older version may have written it) to a history list. */
export function parseHistory(value: unknown): HistoryEntry[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const out: HistoryEntry[] = [];
  for (const v of value) {
    if (typeof v !== 'object' || v === null) {
      continue;
    }
    const e = v as Record<string, unknown>;
    if (typeof e['query'] !== 'string' || typeof e['range'] !== 'string' || typeof e['ranAt'] !== 'number' || !Array.isArray(e['logGroups'])) {
      continue;
    }
    out.push({
      query: e['query'],
      range: e['range'],
      ranAt: e['ranAt'],
      logGroups: e['logGroups'].filter((g): g is string => typeof g === 'string'),
      ...(typeof e['title'] === 'string' ? { title: e['title'] } : {}),
      ...(typeof e['status'] === 'string' ? { status: e['status'] } : {}),
      ...(typeof e['rows'] === 'number' ? { rows: e['rows'] } : {}),
    });
  }
  return out.slice(0, MAX_HISTORY);
}
