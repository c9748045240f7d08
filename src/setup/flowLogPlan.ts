/**
 * The answers of the Create Flow Log wizard (`FlowLogPlan`), the checks and labels its steps use, and
 * the modal summary of exactly what will be created. Pure.
 */
import type { FlowLogResourceType } from '../aws/models';
import { formatVersion } from '../flowlogs/fields';
import { formatString } from '../flowlogs/format';
import { describeRolePlan, type RolePlan } from './createIamRole';
import type { Whereabouts } from './deps';

export type TrafficType = 'ALL' | 'ACCEPT' | 'REJECT';

/** Retention choices CloudWatch Logs accepts (days), a readable subset; undefined is "never expire". */
export const RETENTION_CHOICES: readonly (number | undefined)[] = [undefined, 1, 3, 7, 14, 30, 60, 90, 180, 365, 731, 1827, 3653];

const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** What is wrong with a log group name as typed, or undefined. */
export function validateLogGroupName(name: string): string | undefined {
  if (name.length === 0) {
    return 'Enter a log group name.';
  }
  if (name.length > 512) {
    return 'Log group names are at most 512 characters.';
  }
  if (name.startsWith('aws/')) {
    return 'Names starting with "aws/" are reserved for AWS.';
  }
  return LOG_GROUP_NAME.test(name) ? undefined : 'Log group names may contain letters, digits and . - _ / # only.';
}

/** "30 days", "1 year", "never expire". */
export function retentionLabel(days: number | undefined): string {
  if (days === undefined) {
    return 'Never expire';
  }
  if (days >= 365 && [365, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].includes(days)) {
    const years = Math.round(days / 365.25);
    return `${years} year${years === 1 ? '' : 's'} (${days} days)`;
  }
  return `${days} day${days === 1 ? '' : 's'}`;
}

export type LogGroupChoice = { readonly kind: 'existing'; readonly name: string; readonly arn: string } | { readonly kind: 'new'; readonly name: string; readonly retentionInDays?: number };
export type RoleChoice = { readonly kind: 'existing'; readonly name: string; readonly arn: string } | { readonly kind: 'new'; readonly plan: RolePlan };

/** An S3 destination as chosen: the bucket, the key prefix and the delivery options. */
export interface S3Choice {
  readonly bucket: string;
  /** Without leading or trailing `/`; `''` for none. */
  readonly prefix: string;
  readonly fileFormat: 'plain-text' | 'parquet';
  readonly hiveCompatiblePartitions: boolean;
  readonly perHourPartition: boolean;
}

/** The answers of the flow. */
export interface FlowLogPlan {
  resource?: { readonly id: string; readonly type: FlowLogResourceType; readonly name?: string };
  trafficType: TrafficType;
  maxAggregationInterval: 60 | 600;
  /** Where records go: a CloudWatch Logs log group (with a role), or an S3 bucket (no role). */
  destination: 'cloud-watch-logs' | 's3';
  logGroup?: LogGroupChoice;
  role?: RoleChoice;
  s3?: S3Choice;
  /** Undefined: the default format. */
  fields?: string[];
  /** Answers that add steps (a name and retention for a new group, a name for a new role, the field picker, a typed bucket). */
  newLogGroup?: boolean;
  newRole?: boolean;
  customFormat?: boolean;
  typedBucket?: boolean;
}

export const TYPE_LABEL: Record<FlowLogResourceType, string> = { VPC: 'VPC', Subnet: 'Subnet', NetworkInterface: 'Network interface' };

/** A VPC, subnet or network interface a flow log may be created for. */
export interface FlowLogResource {
  readonly id: string;
  readonly type: FlowLogResourceType;
  /** The Name tag, or for interfaces their description. */
  readonly name?: string | undefined;
  /** CIDR, VPC, private IP: what tells it apart in a list. */
  readonly detail: string;
}

/** How many steps the flow has with the answers so far. */
export function countSteps(plan: FlowLogPlan, askResource: boolean, done: number): number {
  // traffic, interval, destination, format, and the destination's own steps.
  let total = (askResource ? 1 : 0) + 4;
  if (plan.destination === 's3') {
    // bucket, prefix, file format, Hive-compatible prefixes, per-hour partitions.
    total += 5 + (plan.typedBucket ? 1 : 0);
  } else {
    total += 2 + (plan.newLogGroup ? 2 : 0) + (plan.newRole ? 1 : 0);
  }
  if (plan.customFormat) {
    total += 1;
  }
  return Math.max(total, done + 1);
}

