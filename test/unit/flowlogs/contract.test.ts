import * as assert from 'node:assert/strict';
import {
  DEFAULT_FIELDS, DEFAULT_FORMAT, FIELDS, FlowLogStore, FormatError, fieldInfo, formatVersion, isNumericField, parseFlowLogs,
  parseFormat,
} from '../../../src/flowlogs';

const LINE = '2 012345678901 eni-0a1b2c3d4e5f60718 18.237.140.165 10.1.5.112 43416 22 6 4 344 1732694400 1732694460 ACCEPT OK';

describe('flow log contract (DESIGN.md)', () => {
  it('returns fields, count, errors and toObjects() with numbers, exact strings and null', () => {
    const result = parseFlowLogs(`${LINE}\n2 unknown eni-0fedcba9876543210 - - - - - - - 1732694400 1732694460 - NODATA\n`);
    assert.ok(Array.isArray(result.fields));
    assert.equal(typeof result.count, 'number');
    assert.ok(Array.isArray(result.errors));
    assert.equal(typeof result.toObjects, 'function');
    assert.deepEqual(result.fields, [...DEFAULT_FIELDS]);
    const [a, b] = result.toObjects();
    assert.equal(a!['account-id'], '012345678901', 'account-id keeps its leading zero');
    for (const f of ['version', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end']) {
      assert.equal(typeof a![f], 'number', f);
    }
    assert.equal(b!['account-id'], 'unknown');
    for (const f of ['srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'action']) {
      assert.equal(b![f], null, f);
    }
    assert.equal(b!['log-status'], 'NODATA');
  });

  it('tolerates runs of spaces, tabs, leading/trailing blanks and CRLF; skips blank lines', () => {
    const text = `\r\n   \n  ${LINE.replace(/ /g, '   ')}  \r\n\t${LINE.replace(/ /g, '\t')}\r\n\n${LINE}`;
    const store = parseFlowLogs(text);
    assert.deepEqual(store.errors, []);
    assert.equal(store.count, 3);
    const objects = store.toObjects();
    assert.deepEqual(objects[0], objects[1]);
    assert.deepEqual(objects[0], objects[2]);
    assert.equal(store.lines, 6);
  });

  it('keeps IPv6 addresses exactly as written', () => {
    const line = '2 123456789012 eni-0a1b2c3d4e5f60718 2001:db8::1 2600:1f14:abc:def0::10 443 51000 6 10 5000 1732694400 1732694460 ACCEPT OK';
    const store = parseFlowLogs(`${line}\n2 123456789012 eni-0a1b2c3d4e5f60718 ::ffff:10.1.2.3 FE80::1%eth0 1 2 17 1 1 1 2 REJECT OK`);
    assert.deepEqual(store.errors, []);
    assert.equal(store.get(0, 'srcaddr'), '2001:db8::1');
    assert.equal(store.get(0, 'dstaddr'), '2600:1f14:abc:def0::10');
    assert.equal(store.get(1, 'srcaddr'), '::ffff:10.1.2.3');
    assert.equal(store.get(1, 'dstaddr'), 'FE80::1%eth0');
    assert.equal(store.line(0), line);
  });

  it('makes every kind of bad field an error with a message, never a wrong record', () => {
    const bad: [string, RegExp][] = [
      [LINE.replace(' 6 4 ', ' 6 -4 '), /packets: "-4" is not a number/],
      [LINE.replace(' 6 4 ', ' 256 4 '), /protocol: "256" is out of range \(0-255\)/],
      [LINE.replace('43416', '65536'), /srcport: "65536" is out of range/],
      [LINE.replace(' 344 ', ' 3.5 '), /bytes: "3.5" is not a number/],
      [LINE.replace(' 344 ', ' 12345678901234567890 '), /bytes: "12345678901234567890" is too large/],
      [LINE.replace('18.237.140.165', '18.237.140.256'), /srcaddr: "18.237.140.256" is not an IPv4 or IPv6 address/],
      [LINE.replace('18.237.140.165', '1.2.3'), /srcaddr: "1.2.3" is not an IPv4 or IPv6 address/],
      [LINE.replace('18.237.140.165', '18.237.0140.165'), /srcaddr: "18.237.0140.165" is not an IPv4/],
      [LINE.replace('18.237.140.165', '018.237.140.165'), /srcaddr: "018.237.140.165" is not an IPv4/],
      [LINE.replace('18.237.140.165', '2001:db8:::1'), /srcaddr: "2001:db8:::1" is not an IPv4/],
      [LINE.replace('10.1.5.112', 'localhost'), /dstaddr: "localhost" is not an IPv4/],
      [LINE.replace('ACCEPT', 'accept'), /action: "accept" is not ACCEPT, REJECT or -/],
      [LINE.replace(' OK', ' FINE'), /log-status: "FINE" is not OK, NODATA, SKIPDATA or -/],
      [LINE.replace('2 0123', 'v2 0123'), /version: "v2" is not a number/],
      [`${LINE} ${LINE}`, /Expected 14 fields, found 28: 14 fields too many/],
      ['2 012345678901', /Expected 14 fields, found 2: 12 fields missing/],
    ];
    const store = parseFlowLogs(bad.map(([l]) => l).join('\n'));
    assert.equal(store.count, 0);
    assert.equal(store.errors.length, bad.length);
    bad.forEach(([, re], i) => {
      assert.equal(store.errors[i]!.line, i + 1);
      assert.match(store.errors[i]!.message, re);
    });
  });

  it('never throws, whatever the input', () => {
    for (const input of ['', '\n\n\n', '\u0000\u0001\u0002', '\ud800', 'version', 'version account-id', '-', '${version}', '🙂 🙂 🙂']) {
      assert.doesNotThrow(() => parseFlowLogs(input), input);
      assert.doesNotThrow(() => parseFlowLogs(Buffer.from(input)), input);
    }
    const empty = parseFlowLogs('');
    assert.deepEqual([empty.count, empty.errors.length, empty.fields], [0, 0, [...DEFAULT_FIELDS]]);
  });

  it('an unusable format option is an error at line 0, not an exception', () => {
    const store = parseFlowLogs(LINE, { format: '${version} ${bogus} ${nope}' });
    assert.equal(store.count, 0);
    assert.equal(store.errors.length, 1);
    assert.equal(store.errors[0]!.line, 0);
    assert.match(store.errors[0]!.message, /\$\{bogus\}, \$\{nope\}/);
  });

  it('the header line of an unknown field is an error naming it', () => {
    const store = parseFlowLogs(`version account-id frobnicate\n${LINE}`);
    assert.equal(store.errors[0]!.line, 1);
    assert.match(store.errors[0]!.message, /Header line: .*\$\{frobnicate\}/);
  });
});

describe('flow log formats', () => {
  it('DEFAULT_FORMAT is the version 2 format', () => {
    assert.equal(DEFAULT_FORMAT, '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}');
    assert.deepEqual(parseFormat(DEFAULT_FORMAT), [...DEFAULT_FIELDS]);
  });

  it('parses `${field}` strings and plain header lists; names unknown fields in the error', () => {
    assert.deepEqual(parseFormat('${srcaddr}  ${dstaddr}\t${bytes}'), ['srcaddr', 'dstaddr', 'bytes']);
    assert.deepEqual(parseFormat('version vpc-id srcaddr'), ['version', 'vpc-id', 'srcaddr']);
    assert.throws(() => parseFormat('${version} ${foo} ${bar-baz}'), (e: unknown) => {
      assert.ok(e instanceof FormatError);
      assert.deepEqual(e.unknown, ['foo', 'bar-baz']);
      assert.match(e.message, /unknown fields: \$\{foo\}, \$\{bar-baz\}/);
      return true;
    });
    assert.throws(() => parseFormat(''), /empty/);
    assert.throws(() => parseFormat('${version} ${version}'), /more than once/);
    assert.throws(() => parseFormat('${version'), /not \$\{field\}/);
  });

  it('a store can be built for any format', () => {
    assert.throws(() => new FlowLogStore(['nope']), /Unknown flow log field/);
    assert.equal(new FlowLogStore(['srcaddr']).count, 0);
  });
});

describe('flow log field catalogue', () => {
  it('has every field of versions 2 to 8 and the later ones, with their versions', () => {
    const expected: Record<number, string[]> = {
      2: [...DEFAULT_FIELDS],
      3: ['vpc-id', 'subnet-id', 'instance-id', 'tcp-flags', 'type', 'pkt-srcaddr', 'pkt-dstaddr'],
      4: ['region', 'az-id', 'sublocation-type', 'sublocation-id'],
      5: ['pkt-src-aws-service', 'pkt-dst-aws-service', 'flow-direction', 'traffic-path'],
      7: ['ecs-cluster-arn', 'ecs-cluster-name', 'ecs-container-instance-arn', 'ecs-container-instance-id', 'ecs-container-id',
        'ecs-second-container-id', 'ecs-service-name', 'ecs-task-definition-arn', 'ecs-task-arn', 'ecs-task-id'],
      8: ['reject-reason'],
    };
    for (const [version, names] of Object.entries(expected)) {
      for (const name of names) {
        assert.equal(fieldInfo(name)?.version, Number(version), name);
      }
    }
    assert.ok(fieldInfo('resource-id')!.version > 8);
    assert.ok(fieldInfo('encryption-status')!.version > 8);
    assert.equal(FIELDS.length, 42);
    assert.equal(new Set(FIELDS.map((f) => f.name)).size, FIELDS.length);
  });

  it('gives titles, descriptions, kinds and enum meanings', () => {
    assert.equal(fieldInfo('dstport')!.title, 'Destination port');
    for (const f of FIELDS) {
      assert.ok(f.title.length > 0 && /\.$/.test(f.description), f.name);
    }
    assert.equal(fieldInfo('srcaddr')!.kind, 'address');
    assert.equal(fieldInfo('interface-id')!.kind, 'id');
    assert.equal(fieldInfo('action')!.kind, 'enum');
    assert.ok(fieldInfo('tcp-flags')!.values!['2']!.startsWith('SYN'));
    assert.match(fieldInfo('traffic-path')!.values!['8']!, /internet gateway/);
    assert.deepEqual(Object.keys(fieldInfo('log-status')!.values!), ['OK', 'NODATA', 'SKIPDATA']);
    assert.deepEqual(Object.keys(fieldInfo('flow-direction')!.values!), ['ingress', 'egress']);
    assert.deepEqual(Object.keys(fieldInfo('type')!.values!), ['IPv4', 'IPv6', 'EFA']);
    assert.deepEqual(Object.keys(fieldInfo('action')!.values!), ['ACCEPT', 'REJECT']);
    assert.equal(fieldInfo('nope'), undefined);
  });

  it('knows which fields are numbers (the DESIGN.md list) and the version of a format', () => {
    const numeric = FIELDS.filter((f) => isNumericField(f.name)).map((f) => f.name).sort();
    assert.deepEqual(numeric, ['bytes', 'dstport', 'encryption-status', 'end', 'packets', 'protocol', 'srcport', 'start', 'tcp-flags', 'traffic-path', 'version']);
    assert.equal(formatVersion(DEFAULT_FIELDS), 2);
    assert.equal(formatVersion(['srcaddr', 'tcp-flags', 'region']), 4);
    assert.equal(formatVersion(['reject-reason']), 8);
  });
});
