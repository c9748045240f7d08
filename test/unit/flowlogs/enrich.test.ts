import * as assert from 'node:assert/strict';
import {
  describeValue, encryptionStatusMeaning, formatIPv4, formatTimestamp, isIPAddress, matchAddress, parseCidr, parseIPv4, parseIPv6,
  portName, protocolName, protocolNumber, tcpFlagNames, trafficPathMeaning,
} from '../../../src/flowlogs';

describe('flow log enrichment', () => {
  it('names IANA protocols', () => {
    assert.equal(protocolName(6), 'TCP');
    assert.equal(protocolName(17), 'UDP');
    assert.equal(protocolName(1), 'ICMP');
    assert.equal(protocolName(58), 'ICMPv6');
    assert.equal(protocolName(50), 'ESP');
    assert.equal(protocolName(200), undefined);
    assert.equal(protocolNumber('tcp'), 6);
    assert.equal(protocolNumber('icmpv6'), 58);
    assert.equal(protocolNumber('nope'), undefined);
  });

  it('names well-known ports, by transport when the protocol is known', () => {
    assert.equal(portName(22), 'SSH');
    assert.equal(portName(443, 6), 'HTTPS');
    assert.equal(portName(53, 17), 'DNS');
    assert.equal(portName(3389), 'RDP');
    assert.equal(portName(123, 6), undefined, 'NTP is UDP');
    assert.equal(portName(22, 1), undefined, 'ICMP has no ports');
    assert.equal(portName(49152), undefined);
  });

  it('names TCP flags, lowest bit first', () => {
    assert.deepEqual(tcpFlagNames(19), ['FIN', 'SYN', 'ACK']);
    assert.deepEqual(tcpFlagNames(18), ['SYN', 'ACK']);
    assert.deepEqual(tcpFlagNames(2), ['SYN']);
    assert.deepEqual(tcpFlagNames(4), ['RST']);
    assert.deepEqual(tcpFlagNames(0), []);
    assert.deepEqual(tcpFlagNames(63), ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG']);
  });

  it('explains traffic paths and encryption status', () => {
    assert.match(trafficPathMeaning(1)!, /same VPC/);
    assert.match(trafficPathMeaning(2)!, /internet gateway/);
    assert.match(trafficPathMeaning(4)!, /intra-region VPC peering/);
    assert.match(trafficPathMeaning(8)!, /internet gateway \(Nitro/);
    assert.equal(trafficPathMeaning(9), undefined);
    assert.match(encryptionStatusMeaning(0)!, /Not encrypted/);
    assert.match(encryptionStatusMeaning(3)!, /both/);
  });

  it('formats timestamps as ISO UTC', () => {
    assert.equal(formatTimestamp(1732694400), '2024-11-27T08:00:00Z');
    assert.equal(formatTimestamp(0), '1970-01-01T00:00:00Z');
    assert.equal(formatTimestamp(1.5), '1970-01-01T00:00:01.500Z');
    assert.equal(formatTimestamp(Number.NaN), 'NaN');
    assert.equal(formatTimestamp(1e20), '100000000000000000000');
  });

  it('describes cells for hovers', () => {
    assert.equal(describeValue('protocol', 6), 'TCP');
    assert.equal(describeValue('dstport', 22, { protocol: 6 }), 'SSH');
    assert.equal(describeValue('tcp-flags', 19), 'FIN, SYN, ACK');
    assert.equal(describeValue('start', 1732694400), '2024-11-27T08:00:00Z');
    assert.match(describeValue('log-status', 'NODATA')!, /no network traffic/);
    assert.match(describeValue('srcaddr', null)!, /No value/);
    assert.equal(describeValue('vpc-id', 'vpc-1'), undefined);
  });
});

describe('IP addresses and CIDR blocks', () => {
  it('parses and formats IPv4', () => {
    assert.equal(parseIPv4('10.1.5.112'), 0x0a010570);
    assert.equal(formatIPv4(0x0a010570), '10.1.5.112');
    assert.equal(parseIPv4('255.255.255.255'), 0xffffffff);
    assert.equal(parseIPv4('0.0.0.0'), 0);
    assert.equal(parseIPv4('10.0.100.1'), 0x0a006401);
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '1..2.3', '', 'a.b.c.d', '1.2.3.4 ', '0001.2.3.4', '010.1.1.1', '1.2.3.04']) {
      assert.equal(parseIPv4(bad), -1, bad);
    }
  });

  it('parses IPv6 with compression, embedded IPv4 and zones', () => {
    assert.deepEqual([...parseIPv6('2001:db8::1')!], [0x20010db8, 0, 0, 1]);
    assert.deepEqual([...parseIPv6('::')!], [0, 0, 0, 0]);
    assert.deepEqual([...parseIPv6('::ffff:10.1.2.3')!], [0, 0, 0xffff, 0x0a010203]);
    assert.deepEqual([...parseIPv6('fe80::1%eth0')!], [0xfe800000, 0, 0, 1]);
    assert.deepEqual([...parseIPv6('1:2:3:4:5:6:7:8')!], [0x10002, 0x30004, 0x50006, 0x70008]);
    for (const bad of ['1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', ':', 'g::1', '1:2:3:4:5:6:7', '10.1.2.3']) {
      assert.equal(parseIPv6(bad), undefined, bad);
    }
    assert.ok(isIPAddress('2001:db8::1') && isIPAddress('10.0.0.1') && !isIPAddress('eni-1'));
  });

  it('matches CIDR blocks of both families', () => {
    const v4 = parseCidr('10.1.0.0/16')!;
    assert.ok(matchAddress(v4, '10.1.255.1'));
    assert.ok(!matchAddress(v4, '10.2.0.1'));
    assert.ok(!matchAddress(v4, '2001:db8::1'));
    assert.ok(matchAddress(parseCidr('0.0.0.0/0')!, '203.0.113.7'));
    assert.ok(matchAddress(parseCidr('10.1.5.112')!, '10.1.5.112'));
    assert.ok(matchAddress(parseCidr('10.1.5.113/31')!, '10.1.5.112'), 'host bits are masked off');
    const v6 = parseCidr('2001:db8::/32')!;
    assert.ok(matchAddress(v6, '2001:db8:ffff::1'));
    assert.ok(!matchAddress(v6, '2001:db9::1'));
    assert.ok(!matchAddress(v6, '10.1.5.112'));
    assert.ok(matchAddress(parseCidr('2001:db8::/127')!, '2001:db8::1'));
    assert.ok(!matchAddress(parseCidr('2001:db8::/128')!, '2001:db8::1'));
    assert.ok(matchAddress(parseCidr('::/0')!, 'fe80::1'));
    for (const bad of ['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', 'x/8', '10.0.0.0/-1']) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
  });
});
