/**
 * Many explained flows grouped by what blocks them, for the viewer's summary:
 * "security group sg-0b2c... (launch-wizard-2): 38 flows from 10.1.5.112, ICMP".
 */
import { formatIPv4, parseIPv4 } from '../flowlogs/ip';
import { trafficLabel } from './format';
import { IMPLICIT_DENY_RULE_NUMBER } from './match';
import type { DecidingRule, Direction, Explanation, Flow, Verdict } from './types';

/** One record and its explanation; `count` when the record stands for several (default 1). */
export interface ExplainedFlow {
  flow: Flow;
  explanation: Explanation;
  count?: number;
}

/** Flows that share a cause. */
export interface CauseGroup {
  /** Stable key: verdict, direction, whose packets, and the deciding rules. */
  key: string;
  verdict: Verdict;
  direction: Direction;
  blocked?: 'flow' | 'reply';
  /** The deciding rules of the first flow (all flows of a group share their ids). */
  rules: DecidingRule[];
  ruleIds: string[];
  /** Flows (records, or the sum of their `count`). */
  count: number;
  /** The other ends (sources of inbound flows, destinations of outbound ones), distinct, in first-seen order. */
  peers: string[];
  /** Those ends in a few words: one address, their smallest covering CIDR, or a short list. */
  peersSummary: string;
  /** Distinct traffic, most frequent first: "ICMP", "TCP 22 (SSH)". */
  traffic: string[];
  /** "security group sg-... (db): 38 flows from 10.1.0.0/16, ICMP". */
  text: string;
}

/**
 * The smallest IPv4 CIDR block that holds every address ("10.1.5.0/24"), or undefined when the list
 * is empty or holds anything but IPv4 addresses.
 */
export function coveringCidr(addresses: readonly string[]): string | undefined {
  let low = Infinity;
  let high = -Infinity;
  for (const address of addresses) {
    const v = parseIPv4(address);
    if (v < 0) {
      return undefined;
    }
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  if (low === Infinity) {
    return undefined;
  }
  let prefix = 32;
  while (prefix > 0 && Math.floor(low / 2 ** (32 - prefix)) !== Math.floor(high / 2 ** (32 - prefix))) {
    prefix--;
  }
  const base = Math.floor(low / 2 ** (32 - prefix)) * 2 ** (32 - prefix);
  return `${formatIPv4(base)}/${prefix}`;
}

/**
 * A few words for a set of addresses: the address when there is one; their covering CIDR when it is no
 * wider than `/maxWidth` (16 by default: wider blocks say little); else the first three and a count.
 */
export function summarizeAddresses(addresses: readonly string[], maxWidth = 16): string {
  const distinct = [...new Set(addresses)];
  if (distinct.length === 0) {
    return 'no address';
  }
  if (distinct.length === 1) {
    return distinct[0]!;
  }
  const cidr = coveringCidr(distinct);
  if (cidr && Number(cidr.split('/')[1]) >= maxWidth) {
    return cidr;
  }
  const shown = distinct.slice(0, 3).join(', ');
  return distinct.length > 3 ? `${shown} and ${distinct.length - 3} more` : shown;
}

function causeLabel(e: Explanation): string {
  const first = e.rules[0];
  switch (e.verdict) {
    case 'security-group': {
      const groups = [...new Map(e.rules.filter((r) => r.groupId).map((r) => [r.groupId!, r.groupName ? `${r.groupId!} (${r.groupName})` : r.groupId!])).values()];
      return `${groups.length > 1 ? 'security groups' : 'security group'} ${groups.join(', ') || '?'}${e.side === 'peer' ? ' at the other end' : ''}`;
    }
    case 'network-acl': {
      const number = first?.ruleNumber ?? IMPLICIT_DENY_RULE_NUMBER;
      const entry = number >= IMPLICIT_DENY_RULE_NUMBER ? `#${IMPLICIT_DENY_RULE_NUMBER} (*)` : `#${number}`;
      return `network ACL ${first?.id ?? '?'} ${first?.egress ? 'outbound' : 'inbound'} entry ${entry}${e.blocked === 'reply' ? ' (the reply)' : ''}`;
    }
    case 'no-route':
      return `no route in ${first?.id ?? '?'}${e.blocked === 'reply' ? ' (the way back)' : ''}`;
    case 'block-public-access':
      return 'VPC Block Public Access';
    case 'allowed':
      return 'allowed by today\'s rules';
    case 'unknown':
      return 'unknown';
  }
}

function causeKey(e: Explanation): string {
  const ids = e.verdict === 'allowed' || e.verdict === 'unknown'
    ? []
    : e.rules.map((r) => `${r.kind}:${r.id}${r.ruleNumber !== undefined ? `#${r.ruleNumber}` : ''}${r.egress ? ':out' : ''}`);
  return [e.verdict, e.recordDirection ?? e.direction, e.direction, e.blocked ?? '', e.side ?? '', ...ids].join('|');
}

/**
 * Groups explained flows by cause (verdict, direction, whose packets, deciding rules), largest first,
 * each with its count, the other ends summarised, the traffic, and a display sentence. Pure
 * aggregation: pass only the rejected records to summarise rejections.
 */
export function groupRejectedByCause(items: readonly ExplainedFlow[]): CauseGroup[] {
  const groups = new Map<string, { first: Explanation; count: number; peers: Map<string, number>; traffic: Map<string, number> }>();
  for (const { flow, explanation, count = 1 } of items) {
    const key = causeKey(explanation);
    let group = groups.get(key);
    if (!group) {
      group = { first: explanation, count: 0, peers: new Map(), traffic: new Map() };
      groups.set(key, group);
    }
    group.count += count;
    // The other end of the record as its interface saw it; the service port is where the connection goes.
    const inbound = (explanation.recordDirection ?? explanation.direction) === 'inbound';
    const peer = inbound ? flow.srcaddr : flow.dstaddr;
    group.peers.set(peer, (group.peers.get(peer) ?? 0) + count);
    const port = explanation.reading === 'reply' ? flow.srcport : flow.dstport;
    const traffic = trafficLabel(flow.protocol, port);
    group.traffic.set(traffic, (group.traffic.get(traffic) ?? 0) + count);
  }
  const out: CauseGroup[] = [];
  for (const [key, g] of groups) {
    const e = g.first;
    const peers = [...g.peers.keys()];
    const traffic = [...g.traffic].sort((a, b) => b[1] - a[1]).map(([t]) => t);
    const peersSummary = summarizeAddresses(peers);
    const recordInbound = (e.recordDirection ?? e.direction) === 'inbound';
    const trafficText = traffic.length > 3 ? `${traffic.slice(0, 3).join(', ')} and ${traffic.length - 3} more` : traffic.join(', ');
    out.push({
      key, verdict: e.verdict, direction: e.direction, ...(e.blocked ? { blocked: e.blocked } : {}), rules: e.rules,
      ruleIds: [...new Set(e.rules.map((r) => r.id))], count: g.count, peers, peersSummary, traffic,
      text: `${causeLabel(e)}: ${g.count} ${g.count === 1 ? 'flow' : 'flows'} ${recordInbound ? 'from' : 'to'} ${peersSummary}, ${trafficText}`,
    });
  }
  return out.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

