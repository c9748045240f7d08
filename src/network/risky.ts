/**
 * Security group rules that open administration and database ports (or everything) to the whole
 * internet: the rules an auditor looks for first, flagged in the tree.
 */
import type { SecurityGroupRule } from '@aws-sdk/client-ec2';
import { portName } from '../flowlogs/enrich';
import { describeSecurityGroupRule } from './format';
import { TCP, UDP, ruleProtocol } from './match';

/** Remote administration and database ports: SSH, RDP, SQL Server, Oracle, MySQL, PostgreSQL, Redis, Elasticsearch, MongoDB. */
export const ADMIN_PORTS: readonly number[] = [22, 3389, 1433, 1521, 3306, 5432, 6379, 9200, 27017];

/** A flagged rule and why. */
export interface RiskyRule {
  rule: SecurityGroupRule;
  /** The rule's id (`sgr-...`) and group. */
  id: string;
  groupId: string | undefined;
  /** `0.0.0.0/0` or `::/0`. */
  cidr: string;
  /** The administrative ports it opens, or `all` for every port (protocol -1, or a full port range). */
  ports: number[] | 'all';
  /** "SSH (22) open to the whole internet (0.0.0.0/0): allow TCP 22 from 0.0.0.0/0". */
  text: string;
}

function isWholeInternet(rule: SecurityGroupRule): string | undefined {
  const v4 = rule.CidrIpv4?.trim();
  const v6 = rule.CidrIpv6?.trim().toLowerCase();
  if (v4 === '0.0.0.0/0') {
    return v4;
  }
  return v6 === '::/0' || v6 === '0:0:0:0:0:0:0:0/0' ? '::/0' : undefined;
}

/**
 * The inbound rules open to `0.0.0.0/0` or `::/0` on an administrative port ({@link ADMIN_PORTS}) or on
 * every port (`-1`, or a TCP/UDP range covering 0-65535), in the order given. Outbound rules are not
 * flagged (allowing all outbound traffic is every group's default), nor ICMP.
 */
export function riskyRules(rules: readonly SecurityGroupRule[]): RiskyRule[] {
  const flagged: RiskyRule[] = [];
  for (const rule of rules) {
    if (rule.IsEgress) {
      continue;
    }
    const cidr = isWholeInternet(rule);
    if (!cidr) {
      continue;
    }
    const protocol = ruleProtocol(rule.IpProtocol);
    let ports: number[] | 'all' | undefined;
    if (protocol === 'all') {
      ports = 'all';
    } else if (protocol === TCP || protocol === UDP) {
      const from = rule.FromPort ?? -1;
      const to = rule.ToPort ?? -1;
      if (from === -1 || (from <= 0 && (to === -1 || to >= 65535))) {
        ports = 'all';
      } else {
        const open = ADMIN_PORTS.filter((p) => p >= from && p <= (to === -1 ? from : to));
        ports = open.length ? open : undefined;
      }
    }
    if (ports === undefined) {
      continue;
    }
    const what = ports === 'all'
      ? protocol === 'all' ? 'All traffic' : `Every ${protocol === TCP ? 'TCP' : 'UDP'} port`
      : ports.map((p) => `${portName(p, typeof protocol === 'number' ? protocol : undefined) ?? portName(p) ?? 'port'} (${p})`).join(', ');
    flagged.push({
      rule, id: rule.SecurityGroupRuleId ?? rule.GroupId ?? '?', groupId: rule.GroupId, cidr, ports,
      text: `${what} open to the whole internet (${cidr}): ${describeSecurityGroupRule(rule)}`,
    });
  }
  return flagged;
}
