import * as assert from 'node:assert/strict';
import { LogsApi } from '../../../src/aws/logs';
import { parseFlowLogs } from '../../../src/flowlogs';
import { LiveTailSource } from '../../../src/livetail/source';
import { ViewerController, type ViewerHost } from '../../../src/viewer/controller';
import { keepNewest } from '../../../src/viewer/live';
import { EMPTY_FILTER, type HostMessage, type LiveBarStatus } from '../../../src/viewer/protocol';
import type { RecordSource } from '../../../src/viewer/source';
import { DEMO, DEMO_ACCOUNT_ID } from '../../fixtures/demoAccount';
import { registerLiveTail, registerLiveTailMissing, type LiveTailFake } from '../../fixtures/liveTailFake';
import { FakeAws } from '../../integration/fakeAws';
import { awsTestEnv } from '../aws/awsTestEnv';

const GROUP = { name: DEMO.flowLogGroup, arn: `arn:aws:logs:us-west-2:${DEMO_ACCOUNT_ID}:log-group:${DEMO.flowLogGroup}` };

/** A host that keeps what the controller sends and lets a test wait for a message. */
class Host implements ViewerHost {
  readonly messages: HostMessage[] = [];
  private waiters: { test: (m: HostMessage) => boolean; resolve: (m: HostMessage) => void }[] = [];
  post(message: HostMessage): void {
    this.messages.push(message);
    for (const w of this.waiters.filter((w) => w.test(message))) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(message);
    }
  }
  copyText(): Promise<void> {
    return Promise.resolve();
  }
  saveExport(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }
  next(test: (m: HostMessage) => boolean): Promise<HostMessage> {
    const seen = this.messages.find(test);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => this.waiters.push({ test, resolve }));
  }
  /** The next live status that passes `test` (a status already sent counts). */
  async live(test: (s: LiveBarStatus) => boolean): Promise<LiveBarStatus> {
    const m = await this.next((m) => m.type === 'live' && test(m.status));
    return (m as Extract<HostMessage, { type: 'live' }>).status;
  }
  /** Resolves once the records number `count`. */
  loaded(count: number): Promise<HostMessage> {
    return this.next((m) => m.type === 'loaded' && m.total === count);
  }
}

describe('The viewer on a Live Tail source (controller, real SDK, fake event stream)', () => {
  const fake = new FakeAws();
  let env: ReturnType<typeof awsTestEnv>;
  let logs: LogsApi;
  let tail: LiveTailFake;
  const open: ViewerController[] = [];

  const start = (options: { maxRecords?: number; fallback?: () => RecordSource } = {}): { controller: ViewerController; host: Host } => {
    const host = new Host();
    const source = new LiveTailSource({ region: 'us-west-2', groups: [GROUP] }, { api: logs, idleMs: 0, maxRecords: options.maxRecords ?? 10_000, fallback: options.fallback });
    const controller = new ViewerController(source, host, { followIntervalMs: 60_000 });
    controller.receive({ type: 'ready' });
    open.push(controller);
    return { controller, host };
  };

  before(async () => {
    await fake.start();
    env = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url }, 1);
    logs = new LogsApi(env.factory);
  });
  after(async () => {
    env.dispose();
    await fake.stop();
  });
  beforeEach(() => {
    tail = registerLiveTail(fake, { logGroups: [DEMO.flowLogGroup] });
  });
  afterEach(() => {
    for (const c of open.splice(0)) {
      c.dispose();
    }
  });

  it('shows the records of each update as they arrive, parsed, with REJECTs filterable', async () => {
    const { controller, host } = start();
    await host.live((s) => s.state === 'live');
    const init = host.messages.find((m) => m.type === 'init');
    assert.deepEqual(init?.type === 'init' && init.paging, { older: false, newer: false, follow: false }, 'no paging buttons on a live panel');
    tail.emitRate(4);
    await host.loaded(4);
    tail.emitRate(8);
    await host.loaded(12);
    const store = controller.records!;
    assert.equal(store.get(0, 'interface-id'), DEMO.eni1.id);
    controller.receive({ type: 'query', seq: 1, filter: { ...EMPTY_FILTER, actions: ['REJECT'] }, sort: null, start: 0, count: 50, summary: false });
    const result = await host.next((m) => m.type === 'result' && m.seq === 1);
    assert.equal(result.type === 'result' && result.count, 6, 'half the sample records are REJECT');
  });

  it('keeps at most the cap, dropping the oldest, and says how many were dropped', async () => {
    const { controller, host } = start({ maxRecords: 1000 });
    await host.live((s) => s.state === 'live');
    tail.emitRate(400);
    await host.loaded(400);
    tail.emitRate(400);
    await host.loaded(800);
    const newest = tail.now;
    tail.emitRate(400);
    const status = await host.live((s) => s.dropped > 0);
    assert.equal(controller.records!.count, 950, '95% of the cap kept');
    assert.equal(status.dropped, 250);
    assert.equal(status.maxRecords, 1000);
    const ends = controller.records!.column('end')!;
    assert.equal(ends.get(controller.records!.count - 1), Math.floor(newest / 1000), 'the newest record is kept');
  });

  it('passes Pause, Stop and Restart from the live bar to the session; Stop closes the connection', async () => {
    const { controller, host } = start();
    await host.live((s) => s.state === 'live');
    controller.receive({ type: 'live', action: 'pause' });
    await host.live((s) => s.state === 'paused');
    controller.receive({ type: 'live', action: 'resume' });
    controller.receive({ type: 'live', action: 'stop' });
    await host.live((s) => s.state === 'stopped');
    const session = tail.sessions[0]!;
    await tail.waitForClose(session);
    assert.equal(session.closedBy, 'client');
    controller.receive({ type: 'live', action: 'restart' });
    await tail.waitForSession(2);
    assert.equal(tail.sessions[1]!.open, true);
  });

  it('closes the connection when the panel closes', async () => {
    const { controller, host } = start();
    await host.live((s) => s.state === 'live');
    controller.dispose();
    await tail.waitForClose(tail.sessions[0]!);
    assert.deepEqual(tail.log.slice(-1), [`close ${tail.sessions[0]!.id} by client`]);
  });

  it('follows by polling where the endpoint has no Live Tail, and says so', async () => {
    registerLiveTailMissing(fake);
    const line = `2 ${DEMO_ACCOUNT_ID} ${DEMO.eni1.id} 10.1.5.112 52.94.222.108 35057 443 6 131 50435 1732694400 1732694460 ACCEPT OK`;
    const fallback: RecordSource = { id: 'cloudwatch:x', title: 'x', canFollow: true, loadInitial: () => Promise.resolve({ lines: [line, line] }), loadNewer: () => Promise.resolve({ lines: [] }) };
    const { host } = start({ fallback: () => fallback });
    const status = await host.live((s) => s.state === 'polling');
    assert.match(status.message ?? '', /Following by polling instead/);
    await host.loaded(2);
    await host.next((m) => m.type === 'follow' && m.on);
  });

  it('drops the oldest records by copying the newest into a store of the same fields', () => {
    const store = parseFlowLogs(['1', '2', '3', '4'].map((n) => `2 ${DEMO_ACCOUNT_ID} eni-1 10.0.0.${n} 10.0.0.9 1 2 6 1 40 ${n} ${n} ACCEPT OK`).join('\n'));
    const kept = keepNewest(store, 2);
    assert.deepEqual([kept.count, kept.text(0, 'srcaddr'), kept.text(1, 'srcaddr'), kept.format], [2, '10.0.0.3', '10.0.0.4', store.format]);
  });
});
