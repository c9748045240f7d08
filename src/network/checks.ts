/**
 * The three checks the evaluator runs at each place a packet crosses: the interface's security groups,
 * the subnet's network ACL in one direction, and the subnet's route to an address. Each answers for
 * today's configuration only; `explain.ts` decides which checks a record and its reply need, in order.
 */
import type { NetworkAcl, NetworkAclEntry, NetworkInterface, Route, RouteTable, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { IMPLICIT_DENY_RULE_NUMBER, lookupRoute, matchAclEntry, matchRulePeer, matchRuleTraffic, orderedAclEntries, routeTarget } from './match';
import { interfaceGroups, isPrivateAddress, type NetworkIndex } from './model';
import type { Packet } from './types';

export type Role = 'flow' | 'reply';
export type Side = 'local' | 'peer';

/** Where a check happens: the interface (and its subnet) on one side of the flow. */
export interface Place {
  side: Side;
  interfaceId: string | undefined;
  subnetId: string;
  vpcId: string | undefined;
}

export type SgOutcome =
  | { status: 'allow'; rules: SecurityGroupRule[]; assumedIcmp: boolean }
  | { status: 'deny'; groups: string[]; candidates: SecurityGroupRule[] }
  | { status: 'undecided'; rules: SecurityGroupRule[]; missing: string[]; groups: string[] }
  | { status: 'unloaded'; groups: string[] };

export type AclOutcome =
  | { status: 'skip'; note?: string }
  | { status: 'allow' | 'deny'; acl: NetworkAcl; entry: NetworkAclEntry | undefined; ruleNumber: number; assumedIcmp: boolean };

export type RouteProblem = 'none' | 'blackhole' | 'internet-gateway' | 'peering-inactive' | 'peering-elsewhere';
export type RouteOutcome =
  | { status: 'skip'; note?: string }
  | { status: 'ok'; table: RouteTable; route: Route }
  | { status: 'fail'; table: RouteTable; route: Route | undefined; problem: RouteProblem; detail?: string };

/** Which rules of the interface's groups let `packet` through in one direction (`egress`), or why none decide. */
export function sgCheck(index: NetworkIndex, eni: NetworkInterface, egress: boolean, packet: Packet): SgOutcome {
  const groups = interfaceGroups(eni);
  const loaded = groups.filter((g) => index.rulesByGroup.has(g));
  if (loaded.length === 0) {
    return { status: 'unloaded', groups };
  }
  const missing = groups.filter((g) => !loaded.includes(g));
  const remote = egress ? packet.dstaddr : packet.srcaddr;
  const candidates = loaded.flatMap((g) => index.rulesByGroup.get(g)!).filter((r) => !!r.IsEgress === egress);
  const yes: SecurityGroupRule[] = [];
  const assumed: SecurityGroupRule[] = [];
  const undecided: SecurityGroupRule[] = [];
  for (const rule of candidates) {
    const traffic = matchRuleTraffic(rule, packet);
    if (traffic === 'no') {
      continue;
    }
    const peer = matchRulePeer(rule, remote, index);
    if (peer === 'unknown') {
      undecided.push(rule);
    } else if (peer === 'yes') {
      (traffic === 'yes' ? yes : assumed).push(rule);
    }
  }
  if (yes.length) {
    return { status: 'allow', rules: yes, assumedIcmp: false };
  }
  if (assumed.length) {
    return { status: 'allow', rules: assumed, assumedIcmp: true };
  }
  if (undecided.length || missing.length) {
    return { status: 'undecided', rules: undecided, missing, groups };
  }
  return { status: 'deny', groups, candidates };
}

/** The subnet's network ACL entry that decides `packet` in one direction: first match by rule number, else the implicit deny. */
export function aclCheck(index: NetworkIndex, place: Place, egress: boolean, packet: Packet): AclOutcome {
  const acl = index.networkAclForSubnet(place.subnetId, place.vpcId);
  if (!acl) {
    return { status: 'skip', note: `The network ACL of ${place.subnetId} was not read, so it was not checked.` };
  }
  for (const entry of orderedAclEntries(acl.Entries, egress)) {
    const number = entry.RuleNumber ?? IMPLICIT_DENY_RULE_NUMBER;
    if (number >= IMPLICIT_DENY_RULE_NUMBER) {
      return { status: 'deny', acl, entry, ruleNumber: IMPLICIT_DENY_RULE_NUMBER, assumedIcmp: false };
    }
    const match = matchAclEntry(entry, packet);
    if (match !== 'no') {
      return { status: entry.RuleAction === 'allow' ? 'allow' : 'deny', acl, entry, ruleNumber: number, assumedIcmp: match === 'icmp-type' };
    }
  }
  return { status: 'deny', acl, entry: undefined, ruleNumber: IMPLICIT_DENY_RULE_NUMBER, assumedIcmp: false };
}

/** The route the subnet's table takes to `destination`, and what is wrong with it if the flow cannot get there. */
export function routeCheck(index: NetworkIndex, place: Place, destination: string): RouteOutcome {
  if (!index.network.routeTables) {
    return { status: 'skip' };
  }
  const table = index.routeTableForSubnet(place.subnetId, place.vpcId);
  if (!table) {
    return { status: 'skip', note: `The route table of ${place.subnetId} was not read, so its routes were not checked.` };
  }
  const { route, unresolved } = lookupRoute(table, destination, index.network.prefixLists);
  if (!route) {
    if (unresolved.length) {
      return { status: 'skip', note: `Route table ${table.RouteTableId ?? '?'} has routes to prefix lists whose entries were not read (${unresolved.join(', ')}), so its route to ${destination} was not checked.` };
    }
    return { status: 'fail', table, route, problem: 'none' };
  }
  if (route.State === 'blackhole') {
    return { status: 'fail', table, route, problem: 'blackhole' };
  }
  const target = routeTarget(route);
  if (target.startsWith('igw-') && isPrivateAddress(destination)) {
    return { status: 'fail', table, route, problem: 'internet-gateway' };
  }
  if (route.VpcPeeringConnectionId) {
    const pcx = index.peering(route.VpcPeeringConnectionId);
    const code = pcx?.Status?.Code;
    if (code && code !== 'active') {
      return { status: 'fail', table, route, problem: 'peering-inactive', detail: code };
    }
    const ends = [pcx?.RequesterVpcInfo?.VpcId, pcx?.AccepterVpcInfo?.VpcId];
    const destinationVpc = index.vpcOfAddress(destination);
    if (pcx && destinationVpc && ends.every((e) => e) && !ends.includes(destinationVpc)) {
      return { status: 'fail', table, route, problem: 'peering-elsewhere', detail: ends.filter((e) => e !== table.VpcId).join(', ') };
    }
  }
  return { status: 'ok', table, route };
}
