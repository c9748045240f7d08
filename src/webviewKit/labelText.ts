/**
 * Short forms of ids, labels and counts for places with little room (the summary, the line of folded
 * columns, table notes); the full text goes in a tooltip. Pure (no DOM): unit-tested in Node.
 */

/** Longest id shown whole; IPv4 addresses (at most 15 characters) are never shortened. */
const LONGEST = 16;

/**
 * An id shortened in the middle, where ids of one account look alike least: `eni-0a1b2c3d4e5f60718`
 * becomes `eni-0a1b…0718`. Short text is returned as it is.
 */
export function middleEllipsis(text: string, longest = LONGEST): string {
  return text.length <= longest ? text : `${text.slice(0, 8)}…${text.slice(-4)}`;
}

/**
 * The name in a label, without what it adds in brackets: `Instance 1 (eni-0a1b2c3d4e5f60718)` ->
 * `Instance 1`, `AMAZON, us-west-2 (52.94.16.0/20 in AWS's IP ranges of 2024-11-27)` -> `AMAZON, us-west-2`.
 */
export function shortLabel(label: string): string {
  const m = /^(.+?) \(.*\)$/.exec(label);
  return m ? m[1]! : label;
}

export { plural } from '../common/format';
