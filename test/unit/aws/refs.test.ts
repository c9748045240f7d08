import * as assert from 'node:assert/strict';
import { refArg, refLabel, type ResourceRef } from '../../../src/aws/refs';

describe('Typed resource references (what commands take)', () => {
  const create = ['vpc', 'subnet', 'networkInterface'] as const;

  it('reads plain ids from the palette or another command by their prefix', () => {
    assert.deepEqual(refArg('vpc-0a1', create), { kind: 'vpc', id: 'vpc-0a1' });
    assert.deepEqual(refArg('eni-0d4', create), { kind: 'networkInterface', id: 'eni-0d4' });
    assert.deepEqual(refArg('fl-0f6', ['flowLog']), { kind: 'flowLog', id: 'fl-0f6' });
    assert.equal(refArg('fl-1', create), undefined, 'a flow log is not something a flow log is created for');
    assert.equal(refArg(undefined, create), undefined);
  });

  it('takes a reference, or a tree node by the reference it carries, and nothing else of it', () => {
    const vpc: ResourceRef = { kind: 'vpc', id: 'vpc-0a1', region: 'us-west-2' };
    assert.equal(refArg(vpc, create), vpc);
    const node = { id: 'default@us-west-2/vpc-0a1', label: 'VPC 1', ref: vpc };
    assert.equal(refArg(node, create), vpc);
    const flowLog: ResourceRef = { kind: 'flowLog', id: 'fl-0f6', resourceId: 'vpc-0a1' };
    assert.equal(refArg({ ref: flowLog }, create), undefined, 'a node of another kind');
    assert.equal(refArg({ ref: flowLog }, ['flowLog']), flowLog);
    // Objects that merely look like nodes or models are not probed for ids.
    assert.equal(refArg({ vpcId: 'vpc-0a1' }, create), undefined);
    assert.equal(refArg({ contextValue: 'vpcFlowLogs.flowLog', flowLogId: 'fl-0f6' }, ['flowLog']), undefined);
    assert.equal(refArg({ id: 'us-west-2/vpc-0a1/eni-0d4' }, create), undefined);
  });

  it('reads a log group by its name or ARN, and names every kind for messages', () => {
    assert.deepEqual(refArg('/vpc/flow-logs', ['logGroup']), { kind: 'logGroup', name: '/vpc/flow-logs' });
    assert.deepEqual(refArg('arn:aws:logs:us-west-2:123456789012:log-group:VPCFlowLogsGroup:*', ['logGroup']), { kind: 'logGroup', name: 'VPCFlowLogsGroup' });
    assert.equal(refArg('arn:aws:s3:::bucket', ['logGroup']), undefined);
    assert.equal(refLabel({ kind: 'logStream', group: 'g', name: 'eni-1-all' }), 'eni-1-all');
    assert.equal(refLabel({ kind: 'subnet', id: 'subnet-0c3' }), 'subnet-0c3');
  });
});
