/**
 * The catalogue of Logs Insights queries for VPC flow logs: every sample the CloudWatch console and the
 * CloudWatch Logs guide offer for flow logs (names kept as the console shows them, so people recognise
 * them), then the questions flow log users ask next. Queries use the field names Logs Insights discovers
 * for the default format; for custom formats the runner adds a parse clause (./parsePrefix.ts).
 */
import { placeholdersOf } from './queryText';

/** Where a query comes from: the AWS console/docs samples, or this extension. */
export type QuerySource = 'aws' | 'extension';

/** A value the user supplies before the query runs, written `{{key}}` in the query. */
export interface QueryParameter {
  readonly key: string;
  /** The question asked, e.g. "Subnet to look at (CIDR)". */
  readonly prompt: string;
  /** The value proposed (the docs' example value where there is one). */
  readonly example: string;
  readonly kind: 'cidr' | 'address' | 'interface' | 'text';
}

/** One query of the catalogue. */
export interface CatalogQuery {
  /** Stable id, used in the history and in tests. */
  readonly id: string;
  readonly name: string;
  /** One sentence: what question it answers. */
  readonly description: string;
  readonly query: string;
  readonly source: QuerySource;
  readonly parameters?: readonly QueryParameter[];
  /**
   * Flow log fields (format names) the query needs beyond the default format's; the query is offered
   * only for log groups whose format has them.
   */
  readonly requires?: readonly string[];
}

const subnet = (key: string, prompt: string, example: string): QueryParameter => ({ key, prompt, example, kind: 'cidr' });

