import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFlowLogs } from '../../../src/flowlogs';
import { AddressLabels } from '../../../src/viewer/labels';
import { EMPTY_FILTER, type FilterState } from '../../../src/viewer/protocol';
import { applyFilter, narrows, parsePortInput, parseProtocolInput, sortRows, timeBounds } from '../../../src/viewer/query';

const samples = path.join(__dirname, '..', '..', '..', '..', 'samples');
const text = fs.readFileSync(path.join(samples, 'tutorial-vpc1-default.log'), 'utf8');
/** The sample's records split by hand, to check the viewer's answers independently of the engine. */
const records = text
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => l.trim().split(/\s+/));
const F = { srcaddr: 3, dstaddr: 4, srcport: 5, dstport: 6, protocol: 7, bytes: 9, start: 10, action: 12, status: 13 } as const;

describe('viewer queries', () => {
  const store = parseFlowLogs(text);
  const newest = Math.max(...records.map((r) => Number(r[11])));
  const context = { labels: new AddressLabels(new Map([['10.2.15.210', 'Instance 2 (eni-0fedcba9876543210)']])), newest };
  const run = (change: Partial<FilterState>) => applyFilter(store, { ...EMPTY_FILTER, ...change }, context);
  const expect = (test: (r: string[]) => boolean) => records.filter(test).length;

  it('keeps every record without a filter', () => {
    assert.equal(run({}).view.length, records.length);
  });

  it('combines action, protocol, address and port filters with AND', () => {
    assert.equal(run({ actions: ['REJECT'] }).view.length, expect((r) => r[F.action] === 'REJECT'));
    assert.equal(run({ actions: ['-'] }).view.length, expect((r) => r[F.action] === '-'));
    assert.equal(run({ statuses: ['NODATA', 'SKIPDATA'] }).view.length, expect((r) => r[F.status] !== 'OK'));
    assert.equal(run({ protocol: 'icmp' }).view.length, expect((r) => r[F.protocol] === '1'));
    assert.equal(run({ protocol: 'tcp, 17' }).view.length, expect((r) => r[F.protocol] === '6' || r[F.protocol] === '17'));
    assert.equal(run({ srcaddr: '18.237.140.160/29' }).view.length, expect((r) => /^18\.237\.140\.16[0-7]$/.test(r[F.srcaddr]!)));
    assert.equal(run({ srcaddr: '18.237.' }).view.length, expect((r) => r[F.srcaddr]!.startsWith('18.237.')));
    assert.equal(
      run({ dstaddr: '10.2.15.210, 10.1.0.2' }).view.length,
      expect((r) => r[F.dstaddr] === '10.2.15.210' || r[F.dstaddr] === '10.1.0.2'),
    );
    assert.equal(run({ dstport: '22' }).view.length, expect((r) => r[F.dstport] === '22'));
    assert.equal(run({ dstport: '1024-65535' }).view.length, expect((r) => r[F.dstport] !== '-' && Number(r[F.dstport]) >= 1024));
    assert.equal(
      run({ actions: ['REJECT'], dstaddr: '10.1.5.112', dstport: '3389' }).view.length,
      expect((r) => r[F.action] === 'REJECT' && r[F.dstaddr] === '10.1.5.112' && r[F.dstport] === '3389'),
    );
  });

  it('finds partial interface ids as they are typed', () => {
    assert.equal(run({ interfaceId: 'eni-0a1b' }).view.length, expect((r) => r[2]!.includes('eni-0a1b')));
    assert.equal(run({ interfaceId: 'eni-nothing' }).view.length, 0);
  });

  it('searches free text in fields, address labels and service names', () => {
    assert.equal(run({ text: '54.188' }).view.length, expect((r) => r.some((f) => f.includes('54.188'))));
    const byLabel = run({ text: 'instance 2' }).view.length;
    assert.equal(byLabel, expect((r) => r[F.srcaddr] === '10.2.15.210' || r[F.dstaddr] === '10.2.15.210' || r.join(' ').toLowerCase().includes('instance 2')));
    assert.ok(byLabel > 0);
    const ssh = run({ text: 'ssh' }).view.length;
    assert.equal(ssh, expect((r) => r[F.srcport] === '22' || r[F.dstport] === '22'));
  });

  it('narrows to a time range, presets counting back from the newest record', () => {
    assert.equal(run({ time: { preset: '15m' } }).view.length, expect((r) => r[F.start] !== '-' && Number(r[F.start]) >= newest - 900));
    const from = 1732694400 + 600;
    const to = from + 300;
    assert.equal(run({ time: { preset: 'custom', from, to } }).view.length, expect((r) => Number(r[F.start]) >= from && Number(r[F.start]) < to));
    assert.equal(timeBounds({ ...EMPTY_FILTER, time: { preset: 'all' } }, newest), undefined);
  });

  it('reports inputs it cannot read, and ignores them', () => {
    const result = run({ dstport: 'twenty-two', srcaddr: '10.1.0.0/33', protocol: 'carrier pigeon', actions: ['REJECT'] });
    assert.deepEqual(result.problems.map((p) => p.key).sort(), ['dstport', 'protocol', 'srcaddr']);
    assert.equal(result.view.length, expect((r) => r[F.action] === 'REJECT'));
    assert.equal(parsePortInput('80-22'), undefined);
    assert.equal(parsePortInput('70000'), undefined);
    assert.deepEqual(parsePortInput('22, 80-81'), [22, 80, 81]);
    assert.deepEqual(parseProtocolInput('TCP, udp'), [6, 17]);
  });

  it('refines a narrowing filter within the previous rows, with the same answer as from scratch', () => {
    const steps: Partial<FilterState>[] = [
      {},
      { dstaddr: '10' },
      { dstaddr: '10.1' },
      { dstaddr: '10.1.5' },
      { dstaddr: '10.1.5', actions: ['REJECT'] },
      { dstaddr: '10.1.5', actions: ['REJECT'], text: 's' },
      { dstaddr: '10.1.5', actions: ['REJECT'], text: 'ss' },
    ];
    let previous = run({});
    for (let i = 1; i < steps.length; i++) {
      const before = { ...EMPTY_FILTER, ...steps[i - 1] };
      const after = { ...EMPTY_FILTER, ...steps[i] };
      assert.ok(narrows(before, after), `step ${i} should narrow`);
      const refined = applyFilter(store, after, context, previous.view);
      assert.deepEqual([...refined.view], [...run(steps[i]!).view], `step ${i}`);
      previous = refined;
    }
    const base = { ...EMPTY_FILTER, dstaddr: '10.1.5' };
    assert.ok(!narrows(base, { ...base, dstaddr: '10.1' }), 'deleting characters widens');
    assert.ok(!narrows({ ...base, dstaddr: '10.1.5.1' }, { ...base, dstaddr: '10.1.5.11' }), 'a complete address matches exactly, not as a prefix');
    assert.ok(narrows({ ...base, dstaddr: '10.1.5.' }, { ...base, dstaddr: '10.1.5.112' }), 'a prefix narrows to a complete address');
    assert.ok(!narrows(base, { ...base, dstaddr: '10.1.5.0/24' }), 'a CIDR block is not a prefix');
    assert.ok(!narrows({ ...base, actions: ['REJECT'] }, { ...base, actions: ['REJECT', 'ACCEPT'] }), 'another action widens');
    assert.ok(narrows(base, { ...base, dstport: '22', time: { preset: '1h' } }), 'a new condition narrows');
    assert.ok(!narrows({ ...base, dstport: '2' }, { ...base, dstport: '22' }), 'ports are exact, not prefixes');
  });

  it('sorts by any column, nulls last, keeping the source order among equals', () => {
    const all = run({}).view;
    const bytes = sortRows(store, all, { field: 'bytes', descending: true });
    const values = [...bytes].map((r) => store.get(r, 'bytes'));
    const numbers = values.filter((v): v is number => v !== null);
    assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a));
    assert.ok(values.slice(numbers.length).every((v) => v === null), 'nulls are not last');
    const byAction = [...sortRows(store, all, { field: 'action', descending: false })];
    const accepts = byAction.filter((r) => store.get(r, 'action') === 'ACCEPT');
    assert.deepEqual(accepts, [...accepts].sort((a, b) => a - b));
    assert.equal(sortRows(store, all, null), all);
  });
});
