// CloudWatch Logs as a source of flow log records for the viewer: one stream (GetLogEvents, newest
// first) or several streams of a group (FilterLogEvents by time window). Pure: no `vscode` at run time.
import type { Connection } from '../aws/connection';
import { GroupEventReader, StreamEventReader } from '../aws/logReaders';
import type { LogsApi } from '../aws/logs';
import type { LogEvent } from '../aws/models';
import type { LoadProgress, RecordPage, RecordSource } from '../viewer/source';
import type { Inventory } from './inventory';

/** What a CloudWatch source reads: one or more streams of a group (none listed: the whole group). */
export interface CloudWatchTarget {
  readonly region: string;
  readonly group: string;
  readonly streams: readonly string[];
}

/**
 * `cloudwatch:<region>/<group>/<stream>[,<stream>...]` (or `/*` for a whole group), with group and
 * stream names URI-encoded: group names may contain `/`, and `*` cannot occur in a stream name.
 */
export function cloudWatchSourceId(target: CloudWatchTarget): string {
  const streams = target.streams.length ? target.streams.map(encodeURIComponent).join(',') : '*';
  return `cloudwatch:${target.region}/${encodeURIComponent(target.group)}/${streams}`;
}

/** The target of a source id made by {@link cloudWatchSourceId}; undefined for anything else. */
export function parseCloudWatchSourceId(id: string): CloudWatchTarget | undefined {
  const match = /^cloudwatch:([a-z0-9-]+)\/([^/]+)\/(.+)$/.exec(id);
  if (!match) {
    return undefined;
  }
  try {
    return {
      region: match[1]!,
      group: decodeURIComponent(match[2]!),
      streams: match[3] === '*' ? [] : match[3]!.split(',').map(decodeURIComponent),
    };
  } catch {
    return undefined;
  }
}

/** What the sources need: the Logs wrapper, the current connection and the reading settings. */
export interface CloudWatchSourceDeps {
  readonly logs: LogsApi;
  connection(): Promise<Connection>;
  /** Events per GetLogEvents/FilterLogEvents call (at most 10,000). */
  readonly eventsPerRequest: number;
  /** Time span of one page when reading several streams. */
  readonly groupWindowMinutes: number;
}

/** What the explorer knows about the records: their format and who the addresses are. */
export interface CloudWatchSourceExtras {
  readonly format?: string | undefined;
  readonly labels?: ReadonlyMap<string, string> | undefined;
  readonly vpcCidrs?: readonly string[] | undefined;
}

function titleOf(target: CloudWatchTarget): string {
  if (target.streams.length === 1) {
    return target.streams[0]!;
  }
  return target.streams.length ? `${target.group} (${target.streams.length} streams)` : `${target.group} (all streams)`;
}

const lines = (events: readonly LogEvent[]): string[] => events.map((e) => e.message);

abstract class CloudWatchSource implements RecordSource {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly format: string | undefined;
  readonly labels: ReadonlyMap<string, string> | undefined;
  readonly vpcCidrs: readonly string[] | undefined;
  readonly canFollow = true;

  constructor(
    readonly target: CloudWatchTarget,
    protected readonly deps: CloudWatchSourceDeps,
    extras: CloudWatchSourceExtras,
  ) {
    this.id = cloudWatchSourceId(target);
    this.title = titleOf(target);
    this.description = `log group ${target.group}, region ${target.region}`;
    this.format = extras.format;
    this.labels = extras.labels;
    this.vpcCidrs = extras.vpcCidrs;
  }

  abstract loadInitial(signal: AbortSignal, progress?: (progress: LoadProgress) => void): Promise<RecordPage>;
  abstract loadOlder(signal: AbortSignal, progress?: (progress: LoadProgress) => void): Promise<RecordPage>;
  abstract loadNewer(signal: AbortSignal, progress?: (progress: LoadProgress) => void): Promise<RecordPage>;

  /**
   * The clients follow the explorer's connection; a panel restored after the region changed would
   * otherwise read the wrong region (or a same-named group in it).
   */
  protected async checkRegion(): Promise<void> {
    const { region } = await this.deps.connection();
    if (region !== this.target.region) {
      throw new Error(
        `Reading ${this.title} failed: it is in region ${this.target.region}, but the explorer is connected to ${region ?? 'no region'}. Choose ${this.target.region} with "VPC Flow Logs: Choose AWS Region", then refresh.`,
      );
    }
  }
}

/** One stream, newest events first, older pages on demand, newer ones polled ("follow"). */
export class CloudWatchStreamSource extends CloudWatchSource {
  private readonly reader: StreamEventReader;