/** The catalogue, AWS samples first. */
export const CATALOG: readonly CatalogQuery[] = [
  // ---- the console's and the guide's samples ----
  {
    id: 'aws.avgMinMaxBytes',
    name: 'Average, min, and max byte transfers by source and destination IP addresses',
    description: 'How large the flows between each pair of addresses are: the average, smallest and largest byte count per record.',
    query: 'stats avg(bytes), min(bytes), max(bytes) by srcAddr, dstAddr',
    source: 'aws',
  },
  {
    id: 'aws.udpSources',
    name: 'IP addresses using UDP transfer protocol',
    description: 'Which addresses send UDP traffic (protocol 17), and in how many records.',
    query: 'filter protocol = 17\n| stats count(*) by srcAddr',
    source: 'aws',
  },
  {
    id: 'aws.topBytes',
    name: 'Top 10 byte transfers by source and destination IP addresses',
    description: 'The ten pairs of addresses that moved the most bytes: who talks to whom the most.',
    query: 'stats sum(bytes) as bytesTransferred by srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 10',
    source: 'aws',
  },
  {
    id: 'aws.topRejectedSources',
    name: 'Top 20 source IP addresses with highest number of rejected requests',
    description: 'The addresses whose traffic security groups or network ACLs rejected most often: scanners, or a rule that is missing.',
    query: 'filter action = "REJECT"\n| stats count(*) as numRejections by srcAddr\n| sort numRejections desc\n| limit 20',
    source: 'aws',
  },
  {
    id: 'aws.topPackets',
    name: 'Top 15 packet transfers across hosts',
    description: 'The fifteen pairs of addresses that exchanged the most packets (many small packets point to chatty protocols or floods).',
    query: 'stats sum(packets) as packetsTransferred by srcAddr, dstAddr\n| sort packetsTransferred desc\n| limit 15',
    source: 'aws',
  },
  {
    id: 'aws.subnetTopBytes',
    name: 'Top 15 byte transfers for hosts on a subnet',
    description: 'Where the hosts of one subnet send the most bytes.',
    query: 'filter isIpv4InSubnet(srcAddr, "{{subnet}}")\n| stats sum(bytes) as bytesTransferred by dstAddr\n| sort bytesTransferred desc\n| limit 15',
    source: 'aws',
    parameters: [subnet('subnet', 'Subnet whose hosts to look at (IPv4 CIDR)', '192.0.2.0/24')],
  },
  {
    id: 'aws.skippedRecords',
    name: 'IP addresses where flow records were skipped',
    description: 'When records were skipped (log status SKIPDATA: capacity limits or an internal error), per hour.',
    query: 'filter logStatus = "SKIPDATA"\n| stats count(*) by bin(1h) as t\n| sort t',
    source: 'aws',
  },
  {
    id: 'aws.connectionPerRecord',
    name: 'A single record for each connection',
    description: 'The latest record of each distinct connection (addresses, ports, protocol) of one network interface, to troubleshoot connectivity.',
    query:
      'fields @timestamp, srcAddr, dstAddr, srcPort, dstPort, protocol, bytes\n| filter interfaceId = "{{interfaceId}}"\n| sort @timestamp desc\n| dedup srcAddr, dstAddr, srcPort, dstPort, protocol\n| limit 20',
    source: 'aws',
    parameters: [{ key: 'interfaceId', prompt: 'Network interface ID', example: 'eni-0123456789abcdef0', kind: 'interface' }],
  },
  {
    id: 'aws.natTopSenders',
    name: 'Instances sending the most traffic through a NAT gateway',
    description: 'Which instances of the VPC send the most bytes to the NAT gateway (higher NAT gateway charges than expected start here).',
    query:
      'filter dstAddr = "{{natAddress}}" and isIpv4InSubnet(srcAddr, "{{vpcCidr}}")\n| stats sum(bytes) as bytesTransferred by srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 10',
    source: 'aws',
    parameters: [
      { key: 'natAddress', prompt: "NAT gateway's private IP address", example: '10.0.0.10', kind: 'address' },
      subnet('vpcCidr', 'CIDR block of the VPC', '10.0.0.0/16'),
    ],
  },
  {
    id: 'aws.natBothWays',
    name: 'Traffic to and from instances through a NAT gateway',
    description: 'Bytes between the NAT gateway and the instances of the VPC, in both directions.',
    query:
      'filter (dstAddr = "{{natAddress}}" and isIpv4InSubnet(srcAddr, "{{vpcCidr}}")) or (srcAddr = "{{natAddress}}" and isIpv4InSubnet(dstAddr, "{{vpcCidr}}"))\n| stats sum(bytes) as bytesTransferred by srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 10',
    source: 'aws',
    parameters: [
      { key: 'natAddress', prompt: "NAT gateway's private IP address", example: '10.0.0.10', kind: 'address' },
      subnet('vpcCidr', 'CIDR block of the VPC', '10.0.0.0/16'),
    ],
  },
  {
    id: 'aws.natUploads',
    name: 'Internet destinations of uploads through a NAT gateway',
    description: 'The internet addresses the NAT gateway sends the most bytes to on behalf of the VPC.',
    query:
      'filter srcAddr = "{{natAddress}}" and not isIpv4InSubnet(dstAddr, "{{vpcCidr}}")\n| stats sum(bytes) as bytesTransferred by srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 10',
    source: 'aws',
    parameters: [
      { key: 'natAddress', prompt: "NAT gateway's private IP address", example: '10.0.0.10', kind: 'address' },
      subnet('vpcCidr', 'CIDR block of the VPC', '10.0.0.0/16'),
    ],
  },
  {
    id: 'aws.natDownloads',
    name: 'Internet sources of downloads through a NAT gateway',
    description: 'The internet addresses that send the most bytes back through the NAT gateway.',
    query:
      'filter dstAddr = "{{natAddress}}" and not isIpv4InSubnet(srcAddr, "{{vpcCidr}}")\n| stats sum(bytes) as bytesTransferred by srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 10',
    source: 'aws',
    parameters: [
      { key: 'natAddress', prompt: "NAT gateway's private IP address", example: '10.0.0.10', kind: 'address' },
      subnet('vpcCidr', 'CIDR block of the VPC', '10.0.0.0/16'),
    ],
  },

  // ---- what flow log users ask next ----
  {
    id: 'rejectedPorts',
    name: 'Top rejected destination ports',
    description: 'The ports (and protocols) that rejected traffic was aimed at: what is being probed, or what a rule forgot to open.',
    query: 'filter action = "REJECT"\n| stats count(*) as rejections by dstPort, protocol\n| sort rejections desc\n| limit 20',
    source: 'extension',
  },
  {
    id: 'rejectedByInterface',
    name: 'Rejected traffic by network interface',
    description: 'Which network interfaces see the most rejected records and bytes.',
    query: 'filter action = "REJECT"\n| stats count(*) as rejections, sum(bytes) as bytesRejected by interfaceId\n| sort rejections desc\n| limit 25',
    source: 'extension',
  },
  {
    id: 'trafficByProtocol',
    name: 'Traffic by protocol',
    description: 'Bytes, packets and records per IP protocol (6 TCP, 17 UDP, 1 ICMP, ...).',
    query: 'stats sum(bytes) as bytesTransferred, sum(packets) as packetsTransferred, count(*) as records by protocol\n| sort bytesTransferred desc',
    source: 'extension',
  },
  {
    id: 'busiestInterfaces',
    name: 'Busiest network interfaces',
    description: 'The network interfaces that moved the most bytes, with their packet and record counts.',
    query: 'stats sum(bytes) as bytesTransferred, sum(packets) as packetsTransferred, count(*) as records by interfaceId\n| sort bytesTransferred desc\n| limit 20',
    source: 'extension',
  },
  {
    id: 'bytesOverTime',
    name: 'Bytes over time',
    description: 'Total bytes in 5-minute bins: when the traffic peaks.',
    query: 'stats sum(bytes) as bytesTransferred by bin(5m)',
    source: 'extension',
  },
  {
    id: 'rejectionsOverTime',
    name: 'Rejected records over time',
    description: 'Rejected records in 5-minute bins: when scans or misconfigurations started.',
    query: 'filter action = "REJECT"\n| stats count(*) as rejections by bin(5m)',
    source: 'extension',
  },
  {
    id: 'acceptVsReject',
    name: 'Accepted and rejected traffic',
    description: 'Records, packets and bytes per action (ACCEPT, REJECT) and log status.',
    query: 'stats count(*) as records, sum(packets) as packetsTransferred, sum(bytes) as bytesTransferred by action, logStatus',
    source: 'extension',
  },
  {
    id: 'betweenCidrs',
    name: 'Traffic between two CIDR blocks',
    description: 'Every pair of addresses talking between two networks (for example two peered VPCs), in both directions, with the action.',
    query:
      'filter (isIpv4InSubnet(srcAddr, "{{cidrA}}") and isIpv4InSubnet(dstAddr, "{{cidrB}}")) or (isIpv4InSubnet(srcAddr, "{{cidrB}}") and isIpv4InSubnet(dstAddr, "{{cidrA}}"))\n| stats sum(bytes) as bytesTransferred, sum(packets) as packetsTransferred by srcAddr, dstAddr, action\n| sort bytesTransferred desc\n| limit 100',
    source: 'extension',
    parameters: [subnet('cidrA', 'First CIDR block', '10.1.0.0/16'), subnet('cidrB', 'Second CIDR block', '10.2.0.0/16')],
  },
  {
    id: 'sshRdpFromOutside',
    name: 'SSH and RDP attempts from outside the VPC',
    description: 'Connections to ports 22 (SSH) and 3389 (RDP) from addresses outside the VPC, accepted or rejected: who is knocking, and who got in.',
    query:
      'filter protocol = 6 and (dstPort = 22 or dstPort = 3389) and not isIpv4InSubnet(srcAddr, "{{vpcCidr}}")\n| stats count(*) as attempts, sum(bytes) as bytesTransferred by srcAddr, dstAddr, dstPort, action\n| sort attempts desc\n| limit 50',
    source: 'extension',
    parameters: [subnet('vpcCidr', 'CIDR block of the VPC', '10.0.0.0/16')],
  },
  {
    id: 'oneAddress',
    name: 'Traffic to and from one address',
    description: 'Everything one address sent or received: peers, ports and actions.',
    query:
      'filter srcAddr = "{{address}}" or dstAddr = "{{address}}"\n| stats sum(bytes) as bytesTransferred, count(*) as records by srcAddr, dstAddr, dstPort, protocol, action\n| sort bytesTransferred desc\n| limit 100',
    source: 'extension',
    parameters: [{ key: 'address', prompt: 'IP address', example: '10.1.5.112', kind: 'address' }],
  },
  {
    id: 'icmp',
    name: 'ICMP traffic (ping)',
    description: 'Who pings whom, and whether it was accepted: the first thing to check when a ping gets no reply.',
    query: 'filter protocol = 1 or protocol = 58\n| stats count(*) as records, sum(packets) as packetsTransferred by srcAddr, dstAddr, action\n| sort records desc\n| limit 50',
    source: 'extension',
  },
  {
    id: 'latestRejected',
    name: 'Latest rejected records',
    description: 'The 100 most recent rejected records, field by field.',
    query: 'fields @timestamp, interfaceId, srcAddr, dstAddr, srcPort, dstPort, protocol, packets, bytes, action\n| filter action = "REJECT"\n| sort @timestamp desc\n| limit 100',
    source: 'extension',
  },
  {
    id: 'synWithoutReply',
    name: 'Connection attempts that got no answer',
    description: 'TCP records with only the SYN flag: connection attempts no SYN-ACK was seen for, by source and destination port.',
    query: 'filter tcpFlags = 2\n| stats count(*) as attempts by srcAddr, dstAddr, dstPort\n| sort attempts desc\n| limit 25',
    source: 'extension',
    requires: ['tcp-flags'],
  },
  {
    id: 'byDirection',
    name: 'Traffic by direction',
    description: 'Bytes and records for ingress and egress traffic, per action.',
    query: 'stats sum(bytes) as bytesTransferred, count(*) as records by flowDirection, action',
    source: 'extension',
    requires: ['flow-direction'],
  },
  {
    id: 'awsServices',
    name: 'Traffic to AWS services',
    description: 'Bytes sent to AWS service address ranges (S3, DynamoDB, ...), per service.',
    query: 'filter pktDstAwsService != "-"\n| stats sum(bytes) as bytesTransferred by pktDstAwsService\n| sort bytesTransferred desc',
    source: 'extension',
    requires: ['pkt-dst-aws-service'],
  },
  {
    id: 'blockPublicAccess',
    name: 'Traffic rejected by VPC Block Public Access',
    description: 'Records rejected because of VPC Block Public Access (reject reason BPA), by source, destination and port.',
    query: 'filter rejectReason = "BPA"\n| stats count(*) as rejections by srcAddr, dstAddr, dstPort\n| sort rejections desc\n| limit 50',
    source: 'extension',
    requires: ['reject-reason'],
  },
];

