/**
 * How values are shown in the viewer's cells. Pure (no DOM), so the unit tests run it in Node.
 */
import { formatBytes, formatCount } from '../common/format';
import type { Cell, ColumnKind } from './types';

export { formatBytes, formatCount };

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Unix seconds as `YYYY-MM-DD HH:MM:SS`, in UTC or in the viewer's local time zone. */
export function formatTime(seconds: number, utc: boolean): string {
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) {
    return String(seconds);
  }
  return utc
    ? `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
    : `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** The local time zone's offset from UTC at a moment, e.g. `UTC+01:00`. */
export function utcOffset(seconds: number): string {
  const minutes = -new Date(seconds * 1000).getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** Parses `YYYY-MM-DD HH:MM[:SS]` (or with a `T`) in UTC or local time to Unix seconds; undefined when unreadable. */
export function parseTime(text: string, utc: boolean): number | undefined {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$/.exec(text);
  if (!m) {
    return undefined;
  }
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const ms = utc ? Date.UTC(y, mo - 1, d, h, mi, s) : new Date(y, mo - 1, d, h, mi, s).getTime();
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** Kinds whose values are right-aligned. */
export function isNumericKind(kind: ColumnKind): boolean {
  return kind === 'number' || kind === 'count' || kind === 'bytes' || kind === 'port' || kind === 'protocol' || kind === 'flags';
}

/** The text of a cell (without its note); `-` for an absent value. */
export function cellText(kind: ColumnKind, value: Cell, utc: boolean): string {
  if (value === null) {
    return '-';
  }
  if (typeof value === 'string') {
    return value;
  }
  switch (kind) {
    case 'bytes':
      return formatBytes(value);
    case 'count':
      return formatCount(value);
    case 'time':
      return formatTime(value, utc);
    default:
      return String(value);
  }
}

/** The tooltip of a cell: the exact value where the cell shows a rounded or converted one. */
export function cellTitle(kind: ColumnKind, value: Cell, utc: boolean, note?: string): string {
  if (value === null) {
    return 'no value (-)';
  }
  let title: string;
  switch (kind) {
    case 'bytes':
      title = typeof value === 'number' ? `${formatCount(value)} bytes` : value;
      break;
    case 'time':
      title =
        typeof value === 'number'
          ? `${formatTime(value, !utc)} ${utc ? utcOffset(value) : 'UTC'} (Unix ${value})`
          : value;
      break;
    default:
      title = String(value);
  }
  return note ? `${title} — ${note}` : title;
}
