/**
 * Reading flow log events out of CloudWatch Logs page by page: one stream newest first
 * (GetLogEvents), or several streams of a group by time window (FilterLogEvents). Both go through the
 * Logs wrapper, so errors, trust and timeouts are handled there.
 */
import { AwsProblemError } from './errors';
import { MAX_EVENTS_PER_CALL, type LogEventsResult, type LogsApi } from './logs';
import type { LogEvent } from './models';
import { clampPageSize } from './request';

/** A page of events read by {@link StreamEventReader}, chronological. */
export interface EventPage {
  readonly events: LogEvent[];
  /** Whether older events may exist (false once the stream's start was reached). */
  readonly hasOlder: boolean;
}

/**
 * Reads one stream newest first: the first page is the latest events (`startFromHead: false`), each
 * "older" page follows the backward token, each "newer" page the forward token. GetLogEvents answers
 * with the token it was given at either end of a stream, and can answer with an empty page while more
 * events exist, so reading stops on a repeated token and skips empty pages (up to a bound).
 */
export class StreamEventReader {
  private backwardToken: string | undefined;
  private forwardToken: string | undefined;
  private reachedStart = false;
  private oldestTimestamp: number | undefined;
  private prefetched: EventPage | undefined;

  constructor(
    private readonly api: LogsApi,
    readonly group: string,
    readonly stream: string,
    private readonly options: {
      /** Events per call, at most 10,000. */
      readonly limit?: number;
      /** Empty pages followed in a row before giving up on a load. */
      readonly maxEmptyPages?: number;
    } = {},
  ) {}

  /** Whether the stream's first event has been read. */
  get hasOlder(): boolean {
    return !this.reachedStart;
  }

  /**
   * The latest events of the stream. When they are fewer than a full page, the page before them is
   * read at once: a short page usually means the whole stream, and only the repeated token says so,
   * so "load older" is not offered for nothing. (That page is kept for the next {@link older}.)
   */
  async initial(signal?: AbortSignal): Promise<EventPage> {
    this.reachedStart = false;
    this.prefetched = undefined;
    const first = await this.api.getLogEvents({ group: this.group, stream: this.stream, startFromHead: false, limit: this.limit }, signal);
    this.forwardToken = first.nextForwardToken;
    this.backwardToken = first.nextBackwardToken;
    if (!this.backwardToken) {
      this.reachedStart = true;
    }
    if (first.events.length === 0) {
      // An empty latest page does not mean an empty stream: look further back.
      return this.older(signal);
    }
    this.note(first.events);
    if (first.events.length < this.limit && !this.reachedStart) {
      const before = await this.older(signal);
      this.prefetched = before.events.length ? before : undefined;
      return { events: first.events, hasOlder: before.events.length > 0 || this.hasOlder };
    }
    return { events: first.events, hasOlder: this.hasOlder };
  }

  /** The page before the oldest event read so far; empty with `hasOlder: false` at the stream's start. */
  async older(signal?: AbortSignal): Promise<EventPage> {
    const prefetched = this.prefetched;
    if (prefetched) {
      this.prefetched = undefined;
      return { events: prefetched.events, hasOlder: this.hasOlder };
    }
    for (let empty = 0; !this.reachedStart && empty < (this.options.maxEmptyPages ?? 10); empty++) {
      const sent = this.backwardToken;
      let result: LogEventsResult;
      try {
        result = await this.api.getLogEvents(
          { group: this.group, stream: this.stream, token: sent, startFromHead: false, limit: this.limit },
          signal,
        );
      } catch (error) {
        // Tokens expire after 24 hours: continue from the oldest event read instead.
        if (!(error instanceof AwsProblemError && error.problem.kind === 'invalidInput' && this.oldestTimestamp !== undefined)) {
          throw error;
        }
        result = await this.api.getLogEvents(
          { group: this.group, stream: this.stream, startFromHead: false, limit: this.limit, endTime: this.oldestTimestamp },
          signal,
        );
      }
      if (!result.nextBackwardToken || result.nextBackwardToken === sent) {
        this.reachedStart = true;
      }
      this.backwardToken = result.nextBackwardToken;
      if (result.events.length > 0) {
        this.note(result.events);
        return { events: result.events, hasOlder: this.hasOlder };
      }
    }
    return { events: [], hasOlder: this.hasOlder };
  }

