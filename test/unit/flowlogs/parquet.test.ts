import * as assert from 'node:assert/strict';
import type { AsyncBuffer } from 'hyparquet' with { 'resolution-mode': 'import' };
import { AddressColumn, DictColumn, parseFlowLogs, summarize, type FlowLogStore } from '../../../src/flowlogs';
import { bufferSource, parseParquet } from '../../../src/flowlogs/parquet';
import { flowLogParquet, type ParquetWriteOptions } from '../../../bench/parquet';
import { ALL_FIELDS_V8_FORMAT, CUSTOM_V5_FORMAT, mixedDefaultText, sampleText } from './helpers';

/** The text fixtures and the format each is read with (undefined: its header line or the default). */
const FIXTURES: [string, () => string, string | undefined][] = [
  ['tutorial-vpc1-default.log', () => sampleText('tutorial-vpc1-default.log'), undefined],
  ['custom-v5.log', () => sampleText('custom-v5.log'), CUSTOM_V5_FORMAT],
  ['all-fields-v8.log', () => sampleText('all-fields-v8.log'), ALL_FIELDS_V8_FORMAT],
  ['s3-export-v3.log.gz', () => sampleText('s3-export-v3.log.gz'), undefined],
  ['IPv6 and NODATA mix (2,000 records)', () => mixedDefaultText(2000, 7), undefined],
];

function textStore(text: string, format: string | undefined): FlowLogStore {
  const store = parseFlowLogs(text, format ? { format } : undefined);
  assert.deepEqual(store.errors, [], 'the text fixture parses cleanly');
  return store;
}

/** Asserts two stores hold the same records the same way: fields, values, dictionaries, summaries. */
function assertSameStore(actual: FlowLogStore, expected: FlowLogStore): void {
  assert.deepEqual(actual.fields, expected.fields);
  assert.equal(actual.count, expected.count);
  assert.deepEqual(actual.toObjects(), expected.toObjects());
  for (let f = 0; f < expected.fields.length; f++) {
    const a = actual.column(f)!;
    const e = expected.column(f)!;
    assert.equal(a.constructor, e.constructor, expected.fields[f]);
    for (let r = 0; r < expected.count; r++) {
      assert.equal(a.isNull(r), e.isNull(r), `${expected.fields[f]} row ${r} null`);
    }
    // Interned in the same order: codes, and so every code-keyed summary, agree.
    if (a instanceof DictColumn && e instanceof DictColumn) {
      assert.deepEqual(a.dict.strings, e.dict.strings, expected.fields[f]);
      assert.deepEqual(Array.from(a.codes.subarray(0, a.length)), Array.from(e.codes.subarray(0, e.length)), expected.fields[f]);
    }
    if (a instanceof AddressColumn && e instanceof AddressColumn) {
      assert.deepEqual(a.altStrings.strings, e.altStrings.strings, expected.fields[f]);
    }
  }
  for (let r = 0; r < expected.count; r += Math.max(1, Math.floor(expected.count / 50))) {
    assert.equal(actual.line(r), expected.line(r));
  }
  assert.deepEqual(summarize(actual), summarize(expected));
  assert.deepEqual(summarize(actual, undefined, { top: 3, bucketSeconds: 300 }), summarize(expected, undefined, { top: 3, bucketSeconds: 300 }));
}

async function roundTrip(expected: FlowLogStore, write: ParquetWriteOptions = {}, read: Parameters<typeof parseParquet>[1] = {}): Promise<FlowLogStore> {
  return parseParquet(await flowLogParquet(expected, write), read);
}

/** An AsyncBuffer that answers each slice later, as ranged reads of an S3 object do, and counts them. */
function slowSource(bytes: ArrayBuffer): AsyncBuffer & { reads: number } {
  const source = {
    reads: 0,
    byteLength: bytes.byteLength,
    slice(start: number, end?: number): Promise<ArrayBuffer> {
      source.reads++;
      return new Promise((resolve) => setImmediate(() => resolve(bytes.slice(start, end))));
    },
  };
  return source;
}

