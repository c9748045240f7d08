import * as assert from 'node:assert/strict';
import {
  CreateNetworkInsightsPathCommand, DeleteNetworkInsightsAnalysisCommand, DeleteNetworkInsightsPathCommand, DescribeNetworkAclsCommand,
  DescribeNetworkInsightsAnalysesCommand, DescribeNetworkInterfacesCommand, DescribeRouteTablesCommand, DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand, GetManagedPrefixListEntriesCommand, StartNetworkInsightsAnalysisCommand, paginateDescribeSecurityGroupRules,
  type CreateNetworkInsightsPathCommandInput, type NetworkInsightsAnalysis, type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { DEMO, registerDemoAccount } from '../../fixtures/demoAccount';
import { DEMO_NET, EC2_INSTANCE_CONNECT_RANGE, demoNetwork } from '../../fixtures/demoNetwork';
import { DEFAULT_VPC_ROUTE_TABLE, demoSecurityGroups, registerDemoNetwork, type DemoNetworkFake } from '../../fixtures/demoNetworkFake';
import { FakeAws } from '../../integration/fakeAws';
import { sdkClients } from './sdkClients';

const groupFilter = (id: string) => [{ Name: 'group-id', Values: [id] }];

describe('Fake EC2 network APIs (demoNetwork through the real EC2 client)', () => {
  const fake = new FakeAws();
  let network: DemoNetworkFake;
  let clients: ReturnType<typeof sdkClients>;

  before(async () => {
    registerDemoAccount(await fake.start());
    network = registerDemoNetwork(fake);
    clients = sdkClients(fake);
  });
  after(async () => {
    clients.destroy();
    await fake.stop();
  });
  beforeEach(() => {
    network.set({});
    fake.calls.length = 0;
  });

  it('returns a group\'s rules exactly as demoNetwork holds them, filtered on the server by group-id', async () => {
    const out = await clients.ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: groupFilter(DEMO_NET.sg2.id) }));
    assert.deepEqual(out.SecurityGroupRules, demoNetwork().securityGroupRules.filter((r) => r.GroupId === DEMO_NET.sg2.id));
    const params = fake.callsOf('ec2', 'DescribeSecurityGroupRules')[0]!.params;
    assert.equal(params['Filter.1.Name'], 'group-id');
    assert.equal(params['Filter.1.Value.1'], DEMO_NET.sg2.id);
  });

  it('pages rules with MaxResults and NextToken, and refuses a MaxResults below 5 as EC2 does', async () => {
    network.set({ icmpFromVpc1OnInstance2: true });
    const pages: SecurityGroupRule[][] = [];
    for await (const page of paginateDescribeSecurityGroupRules({ client: clients.ec2, pageSize: 5 }, {})) {
      pages.push(page.SecurityGroupRules ?? []);
    }
    assert.deepEqual(pages.map((p) => p.length), [5, 1]);
    assert.deepEqual(pages.flat(), demoNetwork({ icmpFromVpc1OnInstance2: true }).securityGroupRules);
    assert.equal(typeof fake.callsOf('ec2', 'DescribeSecurityGroupRules')[1]?.params['NextToken'], 'string');
    await assert.rejects(clients.ec2.send(new DescribeSecurityGroupRulesCommand({ MaxResults: 3 })), (e: Error) => e.name === 'InvalidParameterValue');
  });

  it('serves the variant set between calls: the ICMP rule appears on instance 2\'s group when the test adds it', async () => {
    const ask = async () => (await clients.ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: groupFilter(DEMO_NET.sg2.id) }))).SecurityGroupRules ?? [];
    assert.equal((await ask()).some((r) => r.IpProtocol === 'icmp'), false);
    network.set({ icmpFromVpc1OnInstance2: true });
    const icmp = (await ask()).find((r) => r.IpProtocol === 'icmp');
    assert.equal(icmp?.SecurityGroupRuleId, DEMO_NET.rules.sg2IcmpFromVpc1);
    assert.equal(icmp?.CidrIpv4, DEMO.vpc1.cidr);
    assert.equal(icmp?.FromPort, -1);
  });

  it('reads unknown rule ids as EC2\'s NotFound error', async () => {
    await assert.rejects(
      clients.ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: ['sgr-00000000000000000'] })),
      (e: Error) => e.name === 'InvalidSecurityGroupRuleId.NotFound' && /sgr-00000000000000000/.test(e.message),
    );
  });

  it('returns security groups with their permissions (groupDescription, groups, no ports on all-traffic)', async () => {
    const out = await clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [DEMO_NET.sg1.id, DEMO_NET.sg2.id] }));
    assert.deepEqual(out.SecurityGroups, demoSecurityGroups());
    const sg1 = (out.SecurityGroups ?? []).find((g) => g.GroupId === DEMO_NET.sg1.id)!;
    assert.match(sg1.Description ?? '', /^launch-wizard-1 created /);
    assert.deepEqual(sg1.IpPermissions?.map((p) => [p.IpProtocol, p.FromPort, p.ToPort, p.IpRanges?.map((r) => r.CidrIp)]), [
      ['tcp', 22, 22, [EC2_INSTANCE_CONNECT_RANGE]],
      ['icmp', -1, -1, ['0.0.0.0/0']],
    ]);
    assert.deepEqual(sg1.IpPermissionsEgress?.map((p) => [p.IpProtocol, p.FromPort, p.ToPort]), [['-1', undefined, undefined]]);
    await assert.rejects(clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-00000000000000000'] })), (e: Error) => e.name === 'InvalidGroup.NotFound');
  });

  it('returns a subnet\'s network ACL by association.subnet-id, entries with port ranges and ICMP types intact', async () => {
    const bySubnet = async () => (await clients.ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [DEMO.subnet2.id] }] }))).NetworkAcls;
    const byId = (options: Parameters<typeof demoNetwork>[0], id: string) => demoNetwork(options).networkAcls.filter((a) => a.NetworkAclId === id);
    assert.deepEqual(await bySubnet(), byId({}, DEMO_NET.acl2));
    network.set({ customAclOnSubnet2: true });
    const locked = await bySubnet();
    assert.deepEqual(locked, byId({ customAclOnSubnet2: true }, DEMO_NET.aclLocked));
    assert.equal(locked?.[0]?.IsDefault, false);
    const entries = locked?.[0]?.Entries ?? [];
    assert.deepEqual(entries.find((e) => e.RuleNumber === 110 && e.Egress === true)?.PortRange, { From: 49152, To: 65535 });
    assert.deepEqual(entries.find((e) => e.RuleNumber === 110 && e.Egress === false)?.IcmpTypeCode, { Type: -1, Code: -1 });
    const inVpc2 = await clients.ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [DEMO.vpc2.id] }] }));
    assert.deepEqual(inVpc2.NetworkAcls?.map((a) => [a.NetworkAclId, a.IsDefault]), [[DEMO_NET.acl2, true], [DEMO_NET.aclLocked, false]]);
  });

  it('returns route tables as demoNetwork holds them, the peering route in VPC 1 only in that variant', async () => {
    const vpc1 = async () => (await clients.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [DEMO.vpc1.id] }] }))).RouteTables;
    assert.deepEqual(await vpc1(), demoNetwork().routeTables.filter((t) => t.VpcId === DEMO.vpc1.id));
    network.set({ peeringRouteInVpc1: true });
    const routes = (await vpc1())?.[0]?.Routes ?? [];
    assert.deepEqual(routes.find((r) => r.VpcPeeringConnectionId), { DestinationCidrBlock: DEMO.vpc2.cidr, VpcPeeringConnectionId: DEMO.peering.id, Origin: 'CreateRoute', State: 'active' });
    const all = await clients.ec2.send(new DescribeRouteTablesCommand({}));
    assert.deepEqual(all.RouteTables?.at(-1), DEFAULT_VPC_ROUTE_TABLE);
  });

  it('resolves the EC2 Instance Connect prefix list, and an unknown list as EC2\'s NotFound error', async () => {
    const out = await clients.ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: DEMO_NET.instanceConnectPrefixList }));
    assert.deepEqual(out.Entries, [{ Cidr: EC2_INSTANCE_CONNECT_RANGE }]);
    await assert.rejects(clients.ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: 'pl-00000000' })), (e: Error) => e.name === 'InvalidPrefixListID.NotFound');
  });

  it('answers nothing outside us-west-2, as the demo account does', async () => {
    const elsewhere = sdkClients(fake, 'eu-west-1');
    try {
      const out = await elsewhere.ec2.send(new DescribeSecurityGroupRulesCommand({}));
      assert.deepEqual(out.SecurityGroupRules, []);
    } finally {
      elsewhere.destroy();
    }
  });

  describe('Reachability Analyzer', () => {
    /** Creates a path, starts an analysis, polls until it is not running; returns the polls seen. */
    async function analyse(input: CreateNetworkInsightsPathCommandInput): Promise<{ statuses: string[]; analysis: NetworkInsightsAnalysis; pathId: string }> {
      const { NetworkInsightsPath: path } = await clients.ec2.send(new CreateNetworkInsightsPathCommand(input));
      const { NetworkInsightsAnalysis: started } = await clients.ec2.send(new StartNetworkInsightsAnalysisCommand({ NetworkInsightsPathId: path!.NetworkInsightsPathId }));
      const statuses = [started!.Status!];
      let analysis = started!;
      while (analysis.Status === 'running' && statuses.length < 5) {
        const out = await clients.ec2.send(new DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsAnalysisIds: [started!.NetworkInsightsAnalysisId!] }));
        analysis = out.NetworkInsightsAnalyses![0]!;
        statuses.push(analysis.Status!);
      }
      return { statuses, analysis, pathId: path!.NetworkInsightsPathId! };
    }
    const sshFromInstance1: CreateNetworkInsightsPathCommandInput = { Source: DEMO.eni1.id, Destination: DEMO.eni2.id, Protocol: 'tcp', DestinationPort: 22 };

    it('is running on the first poll, then finds no route from VPC 1 (the peering route is missing)', async () => {
      const { statuses, analysis } = await analyse(sshFromInstance1);
      assert.deepEqual(statuses, ['running', 'running', 'succeeded']);
      assert.equal(analysis.NetworkPathFound, false);
      assert.equal(analysis.Explanations?.[0]?.ExplanationCode, 'NO_ROUTE_TO_DESTINATION');
      assert.equal(analysis.Explanations?.[0]?.RouteTable?.Id, DEMO_NET.rtb1);
    });

    it('names instance 2\'s security group (ENI_SG_RULES_MISMATCH, ingress) once the route exists', async () => {
      network.set({ peeringRouteInVpc1: true });
      const { analysis } = await analyse(sshFromInstance1);
      const [why] = analysis.Explanations ?? [];
      assert.equal(analysis.NetworkPathFound, false);
      assert.equal(why?.ExplanationCode, 'ENI_SG_RULES_MISMATCH');
      assert.equal(why?.Direction, 'ingress');
      assert.equal(why?.NetworkInterface?.Id, DEMO.eni2.id);
      assert.deepEqual(why?.SecurityGroups?.map((g) => g.Id), [DEMO_NET.sg2.id]);
    });

    it('finds SSH from EC2 Instance Connect, and the locked-down ACL\'s denied reply for a Linux client port', async () => {
      const fromInstanceConnect: CreateNetworkInsightsPathCommandInput = {
        Source: DEMO_NET.igw2, Destination: DEMO.instance2.id, Protocol: 'tcp', DestinationPort: 22,
        FilterAtSource: { SourceAddress: '18.237.140.165', SourcePortRange: { FromPort: 48024, ToPort: 48024 } },
      };
      const open = await analyse(fromInstanceConnect);
      assert.equal(open.analysis.NetworkPathFound, true);
      assert.ok((open.analysis.ForwardPathComponents ?? []).some((c) => c.SecurityGroupRule?.SecurityGroupId === DEMO_NET.sg2.id));
      network.set({ customAclOnSubnet2: true });
      const locked = await analyse(fromInstanceConnect);
      const [why] = locked.analysis.Explanations ?? [];
      assert.equal(locked.analysis.NetworkPathFound, false);
      assert.equal(why?.ExplanationCode, 'SUBNET_ACL_RESTRICTION');
      assert.equal(why?.Acl?.Id, DEMO_NET.aclLocked);
      assert.equal(why?.Direction, 'egress');
      assert.equal(why?.AclRule?.RuleNumber, 32767);
    });

    it('refuses an ICMP path (the API takes TCP and UDP only), and deletes paths and analyses', async () => {
      await assert.rejects(
        clients.ec2.send(new CreateNetworkInsightsPathCommand({ ...sshFromInstance1, Protocol: 'icmp' as 'tcp' })),
        (e: Error) => e.name === 'InvalidParameterValue',
      );
      const billed = network.analyses.length;
      const { analysis, pathId } = await analyse(sshFromInstance1);
      assert.equal(network.analyses.length, billed + 1);
      const id = analysis.NetworkInsightsAnalysisId!;
      assert.equal((await clients.ec2.send(new DeleteNetworkInsightsAnalysisCommand({ NetworkInsightsAnalysisId: id }))).NetworkInsightsAnalysisId, id);
      assert.equal((await clients.ec2.send(new DeleteNetworkInsightsPathCommand({ NetworkInsightsPathId: pathId }))).NetworkInsightsPathId, pathId);
      assert.equal(network.paths.has(pathId), false);
      await assert.rejects(clients.ec2.send(new DeleteNetworkInsightsPathCommand({ NetworkInsightsPathId: pathId })), (e: Error) => e.name === 'InvalidNetworkInsightsPathId.NotFound');
      await assert.rejects(
        clients.ec2.send(new DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsAnalysisIds: [id] })),
        (e: Error) => e.name === 'InvalidNetworkInsightsAnalysisId.NotFound',
      );
    });
  });
});

