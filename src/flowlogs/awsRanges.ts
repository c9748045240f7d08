/**
 * AWS's published IP address ranges (`https://ip-ranges.amazonaws.com/ip-ranges.json`): parsed into a
 * compact longest-prefix-match table, so a flow log's public address can be named with the AWS service
 * and region it belongs to ("52.94.21.153: AMAZON, us-west-2"). Pure: no `vscode`, no network; the
 * extension fetches and caches the file, this module only reads it.
 *
 * The file lists about 10,000 prefixes, many of them nested (a /15 of EC2 holds a /29 of
 * EC2_INSTANCE_CONNECT) and the same prefix once per service (`AMAZON` and `EC2`). The table flattens
 * them into disjoint segments, each pointing at its most specific prefix, sorted by start address:
 * a lookup is one binary search over typed arrays, with no allocation for IPv4.
 */
import { parseIPv4, parseIPv6 } from './ip';

/** What the ranges say about one address. */
export interface AwsRange {
  /** The most specific prefix holding the address, as the file writes it (`52.94.16.0/20`). */
  readonly prefix: string;
  /** The most specific service of that prefix (`EC2` rather than `AMAZON` when both list it). */
  readonly service: string;
  /** Every service listing that prefix, most specific first (`['EC2', 'AMAZON']`). */
  readonly services: readonly string[];
  /** `us-west-2`, or `GLOBAL` (CloudFront and other global services). */
  readonly region: string;
  readonly networkBorderGroup: string;
}

/** `AMAZON` names every AWS address; any other service says more. */
const GENERAL_SERVICE = 'AMAZON';

/** A prefix with the services that list it, before flattening. */
interface Entry {
  readonly prefix: string;
  readonly start: bigint;
  readonly end: bigint;
  readonly bits: number;
  region: string;
  networkBorderGroup: string;
  services: string[];
}

/** Disjoint segments sorted by start; `entry[i]` indexes {@link AwsIpRanges.entries}. */
interface Segments {
  readonly entry: Uint32Array;
}

interface V4Segments extends Segments {
  readonly start: Uint32Array;
  readonly end: Uint32Array;
}

/** IPv6 segment bounds as two 64-bit halves each (a /128 needs both). */
interface V6Segments extends Segments {
  readonly startHi: BigUint64Array;
  readonly startLo: BigUint64Array;
  readonly endHi: BigUint64Array;
  readonly endLo: BigUint64Array;
}

const MASK64 = (1n << 64n) - 1n;

function v4Value(text: string): bigint | undefined {
  const v = parseIPv4(text);
  return v < 0 ? undefined : BigInt(v);
}

function v6Value(text: string): bigint | undefined {
  const words = parseIPv6(text);
  if (!words) {
    return undefined;
  }
  let value = 0n;
  for (const w of words) {
    value = (value << 32n) | BigInt(w);
  }
  return value;
}

/** A CIDR block as the first and last address of its range, or undefined when it is not one. */
function parsePrefix(text: unknown, family: 4 | 6): { start: bigint; end: bigint; bits: number } | undefined {
  if (typeof text !== 'string') {
    return undefined;
  }
  const slash = text.indexOf('/');
  const width = family === 4 ? 32 : 128;
  const bits = slash < 0 ? width : Number(text.slice(slash + 1));
  if (!Number.isInteger(bits) || bits < 0 || bits > width) {
    return undefined;
  }
  const base = (family === 4 ? v4Value : v6Value)(slash < 0 ? text : text.slice(0, slash));
  if (base === undefined) {
    return undefined;
  }
  const host = (1n << BigInt(width - bits)) - 1n;
  const start = base & ~host & ((1n << BigInt(width)) - 1n);
  return { start, end: start | host, bits };
}

/** Most specific service first: anything before `AMAZON`, otherwise the file's order. */
function orderServices(services: readonly string[]): string[] {
  const specific = services.filter((s) => s !== GENERAL_SERVICE);
  return specific.length < services.length ? [...specific, GENERAL_SERVICE] : [...specific];
}

/**
 * Flattens nested prefixes into disjoint segments, each owned by the innermost prefix covering it.
 * CIDR blocks are either nested or disjoint, so one sweep with a stack of open prefixes does it.
 */
function flatten(entries: readonly Entry[]): { start: bigint; end: bigint; entry: number }[] {
  const order = entries.map((_, i) => i).sort((a, b) => {
    const x = entries[a]!;
    const y = entries[b]!;
    return x.start < y.start ? -1 : x.start > y.start ? 1 : x.bits - y.bits;
  });
  const out: { start: bigint; end: bigint; entry: number }[] = [];
  const emit = (start: bigint, end: bigint, entry: number): void => {
    if (start <= end) {
      out.push({ start, end, entry });
    }
  };
  const stack: number[] = [];
  let cursor = 0n;
  for (const i of order) {
    const next = entries[i]!;
    while (stack.length > 0 && entries[stack[stack.length - 1]!]!.end < next.start) {
      const done = stack.pop()!;
      emit(cursor, entries[done]!.end, done);
      cursor = entries[done]!.end + 1n;
    }
    if (stack.length > 0) {
      emit(cursor, next.start - 1n, stack[stack.length - 1]!);
    }
    stack.push(i);
    cursor = next.start;
  }
  while (stack.length > 0) {
    const done = stack.pop()!;
    emit(cursor, entries[done]!.end, done);
    cursor = entries[done]!.end + 1n;
  }
  return out;
}

/** Thrown by {@link parseAwsIpRanges} for a document that is not AWS's ip-ranges.json. */
export class AwsIpRangesError extends Error {}

/** AWS's IP ranges, ready for lookups. Build it with {@link parseAwsIpRanges}. */
export class AwsIpRanges {
  private readonly v4: V4Segments;
  private readonly v6: V6Segments;

