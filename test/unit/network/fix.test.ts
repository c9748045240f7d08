import * as assert from 'node:assert/strict';
import { explainFlow, suggestFix, type Flow, type FixSuggestion, type Network } from '../../../src/network';
import { freeRuleNumber } from '../../../src/network/fix';
import { ADDR, ace, flow, lab, type LabOptions } from './lab';

const TCP = 6;
const UDP = 17;
const ICMP = 1;

function fixFor(f: Flow, options?: LabOptions | Network): FixSuggestion | undefined {
  const network = options && 'interfaces' in options ? options : lab(options);
  return suggestFix(f, network, explainFlow(f, network));
}

/** The JSON inside `--ip-permissions '...'`. */
function permissions(command: string): unknown {
  const m = /--ip-permissions '(.*)'$/.exec(command);
  assert.ok(m, command);
  return JSON.parse(m[1]!);
}

describe('network evaluator: suggestFix', () => {
  describe('security groups', () => {
    it('an inbound rule for the record\'s protocol and port from a /32 outside the known VPCs, no widening warning for a private peer', () => {
      const fix = fixFor(flow('eni-web', '172.20.0.5', ADDR.web, TCP, 50000, 8080))!;
      assert.equal(fix.kind, 'security-group-rule');
      assert.equal(fix.groupId, 'sg-web');
      assert.equal(fix.egress, false);
      assert.deepEqual(permissions(fix.command), [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '172.20.0.5/32' }] }]);
      assert.match(fix.command, /^aws ec2 authorize-security-group-ingress --group-id sg-web --ip-permissions /);
      assert.equal(fix.console, 'EC2 console > Security Groups > sg-web (web) > Inbound rules > Edit inbound rules > Add rule: Type Custom TCP, Port range 8080, Source Custom 172.20.0.5/32');
      assert.equal(fix.summary, 'Add an inbound rule to security group sg-web (web) that allows TCP 8080 from 172.20.0.5/32.');
      assert.equal(fix.warning, undefined);
    });

    it('a source inside a VPC we know gets its VPC\'s CIDR, and the warning names the /32', () => {
      const fix = fixFor(flow('eni-db', ADDR.b, ADDR.db, TCP, 50000, 6000), { acls: { 'acl-db': [ace(100, false, 'allow', '-1', '0.0.0.0/0'), ace(100, true, 'allow', '-1', '0.0.0.0/0')] } })!;
      assert.deepEqual(permissions(fix.command), [{ IpProtocol: 'tcp', FromPort: 6000, ToPort: 6000, IpRanges: [{ CidrIp: '10.9.0.0/16' }] }]);
      assert.match(fix.warning!, /^This admits all of 10\.9\.0\.0\/16 \(vpc-b\), not only 10\.9\.0\.5; name 10\.9\.0\.5\/32 instead/);
    });

    it('an outbound rule for a blocked outbound flow, with the console\'s type name', () => {
      const fix = fixFor(flow('eni-db', ADDR.db, '8.8.8.8', UDP, 40000, 53))!;
      assert.match(fix.command, /^aws ec2 authorize-security-group-egress --group-id sg-db /);
      assert.deepEqual(permissions(fix.command), [{ IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '8.8.8.8/32' }] }]);
      assert.equal(fix.console, 'EC2 console > Security Groups > sg-db (db) > Outbound rules > Edit outbound rules > Add rule: Type DNS (UDP), Destination Custom 8.8.8.8/32');
      assert.equal(fix.warning, undefined, 'an outbound rule to one address opens nothing inbound');
    });

    it('an IPv6 source gets an Ipv6Ranges /128', () => {
      const fix = fixFor(flow('eni-web', '2001:db8::1', ADDR.web6, TCP, 50000, 8443))!;
      assert.deepEqual(permissions(fix.command), [{ IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, Ipv6Ranges: [{ CidrIpv6: '2001:db8::1/128' }] }]);
      assert.match(fix.warning!, /widening it to ::\/0 opens HTTPS alternate to the whole internet/);
    });

    it('a public source on an ordinary port: keep the source narrow', () => {
      const fix = fixFor(flow('eni-web', '203.0.113.9', ADDR.web, TCP, 50000, 80))!;
      assert.match(fix.console, /Type HTTP, Source Custom 203\.0\.113\.9\/32$/);
      assert.match(fix.warning!, /^Keep the source to the addresses that need it: widening it to 0\.0\.0\.0\/0 opens HTTP to the whole internet\.$/);
    });

    it('a public source on an administrative port: usually scanning, never 0.0.0.0/0', () => {
      const fix = fixFor(flow('eni-web', '203.0.113.9', ADDR.web, TCP, 50000, 5432))!;
      assert.match(fix.console, /Type PostgreSQL,/);
      assert.match(fix.warning!, /^Only add this if 203\.0\.113\.9 should reach PostgreSQL: unsolicited PostgreSQL from the internet is usually scanning/);
    });

    it('ICMP: an echo request rule (the record carries no type), and the warning says so', () => {
      const fix = fixFor(flow('eni-web', '172.20.0.5', ADDR.web, ICMP, 0, 0))!;
      assert.deepEqual(permissions(fix.command), [{ IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '172.20.0.5/32' }] }]);
      assert.match(fix.console, /Type Custom ICMP - IPv4, Protocol Echo Request, Source Custom 172\.20\.0\.5\/32$/);
      assert.match(fix.warning!, /Flow logs do not record the ICMP type/);
    });

    it('another protocol: its number, no ports', () => {
      const fix = fixFor(flow('eni-web', '172.20.0.5', ADDR.web, 47, null, null))!;
      assert.deepEqual(permissions(fix.command), [{ IpProtocol: '47', IpRanges: [{ CidrIp: '172.20.0.5/32' }] }]);
      assert.match(fix.console, /Type Custom Protocol, Protocol 47 \(GRE\)/);
    });

    it('the fix for an answer whose connection is not allowed opens that connection (the service port)', () => {
      const fix = fixFor(flow('eni-web', ADDR.web, '172.20.0.5', TCP, 22, 50000))!;
      assert.equal(fix.egress, false);
      assert.deepEqual(permissions(fix.command), [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '172.20.0.5/32' }] }]);
    });
  });

  describe('network ACLs', () => {
    it('below an explicit deny: the highest free multiple of ten, for the one address only', () => {
      const fix = fixFor(flow('eni-db', '10.0.3.3', ADDR.db, TCP, 50000, 5432))!;
      assert.equal(fix.kind, 'network-acl-entry');
      assert.equal(fix.command, 'aws ec2 create-network-acl-entry --network-acl-id acl-db --ingress --rule-number 90 --protocol 6 --port-range From=5432,To=5432 --cidr-block 10.0.3.3/32 --rule-action allow');
      assert.equal(fix.console, 'VPC console > Network ACLs > acl-db > Inbound rules > Edit inbound rules > Add new rule: Rule number 90, Type Custom TCP, Port range 5432, Source 10.0.3.3/32, Allow/Deny Allow');
      assert.match(fix.warning!, /^Entry #110 denies this traffic explicitly: the new entry makes an exception for 10\.0\.3\.3\/32 only/);
    });

    it('before the final entry: the next hundred after the highest entry', () => {
      const fix = fixFor(flow('eni-db', ADDR.web, ADDR.db, TCP, 50000, 3306))!;
      assert.equal(fix.ruleNumber, 200);
      assert.match(fix.command, /--ingress --rule-number 200 --protocol 6 --port-range From=3306,To=3306 --cidr-block 10\.0\.0\.0\/16 --rule-action allow$/);
    });

    it('a reply on an ephemeral port gets the ephemeral range, with the warning not to widen further', () => {
      const fix = fixFor(flow('eni-db', ADDR.web, ADDR.db, UDP, 40000, 514))!;
      assert.equal(fix.egress, true);
      assert.deepEqual(fix.portRange, { From: 32768, To: 65535 });
      assert.match(fix.command, /--egress --rule-number 200 --protocol 17 --port-range From=32768,To=65535 --cidr-block 10\.0\.0\.0\/16/);
      assert.match(fix.summary, /\(the reply\)\.$/);
      assert.match(fix.warning!, /covers 32768-65535 rather than only port 40000 .* do not widen it to all ports or all protocols/);
    });

    it('a reply to a port between 1024 and 32767 gets 1024-65535 (load balancers, NAT gateways)', () => {
      const fix = fixFor(flow('eni-db', ADDR.web, ADDR.db, UDP, 5000, 514))!;
      assert.deepEqual(fix.portRange, { From: 1024, To: 65535 });
    });

    it('a reply to a port below 1024 gets only that port', () => {
      const fix = fixFor(flow('eni-db', ADDR.web, ADDR.db, TCP, 1000, 5432, { tcpFlags: 2 }))!;
      assert.deepEqual(fix.portRange, { From: 1000, To: 1000 });
    });

    it('ICMP: echo request for the flow, echo reply for the reply', () => {
      const request = fixFor(flow('eni-db', ADDR.web, ADDR.db, ICMP, 0, 0))!;
      assert.deepEqual(request.icmpTypeCode, { Type: 8, Code: -1 });
      assert.match(request.command, /--protocol 1 --icmp-type-code Type=8,Code=-1 --cidr-block 10\.0\.0\.0\/16/);
      const net = lab({ acls: { 'acl-a': [ace(100, false, 'allow', '-1', '0.0.0.0/0'), ace(100, true, 'allow', '6', '0.0.0.0/0')] } });
      const reply = fixFor(flow('eni-web', ADDR.db, ADDR.web, ICMP, 0, 0), net)!;
      assert.deepEqual(reply.icmpTypeCode, { Type: 0, Code: -1 });
      assert.equal(reply.egress, true);
      assert.match(reply.console, /Type Custom ICMP, ICMP type echo reply, Destination 10\.0\.0\.0\/16/);
    });

    it('IPv6 entries use --ipv6-cidr-block', () => {
      const net = lab({ acls: { 'acl-a': [ace(100, true, 'allow', '-1', '::/0')] } });
      const fix = fixFor(flow('eni-web', '2001:db8::1', ADDR.web6, TCP, 50000, 443), net)!;
      assert.match(fix.command, /--ingress --rule-number 100 --protocol 6 --port-range From=443,To=443 --ipv6-cidr-block 2001:db8::1\/128 --rule-action allow$/);
    });
  });

  describe('rule numbers', () => {
    const acl = (numbers: number[], egress = false): Parameters<typeof freeRuleNumber>[0] => ({ Entries: numbers.map((n) => ace(n, egress, 'allow', '-1', '0.0.0.0/0')) });
    it('after the highest entry, rounded up to the next hundred, when the final entry denies', () => {
      assert.equal(freeRuleNumber(acl([100, 110, 32767]), false, 32767), 200);
      assert.equal(freeRuleNumber(acl([]), false, 32767), 100);
      assert.equal(freeRuleNumber(acl([100, 200], true), false, 32767), 100, 'the other direction\'s numbers do not count');
    });
    it('below an explicit deny: the highest free multiple of ten, else any free number', () => {
      assert.equal(freeRuleNumber(acl([90, 100]), false, 100), 80);
      assert.equal(freeRuleNumber(acl([10, 12]), false, 12), 11);
      assert.equal(freeRuleNumber(acl([1, 2]), false, 2), undefined);
    });
    it('near the top of the range, the highest free multiple of ten below 32767', () => {
      assert.equal(freeRuleNumber(acl([32700]), false, 32767), 32760);
    });
  });

  describe('routes', () => {
    const oneWay = { routes: { 'rtb-b': [{ DestinationCidrBlock: '10.9.0.0/16', GatewayId: 'local' }, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-b' }] } };

    it('the missing route back through the known peering connection, in the far VPC\'s table', () => {
      const fix = fixFor(flow('eni-web', ADDR.web, ADDR.b, ICMP, 0, 0), oneWay)!;
      assert.equal(fix.kind, 'route');
      assert.equal(fix.command, 'aws ec2 create-route --route-table-id rtb-b --destination-cidr-block 10.0.0.0/16 --vpc-peering-connection-id pcx-ab');
      assert.match(fix.warning!, /covers the whole VPC 10\.0\.0\.0\/16, as peering routes usually do/);
    });

    it('the peering connection found from the other VPC\'s route when peering connections were not read', () => {
      const fix = fixFor(flow('eni-web', ADDR.web, ADDR.b, ICMP, 0, 0), { ...oneWay, without: ['peeringConnections'], routes: { 'rtb-a': [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-a' }] } })!;
      assert.equal(fix.routeTableId, 'rtb-a');
      assert.equal(fix.command, 'aws ec2 create-route --route-table-id rtb-a --destination-cidr-block 10.9.0.0/16 --vpc-peering-connection-id pcx-ab');
    });

    it('no peering connection known: a placeholder and a warning that says what to create first', () => {
      const fix = fixFor(flow('eni-web', ADDR.web, '10.50.0.9', ICMP, 0, 0), { routes: { 'rtb-a': [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }, { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-a' }] } })!;
      assert.equal(fix.command, 'aws ec2 create-route --route-table-id rtb-a --destination-cidr-block 10.50.0.9/32 --vpc-peering-connection-id <peering-connection-id>');
      assert.match(fix.warning!, /No peering connection between vpc-a and the VPC of 10\.50\.0\.9 was found: create and accept one first/);
    });

    it('a blackhole route for the same destination is replaced, not added', () => {
      const fix = fixFor(flow('eni-web', ADDR.web, ADDR.b, ICMP, 0, 0), { routes: { 'rtb-a': [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }, { DestinationCidrBlock: '10.9.0.0/16', VpcPeeringConnectionId: 'pcx-gone', State: 'blackhole' }] } })!;
      assert.equal(fix.command, 'aws ec2 replace-route --route-table-id rtb-a --destination-cidr-block 10.9.0.0/16 --vpc-peering-connection-id pcx-ab');
    });

    it('a peering connection waiting for acceptance: accept it', () => {
      const fix = fixFor(flow('eni-web', ADDR.web, ADDR.b, ICMP, 0, 0), { peeringStatus: 'pending-acceptance' })!;
      assert.equal(fix.kind, 'accept-peering');
      assert.equal(fix.command, 'aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-ab');
    });

    it('an internet destination with no route: the VPC\'s internet gateway, for that address', () => {
      const fix = fixFor(flow('eni-web', ADDR.web, '8.8.8.8', UDP, 40000, 53), { extraTables: [{ RouteTableId: 'rtb-private', VpcId: 'vpc-a', Associations: [{ SubnetId: 'subnet-web' }], Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }] }] })!;
      assert.equal(fix.command, 'aws ec2 create-route --route-table-id rtb-private --destination-cidr-block 8.8.8.8/32 --gateway-id igw-a');
      assert.match(fix.warning!, /usually has 0\.0\.0\.0\/0 to its internet gateway, which makes it a public subnet/);
    });
  });

  it('Block Public Access: an exclusion for the subnet, with its warning', () => {
    const f = flow('eni-web', '203.0.113.9', ADDR.web, TCP, 50000, 443, { action: 'REJECT', rejectReason: 'BPA' });
    const fix = fixFor(f)!;
    assert.equal(fix.command, 'aws ec2 create-vpc-block-public-access-exclusion --subnet-id subnet-web --internet-gateway-exclusion-mode allow-bidirectional');
    assert.match(fix.warning!, /whole subnet/);
    const out = fixFor(flow('eni-web', ADDR.web, '203.0.113.9', TCP, 50000, 443, { action: 'REJECT', rejectReason: 'BPA' }))!;
    assert.match(out.command, /allow-egress$/);
  });

  it('nothing to fix when nothing blocks, or when the blocker is unknown', () => {
    assert.equal(fixFor(flow('eni-web', '203.0.113.9', ADDR.web, TCP, 50000, 443)), undefined);
    assert.equal(fixFor(flow('eni-gone', '203.0.113.9', ADDR.web, TCP, 50000, 443)), undefined);
  });

  it('every proposed rule, applied to the network, lets the flow through (the ACL reply case included)', () => {
    const flows: Array<[Flow, LabOptions?]> = [
      [flow('eni-web', '203.0.113.9', ADDR.web, TCP, 50000, 80)],
      [flow('eni-db', ADDR.db, '8.8.8.8', UDP, 40000, 53), { acls: { 'acl-db': [ace(100, false, 'allow', '-1', '0.0.0.0/0'), ace(100, true, 'allow', '-1', '0.0.0.0/0')] } }],
      [flow('eni-db', '10.0.3.3', ADDR.db, TCP, 50000, 5432), { extraInterfaces: [{ NetworkInterfaceId: 'eni-app', SubnetId: 'subnet-app', VpcId: 'vpc-a', PrivateIpAddresses: [{ PrivateIpAddress: '10.0.3.3' }], Groups: [{ GroupId: 'sg-web' }] }] }],
      [flow('eni-db', ADDR.web, ADDR.db, UDP, 40000, 514)],
      [flow('eni-web', '192.0.2.5', ADDR.web, ICMP, 0, 0)],
    ];
    for (const [f, options] of flows) {
      let network = lab(options);
      for (let round = 0; round < 3; round++) {
        const why = explainFlow(f, network);
        if (why.verdict === 'allowed') {
          break;
        }
        const fix = suggestFix(f, network, why)!;
        assert.ok(fix, why.text);
        network = applyFix(network, fix);
      }
      assert.equal(explainFlow(f, network).verdict, 'allowed', `${f.srcaddr} -> ${f.dstaddr}`);
    }
  });
});

/** Applies a proposed security group rule or ACL entry to a copy of the network, as AWS would. */
function applyFix(network: Network, fix: FixSuggestion): Network {
  if (fix.kind === 'security-group-rule') {
    const p = fix.ipPermission!;
    const rule = {
      SecurityGroupRuleId: `sgr-new-${network.securityGroupRules.length}`, GroupId: fix.groupId!, IsEgress: fix.egress!, IpProtocol: p.IpProtocol!,
      FromPort: p.FromPort ?? -1, ToPort: p.ToPort ?? -1, ...(p.IpRanges ? { CidrIpv4: p.IpRanges[0]!.CidrIp! } : { CidrIpv6: p.Ipv6Ranges![0]!.CidrIpv6! }),
    };
    return { ...network, securityGroupRules: [...network.securityGroupRules, rule] };
  }
  if (fix.kind === 'network-acl-entry') {
    const entry = {
      RuleNumber: fix.ruleNumber!, Egress: fix.egress!, RuleAction: 'allow' as const, Protocol: fix.protocol!, CidrBlock: fix.cidr!,
      ...(fix.portRange ? { PortRange: fix.portRange } : {}), ...(fix.icmpTypeCode ? { IcmpTypeCode: fix.icmpTypeCode } : {}),
    };
    return { ...network, networkAcls: network.networkAcls.map((a) => (a.NetworkAclId === fix.networkAclId ? { ...a, Entries: [...(a.Entries ?? []), entry] } : a)) };
  }
  throw new Error(`applyFix failed: ${fix.kind} is not applied by this test`);
}
