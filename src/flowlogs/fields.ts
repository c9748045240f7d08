/**
 * The catalogue of VPC flow log record fields: every `${field}` a flow log format may name, the record
 * version that introduced it, how its values are typed and stored, and what enum values mean.
 * Source: the Amazon VPC User Guide, "Flow log records" (versions 2 to 8) and "VPC encryption controls"
 * (`encryption-status`). Version 6 is the Transit Gateway record type and adds nothing here.
 */

/**
 * How a field's values are typed.
 * - `integer`: a non-negative whole number (`number` in records, `null` for `-`).
 * - `address`: an IPv4 or IPv6 address, kept exactly as written.
 * - `id`: an AWS identifier or ARN (interned string).
 * - `enum`: one of a small documented set of words (see `values`).
 * - `text`: any other token (interned string).
 */
export type FieldKind = 'integer' | 'address' | 'id' | 'enum' | 'text';

/** One field of the catalogue. */
export interface FieldInfo {
  /** The name used in `${name}` format tokens and in S3 header lines, e.g. `dstport`. */
  readonly name: string;
  /** The flow log record version that introduced the field. */
  readonly version: number;
  readonly kind: FieldKind;
  /** A short human column header, e.g. "Destination port". */
  readonly title: string;
  /** One sentence saying what the field holds. */
  readonly description: string;
  /** Meanings of enum values (or of bits, for `tcp-flags`), keyed by the value as written. */
  readonly values?: Readonly<Record<string, string>>;
  /** Inclusive upper bound for `integer` fields that have one (ports, protocol, tcp-flags...). */
  readonly max?: number;
  /**
   * The name CloudWatch Logs Insights discovers for this field in default-format records, if any (per
   * the CloudWatch Logs guide, "Supported logs and discovered fields": note `startTime`/`endTime`).
   */
  readonly insightsName?: string;
}

const TCP_FLAGS: Record<string, string> = {
  '1': 'FIN: the sender finished sending',
  '2': 'SYN: connection request',
  '4': 'RST: connection reset',
  '8': 'PSH: push buffered data to the application',
  '16': 'ACK: acknowledgement (not reported on its own: ACK-only flows show 0)',
  '32': 'URG: urgent data',
  '18': 'SYN-ACK: connection accepted',
};

const TRAFFIC_PATH: Record<string, string> = {
  '1': 'Through another resource in the same VPC, including resources that create a network interface in the VPC',
  '2': 'Through an internet gateway or a gateway VPC endpoint',
  '3': 'Through a virtual private gateway',
  '4': 'Through an intra-region VPC peering connection',
  '5': 'Through an inter-region VPC peering connection',
  '6': 'Through a local gateway',
  '7': 'Through a gateway VPC endpoint (Nitro-based instances only)',
  '8': 'Through an internet gateway (Nitro-based instances only)',
};