  /** Events after the newest one read so far (empty when none arrived yet). */
  async newer(signal?: AbortSignal): Promise<LogEvent[]> {
    const events: LogEvent[] = [];
    for (let empty = 0; this.forwardToken && empty < (this.options.maxEmptyPages ?? 10); ) {
      const sent = this.forwardToken;
      const result = await this.api.getLogEvents(
        { group: this.group, stream: this.stream, token: sent, startFromHead: true, limit: this.limit },
        signal,
      );
      this.forwardToken = result.nextForwardToken ?? sent;
      events.push(...result.events);
      if (result.nextForwardToken === sent || !result.nextForwardToken || events.length >= this.limit) {
        break;
      }
      if (result.events.length === 0) {
        empty++;
      }
    }
    return events;
  }

  private get limit(): number {
    return clampPageSize(this.options.limit ?? MAX_EVENTS_PER_CALL, 1, MAX_EVENTS_PER_CALL);
  }

  private note(events: readonly LogEvent[]): void {
    const oldest = events[0]?.timestamp;
    if (oldest !== undefined && (this.oldestTimestamp === undefined || oldest < this.oldestTimestamp)) {
      this.oldestTimestamp = oldest;
    }
  }
}

/** Progress of a load: events read so far. */
export type EventProgress = (events: number) => void;

/**
 * Reads several streams of one group (or all of it) with FilterLogEvents, newest first by time window:
 * FilterLogEvents pages forward in time, so each load reads one window `[start, end)` completely and
 * "older" moves the window back. A window that holds more than `maxEventsPerLoad` events is halved
 * (its newest half kept), and an empty one is widened, so a load neither floods the viewer nor stops
 * on a quiet hour.
 */
export class GroupEventReader {
  private windowStart: number | undefined;
  private newestTimestamp: number | undefined;
  /** Ids of the events at `newestTimestamp`, so "newer" does not repeat them. */
  private newestIds = new Set<string>();
  private newerRemain = false;

  constructor(
    private readonly api: LogsApi,
    readonly group: string,
    /** Stream names (at most 100, the API limit); empty for the whole group. */
    readonly streams: readonly string[],
    private readonly options: {
      /** End of the first window: the latest event or ingestion time known for the streams. */
      readonly newestTime: number;
      /** No events exist before this time (the group's or streams' creation); 0 when unknown. */
      readonly oldestTime?: number;
      readonly windowMs?: number;
      readonly limit?: number;
      /** Most events one load reads (initial, older and newer alike). */
      readonly maxEventsPerLoad?: number;
    },
  ) {}

  /** Whether the last {@link newer} stopped at `maxEventsPerLoad` with more events after them. */
  get hasNewer(): boolean {
    return this.newerRemain;
  }

  private get maxEvents(): number {
    return this.options.maxEventsPerLoad ?? 100_000;
  }

  get hasOlder(): boolean {
    return this.windowStart === undefined || this.windowStart > (this.options.oldestTime ?? 0);
  }

  /** The newest window. */
  async initial(signal?: AbortSignal, progress?: EventProgress): Promise<EventPage> {
    this.windowStart = undefined;
    this.newestTimestamp = undefined;
    this.newestIds.clear();
    return this.readBefore(this.options.newestTime + 1, signal, progress);
  }

  /** The window before the oldest one read. */
  async older(signal?: AbortSignal, progress?: EventProgress): Promise<EventPage> {
    if (!this.hasOlder) {
      return { events: [], hasOlder: false };
    }
    return this.readBefore(this.windowStart ?? this.options.newestTime + 1, signal, progress);
  }

