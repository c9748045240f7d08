import type * as EC2 from '@aws-sdk/client-ec2';
import type { AwsClientFactory } from './clientFactory';
import { loadSdk } from './loadSdk';
import { callAws, clampPageSize, collect, type Page, type Sender } from './request';

/** A VPC as the explorer shows it. */
export interface VpcInfo {
  readonly id: string;
  /** The `Name` tag, when set. */
  readonly name: string | undefined;
  /** IPv4 CIDR blocks, the primary one first. */
  readonly cidrs: string[];
  readonly isDefault: boolean;
  readonly state: string;
  readonly ownerId: string | undefined;
}

export interface SubnetInfo {
  readonly id: string;
  readonly vpcId: string;
  readonly name: string | undefined;
  readonly cidr: string | undefined;
  readonly availabilityZone: string | undefined;
  readonly availableIps: number | undefined;
  readonly mapPublicIpOnLaunch: boolean;
  readonly arn: string | undefined;
}

/** A network interface (ENI) and what it is attached to. */
export interface NetworkInterfaceInfo {
  readonly id: string;
  readonly vpcId: string | undefined;
  readonly subnetId: string | undefined;
  readonly availabilityZone: string | undefined;
  /** The ENI's own `Name` tag. */
  readonly name: string | undefined;
  readonly description: string;
  /** The primary private IPv4 address. */
  readonly privateIp: string | undefined;
  /** Every private IPv4 address, primary first. */
  readonly privateIps: string[];
  /** The public IPv4 address associated with the primary private address. */
  readonly publicIp: string | undefined;
  /** Every public IPv4 address (one per associated private address). */
  readonly publicIps: string[];
  readonly ipv6Addresses: string[];
  readonly instanceId: string | undefined;
  /** e.g. `interface`, `nat_gateway`, `vpc_endpoint`, `lambda`. */
  readonly interfaceType: string;
  readonly securityGroups: { id: string; name: string | undefined }[];
  readonly status: string;
  readonly ownerId: string | undefined;
  readonly requesterManaged: boolean;
}

/** `cloud-watch-logs`, `s3` or `kinesis-data-firehose`. */
export type FlowLogDestinationType = string;

export interface FlowLogInfo {
  readonly id: string;
  readonly name: string | undefined;
  /** The VPC, subnet or ENI (or transit gateway) the flow log watches. */
  readonly resourceId: string;
  /** `ALL`, `ACCEPT` or `REJECT`. */
  readonly trafficType: string;
  readonly destinationType: FlowLogDestinationType;
  /** The CloudWatch log group, for `cloud-watch-logs`. */
  readonly logGroupName: string | undefined;
  /** The destination ARN (log group, bucket or Firehose stream). */
  readonly destination: string | undefined;
  /** The record format (`${version} ${account-id} ...`). */
  readonly logFormat: string | undefined;
  /** 60 or 600 seconds. */
  readonly maxAggregationInterval: number | undefined;
  readonly status: string;
  /** `SUCCESS` or `FAILED`. */
  readonly deliverLogsStatus: string | undefined;
  readonly deliverLogsError: string | undefined;
  readonly deliverLogsRoleArn: string | undefined;
  readonly createdAt: Date | undefined;
}

/** The default record format, which `DescribeFlowLogs` also reports for flow logs created without one. */
export const DEFAULT_FLOW_LOG_FORMAT =
  '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}';

export interface PeeringSide {
  readonly vpcId: string | undefined;
  readonly cidrs: string[];
  readonly ownerId: string | undefined;
  readonly region: string | undefined;
}

export interface PeeringConnectionInfo {
  readonly id: string;
  readonly name: string | undefined;
  readonly requester: PeeringSide;
  readonly accepter: PeeringSide;
  /** e.g. `active`, `pending-acceptance`, `deleted`. */
  readonly status: string;
  readonly statusMessage: string | undefined;
}

