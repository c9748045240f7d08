import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CloudWatchLogsClient, InvalidParameterException, SessionStreamingException, SessionTimeoutException, StartLiveTailCommand,
  type StartLiveTailCommandInput, type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { DEMO, DEMO_ACCOUNT_ID } from '../../fixtures/demoAccount';
import { matchesFilterPattern, registerLiveTail, registerLiveTailMissing, type LiveTailFake } from '../../fixtures/liveTailFake';
import { FakeAws } from '../../integration/fakeAws';
import { TEST_CREDENTIALS, sdkClients } from './sdkClients';

const GROUP_ARN = `arn:aws:logs:us-west-2:${DEMO_ACCOUNT_ID}:log-group:${DEMO.flowLogGroup}`;
const SAMPLE = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'samples', 'tutorial-vpc1-default.log'), 'utf8').split('\n').filter((l) => l.trim());
const REJECT_ONLY = '[version, account, eni, source, destination, srcport, destport, protocol, packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]';

describe('Fake Live Tail (StartLiveTail event stream through the real CloudWatch Logs client)', () => {
  const fake = new FakeAws();
  let tail: LiveTailFake;
  let clients: ReturnType<typeof sdkClients>;

  /** Starts a session; its events as an iterator, and the abort that Stop would call. */
  async function startSession(input: Partial<StartLiveTailCommandInput> = {}) {
    const abort = new AbortController();
    const count = tail.sessions.length + 1;
    const out = await clients.logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [GROUP_ARN], ...input }), { abortSignal: abort.signal });
    const events: AsyncIterator<StartLiveTailResponseStream> = out.responseStream![Symbol.asyncIterator]();
    const next = async (): Promise<StartLiveTailResponseStream> => {
      const result = await events.next();
      assert.equal(result.done, false, 'the stream goes on');
      return result.value;
    };
    return { next, events, abort, session: await tail.waitForSession(count) };
  }

  before(async () => {
    await fake.start();
    tail = registerLiveTail(fake, { logGroups: [DEMO.flowLogGroup, DEMO.otherGroup] });
    clients = sdkClients(fake);
  });
  after(async () => {
    clients.destroy();
    await fake.stop();
  });

  it('starts with sessionStart echoing the request, then delivers sessionUpdate events as sent', async () => {
    const { next, abort, session } = await startSession({ logStreamNamePrefixes: ['eni-0a1b'], logEventFilterPattern: REJECT_ONLY });
    assert.deepEqual((await next()).sessionStart, {
      requestId: session.requestId, sessionId: session.id, logGroupIdentifiers: [GROUP_ARN], logStreamNamePrefixes: ['eni-0a1b'], logEventFilterPattern: REJECT_ONLY,
    });
    assert.deepEqual(fake.callsOf('logs', 'StartLiveTail').at(-1)?.params['logEventFilterPattern'], REJECT_ONLY, 'the filter pattern reached AWS');
    const lines = SAMPLE.slice(0, 20);
    tail.emit(lines);
    const update = (await next()).sessionUpdate;
    const rejects = lines.filter((l) => l.includes(' REJECT '));
    assert.ok(rejects.length > 0 && rejects.length < lines.length);
    assert.deepEqual(update?.sessionMetadata, { sampled: false });
    assert.deepEqual(update?.sessionResults?.map((e) => e.message), rejects, 'the pattern keeps only REJECT records');
    const [first] = update.sessionResults;
    assert.equal(first?.logStreamName, DEMO.flowLogStream);
    assert.equal(first?.logGroupIdentifier, GROUP_ARN);
    assert.equal(first?.timestamp, Number(rejects[0]!.split(' ')[10]) * 1000, 'a flow log event is stamped with its start');
    assert.equal(typeof first?.ingestionTime, 'number');
    abort.abort();
    await tail.waitForClose(session);
  });

  it('sends 500 events flagged sampled above 500 events a second, all of them below', async () => {
    const { next, abort, session } = await startSession();
    await next();
    const clock = tail.now;
    tail.emitRate(1200);
    const busy = (await next()).sessionUpdate;
    assert.equal(busy?.sessionResults?.length, 500);
    assert.equal(busy?.sessionMetadata?.sampled, true);
    tail.emitRate(400, 2);
    const quiet = [(await next()).sessionUpdate, (await next()).sessionUpdate];
    assert.deepEqual(quiet.map((u) => [u?.sessionResults?.length, u?.sessionMetadata?.sampled]), [[400, false], [400, false]]);
    assert.equal(tail.now, clock + 3000, 'three simulated seconds, no real ones');
    assert.equal(quiet[1]!.sessionResults![0]!.ingestionTime! - quiet[0]!.sessionResults![0]!.ingestionTime!, 1000);
    tail.emit([]);
    assert.deepEqual((await next()).sessionUpdate, { sessionMetadata: { sampled: false }, sessionResults: [] }, 'an empty update, as each quiet second has');
    assert.deepEqual(tail.log.filter((l) => l.startsWith(`update ${session.id}`)), [
      `update ${session.id} 500 events sampled`, `update ${session.id} 400 events`, `update ${session.id} 400 events`, `update ${session.id} 0 events`,
    ]);
    abort.abort();
    await tail.waitForClose(session);
  });

  it('ends with SessionTimeoutException as the SDK\'s typed error, the fake closing the connection', async () => {
    const { next, events, session } = await startSession();
    await next();
    tail.emitRate(3);
    await next();
    tail.timeout();
    await assert.rejects(events.next(), (e: unknown) => e instanceof SessionTimeoutException && e.message === 'Session timed out after 3 hours');
    await tail.waitForClose(session);
    assert.equal(session.closedBy, 'server');
    assert.deepEqual(tail.log.filter((l) => l.includes(session.id)).slice(-2), [`exception ${session.id} SessionTimeoutException`, `close ${session.id} by server`]);
  });

  it('ends with SessionStreamingException likewise', async () => {
    const { next, events } = await startSession();
    await next();
    tail.fail('internal streaming error');
    await assert.rejects(events.next(), (e: unknown) => e instanceof SessionStreamingException && e.message === 'internal streaming error');
  });

  it('sees the connection close when the client aborts (Stop), in its log', async () => {
    const { next, events, abort, session } = await startSession();
    await next();
    assert.equal(session.open, true);
    abort.abort();
    await tail.waitForClose(session);
    assert.equal(session.closedBy, 'client');
    assert.equal(tail.log.at(-1), `close ${session.id} by client`);
    // Once the stream has begun, the abort surfaces as the response stream's 'aborted' (ECONNRESET), not an
    // AbortError: the AWS layer must treat it as the end of a stopped session.
    await assert.rejects(events.next(), (e: Error & { code?: string }) => e.message === 'aborted' && e.code === 'ECONNRESET');
    // Emitting after Stop reaches no one.
    tail.emit(SAMPLE.slice(0, 3));
    assert.equal(session.updates, 0);
  });

  it('sees the connection close when the client is destroyed', async () => {
    const own = new CloudWatchLogsClient({ region: 'us-west-2', endpoint: fake.url, credentials: TEST_CREDENTIALS, disableHostPrefix: true, maxAttempts: 1 });
    const out = await own.send(new StartLiveTailCommand({ logGroupIdentifiers: [GROUP_ARN] }));
    const session = await tail.waitForSession(tail.sessions.length);
    assert.ok(out.responseStream);
    own.destroy();
    await tail.waitForClose(session);
    assert.equal(session.closedBy, 'client');
  });

  it('drops the oldest updates for a reader that does not keep up, as AWS buffers only 10', async () => {
    const { next, abort, session } = await startSession();
    await next();
    // Big updates nobody reads fill the socket; beyond that the fake keeps 10 and drops the rest.
    const long = `${SAMPLE[0]!} ${'x'.repeat(1800)}`;
    for (let i = 0; i < 200 && session.dropped === 0; i++) {
      tail.emit(Array.from({ length: 500 }, () => long));
    }
    assert.ok(session.dropped > 0, 'updates were dropped');
    abort.abort();
    await tail.waitForClose(session);
  });

  it('checks the request as AWS does, before any stream', async () => {
    const invalid = async (input: StartLiveTailCommandInput, pattern: RegExp) => {
      await assert.rejects(clients.logs.send(new StartLiveTailCommand(input)), (e: unknown) => e instanceof InvalidParameterException && pattern.test(e.message));
    };
    await invalid({ logGroupIdentifiers: Array.from({ length: 11 }, () => GROUP_ARN) }, /1 to 10 log groups/);
    await invalid({ logGroupIdentifiers: [`${GROUP_ARN}:*`] }, /cannot end with \*/);
    await invalid({ logGroupIdentifiers: [GROUP_ARN], logStreamNames: ['a'], logStreamNamePrefixes: ['b'] }, /Only one of/);
    await invalid({ logGroupIdentifiers: [GROUP_ARN, GROUP_ARN], logStreamNames: ['a'] }, /exactly one log group/);
    await invalid({ logGroupIdentifiers: [GROUP_ARN], logEventFilterPattern: 'x'.repeat(1025) }, /at most 1024/);
    await assert.rejects(
      clients.logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [`arn:aws:logs:us-west-2:${DEMO_ACCOUNT_ID}:log-group:nope`] })),
      (e: Error) => e.name === 'ResourceNotFoundException',
    );
  });

  it('is unreachable for a client without disableHostPrefix: it sends to stream-<host>', async () => {
    const prefixed = new CloudWatchLogsClient({ region: 'us-west-2', endpoint: fake.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    try {
      const before = fake.callsOf('logs', 'StartLiveTail').length;
      await assert.rejects(prefixed.send(new StartLiveTailCommand({ logGroupIdentifiers: [GROUP_ARN] })), (e: Error & { hostname?: string }) => /stream-127\.0\.0\.1/.test(`${e.message} ${e.hostname ?? ''}`));
      assert.equal(fake.callsOf('logs', 'StartLiveTail').length, before);
    } finally {
      prefixed.destroy();
    }
  });
});