  constructor(target: CloudWatchTarget, deps: CloudWatchSourceDeps, extras: CloudWatchSourceExtras = {}) {
    super(target, deps, extras);
    this.reader = new StreamEventReader(deps.logs, target.group, target.streams[0] ?? '', { limit: deps.eventsPerRequest });
  }

  async loadInitial(signal: AbortSignal, progress?: (progress: LoadProgress) => void): Promise<RecordPage> {
    await this.checkRegion();
    const page = await this.reader.initial(signal);
    progress?.({ lines: page.events.length, message: `latest events of ${this.title}` });
    return { lines: lines(page.events), hasOlder: page.hasOlder, hasNewer: false };
  }

  async loadOlder(signal: AbortSignal, progress?: (progress: LoadProgress) => void): Promise<RecordPage> {
    await this.checkRegion();
    const page = await this.reader.older(signal);
    progress?.({ lines: page.events.length, message: `older events of ${this.title}` });
    return { lines: lines(page.events), hasOlder: page.hasOlder };
  }

  async loadNewer(signal: AbortSignal): Promise<RecordPage> {
    await this.checkRegion();
    return { lines: lines(await this.reader.newer(signal)), hasNewer: false };
  }
}

/** Several streams of a group (or all of it), read by time window with FilterLogEvents. */
export class CloudWatchGroupSource extends CloudWatchSource {
  private reader: GroupEventReader | undefined;

  constructor(target: CloudWatchTarget, deps: CloudWatchSourceDeps, extras: CloudWatchSourceExtras = {}) {
    super(target, deps, extras);
  }

  async loadInitial(signal: AbortSignal, progress?: (progress: LoadProgress) => void): Promise<RecordPage> {
    await this.checkRegion();
    const { logs } = this.deps;
    const { group, streams } = this.target;
    // Where the newest window ends: the latest delivery among the streams (event times lag behind).
    const [recent, info] = await Promise.all([logs.logStreamsPage(group, undefined, 50, signal), logs.logGroup(group, signal)]);
    const chosen = streams.length ? recent.items.filter((s) => streams.includes(s.name)) : recent.items;
    const newest = Math.max(0, ...chosen.map((s) => Math.max(s.lastIngestionTime ?? 0, s.lastEventTime ?? 0)));
    this.reader = new GroupEventReader(logs, group, streams.slice(0, 100), {
      newestTime: newest || Date.now(),
      oldestTime: info?.creationTime ?? 0,
      windowMs: this.deps.groupWindowMinutes * 60_000,
      limit: this.deps.eventsPerRequest,
    });
    const page = await this.reader.initial(signal, (n) => progress?.({ lines: n, message: `reading ${this.title}` }));
    return { lines: lines(page.events), hasOlder: page.hasOlder, hasNewer: false };
  }

  async loadOlder(signal: AbortSignal, progress?: (progress: LoadProgress) => void): Promise<RecordPage> {
    await this.checkRegion();
    if (!this.reader) {
      return this.loadInitial(signal, progress);
    }
    const page = await this.reader.older(signal, (n) => progress?.({ lines: n, message: `reading older events of ${this.title}` }));
    return { lines: lines(page.events), hasOlder: page.hasOlder };
  }

  async loadNewer(signal: AbortSignal, progress?: (progress: LoadProgress) => void): Promise<RecordPage> {
    await this.checkRegion();
    if (!this.reader) {
      return { lines: [], hasNewer: false };
    }
    const events = await this.reader.newer(signal, (n) => progress?.({ lines: n }));
    // A busy group is followed in steps of at most maxEventsPerLoad: say when more are waiting.
    return { lines: lines(events), hasNewer: this.reader.hasNewer };
  }
}

/**
 * A source for a target, with the flow log format and address labels looked up first (failures there
 * only leave them out: the records are still worth showing).
 */
export async function createCloudWatchSource(
  target: CloudWatchTarget,
  deps: CloudWatchSourceDeps,
  inventory: Inventory,
  log: (message: string) => void = () => undefined,
): Promise<RecordSource> {
  const [format, book] = await Promise.all([
    inventory.formatFor(target.group, target.streams.length === 1 ? target.streams[0] : undefined).catch((error: unknown) => {
      log(`The flow log format of ${target.group} is unknown: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }),
    inventory.addressBook().catch((error: unknown) => {
      log(`Addresses are shown without interface names: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }),
  ]);
  const extras: CloudWatchSourceExtras = { format, labels: book?.labels, vpcCidrs: book?.vpcCidrs };
  return target.streams.length === 1 ? new CloudWatchStreamSource(target, deps, extras) : new CloudWatchGroupSource(target, deps, extras);
}
