/**
 * A small two-VPC network for the evaluator's tests, in EC2 API shapes, built so that each case can
 * change one thing (`lab({ ... })` returns a fresh object every time).
 *
 * VPC A 10.0.0.0/16 (+ 2600:1f14:abc:1000::/56), peered (pcx-ab) with VPC B 10.9.0.0/16:
 * - web subnet 10.0.1.0/24 (+ 2600:1f14:abc:1001::/64): eni-web 10.0.1.10 (+ 2600:1f14:abc:1001::10),
 *   eni-web2 10.0.1.11, both sg-web; default ACL (allow all);
 * - db subnet 10.0.2.0/24: eni-db 10.0.2.20, sg-db; custom ACL acl-db (see `dbAcl`);
 * - VPC B subnet 10.9.0.0/24: eni-b 10.9.0.5, sg-b; default ACL.
 * Route tables: rtb-a (main of A: local, igw-a, ::/0 igw-a, 10.9.0.0/16 pcx-ab), rtb-b (main of B:
 * local, igw-b, 10.0.0.0/16 pcx-ab). Prefix list pl-admin = 198.51.100.0/24.
 */
import type {
  NetworkAcl, NetworkAclEntry, NetworkInterface, RouteTable, SecurityGroupRule, Subnet, Vpc, VpcPeeringConnection, VpcPeeringConnectionStateReasonCode,
} from '@aws-sdk/client-ec2';
import type { Flow, Network } from '../../../src/network';

export const ADDR = {
  web: '10.0.1.10', web6: '2600:1f14:abc:1001::10', web2: '10.0.1.11', db: '10.0.2.20', b: '10.9.0.5',
} as const;

let ruleCounter = 0;

/** A security group rule; `peer` is a CIDR (v4 or v6), `pl-...` or `sg-...`. */
export function sgr(groupId: string, egress: boolean, protocol: string, from: number | undefined, to: number | undefined, peer: string, id?: string): SecurityGroupRule {
  const rule: SecurityGroupRule = { SecurityGroupRuleId: id ?? `sgr-${(++ruleCounter).toString(16).padStart(8, '0')}`, GroupId: groupId, IsEgress: egress, IpProtocol: protocol };
  if (from !== undefined) {
    rule.FromPort = from;
  }
  if (to !== undefined) {
    rule.ToPort = to;
  }
  if (peer.startsWith('pl-')) {
    rule.PrefixListId = peer;
  } else if (peer.startsWith('sg-')) {
    rule.ReferencedGroupInfo = { GroupId: peer };
  } else if (peer.includes(':')) {
    rule.CidrIpv6 = peer;
  } else {
    rule.CidrIpv4 = peer;
  }
  return rule;
}

/** A network ACL entry; `cidr` may be IPv6. */
export function ace(ruleNumber: number, egress: boolean, action: 'allow' | 'deny', protocol: string, cidr: string, ports?: [number, number], icmp?: [number, number]): NetworkAclEntry {
  return {
    RuleNumber: ruleNumber, Egress: egress, RuleAction: action, Protocol: protocol,
    ...(cidr.includes(':') ? { Ipv6CidrBlock: cidr } : { CidrBlock: cidr }),
    ...(ports ? { PortRange: { From: ports[0], To: ports[1] } } : {}), ...(icmp ? { IcmpTypeCode: { Type: icmp[0], Code: icmp[1] } } : {}),
  };
}

export function allowAll(): NetworkAclEntry[] {
  return [ace(100, false, 'allow', '-1', '0.0.0.0/0'), ace(101, false, 'allow', '-1', '::/0'), ace(32767, false, 'deny', '-1', '0.0.0.0/0'),
    ace(100, true, 'allow', '-1', '0.0.0.0/0'), ace(101, true, 'allow', '-1', '::/0'), ace(32767, true, 'deny', '-1', '0.0.0.0/0')];
}

