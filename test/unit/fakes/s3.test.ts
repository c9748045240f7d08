import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { DescribeFlowLogsCommand } from '@aws-sdk/client-ec2';
import {
  CreateBucketCommand, GetBucketLocationCommand, GetBucketPolicyCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand,
  ListBucketsCommand, ListObjectsV2Command, NoSuchBucket, NoSuchKey, PutBucketPolicyCommand, PutObjectCommand, S3Client, S3ServiceException,
  paginateListObjectsV2, type _Object,
} from '@aws-sdk/client-s3';
import { dateFoldersNewestFirst, parseDeliveryKey } from '../../../src/athena';
import { DEFAULT_FORMAT, parseFlowLogs, parseFormat } from '../../../src/flowlogs';
import { parseParquet } from '../../../src/flowlogs/parquet';
import { DEMO, DEMO_ACCOUNT_ID, registerDemoAccount } from '../../fixtures/demoAccount';
import { DEMO_S3, registerDemoS3, sampleRecords, sampleWindows, type DemoS3 } from '../../fixtures/demoS3';
import { FakeAws } from '../../integration/fakeAws';
import { TEST_CREDENTIALS, sdkClients } from './sdkClients';

const PLAIN = `AWSLogs/${DEMO_ACCOUNT_ID}/vpcflowlogs/us-west-2/`;
const HIVE = `AWSLogs/aws-account-id=${DEMO_ACCOUNT_ID}/aws-service=vpcflowlogs/aws-region=us-west-2/`;

/** Asserts an SDK call fails with S3's error of that name and HTTP status. */
async function rejectsWith(call: Promise<unknown>, name: string, status: number): Promise<S3ServiceException> {
  let caught: unknown;
  await assert.rejects(call, (e: unknown) => {
    caught = e;
    return true;
  });
  assert.ok(caught instanceof S3ServiceException, `an S3ServiceException, not ${String(caught)}`);
  assert.equal(caught.name, name);
  assert.equal(caught.$metadata.httpStatusCode, status);
  return caught;
}

