import * as assert from 'node:assert/strict';
import { partitionPredicate, type PartitionLayout } from '../../../src/athena';
import { rng } from '../flowlogs/helpers';

const t = (y: number, m: number, d: number, h = 0, min = 0): number => Date.UTC(y, m - 1, d, h, min) / 1000;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

type Values = Record<string, string>;

/**
 * Evaluates a predicate as partitionPredicate writes them (an OR of terms, each an AND of `col = 'v'` and
 * `col BETWEEN 'a' AND 'b'`) on one partition's values, comparing strings as SQL does.
 */
function matches(predicate: string, values: Values): boolean {
  const body = predicate.startsWith('(') && predicate.endsWith(')') ? predicate.slice(1, -1) : predicate;
  return body.split(' OR ').some((term) => {
    const conds = [...term.matchAll(/(\w+) (?:= '([^']*)'|BETWEEN '([^']*)' AND '([^']*)')/g)];
    assert.ok(conds.length > 0, `unreadable term ${term}`);
    return conds.every((c) => {
      const v = values[c[1]!];
      assert.ok(v !== undefined, `unknown column ${c[1]}`);
      return c[2] !== undefined ? v === c[2] : v >= c[3]! && v <= c[4]!;
    });
  });
}

/** The partition values of the hour starting at `s` in a layout. */
function valuesOf(layout: PartitionLayout, s: number): Values {
  const d = new Date(s * 1000);
  const [y, m, day, h] = [pad(d.getUTCFullYear(), 4), pad(d.getUTCMonth() + 1), pad(d.getUTCDate()), pad(d.getUTCHours())];
  const out: Values = layout.hiveCompatiblePartitions ? { year: y, month: m, day } : { day: `${y}/${m}/${day}` };
  if (layout.perHourPartition) {
    out['hour'] = h;
  }
  return out;
}

const LAYOUTS: PartitionLayout[] = [
  {}, { perHourPartition: true }, { hiveCompatiblePartitions: true }, { hiveCompatiblePartitions: true, perHourPartition: true },
];

describe('Athena partition predicates', () => {
  it('name whole days, and the hours of partial days, in the plain layout', () => {
    assert.equal(partitionPredicate({}, t(2024, 11, 27, 8), t(2024, 11, 27, 9), 0), "day = '2024/11/27'");
    assert.equal(partitionPredicate({}, t(2024, 11, 27, 8), t(2024, 11, 29, 9), 0), "day BETWEEN '2024/11/27' AND '2024/11/29'");
    assert.equal(partitionPredicate({ perHourPartition: true }, t(2024, 11, 27, 8), t(2024, 11, 27, 9, 30), 0), "day = '2024/11/27' AND hour BETWEEN '08' AND '09'");
    assert.equal(
      partitionPredicate({ perHourPartition: true }, t(2024, 11, 27, 8), t(2024, 11, 30, 9, 30), 0),
      "((day = '2024/11/27' AND hour BETWEEN '08' AND '23') OR (day BETWEEN '2024/11/28' AND '2024/11/29') OR (day = '2024/11/30' AND hour BETWEEN '00' AND '09'))",
    );
  });

  it('name years, months, days and hours in the Hive layout, as coarsely as the range allows', () => {
    assert.equal(
      partitionPredicate({ hiveCompatiblePartitions: true }, t(2024, 11, 27, 8), t(2024, 12, 2), 0),
      "((year = '2024' AND month = '11' AND day BETWEEN '27' AND '30') OR (year = '2024' AND month = '12' AND day BETWEEN '01' AND '02'))",
    );
    assert.equal(
      partitionPredicate({ hiveCompatiblePartitions: true }, t(2023, 11, 27), t(2026, 2, 3), 0),
      "((year = '2023' AND month = '11' AND day BETWEEN '27' AND '30') OR (year = '2023' AND month = '12') OR (year BETWEEN '2024' AND '2025') OR (year = '2026' AND month = '01') OR (year = '2026' AND month = '02' AND day BETWEEN '01' AND '03'))",
    );
    assert.equal(
      partitionPredicate({ hiveCompatiblePartitions: true, perHourPartition: true }, t(2024, 2, 29, 22), t(2024, 3, 1, 1), 0),
      "((year = '2024' AND month = '02' AND day = '29' AND hour BETWEEN '22' AND '23') OR (year = '2024' AND month = '03' AND day = '01' AND hour BETWEEN '00' AND '01'))",
    );
  });

  it('stretch the end of the range by the delivery lag (one hour by default), never the start', () => {
    assert.equal(partitionPredicate({}, t(2024, 11, 27, 22), t(2024, 11, 27, 23, 30)), "day BETWEEN '2024/11/27' AND '2024/11/28'");
    assert.equal(partitionPredicate({ perHourPartition: true }, t(2024, 11, 27, 8), t(2024, 11, 27, 9)), "day = '2024/11/27' AND hour BETWEEN '08' AND '10'");
    assert.equal(partitionPredicate({ perHourPartition: true }, t(2024, 11, 27, 8), t(2024, 11, 27, 9), 1800), "day = '2024/11/27' AND hour BETWEEN '08' AND '09'");
  });

  it('select exactly the partitions whose period overlaps the range plus the lag, in every layout (random ranges)', () => {
    const r = rng(16);
    for (let k = 0; k < 120; k++) {
      const layout = LAYOUTS[k % LAYOUTS.length]!;
      const from = t(2023, 12, 20) + Math.floor(r() * 80 * 86400);
      const to = from + Math.floor(r() * (k % 3 === 0 ? 3 * 86400 : 70 * 86400));
      const lag = Math.floor(r() * 7200);
      const predicate = partitionPredicate(layout, from, to, lag);
      const unit = layout.perHourPartition ? 3600 : 86400;
      // Every hour from well before to well after the range: selected exactly when its partition's period overlaps.
      for (let s = t(2023, 12, 1); s < t(2024, 5, 1); s += 3600) {
        const start = Math.floor(s / unit) * unit;
        const overlaps = start + unit > from && start <= to + lag;
        assert.equal(matches(predicate, valuesOf(layout, s)), overlaps, `${JSON.stringify(layout)} ${new Date(from * 1000).toISOString()}..${new Date(to * 1000).toISOString()} +${lag}s at ${new Date(s * 1000).toISOString()}: ${predicate}`);
      }
    }
  });

  it('refuse an empty or unreadable range', () => {
    assert.throws(() => partitionPredicate({}, t(2024, 1, 2), t(2024, 1, 1)), /partition predicate failed: the time range .* is empty/);
    assert.throws(() => partitionPredicate({}, Number.NaN, t(2024, 1, 1)), /partition predicate failed/);
    assert.throws(() => partitionPredicate({}, t(2024, 1, 1), t(2024, 1, 2), -1), /delivery lag -1 is negative/);
  });
});
