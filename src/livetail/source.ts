/**
 * A Live Tail session as a record source for the viewer: no pages to read, records pushed as they
 * arrive (its `live` feed), each batch handed over by `loadNewer` so it goes through the viewer's own
 * path for newer records. Where the endpoint has no Live Tail it becomes the CloudWatch source it falls
 * back to, followed by polling. Pure: no `vscode`.
 */
import type { LiveTailRequest } from '../aws/models';
import type { LiveAction, LiveFeed, LiveFeedStatus } from '../viewer/live';
import type { LoadProgress, RecordPage, RecordSource } from '../viewer/source';
import { LiveTailSession, type LiveTailApi } from './session';

/** What a session watches, as the commands build it. */
export interface LiveTailTarget {
  readonly region: string;
  /** Names and ARNs (without `:*`) of 1 to 10 log groups. */
  readonly groups: readonly { readonly name: string; readonly arn: string }[];
  /** Stream names (one group only). */
  readonly streams?: readonly string[] | undefined;
  /** Stream name prefixes, e.g. an interface's `eni-...` (one group only). */
  readonly prefixes?: readonly string[] | undefined;
  readonly filterPattern?: string | undefined;
}

/** `livetail:<region>/<group>[,<group>...]/<n:stream,...|p:prefix,...|*>[/<pattern>]`, parts URI-encoded. */
export function liveTailSourceId(target: LiveTailTarget): string {
  const enc = (list: readonly string[]): string => list.map(encodeURIComponent).join(',');
  const streams = target.streams?.length ? `n:${enc(target.streams)}` : target.prefixes?.length ? `p:${enc(target.prefixes)}` : '*';
  const pattern = target.filterPattern ? `/${encodeURIComponent(target.filterPattern)}` : '';
  return `livetail:${target.region}/${enc(target.groups.map((g) => g.name))}/${streams}${pattern}`;
}

