import * as assert from 'node:assert/strict';
import { EMPTY_FILTER, MAX_WINDOW, parseFilter, parseViewState, parseWebviewMessage } from '../../../src/viewer/protocol';

describe('viewer protocol', () => {
  const query = { type: 'query', seq: 3, filter: EMPTY_FILTER, sort: { field: 'bytes', descending: true }, start: 100, count: 200, summary: true };

  it('accepts every well-formed message from the webview', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage(query), query);
    assert.deepEqual(parseWebviewMessage({ type: 'rows', seq: 1, start: 0, count: 100 }), { type: 'rows', seq: 1, start: 0, count: 100 });
    assert.deepEqual(parseWebviewMessage({ type: 'details', id: 7 }), { type: 'details', id: 7 });
    assert.deepEqual(parseWebviewMessage({ type: 'copy', ids: [1, 2] }), { type: 'copy', ids: [1, 2] });
    assert.deepEqual(parseWebviewMessage({ type: 'export', format: 'csv' }), { type: 'export', format: 'csv' });
    assert.deepEqual(parseWebviewMessage({ type: 'load', direction: 'older' }), { type: 'load', direction: 'older' });
    assert.deepEqual(parseWebviewMessage({ type: 'cancel' }), { type: 'cancel' });
    assert.deepEqual(parseWebviewMessage({ type: 'follow', on: true }), { type: 'follow', on: true });
    assert.deepEqual(parseWebviewMessage({ type: 'setFormat', format: '${version}' }), { type: 'setFormat', format: '${version}' });
    assert.deepEqual(parseWebviewMessage({ type: 'columns', columns: { order: ['action'], hidden: [] } }), { type: 'columns', columns: { order: ['action'], hidden: [] } });
  });

  it('rejects malformed or unknown messages', () => {
    for (const bad of [
      null,
      'ready',
      [],
      { type: 'nope' },
      { ...query, seq: -1 },
      { ...query, start: 1.5 },
      { ...query, filter: { ...EMPTY_FILTER, actions: ['MAYBE'] } },
      { ...query, filter: { ...EMPTY_FILTER, time: { preset: 'yesterday' } } },
      { ...query, filter: { ...EMPTY_FILTER, srcaddr: 42 } },
      { ...query, sort: { field: 'bytes' } },
      { type: 'details', id: '7' },
      { type: 'copy', ids: [] },
      { type: 'copy', ids: ['1'] },
      { type: 'export', format: 'xml' },
      { type: 'load', direction: 'sideways' },
      { type: 'follow', on: 'yes' },
      { type: 'setFormat', format: 'x'.repeat(5000) },
      { type: 'columns', columns: { order: [1], hidden: [] } },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 120));
    }
  });

  it('never lets the webview ask for more than a window of rows', () => {
    const message = parseWebviewMessage({ ...query, count: 1_000_000 });
    assert.equal(message?.type === 'query' && message.count, MAX_WINDOW);
    const rows = parseWebviewMessage({ type: 'rows', seq: 1, start: 0, count: 10_000_000 });
    assert.equal(rows?.type === 'rows' && rows.count, MAX_WINDOW);
  });

  it('keeps only known fields of a filter and defaults missing text inputs', () => {
    const filter = parseFilter({ actions: ['REJECT'], statuses: [], time: { preset: 'custom', from: 10 }, srcaddr: '10.1.0.0/16', evil: '<script>' });
    assert.deepEqual(filter, { ...EMPTY_FILTER, actions: ['REJECT'], srcaddr: '10.1.0.0/16', time: { preset: 'custom', from: 10, to: null } });
  });

  it('restores a saved view state, and falls back to defaults for damaged parts', () => {
    const state = parseViewState({ sourceId: 'file:///x.log', title: 'x.log', filter: 'damaged', sort: null, columns: { order: ['bytes', 3], hidden: ['version'] }, utc: false, scrollRow: 12 });
    assert.ok(state);
    assert.deepEqual(state.filter, EMPTY_FILTER);
    assert.deepEqual(state.columns, { order: ['bytes'], hidden: ['version'] });
    assert.equal(state.utc, false);
    assert.equal(state.scrollRow, 12);
    assert.equal(parseViewState({ title: 'no source' }), undefined);
  });

  it('keeps the columns asked for while they never change, and the summary\'s width', () => {
    const state = parseViewState({ sourceId: 'a', title: 'a', columns: { order: [], hidden: [], shown: ['vpc-id', 7] }, summaryWidth: 420, summaryOpen: false });
    assert.deepEqual(state?.columns, { order: [], hidden: [], shown: ['vpc-id'] });
    assert.equal(state?.summaryWidth, 420);
    assert.equal(state?.summaryOpen, false);
    assert.equal(parseViewState({ sourceId: 'a', title: 'a', summaryWidth: -5 })?.summaryWidth, undefined);
    const message = parseWebviewMessage({ type: 'columns', columns: { order: ['action'], hidden: [], shown: ['account-id'] } });
    assert.deepEqual(message, { type: 'columns', columns: { order: ['action'], hidden: [], shown: ['account-id'] } });
    assert.equal(parseWebviewMessage({ type: 'columns', columns: { order: [], hidden: [], shown: 'account-id' } }), undefined);
  });
});