describe('Parquet flow logs into the store', () => {
  for (const [name, text, format] of FIXTURES) {
    it(`${name}: the same records as Gzip Parquet give the same store and summaries as the text parser`, async () => {
      const expected = textStore(text(), format);
      const store = await roundTrip(expected);
      assert.deepEqual(store.errors, []);
      assertSameStore(store, expected);
    });
  }

  it('reads across row groups and pages, with `-` written as text or as Parquet nulls', async () => {
    const expected = textStore(mixedDefaultText(3000, 11), undefined);
    for (const write of [{ rowGroupSize: 250, pageSize: 2048 }, { rowGroupSize: 1000, dash: 'text' as const }, { rowGroupSize: 3000, pageSize: 512, dash: 'text' as const }]) {
      assertSameStore(await roundTrip(expected, write), expected);
    }
  });

  it('reads version 1 data pages, as parquet-mr and Arrow write them, with nulls, dictionaries and several row groups', async () => {
    const { parquetMetadata, parquetReadObjects } = await import('hyparquet');
    const { parquetHeader } = await import('hyparquet/src/column.js');
    const { compressors } = await import('hyparquet-compressors');
    for (const [name, text, format] of FIXTURES) {
      const expected = textStore(text(), format);
      for (const write of [{ dataPageVersion: 1 as const }, { dataPageVersion: 1 as const, rowGroupSize: 97, pageSize: 1024, dash: 'text' as const }]) {
        const bytes = await flowLogParquet(expected, write);
        // The file really has version 1 pages, and hyparquet's own row reader reads it as the records.
        const meta = parquetMetadata(bytes);
        const chunk = meta.row_groups[0]!.columns[0]!.meta_data!;
        const types = new Set<string>();
        const reader = { view: new DataView(bytes), offset: Number(chunk.dictionary_page_offset || chunk.data_page_offset) };
        const end = reader.offset + Number(chunk.total_compressed_size);
        while (reader.offset < end) {
          const header = parquetHeader(reader);
          types.add(header.type);
          reader.offset += header.compressed_page_size;
        }
        assert.ok(types.has('DATA_PAGE') && !types.has('DATA_PAGE_V2'), `${name}: ${[...types].join(', ')}`);
        const rows = await parquetReadObjects({ file: bytes, compressors });
        assert.equal(rows.length, expected.count);
        assertSameStore(await parseParquet(bytes), expected);
      }
    }
  });

  it('reads Snappy and uncompressed pages too', async () => {
    const expected = textStore(sampleText('tutorial-vpc1-default.log'), undefined);
    assertSameStore(await roundTrip(expected, { codec: 'SNAPPY' }), expected);
    assertSameStore(await roundTrip(expected, { codec: 'UNCOMPRESSED' }), expected);
  });

  it('reads from an AsyncBuffer of ranged reads or from bytes, reporting progress up to the total', async () => {
    const expected = textStore(sampleText('custom-v5.log'), CUSTOM_V5_FORMAT);
    const bytes = await flowLogParquet(expected, { rowGroupSize: 64 });
    const source = slowSource(bytes);
    const progress: [number, number][] = [];
    const store = await parseParquet(source, { onProgress: (records, total) => progress.push([records, total]) });
    assertSameStore(store, expected);
    assert.ok(source.reads > 1, 'read by ranges');
    assert.ok(progress.length > 5);
    assert.ok(progress.every(([, total]) => total === expected.count));
    assert.ok(progress.every(([n], i) => i === 0 || n >= progress[i - 1]![0]), 'progress never goes back');
    assert.deepEqual(progress.at(-1), [expected.count, expected.count]);
    assertSameStore(await parseParquet(new Uint8Array(bytes)), expected);
    assertSameStore(await parseParquet(bufferSource(Buffer.from(bytes))), expected);
  });

  it('stops when the signal aborts, before or while reading', async () => {
    const expected = textStore(mixedDefaultText(1000, 3), undefined);
    const bytes = await flowLogParquet(expected, { rowGroupSize: 100 });
    const before = new AbortController();
    before.abort(new Error('cancelled by the user'));
    await assert.rejects(parseParquet(bytes, { signal: before.signal }), /cancelled by the user/);
    const during = new AbortController();
    let calls = 0;
    await assert.rejects(parseParquet(bytes, {
      signal: during.signal,
      onProgress: () => {
        if (++calls === 3) {
          during.abort(new Error('panel closed'));
        }
      },
    }), /panel closed/);
    assert.equal(calls, 3, 'no column read after the abort');
  });

  it('leaves out records the text parser would refuse, with the same messages and row numbers as line numbers', async () => {
    const good = textStore(mixedDefaultText(600, 5), undefined);
    const lines = mixedDefaultText(600, 5).trimEnd().split('\n');
    // Rows 10, 250 (second row group) and 599 get values the text parser refuses; row 250 has two.
    const override: ParquetWriteOptions['override'] = {
      'dstport': { 10: 70000 },
      'action': { 250: 'MAYBE' },
      'srcaddr': { 250: 'not-an-ip', 599: '10.1.5.312' },
    };
    const store = await roundTrip(good, { rowGroupSize: 200, override });
    // The same records as text: lines with the same bad values.
    const bad = lines.map((l) => l.split(' '));
    bad[10]![6] = '70000';
    bad[250]![12] = 'MAYBE';
    bad[250]![3] = 'not-an-ip';
    bad[599]![3] = '10.1.5.312';
    const text = parseFlowLogs(bad.map((f) => f.join(' ')).join('\n'));
    assert.deepEqual(store.errors.map((e) => e.line), text.errors.map((e) => e.line));
    assert.deepEqual(store.errors.map((e) => e.line), [11, 251, 600]);
    // Columns are read in record order, so a record with two bad values is reported for its first, as in text.
    assert.deepEqual(store.errors.map((e) => e.message), text.errors.map((e) => e.message));
    assert.deepEqual(store.errors.map((e) => e.message), [
      'dstport: "70000" is out of range (0-65535)',
      'srcaddr: "not-an-ip" is not an IPv4 or IPv6 address',
      'srcaddr: "10.1.5.312" is not an IPv4 or IPv6 address',
    ]);
    assert.equal(store.errorCount, 3);
    assertSameStore(store, text);
  });

  it('keeps the file\'s flow log columns in its order and names the columns it ignores', async () => {
    const expected = textStore(sampleText('tutorial-vpc1-default.log'), undefined);
    const store = await roundTrip(expected, { extra: { aws_region_partition: expected.toObjects().map(() => 'us-east-1') } });
    assert.deepEqual(store.fields, expected.fields);
    assert.deepEqual(store.errors, [{ line: 0, message: 'Parquet columns that are not flow log fields were ignored: aws_region_partition' }]);
    assert.deepEqual(store.toObjects(), expected.toObjects());
  });

  it('refuses a file that is not Parquet, or has no flow log column', async () => {
    await assert.rejects(parseParquet(Buffer.from(sampleText('tutorial-vpc1-default.log'))), /^Error: Reading Parquet failed: /);
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const other = parquetWriteBuffer({ columnData: [{ name: 'name', data: ['a', 'b'], type: 'STRING' }] });
    await assert.rejects(parseParquet(other), /Reading Parquet failed: no column is a flow log field \(columns: name\)/);
  });
});

describe('FlowLogStore.truncate', () => {
  it('drops the last rows so that appending again gives the store of the kept and new records', () => {
    const lines = mixedDefaultText(400, 9).trimEnd().split('\n');
    const store = parseFlowLogs(lines.join('\n'));
    store.truncate(150);
    assert.equal(store.count, 150);
    const rest = parseFlowLogs(lines.slice(300).join('\n'));
    store.append(rest);
    const expected = parseFlowLogs([...lines.slice(0, 150), ...lines.slice(300)].join('\n'));
    assert.deepEqual(store.toObjects(), expected.toObjects());
    store.truncate(1000);
    assert.equal(store.count, 250);
  });
});
