/**
 * The EC2 operations behind "why was this rejected?", named once: DescribeSecurityGroupRules,
 * DescribeSecurityGroups, DescribeNetworkAcls, GetManagedPrefixListEntries, and the raw shapes of
 * DescribeNetworkInterfaces, DescribeSubnets, DescribeVpcs, DescribeRouteTables and
 * DescribeVpcPeeringConnections; Reachability Analyzer's CreateNetworkInsightsPath,
 * StartNetworkInsightsAnalysis, DescribeNetworkInsightsAnalyses, DeleteNetworkInsightsAnalysis and
 * DeleteNetworkInsightsPath.
 *
 * Unlike `ec2.ts`, these hand back the SDK's own shapes: the flow evaluator (`src/network`) reads them
 * as the EC2 API writes them. Every listing is filtered on the server (by VPC or group), never fetched
 * for the whole account.
 */
import type * as EC2 from '@aws-sdk/client-ec2';
import type { Network } from '../network';
import type { AwsClientFactory } from './clientFactory';
import { AwsProblemError } from './errors';
import type { Sdk } from './loadSdk';
import { collect, send } from './request';

type Filters = Record<string, readonly string[] | undefined>;

function filters(entries: Filters): EC2.Filter[] | undefined {
  const list = Object.entries(entries)
    .filter((e): e is [string, readonly string[]] => e[1] !== undefined && e[1].length > 0)
    .map(([Name, Values]) => ({ Name, Values: [...Values] }));
  return list.length ? list : undefined;
}

/** `ids` deduplicated in chunks of `size` (EC2 takes at most 200 values per filter). */
function chunks(ids: readonly string[], size = 200): string[][] {
  const unique = [...new Set(ids)];
  const out: string[][] = [];
  for (let i = 0; i < unique.length; i += size) {
    out.push(unique.slice(i, i + size));
  }
  return out;
}

/** The path Reachability Analyzer is asked about: from an interface to an address (or interface), one protocol and port. */
export interface InsightsPathRequest {
  /** The source: a network interface id (`eni-...`) or instance id. */
  readonly source: string;
  /** The destination resource, when the other end is one of the account's interfaces. */
  readonly destination?: string | undefined;
  readonly sourceIp?: string | undefined;
  readonly destinationIp?: string | undefined;
  readonly protocol: 'tcp' | 'udp';
  readonly destinationPort?: number | undefined;
  /** Makes a retried request idempotent. */
  readonly clientToken: string;
}

/** The EC2 network wrapper. Every failure is an `AwsProblemError` naming the IAM action. */
export class Ec2NetworkApi {
  constructor(private readonly aws: AwsClientFactory) {}

  private send<R>(operation: string, command: (sdk: Sdk['ec2']) => object, signal?: AbortSignal): Promise<R> {
    return send<'ec2', R>(this.aws, 'ec2', operation, command, signal);
  }

  /** Every rule (inbound and outbound) of these security groups, asked for with a `group-id` filter. */
  async securityGroupRules(groupIds: readonly string[], signal?: AbortSignal): Promise<EC2.SecurityGroupRule[]> {
    const result: EC2.SecurityGroupRule[] = [];
    for (const ids of chunks(groupIds)) {
      result.push(
        ...(await collect(async (token) => {
          const out = await this.send<EC2.DescribeSecurityGroupRulesResult>(
            'DescribeSecurityGroupRules',
            (sdk) => new sdk.DescribeSecurityGroupRulesCommand({ Filters: filters({ 'group-id': ids }), MaxResults: 1000, NextToken: token }),
            signal,
          );
          return { items: out.SecurityGroupRules ?? [], nextToken: out.NextToken };
        })),
      );
    }
    return result;
  }

  /** Security groups by id (names and descriptions, e.g. of a group a rule refers to), with a `group-id` filter. */
  async securityGroups(groupIds: readonly string[], signal?: AbortSignal): Promise<EC2.SecurityGroup[]> {
    const result: EC2.SecurityGroup[] = [];
    for (const ids of chunks(groupIds)) {
      result.push(
        ...(await collect(async (token) => {
          const out = await this.send<EC2.DescribeSecurityGroupsResult>(
            'DescribeSecurityGroups',
            (sdk) => new sdk.DescribeSecurityGroupsCommand({ Filters: filters({ 'group-id': ids }), MaxResults: 1000, NextToken: token }),
            signal,
          );
          return { items: out.SecurityGroups ?? [], nextToken: out.NextToken };
        })),
      );
    }
    return result;
  }

  /** The network ACLs of some VPCs, with their entries and subnet associations. */
  networkAcls(vpcIds: readonly string[], signal?: AbortSignal): Promise<EC2.NetworkAcl[]> {
    return collect(async (token) => {
      const out = await this.send<EC2.DescribeNetworkAclsResult>(
        'DescribeNetworkAcls',
        (sdk) => new sdk.DescribeNetworkAclsCommand({ Filters: filters({ 'vpc-id': vpcIds }), MaxResults: 1000, NextToken: token }),
        signal,
      );
      return { items: out.NetworkAcls ?? [], nextToken: out.NextToken };
    });
  }

