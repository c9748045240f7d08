/**
 * Every EC2 operation the extension uses, named once: DescribeVpcs, DescribeSubnets,
 * DescribeNetworkInterfaces, DescribeFlowLogs, DescribeVpcPeeringConnections, DescribeRouteTables,
 * DescribeTags, CreateFlowLogs and DeleteFlowLogs. Listings are page functions or small collections,
 * filtered on the server (a VPC's interfaces are never fetched for the whole account and filtered here).
 */
import type * as EC2 from '@aws-sdk/client-ec2';
import type { AwsClientFactory } from './clientFactory';
import { AwsProblemError } from './errors';
import type { Sdk } from './loadSdk';
import {
  resourceTypeOf,
  toFlowLog,
  toNetworkInterface,
  toPeeringConnection,
  toRouteTable,
  toSubnet,
  toVpc,
  type FlowLogInfo,
  type NetworkInterfaceInfo,
  type PeeringConnectionInfo,
  type RouteTableInfo,
  type SubnetInfo,
  type VpcInfo,
} from './models';
import { clampPageSize, collect, send, type Page } from './request';

function filters(entries: Record<string, readonly string[] | undefined>): EC2.Filter[] | undefined {
  const list = Object.entries(entries)
    .filter((e): e is [string, readonly string[]] => e[1] !== undefined && e[1].length > 0)
    .map(([Name, Values]) => ({ Name, Values: [...Values] }));
  return list.length ? list : undefined;
}

/** Where a new flow log delivers: a CloudWatch Logs log group (with the role that writes it), or S3. */
export type FlowLogDestination =
  | { readonly kind: 'cloud-watch-logs'; readonly logGroupName: string; readonly roleArn: string }
  | {
      readonly kind: 's3';
      /** `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/prefix` (no role: the bucket policy authorises delivery). */
      readonly bucketArn: string;
      readonly fileFormat: 'plain-text' | 'parquet';
      readonly hiveCompatiblePartitions: boolean;
      readonly perHourPartition: boolean;
    };

/** What a new flow log records and where it delivers. */
export interface FlowLogRequest {
  readonly resourceId: string;
  readonly trafficType: 'ALL' | 'ACCEPT' | 'REJECT';
  /** 60 or 600 seconds. */
  readonly maxAggregationInterval: 60 | 600;
  readonly destination: FlowLogDestination;
  /** A `${field} ...` format; undefined for the default format. */
  readonly logFormat?: string | undefined;
  /** Makes a retried request idempotent (EC2 creates at most one flow log per token). */
  readonly clientToken: string;
}

/**
 * Thrown when `CreateFlowLogs` or `DeleteFlowLogs` answers with `Unsuccessful` items: EC2 reports some
 * failures (an invalid role, a resource that already has such a flow log) that way, not as errors.
 */
export class FlowLogRejectedError extends AwsProblemError {
  constructor(action: string, readonly resourceId: string, code: string, detail: string) {
    super({ kind: /Invalid|Malformed/.test(code) ? 'invalidInput' : 'other', code, message: `${action} failed: ${detail}${/[.!]$/.test(detail) ? '' : '.'} (${code})` });
    this.name = 'FlowLogRejectedError';
  }
}

/** The EC2 wrapper. Every failure is an `AwsProblemError` naming the IAM action. */
export class Ec2Api {
  constructor(private readonly aws: AwsClientFactory) {}

  private send<R>(operation: string, command: (sdk: Sdk['ec2']) => object, signal?: AbortSignal): Promise<R> {
    return send<'ec2', R>(this.aws, 'ec2', operation, command, signal);
  }

  /** One page of DescribeVpcs. */
  private async vpcPage(input: EC2.DescribeVpcsRequest, signal?: AbortSignal): Promise<Page<VpcInfo>> {
    const out = await this.send<EC2.DescribeVpcsResult>('DescribeVpcs', (sdk) => new sdk.DescribeVpcsCommand(input), signal);
    return { items: (out.Vpcs ?? []).map(toVpc), nextToken: input.VpcIds ? undefined : out.NextToken };
  }

  /** One page of the region's VPCs. */
  vpcsPage(token: string | undefined, pageSize: number, signal?: AbortSignal): Promise<Page<VpcInfo>> {
    return this.vpcPage({ MaxResults: clampPageSize(pageSize, 5, 1000), NextToken: token }, signal);
  }

  /** The VPCs with these ids (all VPCs of the region when `ids` is omitted). */
  vpcs(ids?: readonly string[], signal?: AbortSignal): Promise<VpcInfo[]> {
    return collect((token) => this.vpcPage(ids ? { VpcIds: [...ids] } : { MaxResults: 1000, NextToken: token }, signal));
  }

  /** The subnets of one VPC (filtered on the server), or of the whole region. */
  subnets(vpcId?: string, signal?: AbortSignal): Promise<SubnetInfo[]> {
    return collect(async (token) => {
      const out = await this.send<EC2.DescribeSubnetsResult>(
        'DescribeSubnets',
        (sdk) => new sdk.DescribeSubnetsCommand({ Filters: filters({ 'vpc-id': vpcId ? [vpcId] : undefined }), MaxResults: 1000, NextToken: token }),
        signal,
      );
      return { items: (out.Subnets ?? []).map(toSubnet), nextToken: out.NextToken };
    });
  }

