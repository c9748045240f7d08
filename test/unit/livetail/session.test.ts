import * as assert from 'node:assert/strict';
import { LogsApi } from '../../../src/aws/logs';
import { LiveTailSession, type LiveStatus } from '../../../src/livetail/session';
import { actionPattern } from '../../../src/livetail/patterns';
import { LiveTailSource, liveTailSourceId, parseLiveTailSourceId } from '../../../src/livetail/source';
import type { RecordSource } from '../../../src/viewer/source';
import { DEMO, DEMO_ACCOUNT_ID } from '../../fixtures/demoAccount';
import { matchesFilterPattern, registerLiveTail, registerLiveTailMissing, type LiveTailFake } from '../../fixtures/liveTailFake';
import { FakeAws } from '../../integration/fakeAws';
import { awsTestEnv } from '../aws/awsTestEnv';

const GROUP_ARN = `arn:aws:logs:us-west-2:${DEMO_ACCOUNT_ID}:log-group:${DEMO.flowLogGroup}`;
const record = (n: number, action = 'ACCEPT'): string =>
  `2 ${DEMO_ACCOUNT_ID} ${DEMO.eni1.id} 10.1.5.112 52.94.222.${n % 250} ${30000 + n} 443 6 10 840 1732694400 1732694460 ${action} OK`;

/** Resolves with the first status that `test` accepts. */
function statusWhere(session: { onStatus(l: (s: LiveStatus) => void): { dispose(): void }; status(): LiveStatus }, test: (s: LiveStatus) => boolean): Promise<LiveStatus> {
  const now = session.status();
  if (test(now)) {
    return Promise.resolve(now);
  }
  return new Promise((resolve) => {
    const subscription = session.onStatus((s) => {
      if (test(s)) {
        subscription.dispose();
        resolve(s);
      }
    });
  });
}

/** Resolves with the next batch of lines. */
function nextLines(session: LiveTailSession): Promise<readonly string[]> {
  return new Promise((resolve) => {
    const subscription = session.onLines((lines) => {
      subscription.dispose();
      resolve(lines);
    });
  });
}

