/**
 * Deterministic flow log generator for benchmarks: the same seed gives the same records, byte for
 * byte, on every machine. Traffic looks like a real VPC: a few hundred interfaces with private
 * addresses, a skewed population of external peers (so top talkers mean something), mostly TCP, a fifth
 * REJECTed, about 1% NODATA and 0.1% SKIPDATA records, times advancing minute by minute.
 */

/** Mulberry32: a small, fast, seedable PRNG returning [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fields of the wide custom format: every field of versions 2 to 10 (42 fields). */
export const WIDE_FIELDS = [
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes',
  'start', 'end', 'action', 'log-status', 'vpc-id', 'subnet-id', 'instance-id', 'tcp-flags', 'type', 'pkt-srcaddr',
  'pkt-dstaddr', 'region', 'az-id', 'sublocation-type', 'sublocation-id', 'pkt-src-aws-service', 'pkt-dst-aws-service',
  'flow-direction', 'traffic-path', 'ecs-cluster-arn', 'ecs-cluster-name', 'ecs-container-instance-arn',
  'ecs-container-instance-id', 'ecs-container-id', 'ecs-second-container-id', 'ecs-service-name',
  'ecs-task-definition-arn', 'ecs-task-arn', 'ecs-task-id', 'reject-reason', 'resource-id', 'encryption-status',
];

/** The wide format as a `LogFormat` string. */
export const WIDE_FORMAT = WIDE_FIELDS.map((f) => `\${${f}}`).join(' ');

const START = 1732694400; // 2024-11-27T08:00:00Z
const ACCOUNTS = ['123456789012', '012345678901', '210987654321'];
const INBOUND_PORTS = [22, 443, 80, 3389, 23, 445, 8080, 5432, 3306, 9200];
const OUTBOUND_PORTS = [443, 443, 443, 80, 53, 123, 5432, 6379];
const SERVICES = ['AMAZON', 'S3', 'EC2', 'DYNAMODB', 'ROUTE53', 'CLOUDFRONT'];

function hex(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    s += '0123456789abcdef'[Math.floor(r() * 16)];
  }
  return s;
}

/** Generates flow log lines deterministically, in batches. */
export class FlowLogGenerator {
  private readonly r: () => number;
  private readonly enis: { id: string; ip: string; ip6: string; account: string; vpc: string; subnet: string; instance: string; az: string }[] = [];
  private readonly peers: string[] = [];
  private readonly peers6: string[] = [];
  private index = 0;

  constructor(seed = 42, interfaces = 200, peers = 50_000) {
    this.r = rng(seed);
    const r = this.r;
    for (let i = 0; i < interfaces; i++) {
      const vpc = `vpc-${hex(r, 17)}`;
      this.enis.push({
        id: `eni-${hex(r, 17)}`,
        ip: `10.${1 + (i % 4)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`,
        ip6: `2600:1f14:${hex(r, 3)}:${hex(r, 4)}::${hex(r, 3)}`,
        account: ACCOUNTS[i % ACCOUNTS.length]!,
        vpc, subnet: `subnet-${hex(r, 17)}`, instance: r() < 0.9 ? `i-${hex(r, 17)}` : '-',
        az: `usw2-az${1 + (i % 3)}`,
      });
    }
    for (let i = 0; i < peers; i++) {
      this.peers.push(`${1 + Math.floor(r() * 223)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`);
      if (i < 2000) {
        this.peers6.push(`2001:db8:${hex(r, 4)}:${hex(r, 4)}::${hex(r, 2)}`);
      }
    }
  }

  /** A skewed pick in [0, n): low indices far more often (a few heavy talkers, a long tail). */
  private skew(n: number): number {
    const x = this.r();
    return Math.floor(n * x * x * x);
  }

