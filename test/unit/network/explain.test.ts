// The evaluator against cases written from the AWS documentation's rules (Amazon VPC User Guide:
// security groups, network ACLs, route tables, flow log record examples; EC2 API reference:
// SecurityGroupRule, NetworkAclEntry). Each case states one rule and the verdict it leads to.
import * as assert from 'node:assert/strict';
import type { NetworkAcl, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { explainFlow, type Direction, type Explanation, type Flow, type Network, type Verdict } from '../../../src/network';
import { ADDR, ace, allowAll, dbAcl, defaultGroups, flow, lab, sgr, type LabOptions } from './lab';

const TCP = 6;
const UDP = 17;
const ICMP = 1;
const ICMPV6 = 58;
const INTERNET = '203.0.113.9';

interface Case {
  name: string;
  flow: Flow;
  net?: LabOptions | (() => Network);
  verdict: Verdict;
  direction?: Direction;
  blocked?: 'flow' | 'reply';
  side?: 'local' | 'peer';
  reading?: 'request' | 'reply';
  /** Blocked: exactly these deciding rule ids. Allowed: at least these. */
  rules?: string[];
  ruleNumber?: number;
  text?: RegExp;
  notes?: RegExp;
  noNotes?: RegExp;
  check?: (e: Explanation) => void;
}

/** The db subnet's ACL opened, so a case can look at the security group alone. */
const openDb: LabOptions = { acls: { 'acl-db': allowAll() } };
const withGroup = (id: string, rules: SecurityGroupRule[]): LabOptions => ({ groups: { [id]: rules } });

const cases: Case[] = [
  // ---- security groups: allow-only, every rule of every group, inbound against the source ----
  {
    name: 'inbound HTTPS from the internet is allowed by the HTTPS rule, named with the ACL entries',
    flow: flow('eni-web', INTERNET, ADDR.web, TCP, 50000, 443, { action: 'ACCEPT' }),
    verdict: 'allowed', direction: 'inbound', rules: ['sgr-web-https', 'acl-a', 'rtb-a'],
    text: /^Allowed by today's rules: security group sg-web \(web\) rule sgr-web-https \(allow TCP 443 from 0\.0\.0\.0\/0\) and network ACL acl-a \(entries #100 in and #100 out\)\.$/,
  },
  {
    name: 'inbound HTTP has no rule: the group rejects it, and the group searched is named',
    flow: flow('eni-web', INTERNET, ADDR.web, TCP, 50000, 80, { action: 'REJECT' }),
    verdict: 'security-group', direction: 'inbound', blocked: 'flow', side: 'local', rules: ['sg-web'],
    text: /^No inbound rule of security group sg-web \(web\) allows TCP 80 \(HTTP\) from 203\.0\.113\.9 \(4 inbound rules, none for this\), so it rejects this flow at eni-web; add an inbound rule/,
  },
  {
    name: 'a REJECT that today\'s rules allow is said plainly, without an invented cause',
    flow: flow('eni-web', INTERNET, ADDR.web, TCP, 50000, 443, { action: 'REJECT' }),
    verdict: 'allowed', rules: ['sgr-web-https'],
    text: /^Today's rules allow this flow \(.*sgr-web-https.*\), so the rules have changed since the record was written or something they do not show rejected it\.$/,
  },
  {
    name: 'outbound traffic is checked against the outbound rules and the destination',
    flow: flow('eni-db', ADDR.db, '8.8.8.8', UDP, 40000, 53),
    verdict: 'security-group', direction: 'outbound', blocked: 'flow', rules: ['sg-db'],
    text: /^No outbound rule of security group sg-db \(db\) allows UDP 53 \(DNS\) to 8\.8\.8\.8 \(its outbound rules: allow TCP 443 to 0\.0\.0\.0\/0\)/,
  },
  {
    name: 'outbound HTTPS from db passes its one outbound rule, and the answer its ephemeral-port entry',
    flow: flow('eni-db', ADDR.db, '52.94.1.1', TCP, 40000, 443, { action: 'ACCEPT' }),
    verdict: 'allowed', direction: 'outbound', rules: ['sgr-db-out-https', 'acl-db'],
    check: (e) => {
      const acl = e.rules.filter((r) => r.kind === 'network-acl-entry').map((r) => `${r.egress ? 'out' : 'in'}#${r.ruleNumber!}`);
      assert.deepEqual(acl, ['out#110', 'in#150']);
    },
  },
  {
    name: 'stateful: a group with no outbound rules still lets the reply of an allowed flow out',
    flow: flow('eni-web', INTERNET, ADDR.web, TCP, 50000, 443, { action: 'ACCEPT' }),
    net: withGroup('sg-web', [sgr('sg-web', false, 'tcp', 443, 443, '0.0.0.0/0', 'sgr-only-in')]),
    verdict: 'allowed', rules: ['sgr-only-in'],
  },
  {
    name: 'stateful: a record sent from the service port is the answer, and passes as part of the connection',
    flow: flow('eni-web', ADDR.web, INTERNET, TCP, 443, 50000, { action: 'ACCEPT' }),
    net: withGroup('sg-web', [sgr('sg-web', false, 'tcp', 443, 443, '0.0.0.0/0', 'sgr-only-in')]),
    verdict: 'allowed', direction: 'outbound', reading: 'reply', rules: ['sgr-only-in'],
    text: /as the answer to a connection its rule sgr-only-in \(allow TCP 443 from 0\.0\.0\.0\/0\) lets in/,
  },
  {
    name: 'an answer whose connection the group does not allow in is blocked at the connection',
    flow: flow('eni-web', ADDR.web, INTERNET, TCP, 22, 50000, { action: 'REJECT' }),
    verdict: 'security-group', direction: 'inbound', blocked: 'flow', reading: 'reply', rules: ['sg-web'],
    text: /^By its ports this record answers a TCP 22 \(SSH\) connection 203\.0\.113\.9 opened, but no inbound rule of security group sg-web/,
  },
  {
    name: 'an answer arriving for a connection the interface opened passes by its outbound rule',
    flow: flow('eni-db', '52.94.1.1', ADDR.db, TCP, 443, 40000, { action: 'ACCEPT' }),
    verdict: 'allowed', direction: 'inbound', reading: 'reply', rules: ['sgr-db-out-https'],
  },
  {
    name: 'an answer to a connection the interface could not open is blocked by its outbound rules',
    flow: flow('eni-db', '8.8.8.8', ADDR.db, UDP, 53, 40000, { action: 'REJECT' }),
    net: openDb,
    verdict: 'security-group', direction: 'outbound', blocked: 'flow', reading: 'reply', rules: ['sg-db'],
    text: /this record answers a UDP 53 \(DNS\) connection this interface opened, but no outbound rule/,
  },
  {
    name: 'tcp-flags SYN-ACK marks an answer even when both ports are ephemeral',
    flow: flow('eni-web', ADDR.web, INTERNET, TCP, 40001, 50000, { tcpFlags: 18, action: 'REJECT' }),
    net: withGroup('sg-web', [sgr('sg-web', false, 'tcp', 40001, 40001, '0.0.0.0/0', 'sgr-40001')]),
    verdict: 'allowed', reading: 'reply', rules: ['sgr-40001'], text: /^Today's rules allow this flow/,
  },
  {
    name: 'without flags the same REJECT reads as a new outbound connection, which no outbound rule allows',
    flow: flow('eni-web', ADDR.web, INTERNET, TCP, 40001, 50000, { action: 'REJECT' }),
    net: withGroup('sg-web', [sgr('sg-web', false, 'tcp', 40001, 40001, '0.0.0.0/0', 'sgr-40001')]),
    verdict: 'security-group', direction: 'outbound', reading: 'request', rules: ['sg-web'], text: /it has no outbound rules/,
  },
  {
    name: 'tcp-flags SYN marks the opening side even from a service port',
    flow: flow('eni-web', ADDR.web, INTERNET, TCP, 443, 50000, { tcpFlags: 2 }),
    verdict: 'allowed', direction: 'outbound', reading: 'request', rules: ['sgr-web-out'],
  },

  // ---- CIDR blocks, IPv4 and IPv6 ----
  {
    name: 'IPv6: inbound HTTPS from an IPv6 client is allowed by the ::/0 rule and the IPv6 ACL entries',
    flow: flow('eni-web', '2001:db8::1', ADDR.web6, TCP, 50000, 443),
    verdict: 'allowed', direction: 'inbound', rules: ['sgr-web-https6'],
    check: (e) => assert.deepEqual(e.rules.filter((r) => r.kind === 'network-acl-entry').map((r) => r.ruleNumber), [101, 101]),
  },
  {
    name: 'IPv6: an IPv4 rule (0.0.0.0/0) never matches an IPv6 source',
    flow: flow('eni-web', '2001:db8::1', ADDR.web6, TCP, 50000, 443),
    net: withGroup('sg-web', defaultGroups()['sg-web']!.filter((r) => r.SecurityGroupRuleId !== 'sgr-web-https6')),
    verdict: 'security-group', rules: ['sg-web'],
  },
  {
    name: 'IPv6: the interface\'s address written in full is still the interface\'s',
    flow: flow('eni-web', '2001:db8::1', '2600:1f14:0abc:1001:0000:0000:0000:0010', TCP, 50000, 443),
    verdict: 'allowed', direction: 'inbound',
  },
  {
    name: 'CIDR: the last address of 10.0.1.0/24 is inside it',
    flow: flow('eni-db', '10.0.1.255', ADDR.db, UDP, 40000, 514), net: openDb,
    verdict: 'allowed', rules: ['sgr-db-syslog'],
  },
  {
    name: 'CIDR: 10.0.3.1 is outside 10.0.1.0/24',
    flow: flow('eni-db', '10.0.3.1', ADDR.db, UDP, 40000, 514), net: openDb,
    verdict: 'security-group', rules: ['sg-db'],
  },

  // ---- managed prefix lists ----
  {
    name: 'prefix list: SSH from an address among the list\'s entries is allowed',
    flow: flow('eni-web', '198.51.100.7', ADDR.web, TCP, 50000, 22),
    verdict: 'allowed', rules: ['sgr-web-ssh'], text: /allow TCP 22 from prefix list pl-admin/,
  },
  {
    name: 'prefix list: SSH from outside the list is rejected',
    flow: flow('eni-web', INTERNET, ADDR.web, TCP, 50000, 22),
    verdict: 'security-group', rules: ['sg-web'],
  },
  {
    name: 'prefix list: without its entries the answer is unknown, naming the rule',
    flow: flow('eni-web', INTERNET, ADDR.web, TCP, 50000, 22), net: { without: ['prefixLists'] },
    verdict: 'unknown', rules: ['sgr-web-ssh'], text: /sgr-web-ssh \(allow TCP 22 from prefix list pl-admin\), which cannot be checked .*prefix list's entries were not read/,
  },

  // ---- referenced security groups ----
  {
    name: 'referenced group: PostgreSQL from an interface carrying sg-web',
    flow: flow('eni-db', ADDR.web, ADDR.db, TCP, 50000, 5432),
    verdict: 'allowed', rules: ['sgr-db-pg-web'], text: /allow TCP 5432 from members of sg-web \(web\)/,
  },
  {
    name: 'referenced group across the peering: an interface in VPC B carrying sg-b',
    flow: flow('eni-db', ADDR.b, ADDR.db, TCP, 50000, 5432),
    verdict: 'allowed', rules: ['sgr-db-pg-b', 'acl-b'],
  },
  {
    name: 'referenced group: a private address no interface we read has cannot be told',
    flow: flow('eni-db', '10.9.7.7', ADDR.db, TCP, 50000, 5432),
    verdict: 'unknown', rules: ['sgr-db-pg-web', 'sgr-db-pg-b'], text: /10\.9\.7\.7 is not an interface read from the account/,
  },
  {
    name: 'referenced group: a public address never matches one',
    flow: flow('eni-db', INTERNET, ADDR.db, TCP, 50000, 5432), net: openDb,
    verdict: 'security-group', rules: ['sg-db'],
  },
  {
    name: 'referenced group: an interface without that group does not match',
    flow: flow('eni-db', '10.0.1.50', ADDR.db, TCP, 50000, 5432),
    net: { extraInterfaces: [{ NetworkInterfaceId: 'eni-other', SubnetId: 'subnet-web', VpcId: 'vpc-a', PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.50' }], Groups: [{ GroupId: 'sg-other' }] }] },
    verdict: 'security-group', rules: ['sg-db'],
  },

  // ---- protocols: -1, names, numbers ----
  {
    name: 'protocol written as the number "6" matches TCP',
    flow: flow('eni-db', ADDR.web, ADDR.db, TCP, 50000, 6050), net: openDb,
    verdict: 'allowed', rules: ['sgr-db-range'],
  },
  {
    name: 'protocol -1 matches every protocol, GRE included',
    flow: flow('eni-b', ADDR.web, ADDR.b, 47, null, null),
    verdict: 'allowed', rules: ['sgr-b-all-a'], text: /allow all traffic from 10\.0\.0\.0\/16/,
  },
  {
    name: 'a protocol number other than TCP, UDP and ICMP allows every port (ESP)',
    flow: flow('eni-db', ADDR.b, ADDR.db, 50, null, null), net: openDb,
    verdict: 'allowed', rules: ['sgr-db-esp'],
  },
  {
    name: 'a UDP rule does not match TCP on the same port',
    flow: flow('eni-db', ADDR.web, ADDR.db, TCP, 40000, 514), net: openDb,
    verdict: 'security-group',
  },
  {
    name: 'icmpv6 without a port range allows every ICMPv6 type, with nothing assumed',
    flow: flow('eni-web', '2001:db8::1', ADDR.web6, ICMPV6, 0, 0),
    net: withGroup('sg-web', [...defaultGroups()['sg-web']!, sgr('sg-web', false, 'icmpv6', undefined, undefined, '::/0', 'sgr-web-icmp6')]),
    verdict: 'allowed', rules: ['sgr-web-icmp6'], noNotes: /ICMP type/,
  },
  {
    name: 'an ICMP (IPv4) rule does not match ICMPv6',
    flow: flow('eni-web', '2600:1f14:abc:1001::99', ADDR.web6, ICMPV6, 0, 0),
    net: withGroup('sg-web', [sgr('sg-web', false, 'icmp', -1, -1, '0.0.0.0/0'), sgr('sg-web', false, 'icmp', -1, -1, '::/0')]),
    verdict: 'security-group', rules: ['sg-web'],
  },
  {
    name: 'protocol names are read case-insensitively ("TCP")',
    flow: flow('eni-web', INTERNET, ADDR.web, TCP, 50000, 8443),
    net: withGroup('sg-web', [sgr('sg-web', false, 'TCP', 8443, 8443, '0.0.0.0/0', 'sgr-upper')]),
    verdict: 'allowed', rules: ['sgr-upper'],
  },

  // ---- port ranges (inclusive at both ends) ----
  { name: 'port range 6000-6100: 6000 is in', flow: flow('eni-db', ADDR.web, ADDR.db, TCP, 50000, 6000), net: openDb, verdict: 'allowed', rules: ['sgr-db-range'] },
  { name: 'port range 6000-6100: 6100 is in', flow: flow('eni-db', ADDR.web, ADDR.db, TCP, 50000, 6100), net: openDb, verdict: 'allowed', rules: ['sgr-db-range'] },
  { name: 'port range 6000-6100: 5999 is out', flow: flow('eni-db', ADDR.web, ADDR.db, TCP, 50000, 5999), net: openDb, verdict: 'security-group' },
  { name: 'port range 6000-6100: 6101 is out', flow: flow('eni-db', ADDR.web, ADDR.db, TCP, 50000, 6101), net: openDb, verdict: 'security-group' },

  // ---- ICMP type and code ----
  {
    name: 'ICMP: an echo-request-only rule matches an ICMP record, and the assumption is said (records carry no type)',
    flow: flow('eni-web', ADDR.web2, ADDR.web, ICMP, 0, 0),
    verdict: 'allowed', rules: ['sgr-web-ping'], notes: /allows only ICMP type 8 \(echo request\) from 10\.0\.1\.11; flow logs do not record the ICMP type/,
  },
  {
    name: 'ICMP: an all-types rule (FromPort -1) needs no assumption',
    flow: flow('eni-b', ADDR.web, ADDR.b, ICMP, 0, 0),
    verdict: 'allowed', rules: ['sgr-b-icmp'], noNotes: /ICMP type/,
  },
  {
    name: 'ICMP: a source outside the rule\'s CIDR is rejected',
    flow: flow('eni-web', INTERNET, ADDR.web, ICMP, 0, 0),
    verdict: 'security-group', rules: ['sg-web'], text: /allows ICMP from 203\.0\.113\.9/,
  },

  // ---- network ACLs: stateless, by rule number, first match wins ----
  {
    name: 'ACL: #100 allows the web subnet before #110 denies the VPC (first match wins)',
    flow: flow('eni-db', ADDR.web, ADDR.db, TCP, 50000, 5432),
    verdict: 'allowed',
    check: (e) => assert.equal(e.rules.find((r) => r.kind === 'network-acl-entry' && !r.egress && r.id === 'acl-db')?.ruleNumber, 100),
  },
  {
    name: 'ACL: #110 denies the rest of the VPC before #120 would allow 10.0.0.0/8',
    flow: flow('eni-db', '10.0.3.3', ADDR.db, TCP, 50000, 5432),
    verdict: 'network-acl', direction: 'inbound', blocked: 'flow', rules: ['acl-db'], ruleNumber: 110,
    text: /^Network ACL acl-db of subnet-db denies this flow inbound: inbound entry #110 \(deny TCP 5432 from 10\.0\.0\.0\/16\) matches it first; add an inbound allow entry for TCP 5432 \(PostgreSQL\) from 10\.0\.3\.3 numbered below 110\.$/,
  },
  {
    name: 'ACL: entries are evaluated by number, whatever order the API lists them in',
    flow: flow('eni-db', ADDR.web, ADDR.db, TCP, 50000, 5432), net: { acls: { 'acl-db': dbAcl().reverse() } },
    verdict: 'allowed',
    check: (e) => assert.equal(e.rules.find((r) => r.kind === 'network-acl-entry' && !r.egress && r.id === 'acl-db')?.ruleNumber, 100),
  },
  {
    name: 'ACL: nothing matches, so the final entry denies, reported as 32767',
    flow: flow('eni-db', ADDR.web, ADDR.db, TCP, 50000, 3306),
    verdict: 'network-acl', direction: 'inbound', rules: ['acl-db'], ruleNumber: 32767, text: /so the final entry #32767 \(\*\) denies it/,
  },
  {
    name: 'ACL: the final deny is 32767 even when the input leaves the * entry out',
    flow: flow('eni-db', ADDR.web, ADDR.db, TCP, 50000, 3306), net: { acls: { 'acl-db': dbAcl().filter((e) => e.RuleNumber !== 32767) } },
    verdict: 'network-acl', ruleNumber: 32767,
  },
  {
    name: 'ACL: IPv4 entries never match IPv6 traffic',
    flow: flow('eni-web', '2001:db8::1', ADDR.web6, TCP, 50000, 443),
    net: { acls: { 'acl-a': [ace(100, false, 'allow', '-1', '0.0.0.0/0'), ace(100, true, 'allow', '-1', '0.0.0.0/0')] } },
    verdict: 'network-acl', direction: 'inbound', ruleNumber: 32767,
  },
  {
    name: 'ACL: an IPv6 entry matches IPv6 traffic',
    flow: flow('eni-web', '2001:db8::1', ADDR.web6, TCP, 50000, 443),
    net: { acls: { 'acl-a': [ace(100, false, 'allow', '-1', '::/0'), ace(100, true, 'allow', '-1', '::/0')] } },
    verdict: 'allowed',
  },
  {
    name: 'ACL: an entry for one ICMP type matches an ICMP record, with the assumption said',
    flow: flow('eni-b', ADDR.web, ADDR.b, ICMP, 0, 0),
    net: { acls: { 'acl-b': [ace(100, false, 'allow', '1', '10.0.0.0/16', undefined, [8, -1]), ace(100, true, 'allow', '-1', '0.0.0.0/0')] } },
    verdict: 'allowed', notes: /entry #100 allow ICMP echo request from 10\.0\.0\.0\/16 names one ICMP type/,
  },
  {
    name: 'ACL: an explicit deny entry ahead of the allow-all entry',
    flow: flow('eni-web', INTERNET, ADDR.web, TCP, 50000, 443), net: { acls: { 'acl-a': [ace(90, false, 'deny', '6', '0.0.0.0/0', [443, 443]), ...allowAll()] } },
    verdict: 'network-acl', rules: ['acl-a'], ruleNumber: 90, text: /inbound entry #90 \(deny TCP 443 from 0\.0\.0\.0\/0\) matches it first/,
  },
  {
    name: 'ACL: a port just below the entry\'s range (32767 vs 32768-65535) does not match',
    flow: flow('eni-db', INTERNET, ADDR.db, TCP, 50000, 32767),
    verdict: 'network-acl', ruleNumber: 32767,
  },
  {
    name: 'ACL: the range\'s first port (32768) matches, and the group decides next',
    flow: flow('eni-db', INTERNET, ADDR.db, TCP, 50000, 32768),
    verdict: 'security-group', rules: ['sg-db'],
  },

  // ---- network ACLs apply only between subnets ----
  {
    name: 'same subnet: two interfaces of one subnet do not cross its ACL (which here denies everything)',
    flow: flow('eni-web', ADDR.web2, ADDR.web, TCP, 50000, 443), net: { acls: { 'acl-a': [] } },
    verdict: 'allowed', notes: /are both in subnet-web, so no network ACL applies/,
  },
  {
    name: 'same subnet: an address that is no interface, inside the subnet\'s CIDR block',
    flow: flow('eni-web', '10.0.1.99', ADDR.web, TCP, 50000, 443), net: { acls: { 'acl-a': [] } },
    verdict: 'allowed',
  },
  {
    name: 'another subnet of the same VPC does cross the ACL',
    flow: flow('eni-web', ADDR.db, ADDR.web, TCP, 50000, 443), net: { acls: { 'acl-a': [] } },
    verdict: 'network-acl', rules: ['acl-a'], ruleNumber: 32767,
  },
  {
    name: 'without the subnets\' CIDR blocks an unknown address is not assumed to share the subnet',
    flow: flow('eni-web', '10.0.1.99', ADDR.web, TCP, 50000, 443), net: { acls: { 'acl-a': [] }, without: ['subnets'] },
    verdict: 'network-acl', ruleNumber: 32767,
  },

  // ---- the reply must pass the opposite direction on the peer's port ----
  {
    name: 'reply: inbound syslog ACCEPTed, its UDP reply on the client\'s port denied outbound by the final entry',
    flow: flow('eni-db', ADDR.web, ADDR.db, UDP, 40000, 514, { action: 'ACCEPT' }),
    verdict: 'network-acl', direction: 'outbound', blocked: 'reply', side: 'local', rules: ['acl-db'], ruleNumber: 32767,
    text: /^Network ACL acl-db of subnet-db lets the flow through but denies the reply on port 40000 to 10\.0\.1\.10: network ACLs are stateless/,
    check: (e) => {
      assert.equal(e.rules[0]!.egress, true);
      assert.deepEqual(e.packet, { srcaddr: ADDR.db, dstaddr: ADDR.web, srcport: 514, dstport: 40000, protocol: UDP });
    },
  },
  {
    name: 'reply: a client port below 1024 misses the 1024-65535 outbound entry (SYN marks the opening)',
    flow: flow('eni-db', ADDR.web, ADDR.db, TCP, 1000, 5432, { tcpFlags: 2 }),
    verdict: 'network-acl', direction: 'outbound', blocked: 'reply', ruleNumber: 32767, text: /the reply on port 1000 to 10\.0\.1\.10/,
  },
  {
    name: 'reply: the same connection from an ephemeral port passes the 1024-65535 entry',
    flow: flow('eni-db', ADDR.web, ADDR.db, TCP, 50000, 5432, { tcpFlags: 2 }),
    verdict: 'allowed',
    check: (e) => assert.equal(e.rules.find((r) => r.kind === 'network-acl-entry' && r.egress && r.id === 'acl-db')?.ruleNumber, 100),
  },
  {
    name: 'reply: the other end\'s subnet ACL denies the reply to an outbound request',
    flow: flow('eni-web', ADDR.web, ADDR.db, UDP, 40000, 514),
    verdict: 'network-acl', direction: 'inbound', blocked: 'reply', side: 'peer', rules: ['acl-db'], ruleNumber: 32767,
    check: (e) => assert.equal(e.networkAclId, 'acl-db'),
  },
  {
    name: 'reply: this subnet\'s inbound entries deny the answers to its outbound HTTPS',
    flow: flow('eni-web', ADDR.web, '52.94.1.1', TCP, 50000, 443),
    net: { acls: { 'acl-a': [ace(100, false, 'allow', '6', '0.0.0.0/0', [443, 443]), ace(100, true, 'allow', '-1', '0.0.0.0/0')] } },
    verdict: 'network-acl', direction: 'inbound', blocked: 'reply', side: 'local', ruleNumber: 32767, text: /the reply on port 50000 to 10\.0\.1\.10/,
  },

  // ---- routes: the subnet's table (explicit, else main), most specific first, both ways ----
  {
    name: 'route: the peering routed one way only: the far VPC has no route back',
    flow: flow('eni-web', ADDR.web, ADDR.b, ICMP, 0, 0),
    net: { routes: { 'rtb-b': [{ DestinationCidrBlock: '10.9.0.0/16', GatewayId: 'local' }, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-b' }] } },
    verdict: 'no-route', direction: 'inbound', blocked: 'reply', side: 'peer', rules: ['rtb-b'],
    text: /^The flow reaches eni-b, but route table rtb-b of subnet-b sends 10\.0\.1\.10 to the internet gateway igw-b .*so the reply is lost \(a peering needs a route in both VPCs\); add a route for 10\.0\.0\.0\/16 through the peering connection pcx-ab\.$/,
  },
  {
    name: 'route: seen at the far end, the same missing route is the reply that cannot return',
    flow: flow('eni-b', ADDR.web, ADDR.b, ICMP, 0, 0),
    net: { routes: { 'rtb-b': [{ DestinationCidrBlock: '10.9.0.0/16', GatewayId: 'local' }, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-b' }] } },
    verdict: 'no-route', direction: 'outbound', blocked: 'reply', side: 'local', rules: ['rtb-b'], text: /^This flow arrives, but route table rtb-b/,
  },
  {
    name: 'route: without the peering route, traffic for the other VPC goes to the internet gateway and is lost',
    flow: flow('eni-web', ADDR.web, ADDR.b, ICMP, 0, 0),
    net: { routes: { 'rtb-a': [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-a' }] } },
    verdict: 'no-route', direction: 'outbound', blocked: 'flow', side: 'local', rules: ['rtb-a'],
    text: /sends 10\.9\.0\.5 to the internet gateway igw-a \(route 0\.0\.0\.0\/0 -> igw-a\), which cannot deliver to a private address, so this flow cannot get there; add a route for 10\.9\.0\.0\/16 through the peering connection pcx-ab\./,
  },
  {
    name: 'route: a table with no matching route at all',
    flow: flow('eni-web', ADDR.web, '8.8.8.8', UDP, 40000, 53), net: { routes: { 'rtb-a': [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }] } },
    verdict: 'no-route', rules: ['rtb-a'], text: /route table rtb-a of subnet-web has no route to 8\.8\.8\.8/i,
  },
  {
    name: 'route: a blackhole route (its target is gone)',
    flow: flow('eni-web', ADDR.web, ADDR.b, ICMP, 0, 0),
    net: { routes: { 'rtb-a': [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }, { DestinationCidrBlock: '10.9.0.0/16', VpcPeeringConnectionId: 'pcx-ab', State: 'blackhole' }] } },
    verdict: 'no-route', text: /that route is a blackhole/,
  },
  {
    name: 'route: the most specific route wins (a /24 blackhole inside a working /16)',
    flow: flow('eni-web', ADDR.web, ADDR.b, ICMP, 0, 0),
    net: { routes: { 'rtb-a': [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }, { DestinationCidrBlock: '10.9.0.0/16', VpcPeeringConnectionId: 'pcx-ab', State: 'active' }, { DestinationCidrBlock: '10.9.0.0/24', VpcPeeringConnectionId: 'pcx-old', State: 'blackhole' }] } },
    verdict: 'no-route', check: (e) => assert.equal(e.rules[0]!.destination, '10.9.0.0/24'),
  },
  {
    name: 'route: outside the /24, the /16 through the peering applies',
    flow: flow('eni-web', ADDR.web, '10.9.1.5', ICMP, 0, 0),
    net: { routes: { 'rtb-a': [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }, { DestinationCidrBlock: '10.9.0.0/16', VpcPeeringConnectionId: 'pcx-ab', State: 'active' }, { DestinationCidrBlock: '10.9.0.0/24', VpcPeeringConnectionId: 'pcx-old', State: 'blackhole' }] } },
    verdict: 'allowed', check: (e) => assert.ok(e.rules.some((r) => r.kind === 'route' && r.destination === '10.9.0.0/16' && r.target === 'pcx-ab')),
  },
  {
    name: 'route: a subnet\'s explicitly associated table is used before the VPC\'s main table',
    flow: flow('eni-web', ADDR.web, '8.8.8.8', UDP, 40000, 53),
    net: { extraTables: [{ RouteTableId: 'rtb-private', VpcId: 'vpc-a', Associations: [{ SubnetId: 'subnet-web', RouteTableId: 'rtb-private', Main: false }], Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }] }] },
    verdict: 'no-route', rules: ['rtb-private'],
  },
  {
    name: 'route: a peering connection still waiting to be accepted',
    flow: flow('eni-web', ADDR.web, ADDR.b, ICMP, 0, 0), net: { peeringStatus: 'pending-acceptance' },
    verdict: 'no-route', text: /through peering connection pcx-ab, which is pending-acceptance, not active.*accept the peering connection/,
  },
  {
    name: 'route: without route tables, routes are not judged',
    flow: flow('eni-web', ADDR.web, '8.8.8.8', UDP, 40000, 53), net: { without: ['routeTables'] },
    verdict: 'allowed', check: (e) => assert.ok(!e.rules.some((r) => r.kind === 'route')),
  },
  {
    name: 'route: a destination that is a prefix list (an S3 gateway endpoint)',
    flow: flow('eni-web', ADDR.web, '52.218.1.1', TCP, 50000, 443),
    net: () => {
      const net = lab({ routes: { 'rtb-a': [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }, { DestinationPrefixListId: 'pl-s3', GatewayId: 'vpce-s3' }] } });
      net.prefixLists!['pl-s3'] = ['52.218.0.0/17'];
      return net;
    },
    verdict: 'allowed', check: (e) => assert.ok(e.rules.some((r) => r.kind === 'route' && r.target === 'vpce-s3' && r.destination === 'pl-s3')),
  },
  {
    name: 'route: an address outside the prefix list has no route',
    flow: flow('eni-web', ADDR.web, '52.219.1.1', TCP, 50000, 443),
    net: () => {
      const net = lab({ routes: { 'rtb-a': [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }, { DestinationPrefixListId: 'pl-s3', GatewayId: 'vpce-s3' }] } });
      net.prefixLists!['pl-s3'] = ['52.218.0.0/17'];
      return net;
    },
    verdict: 'no-route',
  },

  // ---- what the record itself says: reject-reason, flow-direction ----
  {
    name: 'reject-reason BPA is VPC Block Public Access, not a rule',
    flow: flow('eni-web', INTERNET, ADDR.web, TCP, 50000, 443, { action: 'REJECT', rejectReason: 'BPA' }),
    verdict: 'block-public-access', direction: 'inbound', rules: [], text: /^VPC Block Public Access rejected this flow \(reject-reason BPA\), not a security group or network ACL/,
  },
  {
    name: 'reject-reason BPA is said even for an interface that was not read',
    flow: flow('eni-gone', INTERNET, '10.5.5.5', TCP, 50000, 443, { action: 'REJECT', rejectReason: 'BPA', flowDirection: 'ingress' }),
    verdict: 'block-public-access', direction: 'inbound',
  },
  {
    name: 'flow-direction ingress decides when neither address is the interface\'s (an intermediate interface)',
    flow: flow('eni-web', INTERNET, '10.0.1.200', TCP, 50000, 443, { flowDirection: 'ingress' }),
    verdict: 'allowed', direction: 'inbound', rules: ['sgr-web-https'],
  },
  {
    name: 'flow-direction egress is taken as given',
    flow: flow('eni-db', ADDR.db, '8.8.8.8', UDP, 40000, 53, { flowDirection: 'egress' }),
    verdict: 'security-group', direction: 'outbound',
  },

  // ---- what cannot be known ----
  {
    name: 'unknown: an interface that was not read',
    flow: flow('eni-gone', INTERNET, ADDR.web, TCP, 50000, 443),
    verdict: 'unknown', rules: [], text: /^Interface eni-gone is not among the interfaces read from this account and region/,
  },
  {
    name: 'unknown: neither address is the interface\'s (and the record has no flow-direction)',
    flow: flow('eni-web', INTERNET, '10.0.1.200', TCP, 50000, 443),
    verdict: 'unknown', text: /^Neither 203\.0\.113\.9 nor 10\.0\.1\.200 is an address of eni-web/,
  },
  {
    name: 'unknown: the interface\'s security group rules were not read',
    flow: flow('eni-web', INTERNET, ADDR.web, TCP, 50000, 443), net: withGroup('sg-web', []),
    verdict: 'unknown', rules: ['sg-web'], text: /No rules of security group sg-web \(web\) on eni-web were read.*ec2:DescribeSecurityGroupRules/,
  },
  {
    name: 'unknown: a record without addresses',
    flow: flow('eni-web', '-', '-', TCP, null, null),
    verdict: 'unknown', text: /no addresses to check/,
  },
  {
    name: 'unknown: one of the interface\'s two groups was not read and the other has no rule for it',
    flow: flow('eni-two', INTERNET, '10.0.1.60', TCP, 50000, 80),
    net: { extraInterfaces: [{ NetworkInterfaceId: 'eni-two', SubnetId: 'subnet-web', VpcId: 'vpc-a', PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.60' }], Groups: [{ GroupId: 'sg-web' }, { GroupId: 'sg-missing' }] }] },
    verdict: 'unknown', text: /the rules of sg-missing, which were not read/,
  },
  {
    name: 'a group that allows is enough even when another group on the interface was not read',
    flow: flow('eni-two', INTERNET, '10.0.1.60', TCP, 50000, 443),
    net: { extraInterfaces: [{ NetworkInterfaceId: 'eni-two', SubnetId: 'subnet-web', VpcId: 'vpc-a', PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.60' }], Groups: [{ GroupId: 'sg-web' }, { GroupId: 'sg-missing' }] }] },
    verdict: 'allowed', rules: ['sgr-web-https'],
  },
  {
    name: 'every group on the interface counts: the second group\'s rule allows',
    flow: flow('eni-two', INTERNET, '10.0.1.60', TCP, 50000, 25),
    net: {
      groups: { 'sg-mail': [sgr('sg-mail', false, 'tcp', 25, 25, '0.0.0.0/0', 'sgr-mail-smtp')] },
      extraInterfaces: [{ NetworkInterfaceId: 'eni-two', SubnetId: 'subnet-web', VpcId: 'vpc-a', PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.60' }], Groups: [{ GroupId: 'sg-web' }, { GroupId: 'sg-mail' }] }],
    },
    verdict: 'allowed', rules: ['sgr-mail-smtp'],
  },
  {
    name: 'a secondary private address of the interface is the interface\'s',
    flow: flow('eni-multi', INTERNET, '10.0.1.71', TCP, 50000, 443),
    net: { extraInterfaces: [{ NetworkInterfaceId: 'eni-multi', SubnetId: 'subnet-web', VpcId: 'vpc-a', PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.70', Primary: true }, { PrivateIpAddress: '10.0.1.71' }], Groups: [{ GroupId: 'sg-web' }] }] },
    verdict: 'allowed', direction: 'inbound',
  },
];

/** The AWS documentation's own example (flow log record examples, "Security group and network ACL rules"). */
function docsNetwork(aclAllowsOutboundIcmp: boolean, sgAllowsInboundIcmp = true): Network {
  const acl: NetworkAcl = {
    NetworkAclId: 'acl-docs', VpcId: 'vpc-docs', IsDefault: false, Associations: [{ SubnetId: 'subnet-docs' }],
    Entries: [
      ace(100, false, 'allow', '1', '0.0.0.0/0', undefined, [-1, -1]),
      ace(100, true, 'allow', '6', '0.0.0.0/0', [443, 443]),
      ...(aclAllowsOutboundIcmp ? [ace(110, true, 'allow', '1', '0.0.0.0/0', undefined, [-1, -1])] : []),
    ],
  };
  return {
    interfaces: [{ NetworkInterfaceId: 'eni-1235b8ca123456789', SubnetId: 'subnet-docs', VpcId: 'vpc-docs', PrivateIpAddresses: [{ PrivateIpAddress: '172.31.16.139' }], Groups: [{ GroupId: 'sg-docs' }] }],
    securityGroupRules: [
      ...(sgAllowsInboundIcmp ? [sgr('sg-docs', false, 'icmp', -1, -1, '0.0.0.0/0', 'sgr-docs-icmp')] : [sgr('sg-docs', false, 'tcp', 22, 22, '0.0.0.0/0', 'sgr-docs-ssh')]),
      sgr('sg-docs', true, 'tcp', 443, 443, '0.0.0.0/0', 'sgr-docs-https-out'),
    ],
    networkAcls: [acl],
  };
}
const docsPing = flow('eni-1235b8ca123456789', '203.0.113.12', '172.31.16.139', ICMP, 0, 0, { action: 'ACCEPT' });
const docsReply = flow('eni-1235b8ca123456789', '172.31.16.139', '203.0.113.12', ICMP, 0, 0, { action: 'REJECT' });

cases.push(
  {
    name: 'AWS docs example: the inbound ping ACCEPTed is explained as the outbound ACL denying its reply',
    flow: docsPing, net: () => docsNetwork(false),
    verdict: 'network-acl', direction: 'outbound', blocked: 'reply', rules: ['acl-docs'], ruleNumber: 32767, text: /denies the ICMP reply to 203\.0\.113\.12/,
  },
  {
    name: 'AWS docs example: the outbound REJECT (the reply) is the ACL, not the group, which would let a reply out',
    flow: docsReply, net: () => docsNetwork(false),
    verdict: 'network-acl', direction: 'outbound', rules: ['acl-docs'], ruleNumber: 32767,
    notes: /If this record answers traffic from 203\.0\.113\.12 .*the security group lets it out as part of that connection; the network ACL denies it either way/,
  },
  {
    name: 'AWS docs example: with outbound ICMP in the ACL both records are ACCEPT, and the reply reads as an answer',
    flow: { ...docsReply, action: 'ACCEPT' }, net: () => docsNetwork(true),
    verdict: 'allowed', reading: 'reply', rules: ['sgr-docs-icmp'],
  },
  {
    name: 'AWS docs example: a group that denies inbound ICMP gives a single REJECT, explained by the group',
    flow: { ...docsPing, action: 'REJECT' }, net: () => docsNetwork(false, false),
    verdict: 'security-group', direction: 'inbound', rules: ['sg-docs'],
  },
);

function run(c: Case): Explanation {
  const network = typeof c.net === 'function' ? c.net() : lab(c.net);
  return explainFlow(c.flow, network);
}

describe('network evaluator: explainFlow', () => {
  for (const c of cases) {
    it(c.name, () => {
      const e = run(c);
      assert.equal(e.verdict, c.verdict, e.text);
      if (c.direction) {
        assert.equal(e.direction, c.direction, 'direction');
      }
      if (c.blocked) {
        assert.equal(e.blocked, c.blocked, 'blocked');
      }
      if (c.side) {
        assert.equal(e.side, c.side, 'side');
      }
      if (c.reading) {
        assert.equal(e.reading, c.reading, 'reading');
      }
      if (c.rules) {
        const ids = e.rules.map((r) => r.id);
        if (c.verdict === 'allowed') {
          for (const id of c.rules) {
            assert.ok(ids.includes(id), `rules include ${id}: ${ids.join(', ')}`);
          }
        } else {
          assert.deepEqual(ids, c.rules);
        }
      }
      if (c.ruleNumber !== undefined) {
        assert.equal(e.rules[0]?.ruleNumber, c.ruleNumber, 'rule number');
        assert.equal(e.rules[0]?.action, 'deny');
      }
      if (c.text) {
        assert.match(e.text, c.text);
      }
      if (c.notes) {
        assert.ok(e.notes.some((n) => c.notes!.test(n)), `a note matches ${String(c.notes)}: ${e.notes.join(' | ')}`);
      }
      if (c.noNotes) {
        assert.ok(!e.notes.some((n) => c.noNotes!.test(n)), `no note matches ${String(c.noNotes)}: ${e.notes.join(' | ')}`);
      }
      c.check?.(e);
    });
  }

  it('every explanation is one sentence', () => {
    for (const c of cases) {
      const { text } = run(c);
      assert.match(text, /^[A-Z].*[.]$/, c.name);
      assert.doesNotMatch(text.slice(0, -1), /\.\s+[A-Z]/, `${c.name}: ${text}`);
    }
  });

  it('reuses the look-ups of one network object and rebuilds them for a new one', () => {
    const network = lab();
    const f = flow('eni-web', INTERNET, ADDR.web, TCP, 50000, 80);
    assert.equal(explainFlow(f, network).verdict, 'security-group');
    const fixed = { ...network, securityGroupRules: [...network.securityGroupRules, sgr('sg-web', false, 'tcp', 80, 80, '0.0.0.0/0', 'sgr-web-http')] };
    assert.equal(explainFlow(f, fixed).verdict, 'allowed');
    assert.equal(explainFlow(f, network).verdict, 'security-group');
  });
});
