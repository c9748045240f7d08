import * as assert from 'node:assert/strict';
import type { NetworkAclEntry } from '@aws-sdk/client-ec2';
import {
  ADMIN_PORTS, coveringCidr, describeNetworkAclEntry, describeRoute, describeSecurityGroupRule, explainFlow, groupRejectedByCause, orderedAclEntries,
  riskyRules, summarizeAddresses, trafficLabel, type ExplainedFlow,
} from '../../../src/network';
import { ADDR, ace, flow, lab, sgr } from './lab';

describe('network evaluator: riskyRules', () => {
  it('flags SSH, RDP and database ports open to 0.0.0.0/0 or ::/0, naming what is open', () => {
    const flagged = riskyRules([
      sgr('sg-a', false, 'tcp', 22, 22, '0.0.0.0/0', 'sgr-ssh'),
      sgr('sg-a', false, 'tcp', 3389, 3389, '::/0', 'sgr-rdp6'),
      sgr('sg-a', false, 'tcp', 27017, 27017, '0.0.0.0/0', 'sgr-mongo'),
      sgr('sg-a', false, 'udp', 3389, 3389, '0.0.0.0/0', 'sgr-rdp-udp'),
    ]);
    assert.deepEqual(flagged.map((f) => [f.id, f.cidr, f.ports]), [
      ['sgr-ssh', '0.0.0.0/0', [22]], ['sgr-rdp6', '::/0', [3389]], ['sgr-mongo', '0.0.0.0/0', [27017]], ['sgr-rdp-udp', '0.0.0.0/0', [3389]],
    ]);
    assert.equal(flagged[0]!.text, 'SSH (22) open to the whole internet (0.0.0.0/0): allow TCP 22 from 0.0.0.0/0');
    assert.equal(flagged[0]!.groupId, 'sg-a');
  });

  it('flags all traffic and full port ranges as every port, and lists the admin ports a range covers', () => {
    const flagged = riskyRules([
      sgr('sg-a', false, '-1', -1, -1, '0.0.0.0/0', 'sgr-all'),
      sgr('sg-a', false, 'tcp', 0, 65535, '0.0.0.0/0', 'sgr-tcp-all'),
      sgr('sg-a', false, 'tcp', 1000, 4000, '0.0.0.0/0', 'sgr-range'),
    ]);
    assert.deepEqual(flagged.map((f) => [f.id, f.ports]), [['sgr-all', 'all'], ['sgr-tcp-all', 'all'], ['sgr-range', [3389, 1433, 1521, 3306]]]);
    assert.match(flagged[0]!.text, /^All traffic open to the whole internet/);
    assert.match(flagged[1]!.text, /^Every TCP port open/);
  });

  it('leaves alone narrow sources, ordinary ports, outbound rules, ICMP, prefix lists and groups', () => {
    assert.deepEqual(riskyRules([
      sgr('sg-a', false, 'tcp', 22, 22, '18.237.140.160/29'),
      sgr('sg-a', false, 'tcp', 443, 443, '0.0.0.0/0'),
      sgr('sg-a', true, '-1', -1, -1, '0.0.0.0/0'),
      sgr('sg-a', false, 'icmp', -1, -1, '0.0.0.0/0'),
      sgr('sg-a', false, 'tcp', 22, 22, 'pl-admin'),
      sgr('sg-a', false, 'tcp', 22, 22, 'sg-bastion'),
    ]), []);
    assert.deepEqual([...ADMIN_PORTS].sort((a, b) => a - b), [22, 1433, 1521, 3306, 3389, 5432, 6379, 9200, 27017]);
  });
});

