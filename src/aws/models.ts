/**
 * One model type per AWS resource, built once from the SDK's shapes by the converters here. Every area
 * (explorer, viewer sources, Logs Insights, setup) sees these types, never the SDK's. Pure: type-only
 * imports of the SDK, so the converters are tested in plain Node.
 */
import type * as Logs from '@aws-sdk/client-cloudwatch-logs';
import type * as EC2 from '@aws-sdk/client-ec2';
import type { Role } from '@aws-sdk/client-iam';
import { judgeTrustPolicy, partitionOf, type TrustVerdict } from '../iam';

// ---- EC2 ----

/** A VPC. */
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

/** A subnet of a VPC. */
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

/** A flow log. */
export interface FlowLogInfo {
  readonly id: string;
  readonly name: string | undefined;
  /** The VPC, subnet or ENI (or transit gateway) the flow log watches. */
  readonly resourceId: string;
  /** `ALL`, `ACCEPT` or `REJECT`. */
  readonly trafficType: string;
  readonly destinationType: FlowLogDestinationType;
  /** The CloudWatch log group, for `cloud-watch-logs` (from its name, or else its ARN). */
  readonly logGroupName: string | undefined;
  /** The destination ARN (log group, bucket or Firehose stream). */
  readonly destination: string | undefined;
  /** The record format (`${version} ${account-id} ...`). */
  readonly logFormat: string | undefined;
  /** For an S3 destination: text or Parquet, Hive-compatible prefixes, per-hour folders (the SDK's shape). */
  readonly destinationOptions?: { readonly FileFormat?: string | undefined; readonly HiveCompatiblePartitions?: boolean | undefined; readonly PerHourPartition?: boolean | undefined } | undefined;
  /** 60 or 600 seconds. */
  readonly maxAggregationInterval: number | undefined;
  readonly status: string;
  /** `SUCCESS` or `FAILED`. */
  readonly deliverLogsStatus: string | undefined;
  readonly deliverLogsError: string | undefined;
  readonly deliverLogsRoleArn: string | undefined;
  readonly createdAt: Date | undefined;
}

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

/** The kinds of resource a flow log can watch, as `CreateFlowLogs` names them. */
export type FlowLogResourceType = 'VPC' | 'Subnet' | 'NetworkInterface';

/** The resource type of an id (`vpc-`, `subnet-`, `eni-`), or undefined. */
export function resourceTypeOf(id: string): FlowLogResourceType | undefined {
  return id.startsWith('vpc-') ? 'VPC' : id.startsWith('subnet-') ? 'Subnet' : id.startsWith('eni-') ? 'NetworkInterface' : undefined;
}