  /** The route tables of some VPCs, as the SDK returns them. */
  routeTables(vpcIds: readonly string[], signal?: AbortSignal): Promise<EC2.RouteTable[]> {
    return collect(async (token) => {
      const out = await this.send<EC2.DescribeRouteTablesResult>(
        'DescribeRouteTables',
        (sdk) => new sdk.DescribeRouteTablesCommand({ Filters: filters({ 'vpc-id': vpcIds }), MaxResults: 100, NextToken: token }),
        signal,
      );
      return { items: out.RouteTables ?? [], nextToken: out.NextToken };
    });
  }

  /** The network interfaces of some VPCs, as the SDK returns them (addresses, groups, subnet). */
  interfaces(vpcIds: readonly string[], signal?: AbortSignal): Promise<EC2.NetworkInterface[]> {
    return collect(async (token) => {
      const out = await this.send<EC2.DescribeNetworkInterfacesResult>(
        'DescribeNetworkInterfaces',
        (sdk) => new sdk.DescribeNetworkInterfacesCommand({ Filters: filters({ 'vpc-id': vpcIds }), MaxResults: 1000, NextToken: token }),
        signal,
      );
      return { items: out.NetworkInterfaces ?? [], nextToken: out.NextToken };
    }, 20);
  }

  /** The subnets of some VPCs, as the SDK returns them. */
  subnets(vpcIds: readonly string[], signal?: AbortSignal): Promise<EC2.Subnet[]> {
    return collect(async (token) => {
      const out = await this.send<EC2.DescribeSubnetsResult>(
        'DescribeSubnets',
        (sdk) => new sdk.DescribeSubnetsCommand({ Filters: filters({ 'vpc-id': vpcIds }), MaxResults: 1000, NextToken: token }),
        signal,
      );
      return { items: out.Subnets ?? [], nextToken: out.NextToken };
    });
  }

  /** VPCs by id, as the SDK returns them (their CIDR blocks). */
  async vpcs(vpcIds: readonly string[], signal?: AbortSignal): Promise<EC2.Vpc[]> {
    if (vpcIds.length === 0) {
      return [];
    }
    const out = await this.send<EC2.DescribeVpcsResult>('DescribeVpcs', (sdk) => new sdk.DescribeVpcsCommand({ Filters: filters({ 'vpc-id': vpcIds }) }), signal);
    return out.Vpcs ?? [];
  }

  /** Peering connections in which the VPC is the requester or the accepter, deleted ones left out. */
  async peeringConnections(vpcId: string, signal?: AbortSignal): Promise<EC2.VpcPeeringConnection[]> {
    const side = (name: string): Promise<EC2.VpcPeeringConnection[]> =>
      collect(async (token) => {
        const out = await this.send<EC2.DescribeVpcPeeringConnectionsResult>(
          'DescribeVpcPeeringConnections',
          (sdk) => new sdk.DescribeVpcPeeringConnectionsCommand({ Filters: filters({ [name]: [vpcId] }), MaxResults: 1000, NextToken: token }),
          signal,
        );
        return { items: out.VpcPeeringConnections ?? [], nextToken: out.NextToken };
      });
    const [asRequester, asAccepter] = await Promise.all([side('requester-vpc-info.vpc-id'), side('accepter-vpc-info.vpc-id')]);
    const byId = new Map([...asRequester, ...asAccepter].map((p) => [p.VpcPeeringConnectionId, p]));
    return [...byId.values()].filter((p) => p.Status?.Code !== 'deleted');
  }

  /** The CIDR blocks of a managed prefix list (the `pl-...` a rule or route names). */
  prefixListEntries(prefixListId: string, signal?: AbortSignal): Promise<string[]> {
    return collect(async (token) => {
      const out = await this.send<EC2.GetManagedPrefixListEntriesResult>(
        'GetManagedPrefixListEntries',
        (sdk) => new sdk.GetManagedPrefixListEntriesCommand({ PrefixListId: prefixListId, MaxResults: 100, NextToken: token }),
        signal,
      );
      return { items: (out.Entries ?? []).flatMap((e) => (e.Cidr ? [e.Cidr] : [])), nextToken: out.NextToken };
    });
  }

