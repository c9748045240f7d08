import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_FORMAT as DEFAULT_FLOW_LOG_FORMAT } from '../../../src/flowlogs/format';
import { LogsApi } from '../../../src/aws/logs';
import {
  cloudWatchSourceId,
  createCloudWatchSource,
  parseCloudWatchSourceId,
  type CloudWatchSourceDeps,
  type CloudWatchTarget,
} from '../../../src/explorer/cloudwatchSource';
import { DEMO, registerDemoAccount } from '../../fixtures/demoAccount';
import { FakeAws } from '../../integration/fakeAws';
import { awsTestEnv } from '../aws/awsTestEnv';
import { testContext } from './testContext';

const sampleLines = fs
  .readFileSync(path.join(__dirname, '..', '..', '..', '..', 'samples', 'tutorial-vpc1-default.log'), 'utf8')
  .split('\n')
  .filter((l) => l.trim());

describe('CloudWatch record sources for the viewer', () => {
  const fake = new FakeAws();
  let env: ReturnType<typeof awsTestEnv>;
  const signal = new AbortController().signal;

  const deps = (e: ReturnType<typeof awsTestEnv>, eventsPerRequest = 10_000): CloudWatchSourceDeps => ({
    logs: new LogsApi(e.factory),
    connection: () => e.factory.connection(),
    eventsPerRequest,
    groupWindowMinutes: 20,
  });

  before(async () => {
    registerDemoAccount(await fake.start());
  });
  after(async () => {
    await fake.stop();
  });
  beforeEach(() => {
    env = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url }, 1);
  });
  afterEach(() => env.dispose());

  it('round-trips source ids, group names with slashes included', () => {
    const targets: CloudWatchTarget[] = [
      { region: 'us-west-2', group: 'VPCFlowLogsGroup', streams: ['eni-0a1b2c3d4e5f60718-all'] },
      { region: 'eu-west-1', group: '/aws/vpc/flow-logs', streams: ['a', 'b,c'] },
      { region: 'us-east-1', group: 'whole', streams: [] },
    ];
    for (const target of targets) {
      assert.deepEqual(parseCloudWatchSourceId(cloudWatchSourceId(target)), target);
    }
    assert.equal(cloudWatchSourceId(targets[0]!), 'cloudwatch:us-west-2/VPCFlowLogsGroup/eni-0a1b2c3d4e5f60718-all');
    assert.equal(parseCloudWatchSourceId('file:/x'), undefined);
  });

  it('reads a stream newest first, with the flow log\'s format and the account\'s interfaces as labels', async () => {
    const t = testContext(env.factory);
    const source = await createCloudWatchSource(
      { region: 'us-west-2', group: DEMO.flowLogGroup, streams: [DEMO.flowLogStream] },
      deps(env, 250),
      t.context.inventory,
    );
    assert.equal(source.format, DEFAULT_FLOW_LOG_FORMAT);
    assert.equal(source.labels?.get(DEMO.eni2.privateIp), `${DEMO.instance2.name} (${DEMO.eni2.id})`);
    assert.equal(source.labels?.get(DEMO.eni2.publicIp), `${DEMO.instance2.name} (${DEMO.eni2.id})`);
    assert.ok(source.vpcCidrs?.includes(DEMO.vpc1.cidr));
    assert.equal(source.canFollow, true);

    const first = await source.loadInitial(signal);
    assert.deepEqual(first.lines, sampleLines.slice(-250));
    const older = await source.loadOlder!(signal);
    assert.deepEqual(older.lines, sampleLines.slice(0, -250));
    const end = await source.loadOlder!(signal);
    assert.deepEqual(end, { lines: [], hasOlder: false });
    assert.deepEqual((await source.loadNewer!(signal)).lines, []);
  });

  it('reads several streams of a group window by window, newest first', async () => {
    const t = testContext(env.factory);
    const source = await createCloudWatchSource({ region: 'us-west-2', group: DEMO.flowLogGroup, streams: [] }, deps(env), t.context.inventory);
    assert.equal(source.title, `${DEMO.flowLogGroup} (all streams)`);
    const pages = [await source.loadInitial(signal)];
    while (pages.at(-1)!.hasOlder) {
      pages.push(await source.loadOlder!(signal));
      assert.ok(pages.length < 50);
    }
    assert.ok(pages.length > 2, `${pages.length} pages`);
    const lines = pages.reverse().flatMap((p) => p.lines ?? []);
    assert.equal(lines.length, sampleLines.length);
    assert.deepEqual(new Set(lines), new Set(sampleLines));
  });

  it('refuses to read a stream of another region than the one connected', async () => {
    const elsewhere = awsTestEnv({ region: 'eu-west-1', endpointUrl: fake.url }, 1);
    try {
      const source = await createCloudWatchSource(
        { region: 'us-west-2', group: DEMO.flowLogGroup, streams: [DEMO.flowLogStream] },
        deps(elsewhere),
        testContext(elsewhere.factory).context.inventory,
      );
      await assert.rejects(source.loadInitial(signal), /Reading eni-0a1b2c3d4e5f60718-all failed: it is in region us-west-2, but the explorer is connected to eu-west-1/);
    } finally {
      elsewhere.dispose();
    }
  });

  it('still opens when the interfaces cannot be read, without labels', async () => {
    fake.on('ec2', 'DescribeNetworkInterfaces', () => {
      throw new Error('boom');
    });
    try {
      const t = testContext(env.factory);
      const source = await createCloudWatchSource({ region: 'us-west-2', group: DEMO.flowLogGroup, streams: [DEMO.flowLogStream] }, deps(env), t.context.inventory, (m) => t.logged.push(m));
      assert.equal(source.labels, undefined);
      assert.match(t.logged.join('\n'), /Addresses are shown without interface names/);
      const page = await source.loadInitial(signal);
      assert.equal(page.lines?.length, sampleLines.length);
    } finally {
      registerDemoAccount(fake);
    }
  });
});