/** The `Name` tag among a resource's tags. */
export function nameTag(tags: readonly EC2.Tag[] | undefined): string | undefined {
  return tags?.find((t) => t.Key === 'Name')?.Value || undefined;
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
  const destinationType = flowLog.LogDestinationType ?? (flowLog.LogGroupName ? 'cloud-watch-logs' : 'unknown');
  const fromArn = destinationType === 'cloud-watch-logs' && flowLog.LogDestination ? logGroupNameFromArn(flowLog.LogDestination) : undefined;
  return {
    id: flowLog.FlowLogId ?? '',
    name: nameTag(flowLog.Tags),
    resourceId: flowLog.ResourceId ?? '',
    trafficType: flowLog.TrafficType ?? 'ALL',
    destinationType,
    logGroupName: flowLog.LogGroupName || fromArn,
    destination: flowLog.LogDestination,
    logFormat: flowLog.LogFormat || undefined,
    destinationOptions: flowLog.DestinationOptions,
    maxAggregationInterval: flowLog.MaxAggregationInterval,
    status: flowLog.FlowLogStatus ?? 'unknown',
    deliverLogsStatus: flowLog.DeliverLogsStatus,
    deliverLogsError: flowLog.DeliverLogsErrorMessage || undefined,
    deliverLogsRoleArn: flowLog.DeliverLogsPermissionArn || undefined,
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

/** `arn:aws:ec2:<region>:<account>:<type>/<id>`; undefined when the account is not known. */
export function ec2Arn(region: string | undefined, accountId: string | undefined, type: string, id: string): string | undefined {
  return region && accountId ? `arn:${partitionOf(region)}:ec2:${region}:${accountId}:${type}/${id}` : undefined;
}

// ---- CloudWatch Logs ----

/** A log group. */
export interface LogGroupInfo {
  readonly name: string;
  /** The group's ARN without the trailing `:*`. */
  readonly arn: string | undefined;
  readonly creationTime: number | undefined;
  readonly storedBytes: number | undefined;
  /** Undefined: never expire. */
  readonly retentionDays: number | undefined;
  readonly logClass: string | undefined;
}

/** A log stream of a group. */
export interface LogStreamInfo {
  readonly name: string;
  readonly arn: string | undefined;
  readonly creationTime: number | undefined;
  readonly firstEventTime: number | undefined;
  /** Updated by CloudWatch Logs eventually (up to an hour late); see lastIngestionTime. */
  readonly lastEventTime: number | undefined;
  readonly lastIngestionTime: number | undefined;
  readonly storedBytes: number | undefined;
}

/** One log event; for flow logs the message is one record line and the timestamp the record's start. */
export interface LogEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime?: number | undefined;
  /** FilterLogEvents only. */
  readonly eventId?: string | undefined;
  readonly streamName?: string | undefined;
}

/** A saved Logs Insights query definition. */
export interface QueryDefinition {
  readonly id: string;
  readonly name: string;
  readonly queryString: string;
  readonly logGroupNames: readonly string[];
  /** Ms since the epoch. */
  readonly lastModified?: number;
}

/** Statuses of a Logs Insights query as GetQueryResults reports them. */
export type QueryStatus = 'Scheduled' | 'Running' | 'Complete' | 'Failed' | 'Cancelled' | 'Timeout' | 'Unknown';

/** One field of one result row, as GetQueryResults returns it. */
export interface ResultField {
  readonly field?: string | undefined;
  readonly value?: string | undefined;
}

/** GetQueryResults' statistics (all optional on the wire). */
export interface QueryStatistics {
  readonly recordsMatched?: number | undefined;
  readonly recordsScanned?: number | undefined;
  readonly bytesScanned?: number | undefined;
  readonly estimatedRecordsSkipped?: number | undefined;
  readonly estimatedBytesSkipped?: number | undefined;
  readonly logGroupsScanned?: number | undefined;
}

/** One GetQueryResults response. */
export interface QueryResultsPage {
  readonly status: QueryStatus;
  readonly results: readonly (readonly ResultField[])[];
  readonly statistics?: QueryStatistics | undefined;
  /** More rows to fetch (queries returning more than 10,000 rows, once complete). */
  readonly nextToken?: string | undefined;
}

/** What StartQuery needs. */
export interface StartQueryInput {
  readonly logGroupNames: readonly string[];
  readonly queryString: string;
  /** Unix seconds, inclusive. */
  readonly startTime: number;
  readonly endTime: number;
  /** Most rows to return. */
  readonly limit: number;
}

export function toLogGroup(group: Logs.LogGroup): LogGroupInfo {
  return {
    name: group.logGroupName ?? '',
    arn: group.logGroupArn ?? group.arn?.replace(/:\*$/, ''),
    creationTime: group.creationTime,
    storedBytes: group.storedBytes,
    retentionDays: group.retentionInDays,
    logClass: group.logGroupClass,
  };
}

export function toLogStream(stream: Logs.LogStream): LogStreamInfo {
  return {
    name: stream.logStreamName ?? '',
    arn: stream.arn,
    creationTime: stream.creationTime,
    firstEventTime: stream.firstEventTimestamp,
    lastEventTime: stream.lastEventTimestamp,
    lastIngestionTime: stream.lastIngestionTime,
    storedBytes: stream.storedBytes,
  };
}

export function toLogEvent(event: Logs.OutputLogEvent | Logs.FilteredLogEvent): LogEvent {
  return {
    timestamp: event.timestamp ?? 0,
    // A flow log event is one record; strip the line end some producers add.
    message: (event.message ?? '').replace(/\r?\n$/, ''),
    ingestionTime: event.ingestionTime,
    eventId: 'eventId' in event ? event.eventId : undefined,
    streamName: 'logStreamName' in event ? event.logStreamName : undefined,
  };
}

/** The group name in a CloudWatch Logs log group ARN (`arn:aws:logs:region:acct:log-group:NAME[:*]`). */
export function logGroupNameFromArn(arn: string): string | undefined {
  const m = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(arn);
  return m?.[1];
}

// ---- IAM and STS ----

/**
 * The description roles made by the extension carry: it marks them as ours (so deleting a flow log can
 * offer to delete its role) without needing `iam:TagRole`, which a tag would.
 */
export const ROLE_DESCRIPTION = 'Lets VPC Flow Logs deliver flow log records to CloudWatch Logs. Created with the VPC Flow Logs extension for VS Code.';

/** The account and region a new flow log will belong to (for judging trust conditions). */
export interface TrustContext {
  readonly accountId?: string;
  readonly region?: string;
}

/** An IAM role, with what the setup commands need to know about it. */
export interface RoleInfo {
  readonly name: string;
  readonly arn: string;
  readonly description?: string;
  readonly createdAt?: Date;
  /** Whether flow logs of the account and region can use it, and why not. */
  readonly trust: TrustVerdict;
  /** True when the extension made it (its description says so). */
  readonly createdByExtension: boolean;
}

export function toRoleInfo(role: Role, context: TrustContext): RoleInfo {
  return {
    name: role.RoleName ?? '',
    arn: role.Arn ?? '',
    description: role.Description,
    createdAt: role.CreateDate,
    // IAM returns AssumeRolePolicyDocument URL-encoded; judgeTrustPolicy decodes it.
    trust: judgeTrustPolicy(role.AssumeRolePolicyDocument, context),
    createdByExtension: role.Description === ROLE_DESCRIPTION,
  };
}

/** Role names are the last part of a role ARN (after any path). */
export function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

/** The caller's account and identity, from STS GetCallerIdentity. */
export interface CallerIdentity {
  readonly accountId: string;
  readonly arn: string;
}