/** `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/prefix`, the flow log's `LogDestination`. */
export function s3DestinationArn(s3: Pick<S3Choice, 'bucket' | 'prefix'>, partition = 'aws'): string {
  return `arn:${partition}:s3:::${s3.bucket}${s3.prefix ? `/${s3.prefix}` : ''}`;
}

/** Where the objects land: `s3://bucket/prefix/AWSLogs/<account>/vpcflowlogs/<region>/...` (or its Hive form). */
export function s3DeliveryFolder(s3: S3Choice, where: Whereabouts): string {
  const base = `s3://${s3.bucket}/${s3.prefix ? `${s3.prefix}/` : ''}AWSLogs/`;
  const region = where.region ?? '<region>';
  return s3.hiveCompatiblePartitions
    ? `${base}aws-account-id=${where.accountId}/aws-service=vpcflowlogs/aws-region=${region}/year=…/month=…/day=…/${s3.perHourPartition ? 'hour=…/' : ''}`
    : `${base}${where.accountId}/vpcflowlogs/${region}/yyyy/mm/dd/${s3.perHourPartition ? 'hh/' : ''}`;
}

/** The modal text listing exactly what will be created (and, for S3, the bucket policy change). */
export function describePlan(plan: FlowLogPlan, where: Whereabouts, bucketPolicy?: { readonly added: readonly string[] } | 'unchanged'): string {
  const resource = plan.resource!;
  const lines = [
    `Flow log for ${TYPE_LABEL[resource.type].toLowerCase()} ${resource.id}${resource.name ? ` (${resource.name})` : ''} in ${where.region ?? '?'}:`,
    `  traffic: ${plan.trafficType}; maximum aggregation interval: ${plan.maxAggregationInterval === 60 ? '1 minute' : '10 minutes'}`,
    `  record format: ${plan.fields ? `custom, version ${formatVersion(plan.fields)}: ${formatString(plan.fields)}` : 'default (version 2)'}`,
  ];
  if (plan.destination === 's3') {
    const s3 = plan.s3!;
    lines.push(
      `  destination: Amazon S3, ${s3DestinationArn(s3)}`,
      `  files: ${s3.fileFormat === 'parquet' ? 'Parquet' : 'plain text (gzip)'}, ${s3.hiveCompatiblePartitions ? 'Hive-compatible prefixes' : 'plain prefixes'}, ${s3.perHourPartition ? 'one folder per hour' : 'one folder per day'}`,
      `  under ${s3DeliveryFolder(s3, where)}`,
      'No IAM role: the bucket policy lets the log delivery service (delivery.logs.amazonaws.com) write.',
    );
    if (bucketPolicy === 'unchanged') {
      lines.push(`The policy of bucket ${s3.bucket} already allows delivery: it stays as it is.`);
    } else if (bucketPolicy) {
      lines.push(`The policy of bucket ${s3.bucket} gets the statement${bucketPolicy.added.length === 1 ? '' : 's'} ${bucketPolicy.added.join(' and ')}, every statement it has kept (the whole policy is open in the editor).`);
    }
    lines.push('', 'S3 bills the storage of the flow log files (and vended-log delivery is billed per GB). Files arrive about 10 minutes after the traffic.');
    return lines.join('\n');
  }
  const group = plan.logGroup!;
  lines.push(
    group.kind === 'new'
      ? `New log group ${group.name}, retention: ${retentionLabel(group.retentionInDays).toLowerCase()}.`
      : `Existing log group ${group.name}.`,
  );
  const role = plan.role!;
  lines.push(role.kind === 'new' ? `New ${describeRolePlan(role.plan)}` : `Existing IAM role ${role.name} (${role.arn}).`);
  lines.push('', 'CloudWatch Logs bills the ingestion and storage of flow log records. Records arrive about 5 to 10 minutes after the traffic.');
  return lines.join('\n');
}