/** The db subnet's ACL: rule order matters (100 allows the web subnet before 110 denies the VPC). */
export function dbAcl(): NetworkAclEntry[] {
  return [
    ace(110, false, 'deny', '6', '10.0.0.0/16', [5432, 5432]),
    ace(100, false, 'allow', '6', '10.0.1.0/24', [5432, 5432]),
    ace(120, false, 'allow', '6', '10.0.0.0/8', [5432, 5432]),
    ace(130, false, 'allow', '17', '10.0.1.0/24', [514, 514]),
    ace(140, false, 'allow', '-1', '10.9.0.0/16'),
    ace(150, false, 'allow', '6', '0.0.0.0/0', [32768, 65535]),
    ace(100, true, 'allow', '6', '10.0.0.0/16', [1024, 65535]),
    ace(110, true, 'allow', '6', '0.0.0.0/0', [443, 443]),
    ace(120, true, 'allow', '6', '0.0.0.0/0', [32768, 65535]),
    ace(130, true, 'allow', '-1', '10.9.0.0/16'),
    ace(32767, false, 'deny', '-1', '0.0.0.0/0'),
    ace(32767, true, 'deny', '-1', '0.0.0.0/0'),
  ];
}

function eni(id: string, subnetId: string, vpcId: string, ip: string, groups: string[], ipv6?: string): NetworkInterface {
  return {
    NetworkInterfaceId: id, SubnetId: subnetId, VpcId: vpcId, PrivateIpAddresses: [{ PrivateIpAddress: ip, Primary: true }],
    Ipv6Addresses: ipv6 ? [{ Ipv6Address: ipv6 }] : [], Groups: groups.map((g) => ({ GroupId: g, GroupName: g.slice(3) })),
  };
}

/** What a case may change. */
export interface LabOptions {
  /** Replace all rules of these groups. */
  groups?: Record<string, SecurityGroupRule[]>;
  /** Replace the entries of an ACL (`acl-a` default of A, `acl-db`, `acl-b`). */
  acls?: Record<string, NetworkAclEntry[]>;
  /** Replace the routes of a table (`rtb-a`, `rtb-b`). */
  routes?: Record<string, RouteTable['Routes']>;
  /** Extra route tables (with their associations). */
  extraTables?: RouteTable[];
  /** Leave these out of the network. */
  without?: Array<'routeTables' | 'prefixLists' | 'subnets' | 'vpcs' | 'peeringConnections'>;
  /** Interfaces to add. */
  extraInterfaces?: NetworkInterface[];
  peeringStatus?: VpcPeeringConnectionStateReasonCode;
}

export function defaultGroups(): Record<string, SecurityGroupRule[]> {
  return {
    'sg-web': [
      sgr('sg-web', false, 'tcp', 443, 443, '0.0.0.0/0', 'sgr-web-https'),
      sgr('sg-web', false, 'tcp', 443, 443, '::/0', 'sgr-web-https6'),
      sgr('sg-web', false, 'tcp', 22, 22, 'pl-admin', 'sgr-web-ssh'),
      sgr('sg-web', false, 'icmp', 8, -1, '10.0.0.0/16', 'sgr-web-ping'),
      sgr('sg-web', true, '-1', -1, -1, '0.0.0.0/0', 'sgr-web-out'),
      sgr('sg-web', true, '-1', -1, -1, '::/0', 'sgr-web-out6'),
    ],
    'sg-db': [
      sgr('sg-db', false, 'tcp', 5432, 5432, 'sg-web', 'sgr-db-pg-web'),
      sgr('sg-db', false, 'tcp', 5432, 5432, 'sg-b', 'sgr-db-pg-b'),
      sgr('sg-db', false, 'udp', 514, 514, '10.0.1.0/24', 'sgr-db-syslog'),
      sgr('sg-db', false, '6', 6000, 6100, '10.0.0.0/16', 'sgr-db-range'),
      sgr('sg-db', false, '50', -1, -1, '10.9.0.0/16', 'sgr-db-esp'),
      sgr('sg-db', true, 'tcp', 443, 443, '0.0.0.0/0', 'sgr-db-out-https'),
    ],
    'sg-b': [
      sgr('sg-b', false, 'icmp', -1, -1, '10.0.0.0/16', 'sgr-b-icmp'),
      sgr('sg-b', false, '-1', -1, -1, '10.0.0.0/16', 'sgr-b-all-a'),
      sgr('sg-b', true, '-1', -1, -1, '0.0.0.0/0', 'sgr-b-out'),
    ],
  };
}

