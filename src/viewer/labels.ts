/**
 * Names for addresses: the account's own interfaces and instances (from the source, e.g. the explorer's
 * EC2 data) and AWS's well-known special addresses (instance metadata, the DNS resolver, time sync).
 */
import { parseCidr, parseIPv4 } from '../flowlogs/ip';

/** Addresses every VPC uses for the same services (link-local, IPv4 and IPv6). */
const SPECIAL: ReadonlyMap<string, string> = new Map([
  ['169.254.169.254', 'Instance metadata service'],
  ['169.254.169.253', 'Amazon DNS (Route 53 Resolver)'],
  ['169.254.169.123', 'Amazon Time Sync'],
  ['169.254.170.2', 'ECS task metadata'],
  ['fd00:ec2::254', 'Instance metadata service (IPv6)'],
  ['fd00:ec2::253', 'Amazon DNS (IPv6)'],
  ['fd00:ec2::123', 'Amazon Time Sync (IPv6)'],
  ['0.0.0.0', 'Unspecified address'],
  ['255.255.255.255', 'Broadcast'],
]);

/** Private ranges where `a.b.0.2` is most likely a /16 VPC's DNS resolver. */
const PRIVATE_16 = /^(?:10\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])|192\.168)\.0\.2$/;

/** What the labels need of AWS's published IP ranges (see `src/flowlogs/awsRanges.ts`). */
export interface AwsRangeLookup {
  lookup(address: string): { readonly prefix: string; readonly service: string; readonly region: string } | undefined;
  /** `YYYY-MM-DD` of the ranges' publication. */
  readonly date: string;
}

/** A label such as `db-west (eni-0a1b2c3d4e5f60718)`: the name, and the interface it belongs to. */
const NAMED_INTERFACE = /^(.+) \((eni-[0-9a-f]+)\)$/;

/** Looks up labels for addresses. */
export class AddressLabels {
  private readonly known = new Map<string, string>();
  private readonly interfaces = new Map<string, string>();
  private readonly guessResolver: boolean;

  /**
   * @param labels labels from the source (they win over everything else).
   * @param vpcCidrs the VPCs' CIDR blocks: each block's base + 2 is that VPC's DNS resolver. Without
   *   them, private `a.b.0.2` addresses are labelled as a likely resolver (base + 2 of a /16).
   * @param awsRanges AWS's IP ranges, when the user has them: public addresses get their AWS service and
   *   region. A function, because the ranges may arrive (or be updated) after the panel opened.
   */
  constructor(
    labels?: ReadonlyMap<string, string>,
    vpcCidrs?: readonly string[],
    private readonly awsRanges?: () => AwsRangeLookup | undefined,
  ) {
    for (const cidr of vpcCidrs ?? []) {
      const pattern = parseCidr(cidr);
      if (pattern?.family === 4) {
        const resolver = pattern.base + 2;
        this.known.set(`${resolver >>> 24}.${(resolver >>> 16) & 255}.${(resolver >>> 8) & 255}.${resolver & 255}`, `VPC DNS resolver (${cidr})`);
      }
    }
    this.guessResolver = (vpcCidrs ?? []).length === 0;
    for (const [address, label] of labels ?? []) {
      this.known.set(address, label);
      const named = NAMED_INTERFACE.exec(label);
      if (named) {
        this.interfaces.set(named[2]!, named[1]!);
      }
    }
  }

  /** The name of a network interface (its instance's Name tag, ...) as the source's labels give it. */
  interfaceName(id: string): string | undefined {
    return this.interfaces.get(id);
  }

  /** The label of an address, or undefined. */
  get(address: string): string | undefined {
    const label = this.known.get(address) ?? SPECIAL.get(address);
    if (label !== undefined) {
      return label;
    }
    if (this.guessResolver && PRIVATE_16.test(address) && parseIPv4(address) >= 0) {
      return 'VPC DNS resolver (likely)';
    }
    const ranges = this.awsRanges?.();
    const range = ranges?.lookup(address);
    // The short part first (shown beside the address), the source in brackets (shown on hover).
    return range ? `${range.service}, ${range.region} (${range.prefix} in AWS's IP ranges of ${ranges!.date})` : undefined;
  }

  /** Known addresses whose label contains the (lower-case) text. */
  matching(needle: string): string[] {
    const out: string[] = [];
    for (const map of [this.known, SPECIAL]) {
      for (const [address, label] of map) {
        if (label.toLowerCase().includes(needle) && !out.includes(address)) {
          out.push(address);
        }
      }
    }
    return out;
  }
}
