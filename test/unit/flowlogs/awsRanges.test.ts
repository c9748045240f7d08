// AWS's ip-ranges.json: longest-prefix match over nested prefixes, the most specific service of a
// prefix listed once per service, IPv6, and a document that is not the file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AwsIpRangesError, awsRangeLabel, parseAwsIpRanges } from '../../../src/flowlogs/awsRanges';

const fixture = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'ip-ranges.json');
const text = fs.readFileSync(fixture, 'utf8');

describe('AWS IP ranges', () => {
  const ranges = parseAwsIpRanges(text);

  it('reads the date and one entry per distinct prefix', () => {
    const doc = JSON.parse(text) as { prefixes: { ip_prefix: string }[]; ipv6_prefixes: { ipv6_prefix: string }[] };
    const distinct = new Set([...doc.prefixes.map((p) => p.ip_prefix), ...doc.ipv6_prefixes.map((p) => p.ipv6_prefix)]);
    assert.equal(ranges.size, distinct.size);
    assert.equal(ranges.date, '2024-11-27');
    assert.equal(ranges.syncToken, '1732738387');
  });

  it('names an address of a prefix only AMAZON lists with AMAZON and its region', () => {
    assert.equal(ranges.label('52.94.21.153'), 'AMAZON, us-west-2');
    assert.equal(ranges.lookup('52.94.21.153')?.prefix, '52.94.16.0/20');
    // The first and last address of the block are in it; the ones beside it are not.
    assert.equal(ranges.lookup('52.94.16.0')?.prefix, '52.94.16.0/20');
    assert.equal(ranges.lookup('52.94.31.255')?.prefix, '52.94.16.0/20');
    assert.equal(ranges.lookup('52.94.32.0'), undefined);
    assert.equal(ranges.lookup('52.94.15.255'), undefined);
  });

  it('prefers the most specific service when a prefix is listed once per service', () => {
    const range = ranges.lookup('54.188.21.73');
    assert.equal(range?.service, 'EC2');
    assert.deepEqual(range?.services, ['EC2', 'AMAZON']);
    assert.equal(awsRangeLabel(range), 'EC2, us-west-2');
    assert.equal(ranges.label('13.33.1.1'), 'CLOUDFRONT, GLOBAL');
  });

  it('takes the longest matching prefix inside nested ones, and the outer one around it', () => {
    // 18.237.140.160/29 (Instance Connect) lies inside 18.236.0.0/15 (EC2).
    assert.equal(ranges.label('18.237.140.165'), 'EC2_INSTANCE_CONNECT, us-west-2');
    assert.equal(ranges.label('18.237.140.159'), 'EC2, us-west-2');
    assert.equal(ranges.label('18.237.140.168'), 'EC2, us-west-2');
    assert.equal(ranges.label('18.236.0.1'), 'EC2, us-west-2');
    assert.equal(ranges.label('52.94.222.108'), 'DYNAMODB, us-west-2');
    assert.equal(ranges.label('52.94.209.1'), 'AMAZON, us-west-2');
  });

  it('looks up IPv6 addresses, nested prefixes included', () => {
    assert.equal(ranges.label('2600:1f14:1abc::1'), 'EC2, us-west-2');
    assert.equal(ranges.label('2600:1f14:fff:f8aa::1'), 'ROUTE53_HEALTHCHECKS, us-west-2');
    assert.equal(ranges.label('2600:1f14:4000::10'), 'S3, us-west-2');
    assert.equal(ranges.label('2600:9000:2000::1'), 'CLOUDFRONT, GLOBAL');
    assert.equal(ranges.label('2600:1f15::1'), undefined);
    assert.equal(ranges.label('fd00:ec2::254'), undefined);
  });

  it('knows nothing of private, reserved or malformed addresses', () => {
    for (const address of ['10.1.5.112', '169.254.169.254', '192.168.1.1', '8.8.8.8', 'not an address', '-', '']) {
      assert.equal(ranges.lookup(address), undefined, address);
    }
  });

  it('matches a brute-force scan of every prefix on many addresses', () => {
    const doc = JSON.parse(text) as { prefixes: { ip_prefix: string; service: string }[] };
    const blocks = doc.prefixes.map((p) => {
      const [base, bits] = p.ip_prefix.split('/') as [string, string];
      const value = base.split('.').reduce((v, o) => v * 256 + Number(o), 0);
      return { prefix: p.ip_prefix, start: value, end: value + 2 ** (32 - Number(bits)) - 1, bits: Number(bits) };
    });
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 3000; i++) {
      // Half the addresses near a block's edges, half anywhere.
      const block = blocks[random() % blocks.length]!;
      const value = i % 2 === 0 ? (block.start + (random() % 5) - 2 + (random() % 2) * (block.end - block.start)) >>> 0 : random() * 2;
      const v = value >>> 0;
      const address = `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
      const best = blocks.filter((b) => v >= b.start && v <= b.end).sort((a, b) => b.bits - a.bits)[0];
      assert.equal(ranges.lookup(address)?.prefix, best?.prefix, address);
    }
  });

  it('refuses a document that is not ip-ranges.json, and skips prefixes it cannot read', () => {
    assert.throws(() => parseAwsIpRanges('<html>'), AwsIpRangesError);
    assert.throws(() => parseAwsIpRanges({ hello: 'world' }), /no "prefixes" list/);
    const partial = parseAwsIpRanges({
      createDate: '2024-01-02-03-04-05',
      prefixes: [{ ip_prefix: '300.1.2.0/24', service: 'AMAZON' }, { ip_prefix: '3.5.0.0/33' }, { ip_prefix: '3.5.76.0/22', region: 'us-west-2', service: 'S3' }],
    });
    assert.equal(partial.size, 1);
    assert.equal(partial.label('3.5.77.1'), 'S3, us-west-2');
  });
});