/** Every known field, in the order of the AWS documentation's table. */
export const FIELDS: readonly FieldInfo[] = [
  { name: 'version', version: 2, kind: 'integer', title: 'Version', max: 255, insightsName: 'version',
    description: 'The flow log record version: 2 for the default format, otherwise the highest version among the chosen fields.' },
  { name: 'account-id', version: 2, kind: 'id', title: 'Account', insightsName: 'accountId',
    description: 'The AWS account ID of the owner of the source network interface; "unknown" for interfaces created by AWS services.' },
  { name: 'interface-id', version: 2, kind: 'id', title: 'Interface', insightsName: 'interfaceId',
    description: 'The ID of the network interface for which the traffic is recorded.' },
  { name: 'srcaddr', version: 2, kind: 'address', title: 'Source address', insightsName: 'srcAddr',
    description: 'The source address of incoming traffic, or the interface\'s own IPv4 or IPv6 address for outgoing traffic.' },
  { name: 'dstaddr', version: 2, kind: 'address', title: 'Destination address', insightsName: 'dstAddr',
    description: 'The destination address of outgoing traffic, or the interface\'s own IPv4 or IPv6 address for incoming traffic.' },
  { name: 'srcport', version: 2, kind: 'integer', title: 'Source port', max: 65535, insightsName: 'srcPort',
    description: 'The source port of the traffic.' },
  { name: 'dstport', version: 2, kind: 'integer', title: 'Destination port', max: 65535, insightsName: 'dstPort',
    description: 'The destination port of the traffic.' },
  { name: 'protocol', version: 2, kind: 'integer', title: 'Protocol', max: 255, insightsName: 'protocol',
    description: 'The IANA protocol number of the traffic (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6...).' },
  { name: 'packets', version: 2, kind: 'integer', title: 'Packets', insightsName: 'packets',
    description: 'The number of packets transferred during the flow.' },
  { name: 'bytes', version: 2, kind: 'integer', title: 'Bytes', insightsName: 'bytes',
    description: 'The number of bytes transferred during the flow.' },
  { name: 'start', version: 2, kind: 'integer', title: 'Start', insightsName: 'startTime',
    description: 'The time, in Unix seconds, when the first packet of the flow was received within the aggregation interval.' },
  { name: 'end', version: 2, kind: 'integer', title: 'End', insightsName: 'endTime',
    description: 'The time, in Unix seconds, when the last packet of the flow was received within the aggregation interval.' },
  { name: 'action', version: 2, kind: 'enum', title: 'Action', insightsName: 'action',
    description: 'Whether security groups and network ACLs accepted or rejected the traffic.',
    values: { ACCEPT: 'The traffic was accepted', REJECT: 'The traffic was rejected (for example by a security group or network ACL, or because the connection was already closed)' } },
  { name: 'log-status', version: 2, kind: 'enum', title: 'Log status', insightsName: 'logStatus',
    description: 'The logging status of the flow log record.',
    values: { OK: 'Data is logging normally', NODATA: 'There was no network traffic to or from the interface during the aggregation interval', SKIPDATA: 'Some flow log records were skipped during the aggregation interval (internal capacity constraint or error)' } },
  { name: 'vpc-id', version: 3, kind: 'id', title: 'VPC',
    description: 'The ID of the VPC that contains the network interface.' },
  { name: 'subnet-id', version: 3, kind: 'id', title: 'Subnet',
    description: 'The ID of the subnet that contains the network interface.' },
  { name: 'instance-id', version: 3, kind: 'id', title: 'Instance',
    description: 'The ID of the instance the network interface is attached to, if you own it; "-" for requester-managed interfaces.' },
  { name: 'tcp-flags', version: 3, kind: 'integer', title: 'TCP flags', max: 255,
    description: 'The bitwise OR of the TCP flags seen during the aggregation interval (FIN 1, SYN 2, RST 4, PSH 8, ACK 16, URG 32).',
    values: TCP_FLAGS },
  { name: 'type', version: 3, kind: 'enum', title: 'Traffic type',
    description: 'The type of traffic.',
    values: { IPv4: 'IPv4 traffic', IPv6: 'IPv6 traffic', EFA: 'Elastic Fabric Adapter traffic' } },
  { name: 'pkt-srcaddr', version: 3, kind: 'address', title: 'Packet source address',
    description: 'The packet-level (original) source address, which differs from srcaddr behind NAT or for pods and load balancers.' },
  { name: 'pkt-dstaddr', version: 3, kind: 'address', title: 'Packet destination address',
    description: 'The packet-level (original) destination address, which differs from dstaddr behind NAT or for pods and load balancers.' },
  { name: 'region', version: 4, kind: 'text', title: 'Region',
    description: 'The Region that contains the network interface.' },
  { name: 'az-id', version: 4, kind: 'id', title: 'Availability Zone',
    description: 'The ID of the Availability Zone that contains the network interface.' },
  { name: 'sublocation-type', version: 4, kind: 'enum', title: 'Sublocation type',
    description: 'The type of sublocation the sublocation-id refers to.',
    values: { wavelength: 'A Wavelength Zone', outpost: 'An Outpost', localzone: 'A Local Zone' } },
  { name: 'sublocation-id', version: 4, kind: 'id', title: 'Sublocation',
    description: 'The ID of the sublocation (Wavelength Zone, Outpost or Local Zone) that contains the network interface.' },
  { name: 'pkt-src-aws-service', version: 5, kind: 'text', title: 'Source AWS service',
    description: 'The name of the AWS service (AMAZON, EC2, S3, ROUTE53...) owning the pkt-srcaddr address range, if any.' },
  { name: 'pkt-dst-aws-service', version: 5, kind: 'text', title: 'Destination AWS service',
    description: 'The name of the AWS service (AMAZON, EC2, S3, ROUTE53...) owning the pkt-dstaddr address range, if any.' },
  { name: 'flow-direction', version: 5, kind: 'enum', title: 'Direction',
    description: 'The direction of the flow with respect to the interface where the traffic is captured.',
    values: { ingress: 'Traffic coming into the network interface', egress: 'Traffic leaving the network interface' } },
  { name: 'traffic-path', version: 5, kind: 'integer', title: 'Traffic path', max: 255,
    description: 'The path egress traffic takes to its destination (1 to 8).',
    values: TRAFFIC_PATH },
  { name: 'ecs-cluster-arn', version: 7, kind: 'id', title: 'ECS cluster ARN',
    description: 'The ARN of the ECS cluster, if the traffic is from a running ECS task.' },
  { name: 'ecs-cluster-name', version: 7, kind: 'text', title: 'ECS cluster',
    description: 'The name of the ECS cluster, if the traffic is from a running ECS task.' },
  { name: 'ecs-container-instance-arn', version: 7, kind: 'id', title: 'ECS container instance ARN',
    description: 'The ARN of the ECS container instance, if the task runs on EC2.' },
  { name: 'ecs-container-instance-id', version: 7, kind: 'id', title: 'ECS container instance',
    description: 'The ID of the ECS container instance, if the task runs on EC2.' },
  { name: 'ecs-container-id', version: 7, kind: 'id', title: 'ECS container',
    description: 'The Docker runtime ID of the first container of the ECS task.' },
  { name: 'ecs-second-container-id', version: 7, kind: 'id', title: 'ECS second container',
    description: 'The Docker runtime ID of the second container of the ECS task, if there is one.' },
  { name: 'ecs-service-name', version: 7, kind: 'text', title: 'ECS service',
    description: 'The name of the ECS service, if the task was started by a service.' },
  { name: 'ecs-task-definition-arn', version: 7, kind: 'id', title: 'ECS task definition ARN',
    description: 'The ARN of the ECS task definition.' },
  { name: 'ecs-task-arn', version: 7, kind: 'id', title: 'ECS task ARN',
    description: 'The ARN of the ECS task.' },
  { name: 'ecs-task-id', version: 7, kind: 'id', title: 'ECS task',
    description: 'The ID of the ECS task.' },
  { name: 'reject-reason', version: 8, kind: 'enum', title: 'Reject reason',
    description: 'Why the traffic was rejected, when a feature other than security groups and network ACLs rejected it.',
    values: { BPA: 'Blocked by VPC Block Public Access' } },
  // Added together in late 2025 (regional NAT gateways, VPC encryption controls); a record containing
  // either is version 10.
  { name: 'resource-id', version: 10, kind: 'id', title: 'Resource',
    description: 'The ID of the resource the traffic is associated with, such as a regional NAT gateway.' },
  { name: 'encryption-status', version: 10, kind: 'integer', title: 'Encryption status', max: 255,
    description: 'Whether the traffic was encrypted in transit, as reported by VPC encryption controls.',
    values: {
      '0': 'Not encrypted',
      '1': 'Encrypted by the Nitro system (network layer)',
      '2': 'Encrypted by the application (TLS on port 443 to endpoints, or encrypted service connections)',
      '3': 'Encrypted by both the Nitro system and the application',
    } },
];

const BY_NAME: ReadonlyMap<string, FieldInfo> = new Map(FIELDS.map((f) => [f.name, f]));

/** The catalogue entry for a field name, or undefined for an unknown name. */
export function fieldInfo(name: string): FieldInfo | undefined {
  return BY_NAME.get(name);
}

/** True for the names of fields whose values come back as numbers. */
export function isNumericField(name: string): boolean {
  return BY_NAME.get(name)?.kind === 'integer';
}

/** The record version a format with these fields has: the highest version among them (at least 2). */
export function formatVersion(fields: readonly string[]): number {
  let version = 2;
  for (const name of fields) {
    version = Math.max(version, BY_NAME.get(name)?.version ?? 2);
  }
  return version;
}
