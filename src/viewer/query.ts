/**
 * Turns the toolbar's filter into the engine's {@link FilterSpec}: inputs are validated (a problem per
 * unreadable input, which is then ignored, so the table stays useful while the user types), time
 * presets are resolved against the newest record, partial interface ids and several alternatives are
 * expanded, and the free-text search also finds address labels ("Instance 2") and service names
 * ("ssh"), which the engine does not know.
 */
import {
  DictColumn,
  allRows,
  filter as engineFilter,
  portName,
  protocolNumber,
  sortView,
  type FilterSpec,
  type FlowLogStore,
  type PortSpec,
  type RowView,
} from '../flowlogs';
import { parseCidr } from '../flowlogs/ip';
import type { AddressLabels } from './labels';
import { TIME_PRESET_SECONDS, type FilterProblem, type FilterState, type SortState } from './protocol';

/** What a filter needs besides the store. */
export interface QueryContext {
  readonly labels: AddressLabels;
  /** The newest record time (Unix seconds): time presets count back from it. */
  readonly newest: number | null;
}

/** The rows a filter keeps (in store order), and the inputs it could not read. */
export interface FilterResult {
  readonly view: RowView;
  readonly problems: readonly FilterProblem[];
}

/** Comma-separated alternatives, trimmed, empty ones dropped. */
function alternatives(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** True for an address input the engine can use: a CIDR block, an address, or the start of one. */
export function isAddressInput(text: string): boolean {
  const t = text.trim();
  if (t.includes('/')) {
    return parseCidr(t) !== undefined;
  }
  return /^[0-9a-f.:]+$/i.test(t);
}

/** Port inputs (`22`, `1024-65535`, `80, 443`) as the engine's port spec, or undefined when unreadable. */
export function parsePortInput(text: string): PortSpec | undefined {
  const ports: number[] = [];
  const parts = alternatives(text);
  for (const part of parts) {
    const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(part);
    if (!m) {
      return undefined;
    }
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi > 65535 || hi < lo) {
      return undefined;
    }
    if (parts.length === 1) {
      return lo === hi ? lo : { from: lo, to: hi };
    }
    for (let p = lo; p <= hi; p++) {
      ports.push(p);
    }
  }
  return ports;
}

/** Protocol inputs (`tcp`, `6`, `tcp, udp`) as protocol numbers, or undefined when unreadable. */
export function parseProtocolInput(text: string): number[] | undefined {
  const out: number[] = [];
  for (const part of alternatives(text)) {
    const n = /^\d{1,3}$/.test(part) ? Number(part) : protocolNumber(part);
    if (n === undefined || n > 255) {
      return undefined;
    }
    out.push(n);
  }
  return out;
}

/** The time range a filter asks for (`from <= start < to`), or undefined for all time. */
export function timeBounds(filter: FilterState, newest: number | null): { from?: number; to?: number } | undefined {
  const t = filter.time;
  if (t.preset === 'custom') {
    const range = { ...(t.from != null ? { from: t.from } : {}), ...(t.to != null ? { to: t.to } : {}) };
    return Object.keys(range).length ? range : undefined;
  }
  const seconds = TIME_PRESET_SECONDS[t.preset];
  return seconds && newest !== null ? { from: newest - seconds } : undefined;
}

/** Well-known ports whose service name contains the text (`ssh` -> 22). */
function portsNamed(text: string): number[] {
  const out: number[] = [];
  for (let port = 0; port <= 65535; port++) {
    const name = portName(port);
    if (name !== undefined && name.toLowerCase().includes(text)) {
      out.push(port);
    }
  }
  return out;
}

/** Rows in either of two views that are both in store order (a sorted merge without duplicates). */
function union(a: RowView, b: RowView): RowView {
  if (b.length === 0) {
    return a;
  }
  if (a.length === 0) {
    return b;
  }
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : Infinity;
    const y = j < b.length ? b[j]! : Infinity;
    if (x <= y) {
      out[k++] = x;
      i++;
      if (x === y) {
        j++;
      }
    } else {
      out[k++] = y;
      j++;
    }
  }
  return out.subarray(0, k);
}

/**
 * Applies the toolbar's filter to a store. Several alternatives in an address field (`10.1.0.0/16,
 * 10.2.0.0/16`) run as one engine filter each, and their rows are merged.
 */
