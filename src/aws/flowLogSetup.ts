/**
 * The EC2, CloudWatch Logs and STS calls that setting up (and removing) a flow log needs: who am I,
 * which VPCs/subnets/interfaces and log groups exist, create a log group with retention, create and
 * delete flow logs. Every failure becomes an AwsProblemError with advice a person can act on.
 */
import type { FlowLog, Tag, Vpc } from '@aws-sdk/client-ec2';
import type { AwsClientFactory } from './clientFactory';
import { AwsProblemError, describeAwsError } from './errors';
import { loadSdk } from './loadSdk';
import { callAws } from './request';

/** True when an error (raw or AwsProblemError) carries the AWS error code `code` (with or without `Exception`). */
export function hasAwsCode(error: unknown, code: string): boolean {
  const strip = (c: string | undefined): string | undefined => c?.replace(/Exception$/, '');
  if (error instanceof AwsProblemError) {
    return strip(error.problem.code) === strip(code);
  }
  if (typeof error === 'object' && error !== null) {
    const e = error as { name?: unknown; Code?: unknown; code?: unknown };
    return [e.Code, e.code, e.name].some((c) => typeof c === 'string' && strip(c) === strip(code));
  }
  return false;
}

/** The caller's account and identity, from STS GetCallerIdentity. */
export interface CallerIdentity {
  readonly accountId: string;
  readonly arn: string;
}

/** Who the credentials belong to. `signal` bounds the wait (offline, the SDK would retry for a while). */
export async function callerIdentity(aws: AwsClientFactory, signal?: AbortSignal): Promise<CallerIdentity> {
  return callAws(aws, 'sts:GetCallerIdentity', async () => {
    const { sts } = loadSdk();
    const client = await aws.sts();
    const result = await client.send(new sts.GetCallerIdentityCommand({}), signal ? { abortSignal: signal } : {});
    if (!result.Account) {
      throw new Error('STS returned no account id');
    }
    return { accountId: result.Account, arn: result.Arn ?? '' };
  });
}

/** The kinds of resource a flow log can watch, as `CreateFlowLogs` names them. */
export type FlowLogResourceType = 'VPC' | 'Subnet' | 'NetworkInterface';

/** The resource type of an id (`vpc-`, `subnet-`, `eni-`), or undefined. */
export function resourceTypeOf(id: string): FlowLogResourceType | undefined {
  return id.startsWith('vpc-') ? 'VPC' : id.startsWith('subnet-') ? 'Subnet' : id.startsWith('eni-') ? 'NetworkInterface' : undefined;
}

/** A VPC, subnet or network interface a flow log may be created for. */
export interface FlowLogResource {
  readonly id: string;
  readonly type: FlowLogResourceType;
  /** The Name tag, or for interfaces their description. */
  readonly name?: string;
  /** CIDR, VPC, private IP: what tells it apart in a list. */
  readonly detail: string;
}

function nameTag(tags: Tag[] | undefined): string | undefined {
  return tags?.find((t) => t.Key === 'Name')?.Value || undefined;
}

/** Every VPC, subnet and network interface of the region (for the picker when no node was given). */
export async function listFlowLogResources(aws: AwsClientFactory): Promise<FlowLogResource[]> {
  const { ec2 } = loadSdk();
  const client = await aws.ec2();
  const vpcs: Vpc[] = await callAws(aws, 'ec2:DescribeVpcs', async () => {
    const all: Vpc[] = [];
    for await (const page of ec2.paginateDescribeVpcs({ client }, {})) {
      all.push(...(page.Vpcs ?? []));
    }
    return all;
  });
  const subnets = await callAws(aws, 'ec2:DescribeSubnets', async () => {
    const all: FlowLogResource[] = [];
    for await (const page of ec2.paginateDescribeSubnets({ client }, {})) {
      for (const s of page.Subnets ?? []) {
        all.push({ id: s.SubnetId ?? '', type: 'Subnet', name: nameTag(s.Tags), detail: `${s.CidrBlock ?? ''} in ${s.VpcId ?? ''} (${s.AvailabilityZone ?? ''})` });
      }
    }
    return all;
  });
  const interfaces = await callAws(aws, 'ec2:DescribeNetworkInterfaces', async () => {
    const all: FlowLogResource[] = [];
    for await (const page of ec2.paginateDescribeNetworkInterfaces({ client }, {})) {
      for (const n of page.NetworkInterfaces ?? []) {
        const name = nameTag(n.TagSet) ?? (n.Description || undefined);
        const attached = n.Attachment?.InstanceId ? `, ${n.Attachment.InstanceId}` : '';
        all.push({ id: n.NetworkInterfaceId ?? '', type: 'NetworkInterface', name, detail: `${n.PrivateIpAddress ?? ''} in ${n.VpcId ?? ''}${attached}` });
      }
    }
    return all;
  });
  const vpcItems: FlowLogResource[] = vpcs.map((v) => ({ id: v.VpcId ?? '', type: 'VPC', name: nameTag(v.Tags), detail: `${v.CidrBlock ?? ''}${v.IsDefault ? ' (default VPC)' : ''}` }));
  return [...vpcItems, ...subnets, ...interfaces].filter((r) => r.id !== '');
}