export interface RouteInfo {
  /** CIDR block or prefix list. */
  readonly destination: string;
  /** Where the route sends traffic: `local`, `igw-...`, `pcx-...`, `nat-...`, ... */
  readonly target: string;
  /** `active` or `blackhole`. */
  readonly state: string;
  readonly origin: string | undefined;
}

export interface RouteTableInfo {
  readonly id: string;
  readonly vpcId: string | undefined;
  readonly name: string | undefined;
  /** Whether it is the VPC's main route table (used by subnets without their own). */
  readonly main: boolean;
  readonly subnetIds: string[];
  readonly routes: RouteInfo[];
  readonly ownerId: string | undefined;
}

function nameTag(tags: readonly EC2.Tag[] | undefined): string | undefined {
  return tags?.find((t) => t.Key === 'Name')?.Value || undefined;
}

function filters(entries: Record<string, readonly string[] | undefined>): EC2.Filter[] | undefined {
  const list = Object.entries(entries)
    .filter((e): e is [string, readonly string[]] => e[1] !== undefined && e[1].length > 0)
    .map(([Name, Values]) => ({ Name, Values: [...Values] }));
  return list.length ? list : undefined;
}

export function toVpc(vpc: EC2.Vpc): VpcInfo {
  const associated = (vpc.CidrBlockAssociationSet ?? [])
    .filter((a) => a.CidrBlockState?.State === undefined || a.CidrBlockState.State === 'associated')
    .map((a) => a.CidrBlock)
    .filter((c): c is string => !!c);
  const cidrs = [...new Set([...(vpc.CidrBlock ? [vpc.CidrBlock] : []), ...associated])];
  return {
    id: vpc.VpcId ?? '',
    name: nameTag(vpc.Tags),
    cidrs,
    isDefault: vpc.IsDefault === true,
    state: vpc.State ?? 'unknown',
    ownerId: vpc.OwnerId,
  };
}

export function toSubnet(subnet: EC2.Subnet): SubnetInfo {
  return {
    id: subnet.SubnetId ?? '',
    vpcId: subnet.VpcId ?? '',
    name: nameTag(subnet.Tags),
    cidr: subnet.CidrBlock,
    availabilityZone: subnet.AvailabilityZone,
    availableIps: subnet.AvailableIpAddressCount,
    mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch === true,
    arn: subnet.SubnetArn,
  };
}

export function toNetworkInterface(eni: EC2.NetworkInterface): NetworkInterfaceInfo {
  const addresses = [...(eni.PrivateIpAddresses ?? [])].sort((a, b) => Number(b.Primary === true) - Number(a.Primary === true));
  const privateIps = addresses.map((a) => a.PrivateIpAddress).filter((a): a is string => !!a);
  if (eni.PrivateIpAddress && !privateIps.includes(eni.PrivateIpAddress)) {
    privateIps.unshift(eni.PrivateIpAddress);
  }
  const publicIps = [
    ...new Set([eni.Association?.PublicIp, ...addresses.map((a) => a.Association?.PublicIp)].filter((a): a is string => !!a)),
  ];
  return {
    id: eni.NetworkInterfaceId ?? '',
    vpcId: eni.VpcId,
    subnetId: eni.SubnetId,
    availabilityZone: eni.AvailabilityZone,
    name: nameTag(eni.TagSet),
    description: eni.Description ?? '',
    privateIp: eni.PrivateIpAddress ?? privateIps[0],
    privateIps,
    publicIp: eni.Association?.PublicIp ?? publicIps[0],
    publicIps,
    ipv6Addresses: (eni.Ipv6Addresses ?? []).map((a) => a.Ipv6Address).filter((a): a is string => !!a),
    instanceId: eni.Attachment?.InstanceId,
    interfaceType: eni.InterfaceType ?? 'interface',
    securityGroups: (eni.Groups ?? []).map((g) => ({ id: g.GroupId ?? '', name: g.GroupName })),
    status: eni.Status ?? 'unknown',
    ownerId: eni.OwnerId,
    requesterManaged: eni.RequesterManaged === true,
  };
}

