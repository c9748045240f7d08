import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DEFAULT_FIELDS, parseFlowLogs, parseFormat } from '../../../src/flowlogs';
import { parseFile } from '../../../src/flowlogs/stream';
import { ALL_FIELDS_V8_FORMAT, CUSTOM_V5_FORMAT, SAMPLES, nonBlankLines, sample, sampleText } from './helpers';

describe('flow log samples', () => {
  it('parses the default-format tutorial sample: 400 records, no errors, typed values', () => {
    const text = sampleText('tutorial-vpc1-default.log');
    const store = parseFlowLogs(text);
    assert.deepEqual(store.fields, DEFAULT_FIELDS);
    assert.equal(store.count, 400);
    assert.equal(store.count, nonBlankLines(text));
    assert.deepEqual(store.errors, []);
    assert.deepEqual(store.toObjects()[0], {
      'version': 2, 'account-id': '123456789012', 'interface-id': 'eni-0a1b2c3d4e5f60718', 'srcaddr': '10.1.5.112',
      'dstaddr': '54.188.21.73', 'srcport': 0, 'dstport': 0, 'protocol': 1, 'packets': 38, 'bytes': 3192,
      'start': 1732694400, 'end': 1732694462, 'action': 'ACCEPT', 'log-status': 'OK',
    });
    // NODATA records: `-` becomes null, times stay numbers.
    const nodata = store.toObjects().find((o) => o['log-status'] === 'NODATA')!;
    assert.equal(nodata['srcaddr'], null);
    assert.equal(nodata['bytes'], null);
    assert.equal(nodata['action'], null);
    assert.equal(typeof nodata['start'], 'number');
    // Every record reconstructs as its original line.
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    for (let r = 0; r < store.count; r++) {
      assert.equal(store.line(r), lines[r]!.trim());
    }
  });

  it('parses custom-v5.log with its format from the samples README', () => {
    const store = parseFlowLogs(sampleText('custom-v5.log'), { format: CUSTOM_V5_FORMAT });
    assert.deepEqual(store.fields, parseFormat(CUSTOM_V5_FORMAT));
    assert.equal(store.count, 300);
    assert.deepEqual(store.errors, []);
    const o = store.record(1);
    assert.equal(o['version'], 5);
    assert.equal(o['vpc-id'], 'vpc-0abc1234def567890');
    assert.equal(o['bytes'], 124758);
    assert.equal(o['packets'], 239);
    assert.equal(o['tcp-flags'], 19);
    assert.equal(o['type'], 'IPv4');
    assert.equal(o['pkt-dst-aws-service'], 'AMAZON');
    assert.equal(o['flow-direction'], 'egress');
    assert.equal(o['traffic-path'], 8);
    assert.equal(store.record(0)['traffic-path'], null);
    assert.equal(store.record(0)['sublocation-type'], null);
  });

  it('without the format, custom-v5.log is 300 errors naming the field count, never wrong records', () => {
    const store = parseFlowLogs(sampleText('custom-v5.log'));
    assert.equal(store.count, 0);
    assert.equal(store.errors.length, 300);
    assert.match(store.errors[0]!.message, /Expected 14 fields, found 29/);
  });

  it('parses all-fields-v8.log with every version 2 to 8 field', () => {
    const text = sampleText('all-fields-v8.log');
    const store = parseFlowLogs(text, { format: ALL_FIELDS_V8_FORMAT });
    assert.equal(store.fields.length, 40);
    assert.equal(store.count, 60);
    assert.equal(store.count, nonBlankLines(text));
    assert.deepEqual(store.errors, []);
    const objects = store.toObjects();
    assert.ok(objects.every((o) => o['version'] === 8));
    const nodata = objects.find((o) => o['log-status'] === 'NODATA')!;
    assert.equal(nodata['srcaddr'], null);
    assert.equal(nodata['ecs-cluster-arn'], null);
    assert.equal(nodata['reject-reason'], null);
    for (let r = 0; r < store.count; r++) {
      assert.equal(store.line(r), text.split('\n')[r]!.trim());
    }
  });

  it('honours the header line of the gzipped S3 export (version 3 fields) from a file', async () => {
    const store = await parseFile(path.join(SAMPLES, 's3-export-v3.log.gz'));
    const header = sampleText('s3-export-v3.log.gz').split('\n')[0]!;
    assert.deepEqual(store.fields, header.split(' '));
    assert.equal(store.count, 300);
    assert.deepEqual(store.errors, []);
    assert.equal(store.record(0)['version'], 3);
    assert.equal(store.record(0)['pkt-srcaddr'], '89.115.95.34');
    assert.equal(store.lines, 301);
  });

  it('skips the S3 header when the same format is given explicitly, and flags a header for another format', () => {
    const text = sampleText('s3-export-v3.log.gz');
    const header = text.split('\n')[0]!;
    const store = parseFlowLogs(text, { format: header });
    assert.equal(store.count, 300);
    assert.deepEqual(store.errors, []);
    const other = parseFlowLogs(text, { format: `${header.split(' ').slice(0, -1).join(' ')}` });
    assert.ok(other.errors[0]!.line === 1 && /Header line for a different format/.test(other.errors[0]!.message), other.errors[0]?.message);
  });

  it('reads the gzipped export from bytes too (gunzipped by the caller)', () => {
    const store = parseFlowLogs(sample('s3-export-v3.log.gz'));
    assert.equal(store.count, 300);
    assert.equal(store.fields[1], 'vpc-id');
  });

  it('reports each malformed line with its line number and what is wrong; keeps the good lines', () => {
    const store = parseFlowLogs(sampleText('malformed.log'));
    const errors = store.errors.map((e) => [e.line, e.message] as const);
    assert.deepEqual(errors.map(([line]) => line), [2, 3, 5, 7, 9, 10]);
    const message = new Map(errors);
    assert.match(message.get(2)!, /Expected 14 fields, found 13: 1 field missing/);
    assert.match(message.get(3)!, /^dstport: "twenty-two" is not a number$/);
    assert.match(message.get(5)!, /Expected 14 fields, found 15: 1 field too many/);
    assert.match(message.get(7)!, /not a flow log record/);
    assert.match(message.get(9)!, /^action: "MAYBE" is not ACCEPT, REJECT or -$/);
    assert.match(message.get(10)!, /^dstport: "99999" is out of range \(0-65535\)$/);
    // The markup line comes back as text to show, never interpreted.
    assert.equal(store.errors.find((e) => e.line === 7)!.text, '<html><script>alert(1)</script></html>');
    // Lines 1, 6, 8 (doubled spaces) and 11 (CRLF) are records; line 4 (blank) is neither.
    assert.equal(store.count, 4);
    const objects = store.toObjects();
    assert.deepEqual(objects.map((o) => o['start']), [1732694400, 1732694460, 1732694520, 1732694700]);
    assert.equal(objects[1]!['action'], 'REJECT');
    assert.equal(objects[3]!['log-status'], 'OK');
    assert.equal(store.errorCount, 6);
    assert.equal(store.lines, 11);
  });
});
