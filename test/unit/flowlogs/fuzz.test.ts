import * as assert from 'node:assert/strict';
import { createParser, parseFlowLogs, type FlowLogStore } from '../../../src/flowlogs';
import { ALL_FIELDS_V8_FORMAT, rng, sampleText } from './helpers';

const LINES = 120_000;

/** Random and mutated lines: valid records, field-level damage, binary garbage, huge lines, markup. */
function fuzzLines(seed: number, base: string[]): Buffer[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (n: number): number => Math.floor(r() * n);
  const tokens = ['-', '0', '65535', '65536', '4294967296', '999999999999999', '9999999999999999', '-1', '+1', '1e3', '0x10', 'NaN',
    'ACCEPT', 'REJECT', 'accept', 'OK', 'NODATA', 'SKIPDATA', '10.0.0.1', '255.255.255.255', '256.0.0.1', '::', '2001:db8::1',
    '::ffff:1.2.3.4', 'fe80::1%eth0', ':::', '1.2.3', 'eni-0', 'vpc-id', 'version', '${version}', '\u00e9', '🙂', '\u0000', '\u001b[31m'];
  const markup = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<!-- -->', '{"json": true}', '<?xml version="1.0"?>',
    '`rm -rf /`', '${7*7}', '%s%s%n', "' OR 1=1 --"];
  const out: Buffer[] = [];
  for (let i = 0; i < LINES; i++) {
    const kind = r();
    let line: Buffer;
    if (kind < 0.35) {
      line = Buffer.from(pick(base));
    } else if (kind < 0.7) {
      const f = pick(base).split(' ');
      const m = int(6);
      const at = int(f.length);
      if (m === 0) {
        f.splice(at, 1);
      } else if (m === 1) {
        f.splice(at, 0, pick(tokens));
      } else if (m === 2) {
        f[at] = pick(tokens);
      } else if (m === 3) {
        f[at] = f[at]!.slice(0, int(f[at]!.length + 1)) + pick(tokens) + f[at]!.slice(int(f[at]!.length));
      } else if (m === 4) {
        [f[at], f[0]] = [f[0]!, f[at]!];
      } else {
        f[at] = pick(markup);
      }
      line = Buffer.from(f.join(pick([' ', ' ', '  ', '\t', ' \r'])));
    } else if (kind < 0.85) {
      const n = int(200);
      line = Buffer.alloc(n);
      for (let k = 0; k < n; k++) {
        line[k] = int(256);
      }
      // LF would split the line: binary garbage is one line here.
      for (let k = 0; k < n; k++) {
        if (line[k] === 10) {
          line[k] = 11;
        }
      }
    } else if (kind < 0.95) {
      line = Buffer.from(`${pick(markup)} ${pick(tokens)} ${pick(markup)}`);
    } else if (kind < 0.9995) {
      line = Buffer.from(int(3) === 0 ? '' : ' \t\r'.slice(0, int(4)));
    } else {
      // Huge lines: a record repeated, or garbage, 70 KB to 300 KB.
      line = Buffer.from(int(2) === 0 ? pick(base).repeat(700 + int(2000)) : 'A'.repeat(70_000 + int(230_000)));
    }
    out.push(line);
  }
  return out;
}

function nonBlank(lines: Buffer[]): number[] {
  const numbers: number[] = [];
  lines.forEach((l, i) => {
    for (let k = 0; k < l.length; k++) {
      if (l[k]! > 32) {
        numbers.push(i + 1);
        return;
      }
    }
  });
  return numbers;
}

function check(store: FlowLogStore, lines: Buffer[]): void {
  const expected = nonBlank(lines);
  // Every non-blank line is a record or an error, never both, never neither.
  assert.equal(store.count + store.errorCount, expected.length);
  assert.equal(store.errors.length, store.errorCount, 'all errors kept');
  const errorLines = store.errors.map((e) => e.line);
  assert.equal(new Set(errorLines).size, errorLines.length, 'one error per line');
  const nonBlankSet = new Set(expected);
  assert.ok(errorLines.every((l) => nonBlankSet.has(l)), 'errors are on non-blank lines');
  for (const e of store.errors) {
    assert.ok(typeof e.message === 'string' && e.message.length > 0);
  }
  // Records are right: each one re-parses from its own text to the same record.
  const errorSet = new Set(errorLines);
  const recordLines = expected.filter((l) => !errorSet.has(l));
  assert.equal(recordLines.length, store.count);
  const again = parseFlowLogs(recordLines.map((_, r) => store.line(r)).join('\n'), { format: store.format });
  assert.equal(again.errorCount, 0);
  assert.deepEqual(again.toObjects(), store.toObjects());
}

describe('flow log fuzz test', function () {
  this.timeout(60_000);
  const base = sampleText('tutorial-vpc1-default.log').trim().split('\n');
  const wide = sampleText('all-fields-v8.log').trim().split('\n');

  it(`${LINES.toLocaleString('en-US')} random and mutated default-format lines: no exception, each line a record or an error`, () => {
    const lines = fuzzLines(1, base);
    const input = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
    let store: FlowLogStore | undefined;
    assert.doesNotThrow(() => {
      store = parseFlowLogs(input, { maxErrors: Infinity, maxLineLength: 1 << 20 });
    });
    check(store!, lines);
    assert.ok(store!.count > 30_000 && store!.errorCount > 50_000, `${store!.count} records, ${store!.errorCount} errors`);
  });

  it('the same lines in random chunks give the same result', () => {
    const lines = fuzzLines(2, base).slice(0, 30_000);
    const input = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
    const whole = parseFlowLogs(input, { maxErrors: Infinity, maxLineLength: 1 << 20 });
    const parser = createParser({ maxErrors: Infinity, maxLineLength: 1 << 20 });
    const r = rng(3);
    for (let i = 0; i < input.length;) {
      const n = 1 + Math.floor(r() * r() * 5000);
      parser.push(input.subarray(i, i + n));
      i += n;
    }
    const chunked = parser.end();
    assert.deepEqual(chunked.toObjects(), whole.toObjects());
    assert.deepEqual(chunked.errors, whole.errors);
  });

  it('a wide custom format survives the same treatment', () => {
    const lines = fuzzLines(4, wide).slice(0, 30_000);
    const input = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
    const store = parseFlowLogs(input, { format: ALL_FIELDS_V8_FORMAT, maxErrors: Infinity, maxLineLength: 1 << 20 });
    check(store, lines);
  });

  it('lines longer than the default limit are errors, not records', () => {
    const lines = [Buffer.from(base[0]!), Buffer.from('9'.repeat(70_000)), Buffer.from(base[1]!)];
    const store = parseFlowLogs(Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
    assert.equal(store.count, 2);
    assert.equal(store.errors[0]!.line, 2);
    check(store, lines);
  });
});