/** A log group, as the destination picker shows it. */
export interface LogGroupInfo {
  readonly name: string;
  /** The ARN with the trailing `:*` (as DescribeLogGroups returns it). */
  readonly arn: string;
  readonly retentionInDays?: number;
  readonly storedBytes?: number;
}

/** Log groups of the region, at most `limit` (accounts can have many thousands). */
export async function listLogGroups(aws: AwsClientFactory, limit = 1000): Promise<LogGroupInfo[]> {
  const { logs } = loadSdk();
  const client = await aws.logs();
  return callAws(aws, 'logs:DescribeLogGroups', async () => {
    const all: LogGroupInfo[] = [];
    for await (const page of logs.paginateDescribeLogGroups({ client, pageSize: 50 }, {})) {
      for (const g of page.logGroups ?? []) {
        if (g.logGroupName) {
          all.push({ name: g.logGroupName, arn: g.arn ?? '', retentionInDays: g.retentionInDays, storedBytes: g.storedBytes });
        }
      }
      if (all.length >= limit) {
        break;
      }
    }
    return all;
  });
}

/** What `createLogGroup` did. */
export interface LogGroupCreated {
  readonly name: string;
  /** False when the group already existed (someone made it meanwhile): nothing was created. */
  readonly created: boolean;
  /** The retention set, if any. */
  readonly retentionInDays?: number;
}

/**
 * Creates a log group and sets its retention (`undefined`: never expire). If the group was created but
 * the retention could not be set, the error says so (the group exists then).
 */
export async function createLogGroup(aws: AwsClientFactory, name: string, retentionInDays?: number): Promise<LogGroupCreated> {
  const { logs } = loadSdk();
  const client = await aws.logs();
  let created = true;
  try {
    await callAws(aws, 'logs:CreateLogGroup', () => client.send(new logs.CreateLogGroupCommand({ logGroupName: name })));
  } catch (error) {
    if (!hasAwsCode(error, 'ResourceAlreadyExistsException')) {
      throw error;
    }
    created = false;
  }
  if (retentionInDays !== undefined) {
    try {
      await callAws(aws, 'logs:PutRetentionPolicy', () => client.send(new logs.PutRetentionPolicyCommand({ logGroupName: name, retentionInDays })));
    } catch (error) {
      const problem = error instanceof AwsProblemError ? error.problem : describeAwsError(error, { action: 'logs:PutRetentionPolicy' });
      throw new AwsProblemError({
        ...problem,
        message: `${problem.message} The log group ${name} ${created ? 'was created' : 'exists'} and keeps its records forever until a retention is set.`,
      });
    }
  }
  return { name, created, retentionInDays };
}

/** Deletes a log group and every record in it. */
export async function deleteLogGroup(aws: AwsClientFactory, name: string): Promise<void> {
  const { logs } = loadSdk();
  const client = await aws.logs();
  await callAws(aws, 'logs:DeleteLogGroup', () => client.send(new logs.DeleteLogGroupCommand({ logGroupName: name })));
}

