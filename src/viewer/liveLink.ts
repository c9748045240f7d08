/**
 * What ties a live source's feed to a viewer: each batch that arrives is read as a 'newer' page by the
 * loader (the same path as Follow's), the oldest records are dropped beyond the feed's cap, the session's
 * status goes to the live bar, and the bar's Pause, Stop and Restart go back to the feed. Where the
 * endpoint has no Live Tail, the viewer follows by polling instead. Pure (no `vscode`).
 */
import { DROP_CHUNK, keepNewest, type LiveAction, type LiveFeed } from './live';
import { timeRangeOf, type Loader } from './loading';
import type { HostMessage } from './protocol';

/** What the link needs from the controller. */
export interface LiveLinkHost {
  readonly loader: Loader;
  post(message: HostMessage): void;
  /** The records changed outside a load (the oldest were dropped): drop cached queries, tell the webview. */
  changed(): void;
  /** The endpoint has no Live Tail: read the source again (now its fallback) and follow it by polling. */
  pollInstead(): void;
}

export class LiveLink {
  private dropped = 0;
  private waiting = false;
  private polling = false;
  private disposed = false;
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly feed: LiveFeed,
    private readonly host: LiveLinkHost,
  ) {
    this.subscriptions = [
      feed.onLines(() => this.pull()),
      feed.onStatus((status) => {
        this.postStatus();
        if (status.state === 'polling' && !this.polling) {
          this.polling = true;
          this.host.pollInstead();
        }
      }),
    ];
  }

  /** Starts the session. */
  start(): void {
    this.feed.start();
  }

  /** Records dropped so far to stay within the cap. */
  get droppedRecords(): number {
    return this.dropped;
  }

  /** Sends the live bar its state (also when a rebuilt webview says it is ready). */
  postStatus(): void {
    if (!this.disposed) {
      this.host.post({ type: 'live', status: { ...this.feed.status(), dropped: this.dropped, maxRecords: this.feed.maxRecords } });
    }
  }

  act(action: LiveAction): void {
    this.feed.control(action);
  }

  setVisible(visible: boolean): void {
    this.feed.setVisible(visible);
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions) {
      s.dispose();
    }
  }

  /** Reads what arrived as a newer page; when a load is running, once it has finished. */
  private pull(): void {
    const { loader } = this.host;
    if (this.disposed || this.waiting) {
      return;
    }
    if (loader.busy) {
      this.waiting = true;
      void loader.whenLoaded().then(() => {
        this.waiting = false;
        this.pull();
      });
      return;
    }
    loader.start('newer');
    void loader.whenLoaded().then(() => this.enforceCap());
  }

  /**
   * Keeps at most the feed's cap: past it, the oldest records are dropped down to 95% of it, so the
   * copy this takes happens once per 5% of the cap, not with every batch.
   */
  private enforceCap(): void {
    const { loader } = this.host;
    const store = loader.store;
    const cap = this.feed.maxRecords;
    if (this.disposed || !store || store.count <= cap || loader.busy) {
      return;
    }
    const keep = Math.floor(cap * (1 - DROP_CHUNK));
    this.dropped += store.count - keep;
    loader.store = keepNewest(store, keep);
    loader.timeRange = timeRangeOf(loader.store);
    loader.generation++;
    this.host.changed();
    this.postStatus();
  }
}
