/**
 * One Live Tail session as the viewer sees it: started through the AWS layer, its records handed on as
 * lines, its state (live, paused, stopped, ended, failed, or following by polling where the endpoint
 * has no Live Tail) with the elapsed time (billed per minute), events per second and AWS's "sampled"
 * flag. Stops when told, when the panel has been hidden for the idle time, and never restarts by
 * itself. Pure: no `vscode`, so it runs in the unit tests against the fake.
 */
import { AwsProblemError, problemOf } from '../aws/errors';
import type { LiveTailRequest, LiveTailUpdate } from '../aws/models';

/** What the session needs from the AWS layer (`services.aws.logs`). */
export interface LiveTailApi {
  startLiveTail(request: LiveTailRequest, signal: AbortSignal): Promise<AsyncIterable<LiveTailUpdate>>;
}

/**
 * `starting`, `live`, `paused` (the session goes on, records are held back), `stopped` (by the user,
 * the panel or the idle time), `ended` (AWS ended it: 3 hours, a streaming error), `failed` (it could
 * not start or the connection broke), `polling` (the endpoint has no Live Tail: Follow instead).
 */
export type LiveState = 'starting' | 'live' | 'paused' | 'stopped' | 'ended' | 'failed' | 'polling';

/** What the panel shows of a session. */
export interface LiveStatus {
  readonly state: LiveState;
  /** Time since the session started (0 before), in ms. */
  readonly elapsedMs: number;
  /** Events received per second over the last few updates. */
  readonly eventsPerSecond: number;
  /** Whether AWS sent a sample (above 500 events a second) in the last updates. */
  readonly sampled: boolean;
  /** Events received in all. */
  readonly events: number;
  /** The filter pattern AWS applies, as it confirmed it. */
  readonly filterPattern?: string;
  /** Why it stopped, ended or failed, or that it follows by polling. */
  readonly message?: string;
}

export interface LiveSessionOptions {
  /** Stop after the panel has been hidden this long (ms); 0: never. */
  readonly idleMs: number;
  /** Most lines held back while paused (the oldest are dropped beyond). */
  readonly maxHeld: number;
  /** The clock (ms); tests pass their own. */
  readonly now?: () => number;
}

/** Updates over which events per second are measured (AWS sends about one a second). */
const RATE_WINDOW_MS = 5000;

type Listener<T> = (value: T) => void;

export class LiveTailSession {
  private abort: AbortController | undefined;
  private state: LiveState = 'stopped';
  private startedAt = 0;
  private endedAt = 0;
  private events = 0;
  private message: string | undefined;
  private filterPattern: string | undefined;
  private recent: { at: number; count: number; sampled: boolean }[] = [];
  private held: string[] = [];
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private visible = true;
  private readonly lineListeners = new Set<Listener<readonly string[]>>();
  private readonly statusListeners = new Set<Listener<LiveStatus>>();
  private readonly now: () => number;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly api: LiveTailApi,
    readonly request: LiveTailRequest,
    private readonly options: LiveSessionOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Calls `listener` with each batch of record lines to show (none while paused). */
  onLines(listener: Listener<readonly string[]>): { dispose(): void } {
    this.lineListeners.add(listener);
    return { dispose: () => this.lineListeners.delete(listener) };
  }

  /** Calls `listener` whenever the state changes and with each update. */
  onStatus(listener: Listener<LiveStatus>): { dispose(): void } {
    this.statusListeners.add(listener);
    return { dispose: () => this.statusListeners.delete(listener) };
  }

  /** Resolves when the session in progress has ended (tests). */
  whenEnded(): Promise<void> {
    return this.running;
  }

  status(): LiveStatus {
    const at = this.now();
    const since = at - RATE_WINDOW_MS;
    const window = this.recent.filter((u) => u.at > since);
    const span = Math.min(RATE_WINDOW_MS, Math.max(1000, at - this.startedAt)) / 1000;
    const live = this.state === 'live' || this.state === 'paused';
    return {
      state: this.state,
      elapsedMs: this.startedAt ? (live ? at : this.endedAt) - this.startedAt : 0,
      eventsPerSecond: live ? Math.round(window.reduce((n, u) => n + u.count, 0) / span) : 0,
      sampled: live && window.some((u) => u.sampled),
      events: this.events,
      ...(this.filterPattern ? { filterPattern: this.filterPattern } : {}),
      ...(this.message ? { message: this.message } : {}),
    };
  }

