import * as assert from 'node:assert/strict';
import type { NetworkAclEntry, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { networkAclEntryLabel, ruleRisk, securityGroupRuleLabel } from '../../../src/explorer/ruleLabels';

const inbound = (rule: Partial<SecurityGroupRule>): SecurityGroupRule => ({ GroupId: 'sg-1', IsEgress: false, ...rule });
const entry = (e: Partial<NetworkAclEntry>): NetworkAclEntry => ({ Egress: false, RuleAction: 'allow', Protocol: '-1', CidrBlock: '0.0.0.0/0', ...e });

describe('Rule labels of the VPCs tree', () => {
  it('says what a security group rule allows and from whom, naming groups and prefix lists', () => {
    assert.equal(securityGroupRuleLabel(inbound({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' })), 'TCP 22 from 0.0.0.0/0');
    assert.equal(securityGroupRuleLabel(inbound({ IpProtocol: 'tcp', FromPort: 1024, ToPort: 65535, CidrIpv6: '::/0' })), 'TCP 1024-65535 from ::/0');
    assert.equal(
      securityGroupRuleLabel(inbound({ IpProtocol: 'icmp', FromPort: -1, ToPort: -1, ReferencedGroupInfo: { GroupId: 'sg-0a1b' } }), { groups: new Map([['sg-0a1b', 'launch-wizard-1']]) }),
      'All ICMP from sg-0a1b (launch-wizard-1)',
    );
    assert.equal(securityGroupRuleLabel(inbound({ IpProtocol: 'icmp', FromPort: 8, ToPort: -1, CidrIpv4: '10.1.0.0/16' })), 'ICMP echo request from 10.1.0.0/16');
    assert.equal(
      securityGroupRuleLabel(inbound({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListId: 'pl-0e1f' }), { prefixLists: { 'pl-0e1f': ['18.237.140.160/29'] } }),
      'TCP 22 from pl-0e1f (18.237.140.160/29)',
    );
    assert.equal(securityGroupRuleLabel({ GroupId: 'sg-1', IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' }), 'All traffic to 0.0.0.0/0');
  });

  it('flags inbound rules open to the internet beyond the web ports, and says why', () => {
    assert.match(ruleRisk(inbound({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' }))!, /^SSH \(22\) open to the whole internet \(0\.0\.0\.0\/0\)/);
    assert.match(ruleRisk(inbound({ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, CidrIpv6: '::/0' }))!, /RDP.*\(::\/0\)/);
    assert.match(ruleRisk(inbound({ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIpv4: '0.0.0.0/0' }))!, /PostgreSQL/);
    assert.match(ruleRisk(inbound({ IpProtocol: '-1', CidrIpv4: '0.0.0.0/0' }))!, /on every port/);
    assert.match(ruleRisk(inbound({ IpProtocol: 'udp', FromPort: 0, ToPort: 65535, CidrIpv4: '0.0.0.0/0' }))!, /on every port/);
    assert.match(ruleRisk(inbound({ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIpv4: '0.0.0.0/0' }))!, /^TCP port 8080 open .*80 and 443/);
    // The web, narrower sources, outbound rules and ICMP are fine.
    assert.equal(ruleRisk(inbound({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv4: '0.0.0.0/0' })), undefined);
    assert.equal(ruleRisk(inbound({ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIpv6: '::/0' })), undefined);
    assert.equal(ruleRisk(inbound({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '18.237.140.160/29' })), undefined);
    assert.equal(ruleRisk({ GroupId: 'sg-1', IsEgress: true, IpProtocol: '-1', CidrIpv4: '0.0.0.0/0' }), undefined);
    assert.equal(ruleRisk(inbound({ IpProtocol: 'icmp', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' })), undefined);
  });

  it('writes network ACL entries with their number and action, the final entry as *', () => {
    assert.equal(networkAclEntryLabel(entry({ RuleNumber: 100 })), '100 ALLOW All traffic from 0.0.0.0/0');
    assert.equal(networkAclEntryLabel(entry({ RuleNumber: 110, Egress: true, Protocol: '6', PortRange: { From: 49152, To: 65535 } })), '110 ALLOW TCP 49152-65535 to 0.0.0.0/0');
    assert.equal(networkAclEntryLabel(entry({ RuleNumber: 90, RuleAction: 'deny', Protocol: '6', PortRange: { From: 22, To: 22 }, CidrBlock: '203.0.113.0/24' })), '90 DENY TCP 22 from 203.0.113.0/24');
    assert.equal(networkAclEntryLabel(entry({ RuleNumber: 32767, RuleAction: 'deny' })), '* DENY All traffic from 0.0.0.0/0');
    assert.equal(networkAclEntryLabel(entry({ RuleNumber: 120, Protocol: '1', IcmpTypeCode: { Type: -1, Code: -1 }, CidrBlock: '10.1.0.0/16' })), '120 ALLOW All ICMP from 10.1.0.0/16');
  });
});