  /** @internal use {@link parseAwsIpRanges}. */
  constructor(
    /** The file's `syncToken` (Unix seconds of its publication, as a string). */
    readonly syncToken: string,
    /** The file's `createDate`, e.g. `2024-11-27-20-13-07` (UTC). */
    readonly createDate: string,
    /** One entry per distinct prefix. */
    readonly entries: readonly AwsRange[],
    v4: readonly { start: bigint; end: bigint; entry: number }[],
    v6: readonly { start: bigint; end: bigint; entry: number }[],
  ) {
    this.v4 = {
      start: Uint32Array.from(v4, (s) => Number(s.start)),
      end: Uint32Array.from(v4, (s) => Number(s.end)),
      entry: Uint32Array.from(v4, (s) => s.entry),
    };
    this.v6 = {
      startHi: BigUint64Array.from(v6, (s) => s.start >> 64n),
      startLo: BigUint64Array.from(v6, (s) => s.start & MASK64),
      endHi: BigUint64Array.from(v6, (s) => s.end >> 64n),
      endLo: BigUint64Array.from(v6, (s) => s.end & MASK64),
      entry: Uint32Array.from(v6, (s) => s.entry),
    };
  }

  /** Number of distinct prefixes (IPv4 and IPv6). */
  get size(): number {
    return this.entries.length;
  }

  /** The publication date as `YYYY-MM-DD` (UTC), from `createDate`. */
  get date(): string {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(this.createDate);
    return m ? `${m[1]}-${m[2]}-${m[3]}` : this.createDate;
  }

  /** The most specific AWS range holding an address (IPv4 or IPv6), or undefined. */
  lookup(address: string): AwsRange | undefined {
    const v4 = parseIPv4(address);
    if (v4 >= 0) {
      const { start, end, entry } = this.v4;
      let lo = 0;
      let hi = start.length - 1;
      // The last segment starting at or before the address.
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (start[mid]! <= v4) {
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return hi >= 0 && v4 <= end[hi]! ? this.entries[entry[hi]!] : undefined;
    }
    const v6 = v6Value(address);
    if (v6 === undefined) {
      return undefined;
    }
    const aHi = v6 >> 64n;
    const aLo = v6 & MASK64;
    const { startHi, startLo, endHi, endLo, entry } = this.v6;
    let lo = 0;
    let hi = startHi.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (startHi[mid]! < aHi || (startHi[mid] === aHi && startLo[mid]! <= aLo)) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (hi < 0) {
      return undefined;
    }
    const inside = aHi < endHi[hi]! || (aHi === endHi[hi] && aLo <= endLo[hi]!);
    return inside ? this.entries[entry[hi]!] : undefined;
  }

  /** "AMAZON, us-west-2" for an AWS address, undefined otherwise. */
  label(address: string): string | undefined {
    const range = this.lookup(address);
    return range ? awsRangeLabel(range) : undefined;
  }
}

/** The short name of a range: its most specific service and its region, e.g. "EC2, us-west-2". */
export function awsRangeLabel(range: AwsRange): string {
  return `${range.service}, ${range.region}`;
}

type Unknown = Record<string, unknown>;
const isObject = (value: unknown): value is Unknown => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Reads AWS's `ip-ranges.json` (the text or the parsed value). Prefixes that cannot be read are skipped;
 * a document without `prefixes` is not the file and throws an {@link AwsIpRangesError}.
 */
export function parseAwsIpRanges(input: unknown): AwsIpRanges {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (error) {
      throw new AwsIpRangesError(`Reading AWS IP ranges failed: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (!isObject(doc) || !Array.isArray(doc['prefixes'])) {
    throw new AwsIpRangesError('Reading AWS IP ranges failed: no "prefixes" list (is this ip-ranges.json?)');
  }
  const byPrefix = new Map<string, Entry>();
  const add = (family: 4 | 6, list: unknown, key: string): Entry[] => {
    const entries: Entry[] = [];
    for (const item of Array.isArray(list) ? list : []) {
      if (!isObject(item)) {
        continue;
      }
      const prefix = item[key];
      const range = parsePrefix(prefix, family);
      if (!range) {
        continue;
      }
      const name = `${range.start.toString(16)}/${range.bits}/${family}`;
      const service = text(item['service']) || GENERAL_SERVICE;
      const existing = byPrefix.get(name);
      if (existing) {
        if (!existing.services.includes(service)) {
          existing.services.push(service);
        }
        // The region of the most specific service wins (they agree in AWS's file).
        if (service !== GENERAL_SERVICE) {
          existing.region = text(item['region']) || existing.region;
          existing.networkBorderGroup = text(item['network_border_group']) || existing.networkBorderGroup;
        }
        continue;
      }
      const entry: Entry = {
        prefix: prefix as string,
        ...range,
        region: text(item['region']),
        networkBorderGroup: text(item['network_border_group']),
        services: [service],
      };
      byPrefix.set(name, entry);
      entries.push(entry);
    }
    return entries;
  };
  const v4 = add(4, doc['prefixes'], 'ip_prefix');
  const v6 = add(6, doc['ipv6_prefixes'], 'ipv6_prefix');
  const all = [...v4, ...v6];
  const ranges: AwsRange[] = all.map((e) => {
    const services = orderServices(e.services);
    return { prefix: e.prefix, service: services[0]!, services, region: e.region, networkBorderGroup: e.networkBorderGroup };
  });
  const v6Offset = v4.length;
  const v4Segments = flatten(v4);
  const v6Segments = flatten(v6).map((s) => ({ ...s, entry: s.entry + v6Offset }));
  return new AwsIpRanges(text(doc['syncToken']), text(doc['createDate']), ranges, v4Segments, v6Segments);
}