  /** One page of DescribeNetworkInterfaces. */
  private async interfacePage(filter: Record<string, readonly string[] | undefined>, token: string | undefined, pageSize: number, signal?: AbortSignal): Promise<Page<NetworkInterfaceInfo>> {
    const out = await this.send<EC2.DescribeNetworkInterfacesResult>(
      'DescribeNetworkInterfaces',
      (sdk) => new sdk.DescribeNetworkInterfacesCommand({ Filters: filters(filter), MaxResults: clampPageSize(pageSize, 5, 1000), NextToken: token }),
      signal,
    );
    return { items: (out.NetworkInterfaces ?? []).map(toNetworkInterface), nextToken: out.NextToken };
  }

  /** One page of a VPC's network interfaces, filtered by `vpc-id` on the server. */
  networkInterfacesPage(vpcId: string, token: string | undefined, pageSize: number, signal?: AbortSignal): Promise<Page<NetworkInterfaceInfo>> {
    return this.interfacePage({ 'vpc-id': [vpcId] }, token, pageSize, signal);
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
      result.push(...(await collect((token) => this.interfacePage({ 'network-interface-id': ids }, token, 1000, signal), options.maxPages ?? 20)));
    }
    return result;
  }

  /** Flow logs of the region, or the ones given by id, or of some resources / one log group (filtered on the server). */
  flowLogs(filter: { ids?: readonly string[]; resourceIds?: readonly string[]; logGroupName?: string } = {}, signal?: AbortSignal): Promise<FlowLogInfo[]> {
    return collect(async (token) => {
      const out = await this.send<EC2.DescribeFlowLogsResult>(
        'DescribeFlowLogs',
        (sdk) =>
          new sdk.DescribeFlowLogsCommand({
            ...(filter.ids ? { FlowLogIds: [...filter.ids] } : { MaxResults: 1000, NextToken: token }),
            Filter: filters({
              'resource-id': filter.resourceIds,
              'log-group-name': filter.logGroupName ? [filter.logGroupName] : undefined,
            }),
          }),
        signal,
      );
      return { items: (out.FlowLogs ?? []).map(toFlowLog), nextToken: filter.ids ? undefined : out.NextToken };
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

  /** The route tables of one VPC (filtered on the server), the main one first. */
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

  /** Creates one flow log to CloudWatch Logs; returns its id. */
  async createFlowLog(request: FlowLogRequest, signal?: AbortSignal): Promise<string> {
    const type = resourceTypeOf(request.resourceId);
    if (!type) {
      throw new AwsProblemError({ kind: 'invalidInput', message: `ec2:CreateFlowLogs failed: ${request.resourceId} is not a VPC, subnet or network interface id.` });
    }
    const result = await this.send<EC2.CreateFlowLogsResult>(
      'CreateFlowLogs',
      (sdk) =>
        new sdk.CreateFlowLogsCommand({
          ResourceIds: [request.resourceId],
          ResourceType: type,
          TrafficType: request.trafficType,
          MaxAggregationInterval: request.maxAggregationInterval,
          ...destinationParameters(request.destination),
          ClientToken: request.clientToken,
          ...(request.logFormat ? { LogFormat: request.logFormat } : {}),
        }),
      signal,
    );
    const failure = result.Unsuccessful?.[0];
    if (failure) {
      throw new FlowLogRejectedError('ec2:CreateFlowLogs', failure.ResourceId ?? request.resourceId, failure.Error?.Code ?? 'Unsuccessful', failure.Error?.Message ?? 'EC2 did not create the flow log');
    }
    const id = result.FlowLogIds?.[0];
    if (!id) {
      throw new AwsProblemError({ kind: 'other', message: 'ec2:CreateFlowLogs failed: EC2 returned no flow log id.' });
    }
    return id;
  }

  /** Deletes one flow log (the log group and its records stay). */
  async deleteFlowLog(flowLogId: string, signal?: AbortSignal): Promise<void> {
    const result = await this.send<EC2.DeleteFlowLogsResult>('DeleteFlowLogs', (sdk) => new sdk.DeleteFlowLogsCommand({ FlowLogIds: [flowLogId] }), signal);
    const failure = result.Unsuccessful?.[0];
    if (failure) {
      throw new FlowLogRejectedError('ec2:DeleteFlowLogs', failure.ResourceId ?? flowLogId, failure.Error?.Code ?? 'Unsuccessful', failure.Error?.Message ?? 'EC2 did not delete the flow log');
    }
  }
}

/** The CreateFlowLogs parameters of a destination. */
export function destinationParameters(destination: FlowLogDestination): Partial<EC2.CreateFlowLogsRequest> {
  if (destination.kind === 'cloud-watch-logs') {
    return { LogDestinationType: 'cloud-watch-logs', LogGroupName: destination.logGroupName, DeliverLogsPermissionArn: destination.roleArn };
  }
  return {
    LogDestinationType: 's3',
    LogDestination: destination.bucketArn,
    DestinationOptions: { FileFormat: destination.fileFormat, HiveCompatiblePartitions: destination.hiveCompatiblePartitions, PerHourPartition: destination.perHourPartition },
  };
}
