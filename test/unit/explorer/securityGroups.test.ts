import * as assert from 'node:assert/strict';
import { ErrorNode, type ExplorerNode } from '../../../src/explorer/nodes/base';
import { type NetworkAclNode, type SecurityGroupNode, VpcsRoot } from '../../../src/explorer/nodes/vpcs';
import { DEMO, registerDemoAccount } from '../../fixtures/demoAccount';
import { DEMO_NET, EC2_INSTANCE_CONNECT_RANGE } from '../../fixtures/demoNetwork';
import { registerDemoNetwork, type DemoNetworkFake } from '../../fixtures/demoNetworkFake';
import { FakeAws, FakeAwsError } from '../../integration/fakeAws';
import { awsTestEnv } from '../aws/awsTestEnv';
import { childNamed, rows, testContext } from './testContext';

/** Labels of a node's rows, each with its descendants' indented below it (as the tree shows them expanded). */
async function outline(node: ExplorerNode, depth = 0): Promise<string[]> {
  const lines: string[] = [];
  for (const { node: child, view } of await rows(node)) {
    lines.push(`${'  '.repeat(depth)}${view.label}${view.icon?.id === 'warning' ? ' [!]' : ''}`);
    if (child.children && view.collapsible !== 'none') {
      lines.push(...(await outline(child, depth + 1)));
    }
  }
  return lines;
}

describe('Security groups and network ACLs in the VPCs tree', () => {
  const fake = new FakeAws();
  let env: ReturnType<typeof awsTestEnv>;
  let network: DemoNetworkFake;

  before(async () => {
    await fake.start();
  });
  after(async () => {
    await fake.stop();
  });
  beforeEach(() => {
    registerDemoAccount(fake);
    network = registerDemoNetwork(fake, { sshFromInternetOnInstance1: true });
    fake.calls.length = 0;
    env = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url }, 1);
  });
  afterEach(() => env.dispose());

  const vpcNamed = async (name: string, t = testContext(env.factory)): Promise<ExplorerNode> => childNamed(new VpcsRoot(t.context), name);

  it("lists each group's rules readably and flags SSH open to the internet", async () => {
    const folder = await childNamed(await vpcNamed(DEMO.vpc1.name), 'Security groups');
    assert.deepEqual(await outline(folder), [
      `${DEMO_NET.sg1.name} [!]`,
      '  Inbound rules',
      `    TCP 22 from ${EC2_INSTANCE_CONNECT_RANGE}`,
      '    All ICMP from 0.0.0.0/0',
      '    TCP 22 from 0.0.0.0/0 [!]',
      '  Outbound rules',
      '    All traffic to 0.0.0.0/0',
    ]);
    const group = (await rows(folder))[0]!;
    assert.match(group.view.description!, new RegExp(`^1 risky rule · ${DEMO_NET.sg1.id} · 3 in / 1 out$`));
    assert.equal(group.view.contextValue, 'vpcFlowLogs.securityGroup+risky+arn');
    assert.deepEqual((group.node as SecurityGroupNode).ref, { kind: 'securityGroup', id: DEMO_NET.sg1.id, vpcId: DEMO.vpc1.id, region: 'us-west-2' });
    const risky = (group.node as SecurityGroupNode).ruleNode(DEMO_NET.rules.sg1SshFromInternet)!;
    assert.match(risky.view().tooltip!, /SSH \\\(22\\\) open to the whole internet \\\(0\.0\.0\.0\/0\\\)/);
    assert.equal(risky.resourceId, DEMO_NET.rules.sg1SshFromInternet);
    // VPC 2's group allows SSH only from EC2 Instance Connect: nothing flagged.
    const folder2 = await childNamed(await vpcNamed(DEMO.vpc2.name), 'Security groups');
    assert.deepEqual((await rows(folder2)).map((r) => [r.view.label, r.view.icon?.id]), [[DEMO_NET.sg2.name, 'shield']]);
  });

  it('lists network ACL entries in rule-number order with the final * deny, and the subnets associated', async () => {
    network.set({ customAclOnSubnet2: true });
    const folder = await childNamed(await vpcNamed(DEMO.vpc2.name), 'Network ACLs');
    const acls = await rows(folder);
    assert.deepEqual(acls.map((r) => [r.view.label, r.view.description]), [
      [DEMO_NET.acl2, 'default · no subnets'],
      ['Subnet 2 locked down', `${DEMO_NET.aclLocked} · 1 subnet`],
    ]);
    assert.deepEqual(await outline(acls[1]!.node), [
      'Inbound entries',
      `  100 ALLOW TCP 22 from ${EC2_INSTANCE_CONNECT_RANGE}`,
      `  110 ALLOW All ICMP from ${DEMO.vpc1.cidr}`,
      '  120 ALLOW TCP 49152-65535 from 0.0.0.0/0',
      '  * DENY All traffic from 0.0.0.0/0',
      'Outbound entries',
      '  100 ALLOW TCP 443 to 0.0.0.0/0',
      '  110 ALLOW TCP 49152-65535 to 0.0.0.0/0',
      `  120 ALLOW All ICMP to ${DEMO.vpc1.cidr}`,
      '  * DENY All traffic to 0.0.0.0/0',
      'Subnets',
      `  ${DEMO.subnet2.name}`,
    ]);
    const final = (acls[1]!.node as NetworkAclNode).entryNode(32767, true)!;
    assert.equal(final.view().label, '* DENY All traffic to 0.0.0.0/0');
    assert.equal(final.view().icon?.id, 'circle-slash');
  });

  it('reads the network once for both folders, and again after a refresh', async () => {
    const t = testContext(env.factory);
    const vpc = await vpcNamed(DEMO.vpc1.name, t);
    const count = (): number => fake.calls.filter((c) => c.action === 'DescribeSecurityGroupRules').length;
    await rows(await childNamed(vpc, 'Security groups'));
    assert.equal(count(), 1);
    const acls = await childNamed(vpc, 'Network ACLs');
    await rows(acls);
    // The test context does not cache (the extension shares NetworkContexts); a refresh drops the VPC's network.
    acls.invalidate!();
    assert.deepEqual(t.forgotten, [DEMO.vpc1.id]);
  });

  it("links an interface to its groups, and shows a missing permission as an error row that retries", async () => {
    const vpc = await vpcNamed(DEMO.vpc1.name);
    const eni = await childNamed(await childNamed(vpc, 'Network interfaces'), DEMO.eni1.id);
    assert.equal(eni.view().collapsible, 'collapsed');
    const [group] = await rows(eni);
    assert.equal(group!.view.label, DEMO_NET.sg1.name);
    assert.equal(group!.view.command?.command, 'vpcFlowLogs.revealInExplorer');
    assert.deepEqual(group!.view.command?.arguments, [{ kind: 'securityGroup', id: DEMO_NET.sg1.id, vpcId: DEMO.vpc1.id, region: 'us-west-2' }]);

    fake.on('ec2', 'DescribeSecurityGroupRules', () => {
      throw new FakeAwsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
    });
    const folder = await childNamed(vpc, 'Security groups');
    const [error] = await rows(folder);
    assert.ok(error!.node instanceof ErrorNode);
    assert.match(error!.view.label, /Access denied: ec2:DescribeSecurityGroupRules/);
    registerDemoNetwork(fake, { sshFromInternetOnInstance1: true });
    (error!.node).retry();
    assert.equal((await rows(folder))[0]!.view.label, DEMO_NET.sg1.name);
  });
});
