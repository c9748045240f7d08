import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { DEFAULT_FIELDS, DEFAULT_FORMAT } from '../../../src/flowlogs';
import { analyzeFlowLogText, problemRange } from '../../../src/editor/analysis';
import { lineValues, sameValueOffsets, valueAt } from '../../../src/editor/columns';
import { fittingFormats, formatSummary } from '../../../src/flowlogs/formatFit';
import { resolveDocumentFormat } from '../../../src/editor/formatResolution';
import { gunzipText } from '../../../src/editor/gunzip';
import { code, flowLogHover } from '../../../src/editor/hoverContent';
import { parseAwsIpRanges } from '../../../src/flowlogs/awsRanges';

const samples = path.join(__dirname, '..', '..', '..', '..', 'samples');
const read = (file: string): string => fs.readFileSync(path.join(samples, file), 'utf8');
const s3Text = (): string => zlib.gunzipSync(fs.readFileSync(path.join(samples, 's3-export-v3.log.gz'))).toString('utf8');

const ACCEPT_SSH = '2 123456789012 eni-0a1b2c3d4e5f60718 18.237.140.165 10.1.5.112 43416 22 6 4 344 1732694400 1732694460 ACCEPT OK';
const REJECT_RDP = '2 123456789012 eni-0a1b2c3d4e5f60718 89.60.157.144 10.1.5.112 54509 3389 6 1 40 1732694462 1732694523 REJECT OK';
const DEFAULT = resolveDocumentFormat(ACCEPT_SSH);

/** The character offset of the middle of value `column` (0-based). */
function at(line: string, column: number): number {
  const value = lineValues(line)[column]!;
  return value.start + 1;
}

function hover(line: string, column: number, format = DEFAULT, lineNumber = 5): string {
  const result = flowLogHover(line, lineNumber, at(line, column), format, { timeZone: 'Europe/Paris', locale: 'en-GB', documentUri: 'file:///x.log' });
  assert.ok(result, `no hover for value ${column + 1} of ${line}`);
  return result.markdown;
}

describe('editor: values under the cursor', () => {
  it('finds values and their offsets across doubled spaces, tabs and a CR', () => {
    const values = lineValues('2  123\teni-1 \r');
    assert.deepEqual(values.map((v) => [v.text, v.start, v.end, v.column]), [['2', 0, 1, 0], ['123', 3, 6, 1], ['eni-1', 7, 12, 2]]);
  });

  it('returns the value under or just after the cursor, and nothing on the spaces between', () => {
    assert.equal(valueAt('ab  cd', 0)?.text, 'ab');
    assert.equal(valueAt('ab  cd', 2)?.text, 'ab');
    assert.equal(valueAt('ab  cd', 3), undefined);
    assert.equal(valueAt('ab  cd', 4)?.text, 'cd');
    assert.equal(valueAt('', 0), undefined);
  });
});

describe('editor: the same value elsewhere', () => {
  it('finds whole values only, up to a limit', () => {
    const text = '2 10.2.15.210 2\r\n2\t22 -2';
    assert.deepEqual(sameValueOffsets(text, '2', 10), [0, 14, 17]);
    assert.deepEqual(sameValueOffsets(text, '2', 2), [0, 14]);
    assert.deepEqual(sameValueOffsets(text, '10.2.15.210', 10), [2]);
    assert.deepEqual(sameValueOffsets(text, '', 10), []);
  });
});

