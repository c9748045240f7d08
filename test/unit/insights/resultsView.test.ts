import * as assert from 'node:assert/strict';
import { AddressRecordSource, addressSourceId, lineHasAddress, parseAddressSourceId } from '../../../src/insights/core/addressSource';
import { catalogQuery, parameterProblem } from '../../../src/insights/core/catalog';
import { parseResultsMessage } from '../../../src/insights/core/resultsProtocol';
import { toTable } from '../../../src/insights/core/results';
import { limitNotice, problemMessage, progressMessage, resultColumns, resultRows, runState } from '../../../src/insights/core/resultsView';

const r = (pairs: Record<string, string>): { field: string; value: string }[] => Object.entries(pairs).map(([field, value]) => ({ field, value }));

describe('Insights results view', () => {
  it('gives flow log columns readable headers and aggregates a description', () => {
    const table = toTable([r({ srcAddr: '10.1.5.112', dstPort: '22', protocol: '6', 'count(*)': '4', bytesTransferred: '344' })]);
    assert.deepEqual(resultColumns(table).map((c) => [c.label, c.kind]), [
      ['Source address', 'address'],
      ['Destination port', 'port'],
      ['Protocol', 'protocol'],
      ['count(*)', 'count'],
      ['bytesTransferred', 'bytes'],
    ]);
    assert.equal(resultColumns(table)[0]!.description, 'The flow log field srcaddr.');
    assert.match(resultColumns(table)[3]!.description, /^count of the matching records/);
  });

  it('makes numbers of numeric columns, names protocols and well-known ports, and labels addresses', () => {
    const table = toTable([r({ srcAddr: '10.1.5.112', dstAddr: '18.237.140.165', dstPort: '22', protocol: '6', bytes: '344' }), r({ srcAddr: '10.1.0.2', dstPort: '53', protocol: '17', bytes: '-' })]);
    const rows = resultRows(table, (a) => (a === '10.1.5.112' ? 'Instance 1 (eni-0a1b)' : undefined));
    assert.deepEqual(rows[0], { id: 0, line: 1, values: ['10.1.5.112', '18.237.140.165', 22, 6, 344], notes: { 0: 'Instance 1 (eni-0a1b)', 2: 'SSH', 3: 'TCP' } });
    assert.deepEqual(rows[1]!.values, ['10.1.0.2', null, 53, 17, null]);
    assert.deepEqual(rows[1]!.notes, { 2: 'DNS', 3: 'UDP' });
  });

  it('describes progress, the row limit and runs that did not complete in plain words', () => {
    assert.equal(runState('Scheduled'), 'starting');
    assert.equal(runState('Timeout'), 'timeout');
    assert.equal(progressMessage('Running', { recordsMatched: 1204, recordsScanned: 56000, bytesScanned: 12.3 * 1024 * 1024 }, 4200), 'Running: 1,204 records matched of 56,000 scanned · 12.3 MiB scanned · 4 s');
    assert.equal(progressMessage('Complete', { recordsMatched: 3, recordsScanned: 9 }, 900, 1), 'Complete: 1 row · 3 records matched of 9 scanned · 1 s');
    assert.equal(progressMessage('Scheduled', {}, 0), 'Scheduled · 0 s');
    assert.equal(limitNotice({ truncated: false, limit: 10_000, statistics: {} }), null);
    assert.equal(
      limitNotice({ truncated: true, limit: 10_000, statistics: { recordsMatched: 25_000 } }),
      'Only the first 10,000 rows are shown: the query returned as many rows as one query may (25,000 records matched). Narrow the time range, filter more, or summarise with stats ... by to see everything.',
    );
    assert.equal(problemMessage({ status: 'Complete', cancelledByUser: false, rows: [] }), null);
    assert.match(problemMessage({ status: 'Cancelled', cancelledByUser: true, rows: [[], []] })!, /^Query cancelled: StopQuery was sent.* The 2 rows found until then are shown\.$/);
    assert.match(problemMessage({ status: 'Timeout', cancelledByUser: false, rows: [] })!, /60 minutes/);
    assert.match(problemMessage({ status: 'Failed', cancelledByUser: false, rows: [] })!, /^Query failed/);
    assert.match(problemMessage({ status: 'Unknown', cancelledByUser: false, rows: [] })!, /7 days/);
  });
});

