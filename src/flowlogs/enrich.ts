/**
 * Human meanings of raw flow log values: IANA protocol names, well-known service ports, TCP flag
 * names, traffic-path and encryption-status meanings, ISO UTC timestamps.
 */
import { fieldInfo } from './fields';

const PROTOCOLS: Readonly<Record<number, string>> = {
  0: 'HOPOPT', 1: 'ICMP', 2: 'IGMP', 3: 'GGP', 4: 'IPv4', 5: 'ST', 6: 'TCP', 8: 'EGP', 9: 'IGP', 12: 'PUP',
  17: 'UDP', 20: 'HMP', 22: 'XNS-IDP', 27: 'RDP', 29: 'ISO-TP4', 33: 'DCCP', 41: 'IPv6', 43: 'IPv6-Route',
  44: 'IPv6-Frag', 46: 'RSVP', 47: 'GRE', 50: 'ESP', 51: 'AH', 58: 'ICMPv6', 59: 'IPv6-NoNxt',
  60: 'IPv6-Opts', 88: 'EIGRP', 89: 'OSPF', 94: 'IPIP', 97: 'ETHERIP', 98: 'ENCAP', 103: 'PIM',
  108: 'IPComp', 112: 'VRRP', 115: 'L2TP', 124: 'IS-IS', 132: 'SCTP', 136: 'UDPLite', 137: 'MPLS-in-IP',
  143: 'Ethernet', 255: 'Reserved',
};

/** The IANA keyword for a protocol number (6 -> "TCP", 58 -> "ICMPv6"), or undefined if not listed. */
export function protocolName(protocol: number): string | undefined {
  return PROTOCOLS[protocol];
}

/** The protocol number for a name such as "tcp" or "ICMPv6" (case-insensitive), or undefined. */
export function protocolNumber(name: string): number | undefined {
  const wanted = name.trim().toLowerCase();
  for (const [n, p] of Object.entries(PROTOCOLS)) {
    if (p.toLowerCase() === wanted) {
      return Number(n);
    }
  }
  return undefined;
}

type Transport = 'tcp' | 'udp' | 'both';
const PORTS: ReadonlyArray<readonly [number, string, Transport]> = [
  [20, 'FTP data', 'tcp'], [21, 'FTP', 'tcp'], [22, 'SSH', 'tcp'], [23, 'Telnet', 'tcp'], [25, 'SMTP', 'tcp'],
  [53, 'DNS', 'both'], [67, 'DHCP server', 'udp'], [68, 'DHCP client', 'udp'], [69, 'TFTP', 'udp'],
  [80, 'HTTP', 'tcp'], [88, 'Kerberos', 'both'], [110, 'POP3', 'tcp'], [111, 'RPC portmapper', 'both'],
  [123, 'NTP', 'udp'], [135, 'MS RPC', 'tcp'], [137, 'NetBIOS name', 'udp'], [138, 'NetBIOS datagram', 'udp'],
  [139, 'NetBIOS session', 'tcp'], [143, 'IMAP', 'tcp'], [161, 'SNMP', 'udp'], [162, 'SNMP trap', 'udp'],
  [179, 'BGP', 'tcp'], [389, 'LDAP', 'both'], [443, 'HTTPS', 'both'], [445, 'SMB', 'tcp'],
  [465, 'SMTPS', 'tcp'], [500, 'IKE (IPsec)', 'udp'], [514, 'Syslog', 'udp'], [587, 'SMTP submission', 'tcp'],
  [636, 'LDAPS', 'tcp'], [853, 'DNS over TLS', 'both'], [873, 'rsync', 'tcp'], [993, 'IMAPS', 'tcp'],
  [995, 'POP3S', 'tcp'], [1080, 'SOCKS', 'tcp'], [1194, 'OpenVPN', 'both'], [1433, 'SQL Server', 'tcp'],
  [1521, 'Oracle DB', 'tcp'], [1723, 'PPTP', 'tcp'], [1883, 'MQTT', 'tcp'], [2049, 'NFS', 'both'],
  [2375, 'Docker API', 'tcp'], [2376, 'Docker API (TLS)', 'tcp'], [2379, 'etcd', 'tcp'], [3128, 'HTTP proxy', 'tcp'],
  [3306, 'MySQL', 'tcp'], [3389, 'RDP', 'both'], [4500, 'IPsec NAT-T', 'udp'], [5060, 'SIP', 'both'],
  [5432, 'PostgreSQL', 'tcp'], [5439, 'Redshift', 'tcp'], [5671, 'AMQPS', 'tcp'], [5672, 'AMQP', 'tcp'],
  [5900, 'VNC', 'tcp'], [5985, 'WinRM', 'tcp'], [5986, 'WinRM (HTTPS)', 'tcp'], [6379, 'Redis', 'tcp'],
  [6443, 'Kubernetes API', 'tcp'], [8080, 'HTTP alternate', 'tcp'], [8443, 'HTTPS alternate', 'tcp'],
  [9092, 'Kafka', 'tcp'], [9200, 'Elasticsearch', 'tcp'], [9300, 'Elasticsearch transport', 'tcp'],
  [10250, 'Kubelet', 'tcp'], [11211, 'Memcached', 'both'], [27017, 'MongoDB', 'tcp'],
];
const PORT_MAP: ReadonlyMap<number, readonly [string, Transport]> = new Map(PORTS.map(([p, n, t]) => [p, [n, t] as const]));