describe('An endpoint without Live Tail', () => {
  it('answers StartLiveTail with 501 InternalFailure, as LocalStack-style emulators do', async () => {
    const fake = await new FakeAws().start();
    const clients = sdkClients(fake);
    try {
      registerLiveTailMissing(fake);
      await assert.rejects(clients.logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [GROUP_ARN] })), (e: Error & { $metadata?: { httpStatusCode?: number } }) =>
        e.name === 'InternalFailure' && e.$metadata?.httpStatusCode === 501);
    } finally {
      clients.destroy();
      await fake.stop();
    }
  });
});

describe('Live Tail filter patterns as the fake applies them', () => {
  const reject = SAMPLE.find((l) => l.includes(' REJECT '))!;
  const accept = SAMPLE.find((l) => l.includes(' ACCEPT '))!;

  it('matches terms, excluded terms and any-of terms', () => {
    assert.equal(matchesFilterPattern('REJECT', reject), true);
    assert.equal(matchesFilterPattern('REJECT', accept), false);
    assert.equal(matchesFilterPattern('-REJECT OK', accept), true);
    assert.equal(matchesFilterPattern('?REJECT ?NODATA', accept), false);
    assert.equal(matchesFilterPattern('', accept), true);
  });

  it('matches space-delimited fields by value, wildcard and number', () => {
    assert.equal(matchesFilterPattern(REJECT_ONLY, reject), true);
    assert.equal(matchesFilterPattern(REJECT_ONLY, accept), false);
    const fields = '[version, account, eni, source, destination, srcport, destport=22, protocol, packets, bytes>1000, start, end, action, status]';
    assert.equal(matchesFilterPattern(fields, `2 ${DEMO_ACCOUNT_ID} ${DEMO.eni1.id} 18.237.140.160 10.1.5.112 49395 22 6 17 1105 1732694400 1732694462 ACCEPT OK`), true);
    assert.equal(matchesFilterPattern(fields, `2 ${DEMO_ACCOUNT_ID} ${DEMO.eni1.id} 18.237.140.160 10.1.5.112 49395 22 6 17 900 1732694400 1732694462 ACCEPT OK`), false);
    assert.equal(matchesFilterPattern('[v, a, e, source="18.237.*", ...]', accept), accept.split(' ')[3]!.startsWith('18.237.'));
  });
});
