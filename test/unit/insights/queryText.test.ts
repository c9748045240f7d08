import * as assert from 'node:assert/strict';
import {
  chartHint,
  checkQuery,
  commandsOf,
  fillPlaceholders,
  formatHeader,
  isEmptyQuery,
  parseHeader,
  placeholdersOf,
  setHeader,
  splitLeadingComments,
  stripComments,
  withoutHeader,
} from '../../../src/insights/core/queryText';
import { describeTimeRange, formatTimeRange, parseTimeRange, resolveTimeRange } from '../../../src/insights/core/timeRange';

const messages = (q: string): string[] => checkQuery(q).map((p) => p.message);

describe('Insights query text', () => {
  it('accepts balanced queries with strings, regexes, backticks, comments and division', () => {
    for (const q of [
      'fields @timestamp, @message | sort @timestamp desc | limit 20',
      'parse @message /(?<NetworkInterface>eni-.*?) / | display NetworkInterface, @message',
      'parse @message "user=*, method:*, latency := *" as @user, @method, @latency | stats avg(@latency) by @method, @user',
      'filter f1 like /(?i)Exception/ | fields f1',
      'filter `foo-bar` = "a|b" # a comment with ( and "',
      'stats sum(bytes) / 1024 as kib by bin(5m)',
      'filter tlsDetails.tlsVersion in [ "TLSv1", "TLSv1.1" ] | stats count(*) by eventSource',
      'filter srcAddr =~ /^10\\./ and dstPort != 22',
    ]) {
      assert.deepEqual(checkQuery(q), [], q);
    }
  });

  it('reports what is unbalanced, and where', () => {
    assert.deepEqual(messages('stats count(* by srcAddr'), ['"(" is never closed']);
    assert.deepEqual(messages('stats count(*)) by srcAddr'), ['Unmatched ")"']);
    assert.deepEqual(messages('filter action = "REJECT'), ['Unterminated string']);
    assert.deepEqual(messages('filter f like /abc'), ['Unterminated regular expression']);
    assert.deepEqual(messages('filter a in [1, 2)'), ['")" closes "[" opened at offset 12']);
    assert.deepEqual(messages('filter x = 1 | | stats count(*)'), ['Empty command between pipes']);
    assert.deepEqual(messages('| stats count(*)'), ['The query starts with "|"']);
    assert.deepEqual(messages('stats count(*) |'), ['The query ends with "|"']);
    assert.equal(checkQuery('stats count(* by srcAddr')[0]!.offset, 11);
  });

  it('lists the commands of a query', () => {
    assert.deepEqual(commandsOf('# c\nfilter a = 1\n| stats count(*) by b | sort c desc | limit 3'), ['filter', 'stats', 'sort', 'limit']);
    assert.deepEqual(commandsOf('FIELDS @message | PARSE @message "* [*] *" as a, b, c'), ['fields', 'parse']);
  });

  it('strips comments but not a # inside a string', () => {
    assert.equal(stripComments('# header\nfilter a = "#1" # note\n| limit 2'), 'filter a = "#1"\n| limit 2');
    assert.ok(isEmptyQuery('# only\n# comments\n'));
    assert.ok(!isEmptyQuery('# c\nlimit 1'));
    assert.deepEqual(splitLeadingComments('# a\n\n# b\nstats x'), { comments: '# a\n\n# b\n', body: 'stats x' });
  });

  it('fills placeholders, and refuses to leave one unfilled', () => {
    assert.deepEqual(placeholdersOf('a {{cidrA}} b {{cidrB}} {{cidrA}}'), ['cidrA', 'cidrB']);
    assert.equal(fillPlaceholders('filter isIpv4InSubnet(srcAddr, "{{subnet}}")', { subnet: '10.0.0.0/8' }), 'filter isIpv4InSubnet(srcAddr, "10.0.0.0/8")');
    assert.equal(fillPlaceholders('x = "{{v}}"', { v: 'a"b\\' }), 'x = "ab"');
    assert.throws(() => fillPlaceholders('{{a}}', {}), /\{\{a\}\} has no value/);
  });

  it('reads and writes query file headers', () => {
    const text = '# name: Top talkers\n# logGroups: /vpc/a, /vpc/b\n# logGroups: /vpc/c\n# range: 1h\n# definition: d-1\n# my note\nstats count(*) by srcAddr\n';
    assert.deepEqual(parseHeader(text), { name: 'Top talkers', logGroups: ['/vpc/a', '/vpc/b', '/vpc/c'], range: '1h', definitionId: 'd-1' });
    assert.deepEqual(parseHeader('stats count(*)\n# logGroups: later'), {});
    assert.equal(formatHeader({ logGroups: ['a'], range: '15m' }), '# logGroups: a\n# range: 15m\n');
    const updated = setHeader(text, { range: '1d', definitionId: undefined });
    assert.deepEqual(parseHeader(updated), { name: 'Top talkers', logGroups: ['/vpc/a', '/vpc/b', '/vpc/c'], range: '1d' });
    assert.match(updated, /# my note\nstats count\(\*\) by srcAddr/);
    assert.equal(withoutHeader(text), '# my note\nstats count(*) by srcAddr');
    assert.equal(setHeader('stats x', { logGroups: ['g'] }), '# logGroups: g\nstats x');
    // A title comment above the header stays first (it names an untitled editor).
    assert.equal(setHeader('# Top talkers\n# range: 1h\n# note\nstats x', { logGroups: ['g'] }), '# Top talkers\n# logGroups: g\n# range: 1h\n# note\nstats x');
    assert.equal(setHeader('# Top talkers\nstats x', { range: '1h' }), '# Top talkers\n# range: 1h\nstats x');
  });

  it('tells time charts from bar charts', () => {
    assert.equal(chartHint('stats sum(bytes) as b by bin(5m)'), 'time');
    assert.equal(chartHint('filter logStatus="SKIPDATA" | stats count(*) by bin(1h) as t | sort t'), 'time');
    assert.equal(chartHint('stats sum(bytes) as b by srcAddr, dstAddr | sort b desc'), 'bar');
    assert.equal(chartHint('stats count(*)'), 'none');
    assert.equal(chartHint('fields @timestamp | limit 5 # stats x by y'), 'none');
  });
});

describe('Insights time ranges', () => {
  it('reads presets and absolute ranges, and writes them back', () => {
    assert.deepEqual(parseTimeRange('15m'), { kind: 'relative', seconds: 900 });
    assert.deepEqual(parseTimeRange('1w'), { kind: 'relative', seconds: 604800 });
    assert.deepEqual(parseTimeRange('2024-11-27T08:00:00Z/2024-11-27T09:00:00Z'), { kind: 'absolute', start: 1732694400, end: 1732698000 });
    assert.deepEqual(parseTimeRange('2024-11-27 08:00/2024-11-27 09:00'), { kind: 'absolute', start: 1732694400, end: 1732698000 });
    assert.deepEqual(parseTimeRange('2024-11-27T09:00:00+01:00/2024-11-27T10:00:00+01:00'), { kind: 'absolute', start: 1732694400, end: 1732698000 });
    for (const bad of ['', '0m', '5x', '2024-11-27T09:00Z/2024-11-27T08:00Z', 'yesterday']) {
      assert.equal(parseTimeRange(bad), undefined, bad);
    }
    assert.equal(formatTimeRange({ kind: 'relative', seconds: 7200 }), '2h');
    assert.equal(formatTimeRange({ kind: 'relative', seconds: 86400 }), '1d');
    assert.equal(formatTimeRange({ kind: 'absolute', start: 1732694400, end: 1732698000 }), '2024-11-27T08:00:00Z/2024-11-27T09:00:00Z');
    assert.equal(describeTimeRange({ kind: 'relative', seconds: 3600 }), 'last hour');
    assert.equal(describeTimeRange({ kind: 'absolute', start: 1732694400, end: 1732698000 }), '2024-11-27 08:00 to 09:00 UTC');
  });

  it('resolves to StartQuery seconds', () => {
    assert.deepEqual(resolveTimeRange({ kind: 'relative', seconds: 3600 }, 1_732_698_000_500), { startTime: 1732694400, endTime: 1732698000 });
    assert.deepEqual(resolveTimeRange({ kind: 'absolute', start: 1, end: 2 }, 0), { startTime: 1, endTime: 2 });
  });
});