describe('network evaluator: groupRejectedByCause', () => {
  it('groups by deciding rule, counts, summarises the sources as a covering CIDR, largest group first', () => {
    const network = lab();
    const items: ExplainedFlow[] = [];
    for (let i = 1; i <= 5; i++) {
      items.push(...[flow('eni-web', `192.0.2.${i}`, ADDR.web, 6, 50000 + i, 80), flow('eni-web', `192.0.2.${i + 10}`, ADDR.web, 6, 50000, 8080)].map((f) => ({ flow: f, explanation: explainFlow(f, network) })));
    }
    const acl = flow('eni-db', '10.0.3.3', ADDR.db, 6, 50000, 5432);
    items.push({ flow: acl, explanation: explainFlow(acl, network), count: 3 });
    const groups = groupRejectedByCause(items);
    assert.deepEqual(groups.map((g) => [g.verdict, g.count, g.ruleIds]), [['security-group', 10, ['sg-web']], ['network-acl', 3, ['acl-db']]]);
    assert.equal(groups[0]!.peersSummary, '192.0.2.0/28');
    assert.deepEqual(groups[0]!.traffic, ['TCP 80 (HTTP)', 'TCP 8080 (HTTP alternate)']);
    assert.equal(groups[0]!.text, 'security group sg-web (web): 10 flows from 192.0.2.0/28, TCP 80 (HTTP), TCP 8080 (HTTP alternate)');
    assert.equal(groups[1]!.text, 'network ACL acl-db inbound entry #110: 3 flows from 10.0.3.3, TCP 5432 (PostgreSQL)');
  });

  it('keeps apart causes that differ only by direction, or by the flow versus its reply', () => {
    const network = lab();
    const reply = flow('eni-db', ADDR.web, ADDR.db, 17, 40000, 514);
    const inbound = flow('eni-db', ADDR.web, ADDR.db, 6, 50000, 3306);
    const groups = groupRejectedByCause([reply, inbound].map((f) => ({ flow: f, explanation: explainFlow(f, network) })));
    assert.equal(groups.length, 2);
    assert.deepEqual(groups.map((g) => g.text).sort(), [
      'network ACL acl-db inbound entry #32767 (*): 1 flow from 10.0.1.10, TCP 3306 (MySQL)',
      'network ACL acl-db outbound entry #32767 (*) (the reply): 1 flow from 10.0.1.10, UDP 514 (Syslog)',
    ]);
  });

  it('lists sources that no narrow block covers, and names outbound flows\' destinations', () => {
    const network = lab();
    const items = ['8.8.8.8', '1.1.1.1', '9.9.9.9', '208.67.222.222'].map((d) => flow('eni-db', ADDR.db, d, 17, 40000, 53))
      .map((f) => ({ flow: f, explanation: explainFlow(f, network) }));
    const [group] = groupRejectedByCause(items);
    assert.equal(group!.text, 'security group sg-db (db): 4 flows to 8.8.8.8, 1.1.1.1, 9.9.9.9 and 1 more, UDP 53 (DNS)');
  });

  it('an empty list gives no groups', () => {
    assert.deepEqual(groupRejectedByCause([]), []);
  });
});

describe('network evaluator: address summaries', () => {
  it('finds the smallest IPv4 block covering every address', () => {
    assert.equal(coveringCidr(['10.1.5.112']), '10.1.5.112/32');
    assert.equal(coveringCidr(['10.1.5.112', '10.1.5.113']), '10.1.5.112/31');
    assert.equal(coveringCidr(['10.1.5.113', '10.1.5.114']), '10.1.5.112/30');
    assert.equal(coveringCidr(['10.1.0.1', '10.1.255.1']), '10.1.0.0/16');
    assert.equal(coveringCidr(['0.0.0.0', '255.255.255.255']), '0.0.0.0/0');
    assert.equal(coveringCidr(['10.1.0.1', '2001:db8::1']), undefined);
    assert.equal(coveringCidr([]), undefined);
  });

  it('summarises as one address, a block no wider than /16, or a short list', () => {
    assert.equal(summarizeAddresses(['10.1.5.112', '10.1.5.112']), '10.1.5.112');
    assert.equal(summarizeAddresses(['10.1.5.112', '10.1.9.3']), '10.1.0.0/20');
    assert.equal(summarizeAddresses(['10.1.5.112', '10.200.9.3']), '10.1.5.112, 10.200.9.3');
    assert.equal(summarizeAddresses(['2001:db8::1', '2001:db8::2']), '2001:db8::1, 2001:db8::2');
    assert.equal(summarizeAddresses([]), 'no address');
  });
});

