/**
 * Numbers for people, the same everywhere (tree rows, the viewer, Logs Insights): counts with
 * thousands separators, bytes in binary units (KiB, MiB, ...). Pure: the webviews use it too.
 */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** `1234567` -> `1,234,567`. */
export function formatCount(value: number): string {
  return integer.format(value);
}

/** A count with its noun: `1 record`, `2 records`, `1,234 lines`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** Bytes in binary units: `344` -> `344 B`, `124758` -> `121.8 KiB`. */
export function formatBytes(value: number): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  let unit = 0;
  let scaled = Math.abs(value);
  while (scaled >= 1024 && unit < UNITS.length - 1) {
    scaled /= 1024;
    unit++;
  }
  const sign = value < 0 ? '-' : '';
  return unit === 0 ? `${sign}${integer.format(scaled)} B` : `${sign}${oneDecimal.format(scaled)} ${UNITS[unit]}`;
}
