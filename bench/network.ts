/**
 * The network evaluator's cost: how many flow log records `explainFlow` explains per second against a
 * synthetic account of realistic size (BENCH_INTERFACES interfaces, default 300, each with two groups
 * of 25 rules; 10 subnets with 20-entry ACLs; one route table per subnet), the viewer's case of
 * explaining every REJECT of a large log. The baseline, measured in the same run, rebuilds the
 * network's look-ups for every record, as a caller that copies the network each time would.
 *
 * Run: `npm run compile-tests && node out/bench/network.js` (BENCH_EXPLAINS, default 100000).
 */
import type { NetworkAcl, NetworkInterface, RouteTable, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { explainFlow, type Flow, type Network } from '../src/network';
import { rng } from './generate';

const INTERFACES = Number(process.env['BENCH_INTERFACES'] ?? 300);
const EXPLAINS = Number(process.env['BENCH_EXPLAINS'] ?? 100_000);
const random = rng(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const PORTS = [22, 80, 443, 3306, 5432, 6379, 8080, 9200, 3389, 53];

function synthetic(): { network: Network; flows: Flow[] } {
  const subnets = Array.from({ length: 10 }, (_, i) => ({ id: `subnet-${i}`, cidr: `10.0.${i}.0/24` }));
  const groups = Array.from({ length: 40 }, (_, i) => `sg-${i.toString(16).padStart(8, '0')}`);
  const securityGroupRules: SecurityGroupRule[] = [];
  for (const g of groups) {
    for (let r = 0; r < 25; r++) {
      const egress = r >= 22;
      const port = pick(PORTS);
      securityGroupRules.push({
        SecurityGroupRuleId: `sgr-${g.slice(3)}${r}`, GroupId: g, IsEgress: egress, IpProtocol: egress ? '-1' : pick(['tcp', 'tcp', 'udp', 'icmp']),
        FromPort: egress ? -1 : port, ToPort: egress ? -1 : port,
        ...(r % 5 === 4 ? { ReferencedGroupInfo: { GroupId: pick(groups) } } : { CidrIpv4: pick(['10.0.0.0/16', '0.0.0.0/0', `10.0.${r % 10}.0/24`, '198.51.100.0/24']) }),
      });
    }
  }
  const interfaces: NetworkInterface[] = Array.from({ length: INTERFACES }, (_, i) => {
    const subnet = subnets[i % subnets.length]!;
    return {
      NetworkInterfaceId: `eni-${i.toString(16).padStart(17, '0')}`, SubnetId: subnet.id, VpcId: 'vpc-1',
      PrivateIpAddresses: [{ PrivateIpAddress: `10.0.${i % subnets.length}.${10 + Math.floor(i / subnets.length)}` }],
      Groups: [{ GroupId: pick(groups) }, { GroupId: pick(groups) }],
    };
  });
  const networkAcls: NetworkAcl[] = subnets.map((s, i) => ({
    NetworkAclId: `acl-${i}`, VpcId: 'vpc-1', Associations: [{ SubnetId: s.id }],
    Entries: Array.from({ length: 20 }, (_, r) => ({
      RuleNumber: (r + 1) * 10, Egress: r >= 10, RuleAction: r % 10 === 9 ? 'allow' : pick(['allow', 'deny']), Protocol: r % 10 === 9 ? '-1' : '6',
      CidrBlock: r % 10 === 9 ? '0.0.0.0/0' : `${pick(['10.0', '198.51', '203.0'])}.${r}.0/24`, PortRange: { From: pick(PORTS), To: 65535 },
    })),
  }));
  const routeTables: RouteTable[] = subnets.map((s, i) => ({
    RouteTableId: `rtb-${i}`, VpcId: 'vpc-1', Associations: [{ SubnetId: s.id }],
    Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' }, { DestinationCidrBlock: '10.9.0.0/16', VpcPeeringConnectionId: 'pcx-1' }],
  }));
  const flows: Flow[] = Array.from({ length: 1000 }, () => {
    const eni = pick(interfaces);
    const local = eni.PrivateIpAddresses![0]!.PrivateIpAddress!;
    const peer = random() < 0.5 ? pick(interfaces).PrivateIpAddresses![0]!.PrivateIpAddress! : `203.0.113.${Math.floor(random() * 250)}`;
    const inbound = random() < 0.7;
    const protocol = pick([6, 6, 6, 17, 1]);
    return {
      interfaceId: eni.NetworkInterfaceId!, srcaddr: inbound ? peer : local, dstaddr: inbound ? local : peer, protocol,
      srcport: protocol === 1 ? 0 : inbound ? 40000 + Math.floor(random() * 20000) : 40000, dstport: protocol === 1 ? 0 : pick(PORTS), action: 'REJECT',
    };
  });
  return { network: { interfaces, securityGroupRules, networkAcls, routeTables, prefixLists: {} }, flows };
}

function run(label: string, n: number, explain: (f: Flow) => unknown, flows: Flow[]): number {
  for (let i = 0; i < Math.min(n, 2000); i++) {
    explain(flows[i % flows.length]!);
  }
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    explain(flows[i % flows.length]!);
  }
  const ms = performance.now() - t;
  const perSecond = n / (ms / 1000);
  console.log(`${label.padEnd(44)} ${n.toLocaleString('en-US').padStart(9)} records  ${ms.toFixed(0).padStart(6)} ms  ${Math.round(perSecond).toLocaleString('en-US').padStart(9)} records/s`);
  return perSecond;
}

const { network, flows } = synthetic();
const verdicts = new Map<string, number>();
for (const f of flows) {
  const v = explainFlow(f, network).verdict;
  verdicts.set(v, (verdicts.get(v) ?? 0) + 1);
}
console.log(`network: ${network.interfaces.length} interfaces, ${network.securityGroupRules.length} security group rules, ${network.networkAcls.length} ACLs, ${network.routeTables!.length} route tables`);
console.log(`verdicts of the 1,000 distinct flows: ${[...verdicts].map(([v, c]) => `${v} ${c}`).join(', ')}`);
const fast = run('explainFlow (look-ups built once)', EXPLAINS, (f) => explainFlow(f, network), flows);
const slow = run('baseline: look-ups rebuilt for every record', Math.max(1000, Math.floor(EXPLAINS / 20)), (f) => explainFlow(f, { ...network }), flows);
console.log(`ratio: ${(fast / slow).toFixed(1)}x`);
