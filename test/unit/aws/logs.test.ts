import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudWatchLogsClient, FilterLogEventsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsProblemError } from '../../../src/aws/errors';
import { GroupEventReader, StreamEventReader } from '../../../src/aws/logReaders';
import { LogsApi } from '../../../src/aws/logs';
import type { LogEvent } from '../../../src/aws/models';
import { DEMO, registerDemoAccount } from '../../fixtures/demoAccount';
import { FakeAws, FakeAwsError } from '../../integration/fakeAws';
import { awsTestEnv } from './awsTestEnv';

const sampleLines = fs
  .readFileSync(path.join(__dirname, '..', '..', '..', '..', 'samples', 'tutorial-vpc1-default.log'), 'utf8')
  .split('\n')
  .filter((l) => l.trim());

describe('CloudWatch Logs wrappers against the demo account (real SDK over loopback)', () => {
  const fake = new FakeAws();
  let env: ReturnType<typeof awsTestEnv>;
  let logs: LogsApi;


  before(async () => {
    registerDemoAccount(await fake.start());
    env = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url });
    logs = new LogsApi(env.factory);
  });
  after(async () => {
    env.dispose();
    await fake.stop();
  });
  beforeEach(() => {
    registerDemoAccount(fake);
    fake.calls.length = 0;
  });

  it('lists log groups, filtered by a name pattern on the server', async () => {
    const all = await logs.logGroupsPage({});
    assert.deepEqual(all.items.map((g) => g.name).sort(), [DEMO.otherGroup, DEMO.flowLogGroup].sort());
    const some = await logs.logGroupsPage({ pattern: 'flowlogs' });
    assert.deepEqual(some.items.map((g) => g.name), [DEMO.flowLogGroup]);
    assert.equal(fake.callsOf('logs', 'DescribeLogGroups')[1]?.params['logGroupNamePattern'], 'flowlogs');
    assert.equal((await logs.logGroup(DEMO.flowLogGroup))?.arn, `arn:aws:logs:us-west-2:123456789012:log-group:${DEMO.flowLogGroup}`);
    assert.equal(await logs.logGroup('NoSuchGroup'), undefined);
  });

  it('lists streams newest activity first, 50 per page', async () => {
    const page = await logs.logStreamsPage(DEMO.flowLogGroup, undefined);
    assert.deepEqual(page.items.map((s) => s.name), [DEMO.flowLogStream]);
    const { params } = fake.callsOf('logs', 'DescribeLogStreams')[0]!;
    assert.equal(params['orderBy'], 'LastEventTime');
    assert.equal(params['descending'], true);
    assert.equal(params['limit'], 50);
    assert.ok((page.items[0]?.lastEventTime ?? 0) > (page.items[0]?.firstEventTime ?? Infinity));
  });

  it('reads a stream newest first, then older pages, and stops on the repeated token', async () => {
    const reader = new StreamEventReader(logs, DEMO.flowLogGroup, DEMO.flowLogStream, { limit: 150 });
    const pages: LogEvent[][] = [];
    let page = await reader.initial();
    pages.push(page.events);
    assert.equal(fake.callsOf('logs', 'GetLogEvents')[0]?.params['startFromHead'], false);
    while (page.hasOlder) {
      page = await reader.older();
      pages.push(page.events);
      assert.ok(pages.length < 10, 'reading never ends');
    }
    assert.deepEqual(pages.map((p) => p.length), [150, 150, 100, 0]);
    // Newest first: each page is older than the one before, and together they are the whole stream.
    const lines = pages.reverse().flat().map((e) => e.message);
    assert.equal(lines.length, sampleLines.length);
    assert.deepEqual(new Set(lines), new Set(sampleLines));
    assert.deepEqual(await reader.newer(), [], 'no newer events have arrived');
    const last = fake.callsOf('logs', 'GetLogEvents').at(-1)!;
    assert.equal(last.params['startFromHead'], true, 'forward tokens are used with startFromHead');
  });

  it('asks for the API maximum of 10,000 events per call by default', async () => {
    const reader = new StreamEventReader(logs, DEMO.flowLogGroup, DEMO.flowLogStream);
    const page = await reader.initial();
    assert.equal(page.events.length, sampleLines.length);
    assert.equal(fake.callsOf('logs', 'GetLogEvents')[0]?.params['limit'], 10_000);
    // A short page is checked once: the token comes back, so no "load older" is offered for nothing.
    assert.equal(page.hasOlder, false);
    assert.equal(fake.callsOf('logs', 'GetLogEvents').length, 2);
  });

  it('reads several streams of a group by time window, newest window first, without gaps or repeats', async () => {
    const [stream] = (await logs.logStreamsPage(DEMO.flowLogGroup, undefined)).items;
    const reader = new GroupEventReader(logs, DEMO.flowLogGroup, [DEMO.flowLogStream], {
      newestTime: stream!.lastIngestionTime!,
      oldestTime: stream!.creationTime!,
      windowMs: 15 * 60_000,
    });
    const first = await reader.initial();
    assert.ok(first.events.length > 0 && first.events.length < sampleLines.length);
    assert.deepEqual(fake.callsOf('logs', 'FilterLogEvents')[0]?.params['logStreamNames'], [DEMO.flowLogStream]);
    const all = [...first.events];
    let page = first;
    while (page.hasOlder) {
      page = await reader.older();
      assert.ok(page.events.every((e) => e.timestamp <= all[0]!.timestamp));
      all.unshift(...page.events);
    }
    assert.equal(all.length, sampleLines.length);
    assert.equal(new Set(all.map((e) => e.eventId)).size, sampleLines.length);
    assert.deepEqual(await reader.newer(), []);
  });

  it('retries throttled calls with backoff, then says plainly that AWS is throttling', async function () {
    // The SDK backs off between attempts (a second or two here).
    this.timeout(20_000);
    const twoAttempts = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url }, 2);
    try {
      const api = new LogsApi(twoAttempts.factory);
      let attempts = 0;
      fake.on('logs', 'DescribeLogGroups', () => {
        if (++attempts < 2) {
          throw new FakeAwsError('ThrottlingException', 'Rate exceeded', 400);
        }
        return { logGroups: [{ logGroupName: 'after-a-retry' }] };
      });
      assert.deepEqual((await api.logGroupsPage({})).items.map((g) => g.name), ['after-a-retry']);
      assert.equal(attempts, 2);

      fake.on('logs', 'DescribeLogGroups', () => {
        throw new FakeAwsError('ThrottlingException', 'Rate exceeded', 400);
      });
      await assert.rejects(api.logGroupsPage({}), (e: unknown) => e instanceof AwsProblemError && e.problem.kind === 'throttled' && /throttling/.test(e.message));
    } finally {
      twoAttempts.dispose();
    }
  });
});

