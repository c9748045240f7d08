/**
 * Create Flow Log to S3: the bucket policy log delivery needs (read with GetBucketPolicy, the delivery
 * statements merged in without dropping any of the bucket's own, shown in an editor), then, after the
 * modal confirm, PutBucketPolicy (skipped when the policy already allows delivery) and CreateFlowLogs
 * with `LogDestinationType: s3`. No IAM role is involved. A failure after the policy was changed offers
 * to put the bucket's previous policy back.
 */
import { randomUUID } from 'node:crypto';
import { AwsProblemError, errorMessage, hasAwsCode } from '../aws/errors';
import { formatString } from '../flowlogs/format';
import { logDeliveryBucketPolicy, mergeBucketPolicy, type MergedBucketPolicy } from '../iam/bucketPolicy';
import { partitionOf } from '../iam';
import type { Leftover, SetupDeps, Whereabouts } from './deps';
import { reportHalfWay } from './deps';
import { announceFlowLog } from './flowLogCreated';
import { s3DestinationArn, type FlowLogPlan, type S3Choice } from './flowLogPlan';

/** The bucket's policy as read and as it would be after merging. */
export interface PreparedBucketPolicy {
  readonly bucket: string;
  /** The policy text read (undefined: the bucket had none). */
  readonly before: string | undefined;
  readonly merged: MergedBucketPolicy;
  /** The merged policy as it will be put (and is shown). */
  readonly text: string;
  /** The bucket's region when it could be read. */
  readonly region: string | undefined;
}

/** The file name the policy is shown under. */
export const bucketPolicyFileName = (bucket: string): string => `${bucket}-bucket-policy.json`;

const deliveryOptions = (s3: S3Choice, where: Whereabouts) => ({ bucket: s3.bucket, prefix: s3.prefix, accountId: where.accountId, region: where.region });

/** Why reading or writing a bucket's policy failed, with what to do about it. */
function policyAdvice(error: unknown, bucket: string, action: 'read' | 'change'): string {
  const detail = errorMessage(error);
  if (hasAwsCode(error, 'AccessDenied') || (error instanceof AwsProblemError && error.problem.kind === 'accessDenied')) {
    return `${detail} You need s3:GetBucketPolicy and s3:PutBucketPolicy on ${bucket}. If the bucket belongs to another account, its owner must add the statements shown in the editor to its policy; then choose that bucket again.`;
  }
  if (hasAwsCode(error, 'NoSuchBucket')) {
    return `${detail} There is no bucket named ${bucket}.`;
  }
  return action === 'read' ? detail : `${detail} The bucket's policy was not changed.`;
}

/**
 * Reads the bucket's policy and merges the delivery statements into it. On failure, says why, opens
 * the statements delivery needs (so they can be handed to the bucket's owner) and returns undefined.
 */
export async function prepareBucketPolicy(deps: SetupDeps, plan: FlowLogPlan, where: Whereabouts): Promise<PreparedBucketPolicy | undefined> {
  const s3 = plan.s3!;
  try {
    return await deps.host.progress(`Reading the policy of bucket ${s3.bucket}…`, async (_report, signal) => {
      const region = await deps.aws.s3.bucketRegion(s3.bucket, signal).catch((error: unknown) => {
        if (hasAwsCode(error, 'NoSuchBucket')) {
          throw error;
        }
        return undefined;
      });
      const before = await deps.aws.s3.bucketPolicy(s3.bucket, signal);
      const merged = mergeBucketPolicy(before, deliveryOptions(s3, where));
      return { bucket: s3.bucket, before, merged, text: `${JSON.stringify(merged.policy, null, 2)}\n`, region };
    });
  } catch (error) {
    if (error instanceof AwsProblemError && error.problem.kind === 'cancelled') {
      return undefined;
    }
    if (!hasAwsCode(error, 'NoSuchBucket')) {
      await deps.host.openDocument(bucketPolicyFileName(s3.bucket), `${JSON.stringify(logDeliveryBucketPolicy(deliveryOptions(s3, where)), null, 2)}\n`);
    }
    await deps.prompter.notify({ id: 'createFlowLog.failed', kind: 'error', message: `Create flow log failed: reading the policy of bucket ${s3.bucket} failed: ${policyAdvice(error, s3.bucket, 'read')} Nothing was created.` });
    return undefined;
  }
}

