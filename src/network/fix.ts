/**
 * The change that would let an explained flow through, as an AWS CLI command and in the console's words:
 * the narrowest rule that fits the record (its protocol, its port, its other end), with a warning when
 * the change opens more than the record needs or when widening it would be tempting and wrong.
 */
import type { IpPermission, NetworkAcl, RouteTable } from '@aws-sdk/client-ec2';
import { portName } from '../flowlogs/enrich';
import { icmpTypeName, protocolLabel, ruleTrafficLabel } from './format';
import { ICMP, ICMPV6, IMPLICIT_DENY_RULE_NUMBER, TCP, UDP, routeDestination } from './match';
import { addressFamily, findPeering, indexNetwork, isPrivateAddress, type NetworkIndex } from './model';
import type { Explanation, Flow, Network, Packet } from './types';

/** A proposed change. `command` and `console` say the same thing; `warning` is set when it matters. */
export interface FixSuggestion {
  kind: 'security-group-rule' | 'network-acl-entry' | 'route' | 'accept-peering' | 'block-public-access-exclusion';
  /** One sentence: what to change, where. */
  summary: string;
  /** The AWS CLI command (bash quoting). */
  command: string;
  /** The same change in the AWS console's words. */
  console: string;
  /** Why to think twice: the change opens more than the record needs, or must not be widened. */
  warning?: string;
  /** Security group rule: the group, its direction and the permission as `authorize-security-group-*` takes it. */
  groupId?: string;
  egress?: boolean;
  ipPermission?: IpPermission;
  /** Network ACL entry: the ACL, the new entry's number, protocol, ports or ICMP type, CIDR. */
  networkAclId?: string;
  ruleNumber?: number;
  protocol?: string;
  portRange?: { From: number; To: number };
  icmpTypeCode?: { Type: number; Code: number };
  /** The CIDR the rule, entry or route names. */
  cidr?: string;
  /** Route: the table and the target (`pcx-...`, `igw-...`). */
  routeTableId?: string;
  target?: string;
  subnetId?: string;
}

/** Well-known ports and the console's name for them in a security group's Type list. */
const CONSOLE_TYPES: Readonly<Record<string, string>> = {
  'tcp:22': 'SSH', 'tcp:25': 'SMTP', 'tcp:53': 'DNS (TCP)', 'udp:53': 'DNS (UDP)', 'tcp:80': 'HTTP', 'tcp:110': 'POP3',
  'tcp:143': 'IMAP', 'tcp:389': 'LDAP', 'tcp:443': 'HTTPS', 'tcp:445': 'SMB', 'tcp:465': 'SMTPS', 'tcp:993': 'IMAPS',
  'tcp:995': 'POP3S', 'tcp:1433': 'MSSQL', 'tcp:1521': 'Oracle-RDS', 'tcp:2049': 'NFS', 'tcp:3306': 'MYSQL/Aurora',
  'tcp:3389': 'RDP', 'tcp:5432': 'PostgreSQL', 'tcp:5439': 'Redshift', 'tcp:5985': 'WinRM-HTTP', 'tcp:5986': 'WinRM-HTTPS',
};

/** Ports whose exposure to the internet is dangerous (administration and databases). */
const SENSITIVE_PORTS = new Set([22, 23, 135, 139, 445, 1433, 1521, 2375, 2376, 3306, 3389, 5432, 5900, 5985, 5986, 6379, 9200, 11211, 27017]);

const ECHO_REQUEST = { [ICMP]: 8, [ICMPV6]: 128 } as const;
const ECHO_REPLY = { [ICMP]: 0, [ICMPV6]: 129 } as const;

/**
 * The change that would allow the flow an explanation blocks, or undefined when nothing blocks it or the
 * blocker is unknown. For a security group: the inbound (outbound) rule to add, naming the record's
 * protocol and port and its other end (a /32, or the VPC's CIDR block when that end is in a VPC we
 * know: the warning then names the /32); for a network ACL: an allow entry numbered below the entry
 * that denies (replies get the ephemeral port range, with a warning); for a missing route: the route
 * through the peering connection when one is known; for Block Public Access: an exclusion.
 */