describe('editor: the format of a document', () => {
  const custom = '${version} ${srcaddr} ${dstaddr} ${action}';

  it('uses the chosen format first, then a known one, then the header line, then the default', () => {
    const header = s3Text().split('\n')[0]!;
    assert.deepEqual(resolveDocumentFormat(header, custom, DEFAULT_FORMAT).fields, ['version', 'srcaddr', 'dstaddr', 'action']);
    assert.equal(resolveDocumentFormat(header, undefined, custom).source, 'known');
    const fromHeader = resolveDocumentFormat(header);
    assert.equal(fromHeader.source, 'header');
    assert.deepEqual(fromHeader.fields, header.split(' '));
    assert.equal(fromHeader.headerLine, 0);
    assert.equal(resolveDocumentFormat(ACCEPT_SSH).source, 'default');
    assert.deepEqual(resolveDocumentFormat(ACCEPT_SSH).fields, DEFAULT_FIELDS);
    assert.equal(resolveDocumentFormat(ACCEPT_SSH).headerLine, undefined);
  });

  it('falls back, and says why, when a chosen format cannot be used', () => {
    const format = resolveDocumentFormat(ACCEPT_SSH, '${version} ${no-such-field}');
    assert.equal(format.source, 'default');
    assert.match(format.problem ?? '', /no-such-field/);
  });

  it('keeps the names of a header line with an unknown field and reports it', () => {
    const format = resolveDocumentFormat('version account-id interface-id mystery-field', undefined, undefined, 3);
    assert.equal(format.source, 'header');
    assert.equal(format.headerLine, 3);
    assert.match(format.problem ?? '', /mystery-field/);
  });
});

describe('editor: formats that fit', () => {
  // The formats samples/README gives for its custom-format files.
  const CUSTOM_V5 =
    '${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status} ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${flow-direction} ${traffic-path}';
  const ALL_V8 = `${CUSTOM_V5} \${ecs-cluster-arn} \${ecs-cluster-name} \${ecs-container-instance-arn} \${ecs-container-instance-id} \${ecs-container-id} \${ecs-second-container-id} \${ecs-service-name} \${ecs-task-definition-arn} \${ecs-task-arn} \${ecs-task-id} \${reject-reason}`;

  it('finds the one well-known format that reads every line of each custom-format sample', () => {
    assert.deepEqual(fittingFormats(read('custom-v5.log').split('\n')), [CUSTOM_V5]);
    assert.deepEqual(fittingFormats(read('all-fields-v8.log').split('\n')), [ALL_V8]);
    assert.deepEqual(fittingFormats(read('tutorial-vpc1-default.log').split('\n')), [DEFAULT_FORMAT]);
    const s3 = s3Text().split('\n');
    assert.deepEqual(fittingFormats(s3), [`\${${s3[0]!.split(' ').join('} ${')}}`]);
  });

  it('offers nothing when some line fits no format, or there are no records', () => {
    assert.deepEqual(fittingFormats(read('malformed.log').split('\n')), []);
    assert.deepEqual(fittingFormats(['', '  ']), []);
    // Right number of fields, wrong kinds of values.
    assert.deepEqual(fittingFormats([ACCEPT_SSH.replace('ACCEPT', 'MAYBE')]), []);
  });

  it('summarises a format by size, version and first fields', () => {
    assert.equal(formatSummary(CUSTOM_V5), '29 fields, version 5: version vpc-id subnet-id instance-id …');
  });
});