describe('CloudWatch Logs wrappers: tokens and empty pages (SDK stubbed at the client)', () => {
  const createMock = () => mockClient(CloudWatchLogsClient);
  let mock: ReturnType<typeof createMock>;
  let env: ReturnType<typeof awsTestEnv>;
  let logs: LogsApi;

  before(() => {
    mock = createMock();
  });
  beforeEach(() => {
    mock.reset();
    env = awsTestEnv({ region: 'us-west-2' });
    logs = new LogsApi(env.factory);
  });
  afterEach(() => env.dispose());
  after(() => mock.restore());

  const event = (t: number): { timestamp: number; message: string } => ({ timestamp: t, message: `line ${t}\n` });

  it('skips empty pages while the backward token still moves', async () => {
    mock
      .on(GetLogEventsCommand)
      .resolvesOnce({ events: [], nextForwardToken: 'f/9', nextBackwardToken: 'b/3' })
      .resolvesOnce({ events: [], nextForwardToken: 'f/3', nextBackwardToken: 'b/2' })
      .resolvesOnce({ events: [event(1), event(2)], nextForwardToken: 'f/2', nextBackwardToken: 'b/0' })
      .resolves({ events: [], nextForwardToken: 'f/0', nextBackwardToken: 'b/0' });
    const reader = new StreamEventReader(logs, 'g', 's');
    const page = await reader.initial();
    assert.deepEqual(page.events.map((e) => e.message), ['line 1', 'line 2'], 'line ends are stripped');
    const tokens = mock.commandCalls(GetLogEventsCommand).map((c) => (c.args[0].input).nextToken);
    assert.deepEqual(tokens, [undefined, 'b/3', 'b/2']);
    const older = await reader.older();
    assert.deepEqual(older, { events: [], hasOlder: false });
    assert.equal(mock.commandCalls(GetLogEventsCommand).length, 4, 'the repeated token ends the stream');
    assert.deepEqual(await reader.older(), { events: [], hasOlder: false });
    assert.equal(mock.commandCalls(GetLogEventsCommand).length, 4, 'no call once the start is reached');
  });

  it('gives up after a bounded number of empty pages', async () => {
    let n = 0;
    mock.on(GetLogEventsCommand).callsFake(() => ({ events: [], nextForwardToken: 'f', nextBackwardToken: `b/${n++}` }));
    const reader = new StreamEventReader(logs, 'g', 's', { maxEmptyPages: 5 });
    const page = await reader.initial();
    assert.deepEqual(page.events, []);
    assert.equal(mock.commandCalls(GetLogEventsCommand).length, 6);
  });

  it('continues from the oldest event when a token has expired', async () => {
    mock
      .on(GetLogEventsCommand)
      .resolvesOnce({ events: [event(500), event(600)], nextForwardToken: 'f/2', nextBackwardToken: 'b/old' })
      .rejectsOnce(Object.assign(new Error('The specified nextToken has expired.'), { name: 'InvalidParameterException' }))
      .resolvesOnce({ events: [event(100)], nextForwardToken: 'f/1', nextBackwardToken: 'b/0' });
    const reader = new StreamEventReader(logs, 'g', 's');
    await reader.initial();
    const older = await reader.older();
    assert.deepEqual(older.events.map((e) => e.timestamp), [100]);
    const retry = mock.commandCalls(GetLogEventsCommand)[2]!.args[0].input;
    assert.equal(retry.nextToken, undefined);
    assert.equal(retry.endTime, 500);
  });

  it('polls newer events with the forward token until it repeats', async () => {
    mock
      .on(GetLogEventsCommand)
      .resolvesOnce({ events: [event(1)], nextForwardToken: 'f/1', nextBackwardToken: 'b/0' })
      // The short first page is followed back once: the repeated token says it was the whole stream.
      .resolvesOnce({ events: [], nextForwardToken: 'f/0', nextBackwardToken: 'b/0' })
      .resolvesOnce({ events: [event(2), event(3)], nextForwardToken: 'f/3', nextBackwardToken: 'b/1' })
      .resolvesOnce({ events: [], nextForwardToken: 'f/3', nextBackwardToken: 'b/3' });
    const reader = new StreamEventReader(logs, 'g', 's');
    assert.deepEqual(await reader.initial(), { events: [{ timestamp: 1, message: 'line 1', ingestionTime: undefined, eventId: undefined, streamName: undefined }], hasOlder: false });
    const newer = await reader.newer();
    assert.deepEqual(newer.map((e) => e.timestamp), [2, 3]);
    const inputs = mock.commandCalls(GetLogEventsCommand).map((c) => c.args[0].input);
    assert.deepEqual(inputs.slice(2).map((i) => [i.nextToken, i.startFromHead]), [['f/1', true], ['f/3', true]]);
  });
});

