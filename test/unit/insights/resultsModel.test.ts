import * as assert from 'node:assert/strict';
import { readQueryResults } from '../../../src/insights/core/poll';
import { ResultsModel } from '../../../src/insights/core/resultsModel';
import { MAX_RESULTS_WINDOW, parseResultsMessage, parseSavedRun } from '../../../src/insights/core/resultsProtocol';
import { toTable } from '../../../src/insights/core/results';
import { resultColumns, resultRows } from '../../../src/insights/core/resultsView';

const r = (pairs: Record<string, string>): { field: string; value: string }[] => Object.entries(pairs).map(([field, value]) => ({ field, value }));

describe('Insights results kept on the host', () => {
  const table = toTable([
    r({ srcAddr: '10.1.5.112', dstPort: '22', bytes: '344' }),
    r({ srcAddr: '10.2.15.210', dstPort: '3389', bytes: '40' }),
    r({ srcAddr: '18.237.140.165', dstPort: '22', bytes: '9000' }),
  ]);
  const model = (): ResultsModel => {
    const m = new ResultsModel();
    m.set(resultColumns(table), resultRows(table));
    return m;
  };
  const addresses = (m: ResultsModel): unknown[] => m.window(0, 10).map((row) => row.values[0]);

  it('serves windows of the rows in their order', () => {
    const m = model();
    assert.equal(m.count, 3);
    assert.deepEqual(m.window(1, 5).map((row) => row.id), [1, 2]);
    assert.deepEqual(m.window(5, 5), []);
  });

  it('sorts on the host: numbers largest first, then the other way, then unsorted', () => {
    const m = model();
    const before = m.seq;
    m.toggleSort('bytes');
    assert.deepEqual(m.sort, { field: 'bytes', descending: true });
    assert.deepEqual(addresses(m), ['18.237.140.165', '10.1.5.112', '10.2.15.210']);
    assert.notEqual(m.seq, before, 'a new order: windows of the old one are not mixed in');
    m.toggleSort('bytes');
    assert.deepEqual(addresses(m), ['10.2.15.210', '10.1.5.112', '18.237.140.165']);
    m.toggleSort('bytes');
    assert.equal(m.sort, null);
    assert.deepEqual(addresses(m), ['10.1.5.112', '10.2.15.210', '18.237.140.165']);
  });

  it('filters on the host, keeps sort and filter across partial results, and finds a row for the chart', () => {
    const m = model();
    m.toggleSort('bytes');
    m.filter({ field: 'dstPort', value: 22 });
    assert.deepEqual(addresses(m), ['18.237.140.165', '10.1.5.112']);
    assert.equal(m.total, 3);
    assert.equal(m.positionOf(0), 1);
    assert.equal(m.positionOf(1), -1, 'hidden by the filter');
    // More rows arrive (the query still runs): the order is kept.
    const more = toTable([...table.rows.map((row) => table.columns.map((c, i) => ({ field: c.field, value: row[i] ?? '' }))), r({ srcAddr: '10.1.0.2', dstPort: '22', bytes: '99999' })]);
    m.set(resultColumns(more), resultRows(more));
    assert.deepEqual(addresses(m), ['10.1.0.2', '18.237.140.165', '10.1.5.112']);
    m.filter(null);
    assert.equal(m.count, 4);
  });

  it('accepts only well-formed requests from the webview', () => {
    assert.deepEqual(parseResultsMessage({ type: 'rows', seq: 2, start: 100, count: 100 }), { type: 'rows', seq: 2, start: 100, count: 100 });
    assert.equal(parseResultsMessage({ type: 'rows', seq: 2, start: -1, count: 100 }), undefined);
    assert.equal(parseResultsMessage({ type: 'rows', seq: 2, start: 0, count: MAX_RESULTS_WINDOW + 1 }), undefined);
    assert.deepEqual(parseResultsMessage({ type: 'sort', field: 'bytes' }), { type: 'sort', field: 'bytes' });
    assert.deepEqual(parseResultsMessage({ type: 'filter', only: { field: 'dstPort', value: 22 } }), { type: 'filter', only: { field: 'dstPort', value: 22 } });
    assert.deepEqual(parseResultsMessage({ type: 'filter', only: null }), { type: 'filter', only: null });
    assert.equal(parseResultsMessage({ type: 'filter', only: { field: 'dstPort', value: { x: 1 } } }), undefined);
    assert.deepEqual(parseResultsMessage({ type: 'reveal', row: 3 }), { type: 'reveal', row: 3 });
  });

  it('brings a run back from webview state after a reload, reading its kept results without running it', async () => {
    const saved = parseSavedRun({ title: 'Top talkers', query: 'stats count(*) by srcAddr', logGroups: ['VPCFlowLogsGroup'], range: '1h', queryId: 'q-42' });
    assert.deepEqual(saved, { title: 'Top talkers', query: 'stats count(*) by srcAddr', logGroups: ['VPCFlowLogsGroup'], range: '1h', format: undefined, queryId: 'q-42', athena: undefined });
    assert.equal(parseSavedRun({ title: 'x', query: 'y', logGroups: 'VPCFlowLogsGroup', range: '1h' }), undefined);
    assert.equal(parseSavedRun({ title: 'x', query: 'y', logGroups: [], range: '1h', queryId: 'q"; x' })?.queryId, undefined);

    const asked: (string | undefined)[] = [];
    const client = {
      getQueryResults: (queryId: string, nextToken?: string) => {
        asked.push(`${queryId} ${nextToken ?? ''}`);
        return Promise.resolve(
          nextToken ? { status: 'Complete' as const, results: [r({ srcAddr: 'b' })] } : { status: 'Complete' as const, results: [r({ srcAddr: 'a' })], nextToken: 'n', statistics: { recordsMatched: 2 } },
        );
      },
    };
    const outcome = await readQueryResults(client, 'q-42', 10_000);
    assert.equal(outcome.status, 'Complete');
    assert.equal(outcome.rows.length, 2);
    assert.deepEqual(asked, ['q-42 ', 'q-42 n']);
  });
});
