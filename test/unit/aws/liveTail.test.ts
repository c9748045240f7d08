import * as assert from 'node:assert/strict';
import { AwsProblemError } from '../../../src/aws/errors';
import { LogsApi } from '../../../src/aws/logs';
import type { LiveTailUpdate } from '../../../src/aws/models';
import { DEMO, DEMO_ACCOUNT_ID } from '../../fixtures/demoAccount';
import { registerLiveTail, registerLiveTailMissing, type LiveTailFake } from '../../fixtures/liveTailFake';
import { FakeAws, FakeAwsError } from '../../integration/fakeAws';
import { awsTestEnv } from './awsTestEnv';

const GROUP_ARN = `arn:aws:logs:us-west-2:${DEMO_ACCOUNT_ID}:log-group:${DEMO.flowLogGroup}`;
const ACCEPT = `2 ${DEMO_ACCOUNT_ID} ${DEMO.eni1.id} 10.1.5.112 52.94.222.108 35057 443 6 131 50435 1732694400 1732694460 ACCEPT OK`;
const REJECT = `2 ${DEMO_ACCOUNT_ID} ${DEMO.eni1.id} 89.60.157.144 10.1.5.112 54509 3389 6 1 40 1732694400 1732694460 REJECT OK`;

const problem = (kind: string, pattern: RegExp) => (error: unknown): boolean =>
  error instanceof AwsProblemError && error.problem.kind === kind && pattern.test(error.problem.message);

describe('Live Tail in the AWS layer (real SDK against the fake event stream)', () => {
  const fake = new FakeAws();
  let env: ReturnType<typeof awsTestEnv>;
  let logs: LogsApi;
  let tail: LiveTailFake;
  let trusted = true;

  before(async () => {
    await fake.start();
    env = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url }, 1, { isTrusted: () => trusted });
    logs = new LogsApi(env.factory);
  });
  after(async () => {
    env.dispose();
    await fake.stop();
  });
  beforeEach(() => {
    trusted = true;
    tail = registerLiveTail(fake, { logGroups: [DEMO.flowLogGroup] });
  });

  /** Starts a session; its updates one by one, and the abort that Stop calls. */
  async function start(request: Parameters<LogsApi['startLiveTail']>[0] = { groupArns: [GROUP_ARN] }) {
    const abort = new AbortController();
    const updates = (await logs.startLiveTail(request, abort.signal))[Symbol.asyncIterator]();
    const next = async (): Promise<LiveTailUpdate> => {
      const result = await updates.next();
      assert.equal(result.done, false, 'the session goes on');
      return result.value;
    };
    return { updates, next, abort, session: await tail.waitForSession(tail.sessions.length || 1) };
  }

  it('starts a session on group ARNs without the trailing :*, then yields updates with their events and the sampled flag', async () => {
    const { next, abort, session } = await start({ groupArns: [`${GROUP_ARN}:*`], streamPrefixes: [DEMO.eni1.id], filterPattern: 'REJECT' });
    const first = await next();
    assert.deepEqual(first, { kind: 'start', sessionId: session.id, requestId: session.requestId, filterPattern: 'REJECT' });
    const params = fake.callsOf('logs', 'StartLiveTail').at(-1)!.params;
    assert.deepEqual(params['logGroupIdentifiers'], [GROUP_ARN]);
    assert.deepEqual(params['logStreamNamePrefixes'], [DEMO.eni1.id]);
    assert.equal(params['logEventFilterPattern'], 'REJECT', 'the filter pattern is sent, not dropped');
    tail.emit([ACCEPT, REJECT]);
    const update = await next();
    assert.equal(update.kind, 'update');
    assert.deepEqual(update.kind === 'update' && update.events.map((e) => [e.message, e.streamName, e.group, e.timestamp]), [
      [REJECT, DEMO.flowLogStream, GROUP_ARN, 1732694400_000],
    ]);
    assert.equal(update.kind === 'update' && update.sampled, false);
    tail.emitRate(1200); // 600 of them REJECT: more than 500 pass the pattern
    const busy = await next();
    assert.equal(busy.kind === 'update' && busy.sampled, true);
    abort.abort();
  });

  it('ends quietly when the caller aborts (Stop), and the fake sees the client close the connection', async () => {
    const { updates, next, abort, session } = await start();
    await next();
    abort.abort();
    await tail.waitForClose(session);
    assert.equal(session.closedBy, 'client');
    assert.equal(tail.log.at(-1), `close ${session.id} by client`);
    assert.deepEqual(await updates.next(), { done: true, value: undefined });
  });

  it('turns SessionTimeoutException into a "3-hour limit" problem naming logs:StartLiveTail', async () => {
    const { updates, next } = await start();
    await next();
    tail.timeout();
    await assert.rejects(updates.next(), problem('sessionEnded', /^logs:StartLiveTail failed: .*3-hour limit.*Restart/));
  });

  it('turns SessionStreamingException into a session-ended problem with AWS\'s reason', async () => {
    const { updates, next } = await start();
    await next();
    tail.fail('internal streaming error');
    await assert.rejects(updates.next(), problem('sessionEnded', /internal streaming error/));
  });

  it('checks the request before sending it: groups, streams, the pattern\'s length', async () => {
    const before = fake.callsOf('logs', 'StartLiveTail').length;
    const signal = new AbortController().signal;
    await assert.rejects(logs.startLiveTail({ groupArns: [] }, signal), problem('invalidInput', /1 to 10 log groups/));
    await assert.rejects(logs.startLiveTail({ groupArns: Array.from({ length: 11 }, () => GROUP_ARN) }, signal), problem('invalidInput', /not 11/));
    await assert.rejects(logs.startLiveTail({ groupArns: [GROUP_ARN, GROUP_ARN], streamNames: ['a'] }, signal), problem('invalidInput', /one log group/));
    await assert.rejects(logs.startLiveTail({ groupArns: [GROUP_ARN], streamNames: ['a'], streamPrefixes: ['b'] }, signal), problem('invalidInput', /not both/));
    await assert.rejects(logs.startLiveTail({ groupArns: [GROUP_ARN], filterPattern: 'x'.repeat(1025) }, signal), problem('invalidInput', /1025 characters; at most 1024/));
    assert.equal(fake.callsOf('logs', 'StartLiveTail').length, before, 'nothing was sent');
  });

  it('is refused in Restricted Mode without a request', async () => {
    trusted = false;
    const before = fake.callsOf('logs', 'StartLiveTail').length;
    await assert.rejects(logs.startLiveTail({ groupArns: [GROUP_ARN] }, new AbortController().signal), problem('untrusted', /logs:StartLiveTail failed: .*Restricted Mode/));
    assert.equal(fake.callsOf('logs', 'StartLiveTail').length, before);
  });

  it('names logs:StartLiveTail when access is denied, and says an endpoint without Live Tail does not offer it', async () => {
    fake.on('logs', 'StartLiveTail', () => {
      throw new FakeAwsError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: logs:StartLiveTail');
    });
    await assert.rejects(logs.startLiveTail({ groupArns: [GROUP_ARN] }, new AbortController().signal), (e: unknown) =>
      e instanceof AwsProblemError && e.problem.kind === 'accessDenied' && e.problem.deniedAction === 'logs:StartLiveTail');
    registerLiveTailMissing(fake);
    await assert.rejects(logs.startLiveTail({ groupArns: [GROUP_ARN] }, new AbortController().signal), problem('unsupported', new RegExp(`endpoint URL ${fake.url.replace(/[.]/g, '\\.')}.* does not offer`)));
  });
});