describe('Live Tail sessions (the AWS layer and the real SDK against the fake)', () => {
  const fake = new FakeAws();
  let env: ReturnType<typeof awsTestEnv>;
  let logs: LogsApi;
  let tail: LiveTailFake;
  let clock = 1_000_000;
  const sessions: LiveTailSession[] = [];

  const newSession = (options: Partial<{ idleMs: number; maxHeld: number; filterPattern: string }> = {}): LiveTailSession => {
    const session = new LiveTailSession(logs, { groupArns: [GROUP_ARN], filterPattern: options.filterPattern }, { idleMs: options.idleMs ?? 0, maxHeld: options.maxHeld ?? 1000, now: () => clock });
    sessions.push(session);
    return session;
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
    for (const s of sessions.splice(0)) {
      s.dispose();
    }
  });

  it('goes live, hands on each update\'s lines, and measures events per second, elapsed time and sampling', async () => {
    const session = newSession();
    session.start();
    assert.equal(session.status().state, 'starting');
    await statusWhere(session, (s) => s.state === 'live');
    const lines = [record(1), record(2, 'REJECT')];
    const got = nextLines(session);
    clock += 1000;
    tail.emit(lines);
    assert.deepEqual(await got, lines);
    clock += 1000;
    const busy = statusWhere(session, (s) => s.sampled);
    tail.emitRate(900);
    const status = await busy;
    assert.equal(status.events, 502);
    assert.equal(status.elapsedMs, 2000, 'two seconds of the session\'s clock');
    assert.equal(status.eventsPerSecond, 251, '502 events over the two seconds so far');
  });

  it('sends the filter pattern and shows the one AWS confirmed', async () => {
    const pattern = '[version, account, eni, source, destination, srcport, destport, protocol, packets, bytes, start, end, action="REJECT", status]';
    const session = newSession({ filterPattern: pattern });
    session.start();
    const live = await statusWhere(session, (s) => s.state === 'live');
    assert.equal(live.filterPattern, pattern);
    const got = nextLines(session);
    tail.emit([record(1), record(2, 'REJECT'), record(3)]);
    assert.deepEqual(await got, [record(2, 'REJECT')], 'AWS applied it');
  });

  it('holds records while paused (the session goes on) and hands them on when resumed', async () => {
    const session = newSession({ maxHeld: 3 });
    const handed: string[] = [];
    session.onLines((lines) => handed.push(...lines));
    session.start();
    await statusWhere(session, (s) => s.state === 'live');
    session.pause();
    assert.equal(session.status().state, 'paused');
    const counted = statusWhere(session, (s) => s.events === 5);
    tail.emit([1, 2, 3, 4, 5].map((n) => record(n)));
    await counted;
    assert.deepEqual(handed, []);
    assert.equal(tail.sessions[0]!.open, true, 'the connection stays open');
    session.resume();
    assert.deepEqual(handed, [3, 4, 5].map((n) => record(n)), 'the newest 3 (maxHeld), oldest dropped');
  });

  it('Stop aborts the request: the fake sees the client close the connection', async () => {
    const session = newSession();
    session.start();
    await statusWhere(session, (s) => s.state === 'live');
    const opened = tail.sessions[0]!;
    session.stop();
    await tail.waitForClose(opened);
    assert.equal(opened.closedBy, 'client');
    assert.equal(tail.log.at(-1), `close ${opened.id} by client`);
    assert.equal(session.status().state, 'stopped');
    await session.whenEnded();
    assert.equal(session.status().state, 'stopped', 'the aborted stream is not reported as a failure');
  });

  it('says the 3-hour end as a message to restart, and Restart opens a new session', async () => {
    const session = newSession();
    session.start();
    await statusWhere(session, (s) => s.state === 'live');
    tail.timeout();
    const ended = await statusWhere(session, (s) => s.state === 'ended');
    assert.match(ended.message ?? '', /3-hour limit.*Restart/);
    session.start();
    await statusWhere(session, (s) => s.state === 'live');
    assert.equal(tail.sessions.length, 2);
  });

  it('stops after the idle time with the panel hidden, not while it is visible', async () => {
    const session = newSession({ idleMs: 30 });
    session.start();
    await statusWhere(session, (s) => s.state === 'live');
    session.setVisible(false);
    const stopped = await statusWhere(session, (s) => s.state === 'stopped');
    assert.match(stopped.message ?? '', /with the panel hidden/);
    await tail.waitForClose(tail.sessions[0]!);
    const again = newSession({ idleMs: 30 });
    again.start();
    await statusWhere(again, (s) => s.state === 'live');
    again.setVisible(false);
    again.setVisible(true);
    // Another session's idle time passing shows this one's timer was cleared.
    const other = newSession({ idleMs: 60 });
    other.start();
    await statusWhere(other, (s) => s.state === 'live');
    other.setVisible(false);
    await statusWhere(other, (s) => s.state === 'stopped');
    assert.equal(again.status().state, 'live');
  });

  it('falls back to polling where the endpoint has no Live Tail, and says so', async () => {
    registerLiveTailMissing(fake);
    const session = newSession();
    session.start();
    const polling = await statusWhere(session, (s) => s.state === 'polling');
    assert.match(polling.message ?? '', /does not offer this operation.*Following by polling instead/);
  });

  it('as a record source: hands arrived lines over as newer pages, and becomes its fallback when polling', async () => {
    const fallbackLines = [record(7)];
    const fallback: RecordSource = {
      id: 'cloudwatch:x', title: 'x', canFollow: true,
      loadInitial: () => Promise.resolve({ lines: fallbackLines }),
      loadNewer: () => Promise.resolve({ lines: [record(8)] }),
    };
    const target = { region: 'us-west-2', groups: [{ name: DEMO.flowLogGroup, arn: GROUP_ARN }], prefixes: [DEMO.eni1.id] };
    const source = new LiveTailSource(target, { api: logs, idleMs: 0, maxRecords: 2, fallback: () => fallback });
    try {
      assert.equal(source.id, liveTailSourceId(target));
      assert.equal(source.title, `Live: ${DEMO.eni1.id}…`);
      assert.deepEqual(await source.loadInitial(new AbortController().signal), { lines: [], hasOlder: false, hasNewer: false });
      source.start();
      await statusWhere(source, (s) => s.state === 'live');
      const arrived = nextLines(source.session);
      tail.emit([record(1), record(2), record(3)]);
      await arrived;
      assert.deepEqual((await source.loadNewer(new AbortController().signal)).lines, [record(2), record(3)], 'at most maxRecords wait');
      assert.deepEqual((await source.loadNewer(new AbortController().signal)).lines, []);
      source.control('stop');
      registerLiveTailMissing(fake);
      source.control('restart');
      await statusWhere(source, (s) => s.state === 'polling');
      assert.deepEqual((await source.loadInitial(new AbortController().signal)).lines, fallbackLines);
      assert.deepEqual((await source.loadNewer(new AbortController().signal)).lines, [record(8)]);
    } finally {
      source.dispose();
    }
  });
});

describe('Live Tail filter patterns naming the flow log\'s fields', () => {
  it('keeps only REJECT (or ACCEPT) records of the flow log\'s own format, as AWS matches them', () => {
    const reject = actionPattern(undefined, 'REJECT');
    assert.equal(reject, '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action="REJECT", log_status]');
    assert.equal(matchesFilterPattern(reject, record(1, 'REJECT')), true);
    assert.equal(matchesFilterPattern(reject, record(1, 'ACCEPT')), false);
    const custom = actionPattern('${version} ${vpc-id} ${srcaddr} ${dstaddr} ${action} ${tcp-flags}', 'ACCEPT');
    assert.equal(custom, '[version, vpc_id, srcaddr, dstaddr, action="ACCEPT", tcp_flags]');
    assert.ok(reject.length <= 1024);
  });
});

describe('Live Tail source ids', () => {
  it('round-trip groups, streams or prefixes and the filter pattern, names with slashes included', () => {
    const target = { region: 'eu-west-1', groups: [{ name: '/aws/vpc/flow-logs', arn: 'a' }], prefixes: ['eni-0a1b'], filterPattern: '[v, a, action="REJECT", s]' };
    assert.deepEqual(parseLiveTailSourceId(liveTailSourceId(target)), { region: 'eu-west-1', groupNames: ['/aws/vpc/flow-logs'], prefixes: ['eni-0a1b'], filterPattern: '[v, a, action="REJECT", s]' });
    const two = { region: 'us-west-2', groups: [{ name: 'g1', arn: 'a' }, { name: 'g2', arn: 'b' }] };
    assert.deepEqual(parseLiveTailSourceId(liveTailSourceId(two)), { region: 'us-west-2', groupNames: ['g1', 'g2'] });
    assert.equal(parseLiveTailSourceId('cloudwatch:us-west-2/g/*'), undefined);
  });
});
