// The webview's pure helpers (no DOM): formatting, the row cache, the column arrangement, labels.
import * as assert from 'node:assert/strict';
import { AddressLabels } from '../../../src/viewer/labels';
import type { ColumnInfo, RowData } from '../../../src/viewer/protocol';
import { arrangeColumns } from '../../../src/viewer/webview/columnOrder';
import { cellText, formatBytes, formatTime, parseTime } from '../../../src/webviewKit/format';
import { BLOCK, RowCache } from '../../../src/webviewKit/rowCache';

describe('viewer webview helpers', () => {
  it('formats bytes, times and cells', () => {
    assert.equal(formatBytes(344), '344 B');
    assert.equal(formatBytes(124758), '121.8 KiB');
    assert.equal(formatBytes(5 * 1024 ** 3), '5.0 GiB');
    assert.equal(formatTime(1732694400, true), '2024-11-27 08:00:00');
    assert.equal(parseTime('2024-11-27 08:00', true), 1732694400);
    assert.equal(parseTime('2024-11-27T08:00:05', true), 1732694405);
    assert.equal(parseTime('yesterday', true), undefined);
    const local = formatTime(1732694400, false);
    assert.equal(parseTime(local, false), 1732694400);
    assert.equal(cellText('bytes', 2048, true), '2.0 KiB');
    assert.equal(cellText('count', 1234567, true), '1,234,567');
    assert.equal(cellText('address', null, true), '-');
  });

  it('asks the host only for blocks it has not got, and drops rows of stale queries', () => {
    const requests: [number, number, number][] = [];
    const cache = new RowCache((seq, start, count) => requests.push([seq, start, count]));
    cache.reset(1, 250);
    cache.ensure(0, 120);
    assert.deepEqual(requests, [
      [1, 0, BLOCK],
      [1, BLOCK, BLOCK],
    ]);
    cache.ensure(50, 150);
    assert.equal(requests.length, 2, 'asked twice for pending blocks');
    const rows = (start: number, n: number): RowData[] => Array.from({ length: n }, (_, i) => ({ id: start + i, values: [] }));
    assert.equal(cache.put(1, 0, rows(0, BLOCK)), true);
    assert.equal(cache.get(42)?.id, 42);
    assert.equal(cache.put(0, BLOCK, rows(BLOCK, BLOCK)), false);
    cache.ensure(200, 400);
    assert.deepEqual(requests[2], [1, 200, 50]);
    cache.reset(2, 10);
    assert.equal(cache.get(42), undefined);
  });

  it('arranges columns by the saved order, new fields last, hidden ones out', () => {
    const column = (field: string): ColumnInfo => ({ field, label: field, kind: 'text', description: '' });
    const columns = ['version', 'srcaddr', 'dstaddr', 'action'].map(column);
    const shown = arrangeColumns(columns, { order: ['action', 'gone', 'dstaddr'], hidden: ['version'] });
    assert.deepEqual(shown.map((c) => c.field), ['action', 'dstaddr', 'srcaddr']);
  });

  it('labels special addresses and each VPC\'s DNS resolver', () => {
    const labels = new AddressLabels(new Map([['10.1.5.112', 'Instance 1']]), ['10.1.0.0/16', '172.31.0.0/16']);
    assert.equal(labels.get('10.1.5.112'), 'Instance 1');
    assert.equal(labels.get('10.1.0.2'), 'VPC DNS resolver (10.1.0.0/16)');
    assert.equal(labels.get('172.31.0.2'), 'VPC DNS resolver (172.31.0.0/16)');
    assert.equal(labels.get('169.254.169.254'), 'Instance metadata service');
    assert.equal(labels.get('10.9.0.2'), undefined);
    assert.equal(new AddressLabels().get('10.9.0.2'), 'VPC DNS resolver (likely)');
    assert.deepEqual(labels.matching('instance'), ['10.1.5.112', '169.254.169.254', 'fd00:ec2::254']);
  });
});
