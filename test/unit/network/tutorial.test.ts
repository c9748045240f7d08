// The tutorial this product grew from, on the demo account's network (test/fixtures/demoNetwork.ts) and
// the sample flow log (samples/tutorial-vpc1-default.log): instance 1 pings instance 2 across the
// peering, the records say REJECT, and the question is why.
import * as assert from 'node:assert/strict';
import { parseFlowLogs } from '../../../src/flowlogs';
import { explainFlow, flowFromRecord, groupRejectedByCause, riskyRules, suggestFix, type Flow } from '../../../src/network';
import { DEMO } from '../../fixtures/demoAccount';
import { DEMO_NET, DEMO_RECORDS, EC2_INSTANCE_CONNECT_RANGE, demoNetwork } from '../../fixtures/demoNetwork';
import { ALL_FIELDS_V8_FORMAT, CUSTOM_V5_FORMAT, sampleText } from '../flowlogs/helpers';

function record(line: string): Flow {
  const parsed = parseFlowLogs(line);
  assert.deepEqual(parsed.errors, []);
  const flow = flowFromRecord(parsed.toObjects()[0]!);
  assert.ok(flow, line);
  return flow;
}

describe('network evaluator on the tutorial account', () => {
  it('the ping REJECTed at instance 2 is its security group, which allows only SSH from EC2 Instance Connect', () => {
    const flow = record(DEMO_RECORDS.pingRejectAtInstance2);
    const network = demoNetwork();
    const why = explainFlow(flow, network);
    assert.equal(why.verdict, 'security-group');
    assert.equal(why.direction, 'inbound');
    assert.deepEqual(why.rules.map((r) => [r.kind, r.id, r.groupName]), [['security-group-rule', DEMO_NET.sg2.id, DEMO_NET.sg2.name]]);
    assert.equal(why.text, `No inbound rule of security group ${DEMO_NET.sg2.id} (${DEMO_NET.sg2.name}) allows ICMP from 10.1.5.112 (its inbound rules: allow TCP 22 from ${EC2_INSTANCE_CONNECT_RANGE}), so it rejects this flow at ${DEMO.eni2.id}; add an inbound rule for ICMP from that source.`);

    const fix = suggestFix(flow, network, why)!;
    assert.equal(fix.kind, 'security-group-rule');
    assert.equal(fix.command, `aws ec2 authorize-security-group-ingress --group-id ${DEMO_NET.sg2.id} --ip-permissions '[{"IpProtocol":"icmp","FromPort":8,"ToPort":-1,"IpRanges":[{"CidrIp":"10.1.0.0/16"}]}]'`);
    assert.equal(fix.console, `EC2 console > Security Groups > ${DEMO_NET.sg2.id} (${DEMO_NET.sg2.name}) > Inbound rules > Edit inbound rules > Add rule: Type Custom ICMP - IPv4, Protocol Echo Request, Source Custom 10.1.0.0/16`);
    assert.match(fix.warning!, /admits all of 10\.1\.0\.0\/16 \(vpc-01a2b3c4d5e6f7081\), not only 10\.1\.5\.112; name 10\.1\.5\.112\/32 instead/);
  });

  it('after the ICMP rule is added, the same record is "allowed by today\'s rules", naming the new rule', () => {
    const why = explainFlow(record(DEMO_RECORDS.pingRejectAtInstance2), demoNetwork({ icmpFromVpc1OnInstance2: true }));
    assert.equal(why.verdict, 'allowed');
    assert.ok(why.rules.some((r) => r.id === DEMO_NET.rules.sg2IcmpFromVpc1 && r.action === 'allow'));
    assert.match(why.text, /^Today's rules allow this flow \(security group sg-0b2c3d4e5f6a72222 \(launch-wizard-2\) rule sgr-0b2c3d4e5f6a72203 \(allow all ICMP from 10\.1\.0\.0\/16\) .*\), so the rules have changed since the record was written or something they do not show rejected it\.$/);
  });

  it('at instance 1, without VPC 1\'s peering route, the ping goes to the internet gateway: no route', () => {
    const flow = record(DEMO_RECORDS.pingRejectAtInstance1);
    const network = demoNetwork();
    const why = explainFlow(flow, network);
    assert.equal(why.verdict, 'no-route');
    assert.equal(why.direction, 'outbound');
    assert.deepEqual(why.rules.map((r) => [r.kind, r.id, r.target]), [['route', DEMO_NET.rtb1, DEMO_NET.igw1]]);
    assert.match(why.text, /add a route for 10\.2\.0\.0\/16 through the peering connection pcx-0f1e2d3c4b5a69788\.$/);
    const fix = suggestFix(flow, network, why)!;
    assert.equal(fix.command, `aws ec2 create-route --route-table-id ${DEMO_NET.rtb1} --destination-cidr-block 10.2.0.0/16 --vpc-peering-connection-id ${DEMO.peering.id}`);
    assert.equal(fix.console, `VPC console > Route tables > ${DEMO_NET.rtb1} > Routes > Edit routes > Add route: Destination 10.2.0.0/16, Target Peering Connection ${DEMO.peering.id}`);
  });

  it('with the peering route, the ping from instance 1 stops at instance 2\'s security group, at the other end', () => {
    const why = explainFlow(record(DEMO_RECORDS.pingRejectAtInstance1), demoNetwork({ peeringRouteInVpc1: true }));
    assert.equal(why.verdict, 'security-group');
    assert.equal(why.side, 'peer');
    assert.equal(why.interfaceId, DEMO.eni2.id);
    assert.deepEqual(why.rules.map((r) => r.id), [DEMO_NET.sg2.id]);
    assert.match(why.text, /^eni-0a1b2c3d4e5f60718 lets this flow out, but at the other end no inbound rule of security group sg-0b2c3d4e5f6a72222 \(launch-wizard-2\) on eni-0b2c3d4e5f6a71829 allows ICMP from 10\.1\.5\.112/);
    assert.ok(why.notes.some((n) => n.includes('eni-0a1b2c3d4e5f60718 itself allow this flow today')));
  });

  it('with both steps done, a later ping ACCEPTed at instance 1 names the rules at both ends', () => {
    const why = explainFlow(record(DEMO_RECORDS.pingAcceptAtInstance1), demoNetwork({ peeringRouteInVpc1: true, icmpFromVpc1OnInstance2: true }));
    assert.equal(why.verdict, 'allowed');
    const ids = why.rules.map((r) => r.id);
    for (const id of [DEMO_NET.rules.sg1Egress, DEMO_NET.rules.sg2IcmpFromVpc1, DEMO_NET.acl1, DEMO_NET.acl2, DEMO_NET.rtb1, DEMO_NET.rtb2]) {
      assert.ok(ids.includes(id), id);
    }
    assert.match(why.text, /^Allowed by today's rules: /);
  });

  it('"why was this allowed?": SSH from EC2 Instance Connect names the rule and the ACL entries that let it in', () => {
    const why = explainFlow(record(DEMO_RECORDS.sshAcceptAtInstance1), demoNetwork());
    assert.equal(why.verdict, 'allowed');
    assert.deepEqual(
      why.rules.filter((r) => r.kind !== 'route').map((r) => [r.kind, r.id, r.ruleNumber ?? null, r.egress]),
      [['network-acl-entry', DEMO_NET.acl1, 100, false], ['security-group-rule', DEMO_NET.rules.sg1Ssh, null, false], ['network-acl-entry', DEMO_NET.acl1, 100, true]],
    );
    assert.equal(why.text, `Allowed by today's rules: security group ${DEMO_NET.sg1.id} (${DEMO_NET.sg1.name}) rule ${DEMO_NET.rules.sg1Ssh} (allow TCP 22 from ${EC2_INSTANCE_CONNECT_RANGE}) and network ACL ${DEMO_NET.acl1} (entries #100 in and #100 out).`);
  });

  it('the RDP scanner is rejected by instance 1\'s group, and the fix warns that this is the group doing its job', () => {
    const flow = record(DEMO_RECORDS.rdpScanRejectAtInstance1);
    const network = demoNetwork();
    const why = explainFlow(flow, network);
    assert.equal(why.verdict, 'security-group');
    assert.deepEqual(why.rules.map((r) => r.id), [DEMO_NET.sg1.id]);
    const fix = suggestFix(flow, network, why)!;
    assert.match(fix.command, /"IpProtocol":"tcp","FromPort":3389,"ToPort":3389,"IpRanges":\[\{"CidrIp":"89\.60\.157\.144\/32"\}\]/);
    assert.match(fix.console, /Type RDP, Source Custom 89\.60\.157\.144\/32$/);
    assert.match(fix.warning!, /usually scanning, and the group rejecting it is doing its job; never widen the source to 0\.0\.0\.0\/0/);
  });

  it('DNS to the VPC resolver stays inside instance 1\'s subnet: no network ACL applies', () => {
    const why = explainFlow(record(DEMO_RECORDS.dnsAcceptAtInstance1), demoNetwork());
    assert.equal(why.verdict, 'allowed');
    assert.ok(!why.rules.some((r) => r.kind === 'network-acl-entry'));
    assert.ok(why.notes.some((n) => /both in subnet-0a1b2c3d4e5f61001, so no network ACL applies/.test(n)));
  });

  it('the reply case: SSH to instance 2 ACCEPTed inbound, its reply denied by the locked-down ACL on port 48024', () => {
    const flow = record(DEMO_RECORDS.sshAcceptAtInstance2);
    const network = demoNetwork({ customAclOnSubnet2: true });
    const why = explainFlow(flow, network);
    assert.equal(why.verdict, 'network-acl');
    assert.equal(why.direction, 'outbound');
    assert.equal(why.blocked, 'reply');
    assert.deepEqual(why.rules.map((r) => [r.id, r.ruleNumber, r.action, r.egress]), [[DEMO_NET.aclLocked, 32767, 'deny', true]]);
    assert.equal(why.text, `Network ACL ${DEMO_NET.aclLocked} of ${DEMO.subnet2.id} lets the flow through but denies the reply on port 48024 to 18.237.140.165: network ACLs are stateless and no outbound entry allows it, so the final entry #32767 (*) denies it; add an outbound allow entry for the client's ephemeral ports (48024 here) to 18.237.140.165.`);
    const fix = suggestFix(flow, network, why)!;
    assert.equal(fix.command, `aws ec2 create-network-acl-entry --network-acl-id ${DEMO_NET.aclLocked} --egress --rule-number 200 --protocol 6 --port-range From=32768,To=65535 --cidr-block 18.237.140.165/32 --rule-action allow`);
    assert.match(fix.warning!, /covers 32768-65535 rather than only port 48024/);
  });

  it('the reply\'s own REJECT record, seen going out of instance 2, names the same entry', () => {
    const why = explainFlow(record(DEMO_RECORDS.sshReplyRejectAtInstance2), demoNetwork({ customAclOnSubnet2: true }));
    assert.equal(why.verdict, 'network-acl');
    assert.equal(why.reading, 'reply');
    assert.deepEqual(why.rules.map((r) => [r.id, r.ruleNumber]), [[DEMO_NET.aclLocked, 32767]]);
    assert.match(why.text, /^This record is the reply, and network ACL acl-0b2c3d4e5f6a72c12 of subnet-0b2c3d4e5f6a72002 denies the reply on port 48024/);
  });

  it('with the default ACL the same SSH to instance 2 is allowed', () => {
    assert.equal(explainFlow(record(DEMO_RECORDS.sshAcceptAtInstance2), demoNetwork()).verdict, 'allowed');
  });

  it('nothing in the tutorial account is open to the internet on an administrative port', () => {
    assert.deepEqual(riskyRules(demoNetwork().securityGroupRules), []);
  });

  it('the sample log\'s rejections group into two causes: the missing route and instance 1\'s group', () => {
    const records = parseFlowLogs(sampleText('tutorial-vpc1-default.log')).toObjects().filter((r) => r['action'] === 'REJECT');
    const network = demoNetwork();
    const explained = records.map((r) => {
      const flow = flowFromRecord(r)!;
      return { flow, explanation: explainFlow(flow, network) };
    });
    const groups = groupRejectedByCause(explained);
    const pings = records.filter((r) => r['protocol'] === 1).length;
    const others = records.length - pings;
    assert.ok(pings > 0 && others > 0);
    assert.deepEqual(groups.map((g) => [g.verdict, g.ruleIds, g.count]).sort(), [
      ['no-route', [DEMO_NET.rtb1], pings],
      ['security-group', [DEMO_NET.sg1.id], others],
    ].sort());
    const route = groups.find((g) => g.verdict === 'no-route')!;
    assert.equal(route.text, `no route in ${DEMO_NET.rtb1}: ${pings} flows to 10.2.15.210, ICMP`);
    const sg = groups.find((g) => g.verdict === 'security-group')!;
    assert.match(sg.text, new RegExp(`^security group ${DEMO_NET.sg1.id} \\(${DEMO_NET.sg1.name}\\): ${others} flows from .+, TCP \\d+ \\(\\w+\\)`));
    assert.ok(sg.peers.length > 3 && sg.peersSummary.endsWith(`and ${sg.peers.length - 3} more`), sg.peersSummary);
  });
});

describe('flowFromRecord', () => {
  it('reads flow-direction and tcp-flags from a version 5 record', () => {
    const line = sampleText('custom-v5.log').split('\n')[1]!;
    const flow = flowFromRecord(parseFlowLogs(line, { format: CUSTOM_V5_FORMAT }).toObjects()[0]!)!;
    assert.equal(flow.flowDirection, 'egress');
    assert.equal(flow.srcaddr, '10.1.5.112');
    assert.equal(flow.tcpFlags, 19);
    assert.equal(flow.action, 'ACCEPT');
  });

  it('reads reject-reason from a version 8 record, and skips NODATA', () => {
    const format = ALL_FIELDS_V8_FORMAT;
    const bpa = '8 vpc-0abc1234def567890 subnet-01234abcd5678ef90 i-0123456789abcdef0 eni-0a1b2c3d4e5f60718 123456789012 IPv4 45.228.155.37 10.1.5.112 6966 22 45.228.155.37 10.1.5.112 6 60 1 1732694400 1732694463 REJECT 2 OK us-west-2 usw2-az1 - - - - ingress - - - - - - - - - - - BPA';
    const [objects] = [parseFlowLogs(`${bpa}\n${sampleText('all-fields-v8.log').split('\n')[1]!}`, { format }).toObjects()];
    const flow = flowFromRecord(objects[0]!)!;
    assert.equal(flow.rejectReason, 'BPA');
    assert.equal(flow.flowDirection, 'ingress');
    assert.equal(flowFromRecord(objects[1]!), undefined, 'NODATA has no addresses');
  });
});
