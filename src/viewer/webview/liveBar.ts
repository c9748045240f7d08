/**
 * The live bar of a Live Tail panel: that it is live (or paused, stopped, ended), the session's elapsed
 * time (billed per minute), events per second, "Sampled" when AWS sent a sample, the filter pattern AWS
 * applies, how many old records were dropped to stay within the cap, and Pause/Resume, Stop, Restart.
 */
import { el, formatCount, icon } from '../../webviewKit';
import type { LiveBarStatus } from '../protocol';

const LABELS: Readonly<Record<LiveBarStatus['state'], string>> = {
  starting: 'Starting Live Tail…',
  live: 'Live',
  paused: 'Paused',
  stopped: 'Stopped',
  ended: 'Ended',
  failed: 'Failed',
  polling: 'Following by polling',
};

/** "1:02:05" or "2:05". */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export class LiveBar {
  readonly element = el('div', { className: 'live-bar', attrs: { role: 'region', 'aria-label': 'Live Tail' } });
  private readonly stateEl = el('span', { className: 'live-state', attrs: { role: 'status' } });
  private readonly elapsedEl = el('span', { className: 'live-elapsed', title: 'Session time: Live Tail is billed per minute of session' });
  private readonly rateEl = el('span', { className: 'live-rate' });
  private readonly sampledEl = el('span', {
    className: 'live-sampled',
    text: 'Sampled',
    title: 'More than 500 events a second arrived: AWS sent a sample of them',
  });
  private readonly patternEl = el('span', { className: 'live-pattern' });
  private readonly droppedEl = el('span', { className: 'live-dropped' });
  private readonly messageEl = el('span', { className: 'live-message' });
  private readonly pauseButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly restartButton: HTMLButtonElement;
  private status: LiveBarStatus | undefined;
  private receivedAt = 0;
  private ticker = 0;

  constructor(act: (action: 'pause' | 'resume' | 'stop' | 'restart') => void) {
    const make = (iconName: string, label: string, title: string): HTMLButtonElement =>
      el('button', { className: 'btn', title, attrs: { type: 'button' } }, icon(iconName), el('span', { className: 'btn-label', text: label }));
    this.pauseButton = make('debug-pause', 'Pause', 'Pause: keep the session, stop adding records');
    this.stopButton = make('debug-stop', 'Stop', 'Stop the Live Tail session (ends the billing)');
    this.restartButton = make('debug-restart', 'Restart', 'Start a new Live Tail session');
    this.pauseButton.addEventListener('click', () => act(this.status?.state === 'paused' ? 'resume' : 'pause'));
    this.stopButton.addEventListener('click', () => act('stop'));
    this.restartButton.addEventListener('click', () => act('restart'));
    this.element.append(
      el('span', { className: 'live-dot', attrs: { 'aria-hidden': 'true' } }),
      this.stateEl,
      this.elapsedEl,
      this.rateEl,
      this.sampledEl,
      this.patternEl,
      this.droppedEl,
      this.messageEl,
      el('span', { className: 'live-actions' }, this.pauseButton, this.stopButton, this.restartButton),
    );
    this.element.hidden = true;
  }

  /** Whether records are arriving (the table then keeps the newest rows in view). */
  get active(): boolean {
    return this.status?.state === 'live';
  }

  update(status: LiveBarStatus): void {
    this.status = status;
    this.receivedAt = performance.now();
    this.element.hidden = false;
    this.element.dataset['state'] = status.state;
    const running = status.state === 'live' || status.state === 'paused';
    this.stateEl.textContent = LABELS[status.state];
    this.rateEl.textContent = running ? `${formatCount(status.eventsPerSecond)} events/s` : '';
    this.sampledEl.hidden = !(running && status.sampled);
    this.patternEl.textContent = status.filterPattern ? `Filter pattern: ${status.filterPattern}` : '';
    this.patternEl.hidden = !status.filterPattern;
    this.droppedEl.textContent = status.dropped
      ? `${formatCount(status.dropped)} oldest records dropped to keep ${formatCount(status.maxRecords)} (vpcFlowLogs.liveTail.maxRecords)`
      : '';
    this.droppedEl.hidden = !status.dropped;
    this.messageEl.textContent = status.message ?? '';
    this.messageEl.className = `live-message ${status.state === 'failed' || status.state === 'ended' ? 'error' : ''}`.trim();
    this.messageEl.setAttribute('role', status.state === 'failed' || status.state === 'ended' ? 'alert' : 'note');
    const pauseLabel = this.pauseButton.querySelector('.btn-label');
    if (pauseLabel) {
      pauseLabel.textContent = status.state === 'paused' ? 'Resume' : 'Pause';
    }
    this.pauseButton.setAttribute('aria-pressed', String(status.state === 'paused'));
    this.pauseButton.hidden = !running;
    this.stopButton.hidden = !(running || status.state === 'starting');
    this.restartButton.hidden = running || status.state === 'starting' || status.state === 'polling';
    this.showElapsed();
    window.clearInterval(this.ticker);
    if (running) {
      this.ticker = window.setInterval(() => this.showElapsed(), 1000);
    }
  }

  private showElapsed(): void {
    const status = this.status;
    if (!status) {
      return;
    }
    const running = status.state === 'live' || status.state === 'paused';
    const ms = status.elapsedMs + (running ? performance.now() - this.receivedAt : 0);
    this.elapsedEl.textContent = status.elapsedMs || running ? formatElapsed(ms) : '';
  }
}