/** The target of a source id made by {@link liveTailSourceId} (group ARNs left empty); undefined for anything else. */
export function parseLiveTailSourceId(id: string): (Omit<LiveTailTarget, 'groups'> & { groupNames: string[] }) | undefined {
  const match = /^livetail:([a-z0-9-]+)\/([^/]+)\/([^/]+)(?:\/([^/]*))?$/.exec(id);
  if (!match) {
    return undefined;
  }
  try {
    const dec = (list: string): string[] => list.split(',').map(decodeURIComponent);
    const streams = match[3]!;
    return {
      region: match[1]!,
      groupNames: dec(match[2]!),
      ...(streams.startsWith('n:') ? { streams: dec(streams.slice(2)) } : streams.startsWith('p:') ? { prefixes: dec(streams.slice(2)) } : {}),
      ...(match[4] ? { filterPattern: decodeURIComponent(match[4]) } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The panel title: the stream, the prefix, or the group(s). */
export function liveTailTitle(target: LiveTailTarget): string {
  const what = target.streams?.length === 1
    ? target.streams[0]!
    : target.prefixes?.length === 1
      ? `${target.prefixes[0]!}…`
      : target.groups.length === 1
        ? target.groups[0]!.name
        : `${target.groups.length} log groups`;
  return `Live: ${what}`;
}

/** What the source needs besides its target. */
export interface LiveTailSourceOptions {
  readonly api: LiveTailApi;
  readonly idleMs: number;
  readonly maxRecords: number;
  readonly format?: string | undefined;
  readonly labels?: ReadonlyMap<string, string> | undefined;
  readonly vpcCidrs?: readonly string[] | undefined;
  /** The CloudWatch source to poll where the endpoint has no Live Tail (undefined: none). */
  readonly fallback?: (() => RecordSource) | undefined;
  /**
   * Do not start when the viewer opens: say why instead (a panel restored after a window reload, whose
   * session ended with the window; Restart starts a new one, since sessions are billed).
   */
  readonly notStarted?: string | undefined;
  /** Called once the source is disposed (its panel closed). */
  readonly onDispose?: (() => void) | undefined;
}

export class LiveTailSource implements RecordSource, LiveFeed {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly format: string | undefined;
  readonly labels: ReadonlyMap<string, string> | undefined;
  readonly vpcCidrs: readonly string[] | undefined;
  readonly live: LiveFeed = this;
  readonly maxRecords: number;
  readonly session: LiveTailSession;
  private queue: string[] = [];
  private fallbackSource: RecordSource | undefined;

  constructor(
    readonly target: LiveTailTarget,
    private readonly options: LiveTailSourceOptions,
  ) {
    this.id = liveTailSourceId(target);
    this.title = liveTailTitle(target);
    const streams = target.streams?.length ? `, streams ${target.streams.join(', ')}` : target.prefixes?.length ? `, streams starting ${target.prefixes.join(', ')}` : '';
    this.description = `Live Tail of log ${target.groups.length === 1 ? 'group' : 'groups'} ${target.groups.map((g) => g.name).join(', ')}${streams}, region ${target.region}`;
    this.format = options.format;
    this.labels = options.labels;
    this.vpcCidrs = options.vpcCidrs;
    this.maxRecords = options.maxRecords;
    const request: LiveTailRequest = {
      groupArns: target.groups.map((g) => g.arn),
      streamNames: target.streams,
      streamPrefixes: target.prefixes,
      filterPattern: target.filterPattern,
    };
    this.session = new LiveTailSession(options.api, request, { idleMs: options.idleMs, maxHeld: options.maxRecords });
    // Lines wait here until the viewer takes them as a newer page (at most the cap: older ones would be dropped anyway).
    this.session.onLines((lines) => {
      this.queue.push(...lines);
      if (this.queue.length > this.maxRecords) {
        this.queue.splice(0, this.queue.length - this.maxRecords);
      }
    });
    this.session.onStatus((status) => {
      if (status.state === 'polling' && !this.fallbackSource && options.fallback) {
        this.fallbackSource = options.fallback();
      }
    });
  }

  /** Polling is possible only where a fallback exists; the controller turns it on when the session says `polling`. */
  get canFollow(): boolean {
    return this.options.fallback !== undefined;
  }

  loadInitial(signal: AbortSignal, progress?: (progress: LoadProgress) => void): Promise<RecordPage> {
    if (this.fallbackSource) {
      return this.fallbackSource.loadInitial(signal, progress);
    }
    // A session starts empty: records are shown as they arrive.
    return Promise.resolve({ lines: [], hasOlder: false, hasNewer: false });
  }

  /** The records that arrived since the last call (or, when polling, the fallback's newer page). */
  loadNewer(signal: AbortSignal, progress?: (progress: LoadProgress) => void): Promise<RecordPage> {
    if (this.fallbackSource?.loadNewer) {
      return this.fallbackSource.loadNewer(signal, progress);
    }
    const lines = this.queue;
    this.queue = [];
    return Promise.resolve({ lines, hasNewer: false });
  }

  /** Whether records are waiting for `loadNewer`. */
  get pending(): number {
    return this.queue.length;
  }

  // ---- LiveFeed ----

  onLines(listener: (lines: readonly string[]) => void): { dispose(): void } {
    return this.session.onLines(listener);
  }

  onStatus(listener: (status: LiveFeedStatus) => void): { dispose(): void } {
    return this.session.onStatus(listener);
  }

  status(): LiveFeedStatus {
    return this.session.status();
  }

  start(): void {
    if (this.options.notStarted) {
      this.session.showStopped(this.options.notStarted);
    } else {
      this.session.start();
    }
  }

  control(action: LiveAction): void {
    switch (action) {
      case 'pause':
        this.session.pause();
        return;
      case 'resume':
        this.session.resume();
        return;
      case 'stop':
        this.session.stop();
        return;
      case 'restart':
        this.queue = [];
        this.session.start();
        return;
    }
  }

  setVisible(visible: boolean): void {
    this.session.setVisible(visible);
  }

  dispose(): void {
    this.session.dispose();
    this.fallbackSource?.dispose?.();
    this.options.onDispose?.();
  }
}