  /**
   * The network around one VPC as the evaluator reads it: the VPC and the VPCs it peers with (their
   * interfaces, subnets, network ACLs and route tables), every rule of every security group on those
   * interfaces, the peering connections, and the entries of the prefix lists the rules and routes name.
   */
  async network(vpcId: string, signal?: AbortSignal): Promise<Network & { vpcIds: string[] }> {
    const peeringConnections = await this.peeringConnections(vpcId, signal);
    // The peer VPCs this account can describe here: same owner and region as the VPC's own side.
    const peers = peeringConnections
      .filter((p) => p.Status?.Code === 'active')
      .flatMap((p) => {
        const [own, other] = p.RequesterVpcInfo?.VpcId === vpcId ? [p.RequesterVpcInfo, p.AccepterVpcInfo] : [p.AccepterVpcInfo, p.RequesterVpcInfo];
        const sameRegion = !own?.Region || !other?.Region || own.Region === other.Region;
        const sameOwner = !own?.OwnerId || !other?.OwnerId || own.OwnerId === other.OwnerId;
        return other?.VpcId && sameRegion && sameOwner ? [other.VpcId] : [];
      });
    const vpcIds = [...new Set([vpcId, ...peers])];
    const [interfaces, networkAcls, routeTables, subnets, vpcs] = await Promise.all([
      this.interfaces(vpcIds, signal),
      this.networkAcls(vpcIds, signal),
      this.routeTables(vpcIds, signal),
      this.subnets(vpcIds, signal),
      this.vpcs(vpcIds, signal),
    ]);
    const groupIds = interfaces.flatMap((eni) => (eni.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])));
    const securityGroupRules = await this.securityGroupRules(groupIds, signal);
    const prefixListIds = new Set([
      ...securityGroupRules.flatMap((r) => (r.PrefixListId ? [r.PrefixListId] : [])),
      ...routeTables.flatMap((t) => (t.Routes ?? []).flatMap((r) => (r.DestinationPrefixListId ? [r.DestinationPrefixListId] : []))),
    ]);
    const prefixLists: Record<string, string[]> = {};
    for (const id of prefixListIds) {
      prefixLists[id] = await this.prefixListEntries(id, signal);
    }
    return { vpcIds, interfaces, securityGroupRules, networkAcls, routeTables, subnets, vpcs, peeringConnections, prefixLists };
  }

  // ---- Reachability Analyzer (billed per analysis: callers ask first) ----

  /** Creates a path to analyse; returns its id. */
  async createInsightsPath(request: InsightsPathRequest, signal?: AbortSignal): Promise<string> {
    const out = await this.send<EC2.CreateNetworkInsightsPathResult>(
      'CreateNetworkInsightsPath',
      (sdk) =>
        new sdk.CreateNetworkInsightsPathCommand({
          Source: request.source,
          Protocol: request.protocol,
          ClientToken: request.clientToken,
          ...(request.destination ? { Destination: request.destination } : {}),
          ...(request.sourceIp ? { SourceIp: request.sourceIp } : {}),
          ...(request.destinationIp ? { DestinationIp: request.destinationIp } : {}),
          ...(request.destinationPort !== undefined ? { DestinationPort: request.destinationPort } : {}),
        }),
      signal,
    );
    const id = out.NetworkInsightsPath?.NetworkInsightsPathId;
    if (!id) {
      throw new AwsProblemError({ kind: 'other', message: 'ec2:CreateNetworkInsightsPath failed: EC2 returned no path id.' });
    }
    return id;
  }

  /** Starts an analysis of a path (billed); returns its id. */
  async startInsightsAnalysis(pathId: string, clientToken: string, signal?: AbortSignal): Promise<string> {
    const out = await this.send<EC2.StartNetworkInsightsAnalysisResult>(
      'StartNetworkInsightsAnalysis',
      (sdk) => new sdk.StartNetworkInsightsAnalysisCommand({ NetworkInsightsPathId: pathId, ClientToken: clientToken }),
      signal,
    );
    const id = out.NetworkInsightsAnalysis?.NetworkInsightsAnalysisId;
    if (!id) {
      throw new AwsProblemError({ kind: 'other', message: 'ec2:StartNetworkInsightsAnalysis failed: EC2 returned no analysis id.' });
    }
    return id;
  }

  /** One analysis as it stands (`Status` is `running` until it `succeeded` or `failed`). */
  async insightsAnalysis(analysisId: string, signal?: AbortSignal): Promise<EC2.NetworkInsightsAnalysis | undefined> {
    const out = await this.send<EC2.DescribeNetworkInsightsAnalysesResult>(
      'DescribeNetworkInsightsAnalyses',
      (sdk) => new sdk.DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsAnalysisIds: [analysisId] }),
      signal,
    );
    return out.NetworkInsightsAnalyses?.[0];
  }

  async deleteInsightsAnalysis(analysisId: string, signal?: AbortSignal): Promise<void> {
    await this.send('DeleteNetworkInsightsAnalysis', (sdk) => new sdk.DeleteNetworkInsightsAnalysisCommand({ NetworkInsightsAnalysisId: analysisId }), signal);
  }

  async deleteInsightsPath(pathId: string, signal?: AbortSignal): Promise<void> {
    await this.send('DeleteNetworkInsightsPath', (sdk) => new sdk.DeleteNetworkInsightsPathCommand({ NetworkInsightsPathId: pathId }), signal);
  }
}
