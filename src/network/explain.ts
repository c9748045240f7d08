/**
 * "Why was this rejected (or allowed)?": follows one flow log record, and the reply it needs, through
 * today's security groups, network ACLs and route tables, and names what decides.
 *
 * How AWS evaluates (Amazon VPC User Guide: security groups, network ACLs, flow log record examples):
 * - security groups are allow-only and stateful: every rule of every group on the interface counts, and
 *   the reply of an allowed connection passes whatever the rules say;
 * - network ACLs are stateless and apply per direction at the subnet boundary, entries by rule number,
 *   first match wins, the final `*` entry (32767) denies; traffic between two addresses of one subnet
 *   does not cross them; so a reply must pass the opposite direction's entries on the client's port
 *   (the documentation's example: an inbound ping ACCEPTed, its reply REJECTed by the outbound ACL);
 * - the subnet's route table (its explicit association, else the VPC's main table) must lead to the
 *   other end, and back: a peering needs a route in both VPCs.
 *
 * What happened before the record's interface saw a packet is not judged again: an inbound record
 * arrived, so the sender's side passed at the time. Everything is today's configuration; the record
 * may be older, and a REJECT that today's rules allow is said to be exactly that.
 */
import type { NetworkAcl, NetworkAclEntry, NetworkInterface, Route, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { describeNetworkAclEntry, describeRoute, describeSecurityGroupRule, icmpTypeName, trafficLabel } from './format';
import { ICMPV6, IMPLICIT_DENY_RULE_NUMBER, TCP, UDP, routeDestination, routeTarget } from './match';
import { aclCheck, routeCheck, sgCheck, type AclOutcome, type Place, type Role, type Side } from './checks';
import { addressFamily, addressKey, findPeering, indexNetwork, interfaceAddresses, isPrivateAddress, type NetworkIndex } from './model';
import { readingFromRecord, swap } from './record';
import type { DecidingRule, Direction, Explanation, Flow, Network, Packet } from './types';

/**
 * Explains one flow log record against today's network: which rule decides, in one sentence.
 *
 * `verdict` names what blocks the flow (`allowed` when nothing does), `direction` whether it is the flow
 * itself or its reply that is blocked (as seen by the interface), `rules` the deciding rules (or, for an
 * allowed flow, every rule that lets it and its reply through: the audit answer to "who opened this?").
 * Pure; the network's look-ups are built once per `network` object, so treat it as immutable and pass
 * a new object after a change.
 */
export function explainFlow(flow: Flow, network: Network): Explanation {
  return new Evaluation(flow, indexNetwork(network)).run();
}

function list(items: readonly string[]): string {
  if (items.length <= 1) {
    return items[0] ?? '';
  }
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}

class Evaluation {
  private readonly notes: string[] = [];
  private readonly passed: DecidingRule[] = [];
  private readonly passedText: string[] = [];
  private readonly aclPassed: Array<{ aclId: string; side: Side; egress: boolean; number: number }> = [];
  private localAddress = '';
  private direction: Direction = 'inbound';
  private reading: 'request' | 'reply' = 'request';
  private eni: NetworkInterface | undefined;

  constructor(private readonly flow: Flow, private readonly index: NetworkIndex) {}

  run(): Explanation {
    const { flow, index } = this;
    const given: Direction | undefined = flow.flowDirection === 'ingress' ? 'inbound' : flow.flowDirection === 'egress' ? 'outbound' : undefined;
    const eni = index.interfaceById.get(flow.interfaceId);
    this.eni = eni;
    const direction = given ?? (eni ? this.directionByAddress(eni) : undefined);
    this.direction = direction ?? 'inbound';
    if (flow.rejectReason?.trim().toUpperCase() === 'BPA') {
      return this.result({
        verdict: 'block-public-access', direction: direction ?? 'inbound', rules: [], blocked: 'flow',
        text: 'VPC Block Public Access rejected this flow (reject-reason BPA), not a security group or network ACL: the account\'s block public access mode stops internet gateway traffic to and from this VPC or subnet unless it is excluded.',
        ...(eni?.SubnetId ? { subnetId: eni.SubnetId } : {}),
        ...(eni ? { interfaceId: flow.interfaceId } : {}),
      });
    }
    if (!eni || !eni.SubnetId) {
      return this.unknown(given ?? 'inbound', `Interface ${flow.interfaceId} is not among the interfaces read from this account and region, so the rules that apply to it are unknown.`);
    }
    if (!addressKey(flow.srcaddr) || !addressKey(flow.dstaddr)) {
      return this.unknown(given ?? 'inbound', `The record has no addresses to check (srcaddr ${flow.srcaddr || '-'}, dstaddr ${flow.dstaddr || '-'}).`);
    }
    if (!direction) {
      return this.unknown('inbound', `Neither ${flow.srcaddr} nor ${flow.dstaddr} is an address of ${flow.interfaceId} as it is configured today, so which side of the flow it is cannot be told (its addresses may have changed since the record was written).`);
    }
    this.direction = direction;
    const rec: Packet = { srcaddr: flow.srcaddr, dstaddr: flow.dstaddr, srcport: flow.srcport ?? null, dstport: flow.dstport ?? null, protocol: flow.protocol };
    const rev = swap(rec);
    this.localAddress = direction === 'inbound' ? rec.dstaddr : rec.srcaddr;
    const peerAddress = direction === 'inbound' ? rec.srcaddr : rec.dstaddr;

    const local: Place = { side: 'local', interfaceId: flow.interfaceId, subnetId: eni.SubnetId, vpcId: eni.VpcId };
    const foundPeer = index.interfaceByAddress(peerAddress);
    const peerEni = foundPeer && foundPeer !== eni ? foundPeer : undefined;
    const peerSubnet = peerEni?.SubnetId ?? index.subnetIdOfAddress(peerAddress);
    const peer: Place | undefined = peerSubnet
      ? { side: 'peer', interfaceId: peerEni?.NetworkInterfaceId, subnetId: peerSubnet, vpcId: peerEni?.VpcId ?? index.vpcOfSubnet(peerSubnet) ?? index.vpcOfAddress(peerAddress) }
      : undefined;
    const sameSubnet = peerSubnet === eni.SubnetId;
    if (sameSubnet) {
      this.notes.push(`${flow.srcaddr} and ${flow.dstaddr} are both in ${eni.SubnetId}, so no network ACL applies between them.`);
    }

    // A record reads as the opening of a connection unless its flags or ports say it answers one; for an
    // ACCEPTed record without such signs, the reading the security group agrees with is the likelier.
    let reading = readingFromRecord(flow);
    const uncertain = reading === undefined;
    if (reading === undefined) {
      reading = 'request';
      if (flow.action === 'ACCEPT') {
        const asRequest = sgCheck(this.index, eni, direction === 'outbound', rec);
        const asReply = sgCheck(this.index, eni, direction === 'inbound', rev);
        if (asRequest.status === 'deny' && asReply.status === 'allow') {
          reading = 'reply';
        }
      }
    }
    this.reading = reading;

    const steps: Array<() => Explanation | undefined> = [];
    const acl = (place: Place, egress: boolean, packet: Packet, role: Role) => (): Explanation | undefined => (sameSubnet ? undefined : this.aclStep(place, egress, packet, role));
    if (reading === 'request' && direction === 'inbound') {
      steps.push(acl(local, false, rec, 'flow'));
      steps.push(() => this.sgStep(eni, local, false, rec, 'flow'));
      steps.push(acl(local, true, rev, 'reply'));
      steps.push(() => this.routeStep(local, rev, 'reply', peer));
      if (peer) {
        steps.push(acl(peer, false, rev, 'reply'));
      }
    } else if (reading === 'request') {
      steps.push(() => this.sgStep(eni, local, true, rec, 'flow', uncertain && !sameSubnet ? { place: local, reverse: rev } : undefined));
      steps.push(acl(local, true, rec, 'flow'));
      steps.push(() => this.routeStep(local, rec, 'flow', peer));
      if (peer) {
        steps.push(acl(peer, false, rec, 'flow'));
        if (peerEni) {
          steps.push(() => this.sgStep(peerEni, peer, false, rec, 'flow'));
        }
        steps.push(acl(peer, true, rev, 'reply'));
        steps.push(() => this.routeStep(peer, rev, 'reply', local));
      }
      steps.push(acl(local, false, rev, 'reply'));
    } else if (direction === 'outbound') {
      // The record answers a connection the other side opened: the group must have let that in.
      steps.push(() => this.sgStep(eni, local, false, rev, 'flow'));
      steps.push(acl(local, true, rec, 'reply'));
      steps.push(() => this.routeStep(local, rec, 'reply', peer));
      if (peer) {
        steps.push(acl(peer, false, rec, 'reply'));
      }
    } else {
      // The record answers a connection this interface opened.
      steps.push(acl(local, false, rec, 'reply'));
      steps.push(() => this.sgStep(eni, local, true, rev, 'flow'));
    }
    for (const step of steps) {
      const blocked = step();
      if (blocked) {
        return blocked;
      }
    }
    return this.allowed(rec);
  }

  private directionByAddress(eni: NetworkInterface): Direction | undefined {
    const own = (address: string): boolean => {
      const key = addressKey(address);
      return (key !== undefined && interfaceAddresses(eni).some((a) => addressKey(a) === key)) || this.index.interfaceByAddress(address) === eni;
    };
    const src = own(this.flow.srcaddr);
    const dst = own(this.flow.dstaddr);
    if (dst && !src) {
      return 'inbound';
    }
    if (src && !dst) {
      return 'outbound';
    }
    return undefined;
  }

  /** The direction, as the record's interface sees it, of a packet. */
  private seen(packet: Packet): Direction {
    return addressKey(packet.srcaddr) === addressKey(this.localAddress) ? 'outbound' : 'inbound';
  }

  private result(e: Omit<Explanation, 'notes'>): Explanation {
    return { ...e, reading: e.reading ?? this.reading, recordDirection: this.direction, notes: this.notes };
  }

  private unknown(direction: Direction, text: string, rules: DecidingRule[] = []): Explanation {
    return { verdict: 'unknown', direction, recordDirection: direction, rules, text, notes: this.notes };
  }

  // ---- security groups ----


  private sgStep(eni: NetworkInterface, place: Place, egress: boolean, packet: Packet, role: Role, aclFirst?: { place: Place; reverse: Packet }): Explanation | undefined {
    const outcome = sgCheck(this.index, eni, egress, packet);
    const eniId = eni.NetworkInterfaceId ?? '?';
    const label = (groups: readonly string[]): string => `${groups.length > 1 ? 'security groups' : 'security group'} ${list(groups.map((g) => this.index.groupLabel(g)))}`;
    const way = egress ? 'outbound' : 'inbound';
    const remote = egress ? packet.dstaddr : packet.srcaddr;
    const traffic = trafficLabel(packet.protocol, packet.dstport);
    const toFrom = `${egress ? 'to' : 'from'} ${remote}`;
    switch (outcome.status) {
      case 'allow': {
        for (const rule of outcome.rules) {
          this.passed.push(this.sgRule(rule, eniId, place));
        }
        const ids = outcome.rules.map((r) => `${r.SecurityGroupRuleId ?? '?'} (${describeSecurityGroupRule(r, this.index.groupNames)})`);
        const groups = [...new Set(outcome.rules.map((r) => r.GroupId ?? '?'))];
        const rules = `rule${outcome.rules.length > 1 ? 's' : ''} ${list(ids)}`;
        const prefix = place.side === 'peer' ? `at ${eniId} ` : '';
        // Read as an answer, the record passes the group as part of the connection the rule let start.
        this.passedText.push(this.reading === 'reply' && place.side === 'local'
          ? `${label(groups)}, as the answer to a connection its ${rules} lets ${egress ? 'out' : 'in'}`
          : `${prefix}${label(groups)} ${rules}`);
        if (outcome.assumedIcmp) {
          const v6 = packet.protocol === ICMPV6;
          const types = outcome.rules.map((r) => `type ${r.FromPort ?? '?'}${icmpTypeName(r.FromPort ?? -1, v6) ? ` (${icmpTypeName(r.FromPort ?? -1, v6)!})` : ''}`);
          this.notes.push(`${label(groups)} allows only ICMP ${list([...new Set(types)])} ${toFrom}; flow logs do not record the ICMP type, so this assumes the record was that type.`);
        }
        return undefined;
      }
      case 'unloaded': {
        const text = `No rules of ${label(outcome.groups)} on ${eniId} were read: either it has none, and then it rejects everything, or they could not be read (ec2:DescribeSecurityGroupRules).`;
        if (place.side === 'peer') {
          this.notes.push(`The far end was not fully checked: ${text}`);
          return undefined;
        }
        return this.unknown(this.seen(packet), text, outcome.groups.map((g) => ({ kind: 'security-group-rule', id: g, groupId: g, egress, interfaceId: eniId, ...this.groupName(g) })));
      }
      case 'undecided': {
        const parts: string[] = [];
        if (outcome.rules.length) {
          const described = outcome.rules.map((r) => `${r.SecurityGroupRuleId ?? '?'} (${describeSecurityGroupRule(r, this.index.groupNames)})`);
          parts.push(`${outcome.rules.length > 1 ? 'rules' : 'rule'} ${list(described)}, which cannot be checked against ${remote} (${outcome.rules.some((r) => r.PrefixListId) ? 'the prefix list\'s entries were not read' : `${remote} is not an interface read from the account`})`);
        }
        if (outcome.missing.length) {
          parts.push(`the rules of ${list(outcome.missing.map((g) => this.index.groupLabel(g)))}, which were not read`);
        }
        const text = `No ${way} rule of ${label(outcome.groups)} on ${eniId} is known to allow ${traffic} ${toFrom}; it depends on ${list(parts)}.`;
        return this.unknown(this.seen(packet), text, outcome.rules.map((r) => this.sgRule(r, eniId, place)));
      }
      case 'deny': {
        if (aclFirst) {
          // Without flags or ports to tell, an outbound record may be the answer to traffic the group let in
          // (which it lets out whatever its outbound rules say); an ACL that denies the packet denies it either way.
          const reverse = sgCheck(this.index, eni, !egress, aclFirst.reverse);
          if (reverse.status === 'allow') {
            const acl = aclCheck(this.index, aclFirst.place, egress, packet);
            if (acl.status === 'deny') {
              this.notes.push(`If this record answers traffic from ${remote} (its ${way === 'outbound' ? 'inbound' : 'outbound'} rules allow that), the security group lets it out as part of that connection; the network ACL denies it either way.`);
              return this.aclBlocked(aclFirst.place, egress, packet, 'flow', acl);
            }
          }
        }
        const own = outcome.candidates;
        const summary = own.length === 0
          ? `it has no ${way} rules`
          : own.length <= 3
            ? `its ${way} rules: ${own.map((r) => describeSecurityGroupRule(r, this.index.groupNames)).join('; ')}`
            : `${own.length} ${way} rules, none for this`;
        const rules: DecidingRule[] = outcome.groups.map((g) => ({ kind: 'security-group-rule', id: g, groupId: g, action: 'deny', egress, interfaceId: eniId, ...this.groupName(g) }));
        let text: string;
        if (place.side === 'peer') {
          text = `${this.flow.interfaceId} lets this flow out, but at the other end no inbound rule of ${label(outcome.groups)} on ${eniId} allows ${traffic} ${toFrom} (${summary}), so it is dropped there; add an inbound rule for ${traffic} from that source.`;
          if (this.flow.action === 'REJECT') {
            this.notes.push(`The security groups and network ACL of ${this.flow.interfaceId} itself allow this flow today.`);
          }
        } else if (this.reading === 'reply') {
          const opened = egress ? 'this interface opened' : `${remote} opened`;
          text = `By its ${this.flow.protocol === TCP && typeof this.flow.tcpFlags === 'number' ? 'TCP flags' : 'ports'} this record answers a ${traffic} connection ${opened}, but no ${way} rule of ${label(outcome.groups)} allows that connection (${summary}), so the group does not let its answers through either; add an ${way} rule for ${traffic} ${egress ? 'to that destination' : 'from that source'}.`;
        } else {
          text = `No ${way} rule of ${label(outcome.groups)} allows ${traffic} ${toFrom} (${summary}), so it rejects this flow at ${eniId}; add an ${way} rule for ${traffic} ${egress ? 'to that destination' : 'from that source'}.`;
        }
        return this.result({
          verdict: 'security-group', direction: this.seen(packet), rules, text, blocked: role, packet, side: place.side,
          ...(place.interfaceId ? { interfaceId: place.interfaceId } : {}), subnetId: place.subnetId,
        });
      }
    }
  }

  private sgRule(rule: SecurityGroupRule, interfaceId: string, place: Place): DecidingRule {
    return {
      kind: 'security-group-rule', id: rule.SecurityGroupRuleId ?? rule.GroupId ?? '?', action: 'allow', egress: !!rule.IsEgress, interfaceId,
      subnetId: place.subnetId, securityGroupRule: rule, ...(rule.GroupId ? { groupId: rule.GroupId, ...this.groupName(rule.GroupId) } : {}),
    };
  }

  private groupName(groupId: string): { groupName?: string } {
    const name = this.index.groupNames.get(groupId);
    return name ? { groupName: name } : {};
  }

  // ---- network ACLs ----


  private aclStep(place: Place, egress: boolean, packet: Packet, role: Role): Explanation | undefined {
    const outcome = aclCheck(this.index, place, egress, packet);
    if (outcome.status === 'skip') {
      if (outcome.note && !this.notes.includes(outcome.note)) {
        this.notes.push(outcome.note);
      }
      return undefined;
    }
    if (outcome.assumedIcmp && outcome.entry) {
      this.notes.push(`Network ACL ${outcome.acl.NetworkAclId ?? '?'} entry ${describeNetworkAclEntry(outcome.entry)} names one ICMP type; flow logs do not record the type, so this assumes the record was that type.`);
    }
    if (outcome.status === 'allow') {
      this.passed.push(this.aclRule(outcome.acl, outcome.entry, outcome.ruleNumber, egress, 'allow', place));
      this.aclPassed.push({ aclId: outcome.acl.NetworkAclId ?? '?', side: place.side, egress, number: outcome.ruleNumber });
      return undefined;
    }
    return this.aclBlocked(place, egress, packet, role, outcome);
  }

  private aclBlocked(place: Place, egress: boolean, packet: Packet, role: Role, outcome: Extract<AclOutcome, { status: 'allow' | 'deny' }>): Explanation {
    const aclId = outcome.acl.NetworkAclId ?? '?';
    const way = egress ? 'outbound' : 'inbound';
    const remote = egress ? packet.dstaddr : packet.srcaddr;
    const described = outcome.entry ? describeNetworkAclEntry(outcome.entry) : '';
    const entryText = `#${outcome.ruleNumber} (${described.slice(described.indexOf(' ') + 1)})`;
    const below = implicitBelow(outcome.ruleNumber);
    const where = `network ACL ${aclId} of ${place.subnetId}${place.side === 'peer' && place.interfaceId ? ` (at ${place.interfaceId})` : ''}`;
    const implicit = outcome.ruleNumber >= IMPLICIT_DENY_RULE_NUMBER;
    const traffic = trafficLabel(packet.protocol, packet.dstport);
    let text: string;
    if (role === 'reply') {
      const port = (packet.protocol === TCP || packet.protocol === UDP) && typeof packet.dstport === 'number' ? packet.dstport : undefined;
      const what = port !== undefined ? `the reply on port ${port} to ${packet.dstaddr}` : `the ${traffic} reply to ${packet.dstaddr}`;
      const start = this.reading === 'reply' ? `This record is the reply, and ${where}` : `${capitalize(where)} lets the flow through but`;
      const then = implicit ? `no ${way} entry allows it, so the final entry #${IMPLICIT_DENY_RULE_NUMBER} (*) denies it` : `${way} entry ${entryText} matches it first`;
      text = `${start} denies ${what}: network ACLs are stateless and ${then}; add an ${way} allow entry for ${port !== undefined ? `the client's ephemeral ports (${port} here)` : traffic} ${egress ? 'to' : 'from'} ${remote}${below}.`;
    } else {
      const then = implicit ? `no ${way} entry allows ${traffic} ${egress ? 'to' : 'from'} ${remote}, so the final entry #${IMPLICIT_DENY_RULE_NUMBER} (*) denies it` : `${way} entry ${entryText} matches it first`;
      text = `${capitalize(where)} denies this flow ${way}: ${then}; add an ${way} allow entry for ${traffic} ${egress ? 'to' : 'from'} ${remote}${below}.`;
    }
    return this.result({
      verdict: 'network-acl', direction: this.seen(packet), blocked: role, packet, side: place.side,
      rules: [this.aclRule(outcome.acl, outcome.entry, outcome.ruleNumber, egress, 'deny', place)], text,
      ...(place.interfaceId ? { interfaceId: place.interfaceId } : {}), subnetId: place.subnetId, networkAclId: aclId,
    });
  }

  private aclRule(acl: NetworkAcl, entry: NetworkAclEntry | undefined, ruleNumber: number, egress: boolean, action: 'allow' | 'deny', place: Place): DecidingRule {
    return {
      kind: 'network-acl-entry', id: acl.NetworkAclId ?? '?', ruleNumber, action, egress, subnetId: place.subnetId,
      ...(place.interfaceId ? { interfaceId: place.interfaceId } : {}), ...(entry ? { networkAclEntry: entry } : {}),
    };
  }

  // ---- routes ----


  private routeStep(place: Place, packet: Packet, role: Role, other: Place | undefined): Explanation | undefined {
    const destination = packet.dstaddr;
    const outcome = routeCheck(this.index, place, destination);
    if (outcome.status === 'skip') {
      if (outcome.note && !this.notes.includes(outcome.note)) {
        this.notes.push(outcome.note);
      }
      return undefined;
    }
    const tableId = outcome.table.RouteTableId ?? '?';
    if (outcome.status === 'ok') {
      this.passed.push(this.routeRule(tableId, outcome.route, place, 'allow'));
      return undefined;
    }
    const { route } = outcome;
    const pcx = other?.vpcId && place.vpcId ? findPeering(this.index, place.vpcId, other.vpcId, this.localAddress, this.peerAddressOf()) : undefined;
    const wanted = this.index.vpcCidrOf(destination)?.cidr ?? `${destination}/${addressFamily(destination) === 6 ? 128 : 32}`;
    const through = pcx ? ` through the peering connection ${pcx}` : isPrivateAddress(destination) ? ' through the peering connection or gateway that reaches it' : '';
    const table = `route table ${tableId} of ${place.subnetId}`;
    let why: string;
    switch (outcome.problem) {
      case 'none':
        why = `${table} has no route to ${destination}`;
        break;
      case 'blackhole':
        why = `${table} sends ${destination} to ${routeTarget(route!)}, but that route is a blackhole (its target no longer exists)`;
        break;
      case 'internet-gateway':
        why = `${table} sends ${destination} to the internet gateway ${routeTarget(route!)} (route ${describeRoute(route!)}), which cannot deliver to a private address`;
        break;
      case 'peering-inactive':
        why = `${table} sends ${destination} through peering connection ${routeTarget(route!)}, which is ${outcome.detail ?? 'not active'}, not active`;
        break;
      case 'peering-elsewhere':
        why = `${table} sends ${destination} through peering connection ${routeTarget(route!)}, which leads to ${outcome.detail ?? 'another VPC'}, not to ${destination}'s VPC`;
        break;
    }
    const fix = outcome.problem === 'peering-inactive' ? 'accept the peering connection' : `add a route for ${wanted}${through}`;
    let text: string;
    if (role === 'flow') {
      text = `${capitalize(why)}, so this flow cannot get there; ${fix}.`;
    } else if (place.side === 'peer') {
      text = `The flow reaches ${place.interfaceId ?? packet.srcaddr}, but ${why}, so the reply is lost (a peering needs a route in both VPCs); ${fix}.`;
    } else {
      text = `This flow arrives, but ${why}, so the reply cannot return${isPrivateAddress(destination) ? ' (a peering needs a route in both VPCs)' : ''}; ${fix}.`;
    }
    return this.result({
      verdict: 'no-route', direction: this.seen(packet), blocked: role, packet, side: place.side, text,
      rules: [this.routeRule(tableId, route, place, 'deny')],
      ...(place.interfaceId ? { interfaceId: place.interfaceId } : {}), subnetId: place.subnetId, routeTableId: tableId,
    });
  }

  private peerAddressOf(): string {
    return addressKey(this.flow.srcaddr) === addressKey(this.localAddress) ? this.flow.dstaddr : this.flow.srcaddr;
  }

  private routeRule(tableId: string, route: Route | undefined, place: Place, action: 'allow' | 'deny'): DecidingRule {
    return {
      kind: 'route', id: tableId, action, subnetId: place.subnetId, ...(place.interfaceId ? { interfaceId: place.interfaceId } : {}),
      ...(route ? { route, destination: routeDestination(route), target: routeTarget(route) } : {}),
    };
  }

  // ---- allowed ----

  private allowed(rec: Packet): Explanation {
    const parts = [...this.passedText];
    const localAcl = this.aclPassed.filter((a) => a.side === 'local');
    if (localAcl.length) {
      const byAcl = [...new Set(localAcl.map((a) => a.aclId))];
      const entries = localAcl.map((a) => `#${a.number} ${a.egress ? 'out' : 'in'}`);
      parts.push(`network ACL ${list(byAcl)} (${entries.length > 1 ? 'entries' : 'entry'} ${list(entries)})`);
    }
    const because = parts.length ? list(parts) : 'nothing that was read blocks it';
    const text = this.flow.action === 'REJECT'
      ? `Today's rules allow this flow (${because}), so the rules have changed since the record was written or something they do not show rejected it.`
      : `Allowed by today's rules: ${because}.`;
    const seen = new Set<string>();
    const rules = this.passed.filter((r) => {
      const key = [r.kind, r.id, r.ruleNumber, r.egress, r.destination].join('|');
      return seen.has(key) ? false : (seen.add(key), true);
    });
    return this.result({ verdict: 'allowed', direction: this.direction, rules, text, packet: rec, side: 'local', interfaceId: this.flow.interfaceId, ...(this.eni?.SubnetId ? { subnetId: this.eni.SubnetId } : {}) });
  }
}

/** " numbered below 90" for an explicit deny entry; nothing for the final one (every number is below it). */
function implicitBelow(ruleNumber: number): string {
  return ruleNumber >= IMPLICIT_DENY_RULE_NUMBER ? '' : ` numbered below ${ruleNumber}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
