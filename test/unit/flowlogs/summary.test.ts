import * as assert from 'node:assert/strict';
import {
  SummaryAccumulator, createParser, filter, parseFlowLogs, summarize, topTalkers, type FlowLogStore,
} from '../../../src/flowlogs';
import { mixedDefaultText, referenceHistogram, referenceSummary, sampleText } from './helpers';

function checkAgainstReference(store: FlowLogStore, view?: Uint32Array): void {
  const objects = view ? [...view].map((r) => store.record(r)) : store.toObjects();
  const expected = referenceSummary(objects, 10);
  const got = summarize(store, view);
  for (const k of ['records', 'packets', 'bytes', 'accept', 'reject', 'ok', 'nodata', 'skipdata', 'acceptBytes', 'rejectBytes', 'first', 'last'] as const) {
    assert.equal(got[k], expected[k], k);
  }
  assert.deepEqual(got.topTalkers, expected.topTalkers);
  assert.deepEqual(got.topRejectSources, expected.topRejectSources);
  assert.deepEqual(got.topRejectedPorts, expected.topRejectedPorts);
  assert.deepEqual(got.interfaces, expected.interfaces);
  assert.deepEqual(topTalkers(store, view, 10), expected.topTalkers);
  assert.deepEqual(topTalkers(store, view, 3), expected.topTalkers.slice(0, 3));
}

describe('flow log summaries', () => {
  it('match an independent reference on the tutorial sample', () => {
    const store = parseFlowLogs(sampleText('tutorial-vpc1-default.log'));
    checkAgainstReference(store);
    const s = summarize(store);
    assert.equal(s.records, 400);
    assert.ok(s.nodata > 0 && s.skipdata > 0 && s.reject > 0);
  });

  it('match the reference on mixed IPv4/IPv6 data with nulls, and on a filtered view', () => {
    const store = parseFlowLogs(mixedDefaultText(5000, 3));
    checkAgainstReference(store);
    checkAgainstReference(store, filter(store, { action: 'REJECT' }));
    checkAgainstReference(store, filter(store, { addr: '2001:db8::/32' }));
    checkAgainstReference(store, new Uint32Array(0));
  });

  it('histograms ACCEPT and REJECT by a given bucket and by one chosen from the span', () => {
    const store = parseFlowLogs(mixedDefaultText(4000, 5));
    const objects = store.toObjects();
    for (const size of [60, 300, 3600]) {
      const h = summarize(store, undefined, { bucketSeconds: size }).histogram!;
      assert.equal(h.bucketSeconds, size);
      const expected = referenceHistogram(objects, size);
      const keys = [...expected.keys()].sort((a, b) => a - b);
      assert.equal(h.buckets[0]!.start, keys[0]);
      assert.equal(h.buckets[h.buckets.length - 1]!.start, keys[keys.length - 1]);
      for (const b of h.buckets) {
        assert.deepEqual({ accept: b.accept, reject: b.reject, acceptBytes: b.acceptBytes, rejectBytes: b.rejectBytes },
          expected.get(b.start) ?? { accept: 0, reject: 0, acceptBytes: 0, rejectBytes: 0 }, `bucket ${b.start}`);
      }
      // Dense: consecutive buckets.
      h.buckets.forEach((b, i) => assert.equal(b.start, h.buckets[0]!.start + i * size));
    }
    // Three hours of data: automatic buckets are a "nice" size giving at most 120 of them.
    const auto = summarize(store).histogram!;
    assert.equal(auto.bucketSeconds, 120);
    assert.ok(auto.buckets.length <= 120);
    assert.equal(summarize(store, undefined, { maxBuckets: 4 }).histogram!.bucketSeconds, 3600);
    const total = auto.buckets.reduce((a, b) => a + b.accept + b.reject, 0);
    assert.equal(total, objects.filter((o) => o['action'] !== null).length);
  });

  it('streaming (store: false) gives the same summary as the stored records, keeping none', () => {
    const text = mixedDefaultText(70_000, 9);
    const stored = summarize(parseFlowLogs(text));
    const parser = createParser({ store: false });
    for (let i = 0; i < text.length; i += 65_537) {
      parser.push(text.slice(i, i + 65_537));
    }
    const store = parser.end();
    assert.equal(store.count, 0);
    assert.equal(parser.records, 70_000);
    assert.deepEqual(parser.summary(), stored);
  });

  it('the accumulator folds several stores (pages) into one summary', () => {
    const lines = mixedDefaultText(3000, 13).trim().split('\n');
    const acc = new SummaryAccumulator();
    acc.add(parseFlowLogs(lines.slice(0, 1000).join('\n')));
    acc.add(parseFlowLogs(lines.slice(1000).join('\n')));
    assert.deepEqual(acc.result(), summarize(parseFlowLogs(lines.join('\n'))));
  });

  it('copes with formats that lack the summarised fields', () => {
    const store = parseFlowLogs('1.2.3.4 443\n5.6.7.8 22\n', { format: '${srcaddr} ${dstport}' });
    const s = summarize(store);
    assert.equal(s.records, 2);
    assert.deepEqual(s.topTalkers, []);
    assert.equal(s.histogram, null);
    assert.deepEqual(topTalkers(store), []);
  });
});