describe('Following a busy log group (SDK stubbed at the client)', () => {
  const createMock = () => mockClient(CloudWatchLogsClient);
  let mock: ReturnType<typeof createMock>;
  let env: ReturnType<typeof awsTestEnv>;

  before(() => {
    mock = createMock();
  });
  beforeEach(() => {
    mock.reset();
    env = awsTestEnv({ region: 'us-west-2' });
  });
  afterEach(() => env.dispose());
  after(() => mock.restore());

  it('reads at most maxEventsPerLoad events per poll, and the next poll continues where it stopped', async () => {
    // A group that never runs dry: every FilterLogEvents page holds 1,000 events after its start time,
    // and there is always a next page.
    let served = 0;
    mock.on(FilterLogEventsCommand).callsFake((input: { startTime?: number }) => {
      const from = (input.startTime ?? 0) + served;
      const events = Array.from({ length: 1000 }, (_, i) => ({ timestamp: from + i, message: `line ${from + i}`, eventId: `e${from + i}`, logStreamName: 'eni-1-all' }));
      served += 1000;
      return { events, nextToken: `t${served}` };
    });
    const reader = new GroupEventReader(new LogsApi(env.factory), 'busy', [], { newestTime: 0, limit: 1000, maxEventsPerLoad: 2500 });
    const first = await reader.newer();
    assert.equal(first.length, 2500, 'one poll stops at the cap');
    assert.equal(mock.commandCalls(FilterLogEventsCommand).length, 3, 'and stops asking once it has enough');
    assert.equal(reader.hasNewer, true, 'it says more are waiting');
    assert.deepEqual([first[0]!.timestamp, first.at(-1)!.timestamp], [0, 2499]);

    served = 0;
    const second = await reader.newer();
    assert.ok(second.length <= 2500);
    assert.equal(mock.commandCalls(FilterLogEventsCommand)[3]!.args[0].input.startTime, 2499, 'the next poll starts at the last event returned');
    assert.equal(second[0]!.timestamp, 2500, 'without repeating it');
  });
});
