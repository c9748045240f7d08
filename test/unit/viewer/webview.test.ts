// The webview's pure helpers (no DOM): formatting, the row cache, the column arrangement, labels.
import * as assert from 'node:assert/strict';
import { AddressLabels } from '../../../src/viewer/labels';
import type { ColumnInfo, RowData } from '../../../src/viewer/protocol';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAwsIpRanges } from '../../../src/flowlogs/awsRanges';
import { arrangeColumns, foldedColumns } from '../../../src/viewer/webview/columnOrder';
import { cellText, formatBytes, formatTime, parseTime } from '../../../src/webviewKit/format';
import { middleEllipsis, plural, shortLabel } from '../../../src/webviewKit/labelText';
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

  it('leads with the reading columns, then the rest in format order', () => {
    const column = (field: string): ColumnInfo => ({ field, label: field, kind: 'text', description: '' });
    const format = ['version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status'];
    const shown = arrangeColumns(format.map(column), { order: [], hidden: [] });
    assert.deepEqual(
      shown.map((c) => c.field),
      ['start', 'action', 'srcaddr', 'dstaddr', 'dstport', 'protocol', 'bytes', 'packets', 'version', 'account-id', 'interface-id', 'srcport', 'end', 'log-status'],
    );
  });

  it('folds fields with one value everywhere out of the table, unless they are reading columns or the user asked for them', () => {
    const column = (field: string): ColumnInfo => ({ field, label: field, kind: 'text', description: '' });
    const columns = ['version', 'vpc-id', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'action', 'start'].map(column);
    const constant = new Set(['version', 'vpc-id', 'account-id', 'interface-id', 'action']);
    const none = { order: [], hidden: [] };
    assert.deepEqual(arrangeColumns(columns, none, constant).map((c) => c.field), ['start', 'action', 'srcaddr', 'dstaddr']);
    // The line above the table names the interface first, then the VPC, then the account.
    assert.deepEqual(foldedColumns(columns, none, constant).map((c) => c.field), ['interface-id', 'vpc-id', 'account-id', 'version']);
    const chosen = { order: [], hidden: ['version'], shown: ['vpc-id'] };
    assert.deepEqual(arrangeColumns(columns, chosen, constant).map((c) => c.field), ['start', 'action', 'srcaddr', 'dstaddr', 'vpc-id']);
    assert.deepEqual(foldedColumns(columns, chosen, constant).map((c) => c.field), ['interface-id', 'account-id']);
    // Once a field varies it is a column again, where the order puts it.
    assert.deepEqual(arrangeColumns(columns, none, new Set(['version'])).map((c) => c.field), ['start', 'action', 'srcaddr', 'dstaddr', 'vpc-id', 'account-id', 'interface-id']);
  });

  it('shortens ids in the middle, keeps addresses whole, and names counts in the right number', () => {
    assert.equal(middleEllipsis('eni-0a1b2c3d4e5f60718'), 'eni-0a1b…0718');
    assert.equal(middleEllipsis('255.255.255.255'), '255.255.255.255');
    assert.equal(middleEllipsis('123456789012'), '123456789012');
    assert.equal(shortLabel('db-west (eni-ca6fb102a1b2c3d4e)'), 'db-west');
    assert.equal(shortLabel("AMAZON, us-west-2 (52.94.16.0/20 in AWS's IP ranges of 2024-11-27)"), 'AMAZON, us-west-2');
    assert.equal(shortLabel('Broadcast'), 'Broadcast');
    assert.equal(plural(1, 'record'), '1 record');
    assert.equal(plural(2, 'record'), '2 records');
    assert.equal(plural(0, 'line'), '0 lines');
    assert.equal(plural(1234, 'route'), '1,234 routes');
  });

  it('labels public addresses with their AWS service and region, after the account\'s own labels', () => {
    const fixture = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'ip-ranges.json');
    const ranges = parseAwsIpRanges(fs.readFileSync(fixture, 'utf8'));
    const labels = new AddressLabels(new Map([['54.188.21.73', 'web-1 (eni-0a1b2c3d4e5f60718)']]), [], () => ranges);
    assert.equal(labels.get('52.94.21.153'), "AMAZON, us-west-2 (52.94.16.0/20 in AWS's IP ranges of 2024-11-27)");
    assert.equal(labels.get('18.237.140.165'), "EC2_INSTANCE_CONNECT, us-west-2 (18.237.140.160/29 in AWS's IP ranges of 2024-11-27)");
    assert.equal(labels.get('54.188.21.73'), 'web-1 (eni-0a1b2c3d4e5f60718)');
    assert.equal(labels.interfaceName('eni-0a1b2c3d4e5f60718'), 'web-1');
    assert.equal(labels.get('10.1.5.112'), undefined);
    assert.equal(new AddressLabels(undefined, [], () => undefined).get('52.94.21.153'), undefined);
  });
});
