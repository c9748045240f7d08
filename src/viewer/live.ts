/**
 * A push-based record source: a Live Tail session hands the viewer batches of lines as they arrive
 * instead of the viewer asking for pages. The controller subscribes to a source's {@link LiveFeed},
 * adds each batch as a 'newer' page, keeps at most `maxRecords` (the oldest dropped), shows the
 * session's status and passes Pause, Stop and Restart back. Pure: no `vscode`.
 */
import { FlowLogStore } from '../flowlogs';
import type { LiveBarStatus } from './protocol';

/** What the panel shows of a live session (see src/livetail/session.ts); the viewer adds the cap's figures. */
export type LiveFeedStatus = Omit<LiveBarStatus, 'dropped' | 'maxRecords'>;

/** What the user can do with a live session from the panel. */
export type LiveAction = 'pause' | 'resume' | 'stop' | 'restart';

/** The push side of a {@link RecordSource} (its `live` member). */
export interface LiveFeed {
  /** Most records kept; beyond it the oldest are dropped (and the panel says how many). */
  readonly maxRecords: number;
  /** Calls `listener` with each batch of raw record lines, in arrival order. */
  onLines(listener: (lines: readonly string[]) => void): { dispose(): void };
  /** Calls `listener` whenever the session's status changes (about once a second while live). */
  onStatus(listener: (status: LiveFeedStatus) => void): { dispose(): void };
  status(): LiveFeedStatus;
  /** Starts the session (the controller calls it once it listens). */
  start(): void;
  control(action: LiveAction): void;
  /** Whether the panel is visible (a session hidden for long stops). */
  setVisible(visible: boolean): void;
}

/**
 * The newest `keep` records of a store, as a new store with the same fields and errors: the oldest
 * are dropped by copying the rest (the store only truncates at the end), so callers drop in chunks.
 */
export function keepNewest(store: FlowLogStore, keep: number): FlowLogStore {
  const from = Math.max(0, store.count - keep);
  const kept = new FlowLogStore(store.fields);
  kept.reserve(store.count - from);
  const columns = store.columns;
  for (let i = 0; i < columns.length; i++) {
    const src = columns[i]!;
    const dst = kept.columns[i]!;
    for (let r = from; r < store.count; r++) {
      dst.appendValue(src.get(r));
    }
  }
  kept.errors.push(...store.errors);
  kept.errorCount = store.errorCount;
  kept.lines = store.lines;
  return kept;
}

/** Records dropped each time the cap is passed, as a share of the cap: a copy per ~5% of new records. */
export const DROP_CHUNK = 0.05;