export function suggestFix(flow: Flow, network: Network, explanation: Explanation): FixSuggestion | undefined {
  const index = indexNetwork(network);
  switch (explanation.verdict) {
    case 'security-group':
      return securityGroupFix(index, explanation);
    case 'network-acl':
      return networkAclFix(index, explanation);
    case 'no-route':
      return routeFix(index, explanation);
    case 'block-public-access':
      return bpaFix(flow, explanation);
    default:
      return undefined;
  }
}

/** The CIDR to name for an address: its VPC's block when it lies in a VPC we know, else the address alone. */
function cidrFor(index: NetworkIndex, address: string): { cidr: string; single: string; vpcId?: string } {
  const single = `${address}/${addressFamily(address) === 6 ? 128 : 32}`;
  const vpc = index.vpcCidrOf(address);
  return vpc ? { cidr: vpc.cidr, single, vpcId: vpc.vpcId } : { cidr: single, single };
}

function ruleProtocolName(protocol: number): string {
  return protocol === TCP ? 'tcp' : protocol === UDP ? 'udp' : protocol === ICMP ? 'icmp' : protocol === ICMPV6 ? 'icmpv6' : String(protocol);
}

function widerWarning(target: { cidr: string; single: string; vpcId?: string }, address: string): string | undefined {
  return target.cidr === target.single ? undefined
    : `This admits all of ${target.cidr} (${target.vpcId ?? 'its VPC'}), not only ${address}; name ${target.single} instead to admit that address alone.`;
}

function icmpWarning(protocol: number): string | undefined {
  if (protocol !== ICMP && protocol !== ICMPV6) {
    return undefined;
  }
  return 'Flow logs do not record the ICMP type, so this assumes ping (echo request and reply); allowing every ICMP type would open more than the record shows.';
}

function securityGroupFix(index: NetworkIndex, explanation: Explanation): FixSuggestion | undefined {
  const packet = explanation.packet;
  const deciding = explanation.rules.find((r) => r.groupId);
  if (!packet || !deciding?.groupId) {
    return undefined;
  }
  const groupId = deciding.groupId;
  const egress = !!deciding.egress;
  const remote = egress ? packet.dstaddr : packet.srcaddr;
  const target = cidrFor(index, remote);
  const v6 = addressFamily(remote) === 6;
  const permission: IpPermission = { IpProtocol: ruleProtocolName(packet.protocol) };
  const warnings: string[] = [];
  let consoleType: string;
  if (packet.protocol === TCP || packet.protocol === UDP) {
    const name = packet.protocol === TCP ? 'TCP' : 'UDP';
    if (typeof packet.dstport === 'number') {
      permission.FromPort = packet.dstport;
      permission.ToPort = packet.dstport;
      const known = CONSOLE_TYPES[`${permission.IpProtocol!}:${packet.dstport}`];
      consoleType = known ? `Type ${known}` : `Type Custom ${name}, Port range ${packet.dstport}`;
    } else {
      permission.FromPort = 0;
      permission.ToPort = 65535;
      consoleType = `Type Custom ${name}, Port range 0 - 65535`;
      warnings.push(`The record has no port, so this allows every ${name} port; narrow it to the port the service uses.`);
    }
  } else if (packet.protocol === ICMP || packet.protocol === ICMPV6) {
    permission.FromPort = ECHO_REQUEST[packet.protocol];
    permission.ToPort = -1;
    consoleType = `Type Custom ICMP - ${packet.protocol === ICMP ? 'IPv4' : 'IPv6'}, Protocol Echo Request`;
    warnings.push(icmpWarning(packet.protocol)!.replace('echo request and reply', 'echo request; its replies pass because security groups are stateful'));
  } else {
    consoleType = `Type Custom Protocol, Protocol ${packet.protocol} (${protocolLabel(packet.protocol)})`;
  }
  if (v6) {
    permission.Ipv6Ranges = [{ CidrIpv6: target.cidr }];
  } else {
    permission.IpRanges = [{ CidrIp: target.cidr }];
  }
  const wider = widerWarning(target, remote);
  if (wider) {
    warnings.unshift(wider);
  }
  if (!egress && !isPrivateAddress(remote)) {
    const port = typeof packet.dstport === 'number' ? packet.dstport : undefined;
    const service = port !== undefined ? portName(port, packet.protocol) ?? `port ${port}` : protocolLabel(packet.protocol);
    warnings.push(port !== undefined && SENSITIVE_PORTS.has(port) && (packet.protocol === TCP || packet.protocol === UDP)
      ? `Only add this if ${remote} should reach ${service}: unsolicited ${service} from the internet is usually scanning, and the group rejecting it is doing its job; never widen the source to ${v6 ? '::/0' : '0.0.0.0/0'}.`
      : `Keep the source to the addresses that need it: widening it to ${v6 ? '::/0' : '0.0.0.0/0'} opens ${service} to the whole internet.`);
  }
  const way = egress ? 'outbound' : 'inbound';
  const traffic = ruleTrafficLabel(packet.protocol, permission.FromPort, permission.ToPort);
  const label = index.groupLabel(groupId);
  return {
    kind: 'security-group-rule', groupId, egress, ipPermission: permission, cidr: target.cidr,
    summary: `Add an ${way} rule to security group ${label} that allows ${traffic} ${egress ? 'to' : 'from'} ${target.cidr}.`,
    command: `aws ec2 authorize-security-group-${egress ? 'egress' : 'ingress'} --group-id ${groupId} --ip-permissions '${JSON.stringify([permission])}'`,
    console: `EC2 console > Security Groups > ${label} > ${capitalize(way)} rules > Edit ${way} rules > Add rule: ${consoleType}, ${egress ? 'Destination' : 'Source'} Custom ${target.cidr}`,
    ...(warnings.length ? { warning: warnings.join(' ') } : {}),
  };
}