export function toFlowLog(flowLog: EC2.FlowLog): FlowLogInfo {
  return {
    id: flowLog.FlowLogId ?? '',
    name: nameTag(flowLog.Tags),
    resourceId: flowLog.ResourceId ?? '',
    trafficType: flowLog.TrafficType ?? 'ALL',
    destinationType: flowLog.LogDestinationType ?? (flowLog.LogGroupName ? 'cloud-watch-logs' : 'unknown'),
    logGroupName: flowLog.LogGroupName || undefined,
    destination: flowLog.LogDestination,
    logFormat: flowLog.LogFormat || undefined,
    maxAggregationInterval: flowLog.MaxAggregationInterval,
    status: flowLog.FlowLogStatus ?? 'unknown',
    deliverLogsStatus: flowLog.DeliverLogsStatus,
    deliverLogsError: flowLog.DeliverLogsErrorMessage || undefined,
    deliverLogsRoleArn: flowLog.DeliverLogsPermissionArn,
    createdAt: flowLog.CreationTime,
  };
}

function toPeeringSide(info: EC2.VpcPeeringConnectionVpcInfo | undefined): PeeringSide {
  const cidrs = [...new Set([info?.CidrBlock, ...(info?.CidrBlockSet ?? []).map((c) => c.CidrBlock)].filter((c): c is string => !!c))];
  return { vpcId: info?.VpcId, cidrs, ownerId: info?.OwnerId, region: info?.Region };
}

export function toPeeringConnection(pcx: EC2.VpcPeeringConnection): PeeringConnectionInfo {
  return {
    id: pcx.VpcPeeringConnectionId ?? '',
    name: nameTag(pcx.Tags),
    requester: toPeeringSide(pcx.RequesterVpcInfo),
    accepter: toPeeringSide(pcx.AccepterVpcInfo),
    status: pcx.Status?.Code ?? 'unknown',
    statusMessage: pcx.Status?.Message,
  };
}

function routeTarget(route: EC2.Route): string {
  return (
    route.GatewayId ??
    route.VpcPeeringConnectionId ??
    route.NatGatewayId ??
    route.TransitGatewayId ??
    route.NetworkInterfaceId ??
    route.InstanceId ??
    route.EgressOnlyInternetGatewayId ??
    route.LocalGatewayId ??
    route.CarrierGatewayId ??
    route.CoreNetworkArn ??
    'unknown'
  );
}

export function toRouteTable(table: EC2.RouteTable): RouteTableInfo {
  const associations = table.Associations ?? [];
  return {
    id: table.RouteTableId ?? '',
    vpcId: table.VpcId,
    name: nameTag(table.Tags),
    main: associations.some((a) => a.Main === true),
    subnetIds: associations.map((a) => a.SubnetId).filter((s): s is string => !!s),
    routes: (table.Routes ?? []).map((route) => ({
      destination: route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId ?? '?',
      target: routeTarget(route),
      state: route.State ?? 'active',
      origin: route.Origin,
    })),
    ownerId: table.OwnerId,
  };
}

/**
 * The EC2 calls the explorer makes, as page functions and small collections, with filters applied on
 * the server (a VPC's interfaces are never fetched for the whole account and filtered here). Every
 * failure is an `AwsProblemError` naming the IAM action.
 */
export class Ec2Api {
  constructor(private readonly aws: AwsClientFactory) {}

  private async send<R>(action: string, makeCommand: (sdk: typeof EC2) => { input: unknown }, signal?: AbortSignal): Promise<R> {
    return callAws(this.aws, `ec2:${action}`, async () => {
      const client = await this.aws.ec2();
      const command = makeCommand(loadSdk().ec2);
      return (await (client as unknown as Sender).send(command, { abortSignal: signal })) as R;
    });
  }

