import * as assert from 'node:assert/strict';
import { DescribeSecurityGroupRulesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { Ec2NetworkApi } from '../../../src/aws/ec2Network';
import { AwsProblemError } from '../../../src/aws/errors';
import { explainFlow, flowFromRecord } from '../../../src/network';
import { DEFAULT_FIELDS } from '../../../src/flowlogs';
import { DEMO, registerDemoAccount } from '../../fixtures/demoAccount';
import { DEMO_NET, DEMO_RECORDS, EC2_INSTANCE_CONNECT_RANGE } from '../../fixtures/demoNetwork';
import { registerDemoNetwork, type DemoNetworkFake } from '../../fixtures/demoNetworkFake';
import { FakeAws, FakeAwsError } from '../../integration/fakeAws';
import { awsTestEnv } from './awsTestEnv';

describe('EC2 network wrappers against the demo network (real SDK over loopback)', () => {
  const fake = new FakeAws();
  let env: ReturnType<typeof awsTestEnv>;
  let api: Ec2NetworkApi;
  let network: DemoNetworkFake;

  before(async () => {
    registerDemoAccount(await fake.start());
    network = registerDemoNetwork(fake);
    env = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url });
    api = new Ec2NetworkApi(env.factory);
  });
  after(async () => {
    env.dispose();
    await fake.stop();
  });
  beforeEach(() => {
    network.set({});
    fake.calls.length = 0;
  });

  it('reads the rules of the groups asked for, with a group-id filter on the server', async () => {
    const rules = await api.securityGroupRules([DEMO_NET.sg2.id, DEMO_NET.sg2.id]);
    assert.deepEqual(rules.map((r) => r.SecurityGroupRuleId).sort(), [DEMO_NET.rules.sg2Ssh, DEMO_NET.rules.sg2Egress].sort());
    const ssh = rules.find((r) => r.SecurityGroupRuleId === DEMO_NET.rules.sg2Ssh);
    assert.equal(ssh?.CidrIpv4, EC2_INSTANCE_CONNECT_RANGE);
    assert.equal(ssh?.FromPort, 22);
    const params = fake.callsOf('ec2', 'DescribeSecurityGroupRules')[0]!.params;
    assert.equal(params['Filter.1.Name'], 'group-id');
    assert.equal(params['Filter.1.Value.2'], undefined, 'a group is asked for once');
  });

  it('reads network ACLs with their entries and associations, and security groups by id', async () => {
    network.set({ customAclOnSubnet2: true });
    const acls = await api.networkAcls([DEMO.vpc2.id]);
    const locked = acls.find((a) => a.NetworkAclId === DEMO_NET.aclLocked);
    assert.equal(locked?.Associations?.[0]?.SubnetId, DEMO.subnet2.id);
    assert.equal(locked?.Entries?.filter((e) => e.Egress).length, 4);
    assert.equal(fake.callsOf('ec2', 'DescribeNetworkAcls')[0]!.params['Filter.1.Name'], 'vpc-id');
    const [group] = await api.securityGroups([DEMO_NET.sg1.id]);
    assert.equal(group?.GroupName, DEMO_NET.sg1.name);
  });

  it('reads a managed prefix list\'s CIDR blocks', async () => {
    assert.deepEqual(await api.prefixListEntries(DEMO_NET.instanceConnectPrefixList), [EC2_INSTANCE_CONNECT_RANGE]);
  });

  it('gathers the network around a VPC and its peer, enough to explain the tutorial\'s ping', async () => {
    const around = await api.network(DEMO.vpc2.id);
    assert.deepEqual(around.vpcIds.sort(), [DEMO.vpc1.id, DEMO.vpc2.id].sort());
    assert.deepEqual(around.interfaces.map((e) => e.NetworkInterfaceId).sort(), [DEMO.eni1.id, DEMO.eni2.id].sort());
    assert.ok(around.securityGroupRules.some((r) => r.GroupId === DEMO_NET.sg1.id) && around.securityGroupRules.some((r) => r.GroupId === DEMO_NET.sg2.id));
    const values = DEMO_RECORDS.pingRejectAtInstance2.split(' ');
    const flow = flowFromRecord(Object.fromEntries(DEFAULT_FIELDS.map((f, i) => [f, values[i]])));
    assert.ok(flow);
    const why = explainFlow(flow, around);
    assert.equal(why.verdict, 'security-group');
    assert.ok(why.rules.some((r) => r.groupId === DEMO_NET.sg2.id), why.text);

    network.set({ icmpFromVpc1OnInstance2: true });
    const fixed = await api.network(DEMO.vpc2.id);
    assert.equal(explainFlow(flow, fixed).verdict, 'allowed');
  });

  it('runs a Reachability Analyzer path and analysis, then deletes both', async () => {
    const pathId = await api.createInsightsPath({ source: DEMO.eni1.id, destination: DEMO.eni2.id, protocol: 'tcp', destinationPort: 22, clientToken: 'token-1' });
    const analysisId = await api.startInsightsAnalysis(pathId, 'token-2');
    assert.equal((await api.insightsAnalysis(analysisId))?.Status, 'running');
    const done = await api.insightsAnalysis(analysisId);
    assert.equal(done?.Status, 'succeeded');
    assert.equal(done?.NetworkPathFound, false);
    await api.deleteInsightsAnalysis(analysisId);
    await api.deleteInsightsPath(pathId);
    assert.equal(network.paths.size, 0);
    assert.deepEqual(network.deletedAnalyses, [analysisId]);
  });

  it('names the permission to add when DescribeSecurityGroupRules is denied', async () => {
    fake.on('ec2', 'DescribeSecurityGroupRules', () => {
      throw new FakeAwsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
    });
    try {
      await assert.rejects(api.network(DEMO.vpc1.id), (error: unknown) => {
        assert.ok(error instanceof AwsProblemError);
        assert.equal(error.problem.deniedAction, 'ec2:DescribeSecurityGroupRules');
        return true;
      });
    } finally {
      registerDemoNetwork(fake);
    }
  });
});

describe('EC2 network wrappers: paging (SDK stubbed at the client)', () => {
  let mock: ReturnType<typeof mockClient>;
  let env: ReturnType<typeof awsTestEnv>;

  before(() => {
    mock = mockClient(EC2Client);
    env = awsTestEnv({ region: 'us-west-2' });
  });
  after(() => {
    mock.restore();
    env.dispose();
  });

  it('asks for many groups 200 at a time and follows each chunk\'s pages', async () => {
    mock.on(DescribeSecurityGroupRulesCommand).callsFake((input: { NextToken?: string; Filters?: { Values?: string[] }[] }) =>
      input.NextToken ? { SecurityGroupRules: [{ SecurityGroupRuleId: `last-${input.Filters?.[0]?.Values?.length}` }] } : { SecurityGroupRules: [{ SecurityGroupRuleId: 'first' }], NextToken: 'more' },
    );
    const ids = Array.from({ length: 250 }, (_, i) => `sg-${i}`);
    const rules = await new Ec2NetworkApi(env.factory).securityGroupRules(ids);
    assert.deepEqual(rules.map((r) => r.SecurityGroupRuleId), ['first', 'last-200', 'first', 'last-50']);
  });
});
