import * as assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { GetBucketPolicyCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsProblemError } from '../../../src/aws/errors';
import { S3Api, readAll } from '../../../src/aws/s3';
import { parseS3Location } from '../../../src/aws/s3Models';
import { DEMO_ACCOUNT_ID, registerDemoAccount } from '../../fixtures/demoAccount';
import { DEMO_S3, registerDemoS3, type DemoS3 } from '../../fixtures/demoS3';
import { FakeAws } from '../../integration/fakeAws';
import { awsTestEnv } from './awsTestEnv';

const PLAIN = `AWSLogs/${DEMO_ACCOUNT_ID}/vpcflowlogs/us-west-2/`;

describe('S3 wrapper against the demo bucket (real SDK over loopback)', function () {
  // The first request loads the SDK, which takes a while on a busy machine.
  this.timeout(20_000);
  const fake = new FakeAws();
  let env: ReturnType<typeof awsTestEnv>;
  let s3: S3Api;
  let demo: DemoS3;

  before(async () => {
    registerDemoAccount(await fake.start());
    demo = await registerDemoS3(fake);
    env = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url });
    s3 = new S3Api(env.factory);
  });
  after(async () => {
    env.dispose();
    await fake.stop();
  });
  beforeEach(() => {
    demo.s3.allowAll();
    fake.calls.length = 0;
  });

  it('lists one folder level with a delimiter: date folders as prefixes, no objects', async () => {
    const page = await s3.listPage(demo.bucket, { prefix: PLAIN, delimiter: '/' });
    assert.deepEqual(page.prefixes, [`${PLAIN}2024/`]);
    assert.deepEqual(page.objects, []);
    assert.equal(page.nextToken, undefined);
    assert.equal(fake.callsOf('s3', 'ListObjectsV2')[0]?.params['delimiter'], '/');
  });

  it('pages objects with continuation tokens until every key is read once', async () => {
    const day = `${PLAIN}2024/11/27/`;
    const expected = demo.objects.filter((o) => o.key.startsWith(day)).map((o) => o.key).sort();
    assert.ok(expected.length > 2, 'the demo day has several objects');
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.listPage(demo.bucket, { prefix: day, delimiter: '/', maxKeys: 2, token });
      keys.push(...page.objects.map((o) => o.key));
      assert.ok(page.objects.every((o) => o.size > 0 && o.lastModified instanceof Date));
      token = page.nextToken;
      pages++;
    } while (token);
    assert.deepEqual(keys, expected);
    assert.equal(pages, Math.ceil(expected.length / 2));
  });

  it('streams an object and reads a byte range', async () => {
    const object = demo.objects.find((o) => o.fileFormat === 'plain-text')!;
    const stream = await s3.getObject(demo.bucket, object.key);
    assert.equal(stream.size, object.size);
    const bytes = await readAll(stream.body);
    const text = gunzipSync(bytes).toString('utf8');
    assert.ok(text.startsWith('version account-id interface-id'));
    assert.equal(text.trim().split('\n').length, object.lines.length + 1);
    const part = await s3.getRange(demo.bucket, object.key, 0, 2);
    assert.deepEqual([...part], [0x1f, 0x8b]);
    assert.equal(fake.callsOf('s3', 'GetObject')[1]?.params['Range'], 'bytes=0-1');
  });

  it('stops reading an object when its signal aborts', async () => {
    const object = demo.objects.find((o) => o.fileFormat === 'parquet')!;
    const controller = new AbortController();
    const stream = await s3.getObject(demo.bucket, object.key, controller.signal);
    controller.abort();
    await assert.rejects(readAll(stream.body), (e: unknown) => (e as Error).name === 'AbortError');
  });

  it('heads an object, and says undefined for a missing key', async () => {
    const object = demo.objects[0]!;
    assert.equal((await s3.headObject(demo.bucket, object.key))?.size, object.size);
    assert.equal(await s3.headObject(demo.bucket, `${object.key}.missing`), undefined);
  });

  it('names the missing permission when a read is denied', async () => {
    demo.s3.deny('s3:GetObject', demo.bucket);
    await assert.rejects(s3.getObject(demo.bucket, demo.objects[0]!.key), (e: unknown) => e instanceof AwsProblemError && /s3:GetObject/.test(e.message));
  });

  it('lists buckets, creates one in the region, and reads its location', async () => {
    await s3.createBucket('new-flow-logs-bucket', 'us-west-2');
    const buckets = await s3.buckets();
    assert.deepEqual(buckets.map((b) => b.name), [demo.bucket, 'new-flow-logs-bucket'].sort());
    assert.equal(await s3.bucketRegion('new-flow-logs-bucket'), 'us-west-2');
  });

  it('reads a bucket in another region by following S3\'s redirect', async () => {
    demo.s3.bucket('eu-flow-logs', 'eu-west-1');
    demo.s3.put('eu-flow-logs', 'a.txt', 'hello');
    const page = await s3.listPage('eu-flow-logs');
    assert.deepEqual(page.objects.map((o) => o.key), ['a.txt']);
  });

  it('reads no policy as undefined and writes one', async () => {
    assert.equal(await s3.bucketPolicy(demo.bucket), undefined);
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${demo.bucket}/*` }] });
    await s3.putBucketPolicy(demo.bucket, policy);
    assert.equal(await s3.bucketPolicy(demo.bucket), policy);
    assert.equal(demo.s3.buckets.get(demo.bucket)?.policy, policy);
    demo.s3.buckets.get(demo.bucket)!.policy = undefined;
  });
});

describe('S3 wrapper (SDK stubbed at the client)', () => {
  let env: ReturnType<typeof awsTestEnv>;
  // Made in `before`: mockClient stubs every S3Client, and the suite above needs the real one.
  let mock: ReturnType<typeof mockClient>;
  before(() => {
    mock = mockClient(S3Client);
    env = awsTestEnv({ region: 'us-west-2' }, 1);
  });
  after(() => {
    mock.restore();
    env.dispose();
  });
  beforeEach(() => {
    mock.reset();
  });

  it('turns a truncated page into a next token, and a complete one into none', async () => {
    mock.on(ListObjectsV2Command).resolvesOnce({ IsTruncated: true, NextContinuationToken: 'n1', Contents: [{ Key: 'a', Size: 3 }] }).resolvesOnce({ IsTruncated: false, Contents: [{ Key: 'b', Size: 4 }] });
    const s3 = new S3Api(env.factory);
    const first = await s3.listPage(DEMO_S3.bucket, { prefix: 'x/' });
    assert.equal(first.nextToken, 'n1');
    assert.deepEqual(first.objects.map((o) => [o.key, o.size]), [['a', 3]]);
    const second = await s3.listPage(DEMO_S3.bucket, { prefix: 'x/', token: first.nextToken });
    assert.equal(second.nextToken, undefined);
    assert.equal(mock.commandCalls(ListObjectsV2Command)[1]?.args[0].input.ContinuationToken, 'n1');
  });

  it('passes other policy errors on with the action named', async () => {
    mock.on(GetBucketPolicyCommand).rejects(new S3ServiceException({ name: 'AccessDenied', message: 'Access Denied', $fault: 'client', $metadata: { httpStatusCode: 403 } }));
    await assert.rejects(new S3Api(env.factory).bucketPolicy('b-ucket'), (e: unknown) => e instanceof AwsProblemError && /s3:GetBucketPolicy/.test(e.message));
  });
});

describe('parseS3Location', () => {
  it('reads the forms people paste', () => {
    assert.deepEqual(parseS3Location('s3://my-bucket/flow/AWSLogs/'), { bucket: 'my-bucket', prefix: 'flow/AWSLogs/' });
    assert.deepEqual(parseS3Location('my-bucket'), { bucket: 'my-bucket', prefix: '' });
    assert.deepEqual(parseS3Location('arn:aws:s3:::my-bucket/logs'), { bucket: 'my-bucket', prefix: 'logs' });
    assert.deepEqual(parseS3Location('https://my-bucket.s3.us-west-2.amazonaws.com/logs/'), { bucket: 'my-bucket', prefix: 'logs/' });
    assert.equal(parseS3Location('Not A Bucket'), undefined);
    assert.equal(parseS3Location(''), undefined);
  });
});