  /**
   * Events since the newest one read, at most `maxEventsPerLoad` like every other load: a busy group
   * is followed in steps, each call continuing after the last event the previous one returned.
   * (Events that arrive late with an older timestamp are not picked up; flow log records arrive in
   * order per interface, minutes after their start.)
   */
  async newer(signal?: AbortSignal, progress?: EventProgress): Promise<LogEvent[]> {
    const from = this.newestTimestamp ?? this.options.newestTime;
    const max = this.maxEvents;
    // The events already returned at `from` come again: read enough to have `max` new ones.
    const read = await this.readWindow(from, undefined, signal, progress, max + this.newestIds.size, 'stop');
    const fresh = read === 'tooMany' ? [] : read.filter((e) => !(e.eventId && this.newestIds.has(e.eventId)));
    const events = fresh.slice(0, max);
    this.newerRemain = fresh.length > max || (read !== 'tooMany' && read.length >= max + this.newestIds.size);
    this.noteNewest(events);
    return events;
  }

  private async readBefore(end: number, signal: AbortSignal | undefined, progress: EventProgress | undefined): Promise<EventPage> {
    const oldest = this.options.oldestTime ?? 0;
    let window = this.options.windowMs ?? 60 * 60_000;
    const max = this.maxEvents;
    for (let attempt = 0; attempt < 40; attempt++) {
      const start = Math.max(oldest, end - window);
      const events = await this.readWindow(start, end, signal, progress, max);
      if (events === 'tooMany') {
        // Keep the newest part: a narrower window ending at the same time.
        window = Math.max(1000, Math.floor(window / 2));
        continue;
      }
      if (events.length === 0 && start > oldest) {
        window *= 2;
        continue;
      }
      this.windowStart = start;
      if (this.newestTimestamp === undefined) {
        this.noteNewest(events);
      }
      return { events, hasOlder: this.hasOlder };
    }
    this.windowStart = oldest;
    return { events: [], hasOlder: false };
  }

  private async readWindow(
    start: number,
    end: number | undefined,
    signal: AbortSignal | undefined,
    progress: EventProgress | undefined,
    max = Number.POSITIVE_INFINITY,
    /** Past `max` events: give up on the window (`tooMany`), or stop reading and keep what was read. */
    overMax: 'tooMany' | 'stop' = 'tooMany',
  ): Promise<LogEvent[] | 'tooMany'> {
    const events: LogEvent[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10_000; page++) {
      signal?.throwIfAborted();
      const result = await this.api.filterLogEvents(
        // FilterLogEvents includes its endTime; windows here exclude their end.
        { group: this.group, streams: this.streams, startTime: start, endTime: end === undefined ? undefined : end - 1, token, limit: this.options.limit ?? MAX_EVENTS_PER_CALL },
        signal,
      );
      events.push(...result.items);
      progress?.(events.length);
      if (events.length > max && overMax === 'tooMany') {
        return 'tooMany';
      }
      if (events.length >= max && overMax === 'stop') {
        break;
      }
      // FilterLogEvents may answer with an empty page and a token while streams remain to search.
      if (!result.nextToken || result.nextToken === token) {
        break;
      }
      token = result.nextToken;
    }
    // Events of several streams interleave; the viewer wants them in time order.
    return events.sort((a, b) => a.timestamp - b.timestamp);
  }

  private noteNewest(events: readonly LogEvent[]): void {
    const last = events[events.length - 1];
    if (!last) {
      return;
    }
    if (this.newestTimestamp !== last.timestamp) {
      this.newestIds.clear();
    }
    this.newestTimestamp = last.timestamp;
    for (let i = events.length - 1; i >= 0 && events[i]!.timestamp === last.timestamp; i--) {
      const id = events[i]!.eventId;
      if (id) {
        this.newestIds.add(id);
      }
    }
  }
}