  /** Starts (or restarts) the session. */
  start(): void {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.startedAt = 0;
    this.endedAt = 0;
    this.events = 0;
    this.recent = [];
    this.held = [];
    this.message = undefined;
    this.filterPattern = undefined;
    this.setState('starting');
    this.running = this.run(abort);
  }

  /** Shows the session as stopped without starting it (a panel restored after a window reload). */
  showStopped(why: string): void {
    this.message = why;
    this.setState('stopped');
  }

  /** Keeps the session, stops handing on records (held, up to `maxHeld`, until resumed). */
  pause(): void {
    if (this.state === 'live') {
      this.setState('paused');
    }
  }

  resume(): void {
    if (this.state === 'paused') {
      this.setState('live');
      const held = this.held;
      this.held = [];
      if (held.length) {
        this.emitLines(held);
      }
    }
  }

  /** Ends the session (closing its connection); `why` is said in the panel. */
  stop(why = 'Live Tail stopped.'): void {
    if (this.state === 'starting' || this.state === 'live' || this.state === 'paused') {
      this.abort?.abort();
      this.finish('stopped', why);
    }
  }

  /** Whether the panel is visible: hidden for the idle time stops the session. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (!visible && this.options.idleMs > 0 && this.isRunning()) {
      this.idleTimer = setTimeout(() => {
        if (!this.visible) {
          const minutes = Math.round(this.options.idleMs / 60_000);
          this.stop(`Live Tail stopped after ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} with the panel hidden (vpcFlowLogs.liveTail.idleMinutes).`);
        }
      }, this.options.idleMs);
    }
  }

  /** Stops the session and forgets the listeners. */
  dispose(): void {
    this.stop();
    clearTimeout(this.idleTimer);
    this.lineListeners.clear();
    this.statusListeners.clear();
  }

  private isRunning(): boolean {
    return this.state === 'starting' || this.state === 'live' || this.state === 'paused';
  }

  private async run(abort: AbortController): Promise<void> {
    try {
      const updates = await this.api.startLiveTail(this.request, abort.signal);
      for await (const update of updates) {
        if (abort.signal.aborted || this.abort !== abort) {
          return;
        }
        if (update.kind === 'start') {
          this.startedAt = this.now();
          this.filterPattern = update.filterPattern;
          this.setState('live');
          continue;
        }
        this.recent.push({ at: this.now(), count: update.events.length, sampled: update.sampled });
        this.recent = this.recent.filter((u) => u.at > this.now() - RATE_WINDOW_MS);
        this.events += update.events.length;
        const lines = update.events.map((e) => e.message);
        if (this.state === 'paused') {
          this.held.push(...lines);
          if (this.held.length > this.options.maxHeld) {
            this.held.splice(0, this.held.length - this.options.maxHeld);
          }
          this.emitStatus();
        } else {
          this.emitStatus();
          if (lines.length) {
            this.emitLines(lines);
          }
        }
      }
      if (this.abort === abort && !abort.signal.aborted) {
        this.finish('ended', 'AWS ended the Live Tail session.');
      }
    } catch (error) {
      if (this.abort !== abort || abort.signal.aborted) {
        return;
      }
      const problem = error instanceof AwsProblemError ? error.problem : problemOf(error, 'logs:StartLiveTail');
      if (problem.kind === 'unsupported') {
        this.finish('polling', `${problem.message} Following by polling instead (GetLogEvents/FilterLogEvents every few seconds).`);
      } else {
        this.finish(problem.kind === 'sessionEnded' ? 'ended' : 'failed', problem.message);
      }
    }
  }

  private finish(state: LiveState, message: string): void {
    this.endedAt = this.startedAt ? this.now() : 0;
    this.message = message;
    clearTimeout(this.idleTimer);
    this.setState(state);
  }

  private setState(state: LiveState): void {
    this.state = state;
    this.emitStatus();
  }

  private emitStatus(): void {
    const status = this.status();
    for (const listener of [...this.statusListeners]) {
      listener(status);
    }
  }

  private emitLines(lines: readonly string[]): void {
    for (const listener of [...this.lineListeners]) {
      listener(lines);
    }
  }
}
