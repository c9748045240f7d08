/**
 * Time ranges of a query: relative presets (`1h`: the hour up to now) and absolute ranges
 * (`2024-11-27T08:00:00Z/2024-11-27T09:00:00Z`), written as text in query file headers and the history.
 * StartQuery takes Unix seconds, both ends inclusive.
 */

/** A relative range: the last `seconds` up to the moment the query starts. */
export interface RelativeRange {
  readonly kind: 'relative';
  readonly seconds: number;
}

/** An absolute range, Unix seconds. */
export interface AbsoluteRange {
  readonly kind: 'absolute';
  readonly start: number;
  readonly end: number;
}

export type TimeRange = RelativeRange | AbsoluteRange;

const UNIT_SECONDS: Readonly<Record<string, number>> = { m: 60, h: 3600, d: 86400, w: 604800 };

/** The presets offered in the picker, shortest first. */
export const TIME_PRESETS: readonly { readonly text: string; readonly label: string }[] = [
  { text: '5m', label: 'Last 5 minutes' },
  { text: '15m', label: 'Last 15 minutes' },
  { text: '30m', label: 'Last 30 minutes' },
  { text: '1h', label: 'Last hour' },
  { text: '3h', label: 'Last 3 hours' },
  { text: '12h', label: 'Last 12 hours' },
  { text: '1d', label: 'Last day' },
  { text: '3d', label: 'Last 3 days' },
  { text: '1w', label: 'Last week' },
];

/** Parses an ISO 8601 date-time; a value without a zone is taken as UTC (flow logs are in UTC). */
function parseInstant(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(t)) {
    return undefined;
  }
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(t) && t.length > 10;
  const iso = t.replace(' ', 'T') + (hasZone ? '' : t.length === 10 ? 'T00:00:00Z' : 'Z');
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * Reads a range: `15m`, `1h`, `2d`, `1w` (relative), or `start/end` with ISO 8601 date-times (absolute,
 * UTC unless a zone is given). Undefined when unreadable or when the end is not after the start.
 */
export function parseTimeRange(text: string): TimeRange | undefined {
  const t = text.trim();
  const rel = /^(\d+)\s*([mhdw])$/i.exec(t);
  if (rel) {
    const seconds = Number(rel[1]) * UNIT_SECONDS[rel[2]!.toLowerCase()]!;
    return seconds > 0 ? { kind: 'relative', seconds } : undefined;
  }
  const parts = t.split('/');
  if (parts.length === 2) {
    const start = parseInstant(parts[0]!);
    const end = parseInstant(parts[1]!);
    if (start !== undefined && end !== undefined && end > start) {
      return { kind: 'absolute', start, end };
    }
  }
  return undefined;
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** The text form of a range (what {@link parseTimeRange} reads back). */
export function formatTimeRange(range: TimeRange): string {
  if (range.kind === 'absolute') {
    return `${iso(range.start)}/${iso(range.end)}`;
  }
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    const size = UNIT_SECONDS[unit]!;
    if (range.seconds % size === 0) {
      return `${range.seconds / size}${unit}`;
    }
  }
  return `${Math.max(1, Math.round(range.seconds / 60))}m`;
}

/** A readable description: "last 1h" or "2024-11-27 08:00 to 09:00 UTC". */
export function describeTimeRange(range: TimeRange): string {
  if (range.kind === 'relative') {
    return TIME_PRESETS.find((p) => p.text === formatTimeRange(range))?.label.toLowerCase() ?? `last ${formatTimeRange(range)}`;
  }
  const a = iso(range.start).replace('T', ' ').replace(/:00Z$|Z$/, '');
  const b = iso(range.end).replace('T', ' ').replace(/:00Z$|Z$/, '');
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} to ${b.slice(11)} UTC` : `${a} to ${b} UTC`;
}

/** StartQuery's `startTime`/`endTime` (Unix seconds) for a range, at the moment `nowMs`. */
export function resolveTimeRange(range: TimeRange, nowMs: number): { startTime: number; endTime: number } {
  if (range.kind === 'absolute') {
    return { startTime: range.start, endTime: range.end };
  }
  const endTime = Math.floor(nowMs / 1000);
  return { startTime: endTime - range.seconds, endTime };
}
