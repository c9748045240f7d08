/**
 * "Why was this rejected?" as a person reads it: the verdict in a few words, the evaluator's sentence,
 * the deciding rules one per line, and the change that would let the flow through. Plain data (no
 * `vscode`, no DOM): the viewer's details dialog shows it as text, and the command's message shows it
 * when there is no viewer.
 */
import { protocolName } from '../flowlogs/enrich';
import {
  describeNetworkAclEntry, describeRoute, describeSecurityGroupRule, type DecidingRule, type Explanation, type FixSuggestion, type Flow,
  type Network, type Verdict,
} from '../network';

/** One deciding rule, as a line. */
export interface WhyRule {
  readonly kind: DecidingRule['kind'];
  /** What holds the rule: "Security group launch-wizard-2 (sg-0b2c...), inbound". */
  readonly where: string;
  /** The rule: "sgr-... allow TCP 22 from 18.237.140.160/29", "#32767 (*) deny all traffic to 0.0.0.0/0". */
  readonly rule: string;
  readonly action: 'allow' | 'deny';
  /** The group, ACL or route table id. */
  readonly id: string;
}

/** The answer shown for one record. */
export interface WhyAnswer {
  /** "Why was this rejected?" or "Why was this allowed?". */
  readonly question: string;
  readonly verdict: Verdict;
  /** The verdict in a few words: "Blocked by security group launch-wizard-2", "Allowed by today's rules". */
  readonly headline: string;
  /** The record in a few words: "ICMP 10.1.5.112 → 10.2.15.210, REJECT at eni-...". */
  readonly flow: string;
  /** The evaluator's sentence. */
  readonly text: string;
  readonly rules: readonly WhyRule[];
  /** The change that would let the flow through, when something blocks it. */
  readonly fix?: {
    readonly summary: string;
    readonly command: string;
    readonly console: string;
    readonly warning?: string;
  };
  readonly notes: readonly string[];
}

/** The question a record's action asks. */
export function whyQuestion(action: string | undefined): string {
  return action === 'ACCEPT' ? 'Why was this allowed?' : 'Why was this rejected?';
}

const BLOCKER: Readonly<Record<Verdict, string>> = {
  allowed: '',
  'security-group': 'security group',
  'network-acl': 'network ACL',
  'no-route': 'route table',
  'block-public-access': 'VPC Block Public Access',
  unknown: '',
};

function groupLabel(rule: DecidingRule): string {
  return rule.groupName ? `${rule.groupName} (${rule.groupId ?? rule.id})` : (rule.groupId ?? rule.id);
}

function headlineOf(flow: Flow, why: Explanation): string {
  if (why.verdict === 'allowed') {
    return flow.action === 'REJECT' ? "Allowed by today's rules" : 'Allowed';
  }
  if (why.verdict === 'unknown') {
    return 'No cause found in the rules';
  }
  const first = why.rules[0];
  const whose = why.blocked === 'reply' ? ' (the reply)' : '';
  let what: string;
  switch (why.verdict) {
    case 'security-group':
      what = `security group ${first ? groupLabel(first) : ''}, ${why.direction}`;
      break;
    case 'network-acl':
      what = `network ACL ${why.networkAclId ?? first?.id ?? ''}${first?.ruleNumber !== undefined ? ` entry #${first.ruleNumber >= 32767 ? '32767 (*)' : first.ruleNumber}` : ''}, ${why.direction}`;
      break;
    case 'no-route':
      what = `no route in ${why.routeTableId ?? first?.id ?? 'the route table'}`;
      break;
    default:
      what = BLOCKER[why.verdict];
  }
  const blocked = `Blocked by ${what.trim()}${whose}`;
  return flow.action === 'ACCEPT' ? `Today's rules would block it: ${blocked.charAt(0).toLowerCase()}${blocked.slice(1)}` : blocked;
}

function ruleLine(rule: DecidingRule, network: Network): WhyRule {
  const direction = rule.egress ? 'outbound' : 'inbound';
  const action = rule.action ?? 'allow';
  switch (rule.kind) {
    case 'security-group-rule': {
      const where = `Security group ${groupLabel(rule)}, ${direction}`;
      if (rule.securityGroupRule) {
        return { kind: rule.kind, where, rule: `${rule.id} ${describeSecurityGroupRule(rule.securityGroupRule)}`, action, id: rule.groupId ?? rule.id };
      }
      // No rule of the group matched: say what its rules in that direction do allow.
      const own = network.securityGroupRules.filter((r) => r.GroupId === (rule.groupId ?? rule.id) && !!r.IsEgress === !!rule.egress);
      const listed = own.length ? own.map((r) => describeSecurityGroupRule(r)).join('; ') : `no ${direction} rules`;
      return { kind: rule.kind, where, rule: `no ${direction} rule matches (its ${direction} rules: ${listed})`, action: 'deny', id: rule.groupId ?? rule.id };
    }
    case 'network-acl-entry':
      return {
        kind: rule.kind,
        where: `Network ACL ${rule.id}${rule.subnetId ? ` of ${rule.subnetId}` : ''}, ${direction}`,
        rule: rule.networkAclEntry ? describeNetworkAclEntry(rule.networkAclEntry) : `#${rule.ruleNumber ?? '?'} ${action}`,
        action,
        id: rule.id,
      };
    case 'route':
      return {
        kind: rule.kind,
        where: `Route table ${rule.id}${rule.subnetId ? ` of ${rule.subnetId}` : ''}`,
        rule: rule.route ? describeRoute(rule.route) : `${rule.destination ?? '?'} -> ${rule.target ?? '?'}`,
        action,
        id: rule.id,
      };
  }
}

/** The record in a few words. */
export function flowLabel(flow: Flow): string {
  const protocol = protocolName(flow.protocol) ?? `protocol ${flow.protocol}`;
  const port = (address: string, p: number | null | undefined): string => (p && flow.protocol !== 1 && flow.protocol !== 58 ? `${address}:${p}` : address);
  return `${protocol} ${port(flow.srcaddr, flow.srcport)} → ${port(flow.dstaddr, flow.dstport)}${flow.action ? `, ${flow.action}` : ''} at ${flow.interfaceId}`;
}

/** The answer for one record, its explanation and the suggested fix. */
export function whyAnswer(flow: Flow, network: Network, why: Explanation, fix: FixSuggestion | undefined): WhyAnswer {
  return {
    question: whyQuestion(flow.action),
    verdict: why.verdict,
    headline: headlineOf(flow, why),
    flow: flowLabel(flow),
    text: why.text,
    rules: why.rules.map((r) => ruleLine(r, network)),
    ...(fix ? { fix: { summary: fix.summary, command: fix.command, console: fix.console, ...(fix.warning ? { warning: fix.warning } : {}) } } : {}),
    notes: why.notes,
  };
}

/** The answer as plain text (a message's detail, the clipboard). */
export function whyAnswerText(answer: WhyAnswer): string {
  const lines = [answer.flow, '', answer.text];
  if (answer.rules.length) {
    lines.push('', 'Deciding rules:', ...answer.rules.map((r) => `- ${r.where}: ${r.rule}`));
  }
  if (answer.fix) {
    lines.push('', `To allow it: ${answer.fix.summary}`, answer.fix.command, `In the console: ${answer.fix.console}`);
    if (answer.fix.warning) {
      lines.push(`Warning: ${answer.fix.warning}`);
    }
  }
  for (const note of answer.notes) {
    lines.push('', note);
  }
  return lines.join('\n');
}