describe('Insights results protocol', () => {
  it('accepts only well-formed messages from the webview', () => {
    assert.deepEqual(parseResultsMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseResultsMessage({ type: 'export', format: 'csv' }), { type: 'export', format: 'csv' });
    assert.equal(parseResultsMessage({ type: 'export', format: 'xlsx' }), undefined);
    assert.deepEqual(parseResultsMessage({ type: 'openAddress', address: '10.1.5.112' }), { type: 'openAddress', address: '10.1.5.112' });
    assert.deepEqual(parseResultsMessage({ type: 'openAddress', address: '2600:1f14:abc:de00::12' }), { type: 'openAddress', address: '2600:1f14:abc:de00::12' });
    // Nothing that could reach a filter pattern or a command other than an address.
    for (const bad of ['10.1.5.112" OR "x', 'eni-0a1b', '', 'a'.repeat(100)]) {
      assert.equal(parseResultsMessage({ type: 'openAddress', address: bad }), undefined, bad);
    }
    assert.deepEqual(parseResultsMessage({ type: 'probeResult', id: 3, ok: true, value: [1] }), { type: 'probeResult', id: 3, ok: true, value: [1] });
    assert.equal(parseResultsMessage({ type: 'probeResult', id: '3', ok: true }), undefined);
    assert.equal(parseResultsMessage('ready'), undefined);
    assert.equal(parseResultsMessage({ type: 'runCommand', command: 'x' }), undefined);
  });
});

describe('Insights address records source', () => {
  it('keeps only lines where the address is a whole field', () => {
    const line = '2 123456789012 eni-0a1b2c3d4e5f60718 10.1.5.112 52.94.25.161 443 49152 6 10 4000 1732694400 1732694460 ACCEPT OK';
    assert.ok(lineHasAddress(line, '10.1.5.112'));
    assert.ok(lineHasAddress(line, '52.94.25.161'));
    assert.ok(!lineHasAddress(line, '10.1.5.11'));
    assert.ok(!lineHasAddress(line, '2.94.25.161'));
    assert.ok(lineHasAddress('10.1.5.11 x 10.1.5.112', '10.1.5.112'));
  });

  it('round-trips its id, so the viewer can rebuild it after a reload', () => {
    const query = { address: '10.1.5.112', logGroups: ['VPCFlowLogsGroup'], startTime: 1, endTime: 2, format: undefined, rangeText: 'last hour' };
    assert.deepEqual(parseAddressSourceId(addressSourceId(query)), query);
    assert.equal(parseAddressSourceId('file:/x'), undefined);
    assert.equal(parseAddressSourceId('insights:{not json'), undefined);
  });

  it('reads every page of every log group with a quoted filter pattern, oldest first', async () => {
    const requests: string[] = [];
    const api = {
      filterLogEvents: (request: { group: string; filterPattern?: string | undefined; startTime?: number | undefined; endTime?: number | undefined; token?: string | undefined }) => {
        requests.push(`${request.group} ${request.filterPattern} ${request.startTime}-${request.endTime} ${request.token ?? ''}`);
        const page =
          request.group === 'a' && !request.token
            ? { items: [{ message: 'x 10.1.5.112 y', timestamp: 30, streamName: 's' }, { message: 'x 10.1.5.1120 y', timestamp: 10, streamName: 's' }], nextToken: 'n' }
            : { items: [{ message: `${request.group} 10.1.5.112\n`, timestamp: request.group === 'a' ? 20 : 5, streamName: 's' }], nextToken: undefined };
        return Promise.resolve(page);
      },
    };
    const source = new AddressRecordSource(api, { address: '10.1.5.112', logGroups: ['a', 'b'], startTime: 100, endTime: 200, rangeText: 'last hour' });
    const page = await source.loadInitial(new AbortController().signal);
    assert.deepEqual(page.lines, ['b 10.1.5.112', 'a 10.1.5.112', 'x 10.1.5.112 y']);
    assert.deepEqual(requests, ['a "10.1.5.112" 100000-200999 ', 'a "10.1.5.112" 100000-200999 n', 'b "10.1.5.112" 100000-200999 ']);
    assert.match(source.description, /^Records mentioning 10\.1\.5\.112 in a, b, last hour/);
  });
});

describe('Insights query parameters', () => {
  const param = (kind: 'cidr' | 'address' | 'interface' | 'text') => ({ key: 'k', prompt: 'p', example: 'e', kind });
  it('checks what the user types before it goes into a query', () => {
    assert.equal(parameterProblem(param('cidr'), '10.0.0.0/16'), undefined);
    assert.ok(parameterProblem(param('cidr'), '10.0.0.0/33'));
    assert.ok(parameterProblem(param('cidr'), '10.0.0.300/16'));
    assert.equal(parameterProblem(param('address'), '10.1.5.112'), undefined);
    assert.equal(parameterProblem(param('address'), '2600:1f14::12'), undefined);
    assert.ok(parameterProblem(param('address'), '10.1.5'));
    assert.equal(parameterProblem(param('interface'), 'eni-0123456789abcdef0'), undefined);
    assert.ok(parameterProblem(param('interface'), 'i-0123456789abcdef0'));
    assert.ok(parameterProblem(param('text'), 'a"b'));
    assert.ok(parameterProblem(param('text'), ' '));
    for (const q of [catalogQuery('aws.subnetTopBytes')!, catalogQuery('oneAddress')!, catalogQuery('aws.connectionPerRecord')!]) {
      for (const p of q.parameters!) {
        assert.equal(parameterProblem(p, p.example), undefined, `${q.id}: example of ${p.key}`);
      }
    }
  });
});