/** The lab network, with a case's changes. */
export function lab(options: LabOptions = {}): Network {
  const groups = { ...defaultGroups(), ...options.groups };
  const acl = (id: string, vpcId: string, isDefault: boolean, subnets: string[], entries: NetworkAclEntry[]): NetworkAcl => ({
    NetworkAclId: id, VpcId: vpcId, IsDefault: isDefault, Entries: options.acls?.[id] ?? entries,
    Associations: subnets.map((s, i) => ({ NetworkAclAssociationId: `aclassoc-${id}-${i}`, NetworkAclId: id, SubnetId: s })),
  });
  const table = (id: string, vpcId: string, routes: NonNullable<RouteTable['Routes']>): RouteTable => ({
    RouteTableId: id, VpcId: vpcId, Associations: [{ Main: true, RouteTableId: id, RouteTableAssociationId: `rtbassoc-${id}` }],
    Routes: options.routes?.[id] ?? routes,
  });
  const subnets: Subnet[] = [
    { SubnetId: 'subnet-web', VpcId: 'vpc-a', CidrBlock: '10.0.1.0/24', Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: '2600:1f14:abc:1001::/64' }] },
    { SubnetId: 'subnet-db', VpcId: 'vpc-a', CidrBlock: '10.0.2.0/24' },
    { SubnetId: 'subnet-b', VpcId: 'vpc-b', CidrBlock: '10.9.0.0/24' },
  ];
  const vpcs: Vpc[] = [
    { VpcId: 'vpc-a', CidrBlock: '10.0.0.0/16', Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: '2600:1f14:abc:1000::/56' }] },
    { VpcId: 'vpc-b', CidrBlock: '10.9.0.0/16' },
  ];
  const peeringConnections: VpcPeeringConnection[] = [{
    VpcPeeringConnectionId: 'pcx-ab', RequesterVpcInfo: { VpcId: 'vpc-a', CidrBlock: '10.0.0.0/16' }, AccepterVpcInfo: { VpcId: 'vpc-b', CidrBlock: '10.9.0.0/16' },
    Status: { Code: options.peeringStatus ?? 'active' },
  }];
  const network: Network = {
    interfaces: [
      eni('eni-web', 'subnet-web', 'vpc-a', ADDR.web, ['sg-web'], ADDR.web6),
      eni('eni-web2', 'subnet-web', 'vpc-a', ADDR.web2, ['sg-web']),
      eni('eni-db', 'subnet-db', 'vpc-a', ADDR.db, ['sg-db']),
      eni('eni-b', 'subnet-b', 'vpc-b', ADDR.b, ['sg-b']),
      ...(options.extraInterfaces ?? []),
    ],
    securityGroupRules: Object.values(groups).flat(),
    networkAcls: [
      acl('acl-a', 'vpc-a', true, ['subnet-web'], allowAll()),
      acl('acl-db', 'vpc-a', false, ['subnet-db'], dbAcl()),
      acl('acl-b', 'vpc-b', true, ['subnet-b'], allowAll()),
    ],
    routeTables: [
      table('rtb-a', 'vpc-a', [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
        { DestinationIpv6CidrBlock: '2600:1f14:abc:1000::/56', GatewayId: 'local', State: 'active' },
        { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-a', State: 'active' },
        { DestinationIpv6CidrBlock: '::/0', GatewayId: 'igw-a', State: 'active' },
        { DestinationCidrBlock: '10.9.0.0/16', VpcPeeringConnectionId: 'pcx-ab', State: 'active' },
      ]),
      table('rtb-b', 'vpc-b', [
        { DestinationCidrBlock: '10.9.0.0/16', GatewayId: 'local', State: 'active' },
        { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-b', State: 'active' },
        { DestinationCidrBlock: '10.0.0.0/16', VpcPeeringConnectionId: 'pcx-ab', State: 'active' },
      ]),
      ...(options.extraTables ?? []),
    ],
    prefixLists: { 'pl-admin': ['198.51.100.0/24'] },
    subnets, vpcs, peeringConnections,
  };
  for (const key of options.without ?? []) {
    delete network[key];
  }
  return network;
}

/** A flow seen at an interface; ports default to a client port and the service port. */
export function flow(interfaceId: string, srcaddr: string, dstaddr: string, protocol: number, srcport: number | null, dstport: number | null, extra: Partial<Flow> = {}): Flow {
  return { interfaceId, srcaddr, dstaddr, protocol, srcport, dstport, ...extra };
}
