/**
 * Whether one security group rule, network ACL entry or route applies to a packet, by the rules the
 * EC2 API reference gives:
 * - a security group rule's `IpProtocol` is `tcp`, `udp`, `icmp`, `icmpv6`, a protocol number, or `-1`
 *   (all); `-1` or a number other than those four allows every port whatever the range says; for ICMP
 *   `FromPort`/`ToPort` are the type and code (-1 all), and `icmpv6` without a range allows all types;
 * - a network ACL entry's `Protocol` is a number string or `-1`, `PortRange` applies to TCP and UDP,
 *   `IcmpTypeCode` to ICMP; IPv4 entries (`CidrBlock`) never match IPv6 traffic and the reverse;
 * - ports are the packet's destination port (a rule's "port range" is where traffic goes to);
 * - routes: the most specific matching destination wins.
 *
 * Flow log records carry no ICMP type (their ports are 0), so a rule for one ICMP type matches an ICMP
 * record only on that assumption: such matches come back as `icmp-type` for the caller to say so.
 */
import type { NetworkAclEntry, Route, RouteTable, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { matchAddress, parseCidr, type AddressPattern } from '../flowlogs/ip';
import { protocolNumber } from '../flowlogs/enrich';
import { isPrivateAddress, type NetworkIndex } from './model';
import type { Packet } from './types';

/** `yes`; `no`; or `icmp-type`: matches if the record's ICMP type (which flow logs do not record) is the rule's. */
export type Match = 'yes' | 'no' | 'icmp-type';

/** The ICMP protocol numbers: rules for them name types and codes instead of ports. */
export const ICMP = 1;
export const ICMPV6 = 58;
export const TCP = 6;
export const UDP = 17;

/** A rule's protocol as a number, `all` for `-1`, undefined when unreadable. */
export function ruleProtocol(ipProtocol: string | undefined): number | 'all' | undefined {
  if (ipProtocol === undefined) {
    return undefined;
  }
  const known = RULE_PROTOCOLS[ipProtocol];
  if (known !== undefined) {
    return known;
  }
  const text = ipProtocol.trim().toLowerCase();
  if (text === '-1' || text === 'all') {
    return 'all';
  }
  if (/^\d{1,3}$/.test(text)) {
    return Number(text);
  }
  return protocolNumber(text);
}

// What the API returns almost always, looked up without the IANA table's linear search.
const RULE_PROTOCOLS: Readonly<Record<string, number | 'all'>> = { '-1': 'all', tcp: TCP, udp: UDP, icmp: ICMP, icmpv6: ICMPV6, '6': TCP, '17': UDP, '1': ICMP, '58': ICMPV6 };

const cidrCache = new Map<string, AddressPattern | undefined>();

/** `parseCidr`, remembered: the same few hundred CIDR blocks are matched again for every record. */
export function cidr(text: string): AddressPattern | undefined {
  let pattern = cidrCache.get(text);
  if (pattern === undefined && !cidrCache.has(text)) {
    pattern = parseCidr(text);
    if (cidrCache.size > 10_000) {
      cidrCache.clear();
    }
    cidrCache.set(text, pattern);
  }
  return pattern;
}

function portInRange(port: number | null | undefined, from: number | undefined, to: number | undefined): boolean {
  if (from === undefined || from === -1 || port === null || port === undefined) {
    return true;
  }
  const end = to === undefined || to === -1 ? 65535 : to;
  return port >= from && port <= end;
}

/** Whether protocol and ports (or ICMP type) of a rule fit the packet. */
export function matchProtocolAndPorts(protocol: number | 'all' | undefined, from: number | undefined, to: number | undefined, packet: Packet): Match {
  if (protocol === 'all') {
    return 'yes';
  }
  if (protocol === undefined || protocol !== packet.protocol) {
    return 'no';
  }
  if (protocol === TCP || protocol === UDP) {
    return portInRange(packet.dstport, from, to) ? 'yes' : 'no';
  }
  if (protocol === ICMP || protocol === ICMPV6) {
    return from === undefined || from === -1 ? 'yes' : 'icmp-type';
  }
  return 'yes';
}

/** Whether a security group rule's protocol and ports (or ICMP type) fit the packet. */
export function matchRuleTraffic(rule: SecurityGroupRule, packet: Packet): Match {
  return matchProtocolAndPorts(ruleProtocol(rule.IpProtocol), rule.FromPort, rule.ToPort, packet);
}

/**
 * Whether the other end of the packet (`address`) is a rule's peer: inside its CIDR, inside one of its
 * prefix list's CIDRs, or an address of an interface carrying its referenced group (peered VPCs too).
 * `unknown` when it cannot be told: the prefix list's entries are not loaded, or a private address
 * belongs to no interface we know (it may carry the referenced group).
 */
export function matchRulePeer(rule: SecurityGroupRule, address: string, index: NetworkIndex): 'yes' | 'no' | 'unknown' {
  const block = rule.CidrIpv4 ?? rule.CidrIpv6;
  if (block) {
    const pattern = cidr(block);
    return pattern && matchAddress(pattern, address) ? 'yes' : 'no';
  }
  if (rule.PrefixListId) {
    const entries = index.network.prefixLists?.[rule.PrefixListId];
    if (!entries) {
      return 'unknown';
    }
    return entries.some((e) => {
      const pattern = cidr(e);
      return pattern !== undefined && matchAddress(pattern, address);
    }) ? 'yes' : 'no';
  }
  const groupId = rule.ReferencedGroupInfo?.GroupId;
  if (groupId) {
    const eni = index.interfaceByAddress(address);
    if (eni) {
      return eni.Groups?.some((g) => g.GroupId === groupId) ? 'yes' : 'no';
    }
    // A referenced group matches private addresses only; one we do not know may still carry the group.
    return isPrivateAddress(address) ? 'unknown' : 'no';
  }
  return 'no';
}

/** Whether a network ACL entry applies to the packet (in the entry's own direction). */
export function matchAclEntry(entry: NetworkAclEntry, packet: Packet): Match {
  const block = entry.CidrBlock ?? entry.Ipv6CidrBlock;
  const pattern = block ? cidr(block) : undefined;
  const address = entry.Egress ? packet.dstaddr : packet.srcaddr;
  if (!pattern || !matchAddress(pattern, address)) {
    return 'no';
  }
  const protocol = ruleProtocol(entry.Protocol);
  if (protocol === ICMP || protocol === ICMPV6) {
    return matchProtocolAndPorts(protocol, entry.IcmpTypeCode?.Type, entry.IcmpTypeCode?.Code, packet);
  }
  return matchProtocolAndPorts(protocol, entry.PortRange?.From, entry.PortRange?.To, packet);
}

/** The final `*` entry: AWS returns it as rule number 32767 (the highest a person may use is 32766). */
export const IMPLICIT_DENY_RULE_NUMBER = 32767;

/** The entries of one direction in evaluation order (rule number ascending), the `*` entry last. */
export function orderedAclEntries(entries: readonly NetworkAclEntry[] | undefined, egress: boolean): NetworkAclEntry[] {
  return (entries ?? [])
    .filter((e) => !!e.Egress === egress)
    .sort((a, b) => (a.RuleNumber ?? IMPLICIT_DENY_RULE_NUMBER) - (b.RuleNumber ?? IMPLICIT_DENY_RULE_NUMBER));
}

/** Where a route sends traffic: `local`, `igw-...`, `pcx-...`, `nat-...`, `tgw-...`, ... */
export function routeTarget(route: Route): string {
  return route.GatewayId ?? route.VpcPeeringConnectionId ?? route.NatGatewayId ?? route.TransitGatewayId
    ?? route.NetworkInterfaceId ?? route.InstanceId ?? route.EgressOnlyInternetGatewayId ?? route.LocalGatewayId
    ?? route.CarrierGatewayId ?? route.CoreNetworkArn ?? 'an unnamed target';
}

/** A route's destination as written: a CIDR block or a prefix list id. */
export function routeDestination(route: Route): string {
  return route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId ?? '?';
}

/**
 * The route a table uses for an address: the most specific destination that holds it (a prefix list
 * destination counts with its matching entry's length). Undefined when none does. A prefix list whose
 * entries are not loaded is reported in `unresolved` rather than guessed.
 */
export function lookupRoute(table: RouteTable, address: string, prefixLists: Record<string, string[]> | undefined): { route: Route | undefined; unresolved: string[] } {
  let best: Route | undefined;
  let bestLength = -1;
  const unresolved: string[] = [];
  for (const route of table.Routes ?? []) {
    const blocks: string[] = [];
    const direct = route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock;
    if (direct) {
      blocks.push(direct);
    } else if (route.DestinationPrefixListId) {
      const entries = prefixLists?.[route.DestinationPrefixListId];
      if (entries) {
        blocks.push(...entries);
      } else {
        unresolved.push(route.DestinationPrefixListId);
      }
    }
    for (const block of blocks) {
      const pattern = cidr(block);
      if (pattern && matchAddress(pattern, address) && pattern.prefix > bestLength) {
        best = route;
        bestLength = pattern.prefix;
      }
    }
  }
  return { route: best, unresolved };
}