/** A catalogue query by id. */
export function catalogQuery(id: string): CatalogQuery | undefined {
  return CATALOG.find((q) => q.id === id);
}

/** The placeholders of a catalogue query that have no parameter definition (a catalogue bug). */
export function undefinedPlaceholders(query: CatalogQuery): string[] {
  const defined = new Set((query.parameters ?? []).map((p) => p.key));
  return placeholdersOf(query.query).filter((p) => !defined.has(p));
}

/**
 * Whether a query can run on flow logs with the given fields (flow log names, e.g. from a `LogFormat`):
 * undefined when it can, else the missing fields.
 */
export function missingFields(query: CatalogQuery, formatFields: readonly string[]): string[] | undefined {
  const missing = (query.requires ?? []).filter((f) => !formatFields.includes(f));
  return missing.length > 0 ? missing : undefined;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Why a parameter value cannot be used, or undefined when it can. */
export function parameterProblem(parameter: QueryParameter, value: string): string | undefined {
  const v = value.trim();
  if (v === '') {
    return 'A value is needed.';
  }
  switch (parameter.kind) {
    case 'cidr': {
      const m = CIDR.exec(v);
      return m && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32 ? undefined : 'An IPv4 CIDR block such as 10.0.0.0/16.';
    }
    case 'address': {
      const m = IPV4.exec(v);
      return (m && m.slice(1, 5).every((o) => Number(o) <= 255)) || /^[0-9a-f:]+$/i.test(v) ? undefined : 'An IP address such as 10.1.5.112.';
    }
    case 'interface':
      return /^eni-[0-9a-f]{8,17}$/.test(v) ? undefined : 'A network interface ID such as eni-0123456789abcdef0.';
    default:
      return /["\\]/.test(v) ? 'Quotes and backslashes are not allowed here.' : undefined;
  }
}
