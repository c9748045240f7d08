import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { ADDRESS_FIELDS, flowLogFieldOf, insightsFieldName } from '../../../src/insights/core/fields';
import { FormatError } from '../../../src/flowlogs/format';
import { FIELDS } from '../../../src/flowlogs/fields';
import { availableInsightsFields, formatFields, isDefaultLogFormat, parseClause, withParsePrefix } from '../../../src/insights/core/parsePrefix';
import { SAMPLE_FORMATS } from './formats';

const samples = path.join(__dirname, '..', '..', '..', '..', 'samples');
const DEFAULT = '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}';

function sampleLines(file: string): string[] {
  const buffer = fs.readFileSync(path.join(samples, file));
  const text = file.endsWith('.gz') ? zlib.gunzipSync(buffer).toString('utf8') : buffer.toString('utf8');
  return text.split(/\r?\n/).filter((l) => l.trim() !== '' && !/^version /.test(l));
}

/**
 * Applies a generated `parse @message "<glob>" as a, b, ...` the way Logs Insights' glob mode does:
 * each `*` matches as little as possible up to the literal text that follows it; the last one takes the
 * rest of the message.
 */
function applyGlobParse(clause: string, message: string): Record<string, string> | undefined {
  const m = /^parse @message "([^"]*)" as (.+)$/.exec(clause);
  assert.ok(m, `not a glob parse clause: ${clause}`);
  const names = m[2]!.split(',').map((n) => n.trim());
  const parts = m[1]!.split('*');
  const pattern = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(.*?)');
  const match = new RegExp(`^${pattern.replace(/\(\.\*\?\)$/, '(.*)')}$`).exec(message);
  if (!match) {
    return undefined;
  }
  return Object.fromEntries(names.map((n, i) => [n, match[i + 1]!]));
}

describe('Insights parse prefix for custom record formats', () => {
  it('treats an absent, empty or default format as the default: no prefix', () => {
    assert.ok(isDefaultLogFormat(undefined));
    assert.ok(isDefaultLogFormat(''));
    assert.ok(isDefaultLogFormat(DEFAULT));
    assert.ok(isDefaultLogFormat(`  ${DEFAULT.replace(/ /g, '   ')} `));
    assert.equal(parseClause(DEFAULT), undefined);
    assert.equal(withParsePrefix('stats count(*) by srcAddr', DEFAULT), 'stats count(*) by srcAddr');
    assert.ok(!isDefaultLogFormat('${srcaddr} ${dstaddr}'));
  });

  it('names the fields as Logs Insights discovers them for the default format', () => {
    const clause = parseClause('${version} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${start} ${end} ${log-status} ${tcp-flags} ${pkt-src-aws-service}');
    assert.equal(clause, 'parse @message "* * * * * * * * * *" as version, srcAddr, dstAddr, srcPort, dstPort, startTime, endTime, logStatus, tcpFlags, pktSrcAwsService');
    assert.equal(insightsFieldName('account-id'), 'accountId');
    assert.equal(insightsFieldName('some-future-field'), 'someFutureField');
  });

  it('names the packet addresses like the other addresses, so clicking them in results works', () => {
    assert.equal(insightsFieldName('pkt-srcaddr'), 'pktSrcAddr');
    assert.equal(insightsFieldName('pkt-dstaddr'), 'pktDstAddr');
    assert.equal(flowLogFieldOf('pktDstAddr'), 'pkt-dstaddr');
    assert.equal(flowLogFieldOf('startTime'), 'start');
    for (const name of ADDRESS_FIELDS) {
      assert.ok(flowLogFieldOf(name), `${name} is not the Insights name of any flow log field`);
    }
  });

  for (const [name, file] of [['custom-v5', 'custom-v5.log'], ['all-fields-v8', 'all-fields-v8.log'], ['s3-export-v3', 's3-export-v3.log.gz']] as const) {
    it(`puts every value of ${file} under the right name`, () => {
      const format = SAMPLE_FORMATS[name]!;
      const clause = parseClause(format)!;
      const fields = formatFields(format);
      const lines = sampleLines(file);
      assert.ok(lines.length > 3);
      for (const line of lines) {
        const parsed = applyGlobParse(clause, line);
        assert.ok(parsed, `no match: ${line}`);
        const tokens = line.split(' ');
        assert.equal(tokens.length, fields.length, `sample line has ${tokens.length} values for ${fields.length} fields`);
        fields.forEach((field, i) => assert.equal(parsed[insightsFieldName(field)], tokens[i], `${field} in ${line}`));
      }
      const first = applyGlobParse(clause, lines[0]!)!;
      assert.match(first['srcAddr']!, /^[\d.]+$|^-$/);
      assert.match(first['interfaceId']!, /^eni-/);
    });
  }

  it('puts the prefix before the first command, after leading comments', () => {
    const format = SAMPLE_FORMATS['custom-v5']!;
    const clause = parseClause(format)!;
    assert.equal(withParsePrefix('stats count(*) by srcAddr', format), `${clause}\n| stats count(*) by srcAddr`);
    assert.equal(withParsePrefix('# top talkers\n# logGroups: a\nstats count(*) by srcAddr', format), `# top talkers\n# logGroups: a\n${clause}\n| stats count(*) by srcAddr`);
    assert.equal(withParsePrefix('', format), clause);
    // Running a query from the history again does not stack a second prefix.
    const once = withParsePrefix('stats count(*) by srcAddr', format);
    assert.equal(withParsePrefix(once, format), once);
  });

  it('lists the fields a format provides', () => {
    assert.ok(availableInsightsFields(undefined).has('srcAddr'));
    assert.ok(!availableInsightsFields(undefined).has('tcpFlags'));
    assert.ok(availableInsightsFields(SAMPLE_FORMATS['custom-v5']).has('flowDirection'));
  });

  it('refuses formats that would put values under wrong names', () => {
    assert.throws(() => formatFields(''), FormatError);
    assert.throws(() => formatFields('${srcaddr} $dstaddr'), /not \$\{field\}/);
    assert.throws(() => formatFields('${srcaddr} ${nope}'), /unknown field: \$\{nope\}/);
    assert.throws(() => formatFields('${srcaddr} ${srcaddr}'), /more than once/);
  });

  it('has an Insights name for every field of the flow log engine, matching its discovered names', () => {
    for (const field of FIELDS) {
      const name = insightsFieldName(field.name);
      assert.match(name, /^[a-z][A-Za-z]*$/, field.name);
      // The guide lists startTime/endTime among the discovered flow log fields; everything else agrees.
      if (field.insightsName) {
        assert.equal(name, field.insightsName, field.name);
      }
    }
    assert.equal(new Set(FIELDS.map((f) => insightsFieldName(f.name))).size, FIELDS.length, 'names are unique');
  });
});