describe('Fake S3 (the demo bucket through the real S3 client)', () => {
  const fake = new FakeAws();
  let demo: DemoS3;
  let clients: ReturnType<typeof sdkClients>;
  const bodyOf = async (key: string, range?: string) => {
    const out = await clients.s3.send(new GetObjectCommand({ Bucket: demo.bucket, Key: key, ...(range ? { Range: range } : {}) }));
    return { out, bytes: Buffer.from(await out.Body!.transformToByteArray()) };
  };

  before(async () => {
    registerDemoAccount(await fake.start());
    demo = await registerDemoS3(fake);
    clients = sdkClients(fake);
  });
  after(async () => {
    clients.destroy();
    await fake.stop();
  });
  beforeEach(() => {
    demo.s3.allowAll();
    fake.calls.length = 0;
  });

  it('delivers the sample in 5-minute objects named as AWS names them, in both layouts', () => {
    const windows = sampleWindows();
    assert.equal(demo.objects.length, windows.length * 2);
    for (const object of demo.objects) {
      const parsed = parseDeliveryKey(object.key);
      assert.ok(parsed, `a delivery key: ${object.key}`);
      assert.equal(parsed.flowLogId, object.flowLogId);
      assert.equal(parsed.fileFormat, object.fileFormat);
      assert.equal(parsed.timestamp, object.windowStart + 300, 'the name carries the end of the window');
      assert.equal(parsed.hiveCompatiblePartitions, object.fileFormat === 'parquet');
      assert.equal(parsed.folder.hour !== undefined, object.fileFormat === 'parquet', 'per-hour folders for the Parquet flow log only');
      assert.ok(object.lines.every((l) => Math.floor(Number(l.split(' ')[10]) / 300) * 300 === object.windowStart));
    }
    assert.deepEqual(demo.objects.filter((o) => o.flowLogId === DEMO_S3.text.flowLogId).flatMap((o) => o.lines), windows.flatMap((w) => w.lines));
  });

  it('lists buckets with their region, and the bucket\'s location', async () => {
    const out = await clients.s3.send(new ListBucketsCommand({}));
    assert.deepEqual(out.Buckets?.map((b) => [b.Name, b.BucketRegion]), [[demo.bucket, 'us-west-2']]);
    assert.ok(out.Buckets?.[0]?.CreationDate instanceof Date);
    assert.equal(typeof out.Owner?.ID, 'string');
    const location = await clients.s3.send(new GetBucketLocationCommand({ Bucket: demo.bucket }));
    assert.equal(location.LocationConstraint, 'us-west-2');
    const head = await clients.s3.send(new HeadBucketCommand({ Bucket: demo.bucket }));
    assert.equal(head.BucketRegion, 'us-west-2');
  });

  it('walks the delivery folders with a / delimiter: CommonPrefixes down to the days and the Hive hours', async () => {
    const folders = async (prefix: string) => {
      const out = await clients.s3.send(new ListObjectsV2Command({ Bucket: demo.bucket, Prefix: prefix, Delimiter: '/' }));
      assert.equal(out.Contents, undefined, 'no objects beside the folders');
      assert.equal(out.KeyCount, out.CommonPrefixes?.length);
      return (out.CommonPrefixes ?? []).map((p) => p.Prefix!);
    };
    assert.deepEqual(await folders('AWSLogs/'), [`AWSLogs/${DEMO_ACCOUNT_ID}/`, `AWSLogs/aws-account-id=${DEMO_ACCOUNT_ID}/`]);
    assert.deepEqual(await folders(PLAIN), [`${PLAIN}2024/`]);
    assert.deepEqual(await folders(`${PLAIN}2024/11/`), [`${PLAIN}2024/11/27/`]);
    const hours = await folders(`${HIVE}year=2024/month=11/day=27/`);
    assert.deepEqual(hours, [`${HIVE}year=2024/month=11/day=27/hour=08/`, `${HIVE}year=2024/month=11/day=27/hour=09/`]);
    const layout = demo.layouts.get(DEMO_S3.parquet.flowLogId)!;
    assert.deepEqual(dateFoldersNewestFirst(layout, hours).map((f) => f.label), ['2024-11-27 09:00', '2024-11-27 08:00']);
    const params = fake.callsOf('s3', 'ListObjectsV2')[0]!.params;
    assert.equal(params['list-type'], '2');
    assert.equal(params['delimiter'], '/');
  });

  it('pages a day\'s objects with max-keys and continuation tokens, sizes as delivered', async () => {
    const day = `${PLAIN}2024/11/27/`;
    const pages: _Object[][] = [];
    for await (const page of paginateListObjectsV2({ client: clients.s3, pageSize: 5 }, { Bucket: demo.bucket, Prefix: day })) {
      assert.equal(page.MaxKeys, 5);
      assert.equal(page.KeyCount, page.Contents?.length ?? 0);
      pages.push(page.Contents ?? []);
    }
    const expected = demo.objects.filter((o) => o.flowLogId === DEMO_S3.text.flowLogId);
    assert.ok(expected.length > 10);
    assert.deepEqual(pages.map((p) => p.length), Array.from({ length: Math.ceil(expected.length / 5) }, (_, i) => Math.min(5, expected.length - i * 5)));
    assert.deepEqual(pages.flat().map((o) => [o.Key, o.Size]), expected.map((o) => [o.key, o.size]));
    const calls = fake.callsOf('s3', 'ListObjectsV2');
    assert.equal(calls[0]!.params['continuation-token'], undefined);
    assert.equal(typeof calls[1]!.params['continuation-token'], 'string');
    const second = await clients.s3.send(new ListObjectsV2Command({ Bucket: demo.bucket, Prefix: day, MaxKeys: 5, ContinuationToken: String(calls[1]!.params['continuation-token']) }));
    assert.equal(second.ContinuationToken, calls[1]!.params['continuation-token'], 'the token sent comes back');
    assert.equal(second.IsTruncated, true);
    assert.equal(typeof second.NextContinuationToken, 'string');
  });

  it('starts after a key with start-after', async () => {
    const keys = demo.objects.filter((o) => o.flowLogId === DEMO_S3.text.flowLogId).map((o) => o.key);
    const out = await clients.s3.send(new ListObjectsV2Command({ Bucket: demo.bucket, Prefix: PLAIN, StartAfter: keys[10] }));
    assert.deepEqual(out.Contents?.map((o) => o.Key), keys.slice(11));
    assert.equal(out.StartAfter, keys[10]);
  });

  it('gets a text object whole: the header line, then the window\'s records', async () => {
    const object = demo.objects.find((o) => o.fileFormat === 'plain-text')!;
    const { out, bytes } = await bodyOf(object.key);
    assert.equal(out.ContentLength, object.size);
    assert.match(out.ETag ?? '', /^"[0-9a-f]{32}"$/);
    assert.ok(out.LastModified instanceof Date);
    const [header, ...lines] = gunzipSync(bytes).toString('utf8').trimEnd().split('\n');
    assert.equal(header, 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status');
    assert.deepEqual(lines, object.lines);
  });

  it('gets byte ranges as 206 with Content-Range, a suffix range, and refuses a range past the end', async () => {
    const object = demo.objects.find((o) => o.fileFormat === 'plain-text')!;
    const whole = (await bodyOf(object.key)).bytes;
    const first = await bodyOf(object.key, 'bytes=0-99');
    assert.equal(first.out.$metadata.httpStatusCode, 206);
    assert.equal(first.out.ContentRange, `bytes 0-99/${object.size}`);
    assert.equal(first.out.ContentLength, 100);
    assert.deepEqual(first.bytes, whole.subarray(0, 100));
    const tail = await bodyOf(object.key, 'bytes=-20');
    assert.equal(tail.out.ContentRange, `bytes ${object.size - 20}-${object.size - 1}/${object.size}`);
    assert.deepEqual(tail.bytes, whole.subarray(object.size - 20));
    const open = await bodyOf(object.key, `bytes=${object.size - 5}-`);
    assert.deepEqual(open.bytes, whole.subarray(object.size - 5));
    await rejectsWith(clients.s3.send(new GetObjectCommand({ Bucket: demo.bucket, Key: object.key, Range: `bytes=${object.size}-` })), 'InvalidRange', 416);
    assert.equal(fake.callsOf('s3', 'GetObject').at(-1)?.params['Range'], `bytes=${object.size}-`);
  });

  it('gets a Parquet object that reads back as the window\'s records', async () => {
    const object = demo.objects.find((o) => o.fileFormat === 'parquet')!;
    const { bytes } = await bodyOf(object.key);
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PAR1');
    const store = await parseParquet(bytes);
    assert.deepEqual(store.toObjects(), parseFlowLogs(object.lines.join('\n'), { format: DEFAULT_FORMAT }).toObjects());
  });

  it('answers HeadObject with the size, and a missing key as NoSuchKey (GET) or NotFound (HEAD)', async () => {
    const object = demo.objects[0]!;
    const head = await clients.s3.send(new HeadObjectCommand({ Bucket: demo.bucket, Key: object.key }));
    assert.equal(head.ContentLength, object.size);
    const missing = `${PLAIN}2024/11/27/nothing.log.gz`;
    const error = await rejectsWith(clients.s3.send(new GetObjectCommand({ Bucket: demo.bucket, Key: missing })), 'NoSuchKey', 404);
    assert.ok(error instanceof NoSuchKey);
    await rejectsWith(clients.s3.send(new HeadObjectCommand({ Bucket: demo.bucket, Key: missing })), 'NotFound', 404);
  });

  it('answers a missing bucket as NoSuchBucket (or NotFound for HEAD)', async () => {
    const error = await rejectsWith(clients.s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket-here' })), 'NoSuchBucket', 404);
    assert.ok(error instanceof NoSuchBucket);
    await rejectsWith(clients.s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket-here' })), 'NotFound', 404);
  });

  it('answers AccessDenied naming the missing permission, in S3\'s XML error format', async () => {
    demo.s3.deny('s3:GetObject', demo.bucket);
    const error = await rejectsWith(clients.s3.send(new GetObjectCommand({ Bucket: demo.bucket, Key: demo.objects[0]!.key })), 'AccessDenied', 403);
    assert.match(error.message, /not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::vpc-flow-logs-123456789012\/AWSLogs\//);
    demo.s3.deny('s3:ListBucket');
    await rejectsWith(clients.s3.send(new ListObjectsV2Command({ Bucket: demo.bucket })), 'AccessDenied', 403);
    // HEAD answers have no body: the SDK knows 404 as NotFound and nothing else, so callers read the status.
    await rejectsWith(clients.s3.send(new HeadBucketCommand({ Bucket: demo.bucket })), 'Unknown', 403);
  });

  it('redirects a request made in another region than the bucket\'s, but tells its location from anywhere', async () => {
    const elsewhere = sdkClients(fake, 'eu-west-1');
    try {
      const error = await rejectsWith(elsewhere.s3.send(new ListObjectsV2Command({ Bucket: demo.bucket })), 'PermanentRedirect', 301);
      assert.equal(error.$response?.headers['x-amz-bucket-region'], 'us-west-2');
      assert.equal((error as S3ServiceException & { Endpoint?: string }).Endpoint, 's3.us-west-2.amazonaws.com');
      assert.equal((await elsewhere.s3.send(new GetBucketLocationCommand({ Bucket: demo.bucket }))).LocationConstraint, 'us-west-2');
      const moved = await rejectsWith(elsewhere.s3.send(new HeadBucketCommand({ Bucket: demo.bucket })), 'Unknown', 301);
      assert.equal(moved.$response?.headers['x-amz-bucket-region'], 'us-west-2');
    } finally {
      elsewhere.destroy();
    }
  });

  it('lets a client with followRegionRedirects reach a bucket in another region (the header S3 sends names it)', async () => {
    const redirecting = new S3Client({ region: 'eu-west-1', endpoint: fake.url, credentials: TEST_CREDENTIALS, forcePathStyle: true, followRegionRedirects: true, maxAttempts: 1 });
    try {
      const out = await redirecting.send(new ListObjectsV2Command({ Bucket: demo.bucket, Prefix: PLAIN, MaxKeys: 1 }));
      assert.equal(out.KeyCount, 1);
      assert.deepEqual(fake.callsOf('s3', 'ListObjectsV2').map((c) => c.region), ['eu-west-1', 'us-west-2']);
    } finally {
      redirecting.destroy();
    }
  });

  it('stores objects (buffered and streamed bodies) and creates buckets in the client\'s region', async () => {
    await clients.s3.send(new CreateBucketCommand({ Bucket: 'athena-results-123456789012', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } }));
    await rejectsWith(clients.s3.send(new CreateBucketCommand({ Bucket: 'athena-results-123456789012', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } })), 'BucketAlreadyOwnedByYou', 409);
    // Without a configuration the SDK sends the client's region as the location constraint.
    await clients.s3.send(new CreateBucketCommand({ Bucket: 'other-bucket-123' }));
    assert.equal(demo.s3.buckets.get('other-bucket-123')?.region, 'us-west-2');
    await rejectsWith(
      clients.s3.send(new CreateBucketCommand({ Bucket: 'other-bucket-456', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })),
      'IllegalLocationConstraintException', 400,
    );
    const put = await clients.s3.send(new PutObjectCommand({ Bucket: 'athena-results-123456789012', Key: 'notes/a b+c.txt', Body: 'hello, S3', ContentType: 'text/plain' }));
    assert.match(put.ETag ?? '', /^"[0-9a-f]{32}"$/);
    const got = await clients.s3.send(new GetObjectCommand({ Bucket: 'athena-results-123456789012', Key: 'notes/a b+c.txt' }));
    assert.equal(await got.Body!.transformToString(), 'hello, S3');
    assert.equal(got.ContentType, 'text/plain');
    // The SDK sent a CRC32 with the object and asks for it back on GET: it checks the body against it.
    assert.equal(typeof got.ChecksumCRC32, 'string');
    demo.s3.put('athena-results-123456789012', 'tampered.txt', 'hello, S4', { checksums: { 'x-amz-checksum-crc32': got.ChecksumCRC32! } });
    const tampered = await clients.s3.send(new GetObjectCommand({ Bucket: 'athena-results-123456789012', Key: 'tampered.txt' }));
    await assert.rejects(tampered.Body!.transformToString(), /Checksum mismatch/);
    const streamed = Buffer.alloc(70_000, 'flow ');
    await clients.s3.send(new PutObjectCommand({ Bucket: 'athena-results-123456789012', Key: 'streamed.bin', Body: Readable.from([streamed]), ContentLength: streamed.length }));
    assert.deepEqual(demo.s3.buckets.get('athena-results-123456789012')?.objects.get('streamed.bin')?.body, streamed);
  });

  it('puts and gets the bucket policy log delivery needs, and refuses one that is not JSON', async () => {
    await rejectsWith(clients.s3.send(new GetBucketPolicyCommand({ Bucket: demo.bucket })), 'NoSuchBucketPolicy', 404);
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'AWSLogDeliveryWrite', Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${demo.bucket}/AWSLogs/${DEMO_ACCOUNT_ID}/*`,
        Condition: { StringEquals: { 'aws:SourceAccount': DEMO_ACCOUNT_ID, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }],
    });
    await clients.s3.send(new PutBucketPolicyCommand({ Bucket: demo.bucket, Policy: policy }));
    assert.equal((await clients.s3.send(new GetBucketPolicyCommand({ Bucket: demo.bucket }))).Policy, policy);
    await rejectsWith(clients.s3.send(new PutBucketPolicyCommand({ Bucket: demo.bucket, Policy: 'Allow everything' })), 'MalformedPolicy', 400);
    demo.s3.buckets.get(demo.bucket)!.policy = undefined;
  });

  it('adds the S3 flow logs to the demo account\'s DescribeFlowLogs, with their destination options', async () => {
    const out = await clients.ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [DEMO.vpc1.id] }] }));
    assert.deepEqual(out.FlowLogs?.map((f) => f.FlowLogId), [DEMO.flowLog.id, DEMO_S3.text.flowLogId, DEMO_S3.parquet.flowLogId]);
    assert.deepEqual(out.FlowLogs?.slice(1), demo.flowLogs);
    const s3Only = await clients.ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'log-destination-type', Values: ['s3'] }] }));
    assert.deepEqual(s3Only.FlowLogs?.map((f) => [f.FlowLogId, f.DestinationOptions?.FileFormat]), [[DEMO_S3.text.flowLogId, 'plain-text'], [DEMO_S3.parquet.flowLogId, 'parquet']]);
  });
});

describe('Fake S3 delivering other samples in their own formats', () => {
  const CUSTOM_V5 = '${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status} ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${flow-direction} ${traffic-path}';

  for (const [sample, format] of [['custom-v5.log', CUSTOM_V5], ['s3-export-v3.log.gz', undefined]] as const) {
    it(`delivers ${sample} with its format as the flow logs' LogFormat, in text and Parquet`, async () => {
      const fake = await new FakeAws().start();
      const clients = sdkClients(fake);
      try {
        const demo = await registerDemoS3(fake, { sample, ...(format ? { format } : {}) });
        const records = sampleRecords(sample, format);
        assert.equal(demo.flowLogs[0]!.LogFormat, records.format);
        if (!format) {
          assert.match(records.format, /^\$\{version\} \$\{vpc-id\} /, 'the format comes from the export\'s header line');
        }
        const text = demo.objects.find((o) => o.fileFormat === 'plain-text')!;
        const got = await clients.s3.send(new GetObjectCommand({ Bucket: demo.bucket, Key: text.key }));
        const [header, ...lines] = gunzipSync(Buffer.from(await got.Body!.transformToByteArray())).toString('utf8').trimEnd().split('\n');
        assert.equal(header, parseFormat(records.format).join(' '));
        assert.deepEqual(lines, text.lines);
        const parquet = demo.objects.find((o) => o.fileFormat === 'parquet')!;
        const bytes = await clients.s3.send(new GetObjectCommand({ Bucket: demo.bucket, Key: parquet.key }));
        const store = await parseParquet(Buffer.from(await bytes.Body!.transformToByteArray()));
        assert.deepEqual(store.toObjects(), parseFlowLogs(parquet.lines.join('\n'), { format: records.format }).toObjects());
        assert.deepEqual(demo.objects.filter((o) => o.fileFormat === 'parquet').flatMap((o) => o.lines), sampleWindows(sample, format).flatMap((w) => w.lines));
      } finally {
        clients.destroy();
        await fake.stop();
      }
    });
  }
});
