import * as assert from 'node:assert/strict';
import {
  dateFoldersNewestFirst, dayPrefix, deliveryLayout, hourPrefix, parseDateFolder, parseDeliveryKey, parseS3DestinationArn,
  prefixesForRange, type DeliveryKey, type S3DestinationOptions,
} from '../../../src/athena';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const t = (y: number, m: number, d: number, h = 0, min = 0): number => Date.UTC(y, m - 1, d, h, min) / 1000;

describe('S3 delivery layout', () => {
  it('reads the bucket and prefix of a destination ARN', () => {
    const cases: [string, string, string][] = [
      ['arn:aws:s3:::my-flow-logs', 'my-flow-logs', ''],
      ['arn:aws:s3:::my-flow-logs/', 'my-flow-logs', ''],
      ['arn:aws:s3:::my-flow-logs/vpc1', 'my-flow-logs', 'vpc1/'],
      ['arn:aws:s3:::my-flow-logs/team/vpc1/', 'my-flow-logs', 'team/vpc1/'],
      ['arn:aws-cn:s3:::logs.example.cn/x', 'logs.example.cn', 'x/'],
    ];
    for (const [arn, bucket, prefix] of cases) {
      assert.deepEqual(parseS3DestinationArn(arn), { bucket, prefix }, arn);
    }
    assert.throws(() => parseS3DestinationArn('arn:aws:logs:us-east-1:123456789012:log-group:x'), /S3 destination failed: .* is not an S3 bucket ARN/);
    assert.throws(() => parseS3DestinationArn('arn:aws:s3:::My_Bucket'), /"My_Bucket" is not a valid bucket name/);
    assert.throws(() => parseS3DestinationArn('arn:aws:s3:::b12/AWSLogs/x'), /cannot contain AWSLogs/);
  });

  const layouts: [string, S3DestinationOptions, string, string, string][] = [
    // options, delivery key prefix, day prefix (2024-11-27), hour prefix (08:00)
    ['plain, daily', {}, `vpc1/AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/`, '2024/11/27/', '2024/11/27/08/'],
    ['plain, per hour', { PerHourPartition: true }, `vpc1/AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/`, '2024/11/27/', '2024/11/27/08/'],
    ['Hive, daily', { HiveCompatiblePartitions: true, FileFormat: 'parquet' }, `vpc1/AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/aws-region=${REGION}/`, 'year=2024/month=11/day=27/', 'year=2024/month=11/day=27/hour=08/'],
    ['Hive, per hour', { HiveCompatiblePartitions: true, PerHourPartition: true, FileFormat: 'parquet' }, `vpc1/AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/aws-region=${REGION}/`, 'year=2024/month=11/day=27/', 'year=2024/month=11/day=27/hour=08/'],
  ];

  for (const [name, options, keyPrefix, day, hour] of layouts) {
    it(`${name}: the delivery's key prefix, location, and the prefixes of a day and an hour`, () => {
      const layout = deliveryLayout('arn:aws:s3:::my-flow-logs/vpc1', ACCOUNT, REGION, options);
      assert.equal(layout.keyPrefix, keyPrefix);
      assert.equal(layout.location, `s3://my-flow-logs/${keyPrefix}`);
      assert.equal(layout.fileFormat, options.FileFormat === 'parquet' ? 'parquet' : 'plain-text');
      assert.equal(dayPrefix(layout, { year: 2024, month: 11, day: 27 }), keyPrefix + day);
      assert.equal(hourPrefix(layout, { year: 2024, month: 11, day: 27, hour: 8 }), keyPrefix + hour);
    });
  }

  it('refuses an account or region that cannot be one', () => {
    assert.throws(() => deliveryLayout('arn:aws:s3:::b12', '1234', REGION), /"1234" is not a 12-digit account ID/);
    assert.throws(() => deliveryLayout('arn:aws:s3:::b12', ACCOUNT, 'US East'), /"US East" is not a region name/);
  });

  it('lists the day (or hour) prefixes of a time range, newest first', () => {
    const daily = deliveryLayout('arn:aws:s3:::b12', ACCOUNT, REGION);
    assert.deepEqual(prefixesForRange(daily, t(2024, 11, 30, 22), t(2024, 12, 2, 1)).map((p) => p.slice(daily.keyPrefix.length)),
      ['2024/12/02/', '2024/12/01/', '2024/11/30/']);
    const hourly = deliveryLayout('arn:aws:s3:::b12', ACCOUNT, REGION, { HiveCompatiblePartitions: true, PerHourPartition: true });
    assert.deepEqual(prefixesForRange(hourly, t(2024, 12, 31, 22, 30), t(2025, 1, 1, 0, 10)).map((p) => p.slice(hourly.keyPrefix.length)),
      ['year=2025/month=01/day=01/hour=00/', 'year=2024/month=12/day=31/hour=23/', 'year=2024/month=12/day=31/hour=22/']);
    assert.deepEqual(prefixesForRange(daily, t(2024, 1, 2), t(2024, 1, 1)), []);
  });

  // Real-looking keys of both layouts, per-hour on and off, text and Parquet.
  const keys: [string, Partial<DeliveryKey> | undefined][] = [
    [`AWSLogs/${ACCOUNT}/vpcflowlogs/us-east-1/2018/06/20/${ACCOUNT}_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz`,
      { prefix: '', accountId: ACCOUNT, region: 'us-east-1', hiveCompatiblePartitions: false, folder: { year: 2018, month: 6, day: 20 }, flowLogId: 'fl-1234abcd', timestamp: t(2018, 6, 20, 16, 20), hash: 'fe123456', fileFormat: 'plain-text', gzip: true }],
    [`vpc1/AWSLogs/${ACCOUNT}/vpcflowlogs/eu-west-1/2024/11/27/08/${ACCOUNT}_vpcflowlogs_eu-west-1_fl-0630869f236e76872_20241127T0805Z_ea4b0f55.log.gz`,
      { prefix: 'vpc1/', region: 'eu-west-1', folder: { year: 2024, month: 11, day: 27, hour: 8 }, flowLogId: 'fl-0630869f236e76872', timestamp: t(2024, 11, 27, 8, 5), fileFormat: 'plain-text' }],
    [`team/vpc1/AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/aws-region=us-west-2/year=2024/month=11/day=27/${ACCOUNT}_vpcflowlogs_us-west-2_fl-055401975c87952e8_20241127T2100Z_1ce1bf4b.log.parquet`,
      { prefix: 'team/vpc1/', region: 'us-west-2', hiveCompatiblePartitions: true, folder: { year: 2024, month: 11, day: 27 }, fileFormat: 'parquet', gzip: false }],
    [`AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/aws-region=us-west-2/year=2024/month=11/day=27/hour=21/${ACCOUNT}_vpcflowlogs_us-west-2_fl-055401975c87952e8_20241127T2105Z_1ce1bf4b.parquet`,
      { hiveCompatiblePartitions: true, folder: { year: 2024, month: 11, day: 27, hour: 21 }, timestamp: t(2024, 11, 27, 21, 5), fileFormat: 'parquet' }],
    // Not flow log deliveries: another service, folders of the other style, a name that disagrees with the folders, junk.
    [`AWSLogs/${ACCOUNT}/elasticloadbalancing/us-east-1/2024/11/27/${ACCOUNT}_elasticloadbalancing_us-east-1_app.x_20241127T0805Z_1.2.3.4_abc.log.gz`, undefined],
    [`AWSLogs/${ACCOUNT}/vpcflowlogs/us-east-1/year=2024/month=11/day=27/${ACCOUNT}_vpcflowlogs_us-east-1_fl-1234abcd_20241127T0805Z_fe123456.log.gz`, undefined],
    [`AWSLogs/${ACCOUNT}/vpcflowlogs/us-east-1/2024/11/27/210987654321_vpcflowlogs_us-east-1_fl-1234abcd_20241127T0805Z_fe123456.log.gz`, undefined],
    [`AWSLogs/${ACCOUNT}/vpcflowlogs/us-east-1/2024/13/27/${ACCOUNT}_vpcflowlogs_us-east-1_fl-1234abcd_20241127T0805Z_fe123456.log.gz`, undefined],
    [`AWSLogs/${ACCOUNT}/vpcflowlogs/us-east-1/2024/11/27/`, undefined],
    ['readme.txt', undefined],
  ];
  for (const [key, expected] of keys) {
    it(`parses ${expected ? 'the key' : 'no delivery from'} ${key.split('/').slice(-2).join('/').slice(0, 60)}`, () => {
      const parsed = parseDeliveryKey(key);
      if (expected === undefined) {
        assert.equal(parsed, undefined);
        return;
      }
      assert.ok(parsed);
      for (const [k, v] of Object.entries(expected)) {
        assert.deepEqual(parsed[k as keyof DeliveryKey], v, k);
      }
    });
  }

  it('a key made from a layout\'s hour prefix parses back to the same folders', () => {
    for (const options of [{}, { PerHourPartition: true }, { HiveCompatiblePartitions: true }, { HiveCompatiblePartitions: true, PerHourPartition: true }]) {
      const layout = deliveryLayout('arn:aws:s3:::my-flow-logs/x', ACCOUNT, 'ap-southeast-2', options);
      const folder = options.PerHourPartition ? hourPrefix(layout, { year: 2025, month: 2, day: 3, hour: 23 }) : dayPrefix(layout, { year: 2025, month: 2, day: 3 });
      const key = `${folder}${ACCOUNT}_vpcflowlogs_ap-southeast-2_fl-0a1b2c3d4e5f60718_20250203T2355Z_00c0ffee.log.gz`;
      const parsed = parseDeliveryKey(key)!;
      assert.equal(parsed.prefix, 'x/');
      assert.equal(parsed.hiveCompatiblePartitions, options.HiveCompatiblePartitions === true);
      assert.deepEqual(parsed.folder, options.PerHourPartition ? { year: 2025, month: 2, day: 3, hour: 23 } : { year: 2025, month: 2, day: 3 });
    }
  });

  it('turns ListObjectsV2 common prefixes into date folders, newest first, skipping what is not one', () => {
    const plain = deliveryLayout('arn:aws:s3:::b12', ACCOUNT, REGION, { PerHourPartition: true });
    const p = plain.keyPrefix;
    const days = dateFoldersNewestFirst(plain, [
      { Prefix: `${p}2024/11/26/` }, { Prefix: `${p}2024/11/28/` }, `${p}2024/11/27/`, { Prefix: `${p}2024/11/xx/` }, { Prefix: 'other/2024/11/29/' }, {},
    ]);
    assert.deepEqual(days.map((d) => d.label), ['2024-11-28', '2024-11-27', '2024-11-26']);
    assert.deepEqual(days[0], { prefix: `${p}2024/11/28/`, level: 'day', year: 2024, month: 11, day: 28, label: '2024-11-28', start: t(2024, 11, 28), end: t(2024, 11, 29) });
    assert.deepEqual(dateFoldersNewestFirst(plain, [`${p}2023/`, `${p}2025/`, `${p}2024/`]).map((d) => d.label), ['2025', '2024', '2023']);
    assert.deepEqual(dateFoldersNewestFirst(plain, [`${p}2024/01/`, `${p}2024/12/`]).map((d) => [d.label, d.end]), [['2024-12', t(2025, 1, 1)], ['2024-01', t(2024, 2, 1)]]);
    const hours = dateFoldersNewestFirst(plain, [`${p}2024/11/27/00/`, `${p}2024/11/27/23/`, `${p}2024/11/27/24/`]);
    assert.deepEqual(hours.map((h) => [h.label, h.level, h.hour]), [['2024-11-27 23:00', 'hour', 23], ['2024-11-27 00:00', 'hour', 0]]);

    const hive = deliveryLayout('arn:aws:s3:::b12', ACCOUNT, REGION, { HiveCompatiblePartitions: true });
    const h = hive.keyPrefix;
    assert.deepEqual(dateFoldersNewestFirst(hive, [`${h}year=2024/month=11/day=09/`, `${h}year=2024/month=11/day=10/`, `${h}2024/11/11/`]).map((d) => d.label), ['2024-11-10', '2024-11-09']);
    assert.equal(parseDateFolder(hive, `${h}year=2024/month=02/day=30/`), undefined);
    assert.equal(parseDateFolder(hive, `${h}year=2024/month=02/day=29/`)?.label, '2024-02-29');
    assert.equal(parseDateFolder(hive, `${h}year=2024/day=02/`), undefined);
  });
});
