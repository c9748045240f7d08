/**
 * The Create Flow Log wizard's steps for an S3 destination: the bucket (listed with ListBuckets, or
 * typed as a name, `s3://bucket/prefix` or an ARN), an optional key prefix, the file format,
 * Hive-compatible prefixes and per-hour partitions. No IAM role: S3 delivery is authorised by the
 * bucket's policy, which the flow adds to after a confirm (./flowLogBucketPolicy.ts).
 */
import { errorMessage, hasAwsCode } from '../aws/errors';
import { parseS3Location, type BucketInfo } from '../aws/s3Models';
import type { SetupDeps, Whereabouts } from './deps';
import type { FlowLogPlan, S3Choice } from './flowLogPlan';
import type { Choice, PickItem, Step } from './prompter';

const TYPE = Symbol('type');

/** What is wrong with a key prefix for flow log delivery, or undefined (`''` is fine: no prefix). */
export function validateDeliveryPrefix(prefix: string): string | undefined {
  const trimmed = trimPrefix(prefix);
  if (trimmed.length > 900) {
    return 'Prefixes are at most 900 characters.';
  }
  if (trimmed.split('/').includes('AWSLogs')) {
    return 'AWSLogs is the folder log delivery adds itself: leave it out of the prefix.';
  }
  if (/\/\//.test(trimmed)) {
    return 'The prefix has an empty folder (//).';
  }
  return undefined;
}

/** The prefix without leading or trailing slashes. */
export function trimPrefix(prefix: string): string {
  return prefix.trim().replace(/^\/+|\/+$/g, '');
}

const DEFAULTS: Omit<S3Choice, 'bucket'> = { prefix: '', fileFormat: 'plain-text', hiveCompatiblePartitions: false, perHourPartition: false };

/** The S3 steps; `next` is the step after them (the record format). */
export class S3DestinationSteps {
  private buckets?: Promise<BucketInfo[] | Error>;
  readonly title = 'Create Flow Log';

  constructor(
    private readonly deps: SetupDeps,
    private readonly where: Whereabouts,
    private readonly next: Step<FlowLogPlan>,
  ) {}

  bucketStep: Step<FlowLogPlan> = async (input, plan) => {
    this.buckets ??= this.deps.aws.s3.buckets().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    const items = this.buckets.then((buckets): PickItem<string | typeof TYPE>[] => [
      { label: '$(edit) Enter a bucket name or S3 location…', detail: 'A bucket name, s3://bucket/prefix or an S3 ARN (a bucket of another account needs its owner to add the policy).', value: TYPE },
      ...(buckets instanceof Error
        ? [{ separator: `Your buckets could not be listed: ${errorMessage(buckets)}` }]
        : [
            ...(buckets.length ? [{ separator: 'Your buckets' }] : [{ separator: 'No buckets in this account' }]),
            ...buckets.map((b) => ({
              label: b.name,
              description: b.region && b.region !== this.where.region ? `${b.region} (another region than the flow log's)` : b.region,
              value: b.name,
            })),
          ]),
    ]);
    const chosen = await input.pick<string | typeof TYPE>({
      id: 'createFlowLog.bucket',
      title: this.title,
      placeholder: 'Destination bucket: flow log files are written under <prefix>/AWSLogs/ in it (no IAM role needed: the bucket policy allows delivery)',
      items,
      active: plan.s3 && !plan.typedBucket ? plan.s3.bucket : undefined,
    });
    plan.typedBucket = chosen === TYPE;
    if (chosen === TYPE) {
      return this.typedBucketStep;
    }
    plan.s3 = { ...DEFAULTS, ...plan.s3, bucket: chosen };
    return this.prefixStep;
  };

