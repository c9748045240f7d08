/**
 * Shared by the flow log engine tests: sample paths and formats, and small, obviously-correct
 * reference implementations (over `toObjects()`) that the fast code is checked against.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseCidr, matchAddress, type FlowLogObject } from '../../../src/flowlogs';
import { rng } from '../../../bench/generate';

export { rng };

export const SAMPLES = path.join(__dirname, '..', '..', '..', '..', 'samples');

/** The custom format of custom-v5.log (samples README). */
export const CUSTOM_V5_FORMAT =
  '${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status} ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${flow-direction} ${traffic-path}';

/** The format of all-fields-v8.log: the custom-v5 fields, then the version 7 and 8 fields. */
export const ALL_FIELDS_V8_FORMAT = `${CUSTOM_V5_FORMAT} \${ecs-cluster-arn} \${ecs-cluster-name} \${ecs-container-instance-arn} \${ecs-container-instance-id} \${ecs-container-id} \${ecs-second-container-id} \${ecs-service-name} \${ecs-task-definition-arn} \${ecs-task-arn} \${ecs-task-id} \${reject-reason}`;

export function sample(name: string): Buffer {
  const bytes = fs.readFileSync(path.join(SAMPLES, name));
  return name.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

export function sampleText(name: string): string {
  return sample(name).toString('utf8');
}

/** Non-blank lines of a text as the parser counts them (a byte above 32 somewhere on the line). */
export function nonBlankLines(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) {
    if ([...line].some((ch) => ch.codePointAt(0)! > 32)) {
      n++;
    }
  }
  return n;
}

type Spec = {
  action?: string; logStatus?: string; protocol?: number; srcaddr?: string; dstaddr?: string; addr?: string;
  dstport?: number; port?: number; interfaceId?: string; from?: number; to?: number;
};

