/**
 * One-line descriptions of rules and traffic, shared by the explanations, the tree and the viewer:
 * "allow TCP 22 from 18.237.140.160/29", "#100 deny all traffic from 0.0.0.0/0", "ICMP", "TCP 22 (SSH)".
 */
import type { NetworkAclEntry, Route, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { portName, protocolName } from '../flowlogs/enrich';
import { ICMP, ICMPV6, IMPLICIT_DENY_RULE_NUMBER, TCP, UDP, routeDestination, routeTarget, ruleProtocol } from './match';

const ICMP_TYPES: Readonly<Record<number, string>> = {
  0: 'echo reply', 3: 'destination unreachable', 4: 'source quench', 5: 'redirect', 8: 'echo request',
  9: 'router advertisement', 10: 'router solicitation', 11: 'time exceeded', 12: 'parameter problem',
  13: 'timestamp', 14: 'timestamp reply',
};
const ICMPV6_TYPES: Readonly<Record<number, string>> = {
  1: 'destination unreachable', 2: 'packet too big', 3: 'time exceeded', 4: 'parameter problem',
  128: 'echo request', 129: 'echo reply', 133: 'router solicitation', 134: 'router advertisement',
  135: 'neighbor solicitation', 136: 'neighbor advertisement',
};

/** The name of an ICMP (or, with `v6`, ICMPv6) type: 8 -> "echo request". */
export function icmpTypeName(type: number, v6 = false): string | undefined {
  return (v6 ? ICMPV6_TYPES : ICMP_TYPES)[type];
}

/** "TCP", "ICMPv6", "protocol 253"; "all traffic" for -1. */
export function protocolLabel(protocol: number | 'all'): string {
  if (protocol === 'all') {
    return 'all traffic';
  }
  return protocolName(protocol) ?? `protocol ${protocol}`;
}

/** The traffic of one record: "ICMP", "TCP 22 (SSH)", "UDP 4500 (IPsec NAT-T)", "TCP 50123", "GRE". */
export function trafficLabel(protocol: number, port?: number | null): string {
  const name = protocolLabel(protocol);
  if ((protocol !== TCP && protocol !== UDP) || port === null || port === undefined) {
    return name;
  }
  const service = portName(port, protocol);
  return service ? `${name} ${port} (${service})` : `${name} ${port}`;
}

/** The traffic a rule names: "all traffic", "all TCP", "TCP 22", "UDP 1024-65535", "ICMP echo request", "all ICMP". */
export function ruleTrafficLabel(protocol: number | 'all' | undefined, from: number | undefined, to: number | undefined): string {
  if (protocol === undefined) {
    return 'unknown protocol';
  }
  if (protocol === 'all') {
    return 'all traffic';
  }
  const name = protocolLabel(protocol);
  if (protocol === TCP || protocol === UDP) {
    if (from === undefined || from === -1 || (from === 0 && (to === 65535 || to === -1))) {
      return `all ${name}`;
    }
    return to === undefined || to === from || to === -1 ? `${name} ${from}` : `${name} ${from}-${to}`;
  }
  if (protocol === ICMP || protocol === ICMPV6) {
    if (from === undefined || from === -1) {
      return `all ${name}`;
    }
    const type = icmpTypeName(from, protocol === ICMPV6);
    const code = to === undefined || to === -1 ? '' : ` code ${to}`;
    return type ? `${name} ${type}${code}` : `${name} type ${from}${code}`;
  }
  const num = protocolName(protocol) ? ` (${protocol})` : '';
  return `${name}${num}`;
}

/** Whom a security group rule names: a CIDR, "prefix list pl-...", "members of sg-... (name)". */
export function rulePeerLabel(rule: SecurityGroupRule, groupNames?: ReadonlyMap<string, string>): string {
  if (rule.CidrIpv4 || rule.CidrIpv6) {
    return (rule.CidrIpv4 ?? rule.CidrIpv6)!;
  }
  if (rule.PrefixListId) {
    return `prefix list ${rule.PrefixListId}`;
  }
  const ref = rule.ReferencedGroupInfo;
  if (ref?.GroupId) {
    const name = groupNames?.get(ref.GroupId);
    return `members of ${ref.GroupId}${name ? ` (${name})` : ''}${ref.VpcId ? ` in ${ref.VpcId}` : ''}`;
  }
  return 'nobody';
}

/**
 * One line for a security group rule: "allow TCP 22 from 18.237.140.160/29", "allow all traffic to
 * 0.0.0.0/0", "allow all ICMP from members of sg-0b2c (web)". Security group rules only ever allow.
 */
export function describeSecurityGroupRule(rule: SecurityGroupRule, groupNames?: ReadonlyMap<string, string>): string {
  const traffic = ruleTrafficLabel(ruleProtocol(rule.IpProtocol), rule.FromPort, rule.ToPort);
  return `allow ${traffic} ${rule.IsEgress ? 'to' : 'from'} ${rulePeerLabel(rule, groupNames)}`;
}

/**
 * One line for a network ACL entry: "#100 allow all traffic from 0.0.0.0/0", "#120 allow TCP
 * 32768-65535 to 0.0.0.0/0", "#32767 (*) deny all traffic from 0.0.0.0/0" for the final entry.
 */
export function describeNetworkAclEntry(entry: NetworkAclEntry): string {
  const number = entry.RuleNumber ?? IMPLICIT_DENY_RULE_NUMBER;
  const label = number >= IMPLICIT_DENY_RULE_NUMBER ? `#${IMPLICIT_DENY_RULE_NUMBER} (*)` : `#${number}`;
  const protocol = ruleProtocol(entry.Protocol);
  const icmp = protocol === ICMP || protocol === ICMPV6;
  const traffic = ruleTrafficLabel(protocol, icmp ? entry.IcmpTypeCode?.Type : entry.PortRange?.From, icmp ? entry.IcmpTypeCode?.Code : entry.PortRange?.To);
  const cidr = entry.CidrBlock ?? entry.Ipv6CidrBlock ?? '?';
  return `${label} ${entry.RuleAction ?? 'deny'} ${traffic} ${entry.Egress ? 'to' : 'from'} ${cidr}`;
}

/** One line for a route: "10.2.0.0/16 -> pcx-0f1e", "0.0.0.0/0 -> igw-0a1b (blackhole)". */
export function describeRoute(route: Route): string {
  const state = route.State && route.State !== 'active' ? ` (${route.State})` : '';
  return `${routeDestination(route)} -> ${routeTarget(route)}${state}`;
}
