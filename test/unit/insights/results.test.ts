import * as assert from 'node:assert/strict';
import { MAX_HISTORY, addToHistory, parseHistory, updateHistory, type HistoryEntry } from '../../../src/insights/core/history';
import { MAX_LOG_GROUPS, formatOf, groupByFormat, orderLogGroups, selectionProblem } from '../../../src/insights/core/logGroups';
import { chartFor, parseInsightsTimestamp, toCsv, toJson, toTable } from '../../../src/insights/core/results';
import { SAMPLE_FORMATS } from './formats';

const r = (pairs: Record<string, string>): { field: string; value: string }[] => Object.entries(pairs).map(([field, value]) => ({ field, value }));

describe('Insights results', () => {
  it('builds a table in order of first appearance, without @ptr, with a kind per column', () => {
    const table = toTable([
      [...r({ srcAddr: '10.1.5.112', dstAddr: '18.237.140.165', bytesTransferred: '124758' }), { field: '@ptr', value: 'CmAK...' }],
      r({ srcAddr: '10.1.5.112', dstAddr: '10.1.0.2', bytesTransferred: '75', action: 'ACCEPT' }),
    ]);
    assert.deepEqual(table.columns.map((c) => `${c.field}:${c.kind}`), ['srcAddr:address', 'dstAddr:address', 'bytesTransferred:bytes', 'action:action']);
    assert.deepEqual(table.rows, [
      ['10.1.5.112', '18.237.140.165', '124758', null],
      ['10.1.5.112', '10.1.0.2', '75', 'ACCEPT'],
    ]);
    const kinds = toTable([r({ 'count(*)': '3', dstPort: '22', protocol: '6', interfaceId: 'eni-1', 'avg(bytes)': '12.5', logStatus: 'OK', '@timestamp': '2024-11-27 08:00:00.000', t: 'x1' })]).columns.map((c) => c.kind);
    assert.deepEqual(kinds, ['count', 'port', 'protocol', 'interface', 'bytes', 'status', 'text', 'text']);
  });

  it('charts stats-by results as bars labelled by the group fields', () => {
    const query = 'stats sum(bytes) as bytesTransferred by srcAddr, dstAddr | sort bytesTransferred desc | limit 10';
    const table = toTable([r({ srcAddr: 'a', dstAddr: 'b', bytesTransferred: '30' }), r({ srcAddr: 'c', dstAddr: 'd', bytesTransferred: '20' })]);
    assert.deepEqual(chartFor(query, table), {
      kind: 'bar',
      valueField: 'bytesTransferred',
      valueKind: 'bytes',
      bars: [
        { label: 'a → b', value: 30, row: 0 },
        { label: 'c → d', value: 20, row: 1 },
      ],
    });
    assert.equal(chartFor('fields @timestamp | limit 5', table), undefined);
    assert.equal(chartFor(query, toTable([])), undefined);
  });

  it('charts bin() results over time, summing other groups per bin', () => {
    assert.equal(parseInsightsTimestamp('2024-11-27 08:05:00.000'), 1732694700);
    const query = 'stats sum(bytes) as b by bin(5m), action';
    const table = toTable([
      r({ 'bin(5m)': '2024-11-27 08:05:00.000', action: 'ACCEPT', b: '10' }),
      r({ 'bin(5m)': '2024-11-27 08:00:00.000', action: 'ACCEPT', b: '5' }),
      r({ 'bin(5m)': '2024-11-27 08:05:00.000', action: 'REJECT', b: '1' }),
    ]);
    assert.deepEqual(chartFor(query, table), {
      kind: 'time',
      timeField: 'bin(5m)',
      times: [1732694400, 1732694700],
      series: [{ field: 'b', kind: 'number', values: [5, 11] }],
    });
  });

  it('exports CSV (RFC 4180, formula-safe) and JSON', () => {
    const table = toTable([r({ a: 'x,y', b: '-1' }), r({ a: '=cmd()', b: 'say "hi"' })]);
    assert.equal(toCsv(table), 'a,b\r\n"x,y",-1\r\n\'=cmd(),"say ""hi"""\r\n');
    assert.deepEqual(JSON.parse(toJson(table)), [
      { a: 'x,y', b: '-1' },
      { a: '=cmd()', b: 'say "hi"' },
    ]);
  });
});

describe('Insights history', () => {
  const entry = (query: string, ranAt: number): HistoryEntry => ({ query, logGroups: ['g'], range: '1h', ranAt });

  it('keeps the last 50, newest first, without repeats', () => {
    let history: HistoryEntry[] = [];
    for (let i = 0; i < 60; i++) {
      history = addToHistory(history, entry(`q${i}`, i));
    }
    assert.equal(history.length, MAX_HISTORY);
    assert.equal(history[0]!.query, 'q59');
    history = addToHistory(history, entry('q30', 100));
    assert.equal(history.length, MAX_HISTORY);
    assert.equal(history[0]!.ranAt, 100);
    assert.equal(history.filter((e) => e.query === 'q30').length, 1);
    history = updateHistory(history, 100, { status: 'Complete', rows: 7 });
    assert.equal(history[0]!.rows, 7);
  });

  it('reads stored state defensively', () => {
    assert.deepEqual(parseHistory(undefined), []);
    assert.deepEqual(parseHistory([{ query: 'q', logGroups: ['a', 3], range: '1h', ranAt: 1, rows: 'x' }, { nope: 1 }]), [{ query: 'q', logGroups: ['a'], range: '1h', ranAt: 1 }]);
  });
});

describe('Insights log group choice', () => {
  const custom = SAMPLE_FORMATS['custom-v5']!;
  it('puts flow log groups first', () => {
    const ordered = orderLogGroups([
      { name: 'app', formats: [] },
      { name: 'VPCFlowLogsGroup', formats: [''] },
      { name: 'a-flow', formats: [custom] },
    ]);
    assert.deepEqual(ordered.map((g) => g.name), ['a-flow', 'VPCFlowLogsGroup', 'app']);
  });

  it('groups by record format and refuses impossible selections', () => {
    const groups = [
      { name: 'a', formats: [''] },
      { name: 'b', formats: [custom] },
      { name: 'c', formats: [] },
    ];
    assert.equal(formatOf(groups[1]!), custom);
    assert.equal(formatOf(groups[0]!), undefined);
    assert.deepEqual([...groupByFormat(groups).entries()].map(([k, v]) => [k === '' ? 'default' : 'custom', v.map((g) => g.name)]), [
      ['default', ['a', 'c']],
      ['custom', ['b']],
    ]);
    assert.equal(selectionProblem(groups), undefined);
    assert.match(selectionProblem([])!, /at least one/);
    assert.match(selectionProblem(Array.from({ length: MAX_LOG_GROUPS + 1 }, (_, i) => ({ name: `g${i}`, formats: [] })))!, /at most 50 log groups; 51/);
    assert.match(selectionProblem([{ name: 'mixed', formats: ['', custom] }])!, /2 different record formats/);
  });
});
