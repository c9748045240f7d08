import * as assert from 'node:assert/strict';
import { DEFAULT_FIELDS } from '../../../src/flowlogs';
import { explainFlow, flowFromRecord, suggestFix, type Flow } from '../../../src/network';
import { whyAnswer, whyAnswerText } from '../../../src/why/answer';
import { DEMO_NET, DEMO_RECORDS, demoNetwork, type DemoNetworkOptions } from '../../fixtures/demoNetwork';

function answerFor(line: string, options: DemoNetworkOptions = {}) {
  const values = line.split(' ');
  const flow: Flow = flowFromRecord(Object.fromEntries(DEFAULT_FIELDS.map((f, i) => [f, values[i]])))!;
  const network = demoNetwork(options);
  const why = explainFlow(flow, network);
  return whyAnswer(flow, network, why, suggestFix(flow, network, why));
}

describe('The answer to "Why was this rejected?"', () => {
  it('names the blocking group, lists what its rules do allow, and carries the rule to add', () => {
    const a = answerFor(DEMO_RECORDS.pingRejectAtInstance2);
    assert.equal(a.question, 'Why was this rejected?');
    assert.equal(a.headline, `Blocked by security group ${DEMO_NET.sg2.name} (${DEMO_NET.sg2.id}), inbound`);
    assert.equal(a.flow, 'ICMP 10.1.5.112 → 10.2.15.210, REJECT at eni-0b2c3d4e5f6a71829');
    assert.deepEqual(a.rules.map((r) => [r.where, r.rule, r.action]), [
      [`Security group ${DEMO_NET.sg2.name} (${DEMO_NET.sg2.id}), inbound`, 'no inbound rule matches (its inbound rules: allow TCP 22 from 18.237.140.160/29)', 'deny'],
    ]);
    assert.match(a.fix!.command, /^aws ec2 authorize-security-group-ingress --group-id sg-0b2c3d4e5f6a72222 /);
    assert.match(whyAnswerText(a), /To allow it: Add an inbound rule/);
  });

  it('says "allowed by today\'s rules" for a REJECT the rules now allow, naming the rule, with nothing to change', () => {
    const a = answerFor(DEMO_RECORDS.pingRejectAtInstance2, { icmpFromVpc1OnInstance2: true });
    assert.equal(a.headline, "Allowed by today's rules");
    assert.equal(a.fix, undefined);
    assert.ok(a.rules.some((r) => r.rule.startsWith(`${DEMO_NET.rules.sg2IcmpFromVpc1} allow all ICMP from 10.1.0.0/16`)));
  });

  it('names the network ACL entry that denies a reply, and asks "why was this allowed?" of an ACCEPT', () => {
    const reply = answerFor(DEMO_RECORDS.sshReplyRejectAtInstance2, { customAclOnSubnet2: true });
    assert.equal(reply.headline, `Blocked by network ACL ${DEMO_NET.aclLocked} entry #32767 (*), outbound (the reply)`);
    assert.deepEqual(reply.rules.map((r) => r.rule), ['#32767 (*) deny all traffic to 0.0.0.0/0']);
    const ssh = answerFor(DEMO_RECORDS.sshAcceptAtInstance1);
    assert.equal(ssh.question, 'Why was this allowed?');
    assert.equal(ssh.headline, 'Allowed');
    assert.ok(ssh.rules.some((r) => r.rule.includes('allow TCP 22 from 18.237.140.160/29')));
  });
});