/**
 * The well-known service on a port (22 -> "SSH", 443 -> "HTTPS"), or undefined. With a protocol
 * number, only services of that transport (6 TCP, 17 UDP) match; ICMP and other protocols have none.
 */
export function portName(port: number, protocol?: number): string | undefined {
  const entry = PORT_MAP.get(port);
  if (!entry) {
    return undefined;
  }
  if (protocol === undefined) {
    return entry[0];
  }
  const transport = protocol === 6 ? 'tcp' : protocol === 17 ? 'udp' : undefined;
  if (transport === undefined) {
    return undefined;
  }
  return entry[1] === 'both' || entry[1] === transport ? entry[0] : undefined;
}

const FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'];

/** The names of the bits set in a tcp-flags value, lowest bit first: 19 -> ["FIN", "SYN", "ACK"]. */
export function tcpFlagNames(flags: number): string[] {
  const names: string[] = [];
  for (let bit = 0; bit < FLAG_NAMES.length; bit++) {
    if ((flags >> bit) & 1) {
      names.push(FLAG_NAMES[bit]!);
    }
  }
  return names;
}

/** What a traffic-path value means (1 to 8), or undefined. */
export function trafficPathMeaning(path: number): string | undefined {
  return fieldInfo('traffic-path')?.values?.[String(path)];
}

/** What an encryption-status value means (0 to 3), or undefined. */
export function encryptionStatusMeaning(status: number): string | undefined {
  return fieldInfo('encryption-status')?.values?.[String(status)];
}

/** Unix seconds as an ISO 8601 UTC timestamp without milliseconds: 1732694400 -> "2024-11-27T08:00:00Z". */
export function formatTimestamp(seconds: number): string {
  const date = new Date(seconds * 1000);
  if (!Number.isFinite(seconds) || Number.isNaN(date.getTime())) {
    return String(seconds);
  }
  const iso = date.toISOString();
  return seconds % 1 === 0 ? iso.replace('.000Z', 'Z') : iso;
}

/**
 * A short explanation of one cell for hovers and tooltips: protocol and service names, flag names,
 * timestamps, enum meanings. Undefined when there is nothing to add to the raw value.
 */
export function describeValue(field: string, value: string | number | null, record?: Readonly<Record<string, string | number | null>>): string | undefined {
  if (value === null) {
    return 'No value ("-"): not applicable to this record, or it could not be computed';
  }
  const n = typeof value === 'number' ? value : Number(value);
  switch (field) {
    case 'protocol':
      return protocolName(n);
    case 'srcport':
    case 'dstport': {
      const proto = record?.['protocol'];
      return portName(n, typeof proto === 'number' ? proto : undefined);
    }
    case 'tcp-flags':
      return n === 0 ? 'No flags other than ACK (or none)' : tcpFlagNames(n).join(', ');
    case 'traffic-path':
      return trafficPathMeaning(n);
    case 'encryption-status':
      return encryptionStatusMeaning(n);
    case 'start':
    case 'end':
      return formatTimestamp(n);
    default:
      return fieldInfo(field)?.values?.[String(value)];
  }
}