/** A flow log as the setup commands need it. */
export interface FlowLogInfo {
  readonly id: string;
  readonly resourceId: string;
  readonly trafficType: string;
  readonly destinationType: string;
  /** The log group name (CloudWatch Logs) or the destination ARN (S3, Firehose). */
  readonly destination: string;
  readonly roleArn?: string;
  readonly status?: string;
  readonly deliverLogsStatus?: string;
  readonly deliverLogsErrorMessage?: string;
  readonly logFormat?: string;
  readonly maxAggregationInterval?: number;
  readonly name?: string;
}

function toFlowLogInfo(f: FlowLog): FlowLogInfo {
  return {
    id: f.FlowLogId ?? '',
    resourceId: f.ResourceId ?? '',
    trafficType: f.TrafficType ?? '',
    destinationType: f.LogDestinationType ?? 'cloud-watch-logs',
    destination: f.LogGroupName || f.LogDestination || '',
    roleArn: f.DeliverLogsPermissionArn || undefined,
    status: f.FlowLogStatus,
    deliverLogsStatus: f.DeliverLogsStatus,
    deliverLogsErrorMessage: f.DeliverLogsErrorMessage,
    logFormat: f.LogFormat,
    maxAggregationInterval: f.MaxAggregationInterval,
    name: nameTag(f.Tags),
  };
}

/** Flow logs of the region: all of them, or the ones given by id. */
export async function listFlowLogs(aws: AwsClientFactory, flowLogIds?: string[]): Promise<FlowLogInfo[]> {
  const { ec2 } = loadSdk();
  const client = await aws.ec2();
  return callAws(aws, 'ec2:DescribeFlowLogs', async () => {
    const all: FlowLogInfo[] = [];
    for await (const page of ec2.paginateDescribeFlowLogs({ client }, flowLogIds ? { FlowLogIds: flowLogIds } : {})) {
      all.push(...(page.FlowLogs ?? []).map(toFlowLogInfo));
    }
    return all;
  });
}

/** What a new flow log delivers to CloudWatch Logs. */
export interface FlowLogRequest {
  readonly resourceId: string;
  readonly trafficType: 'ALL' | 'ACCEPT' | 'REJECT';
  /** 60 or 600 seconds. */
  readonly maxAggregationInterval: 60 | 600;
  readonly logGroupName: string;
  readonly roleArn: string;
  /** A `${field} ...` format; undefined for the default format. */
  readonly logFormat?: string;
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

/** Creates one flow log to CloudWatch Logs; returns its id. */
export async function createFlowLog(aws: AwsClientFactory, request: FlowLogRequest): Promise<string> {
  const { ec2 } = loadSdk();
  const client = await aws.ec2();
  const type = resourceTypeOf(request.resourceId);
  if (!type) {
    throw new AwsProblemError({ kind: 'invalidInput', message: `ec2:CreateFlowLogs failed: ${request.resourceId} is not a VPC, subnet or network interface id.` });
  }
  const result = await callAws(aws, 'ec2:CreateFlowLogs', () =>
    client.send(
      new ec2.CreateFlowLogsCommand({
        ResourceIds: [request.resourceId],
        ResourceType: type,
        TrafficType: request.trafficType,
        MaxAggregationInterval: request.maxAggregationInterval,
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: request.logGroupName,
        DeliverLogsPermissionArn: request.roleArn,
        ClientToken: request.clientToken,
        ...(request.logFormat ? { LogFormat: request.logFormat } : {}),
      }),
    ),
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
export async function deleteFlowLog(aws: AwsClientFactory, flowLogId: string): Promise<void> {
  const { ec2 } = loadSdk();
  const client = await aws.ec2();
  const result = await callAws(aws, 'ec2:DeleteFlowLogs', () => client.send(new ec2.DeleteFlowLogsCommand({ FlowLogIds: [flowLogId] })));
  const failure = result.Unsuccessful?.[0];
  if (failure) {
    throw new FlowLogRejectedError('ec2:DeleteFlowLogs', failure.ResourceId ?? flowLogId, failure.Error?.Code ?? 'Unsuccessful', failure.Error?.Message ?? 'EC2 did not delete the flow log');
  }
}
