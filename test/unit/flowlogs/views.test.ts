import * as assert from 'node:assert/strict';
import { allRows, filter, parseFlowLogs, sortView, window, type CellValue, type FilterSpec } from '../../../src/flowlogs';
import { mixedDefaultText, referenceFilter, sampleText } from './helpers';

describe('flow log views: filter', () => {
  const store = parseFlowLogs(mixedDefaultText(3000, 7));
  const objects = store.toObjects();

  it('the mixed test data has IPv4, IPv6 and null addresses', () => {
    assert.deepEqual(store.errors, []);
    assert.ok(objects.some((o) => String(o['srcaddr']).includes(':')));
    assert.ok(objects.some((o) => o['srcaddr'] === null));
  });

  const cases: [string, FilterSpec][] = [
    ['action REJECT', { action: 'REJECT' }],
    ['log-status NODATA', { logStatus: 'NODATA' }],
    ['protocol 17', { protocol: 17 }],
    ['src in 10.0.0.0/8', { srcaddr: '10.0.0.0/8' }],
    ['dst exact IPv4', { dstaddr: '10.2.15.210' }],
    ['either in 54.188.21.73/32', { addr: '54.188.21.73/32' }],
    ['src in 2001:db8::/32 (IPv6 CIDR)', { srcaddr: '2001:db8::/32' }],
    ['dst in 2001:db8::/48', { dstaddr: '2001:db8::/48' }],
    ['either in fe80::/10', { addr: 'fe80::/10' }],
    ['IPv4 CIDR never matches IPv6', { srcaddr: '0.0.0.0/0' }],
    ['address prefix while typing', { addr: '10.1.' }],
    ['dstport 22', { dstport: 22 }],
    ['either port 443', { port: 443 }],
    ['interface', { interfaceId: 'eni-0fedcba9876543210' }],
    ['time range', { from: 1732694400 + 3600, to: 1732694400 + 7200 }],
    ['combined', { action: 'ACCEPT', protocol: 6, addr: '2001:db8::/32', dstport: 443 }],
  ];
  for (const [name, spec] of cases) {
    it(`matches a plain reference: ${name}`, () => {
      const expected = referenceFilter(objects, spec as Parameters<typeof referenceFilter>[1]);
      const got = [...filter(store, spec)];
      assert.deepEqual(got, expected);
      if (name !== 'IPv4 CIDR never matches IPv6') {
        assert.ok(expected.length > 0 && expected.length < objects.length, `${name}: ${expected.length} rows is not a useful case`);
      }
    });
  }

  it('IPv4 CIDR 0.0.0.0/0 keeps IPv4 rows only', () => {
    const rows = filter(store, { srcaddr: '0.0.0.0/0' });
    assert.ok([...rows].every((r) => /^\d+\.\d+\.\d+\.\d+$/.test(String(store.get(r, 'srcaddr')))));
  });

  it('port lists and ranges', () => {
    const ranged = [...filter(store, { dstport: { from: 22, to: 80 } })];
    assert.deepEqual(ranged, objects.flatMap((o, r) => (typeof o['dstport'] === 'number' && o['dstport'] >= 22 && o['dstport'] <= 80 ? [r] : [])));
    const listed = [...filter(store, { dstport: [22, 3389] })];
    assert.deepEqual(listed, objects.flatMap((o, r) => (o['dstport'] === 22 || o['dstport'] === 3389 ? [r] : [])));
    assert.deepEqual([...filter(store, { protocol: [1, 17] })], objects.flatMap((o, r) => (o['protocol'] === 1 || o['protocol'] === 17 ? [r] : [])));
  });

  it('free text: words occur in text and address fields, equal number fields, case-insensitively', () => {
    const matches = (o: Record<string, CellValue>, t: string): boolean => Object.values(o).some((v) =>
      v === null ? t === '-' : typeof v === 'number' ? String(v) === t : v.toLowerCase().includes(t));
    for (const text of ['reject', 'eni-0fed', '443', '22', '2001:db8', '10.2.15', '112', 'nodata', 'reject 3389', '012345678901 accept', '0443', 'zzz', '-']) {
      const terms = text.split(' ');
      const expected = objects.flatMap((o, r) => (terms.every((t) => matches(o, t)) ? [r] : []));
      assert.deepEqual([...filter(store, { text })], expected, text);
      assert.ok(text === 'zzz' || text === '0443' || expected.length > 0, text);
    }
    // Protocol names count for the protocol field.
    const udp = [...filter(store, { text: 'UDP' })];
    assert.deepEqual(udp, objects.flatMap((o, r) => (o['protocol'] === 17 ? [r] : [])));
  });

  it('filters within a view, keeping its order; an empty spec keeps everything', () => {
    const sorted = sortView(store, allRows(store), 'bytes', true);
    const rejects = filter(store, { action: 'REJECT' }, sorted);
    assert.deepEqual([...rejects], [...sorted].filter((r) => objects[r]!['action'] === 'REJECT'));
    assert.equal(filter(store, {}).length, store.count);
    assert.equal(filter(store, { interfaceId: 'eni-none' }).length, 0);
    assert.equal(filter(store, { srcaddr: 'not an address' }).length, 0);
  });
});