describe('editor: hovers', () => {
  it('names the dstport column of a default-format line and its service', () => {
    const text = hover(ACCEPT_SSH, 6);
    assert.match(text, /^\*\*dstport\*\*: Destination port · column 7 of 14/);
    assert.match(text, /`22` → SSH/);
    assert.match(text, /the default format/);
    assert.match(hover(ACCEPT_SSH, 5), /\*\*srcport\*\*/);
  });

  it('names a public address from AWS\'s IP ranges when they are at hand', () => {
    const ranges = parseAwsIpRanges(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'ip-ranges.json'), 'utf8'));
    const awsRange = (address: string): string | undefined => ranges.label(address);
    const named = flowLogHover(ACCEPT_SSH, 5, at(ACCEPT_SSH, 3), DEFAULT, { awsRange })?.markdown ?? '';
    assert.match(named, /`18\.237\.140\.165` → A public AWS address: EC2\\_INSTANCE\\_CONNECT, us-west-2/);
    // Private addresses are never looked up.
    assert.match(flowLogHover(ACCEPT_SSH, 5, at(ACCEPT_SSH, 4), DEFAULT, { awsRange })?.markdown ?? '', /A private address/);
    assert.match(flowLogHover(REJECT_RDP, 5, at(REJECT_RDP, 3), DEFAULT, { awsRange })?.markdown ?? '', /`89\.60\.157\.144` → A public address/);
  });

  it('decodes the protocol, the addresses, bytes and both timestamps in UTC and local time', () => {
    assert.match(hover(ACCEPT_SSH, 7), /TCP \(IANA protocol 6\)/);
    assert.match(hover(ACCEPT_SSH, 3), /public address/);
    assert.match(hover(ACCEPT_SSH, 4), /private address/);
    const start = hover(ACCEPT_SSH, 10);
    assert.match(start, /2024-11-27T08:00:00Z/);
    // Paris is UTC+1 in November.
    assert.match(start, /local time 27\/11\/2024, 0?9:00:00 CET/);
    assert.match(hover(ACCEPT_SSH, 11), /60 s after start/);
    const big = ACCEPT_SSH.replace(' 344 ', ' 1572864 ');
    assert.match(hover(big, 9), /1\.5 MiB/);
  });

  it('names columns from the S3 header line of an export and explains the header itself', () => {
    const lines = s3Text().split('\n');
    const format = resolveDocumentFormat(lines[0]!);
    const header = lines[0]!.split(' ');
    const column = header.indexOf('tcp-flags');
    const flags = lines[3]!.split(' ')[column]!;
    const text = hover(lines[3]!, column, format, 3);
    assert.match(text, /\*\*tcp-flags\*\*/);
    assert.match(text, /the file's header line/);
    // 19 = FIN + SYN + ACK (aws-facts.md).
    assert.equal(flags, '19');
    assert.match(text, /FIN, SYN, ACK/);
    assert.match(hover(lines[0]!, header.indexOf('pkt-srcaddr'), format, 0), /\*\*pkt-srcaddr\*\*: Packet source address · column 12 of 21 of the header line/);
  });

  it('reminds on every value of a REJECT line what rejects traffic, and not on ACCEPT lines', () => {
    for (const column of [0, 3, 6, 12]) {
      const text = hover(REJECT_RDP, column);
      assert.match(text, /\*\*Rejected\*\* by a \*\*security group\*\*/);
      assert.match(text, /network ACL/);
    }
    for (const column of [0, 3, 12]) {
      assert.doesNotMatch(hover(ACCEPT_SSH, column), /Rejected/);
    }
    assert.match(hover(REJECT_RDP, 6), /RDP/);
  });

  it('gives the reject reason instead when the record has one', () => {
    const format = resolveDocumentFormat('', '${version} ${srcaddr} ${action} ${reject-reason}');
    const text = hover('8 203.0.113.9 REJECT BPA', 1, format);
    assert.match(text, /Block Public Access/);
    assert.doesNotMatch(text, /security group/);
  });

  it('explains the placeholder and warns about values the format has no field for', () => {
    const nodata = '2 123456789012 eni-0a1b2c3d4e5f60718 - - - - - - - 1732694462 1732694523 - NODATA';
    assert.match(hover(nodata, 3), /No value/);
    assert.match(hover(nodata, 13), /no network traffic/);
    const extra = `${ACCEPT_SSH} extra`;
    assert.match(hover(extra, 14), /Value 15 has no field/);
    assert.match(hover(extra, 6), /15 values but the default format has 14 fields/);
  });

  it('shows markup in a bad line as code, never as HTML', () => {
    const line = '<html><script>alert(1)</script></html>';
    const text = hover(line, 0);
    assert.ok(text.includes(code(line)));
    assert.ok(!text.replace(code(line), '').includes('<script>'));
    assert.equal(code('a`b'), '``a`b``');
  });

  it('links to the command that sets the format of the hovered file', () => {
    assert.match(hover(ACCEPT_SSH, 0), /\(command:vpcFlowLogs\.setDocumentFormat\?%5B%22file%3A%2F%2F%2Fx\.log%22%5D /);
  });

  it('has nothing to say between values', () => {
    const spaced = ACCEPT_SSH.replace(' ', '   ');
    assert.equal(flowLogHover(spaced, 0, 2, DEFAULT), undefined);
    assert.match(flowLogHover(spaced, 0, 1, DEFAULT)?.markdown ?? '', /\*\*version\*\*/);
  });
});