describe('network evaluator: one-line descriptions', () => {
  it('describes security group rules', () => {
    assert.equal(describeSecurityGroupRule(sgr('sg', false, 'tcp', 22, 22, '18.237.140.160/29')), 'allow TCP 22 from 18.237.140.160/29');
    assert.equal(describeSecurityGroupRule(sgr('sg', true, '-1', -1, -1, '0.0.0.0/0')), 'allow all traffic to 0.0.0.0/0');
    assert.equal(describeSecurityGroupRule(sgr('sg', false, 'tcp', 1024, 65535, '::/0')), 'allow TCP 1024-65535 from ::/0');
    assert.equal(describeSecurityGroupRule(sgr('sg', false, 'tcp', 0, 65535, '10.0.0.0/8')), 'allow all TCP from 10.0.0.0/8');
    assert.equal(describeSecurityGroupRule(sgr('sg', false, 'udp', 53, 53, '10.0.0.0/8')), 'allow UDP 53 from 10.0.0.0/8');
    assert.equal(describeSecurityGroupRule(sgr('sg', false, 'icmp', -1, -1, '0.0.0.0/0')), 'allow all ICMP from 0.0.0.0/0');
    assert.equal(describeSecurityGroupRule(sgr('sg', false, 'icmp', 8, -1, '10.1.0.0/16')), 'allow ICMP echo request from 10.1.0.0/16');
    assert.equal(describeSecurityGroupRule(sgr('sg', false, 'icmp', 3, 4, '0.0.0.0/0')), 'allow ICMP destination unreachable code 4 from 0.0.0.0/0');
    assert.equal(describeSecurityGroupRule(sgr('sg', false, 'icmpv6', 128, -1, '::/0')), 'allow ICMPv6 echo request from ::/0');
    assert.equal(describeSecurityGroupRule(sgr('sg', false, '50', -1, -1, '10.9.0.0/16')), 'allow ESP (50) from 10.9.0.0/16');
    assert.equal(describeSecurityGroupRule(sgr('sg', false, 'tcp', 22, 22, 'pl-0e1f')), 'allow TCP 22 from prefix list pl-0e1f');
    assert.equal(describeSecurityGroupRule(sgr('sg', false, 'tcp', 5432, 5432, 'sg-web'), new Map([['sg-web', 'web']])), 'allow TCP 5432 from members of sg-web (web)');
  });

  it('describes network ACL entries, the final one as 32767 (*)', () => {
    assert.equal(describeNetworkAclEntry(ace(100, false, 'allow', '-1', '0.0.0.0/0')), '#100 allow all traffic from 0.0.0.0/0');
    assert.equal(describeNetworkAclEntry(ace(100, false, 'deny', '-1', '0.0.0.0/0')), '#100 deny all traffic from 0.0.0.0/0');
    assert.equal(describeNetworkAclEntry(ace(120, true, 'allow', '6', '0.0.0.0/0', [32768, 65535])), '#120 allow TCP 32768-65535 to 0.0.0.0/0');
    assert.equal(describeNetworkAclEntry(ace(32767, true, 'deny', '-1', '0.0.0.0/0')), '#32767 (*) deny all traffic to 0.0.0.0/0');
    assert.equal(describeNetworkAclEntry(ace(110, false, 'allow', '1', '10.1.0.0/16', undefined, [0, -1])), '#110 allow ICMP echo reply from 10.1.0.0/16');
    assert.equal(describeNetworkAclEntry(ace(105, false, 'allow', '6', '::/0', [80, 80])), '#105 allow TCP 80 from ::/0');
  });

  it('orders a direction\'s entries by rule number, the final entry last', () => {
    const entries: NetworkAclEntry[] = [ace(32767, false, 'deny', '-1', '0.0.0.0/0'), ace(200, false, 'allow', '-1', '0.0.0.0/0'), ace(100, true, 'allow', '-1', '0.0.0.0/0'), ace(100, false, 'deny', '6', '0.0.0.0/0', [22, 22])];
    assert.deepEqual(orderedAclEntries(entries, false).map((e) => e.RuleNumber), [100, 200, 32767]);
    assert.deepEqual(orderedAclEntries(entries, true).map((e) => e.RuleNumber), [100]);
  });

  it('describes routes and traffic', () => {
    assert.equal(describeRoute({ DestinationCidrBlock: '10.2.0.0/16', VpcPeeringConnectionId: 'pcx-0f1e', State: 'active' }), '10.2.0.0/16 -> pcx-0f1e');
    assert.equal(describeRoute({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0a1b', State: 'blackhole' }), '0.0.0.0/0 -> igw-0a1b (blackhole)');
    assert.equal(describeRoute({ DestinationPrefixListId: 'pl-s3', GatewayId: 'vpce-1' }), 'pl-s3 -> vpce-1');
    assert.equal(trafficLabel(6, 22), 'TCP 22 (SSH)');
    assert.equal(trafficLabel(17, 50123), 'UDP 50123');
    assert.equal(trafficLabel(1, 0), 'ICMP');
    assert.equal(trafficLabel(47), 'GRE');
    assert.equal(trafficLabel(253), 'protocol 253');
  });
});
