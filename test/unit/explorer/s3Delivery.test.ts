import * as assert from 'node:assert/strict';
import { COMMANDS, SETTINGS } from '../../../src/explorer/commandIds';
import { ErrorNode, LoadMoreNode } from '../../../src/explorer/nodes/base';
import { objectLabel, type S3FolderNode, type S3ObjectNode } from '../../../src/explorer/nodes/s3Delivery';
import { VpcsRoot } from '../../../src/explorer/nodes/vpcs';
import { DEMO, registerDemoAccount } from '../../fixtures/demoAccount';
import { DEMO_S3, registerDemoS3, type DemoS3 } from '../../fixtures/demoS3';
import { FakeAws } from '../../integration/fakeAws';
import { awsTestEnv } from '../aws/awsTestEnv';
import { childNamed, rows, testContext } from './testContext';

describe('S3 flow logs in the VPCs view (demo bucket)', function () {
  // The first request loads the SDK, which takes a while on a busy machine.
  this.timeout(20_000);
  const fake = new FakeAws();
  let env: ReturnType<typeof awsTestEnv>;
  let demo: DemoS3;

  before(async () => {
    await fake.start();
  });
  after(async () => {
    await fake.stop();
  });
  beforeEach(async () => {
    registerDemoAccount(fake);
    demo = await registerDemoS3(fake);
    demo.s3.allowAll();
    env = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url }, 1);
  });
  afterEach(() => env.dispose());

  async function flowLogNode(t: ReturnType<typeof testContext>, id: string) {
    const vpc1 = await childNamed(new VpcsRoot(t.context), DEMO.vpc1.name);
    return childNamed(await childNamed(vpc1, 'Flow logs'), id);
  }

  it('expands a text flow log to its months, days and files, with sizes, newest day first', async () => {
    const t = testContext(env.factory);
    const flowLog = await flowLogNode(t, DEMO_S3.text.flowLogId);
    assert.equal(flowLog.view().collapsible, 'collapsed');
    assert.match(flowLog.view().contextValue ?? '', /\+s3/);
    const months = await rows(flowLog);
    assert.deepEqual(months.map((m) => m.view.label), ['2024-11']);
    const days = await rows(months[0]!.node);
    assert.deepEqual(days.map((d) => d.view.label), ['2024-11-27']);
    const day = days[0]!.node as S3FolderNode;
    assert.deepEqual(day.ref, { kind: 's3Prefix', bucket: demo.bucket, prefix: `AWSLogs/123456789012/vpcflowlogs/us-west-2/2024/11/27/`, region: 'us-west-2', flowLogId: DEMO_S3.text.flowLogId });
    const files = await rows(day);
    const expected = demo.objects.filter((o) => o.flowLogId === DEMO_S3.text.flowLogId);
    assert.deepEqual(files.map((f) => f.view.label), expected.map((o) => objectLabel(o.key)));
    const first = files[0]!;
    assert.match(first.view.description ?? '', /^\d+(\.\d)? (B|KiB) · text, gzip$/);
    assert.equal(first.view.command?.command, COMMANDS.openS3Object);
    assert.deepEqual(first.view.command?.arguments, [{ kind: 's3Object', bucket: demo.bucket, key: expected[0]!.key, region: 'us-west-2' }]);
    // The day now says how many files it holds and their total size.
    const total = expected.reduce((s, o) => s + o.size, 0);
    assert.match(day.view().description ?? '', new RegExp(`^${expected.length} files · `));
    assert.ok(total > 0);
  });

  it('shows hours (newest first) for a Parquet flow log with Hive-compatible, per-hour partitions', async () => {
    const t = testContext(env.factory);
    const flowLog = await flowLogNode(t, DEMO_S3.parquet.flowLogId);
    const [month] = await rows(flowLog);
    const [day] = await rows(month!.node);
    const hours = await rows(day!.node);
    const expectedHours = [...new Set(demo.objects.filter((o) => o.flowLogId === DEMO_S3.parquet.flowLogId).map((o) => /hour=(\d\d)/.exec(o.key)![1]!))].sort().reverse();
    assert.deepEqual(hours.map((h) => h.view.label), expectedHours.map((h) => `${h}:00`));
    assert.ok(hours.length > 1, 'the demo spans several hours');
    const files = await rows(hours[0]!.node);
    assert.ok(files.length > 0);
    assert.match(files[0]!.view.description ?? '', /Parquet$/);
    assert.equal((files[0]!.node as S3ObjectNode).ref.key.includes('hour='), true);
  });

  it('pages the files of a day with "Load more"', async () => {
    const t = testContext(env.factory);
    t.settings[SETTINGS.pageSize] = 2;
    const flowLog = await flowLogNode(t, DEMO_S3.text.flowLogId);
    const [month] = await rows(flowLog);
    const [day] = await rows(month!.node);
    const first = await rows(day!.node);
    assert.equal(first.length, 3);
    const more = first[2]!.node;
    assert.ok(more instanceof LoadMoreNode);
    await more.loadMore();
    const second = await rows(day!.node);
    assert.equal(second.filter((r) => r.node.id.endsWith('.log.gz')).length, 4);
  });

  it('shows a permission problem in place of the files, and retries', async () => {
    const t = testContext(env.factory);
    demo.s3.deny('s3:ListBucket', demo.bucket);
    const flowLog = await flowLogNode(t, DEMO_S3.text.flowLogId);
    const [error] = await rows(flowLog);
    assert.ok(error!.node instanceof ErrorNode);
    assert.match(error!.view.label, /s3:ListBucket/);
    demo.s3.allowAll();
    assert.deepEqual((await rows(flowLog)).map((r) => r.view.label), ['2024-11']);
  });
});