  /** One page of the region's VPCs. */
  async vpcsPage(token: string | undefined, pageSize: number, signal?: AbortSignal): Promise<Page<VpcInfo>> {
    const out = await this.send<EC2.DescribeVpcsResult>(
      'DescribeVpcs',
      (sdk) => new sdk.DescribeVpcsCommand({ MaxResults: clampPageSize(pageSize, 5, 1000), NextToken: token }),
      signal,
    );
    return { items: (out.Vpcs ?? []).map(toVpc), nextToken: out.NextToken };
  }

  /** The VPCs with these ids (all VPCs of the region when `ids` is omitted). */
  async vpcs(ids?: readonly string[], signal?: AbortSignal): Promise<VpcInfo[]> {
    return collect(async (token) => {
      const out = await this.send<EC2.DescribeVpcsResult>(
        'DescribeVpcs',
        (sdk) =>
          new sdk.DescribeVpcsCommand(
            ids ? { VpcIds: [...ids] } : { MaxResults: 1000, NextToken: token },
          ),
        signal,
      );
      return { items: (out.Vpcs ?? []).map(toVpc), nextToken: ids ? undefined : out.NextToken };
    });
  }

  /** The subnets of one VPC (filtered on the server). */
  async subnets(vpcId: string, signal?: AbortSignal): Promise<SubnetInfo[]> {
    return collect(async (token) => {
      const out = await this.send<EC2.DescribeSubnetsResult>(
        'DescribeSubnets',
        (sdk) => new sdk.DescribeSubnetsCommand({ Filters: filters({ 'vpc-id': [vpcId] }), MaxResults: 1000, NextToken: token }),
        signal,
      );
      return { items: (out.Subnets ?? []).map(toSubnet), nextToken: out.NextToken };
    });
  }

  /** One page of a VPC's network interfaces, filtered by `vpc-id` on the server. */
  async networkInterfacesPage(vpcId: string, token: string | undefined, pageSize: number, signal?: AbortSignal): Promise<Page<NetworkInterfaceInfo>> {
    const out = await this.send<EC2.DescribeNetworkInterfacesResult>(
      'DescribeNetworkInterfaces',
      (sdk) =>
        new sdk.DescribeNetworkInterfacesCommand({
          Filters: filters({ 'vpc-id': [vpcId] }),
          MaxResults: clampPageSize(pageSize, 5, 1000),
          NextToken: token,
        }),
      signal,
    );
    return { items: (out.NetworkInterfaces ?? []).map(toNetworkInterface), nextToken: out.NextToken };
  }

  /**
   * Network interfaces by id (asked for with a filter, 200 ids at a time, so ids that no longer exist
   * are simply absent instead of failing the call), or every interface of the region (for address
   * labels), up to `maxPages` pages of 1,000.
   */
  async networkInterfaces(options: { ids?: readonly string[]; maxPages?: number } = {}, signal?: AbortSignal): Promise<NetworkInterfaceInfo[]> {
    const chunks: (readonly string[] | undefined)[] = [];
    if (options.ids) {
      const unique = [...new Set(options.ids)];
      for (let i = 0; i < unique.length; i += 200) {
        chunks.push(unique.slice(i, i + 200));
      }
    } else {
      chunks.push(undefined);
    }
    const result: NetworkInterfaceInfo[] = [];
    for (const ids of chunks) {
      const page = await collect(async (token) => {
        const out = await this.send<EC2.DescribeNetworkInterfacesResult>(
          'DescribeNetworkInterfaces',
          (sdk) => new sdk.DescribeNetworkInterfacesCommand({ Filters: filters({ 'network-interface-id': ids }), MaxResults: 1000, NextToken: token }),
          signal,
        );
        return { items: (out.NetworkInterfaces ?? []).map(toNetworkInterface), nextToken: out.NextToken };
      }, options.maxPages ?? 20);
      result.push(...page);
    }
    return result;
  }