  /** The next `count` default-format records, newline-terminated. */
  defaultLines(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) {
      out += this.defaultLine() + '\n';
    }
    return out;
  }

  /** The next `count` wide-format records (see {@link WIDE_FIELDS}), newline-terminated. */
  wideLines(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) {
      out += this.wideLine() + '\n';
    }
    return out;
  }

  private flow(): {
    eni: FlowLogGenerator['enis'][number]; t: number; status: string; src: string; dst: string; sp: number; dp: number;
    proto: number; packets: number; bytes: number; action: string; inbound: boolean; v6: boolean;
  } {
    const r = this.r;
    const i = this.index++;
    const eni = this.enis[this.skew(this.enis.length)]!;
    const t = START + Math.floor(i / 2000) * 60;
    const roll = r();
    const status = roll < 0.01 ? 'NODATA' : roll < 0.011 ? 'SKIPDATA' : 'OK';
    const v6 = r() < 0.05;
    const inbound = r() < 0.5;
    const peer = v6 ? this.peers6[this.skew(this.peers6.length)]! : r() < 0.3 ? this.enis[this.skew(this.enis.length)]!.ip : this.peers[this.skew(this.peers.length)]!;
    const own = v6 ? eni.ip6 : eni.ip;
    const p = r();
    const proto = p < 0.8 ? 6 : p < 0.95 ? 17 : v6 ? 58 : 1;
    const ephemeral = 1024 + Math.floor(r() * 64511);
    const service = inbound ? INBOUND_PORTS[this.skew(INBOUND_PORTS.length)]! : OUTBOUND_PORTS[Math.floor(r() * OUTBOUND_PORTS.length)]!;
    const icmp = proto === 1 || proto === 58;
    const packets = 1 + this.skew(2000);
    const bytes = packets * (40 + Math.floor(r() * 1460));
    const action = inbound && r() < 0.4 ? 'REJECT' : 'ACCEPT';
    return {
      eni, t, status, src: inbound ? peer : own, dst: inbound ? own : peer,
      sp: icmp ? 0 : inbound ? ephemeral : ephemeral, dp: icmp ? 0 : service, proto, packets, bytes, action, inbound, v6,
    };
  }

  /** One default-format record. */
  defaultLine(): string {
    const f = this.flow();
    const head = `2 ${f.eni.account} ${f.eni.id}`;
    if (f.status !== 'OK') {
      return `${head} - - - - - - - ${f.t} ${f.t + 60} - ${f.status}`;
    }
    return `${head} ${f.src} ${f.dst} ${f.sp} ${f.dp} ${f.proto} ${f.packets} ${f.bytes} ${f.t} ${f.t + 58} ${f.action} OK`;
  }

  /** One wide-format record. */
  wideLine(): string {
    const f = this.flow();
    const r = this.r;
    const e = f.eni;
    const ecs = r() < 0.2;
    const task = ecs ? hex(r, 32) : '';
    const ecsPart = ecs
      ? `arn:aws:ecs:us-west-2:${e.account}:cluster/web web arn:aws:ecs:us-west-2:${e.account}:container-instance/web/${task.slice(0, 16)} ${task.slice(0, 16)} ${task}-1 - web-svc arn:aws:ecs:us-west-2:${e.account}:task-definition/web:7 arn:aws:ecs:us-west-2:${e.account}:task/web/${task} ${task}`
      : '- - - - - - - - - -';
    const tail = `${e.vpc} ${e.subnet} ${e.instance}`;
    if (f.status !== 'OK') {
      return `10 ${e.account} ${e.id} - - - - - - - ${f.t} ${f.t + 60} - ${f.status} ${tail} - - - - us-west-2 ${e.az} - - - - - - ${'- '.repeat(10)}- - -`;
    }
    const flags = f.proto === 6 ? [2, 18, 19, 3, 0, 1, 4][Math.floor(r() * 7)]! : 0;
    const service = !f.inbound && r() < 0.3 ? SERVICES[Math.floor(r() * SERVICES.length)]! : '-';
    const reason = f.action === 'REJECT' && r() < 0.1 ? 'BPA' : '-';
    return `10 ${e.account} ${e.id} ${f.src} ${f.dst} ${f.sp} ${f.dp} ${f.proto} ${f.packets} ${f.bytes} ${f.t} ${f.t + 58} ${f.action} OK ` +
      `${tail} ${flags} ${f.v6 ? 'IPv6' : 'IPv4'} ${f.src} ${f.dst} us-west-2 ${e.az} - - - ${service} ${f.inbound ? 'ingress' : 'egress'} ` +
      `${f.inbound ? '-' : 1 + Math.floor(r() * 8)} ${ecsPart} ${reason} - ${Math.floor(r() * 4)}`;
  }
}