describe('editor: document counts and problems', () => {
  it('counts the records and REJECTs of each sample the way a reader of the lines would', () => {
    for (const [file, text, format] of [
      ['tutorial-vpc1-default.log', read('tutorial-vpc1-default.log'), undefined],
      ['s3-export-v3.log.gz', s3Text(), undefined],
    ] as const) {
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      const header = lines[0]!.startsWith('version') ? lines[0]!.split(' ') : DEFAULT_FIELDS;
      const records = lines.filter((l) => !l.startsWith('version'));
      const rejects = records.filter((l) => l.split(' ')[header.indexOf('action')] === 'REJECT').length;
      const analysis = analyzeFlowLogText(text, format);
      assert.equal(analysis.records, records.length, file);
      assert.equal(analysis.rejects, rejects, file);
      assert.ok(rejects > 0 && rejects < records.length, `${file}: ${rejects} of ${records.length}`);
      assert.equal(analysis.errorCount, 0, file);
    }
  });

  it('reports the bad lines of the malformed sample with 1-based line numbers', () => {
    const analysis = analyzeFlowLogText(read('malformed.log'));
    assert.deepEqual(analysis.errors.map((e) => e.line), [2, 3, 5, 7, 9, 10]);
    assert.equal(analysis.records, 4);
  });

  it('keeps at most the asked number of problems but counts them all', () => {
    const analysis = analyzeFlowLogText(read('custom-v5.log'), undefined, 10);
    assert.equal(analysis.errors.length, 10);
    assert.equal(analysis.errorCount, 300);
  });

  it('points a problem at the bad value, the extra values, or the whole line', () => {
    const lines = read('malformed.log').split('\n');
    const range = (n: number, message: string): string => {
      const { start, end } = problemRange(message, lines[n - 1]!, DEFAULT_FIELDS);
      return lines[n - 1]!.slice(start, end);
    };
    assert.equal(range(3, 'dstport: "twenty-two" is not a number'), 'twenty-two');
    assert.equal(range(5, 'Expected 14 fields, found 15: 1 field too many'), 'extra');
    assert.equal(range(7, 'Expected 14 fields, found 1: not a flow log record'), lines[6]);
    assert.equal(range(2, 'Expected 14 fields, found 13: 1 field missing'), lines[1]);
  });
});

describe('editor: gzip', () => {
  it('decompresses an S3 export and refuses data that is too big or not gzip', async () => {
    const data = fs.readFileSync(path.join(samples, 's3-export-v3.log.gz'));
    assert.equal(await gunzipText(data), s3Text());
    await assert.rejects(gunzipText(data, 1000), /larger than/);
    await assert.rejects(gunzipText(Buffer.from('not gzip at all')), /not gzip/);
  });
});

describe('editor: the REJECT hover links to the explanation', () => {
  const link = /\[\$\(question\) Why was this rejected\?\]\(command:vpcFlowLogs\.explainRecord\?([^ ]+) /;
  const withCommand = (line: string): string => flowLogHover(line, 5, at(line, 3), DEFAULT, { explainCommand: 'vpcFlowLogs.explainRecord' })?.markdown ?? '';

  it('passes the whole record to the command on a REJECT line', () => {
    const match = link.exec(withCommand(REJECT_RDP));
    assert.ok(match, 'no link');
    const [argument] = JSON.parse(decodeURIComponent(match[1]!)) as [{ record: Record<string, string> }];
    assert.deepEqual(argument.record, Object.fromEntries(DEFAULT_FIELDS.map((f, i) => [f, REJECT_RDP.split(' ')[i]])));
  });

  it('has no link on ACCEPT lines, on lines that do not fit the format, or without the command', () => {
    assert.doesNotMatch(withCommand(ACCEPT_SSH), /Why was this rejected/);
    assert.doesNotMatch(withCommand(`${REJECT_RDP} extra`), /Why was this rejected/);
    assert.doesNotMatch(flowLogHover(REJECT_RDP, 5, at(REJECT_RDP, 3), DEFAULT)?.markdown ?? '', /Why was this rejected/);
  });
});
