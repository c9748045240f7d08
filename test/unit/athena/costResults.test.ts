import * as assert from 'node:assert/strict';
import { athenaCostEstimate, athenaResultTable, formatDollars, formatScanCost, formatScannedBytes, resultColumnName, type AthenaResultPage } from '../../../src/athena';
import { chartFor, toTable } from '../../../src/insights/core/results';

const MIB = 2 ** 20;
const GIB = 2 ** 30;
const TIB = 2 ** 40;

describe('Athena scan cost', () => {
  it('bills at least 10 MB, rounded up to the megabyte, at the price per terabyte', () => {
    assert.equal(athenaCostEstimate(0).billedBytes, 10 * MIB);
    assert.equal(athenaCostEstimate(1).billedBytes, 10 * MIB);
    assert.equal(athenaCostEstimate(10 * MIB + 1).billedBytes, 11 * MIB);
    assert.equal(athenaCostEstimate(123 * MIB).billedBytes, 123 * MIB);
    assert.equal(athenaCostEstimate(TIB).dollars, 5);
    assert.equal(athenaCostEstimate(3 * TIB).dollars, 15);
    assert.equal(athenaCostEstimate(TIB, { pricePerTb: 6.75 }).dollars, 6.75);
    assert.equal(athenaCostEstimate(10 * MIB).dollars, (10 * MIB / TIB) * 5);
    assert.throws(() => athenaCostEstimate(-1), /cost estimate failed: -1 is not a number of bytes/);
    assert.throws(() => athenaCostEstimate(Number.NaN), /cost estimate failed/);
    assert.throws(() => athenaCostEstimate(1, { pricePerTb: -5 }), /is not a price per terabyte/);
  });

  it('says what was scanned and about what it costs, in one line', () => {
    assert.equal(formatScanCost(1.2 * GIB), '1.2 GiB scanned, about $0.006');
    assert.equal(formatScanCost(512), '512 B scanned, about $0.00005');
    assert.equal(formatScanCost(250 * GIB), '250 GiB scanned, about $1.22');
    assert.equal(formatScanCost(3 * TIB), '3 TiB scanned, about $15.00');
    assert.equal(formatScannedBytes(35.4 * MIB), '35.4 MiB');
    assert.equal(formatScannedBytes(1536), '1.5 KiB');
    assert.equal(formatDollars(0), '$0');
    assert.equal(formatDollars(0.0123), '$0.01');
  });
});

/** A GetQueryResults page as the SDK returns it for a SELECT: labels lower-cased, the header as the first row. */
function page(columns: string[], rows: (string | null)[][], header = true): AthenaResultPage {
  const data = (values: (string | null)[]): { Data: { VarCharValue?: string }[] } => ({ Data: values.map((v) => (v === null ? {} : { VarCharValue: v })) });
  return {
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: columns.map((c) => ({ Name: c, Label: c, Type: 'varchar' })) },
      Rows: [...(header ? [data(columns)] : []), ...rows.map(data)],
    },
  };
}

describe('Athena results as the results view\'s table', () => {
  it('gives the same table as Logs Insights\' results for the same rows: names, kinds and values', () => {
    const athena = athenaResultTable([
      page(['srcaddr', 'dstaddr', 'bytestransferred'], [['10.1.5.112', '54.188.21.73', '3192'], ['2001:db8::1', '2001:db8::2', '77']]),
      page(['srcaddr', 'dstaddr', 'bytestransferred'], [['10.1.9.4', '10.1.5.112', null]], false),
    ]);
    const insights = toTable([
      [{ field: 'srcAddr', value: '10.1.5.112' }, { field: 'dstAddr', value: '54.188.21.73' }, { field: 'bytesTransferred', value: '3192' }],
      [{ field: 'srcAddr', value: '2001:db8::1' }, { field: 'dstAddr', value: '2001:db8::2' }, { field: 'bytesTransferred', value: '77' }],
      [{ field: 'srcAddr', value: '10.1.9.4' }, { field: 'dstAddr', value: '10.1.5.112' }],
    ]);
    assert.deepEqual(athena, insights);
    assert.deepEqual(athena.columns.map((c) => c.kind), ['address', 'address', 'bytes']);
  });

  it('drops the header row of the first page only, and keeps a data row that only looks like one when told', () => {
    const t = athenaResultTable([page(['action'], [['ACCEPT']]), page(['action'], [['action']], false)]);
    assert.deepEqual(t.rows, [['ACCEPT'], ['action']]);
    const noHeader = athenaResultTable([page(['action'], [['action'], ['REJECT']], false)], { headerRow: false });
    assert.deepEqual(noHeader.rows, [['action'], ['REJECT']]);
  });

  it('maps Athena\'s lower-case names back to the names Logs Insights uses', () => {
    assert.equal(resultColumnName('srcaddr'), 'srcAddr');
    assert.equal(resultColumnName('interfaceid'), 'interfaceId');
    assert.equal(resultColumnName('interface_id'), 'interfaceId');
    assert.equal(resultColumnName('log_status'), 'logStatus');
    assert.equal(resultColumnName('numrejections'), 'numRejections');
    assert.equal(resultColumnName('packetstransferred'), 'packetsTransferred');
    assert.equal(resultColumnName('bin(5m)'), 'bin(5m)');
    assert.equal(resultColumnName('@timestamp'), '@timestamp');
    assert.equal(resultColumnName('something_else'), 'something_else');
  });

  it('charts a time-binned result as Logs Insights\' (same bins, same values)', () => {
    const t = athenaResultTable([page(['bin(5m)', 'bytestransferred'], [['2024-11-27 08:00:00.000', '100'], ['2024-11-27 08:05:00.000', '250']])]);
    const chart = chartFor('stats sum(bytes) as bytesTransferred by bin(5m)', t);
    assert.ok(chart && chart.kind === 'time');
    assert.deepEqual(chart.times, [1732694400, 1732694700]);
    assert.deepEqual(chart.series[0]!.values, [100, 250]);
  });

  it('keeps the columns of a result without rows', () => {
    const t = athenaResultTable([page(['srcaddr', 'numrejections'], [])]);
    assert.deepEqual(t.columns.map((c) => c.field), ['srcAddr', 'numRejections']);
    assert.deepEqual(t.rows, []);
    assert.deepEqual(athenaResultTable([]), { columns: [], rows: [] });
  });
});