describe('flow log views: sort and window', () => {
  const store = parseFlowLogs(mixedDefaultText(2000, 11));
  const objects = store.toObjects();
  const all = allRows(store);

  /** Reference comparator: numbers by value, IPv4 before IPv6 (both by value), text by code point, null last. */
  function reference(field: string, descending: boolean): number[] {
    const key = (v: CellValue): [number, number | string] => {
      if (typeof v === 'number') {
        return [0, v];
      }
      if (typeof v === 'string' && /^\d+\.\d+\.\d+\.\d+$/.test(v)) {
        return [0, v.split('.').reduce((a, o) => a * 256 + Number(o), 0)];
      }
      if (typeof v === 'string' && v.includes(':') && field.endsWith('addr')) {
        const full = v.replace(/%.*/, '');
        const [head, tail] = full.split('::') as [string, string | undefined];
        const h = head ? head.split(':') : [];
        const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
        const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
        return [1, groups.map((g) => g.padStart(4, '0')).join('')];
      }
      return [0, v as string];
    };
    const rows = objects.map((_, r) => r);
    return rows.sort((a, b) => {
      const va = objects[a]![field]!;
      const vb = objects[b]![field]!;
      if (va === null || vb === null) {
        return va === null && vb === null ? 0 : va === null ? 1 : -1;
      }
      const [ca, ka] = key(va);
      const [cb, kb] = key(vb);
      const c = ca !== cb ? ca - cb : ka < kb ? -1 : ka > kb ? 1 : 0;
      return descending ? -c : c;
    });
  }

  for (const field of ['bytes', 'start', 'srcaddr', 'dstaddr', 'interface-id', 'action', 'dstport', 'account-id']) {
    for (const descending of [false, true]) {
      it(`sorts by ${field}${descending ? ' descending' : ''}, stable, nulls last`, () => {
        assert.deepEqual([...sortView(store, all, field, descending)], reference(field, descending));
      });
    }
  }

  it('sorts a filtered view and leaves the input untouched', () => {
    const rejects = filter(store, { action: 'REJECT' });
    const copy = Uint32Array.from(rejects);
    const sorted = sortView(store, rejects, 'bytes', true);
    assert.deepEqual(rejects, copy);
    assert.deepEqual([...sorted].sort((a, b) => a - b), [...rejects]);
    for (let i = 1; i < sorted.length; i++) {
      assert.ok((store.get(sorted[i - 1]!, 'bytes') as number) >= (store.get(sorted[i]!, 'bytes') as number));
    }
    assert.deepEqual([...sortView(store, rejects, 'nope')], [...rejects]);
  });

  it('sorts large 64-bit-ish numbers', () => {
    const big = parseFlowLogs([
      '2 1 eni-1 1.1.1.1 2.2.2.2 1 2 6 1 999999999999999 1 2 ACCEPT OK',
      '2 1 eni-1 1.1.1.1 2.2.2.2 1 2 6 1 4294967296 1 2 ACCEPT OK',
      '2 1 eni-1 1.1.1.1 2.2.2.2 1 2 6 1 4294967295 1 2 ACCEPT OK',
      '2 1 eni-1 1.1.1.1 2.2.2.2 1 2 6 1 - 1 2 ACCEPT OK',
      '2 1 eni-1 1.1.1.1 2.2.2.2 1 2 6 1 0 1 2 ACCEPT OK',
    ].join('\n'));
    assert.deepEqual([...sortView(big, allRows(big), 'bytes')], [4, 2, 1, 0, 3]);
    assert.deepEqual([...sortView(big, allRows(big), 'bytes', true)], [0, 1, 2, 4, 3]);
  });

  it('windows are clamped slices of a view', () => {
    const sorted = sortView(store, all, 'start');
    assert.deepEqual([...window(sorted, 10, 20)], [...sorted.slice(10, 20)]);
    assert.equal(window(sorted, -5, 3).length, 3);
    assert.equal(window(sorted, store.count - 2, store.count + 100).length, 2);
    assert.equal(window(sorted, 50, 10).length, 0);
  });
});

describe('flow log store', () => {
  it('get/text/line give cells and the record as text; out-of-range cells are null', () => {
    const store = parseFlowLogs(sampleText('tutorial-vpc1-default.log'));
    assert.equal(store.get(0, 'bytes'), 3192);
    assert.equal(store.get(0, 9), 3192);
    assert.equal(store.text(0, 'action'), 'ACCEPT');
    assert.equal(store.get(0, 'vpc-id'), null);
    assert.equal(store.get(99999, 'bytes'), null);
    assert.ok(store.memoryBytes() > 0);
  });

  it('appends and prepends pages (CloudWatch load newer/older)', () => {
    const lines = sampleText('tutorial-vpc1-default.log').trim().split('\n');
    const whole = parseFlowLogs(lines.join('\n'));
    const middle = parseFlowLogs(lines.slice(100, 200).join('\n'));
    middle.append(parseFlowLogs(lines.slice(200).join('\n')));
    middle.prepend(parseFlowLogs(lines.slice(0, 100).join('\n')));
    assert.equal(middle.count, whole.count);
    assert.deepEqual(middle.toObjects(), whole.toObjects());
    assert.throws(() => middle.append(parseFlowLogs('', { format: '${srcaddr}' })), /different formats/);
  });
});