  typedBucketStep: Step<FlowLogPlan> = async (input, plan) => {
    const previous = plan.s3 && plan.typedBucket ? `s3://${plan.s3.bucket}/${plan.s3.prefix}` : undefined;
    const text = await input.input({
      id: 'createFlowLog.bucketName',
      title: this.title,
      prompt: 'Bucket name, s3://bucket/prefix or arn:aws:s3:::bucket/prefix',
      value: previous,
      validate: (value) => (parseS3Location(value) ? validateDeliveryPrefix(parseS3Location(value)!.prefix) : 'Enter a bucket name (3 to 63 lower-case letters, digits, dots and hyphens), s3://bucket/prefix, or an S3 ARN.'),
      check: async (value) => {
        const location = parseS3Location(value)!;
        try {
          await this.deps.aws.s3.bucketRegion(location.bucket);
          return undefined;
        } catch (error) {
          if (hasAwsCode(error, 'NoSuchBucket')) {
            return `There is no bucket named ${location.bucket}.`;
          }
          // Another account's bucket may not let you read its location: its owner sets the policy.
          return undefined;
        }
      },
    });
    const location = parseS3Location(text)!;
    plan.s3 = { ...DEFAULTS, ...plan.s3, bucket: location.bucket, prefix: trimPrefix(location.prefix) || (plan.s3?.prefix ?? '') };
    return this.prefixStep;
  };

  prefixStep: Step<FlowLogPlan> = async (input, plan) => {
    const s3 = plan.s3!;
    const prefix = await input.input({
      id: 'createFlowLog.prefix',
      title: this.title,
      prompt: `Optional folder in ${s3.bucket} for the files (empty: AWSLogs/ at the top of the bucket)`,
      value: s3.prefix,
      validate: validateDeliveryPrefix,
    });
    plan.s3 = { ...s3, prefix: trimPrefix(prefix) };
    return this.fileFormatStep;
  };

  fileFormatStep: Step<FlowLogPlan> = async (input, plan) => {
    const items: Choice<S3Choice['fileFormat']>[] = [
      { label: 'Plain text', description: 'plain-text, gzip', detail: 'Space-separated records with a header line, in .log.gz files (the AWS default).', value: 'plain-text' },
      { label: 'Parquet', description: 'parquet', detail: 'Columnar, compressed files: smaller, and Athena queries read less (AWS says 10 to 100 times faster).', value: 'parquet' },
    ];
    const fileFormat = await input.pick({ id: 'createFlowLog.fileFormat', title: this.title, placeholder: 'File format of the flow log files', items, active: plan.s3!.fileFormat });
    plan.s3 = { ...plan.s3!, fileFormat };
    return this.hiveStep;
  };

  hiveStep: Step<FlowLogPlan> = async (input, plan) => {
    const items: Choice<boolean>[] = [
      { label: 'No', description: 'AWSLogs/<account>/vpcflowlogs/<region>/yyyy/mm/dd/', detail: 'The AWS default layout.', value: false },
      { label: 'Yes', description: 'AWSLogs/aws-account-id=…/aws-service=vpcflowlogs/aws-region=…/year=…/month=…/day=…/', detail: 'Hive-compatible key=value folders, which Athena and other engines read as partitions.', value: true },
    ];
    const hive = await input.pick({ id: 'createFlowLog.hive', title: this.title, placeholder: 'Hive-compatible S3 prefixes?', items, active: plan.s3!.hiveCompatiblePartitions });
    plan.s3 = { ...plan.s3!, hiveCompatiblePartitions: hive };
    return this.perHourStep;
  };

  perHourStep: Step<FlowLogPlan> = async (input, plan) => {
    const items: Choice<boolean>[] = [
      { label: 'No', description: 'one folder per day', detail: 'The AWS default.', value: false },
      { label: 'Yes', description: 'one folder per hour', detail: 'Queries over a few hours read only those hours (less data scanned by Athena).', value: true },
    ];
    const perHour = await input.pick({ id: 'createFlowLog.perHour', title: this.title, placeholder: 'Partition the files per hour?', items, active: plan.s3!.perHourPartition });
    plan.s3 = { ...plan.s3!, perHourPartition: perHour };
    return this.next;
  };
}
