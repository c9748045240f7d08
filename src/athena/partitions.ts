/**
 * Partition predicates for a time range, so a query reads only the days (and hours) in which the
 * records of that range were delivered. Files land in the folder of their delivery time, which comes
 * after the records' `start` (aggregation interval, then ~10 minutes of delivery, best effort): the
 * range's end is stretched by a delivery lag, never its start.
 *
 * The predicate names whole periods as coarsely as it can: `day BETWEEN '2024/11/02' AND '2024/11/29'`
 * for full days, `(day = '2024/11/01' AND hour BETWEEN '08' AND '23')` for the part of a day, and for
 * the Hive layout years, months, days and hours the same way.
 */
import { partitionColumns, type PartitionLayout } from './ddl';

/** Default delivery lag added to the end of a range, in seconds. */
export const DEFAULT_DELIVERY_LAG_SECONDS = 3600;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A period of one partition column: its value and [start, end) in Unix seconds. */
interface Period {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

type Level = (parent: Period | undefined, from: number, to: number) => Period[];

const utc = (y: number, m: number): number => Date.UTC(y, m, 1) / 1000;

/** The periods of one level that overlap [from, to], within the parent period. */
function years(_: Period | undefined, from: number, to: number): Period[] {
  const out: Period[] = [];
  for (let y = new Date(from * 1000).getUTCFullYear(); y <= new Date(to * 1000).getUTCFullYear(); y++) {
    out.push({ value: pad(y, 4), start: utc(y, 0), end: utc(y + 1, 0) });
  }
  return out;
}

function months(parent: Period | undefined, from: number, to: number): Period[] {
  const y = Number(parent!.value);
  const out: Period[] = [];
  for (let m = 0; m < 12; m++) {
    const p = { value: pad(m + 1), start: utc(y, m), end: utc(y, m + 1) };
    if (p.end > from && p.start <= to) {
      out.push(p);
    }
  }
  return out;
}

function daysOfMonth(parent: Period | undefined, from: number, to: number): Period[] {
  const out: Period[] = [];
  for (let t = parent!.start; t < parent!.end; t += 86400) {
    if (t + 86400 > from && t <= to) {
      out.push({ value: pad(new Date(t * 1000).getUTCDate()), start: t, end: t + 86400 });
    }
  }
  return out;
}

/** Whole days as `yyyy/MM/dd` (the plain layout's `day` partition). */
function plainDays(_: Period | undefined, from: number, to: number): Period[] {
  const out: Period[] = [];
  const first = Math.floor(from / 86400) * 86400;
  for (let t = first; t <= to; t += 86400) {
    const d = new Date(t * 1000);
    out.push({ value: `${pad(d.getUTCFullYear(), 4)}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`, start: t, end: t + 86400 });
  }
  return out;
}

function hours(parent: Period | undefined, from: number, to: number): Period[] {
  const out: Period[] = [];
  for (let t = parent!.start; t < parent!.end; t += 3600) {
    if (t + 3600 > from && t <= to) {
      out.push({ value: pad(new Date(t * 1000).getUTCHours()), start: t, end: t + 3600 });
    }
  }
  return out;
}

/**
 * Conditions covering the periods that overlap [from, to]: a run of periods the range covers whole is
 * one condition (`=` or `BETWEEN`); a period covered in part is refined by the next level (at the last
 * level, any overlap counts as whole).
 */
function cover(levels: readonly Level[], columns: readonly string[], depth: number, parent: Period | undefined, outer: readonly string[], from: number, to: number): string[] {
  const column = columns[depth]!;
  const last = depth === levels.length - 1;
  const out: string[] = [];
  let run: Period[] = [];
  const flush = (): void => {
    if (run.length > 0) {
      const cond = run.length === 1 ? `${column} = '${run[0]!.value}'` : `${column} BETWEEN '${run[0]!.value}' AND '${run[run.length - 1]!.value}'`;
      out.push([...outer, cond].join(' AND '));
      run = [];
    }
  };
  for (const p of levels[depth]!(parent, from, to)) {
    if (last || (p.start >= from && p.end - 1 <= to)) {
      run.push(p);
    } else {
      flush();
      out.push(...cover(levels, columns, depth + 1, p, [...outer, `${column} = '${p.value}'`], Math.max(from, p.start), Math.min(to, p.end - 1)));
    }
  }
  flush();
  return out;
}

/**
 * The partition predicate of a query over records whose `start` is in [from, to] (Unix seconds, both
 * inclusive): the delivery periods from `from` to `to + deliveryLagSeconds`, in the table's layout.
 * Already parenthesised when it has several terms.
 */
export function partitionPredicate(layout: PartitionLayout, from: number, to: number, deliveryLagSeconds = DEFAULT_DELIVERY_LAG_SECONDS): string {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) {
    throw new Error(`Athena partition predicate failed: the time range ${from} to ${to} is empty or not numbers`);
  }
  if (!(deliveryLagSeconds >= 0)) {
    throw new Error(`Athena partition predicate failed: delivery lag ${deliveryLagSeconds} is negative`);
  }
  const end = Math.floor(to + deliveryLagSeconds);
  const columns = partitionColumns(layout);
  const hourly = layout.perHourPartition === true;
  const levels: Level[] = layout.hiveCompatiblePartitions === true
    ? [years, months, daysOfMonth, ...(hourly ? [hours] : [])]
    : [plainDays, ...(hourly ? [hours] : [])];
  const terms = cover(levels, columns, 0, undefined, [], Math.floor(from), end);
  return terms.length === 1 ? terms[0]! : `(${terms.map((t) => (t.includes(' AND ') ? `(${t})` : t)).join(' OR ')})`;
}
