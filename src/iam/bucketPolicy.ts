/**
 * The S3 bucket policy VPC Flow Logs needs to deliver to a bucket (Amazon VPC User Guide, "Amazon S3
 * bucket permissions for flow logs"): the log delivery service `delivery.logs.amazonaws.com` may put
 * objects under `<prefix>/AWSLogs/<account>/`, with the bucket owner given full control, and may read the
 * bucket's ACL and list it; both only on behalf of the account's log deliveries (`aws:SourceAccount`,
 * and `aws:SourceArn` = `arn:aws:logs:<region>:<account>:*`), so no other account can make the service
 * write here. No IAM role is involved. Also: merging these statements into a bucket's existing policy
 * without dropping or changing any of its own. Pure.
 */
import { partitionOf, POLICY_VERSION, type PolicyDocument, type PolicyStatement } from './index';

/** The service principal that writes flow log files to S3. */
export const LOG_DELIVERY_PRINCIPAL = 'delivery.logs.amazonaws.com';

/** Statement ids of the two statements, as AWS's example names them. */
export const DELIVERY_WRITE_SID = 'AWSLogDeliveryWrite';
export const DELIVERY_ACL_CHECK_SID = 'AWSLogDeliveryAclCheck';

/** Where delivery writes and for whom. */
export interface DeliveryPolicyOptions {
  readonly bucket: string;
  /** The key prefix chosen for the flow log (`''`, or with or without a trailing `/`). */
  readonly prefix?: string;
  /** The account whose flow logs deliver. */
  readonly accountId: string;
  /** The flow logs' region; `*` (any) when absent. */
  readonly region?: string;
}

/** The two statements log delivery needs on a bucket. */
export function logDeliveryStatements(options: DeliveryPolicyOptions): PolicyStatement[] {
  const partition = partitionOf(options.region);
  const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
  const bucketArn = `arn:${partition}:s3:::${options.bucket}`;
  const sourceArn = `arn:${partition}:logs:${options.region || '*'}:${options.accountId}:*`;
  return [
    {
      Sid: DELIVERY_WRITE_SID,
      Effect: 'Allow',
      Principal: { Service: LOG_DELIVERY_PRINCIPAL },
      Action: 's3:PutObject',
      Resource: `${bucketArn}/${prefix ? `${prefix}/` : ''}AWSLogs/${options.accountId}/*`,
      Condition: {
        StringEquals: { 'aws:SourceAccount': options.accountId, 's3:x-amz-acl': 'bucket-owner-full-control' },
        ArnLike: { 'aws:SourceArn': sourceArn },
      },
    },
    {
      Sid: DELIVERY_ACL_CHECK_SID,
      Effect: 'Allow',
      Principal: { Service: LOG_DELIVERY_PRINCIPAL },
      Action: ['s3:GetBucketAcl', 's3:ListBucket'],
      Resource: bucketArn,
      Condition: {
        StringEquals: { 'aws:SourceAccount': options.accountId },
        ArnLike: { 'aws:SourceArn': sourceArn },
      },
    },
  ];
}

/** A bucket policy holding only the delivery statements. */
export function logDeliveryBucketPolicy(options: DeliveryPolicyOptions): PolicyDocument {
  return { Version: POLICY_VERSION, Statement: logDeliveryStatements(options) };
}

/** What merging did: the policy to put, and whether it differs from the bucket's. */
export interface MergedBucketPolicy {
  /** The whole policy to put (the bucket's own statements first, untouched). */
  readonly policy: { Version: string; Statement: unknown[]; [key: string]: unknown };
  /** False when the bucket's policy already has both statements exactly: nothing to put. */
  readonly changed: boolean;
  /** Sids of the statements added or replaced. */
  readonly added: string[];
}

const canonical = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v));

/**
 * The bucket's policy (JSON text, or undefined when it has none) with the delivery statements added.
 * Every statement of the bucket's own is kept as it is; a statement with one of the delivery Sids whose
 * content differs is replaced (it is the one this builder writes, for another prefix or account, which
 * would otherwise make the policy invalid with two statements of one Sid). Throws when the existing
 * policy is not a JSON policy document.
 */
export function mergeBucketPolicy(existing: string | undefined, options: DeliveryPolicyOptions): MergedBucketPolicy {
  const wanted = logDeliveryStatements(options);
  if (existing === undefined || existing.trim() === '') {
    return { policy: { Version: POLICY_VERSION, Statement: wanted }, changed: true, added: wanted.map((s) => s.Sid!) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(existing);
  } catch {
    throw new Error('Merging the bucket policy failed: the bucket\'s policy is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('Merging the bucket policy failed: the bucket\'s policy is not a policy document.');
  }
  const document = parsed as Record<string, unknown>;
  const raw = document['Statement'];
  const statements: unknown[] = raw === undefined ? [] : Array.isArray(raw) ? [...(raw as unknown[])] : [raw];
  const added: string[] = [];
  for (const statement of wanted) {
    const same = statements.findIndex((s) => canonical(s) === canonical(statement));
    if (same >= 0) {
      continue;
    }
    const sameSid = statements.findIndex((s) => typeof s === 'object' && s !== null && (s as { Sid?: unknown }).Sid === statement.Sid);
    if (sameSid >= 0) {
      statements[sameSid] = statement;
    } else {
      statements.push(statement);
    }
    added.push(statement.Sid!);
  }
  return {
    policy: { ...document, Version: typeof document['Version'] === 'string' ? document['Version'] : POLICY_VERSION, Statement: statements },
    changed: added.length > 0,
    added,
  };
}