/** Reference filter: plain JavaScript over objects. */
export function referenceFilter(objects: FlowLogObject[], spec: Spec): number[] {
  const inPattern = (value: unknown, text: string): boolean =>
    typeof value === 'string' && (parseCidr(text) ? matchAddress(parseCidr(text)!, value) : value.startsWith(text));
  const rows: number[] = [];
  objects.forEach((o, r) => {
    if (spec.action !== undefined && o['action'] !== spec.action) {
      return;
    }
    if (spec.logStatus !== undefined && o['log-status'] !== spec.logStatus) {
      return;
    }
    if (spec.protocol !== undefined && o['protocol'] !== spec.protocol) {
      return;
    }
    if (spec.srcaddr !== undefined && !inPattern(o['srcaddr'], spec.srcaddr)) {
      return;
    }
    if (spec.dstaddr !== undefined && !inPattern(o['dstaddr'], spec.dstaddr)) {
      return;
    }
    if (spec.addr !== undefined && !inPattern(o['srcaddr'], spec.addr) && !inPattern(o['dstaddr'], spec.addr)) {
      return;
    }
    if (spec.dstport !== undefined && o['dstport'] !== spec.dstport) {
      return;
    }
    if (spec.port !== undefined && o['srcport'] !== spec.port && o['dstport'] !== spec.port) {
      return;
    }
    if (spec.interfaceId !== undefined && o['interface-id'] !== spec.interfaceId) {
      return;
    }
    const start = o['start'];
    if (spec.from !== undefined && !(typeof start === 'number' && start >= spec.from)) {
      return;
    }
    if (spec.to !== undefined && !(typeof start === 'number' && start < spec.to)) {
      return;
    }
    rows.push(r);
  });
  return rows;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** Reference summary: Maps keyed by strings, insertion order for ties (as the engine promises). */
export function referenceSummary(objects: FlowLogObject[], top = 10) {
  const talkers = new Map<string, { src: string; dst: string; bytes: number; packets: number; records: number }>();
  const rejectSources = new Map<string, { address: string; records: number; packets: number; bytes: number }>();
  const rejectPorts = new Map<string, { port: number; protocol: number | null; records: number; packets: number; bytes: number }>();
  const interfaces = new Map<string, { interfaceId: string; records: number; packets: number; bytes: number; accept: number; reject: number }>();
  const totals = { records: 0, packets: 0, bytes: 0, accept: 0, reject: 0, ok: 0, nodata: 0, skipdata: 0, acceptBytes: 0, rejectBytes: 0 };
  let first: number | null = null;
  let last: number | null = null;
  for (const o of objects) {
    const b = num(o['bytes']);
    const p = num(o['packets']);
    totals.records++;
    totals.packets += p;
    totals.bytes += b;
    if (o['action'] === 'ACCEPT') {
      totals.accept++;
      totals.acceptBytes += b;
    }
    if (o['action'] === 'REJECT') {
      totals.reject++;
      totals.rejectBytes += b;
    }
    if (o['log-status'] === 'OK') {
      totals.ok++;
    }
    if (o['log-status'] === 'NODATA') {
      totals.nodata++;
    }
    if (o['log-status'] === 'SKIPDATA') {
      totals.skipdata++;
    }
    if (typeof o['start'] === 'number') {
      first = first === null ? o['start'] : Math.min(first, o['start']);
      last = last === null ? o['start'] : Math.max(last, o['start']);
    }
    if (typeof o['end'] === 'number') {
      last = last === null ? o['end'] : Math.max(last, o['end']);
    }
    const src = o['srcaddr'];
    const dst = o['dstaddr'];
    if (typeof src === 'string' && typeof dst === 'string') {
      const k = `${src} ${dst}`;
      const t = talkers.get(k) ?? { src, dst, bytes: 0, packets: 0, records: 0 };
      t.bytes += b;
      t.packets += p;
      t.records++;
      talkers.set(k, t);
    }
    if (o['action'] === 'REJECT') {
      if (typeof src === 'string') {
        const s = rejectSources.get(src) ?? { address: src, records: 0, packets: 0, bytes: 0 };
        s.records++;
        s.packets += p;
        s.bytes += b;
        rejectSources.set(src, s);
      }
      if (typeof o['dstport'] === 'number') {
        const protocol = typeof o['protocol'] === 'number' ? o['protocol'] : null;
        const k = `${o['dstport']}/${protocol}`;
        const s = rejectPorts.get(k) ?? { port: o['dstport'], protocol, records: 0, packets: 0, bytes: 0 };
        s.records++;
        s.packets += p;
        s.bytes += b;
        rejectPorts.set(k, s);
      }
    }
    const eni = o['interface-id'];
    if (typeof eni === 'string') {
      const s = interfaces.get(eni) ?? { interfaceId: eni, records: 0, packets: 0, bytes: 0, accept: 0, reject: 0 };
      s.records++;
      s.packets += p;
      s.bytes += b;
      s.accept += o['action'] === 'ACCEPT' ? 1 : 0;
      s.reject += o['action'] === 'REJECT' ? 1 : 0;
      interfaces.set(eni, s);
    }
  }
  // Array.prototype.sort is stable: ties keep first-seen order.
  const byDesc = <T>(m: Map<string, T>, key: (t: T) => number, n: number): T[] => [...m.values()].sort((a, b) => key(b) - key(a)).slice(0, n);
  return {
    ...totals, first, last,
    topTalkers: byDesc(talkers, (t) => t.bytes, top),
    topRejectSources: byDesc(rejectSources, (t) => t.records, top),
    topRejectedPorts: byDesc(rejectPorts, (t) => t.records, top),
    interfaces: byDesc(interfaces, (t) => t.bytes, Infinity),
  };
}

/** Reference histogram with a given bucket size: records and bytes by floor(start / size). */
export function referenceHistogram(objects: FlowLogObject[], size: number): Map<number, { accept: number; reject: number; acceptBytes: number; rejectBytes: number }> {
  const m = new Map<number, { accept: number; reject: number; acceptBytes: number; rejectBytes: number }>();
  for (const o of objects) {
    if (typeof o['start'] !== 'number' || (o['action'] !== 'ACCEPT' && o['action'] !== 'REJECT')) {
      continue;
    }
    const k = Math.floor(o['start'] / size) * size;
    const e = m.get(k) ?? { accept: 0, reject: 0, acceptBytes: 0, rejectBytes: 0 };
    if (o['action'] === 'ACCEPT') {
      e.accept++;
      e.acceptBytes += num(o['bytes']);
    } else {
      e.reject++;
      e.rejectBytes += num(o['bytes']);
    }
    m.set(k, e);
  }
  return m;
}

/** A mixed default-format text: IPv4 and IPv6, NODATA/SKIPDATA, a few interfaces, times over 3 hours. */
export function mixedDefaultText(records: number, seed = 1): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const v4 = ['10.1.5.112', '10.1.9.4', '10.2.15.210', '54.188.21.73', '18.237.140.165', '203.0.113.9', '198.51.100.23', '192.0.2.1'];
  const v6 = ['2001:db8::1', '2001:db8:0:1::7', '2600:1f14:abc:def0::10', 'fe80::1ff:fe23:4567:890a', '2001:db8:ffff::2'];
  const enis = ['eni-0a1b2c3d4e5f60718', 'eni-0fedcba9876543210', 'eni-011112222333344445'];
  const lines: string[] = [];
  for (let i = 0; i < records; i++) {
    const eni = pick(enis);
    const start = 1732694400 + Math.floor(r() * 3 * 3600);
    const roll = r();
    if (roll < 0.05) {
      lines.push(`2 123456789012 ${eni} - - - - - - - ${start} ${start + 60} - ${roll < 0.04 ? 'NODATA' : 'SKIPDATA'}`);
      continue;
    }
    const six = r() < 0.3;
    const src = six ? pick(v6) : pick(v4);
    const dst = six ? pick(v6) : pick(v4);
    const proto = pick([6, 6, 6, 17, 1]);
    const sp = proto === 1 ? 0 : 1024 + Math.floor(r() * 60000);
    const dp = proto === 1 ? 0 : pick([22, 443, 80, 3389, 53, 8080]);
    const packets = 1 + Math.floor(r() * 100);
    lines.push(`2 ${pick(['123456789012', '012345678901'])} ${eni} ${src} ${dst} ${sp} ${dp} ${proto} ${packets} ${packets * (40 + Math.floor(r() * 1400))} ${start} ${start + 59} ${r() < 0.3 ? 'REJECT' : 'ACCEPT'} OK`);
  }
  return lines.join('\n') + '\n';
}