/**
 * A free rule number below `below` in one direction of an ACL: after the highest entry, rounded up to
 * the next hundred, when the final `*` entry denies; else the highest free multiple of ten (or number)
 * below the denying entry, so the new entry is evaluated first.
 */
export function freeRuleNumber(acl: NetworkAcl | undefined, egress: boolean, below: number): number | undefined {
  const used = new Set((acl?.Entries ?? []).filter((e) => !!e.Egress === egress).map((e) => e.RuleNumber ?? IMPLICIT_DENY_RULE_NUMBER));
  if (below >= IMPLICIT_DENY_RULE_NUMBER) {
    const highest = Math.max(0, ...[...used].filter((n) => n < IMPLICIT_DENY_RULE_NUMBER));
    const next = (Math.floor(highest / 100) + 1) * 100;
    if (next < IMPLICIT_DENY_RULE_NUMBER && !used.has(next)) {
      return next;
    }
  }
  for (let n = Math.floor((below - 1) / 10) * 10; n >= 10; n -= 10) {
    if (!used.has(n) && n < below) {
      return n;
    }
  }
  for (let n = below - 1; n >= 1; n--) {
    if (!used.has(n)) {
      return n;
    }
  }
  return undefined;
}

function networkAclFix(index: NetworkIndex, explanation: Explanation): FixSuggestion | undefined {
  const packet = explanation.packet;
  const deciding = explanation.rules.find((r) => r.kind === 'network-acl-entry');
  const aclId = explanation.networkAclId ?? deciding?.id;
  if (!packet || !deciding || !aclId) {
    return undefined;
  }
  const egress = !!deciding.egress;
  const acl = index.network.networkAcls.find((a) => a.NetworkAclId === aclId);
  const ruleNumber = freeRuleNumber(acl, egress, deciding.ruleNumber ?? IMPLICIT_DENY_RULE_NUMBER);
  if (ruleNumber === undefined) {
    return undefined;
  }
  const remote = egress ? packet.dstaddr : packet.srcaddr;
  // An entry that denies on purpose gets an exception for this one address, not for its whole VPC.
  const explicitDeny = (deciding.ruleNumber ?? IMPLICIT_DENY_RULE_NUMBER) < IMPLICIT_DENY_RULE_NUMBER;
  const found = cidrFor(index, remote);
  const target = explicitDeny ? { cidr: found.single, single: found.single } : found;
  const v6 = addressFamily(remote) === 6;
  const reply = explanation.blocked === 'reply';
  const warnings: string[] = [];
  if (explicitDeny) {
    warnings.push(`Entry #${deciding.ruleNumber!} denies this traffic explicitly: the new entry makes an exception for ${found.single} only; find out why the deny entry is there before adding it.`);
  }
  const fix: FixSuggestion = {
    kind: 'network-acl-entry', networkAclId: aclId, ruleNumber, egress, protocol: String(packet.protocol), cidr: target.cidr,
    summary: '', command: '', console: '',
  };
  let options = '';
  let consoleType: string;
  let traffic: string;
  if (packet.protocol === TCP || packet.protocol === UDP) {
    const name = packet.protocol === TCP ? 'TCP' : 'UDP';
    const port = typeof packet.dstport === 'number' ? packet.dstport : undefined;
    let range: { From: number; To: number };
    if (port === undefined) {
      range = { From: 0, To: 65535 };
      warnings.push(`The record has no port, so this allows every ${name} port; narrow it to the ports the service uses.`);
    } else if (reply && port >= 1024) {
      // Replies go to the client's ephemeral port, a new one per connection: one port would not last.
      range = port >= 32768 ? { From: 32768, To: 65535 } : { From: 1024, To: 65535 };
      warnings.push(`Replies go to the client's ephemeral port, a different one for every connection, so this covers ${range.From}-${range.To} rather than only port ${port} (Linux clients use 32768-60999, Windows 49152-65535, load balancers and NAT gateways 1024-65535); do not widen it to all ports or all protocols.`);
    } else {
      range = { From: port, To: port };
    }
    fix.portRange = range;
    options = ` --port-range From=${range.From},To=${range.To}`;
    consoleType = `Type Custom ${name}, Port range ${range.From === range.To ? range.From : `${range.From}-${range.To}`}`;
    traffic = ruleTrafficLabel(packet.protocol, range.From, range.To);
  } else if (packet.protocol === ICMP || packet.protocol === ICMPV6) {
    const type = (reply ? ECHO_REPLY : ECHO_REQUEST)[packet.protocol];
    fix.icmpTypeCode = { Type: type, Code: -1 };
    options = ` --icmp-type-code Type=${type},Code=-1`;
    consoleType = `Type Custom ICMP${packet.protocol === ICMPV6 ? 'v6' : ''}, ICMP type ${icmpTypeName(type, packet.protocol === ICMPV6) ?? type}`;
    traffic = ruleTrafficLabel(packet.protocol, type, -1);
    warnings.push(icmpWarning(packet.protocol)!);
  } else {
    consoleType = `Type Custom Protocol, Protocol ${packet.protocol} (${protocolLabel(packet.protocol)})`;
    traffic = protocolLabel(packet.protocol);
  }
  const wider = widerWarning(target, remote);
  if (wider) {
    warnings.unshift(wider);
  }
  const way = egress ? 'outbound' : 'inbound';
  fix.summary = `Add ${way} entry #${ruleNumber} to network ACL ${aclId} that allows ${traffic} ${egress ? 'to' : 'from'} ${target.cidr}${reply ? ' (the reply)' : ''}.`;
  fix.command = `aws ec2 create-network-acl-entry --network-acl-id ${aclId} --${egress ? 'egress' : 'ingress'} --rule-number ${ruleNumber} --protocol ${packet.protocol}${options} --${v6 ? 'ipv6-cidr-block' : 'cidr-block'} ${target.cidr} --rule-action allow`;
  fix.console = `VPC console > Network ACLs > ${aclId} > ${capitalize(way)} rules > Edit ${way} rules > Add new rule: Rule number ${ruleNumber}, ${consoleType}, ${egress ? 'Destination' : 'Source'} ${target.cidr}, Allow/Deny Allow`;
  if (warnings.length) {
    fix.warning = warnings.join(' ');
  }
  return fix;
}