describe('demoAccount and demoNetwork describe one account', () => {
  const fake = new FakeAws();
  let clients: ReturnType<typeof sdkClients>;

  before(async () => {
    await fake.start();
    clients = sdkClients(fake);
  });
  after(async () => {
    clients.destroy();
    await fake.stop();
  });

  for (const peeringRouteInVpc1 of [false, true]) {
    it(`demoAccount's own DescribeRouteTables equals demoNetwork's tables (peering route in VPC 1: ${peeringRouteInVpc1})`, async () => {
      registerDemoAccount(fake, { peeringRouteInVpc1 });
      const out = await clients.ec2.send(new DescribeRouteTablesCommand({}));
      assert.deepEqual(out.RouteTables, [...demoNetwork({ peeringRouteInVpc1 }).routeTables, DEFAULT_VPC_ROUTE_TABLE]);
    });
  }

  it('demoAccount\'s interfaces carry the addresses, subnets and groups demoNetwork gives the evaluator', async () => {
    registerDemoAccount(fake);
    const out = await clients.ec2.send(new DescribeNetworkInterfacesCommand({}));
    const essentials = (list: typeof out.NetworkInterfaces) => (list ?? []).map((i) => ({
      id: i.NetworkInterfaceId, subnet: i.SubnetId, vpc: i.VpcId, ips: i.PrivateIpAddresses?.map((p) => p.PrivateIpAddress), groups: i.Groups,
    }));
    assert.deepEqual(essentials(out.NetworkInterfaces), essentials(demoNetwork().interfaces));
  });
});
