/**
 * Look-ups over a {@link Network}, built once per network object (the viewer explains thousands of
 * records against the same one): interfaces by id and address, rules by group, a subnet's ACL and route
 * table, the VPC and subnet an address belongs to.
 */
import type { NetworkAcl, NetworkInterface, RouteTable, SecurityGroupRule, Subnet, VpcPeeringConnection } from '@aws-sdk/client-ec2';
import { matchAddress, parseCidr, parseIPv4, parseIPv6, type AddressPattern } from '../flowlogs/ip';
import type { Network } from './types';

/** A canonical key for an address (IPv6 written any way gives one key), or undefined if not an address. */
export function addressKey(text: string): string | undefined {
  const v4 = parseIPv4(text);
  if (v4 >= 0) {
    return `4:${v4}`;
  }
  const v6 = parseIPv6(text);
  return v6 ? `6:${Array.from(v6).join('.')}` : undefined;
}

/** 1 for IPv4 text, 6 for IPv6 text, undefined for anything else. */
export function addressFamily(text: string): 4 | 6 | undefined {
  if (parseIPv4(text) >= 0) {
    return 4;
  }
  return parseIPv6(text) ? 6 : undefined;
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7', 'fe80::/10']
  .map((c) => parseCidr(c)!);

/**
 * True for addresses an internet gateway cannot deliver to: RFC 1918, the shared range 100.64.0.0/10
 * (VPCs may use it), IPv6 unique-local and link-local.
 */
export function isPrivateAddress(text: string): boolean {
  return PRIVATE_RANGES.some((p) => matchAddress(p, text));
}

/** The addresses of an interface as flow logs show them: private IPv4 (primary first) and IPv6. */
export function interfaceAddresses(eni: NetworkInterface): string[] {
  const out: string[] = [];
  if (eni.PrivateIpAddress) {
    out.push(eni.PrivateIpAddress);
  }
  for (const p of eni.PrivateIpAddresses ?? []) {
    if (p.PrivateIpAddress && !out.includes(p.PrivateIpAddress)) {
      out.push(p.PrivateIpAddress);
    }
  }
  for (const a of eni.Ipv6Addresses ?? []) {
    if (a.Ipv6Address) {
      out.push(a.Ipv6Address);
    }
  }
  return out;
}

/** The group ids on an interface, in its order. */
export function interfaceGroups(eni: NetworkInterface): string[] {
  return (eni.Groups ?? []).map((g) => g.GroupId).filter((id): id is string => !!id);
}

/** Pre-computed look-ups over one network. */
export class NetworkIndex {
  readonly interfaceById = new Map<string, NetworkInterface>();
  /** Security group rules by group id (both directions). A group absent here has no rules we know of. */
  readonly rulesByGroup = new Map<string, SecurityGroupRule[]>();
  readonly groupNames = new Map<string, string>();
  private readonly byAddress = new Map<string, NetworkInterface>();
  private readonly prefixes: Array<{ pattern: AddressPattern; eni: NetworkInterface }> = [];
  private readonly subnetCidrs: Array<{ pattern: AddressPattern; subnet: Subnet }> = [];
  private readonly vpcCidrs: Array<{ pattern: AddressPattern; vpcId: string }> = [];
  private readonly subnetsById = new Map<string, Subnet>();

  constructor(readonly network: Network) {
    for (const eni of network.interfaces) {
      if (eni.NetworkInterfaceId) {
        this.interfaceById.set(eni.NetworkInterfaceId, eni);
      }
      for (const address of interfaceAddresses(eni)) {
        const key = addressKey(address);
        if (key && !this.byAddress.has(key)) {
          this.byAddress.set(key, eni);
        }
      }
      for (const prefix of [...(eni.Ipv4Prefixes ?? []).map((p) => p.Ipv4Prefix), ...(eni.Ipv6Prefixes ?? []).map((p) => p.Ipv6Prefix)]) {
        const pattern = prefix ? parseCidr(prefix) : undefined;
        if (pattern) {
          this.prefixes.push({ pattern, eni });
        }
      }
      for (const g of eni.Groups ?? []) {
        if (g.GroupId && g.GroupName && !this.groupNames.has(g.GroupId)) {
          this.groupNames.set(g.GroupId, g.GroupName);
        }
      }
    }
    for (const rule of network.securityGroupRules) {
      if (!rule.GroupId) {
        continue;
      }
      const list = this.rulesByGroup.get(rule.GroupId);
      if (list) {
        list.push(rule);
      } else {
        this.rulesByGroup.set(rule.GroupId, [rule]);
      }
    }
    for (const subnet of network.subnets ?? []) {
      if (subnet.SubnetId) {
        this.subnetsById.set(subnet.SubnetId, subnet);
      }
      const blocks = [subnet.CidrBlock, ...(subnet.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlock)];
      for (const block of blocks) {
        const pattern = block ? parseCidr(block) : undefined;
        if (pattern) {
          this.subnetCidrs.push({ pattern, subnet });
        }
      }
    }
    const addVpcCidr = (vpcId: string | undefined, block: string | undefined): void => {
      const pattern = block ? parseCidr(block) : undefined;
      if (vpcId && pattern && !this.vpcCidrs.some((v) => v.vpcId === vpcId && v.pattern.text === pattern.text)) {
        this.vpcCidrs.push({ pattern, vpcId });
      }
    };
    for (const vpc of network.vpcs ?? []) {
      addVpcCidr(vpc.VpcId, vpc.CidrBlock);
      for (const a of vpc.CidrBlockAssociationSet ?? []) {
        addVpcCidr(vpc.VpcId, a.CidrBlock);
      }
      for (const a of vpc.Ipv6CidrBlockAssociationSet ?? []) {
        addVpcCidr(vpc.VpcId, a.Ipv6CidrBlock);
      }
    }
    // A route table's `local` routes are exactly its VPC's CIDR blocks: enough when DescribeVpcs was not read.
    for (const table of network.routeTables ?? []) {
      for (const route of table.Routes ?? []) {
        if (route.GatewayId === 'local') {
          addVpcCidr(table.VpcId, route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock);
        }
      }
    }
    for (const pcx of network.peeringConnections ?? []) {
      for (const side of [pcx.RequesterVpcInfo, pcx.AccepterVpcInfo]) {
        addVpcCidr(side?.VpcId, side?.CidrBlock);
        for (const c of side?.CidrBlockSet ?? []) {
          addVpcCidr(side?.VpcId, c.CidrBlock);
        }
        for (const c of side?.Ipv6CidrBlockSet ?? []) {
          addVpcCidr(side?.VpcId, c.Ipv6CidrBlock);
        }
      }
    }
  }

  /** The interface that owns an address (its private IPv4, IPv6, or a delegated prefix), if known. */
  interfaceByAddress(address: string): NetworkInterface | undefined {
    const key = addressKey(address);
    const found = key ? this.byAddress.get(key) : undefined;
    return found ?? this.prefixes.find((p) => matchAddress(p.pattern, address))?.eni;
  }

  /** The subnet whose CIDR block holds an address (needs `network.subnets`), or the owning interface's. */
  subnetIdOfAddress(address: string): string | undefined {
    return this.interfaceByAddress(address)?.SubnetId ?? this.subnetCidrs.find((s) => matchAddress(s.pattern, address))?.subnet.SubnetId;
  }

  /** The VPC of a subnet id, when the subnet or an interface in it is known. */
  vpcOfSubnet(subnetId: string): string | undefined {
    return this.subnetsById.get(subnetId)?.VpcId ?? this.network.interfaces.find((e) => e.SubnetId === subnetId)?.VpcId;
  }

  /** The subnet's IPv4 (or, for an IPv6 address, IPv6) CIDR block, when `network.subnets` has it. */
  subnetCidr(subnetId: string, family: 4 | 6): string | undefined {
    return this.subnetCidrs.find((s) => s.subnet.SubnetId === subnetId && s.pattern.family === family)?.pattern.text;
  }

  /** The VPC an address belongs to: its interface's, else the VPC whose CIDR block holds it. */
  vpcOfAddress(address: string): string | undefined {
    return this.interfaceByAddress(address)?.VpcId ?? this.vpcCidrOf(address)?.vpcId;
  }

  /** The known VPC CIDR block that holds an address, with its VPC. */
  vpcCidrOf(address: string): { vpcId: string; cidr: string } | undefined {
    const eniVpc = this.interfaceByAddress(address)?.VpcId;
    const found = this.vpcCidrs.find((v) => (!eniVpc || v.vpcId === eniVpc) && matchAddress(v.pattern, address));
    return found ? { vpcId: found.vpcId, cidr: found.pattern.text } : undefined;
  }

  /** A VPC's CIDR blocks of one family, as known. */
  vpcCidrsOf(vpcId: string, family: 4 | 6): string[] {
    return this.vpcCidrs.filter((v) => v.vpcId === vpcId && v.pattern.family === family).map((v) => v.pattern.text);
  }

  /** The network ACL of a subnet: the one associated with it, else its VPC's default ACL. */
  networkAclForSubnet(subnetId: string, vpcId?: string): NetworkAcl | undefined {
    return networkAclForSubnet(this.network, subnetId, vpcId ?? this.vpcOfSubnet(subnetId));
  }

  /** The route table of a subnet: the one explicitly associated with it, else its VPC's main table. */
  routeTableForSubnet(subnetId: string, vpcId?: string): RouteTable | undefined {
    return routeTableForSubnet(this.network, subnetId, vpcId ?? this.vpcOfSubnet(subnetId));
  }

  peering(id: string): VpcPeeringConnection | undefined {
    return this.network.peeringConnections?.find((p) => p.VpcPeeringConnectionId === id);
  }

  /** "sg-0123 (web)" or "sg-0123" when the name is unknown. */
  groupLabel(groupId: string): string {
    const name = this.groupNames.get(groupId);
    return name ? `${groupId} (${name})` : groupId;
  }
}

/** The network ACL a subnet uses: the one associated with it, else its VPC's default ACL. */
export function networkAclForSubnet(network: Pick<Network, 'networkAcls'>, subnetId: string, vpcId?: string): NetworkAcl | undefined {
  return network.networkAcls.find((acl) => acl.Associations?.some((a) => a.SubnetId === subnetId))
    ?? (vpcId ? network.networkAcls.find((acl) => acl.IsDefault && acl.VpcId === vpcId) : undefined);
}

/** The route table a subnet uses: the one explicitly associated with it, else its VPC's main table. */
export function routeTableForSubnet(network: Pick<Network, 'routeTables'>, subnetId: string, vpcId?: string): RouteTable | undefined {
  const tables = network.routeTables ?? [];
  const live = (state: string | undefined): boolean => state === undefined || state === 'associated';
  return tables.find((t) => t.Associations?.some((a) => a.SubnetId === subnetId && live(a.AssociationState?.State)))
    ?? (vpcId ? tables.find((t) => t.VpcId === vpcId && t.Associations?.some((a) => a.Main)) : undefined);
}

const cache = new WeakMap<Network, NetworkIndex>();

/** The index of a network, built on first use and kept as long as the network object lives. */
export function indexNetwork(network: Network): NetworkIndex {
  let index = cache.get(network);
  if (!index) {
    index = new NetworkIndex(network);
    cache.set(network, index);
  }
  return index;
}

/**
 * The peering connection between two VPCs: from the peering connections read, else from a route in
 * either VPC's tables that sends the other side's address through a `pcx-`.
 */
export function findPeering(index: NetworkIndex, vpcA: string, vpcB: string, addressInA?: string, addressInB?: string): string | undefined {
  for (const pcx of index.network.peeringConnections ?? []) {
    const ends = [pcx.RequesterVpcInfo?.VpcId, pcx.AccepterVpcInfo?.VpcId];
    if (ends.includes(vpcA) && ends.includes(vpcB) && pcx.VpcPeeringConnectionId && (pcx.Status?.Code ?? 'active') !== 'deleted') {
      return pcx.VpcPeeringConnectionId;
    }
  }
  for (const table of index.network.routeTables ?? []) {
    const toward = table.VpcId === vpcA ? addressInB : table.VpcId === vpcB ? addressInA : undefined;
    if (!toward) {
      continue;
    }
    for (const route of table.Routes ?? []) {
      const block = route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock;
      const pattern = block ? parseCidr(block) : undefined;
      if (route.VpcPeeringConnectionId && pattern && matchAddress(pattern, toward)) {
        return route.VpcPeeringConnectionId;
      }
    }
  }
  return undefined;
}