/** Puts the bucket's previous policy back (or removes the policy when it had none), after asking. */
function policyLeftover(deps: SetupDeps, prepared: PreparedBucketPolicy): Leftover {
  const { bucket, before } = prepared;
  return {
    description: `the delivery statements (${prepared.merged.added.join(', ')}) in the policy of bucket ${bucket}`,
    action: `Restore Bucket Policy of ${bucket}`,
    manual: before === undefined ? `aws s3api delete-bucket-policy --bucket ${bucket}` : `aws s3api put-bucket-policy --bucket ${bucket} --policy file://previous-policy.json (the previous policy is in the output above)`,
    remove: async () => {
      const ok = await deps.prompter.confirm({
        id: 'createFlowLog.restoreBucketPolicy',
        message: `Restore the policy of bucket ${bucket}?`,
        detail: before === undefined ? `The bucket had no policy before: its policy will be removed.` : `The bucket's policy will be as it was before:\n${before}`,
        confirmLabel: 'Restore Policy',
      });
      if (!ok) {
        return false;
      }
      try {
        if (before === undefined) {
          await deps.aws.s3.deleteBucketPolicy(bucket);
        } else {
          await deps.aws.s3.putBucketPolicy(bucket, before);
        }
        deps.host.log(`Restored the policy of bucket ${bucket}.`);
        await deps.prompter.notify({ id: 'createFlowLog.bucketPolicyRestored', kind: 'info', message: `Restored the policy of bucket ${bucket}.` });
        return true;
      } catch (error) {
        await deps.prompter.notify({ id: 'createFlowLog.restoreBucketPolicyFailed', kind: 'error', message: `Restoring the policy of bucket ${bucket} failed: ${errorMessage(error)}` });
        return false;
      }
    },
  };
}

/** What the S3 flow did. */
export interface S3FlowLogOutcome {
  readonly flowLogId: string;
  readonly appliedBucketPolicy: boolean;
}

/** After the confirm: the bucket policy (when it needs the statements), then the flow log. */
export async function executeS3Plan(deps: SetupDeps, plan: FlowLogPlan, where: Whereabouts, prepared: PreparedBucketPolicy): Promise<S3FlowLogOutcome | undefined> {
  const resource = plan.resource!;
  const s3 = plan.s3!;
  const what = `Create flow log for ${resource.id}`;
  const leftovers: Leftover[] = [];
  try {
    return await deps.host.progress('Creating flow log…', async (report, signal) => {
      const done: string[] = [];
      if (prepared.merged.changed) {
        report(`policy of bucket ${s3.bucket}`);
        const now = await deps.aws.s3.bucketPolicy(s3.bucket, signal);
        if (now !== prepared.before) {
          throw new Error(`the policy of bucket ${s3.bucket} changed since it was read, so it was left alone. Run Create Flow Log again to merge into the new policy.`);
        }
        try {
          await deps.aws.s3.putBucketPolicy(s3.bucket, prepared.text, signal);
        } catch (error) {
          throw new Error(`changing the policy of bucket ${s3.bucket} failed: ${policyAdvice(error, s3.bucket, 'change')}`);
        }
        leftovers.push(policyLeftover(deps, prepared));
        deps.host.log(`Added ${prepared.merged.added.join(' and ')} to the policy of bucket ${s3.bucket}. Its policy before: ${prepared.before ?? '(none)'}`);
        done.push(`the delivery statements in the policy of bucket ${s3.bucket}`);
      } else {
        done.push(`existing policy of bucket ${s3.bucket} (it already allows delivery)`);
      }

      report(`flow log for ${resource.id}`);
      const destination = s3DestinationArn(s3, partitionOf(where.region));
      const flowLogId = await deps.aws.ec2.createFlowLog(
        {
          resourceId: resource.id,
          trafficType: plan.trafficType,
          maxAggregationInterval: plan.maxAggregationInterval,
          destination: { kind: 's3', bucketArn: destination, fileFormat: s3.fileFormat, hiveCompatiblePartitions: s3.hiveCompatiblePartitions, perHourPartition: s3.perHourPartition },
          logFormat: plan.fields ? formatString(plan.fields) : undefined,
          clientToken: randomUUID(),
        },
        signal,
      );
      deps.host.log(`Created flow log ${flowLogId} for ${resource.id}: ${plan.trafficType} traffic to ${destination} (${s3.fileFormat}${s3.hiveCompatiblePartitions ? ', Hive-compatible prefixes' : ''}${s3.perHourPartition ? ', per-hour partitions' : ''}).`);
      await announceFlowLog(deps, flowLogId, resource.id, done, `Files arrive in ${destination.replace(/^arn:[^:]+:s3:::/, 's3://')}/AWSLogs/ in about 10 minutes.`, signal);
      return { flowLogId, appliedBucketPolicy: prepared.merged.changed };
    });
  } catch (error) {
    let detail = errorMessage(error);
    if (/LogDestination|Access Denied|AccessDenied/i.test(detail) && !/bucket .* (changed|failed)/.test(detail)) {
      detail += ` Log delivery must be allowed to write to ${s3.bucket} (the policy in the editor; a bucket of another account needs its owner to add it), and creating a flow log to S3 needs logs:CreateLogDelivery.`;
    }
    if (prepared.region && where.region && prepared.region !== where.region) {
      detail += ` The bucket is in ${prepared.region}, the flow log in ${where.region}.`;
    }
    if (leftovers.length === 0) {
      await deps.prompter.notify({ id: 'createFlowLog.failed', kind: 'error', message: `${what} failed: ${detail} Nothing was created.` });
    } else {
      await reportHalfWay(deps, `${what} failed: ${detail}`, leftovers);
    }
    return undefined;
  }
}
