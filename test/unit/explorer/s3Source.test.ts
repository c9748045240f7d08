import * as assert from 'node:assert/strict';
import { S3Api } from '../../../src/aws/s3';
import { parseS3SourceId, S3RecordSource, s3SourceId } from '../../../src/explorer/s3Source';
import { parseFlowLogs, summarize, type FlowLogStore } from '../../../src/flowlogs';
import { parseParquet } from '../../../src/flowlogs/parquet';
import { parseStream } from '../../../src/flowlogs/stream';
import type { RecordPage } from '../../../src/viewer/source';
import { DEMO_ACCOUNT_ID, registerDemoAccount } from '../../fixtures/demoAccount';
import { DEMO_S3, registerDemoS3, sampleRecords, type DemoS3 } from '../../fixtures/demoS3';
import { FakeAws } from '../../integration/fakeAws';
import { awsTestEnv } from '../aws/awsTestEnv';

const TEXT_DAY = `AWSLogs/${DEMO_ACCOUNT_ID}/vpcflowlogs/us-west-2/2024/11/27/`;
const HIVE_DAY = `AWSLogs/aws-account-id=${DEMO_ACCOUNT_ID}/aws-service=vpcflowlogs/aws-region=us-west-2/year=2024/month=11/day=27/`;

/** Reads a page the way the streamed loader does: chunks (gunzipped when marked) or Parquet by ranges. */
async function storeOf(page: RecordPage): Promise<FlowLogStore> {
  if (page.parquet) {
    return parseParquet(page.parquet);
  }
  assert.ok(page.chunks, 'a streamed page');
  const parser = await parseStream(page.chunks(new AbortController().signal), { store: true });
  return parser.store!;
}

/** Every page of a source from the newest back to the oldest. */
async function allPages(source: S3RecordSource): Promise<RecordPage[]> {
  const signal = new AbortController().signal;
  const pages = [await source.loadInitial(signal)];
  while (pages[pages.length - 1]!.hasOlder) {
    pages.push(await source.loadOlder(signal));
  }
  return pages;
}

describe('S3 record source (demo bucket)', function () {
  // The first request loads the SDK, which takes a while on a busy machine.
  this.timeout(30_000);
  const fake = new FakeAws();
  let env: ReturnType<typeof awsTestEnv>;
  let demo: DemoS3;
  let s3: S3Api;

  before(async () => {
    registerDemoAccount(await fake.start());
    demo = await registerDemoS3(fake);
    env = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url }, 1);
    s3 = new S3Api(env.factory);
  });
  after(async () => {
    env.dispose();
    await fake.stop();
  });
  beforeEach(() => {
    fake.calls.length = 0;
  });

  it('gives one streamed page per file, newest first, and older files page by page', async () => {
    const source = new S3RecordSource({ kind: 's3Prefix', bucket: demo.bucket, prefix: TEXT_DAY, flowLogId: DEMO_S3.text.flowLogId }, { s3 });
    const files = demo.objects.filter((o) => o.flowLogId === DEMO_S3.text.flowLogId);
    const pages = await allPages(source);
    assert.equal(pages.length, files.length);
    assert.ok(pages.every((p) => p.compression === 'gzip' && p.chunks && p.text === undefined));
    assert.deepEqual(pages.map((p) => p.name), files.map((f) => f.key.slice(f.key.lastIndexOf('/') + 1)).reverse());
    assert.equal(pages[0]!.size, files[files.length - 1]!.size);
    // Nothing is read until the viewer pulls the chunks.
    assert.equal(fake.callsOf('s3', 'GetObject').length, 0);
    const newest = await storeOf(pages[0]!);
    assert.equal(newest.count, files[files.length - 1]!.lines.length);
    assert.equal(fake.callsOf('s3', 'GetObject').length, 1);
  });

  it('reads Parquet files by byte ranges, never whole', async () => {
    const source = new S3RecordSource({ kind: 's3Prefix', bucket: demo.bucket, prefix: HIVE_DAY, flowLogId: DEMO_S3.parquet.flowLogId }, { s3 });
    const page = await source.loadInitial(new AbortController().signal);
    assert.ok(page.parquet && !page.chunks);
    const store = await storeOf(page);
    const newest = demo.objects.filter((o) => o.flowLogId === DEMO_S3.parquet.flowLogId).at(-1)!;
    assert.equal(store.count, newest.lines.length);
    const gets = fake.callsOf('s3', 'GetObject');
    assert.ok(gets.length >= 2 && gets.every((g) => /^bytes=\d+-\d+$/.test(String(g.params['Range']))), 'ranged GETs only');
  });

  it('gives the same summary from the Parquet files as from the text files of the same records', async () => {
    const text = await allPages(new S3RecordSource({ kind: 's3Prefix', bucket: demo.bucket, prefix: TEXT_DAY, flowLogId: DEMO_S3.text.flowLogId }, { s3 }));
    const parquet = await allPages(new S3RecordSource({ kind: 's3Prefix', bucket: demo.bucket, prefix: HIVE_DAY, flowLogId: DEMO_S3.parquet.flowLogId }, { s3 }));
    const textStores = await Promise.all(text.map(storeOf));
    const parquetStores = await Promise.all(parquet.map(storeOf));
    const count = (stores: FlowLogStore[]) => stores.reduce((n, s) => n + s.count, 0);
    assert.equal(count(textStores), sampleRecords().lines.length);
    assert.equal(count(parquetStores), count(textStores));
    // One store each, as the viewer would hold them: the records of every page.
    const joined = (stores: FlowLogStore[]) => parseFlowLogs(stores.flatMap((s) => [...Array(s.count).keys()].map((r) => s.line(r))).join('\n'), { format: sampleRecords().format });
    const a = summarize(joined(textStores));
    const b = summarize(joined(parquetStores));
    assert.deepEqual(b, a);
    assert.ok(a.topTalkers.length > 0);
  });

  it('finds files delivered after the newest one read', async () => {
    const source = new S3RecordSource({ kind: 's3Prefix', bucket: demo.bucket, prefix: TEXT_DAY, flowLogId: DEMO_S3.text.flowLogId }, { s3 });
    const signal = new AbortController().signal;
    await source.loadInitial(signal);
    assert.equal((await source.loadNewer(signal)).hasNewer, false);
    const last = demo.objects.filter((o) => o.flowLogId === DEMO_S3.text.flowLogId).at(-1)!;
    const later = last.key.replace(/_(\d{8})T(\d{4})Z_/, '_$1T2355Z_');
    demo.s3.put(demo.bucket, later, demo.s3.buckets.get(demo.bucket)!.objects.get(last.key)!.body);
    const page = await source.loadNewer(signal);
    assert.equal(page.name, later.slice(later.lastIndexOf('/') + 1));
    assert.equal((await storeOf(page)).count, last.lines.length);
    demo.s3.buckets.get(demo.bucket)!.objects.delete(later);
  });

  it('round-trips its id, so a panel comes back after a reload', () => {
    const prefix = { kind: 's3Prefix', bucket: demo.bucket, prefix: TEXT_DAY, region: 'us-west-2', flowLogId: DEMO_S3.text.flowLogId } as const;
    assert.deepEqual(parseS3SourceId(s3SourceId(prefix)), prefix);
    const object = { kind: 's3Object', bucket: demo.bucket, key: demo.objects[0]!.key, region: 'us-west-2' } as const;
    assert.deepEqual(parseS3SourceId(s3SourceId(object)), object);
    assert.equal(parseS3SourceId('cloudwatch:x'), undefined);
  });
});