  /** Flow logs of the region, or of some resources / one log group (filtered on the server). */
  async flowLogs(filter: { resourceIds?: readonly string[]; logGroupName?: string } = {}, signal?: AbortSignal): Promise<FlowLogInfo[]> {
    return collect(async (token) => {
      const out = await this.send<EC2.DescribeFlowLogsResult>(
        'DescribeFlowLogs',
        (sdk) =>
          new sdk.DescribeFlowLogsCommand({
            Filter: filters({
              'resource-id': filter.resourceIds,
              'log-group-name': filter.logGroupName ? [filter.logGroupName] : undefined,
            }),
            MaxResults: 1000,
            NextToken: token,
          }),
        signal,
      );
      return { items: (out.FlowLogs ?? []).map(toFlowLog), nextToken: out.NextToken };
    });
  }

  /** Peering connections in which the VPC is the requester or the accepter. */
  async peeringConnections(vpcId: string, signal?: AbortSignal): Promise<PeeringConnectionInfo[]> {
    // Filters with different names are ANDed by EC2, so each side is one query.
    const side = (name: string): Promise<PeeringConnectionInfo[]> =>
      collect(async (token) => {
        const out = await this.send<EC2.DescribeVpcPeeringConnectionsResult>(
          'DescribeVpcPeeringConnections',
          (sdk) => new sdk.DescribeVpcPeeringConnectionsCommand({ Filters: filters({ [name]: [vpcId] }), MaxResults: 1000, NextToken: token }),
          signal,
        );
        return { items: (out.VpcPeeringConnections ?? []).map(toPeeringConnection), nextToken: out.NextToken };
      });
    const [asRequester, asAccepter] = await Promise.all([side('requester-vpc-info.vpc-id'), side('accepter-vpc-info.vpc-id')]);
    const byId = new Map([...asRequester, ...asAccepter].map((p) => [p.id, p]));
    return [...byId.values()].filter((p) => p.status !== 'deleted');
  }

  /** The route tables of one VPC (filtered on the server). */
  async routeTables(vpcId: string, signal?: AbortSignal): Promise<RouteTableInfo[]> {
    const tables = await collect(async (token) => {
      const out = await this.send<EC2.DescribeRouteTablesResult>(
        'DescribeRouteTables',
        (sdk) => new sdk.DescribeRouteTablesCommand({ Filters: filters({ 'vpc-id': [vpcId] }), MaxResults: 100, NextToken: token }),
        signal,
      );
      return { items: (out.RouteTables ?? []).map(toRouteTable), nextToken: out.NextToken };
    });
    return tables.sort((a, b) => Number(b.main) - Number(a.main));
  }

  /** The `Name` tags of some resources (instances, typically), asked for 100 ids at a time. */
  async nameTags(resourceIds: readonly string[], signal?: AbortSignal): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const unique = [...new Set(resourceIds)];
    for (let i = 0; i < unique.length; i += 100) {
      const chunk = unique.slice(i, i + 100);
      const tags = await collect(async (token) => {
        const out = await this.send<EC2.DescribeTagsResult>(
          'DescribeTags',
          (sdk) => new sdk.DescribeTagsCommand({ Filters: filters({ 'resource-id': chunk, key: ['Name'] }), MaxResults: 1000, NextToken: token }),
          signal,
        );
        return { items: out.Tags ?? [], nextToken: out.NextToken };
      });
      for (const tag of tags) {
        if (tag.ResourceId && tag.Value) {
          names.set(tag.ResourceId, tag.Value);
        }
      }
    }
    return names;
  }
}

/** `arn:aws:ec2:<region>:<account>:<type>/<id>`; undefined when the account is not known. */
export function ec2Arn(region: string | undefined, accountId: string | undefined, type: string, id: string): string | undefined {
  return region && accountId ? `arn:${partitionOf(region)}:ec2:${region}:${accountId}:${type}/${id}` : undefined;
}

/** The ARN partition of a region (`aws`, `aws-cn`, `aws-us-gov`). */
export function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}
