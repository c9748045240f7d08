/**
 * Security group rules and network ACL entries as the VPCs tree shows them: "TCP 22 from 0.0.0.0/0",
 * "All ICMP from sg-0a1b (launch-wizard-1)", "100 ALLOW All traffic from 0.0.0.0/0", "* DENY ...", and
 * why a rule is risky. Pure: no `vscode`.
 */
import type { NetworkAclEntry, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { ICMP, ICMPV6, IMPLICIT_DENY_RULE_NUMBER, TCP, UDP, ruleProtocol } from '../network/match';
import { riskyRules, ruleTrafficLabel } from '../network';

/** Web ports: open to the internet on purpose, never flagged. */
const WEB_PORTS = new Set([80, 443]);

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Names the tree knows for the ids a rule refers to. */
export interface RuleNames {
  /** Security group id -> name. */
  readonly groups?: ReadonlyMap<string, string> | undefined;
  /** Prefix list id -> its CIDR blocks (`GetManagedPrefixListEntries`). */
  readonly prefixLists?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** Whom a rule names, short: a CIDR, "sg-0a1b (launch-wizard-1)", "pl-0e1f (18.237.140.160/29)". */
export function ruleSubject(rule: SecurityGroupRule, names: RuleNames = {}): string {
  if (rule.CidrIpv4 || rule.CidrIpv6) {
    return (rule.CidrIpv4 ?? rule.CidrIpv6)!;
  }
  if (rule.PrefixListId) {
    const cidrs = names.prefixLists?.[rule.PrefixListId];
    const shown = cidrs === undefined ? '' : cidrs.length <= 2 ? ` (${cidrs.join(', ') || 'empty'})` : ` (${cidrs.length} CIDR blocks)`;
    return `${rule.PrefixListId}${shown}`;
  }
  const group = rule.ReferencedGroupInfo?.GroupId;
  if (group) {
    const name = names.groups?.get(group);
    return `${group}${name ? ` (${name})` : ''}`;
  }
  return 'nobody';
}

/** "TCP 22 from 0.0.0.0/0", "All traffic to 0.0.0.0/0", "All ICMP from sg-0a1b (launch-wizard-1)". */
export function securityGroupRuleLabel(rule: SecurityGroupRule, names: RuleNames = {}): string {
  const traffic = ruleTrafficLabel(ruleProtocol(rule.IpProtocol), rule.FromPort, rule.ToPort);
  return `${capitalize(traffic)} ${rule.IsEgress ? 'to' : 'from'} ${ruleSubject(rule, names)}`;
}

function wholeInternet(rule: SecurityGroupRule): string | undefined {
  if (rule.CidrIpv4?.trim() === '0.0.0.0/0') {
    return '0.0.0.0/0';
  }
  const v6 = rule.CidrIpv6?.trim().toLowerCase();
  return v6 === '::/0' || v6 === '0:0:0:0:0:0:0:0/0' ? '::/0' : undefined;
}

/**
 * Why an inbound rule is risky, or undefined: open to `0.0.0.0/0` or `::/0` on an administration or
 * database port, on every port or protocol (the shared {@link riskyRules}), or on any other TCP or UDP
 * port than the web's 80 and 443. Outbound rules and ICMP are not flagged.
 */
export function ruleRisk(rule: SecurityGroupRule): string | undefined {
  const [flagged] = riskyRules([rule]);
  if (flagged) {
    return flagged.ports === 'all'
      ? `Open to the whole internet (${flagged.cidr}) on every port: anyone can reach every service on the interfaces in this group.`
      : `${flagged.text.split(' open to ')[0]!} open to the whole internet (${flagged.cidr}): limit it to your own addresses (or use EC2 Instance Connect or Session Manager).`;
  }
  const cidr = rule.IsEgress ? undefined : wholeInternet(rule);
  const protocol = ruleProtocol(rule.IpProtocol);
  if (!cidr || (protocol !== TCP && protocol !== UDP)) {
    return undefined;
  }
  const from = rule.FromPort ?? -1;
  const to = rule.ToPort === undefined || rule.ToPort === -1 ? from : rule.ToPort;
  const onlyWeb = from >= 0 && to - from < 1024 && Array.from({ length: to - from + 1 }, (_, i) => from + i).every((p) => WEB_PORTS.has(p));
  if (onlyWeb) {
    return undefined;
  }
  const ports = from === to ? `port ${from}` : `ports ${from}-${to}`;
  return `${protocol === TCP ? 'TCP' : 'UDP'} ${ports} open to the whole internet (${cidr}): only the web ports 80 and 443 are usually meant to be public.`;
}

/** An ACL entry's rule number as the console shows it: "100", or "*" for the final entry. */
export function aclRuleNumber(entry: NetworkAclEntry): string {
  const number = entry.RuleNumber ?? IMPLICIT_DENY_RULE_NUMBER;
  return number >= IMPLICIT_DENY_RULE_NUMBER ? '*' : String(number);
}

/** "100 ALLOW All traffic from 0.0.0.0/0", "120 ALLOW TCP 49152-65535 to 0.0.0.0/0", "* DENY All traffic from 0.0.0.0/0". */
export function networkAclEntryLabel(entry: NetworkAclEntry): string {
  const protocol = ruleProtocol(entry.Protocol);
  const icmp = protocol === ICMP || protocol === ICMPV6;
  const traffic = ruleTrafficLabel(protocol, icmp ? entry.IcmpTypeCode?.Type : entry.PortRange?.From, icmp ? entry.IcmpTypeCode?.Code : entry.PortRange?.To);
  const cidr = entry.CidrBlock ?? entry.Ipv6CidrBlock ?? '?';
  return `${aclRuleNumber(entry)} ${(entry.RuleAction ?? 'deny').toUpperCase()} ${capitalize(traffic)} ${entry.Egress ? 'to' : 'from'} ${cidr}`;
}
