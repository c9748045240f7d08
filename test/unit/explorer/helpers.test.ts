import * as assert from 'node:assert/strict';
import { formatBytes } from '../../../src/common/format';
import { cidrsOverlap, formatRelative, formatUtc } from '../../../src/explorer/format';
import { cloudWatchFlowLogFor, flowLogsCovering, interfaceLabel, interfaceOfStream, streamNameFor } from '../../../src/explorer/inventory';
import { looksLikeRegion, profileChoices, profileKind, regionChoices } from '../../../src/explorer/pickerItems';
import type { FlowLogInfo, NetworkInterfaceInfo } from '../../../src/aws/models';

const flowLog = (id: string, resourceId: string, extra: Partial<FlowLogInfo> = {}): FlowLogInfo => ({
  id,
  name: undefined,
  resourceId,
  trafficType: 'ALL',
  destinationType: 'cloud-watch-logs',
  logGroupName: 'G',
  destination: undefined,
  logFormat: undefined,
  maxAggregationInterval: 60,
  status: 'ACTIVE',
  deliverLogsStatus: 'SUCCESS',
  deliverLogsError: undefined,
  deliverLogsRoleArn: undefined,
  createdAt: undefined,
  ...extra,
});

describe('Explorer helpers', () => {
  it('picks the most specific CloudWatch flow log of an interface, ALL traffic first', () => {
    const eni = { id: 'eni-1', subnetId: 'subnet-1', vpcId: 'vpc-1' };
    const logs = [
      flowLog('fl-vpc', 'vpc-1'),
      flowLog('fl-subnet-reject', 'subnet-1', { trafficType: 'REJECT' }),
      flowLog('fl-eni-s3', 'eni-1', { destinationType: 's3', logGroupName: undefined }),
      flowLog('fl-other', 'vpc-2'),
    ];
    assert.deepEqual(flowLogsCovering(eni, logs).map((f) => f.id), ['fl-eni-s3', 'fl-subnet-reject', 'fl-vpc']);
    assert.equal(cloudWatchFlowLogFor(eni, logs)?.id, 'fl-vpc');
    assert.equal(cloudWatchFlowLogFor(eni, logs.slice(1, 3))?.id, 'fl-subnet-reject');
    assert.equal(streamNameFor('eni-1', { trafficType: 'REJECT' }), 'eni-1-reject');
    assert.equal(interfaceOfStream('eni-0a1b2c3d4e5f60718-all'), 'eni-0a1b2c3d4e5f60718');
    assert.equal(interfaceOfStream('2024/11/27/[$LATEST]abc'), undefined);
  });

  it('labels an interface by its instance, its own Name or its description', () => {
    const eni = { id: 'eni-1', name: undefined, description: '' } as NetworkInterfaceInfo;
    assert.equal(interfaceLabel(eni, 'Instance 2'), 'Instance 2 (eni-1)');
    assert.equal(interfaceLabel({ ...eni, name: 'web' }, undefined), 'web (eni-1)');
    assert.equal(interfaceLabel({ ...eni, description: 'Interface for NAT Gateway nat-1' }, undefined), 'Interface for NAT Gateway nat-1 (eni-1)');
    assert.equal(interfaceLabel(eni, undefined), 'eni-1');
  });

  it('formats sizes, times and CIDR overlaps', () => {
    assert.equal(formatBytes(0), '0 B');
    // One formatBytes for the tree, the viewer and Logs Insights: binary units, named as such.
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(5 * 1024 * 1024 * 1024), '5.0 GiB');
    const now = Date.UTC(2024, 10, 27, 12, 0, 0);
    assert.equal(formatRelative(now - 30_000, now), '30 s ago');
    assert.equal(formatRelative(now - 5 * 60_000, now), '5 min ago');
    assert.equal(formatRelative(now - 3 * 3600_000, now), '3 h ago');
    assert.equal(formatRelative(now - 3 * 86400_000, now), '3 days ago');
    assert.equal(formatUtc(Date.UTC(2024, 10, 27, 8, 0, 0)), '2024-11-27 08:00:00 UTC');
    assert.ok(cidrsOverlap('10.2.0.0/16', '10.2.15.0/24'));
    assert.ok(cidrsOverlap('0.0.0.0/0', '10.1.0.0/16'));
    assert.ok(!cidrsOverlap('10.1.0.0/16', '10.2.0.0/16'));
    assert.ok(!cidrsOverlap('pl-123', '10.2.0.0/16'));
  });

  it('lists profiles with their region and kind, the current one marked', () => {
    const choices = profileChoices(
      ['default', 'sandbox', 'sso-dev'],
      { default: { region: 'us-west-2' }, sandbox: { region: 'eu-west-1' }, 'sso-dev': { sso_session: 'corp', region: 'us-east-1' } },
      { default: { aws_access_key_id: 'AKID' } },
      'sandbox',
    );
    assert.deepEqual(choices.map((c) => c.value), ['', 'default', 'sandbox', 'sso-dev']);
    assert.equal(choices.find((c) => c.picked)?.value, 'sandbox');
    assert.equal(choices[2]?.description, 'eu-west-1 · current');
    assert.equal(choices[1]?.detail, 'access key');
    assert.equal(choices[3]?.detail, 'AWS IAM Identity Center (SSO)');
    assert.equal(profileKind({ role_arn: 'arn:aws:iam::1:role/x' }), 'assumes arn:aws:iam::1:role/x');
  });

  it('offers the profile\'s region first, every known region, and a typed one', () => {
    const choices = regionChoices('eu-west-1', 'us-west-2');
    assert.equal(choices[0]?.value, '');
    assert.match(choices[0].label, /us-west-2/);
    assert.equal(choices.find((c) => c.picked)?.value, 'eu-west-1');
    assert.ok(choices.some((c) => c.value === 'ap-southeast-2'));
    assert.equal(regionChoices('', undefined, 'xx-future-9')[0]?.value, 'xx-future-9');
    assert.ok(!regionChoices('', undefined, 'not a region').some((c) => c.value === 'not a region'));
    assert.ok(looksLikeRegion('us-gov-west-1') && !looksLikeRegion('us-west'));
  });
});