function routeFix(index: NetworkIndex, explanation: Explanation): FixSuggestion | undefined {
  const packet: Packet | undefined = explanation.packet;
  const tableId = explanation.routeTableId;
  const table: RouteTable | undefined = index.network.routeTables?.find((t) => t.RouteTableId === tableId);
  if (!packet || !tableId || !table) {
    return undefined;
  }
  const destination = packet.dstaddr;
  const current = explanation.rules.find((r) => r.kind === 'route')?.route;
  const pcxNow = current?.VpcPeeringConnectionId ? index.peering(current.VpcPeeringConnectionId) : undefined;
  if (pcxNow && pcxNow.Status?.Code === 'pending-acceptance') {
    const id = pcxNow.VpcPeeringConnectionId!;
    return {
      kind: 'accept-peering', routeTableId: tableId, target: id,
      summary: `Accept the peering connection ${id}: the route uses it, but it is still waiting for the other VPC's owner to accept it.`,
      command: `aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id ${id}`,
      console: `VPC console > Peering connections > ${id} > Actions > Accept request`,
    };
  }
  const target = cidrFor(index, destination);
  const v6 = addressFamily(destination) === 6;
  const destinationVpc = index.vpcOfAddress(destination);
  const warnings: string[] = [];
  let targetId: string;
  let option: string;
  let consoleTarget: string;
  const pcx = table.VpcId && destinationVpc && destinationVpc !== table.VpcId
    ? findPeering(index, table.VpcId, destinationVpc, packet.srcaddr, destination)
    : undefined;
  if (pcx) {
    targetId = pcx;
    option = `--vpc-peering-connection-id ${pcx}`;
    consoleTarget = `Peering Connection ${pcx}`;
  } else if (!isPrivateAddress(destination)) {
    const igw = (index.network.routeTables ?? []).filter((t) => t.VpcId === table.VpcId).flatMap((t) => t.Routes ?? []).find((r) => r.GatewayId?.startsWith('igw-'))?.GatewayId;
    targetId = igw ?? '<internet-gateway-id>';
    option = `--gateway-id ${targetId}`;
    consoleTarget = `Internet Gateway ${targetId}`;
    warnings.push(`This routes only ${target.cidr}; a subnet meant to reach the internet usually has 0.0.0.0/0 to its internet gateway, which makes it a public subnet.`);
    if (!igw) {
      warnings.push(`No internet gateway of ${table.VpcId ?? 'the VPC'} was found: attach one first and put its id in place of ${targetId}.`);
    }
  } else {
    targetId = '<peering-connection-id>';
    option = `--vpc-peering-connection-id ${targetId}`;
    consoleTarget = 'Peering Connection (the one that reaches the other VPC)';
    warnings.push(`No peering connection between ${table.VpcId ?? 'this VPC'} and ${destinationVpc ?? `the VPC of ${destination}`} was found: create and accept one first (or use the transit gateway that connects them) and put its id in place of ${targetId}.`);
  }
  const wider = widerWarning(target, destination);
  if (wider && pcx) {
    warnings.push(`The route covers the whole VPC ${target.cidr}, as peering routes usually do; security groups and network ACLs still decide what passes.`);
  }
  const exists = (table.Routes ?? []).some((r) => routeDestination(r) === target.cidr);
  const verb = exists ? 'replace-route' : 'create-route';
  return {
    kind: 'route', routeTableId: tableId, cidr: target.cidr, target: targetId,
    summary: `${exists ? 'Replace' : 'Add'} the route for ${target.cidr} in route table ${tableId} with one through ${targetId}.`,
    command: `aws ec2 ${verb} --route-table-id ${tableId} --${v6 ? 'destination-ipv6-cidr-block' : 'destination-cidr-block'} ${target.cidr} ${option}`,
    console: `VPC console > Route tables > ${tableId} > Routes > Edit routes > ${exists ? `the route for ${target.cidr}` : 'Add route'}: Destination ${target.cidr}, Target ${consoleTarget}`,
    ...(warnings.length ? { warning: warnings.join(' ') } : {}),
  };
}

function bpaFix(flow: Flow, explanation: Explanation): FixSuggestion | undefined {
  const subnetId = explanation.subnetId;
  if (!subnetId) {
    return undefined;
  }
  const egressOnly = explanation.direction === 'outbound' && flow.flowDirection !== 'ingress';
  const mode = egressOnly ? 'allow-egress' : 'allow-bidirectional';
  return {
    kind: 'block-public-access-exclusion', subnetId,
    summary: `Exclude subnet ${subnetId} from VPC Block Public Access (${mode}).`,
    command: `aws ec2 create-vpc-block-public-access-exclusion --subnet-id ${subnetId} --internet-gateway-exclusion-mode ${mode}`,
    console: `VPC console > Block public access > Exclusions > Create exclusions: Subnet ${subnetId}, Allow direction ${egressOnly ? 'Egress-only' : 'Bidirectional'}`,
    warning: 'An exclusion lets internet gateway traffic reach the whole subnet again (its security groups and network ACLs still decide), not only this flow; if block public access was turned on deliberately, or by your organization (which may not allow exclusions), ask first.',
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