export function applyFilter(store: FlowLogStore, filter: FilterState, context: QueryContext, within?: RowView): FilterResult {
  const problems: FilterProblem[] = [];
  const spec: { -readonly [K in keyof FilterSpec]: FilterSpec[K] } = {};
  if (filter.actions.length > 0) {
    spec.action = filter.actions;
  }
  if (filter.statuses.length > 0) {
    spec.logStatus = filter.statuses;
  }
  if (filter.protocol.trim()) {
    const protocols = parseProtocolInput(filter.protocol);
    if (protocols) {
      spec.protocol = protocols;
    } else {
      problems.push({ key: 'protocol', message: `"${filter.protocol.trim()}" is not a protocol number or name (tcp, udp, icmp, 6, 17...)` });
    }
  }
  for (const key of ['srcport', 'dstport'] as const) {
    if (filter[key].trim()) {
      const ports = parsePortInput(filter[key]);
      if (ports !== undefined) {
        spec[key] = ports;
      } else {
        problems.push({ key, message: `"${filter[key].trim()}" is not a port (0-65535), a range (1024-65535) or a list of them` });
      }
    }
  }
  if (filter.interfaceId.trim()) {
    // Partial ids as typed: every interface of the data whose id contains one of the alternatives.
    const wanted = alternatives(filter.interfaceId.toLowerCase());
    const column = store.column('interface-id');
    spec.interfaceId = column instanceof DictColumn ? column.dict.strings.slice(1).filter((id) => wanted.some((w) => id.toLowerCase().includes(w))) : [];
  }
  const time = timeBounds(filter, context.newest);
  if (time) {
    Object.assign(spec, time);
  }
  const addressSets: { key: 'srcaddr' | 'dstaddr'; values: string[] }[] = [];
  for (const key of ['srcaddr', 'dstaddr'] as const) {
    const values = alternatives(filter[key]);
    const bad = values.filter((v) => !isAddressInput(v));
    if (bad.length > 0) {
      problems.push({ key, message: `"${bad.join(', ')}" is not an address, the start of one (10.1.) or a CIDR block (10.1.0.0/16)` });
    } else if (values.length > 0) {
      addressSets.push({ key, values });
    }
  }

  const text = filter.text.trim();
  const run = (extra: FilterSpec): RowView => {
    const combos = addressSets.reduce<FilterSpec[]>(
      (specs, { key, values }) => specs.flatMap((s) => values.map((v) => ({ ...s, [key]: v }))),
      [{ ...spec, ...extra }],
    );
    return combos.map((s) => engineFilter(store, s, within)).reduce(union);
  };
  let view = text ? run({ text }) : run({});
  if (text) {
    // The engine searches the fields as written; labels and service names are the viewer's additions.
    const needle = text.toLowerCase();
    for (const address of context.labels.matching(needle)) {
      for (const key of ['srcaddr', 'dstaddr'] as const) {
        if (addressSets.every((s) => s.key !== key)) {
          view = union(view, run({ [key]: address }));
        }
      }
    }
    const ports = portsNamed(needle);
    if (ports.length > 0) {
      for (const key of ['srcport', 'dstport'] as const) {
        if (spec[key] === undefined) {
          view = union(view, run({ [key]: ports }));
        }
      }
    }
  }
  return { view, problems };
}

/**
 * True when every record `next` keeps is also kept by `previous` (the user typed more characters, or
 * added a condition), so `next` can run over `previous`'s rows instead of the whole store: typing stays
 * fast however many records there are.
 */
export function narrows(previous: FilterState, next: FilterState): boolean {
  const within = <T>(before: readonly T[], after: readonly T[]): boolean => after.length > 0 ? before.length === 0 || after.every((v) => before.includes(v)) : before.length === 0;
  const typedOn = (before: string, after: string, pattern: RegExp): boolean => {
    const b = before.trim().toLowerCase();
    const a = after.trim().toLowerCase();
    if (a === b || b === '') {
      return true;
    }
    // Prefix and substring matches only shrink as the text grows. CIDR blocks, lists of alternatives and
    // unreadable input (which is ignored) do not, so they are filtered from scratch.
    return a.startsWith(b) && pattern.test(a) && pattern.test(b);
  };
  // A complete address matches exactly (10.2.15.2 is not 10.2.15.21...): only a partial one is a prefix.
  const typedAddress = (before: string, after: string): boolean =>
    typedOn(before, after, plainAddress) && (before.trim() === after.trim() || before.trim() === '' || parseCidr(before.trim()) === undefined);
  // Exact-value inputs (ports, protocols) narrow only when they were empty before.
  const exactly = (before: string, after: string): boolean => before.trim() === '' || before.trim() === after.trim();
  const plainAddress = /^[0-9a-f.:]+$/;
  const plainId = /^[^,]+$/;
  const anyText = /^/;
  return (
    within(previous.actions, next.actions) &&
    within(previous.statuses, next.statuses) &&
    exactly(previous.protocol, next.protocol) &&
    exactly(previous.srcport, next.srcport) &&
    exactly(previous.dstport, next.dstport) &&
    (previous.time.preset === 'all' || JSON.stringify(previous.time) === JSON.stringify(next.time)) &&
    typedAddress(previous.srcaddr, next.srcaddr) &&
    typedAddress(previous.dstaddr, next.dstaddr) &&
    typedOn(previous.interfaceId, next.interfaceId, plainId) &&
    typedOn(previous.text, next.text, anyText)
  );
}

/** A sorted copy of a view (the engine's stable radix sort), or the view itself without a sort. */
export function sortRows(store: FlowLogStore, view: RowView, sort: SortState | null): RowView {
  return sort && store.fieldIndex(sort.field) >= 0 ? sortView(store, view, sort.field, sort.descending) : view;
}

/** Every row, in order. */
export function everyRow(store: FlowLogStore): RowView {
  return allRows(store);
}
