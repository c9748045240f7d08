/**
 * The IAM documents a VPC flow log needs to deliver to CloudWatch Logs, and checks of existing roles.
 *
 * Facts (Amazon VPC User Guide, "IAM role for publishing flow logs to CloudWatch Logs"; CloudWatch Logs
 * "Overview of managing access permissions"; Service Authorization Reference for `logs:`):
 * - the role is assumed by the service principal `vpc-flow-logs.amazonaws.com` with `sts:AssumeRole`;
 * - AWS recommends the confused-deputy conditions `aws:SourceAccount` (the flow log's owner) and
 *   `aws:SourceArn` (the flow log's ARN, `arn:aws:ec2:<region>:<account>:vpc-flow-log/<id>`, with `*` for
 *   the id while it is unknown);
 * - delivery needs `logs:CreateLogGroup`, `logs:CreateLogStream`, `logs:PutLogEvents`,
 *   `logs:DescribeLogGroups` and `logs:DescribeLogStreams`;
 * - in IAM policies a log group is named `arn:aws:logs:<region>:<account>:log-group:<name>:*` (trailing
 *   `:*`, which also covers its streams); `DescribeLogGroups` lists groups and is only authorised against
 *   `*` or the account's `arn:aws:logs:<region>:<account>:log-group:*`, so a narrowed policy grants it
 *   (and `CreateLogGroup`, which the service calls when the group is missing) on the account's groups.
 *
 * Pure: no `vscode`, no SDK; the documents are plain objects ready for `JSON.stringify`.
 */

/** The service principal that delivers VPC flow logs. */
export const FLOW_LOGS_SERVICE_PRINCIPAL = 'vpc-flow-logs.amazonaws.com';

/** The policy language version every document uses (the only current one). */
export const POLICY_VERSION = '2012-10-17';

/** The five CloudWatch Logs actions flow log delivery needs, in the order AWS documents them. */
export const FLOW_LOGS_DELIVERY_ACTIONS = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'logs:DescribeLogGroups',
  'logs:DescribeLogStreams',
] as const;

/** The delivery actions that can be limited to one log group (and its streams). */
export const LOG_GROUP_SCOPED_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'] as const;

/** The delivery actions that are authorised against the account's log groups, not one group. */
export const ACCOUNT_SCOPED_ACTIONS = ['logs:CreateLogGroup', 'logs:DescribeLogGroups'] as const;

/** One statement of an IAM policy document, as the builders write them. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: { Service: string };
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

/** An IAM policy document. */
export interface PolicyDocument {
  Version: typeof POLICY_VERSION;
  Statement: PolicyStatement[];
}

/** What the trust policy may be narrowed to. */
export interface TrustPolicyOptions {
  /** The 12-digit account that owns the flow logs; without it there are no conditions. */
  accountId?: string;
  /** The region of the flow logs; `*` (any region) when absent. */
  region?: string;
  /** One flow log's id (`fl-...`); `*` (every flow log of the account) when absent. */
  flowLogId?: string;
}

/** What the permissions policy may be narrowed to. */
export interface PermissionsPolicyOptions {
  /** The destination log group's ARN, with or without the trailing `:*`. Without it: `Resource: "*"`. */
  logGroupArn?: string;
}

/** The ARN partition of a region: `aws-cn` in China, `aws-us-gov` in GovCloud, else `aws`. */
export function partitionOf(region: string | undefined): string {
  if (region?.startsWith('cn-')) {
    return 'aws-cn';
  }
  if (region?.startsWith('us-gov-')) {
    return 'aws-us-gov';
  }
  return 'aws';
}

/** The ARN flow logs of an account have: `arn:aws:ec2:<region>:<account>:vpc-flow-log/<id>`. */
export function flowLogArn(accountId: string, region?: string, flowLogId?: string): string {
  return `arn:${partitionOf(region)}:ec2:${region || '*'}:${accountId}:vpc-flow-log/${flowLogId || '*'}`;
}

/**
 * The trust policy of a flow logs delivery role: the flow logs service may assume it. With an account
 * id, only on behalf of that account's flow logs (`aws:SourceAccount`) and only for flow logs in the
 * region, or the one flow log, named by `aws:SourceArn`: a confused deputy cannot use the role for
 * someone else's flow log.
 */
export function flowLogsTrustPolicy(options: TrustPolicyOptions = {}): PolicyDocument {
  const statement: PolicyStatement = {
    Effect: 'Allow',
    Principal: { Service: FLOW_LOGS_SERVICE_PRINCIPAL },
    Action: 'sts:AssumeRole',
  };
  if (options.accountId) {
    statement.Condition = {
      StringEquals: { 'aws:SourceAccount': options.accountId },
      ArnLike: { 'aws:SourceArn': flowLogArn(options.accountId, options.region, options.flowLogId) },
    };
  }
  return { Version: POLICY_VERSION, Statement: [statement] };
}

/** The parts of a CloudWatch Logs log group ARN. */
export interface LogGroupArnParts {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
}

const LOG_GROUP_ARN = /^arn:([a-z-]+):logs:([a-z0-9-]+|\*|<[^>]+>):(\d{12}|\*|<[^>]+>):log-group:(.+?)(:\*)?$/;

/** Splits a log group ARN (with or without the trailing `:*`); undefined when it is not one. */
export function parseLogGroupArn(arn: string): LogGroupArnParts | undefined {
  const m = LOG_GROUP_ARN.exec(arn.trim());
  if (!m || m[4]!.includes(':log-stream:')) {
    return undefined;
  }
  return { partition: m[1]!, region: m[2]!, accountId: m[3]!, name: m[4]! };
}

/** The ARN of a log group as IAM policies name it: `arn:aws:logs:<region>:<account>:log-group:<name>:*`. */
export function logGroupArn(region: string, accountId: string, name: string): string {
  return `arn:${partitionOf(region)}:logs:${region}:${accountId}:log-group:${name}:*`;
}

/**
 * The permissions policy of a flow logs delivery role. Without a log group: the five actions on `*`, as
 * the AWS guide writes it (the role may then deliver to any group, so one role serves every flow log).
 * With one: writing and reading streams is limited to that group, and the two account-level actions
 * (`DescribeLogGroups` cannot be limited to one group) to the account's log groups in its region.
 * Throws a TypeError when `logGroupArn` is not a log group ARN.
 */
export function flowLogsPermissionsPolicy(options: PermissionsPolicyOptions = {}): PolicyDocument {
  if (!options.logGroupArn) {
    return {
      Version: POLICY_VERSION,
      Statement: [{ Effect: 'Allow', Action: [...FLOW_LOGS_DELIVERY_ACTIONS], Resource: '*' }],
    };
  }
  const parts = parseLogGroupArn(options.logGroupArn);
  if (!parts) {
    throw new TypeError(`Not a CloudWatch Logs log group ARN: ${options.logGroupArn}`);
  }
  const prefix = `arn:${parts.partition}:logs:${parts.region}:${parts.accountId}:log-group:`;
  return {
    Version: POLICY_VERSION,
    Statement: [
      { Sid: 'DeliverToTheLogGroup', Effect: 'Allow', Action: [...LOG_GROUP_SCOPED_ACTIONS], Resource: `${prefix}${parts.name}:*` },
      { Sid: 'FindOrCreateTheLogGroup', Effect: 'Allow', Action: [...ACCOUNT_SCOPED_ACTIONS], Resource: `${prefix}*` },
    ],
  };
}

/** Pretty JSON of a policy document, exactly as IAM and the console accept it (no comments). */
export function policyJson(document: PolicyDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Whether an existing role can deliver flow logs for an account and region, and why not. */
export interface TrustVerdict {
  readonly allowed: boolean;
  /** Why the role cannot be used (undefined when allowed). */
  readonly reason?: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function asList(value: Json | undefined): Json[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function strings(value: Json | undefined): string[] {
  return asList(value).filter((v): v is string => typeof v === 'string');
}

/** IAM's `*` and `?` wildcards (ArnLike, StringLike), case-sensitive. */
function wildcardMatch(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value);
}

/**
 * Parses a trust policy as IAM returns it: `GetRole` and `ListRoles` give `AssumeRolePolicyDocument`
 * URL-encoded, so decode when the text is not JSON already. Undefined when it cannot be read.
 */
export function parseTrustPolicy(document: string | object | undefined): { [key: string]: Json } | undefined {
  if (document === undefined) {
    return undefined;
  }
  if (typeof document === 'object') {
    return document as { [key: string]: Json };
  }
  for (const text of [document, safeDecode(document)]) {
    if (text === undefined) {
      continue;
    }
    try {
      const parsed = JSON.parse(text) as Json;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return parsed;
      }
    } catch {
      // Not JSON in this form; try the decoded one.
    }
  }
  return undefined;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, '%20'));
  } catch {
    return undefined;
  }
}

/**
 * Whether a role's trust policy lets the flow logs service assume it for a new flow log of `accountId`
 * in `region`: an Allow statement for `vpc-flow-logs.amazonaws.com` and `sts:AssumeRole` whose
 * confused-deputy conditions (if any) admit that account and any new flow log id in that region.
 * Conditions other than the source account and ARN are taken as satisfied (they cannot be judged
 * here). An explicit Deny for the principal makes the role unusable.
 */
export function judgeTrustPolicy(document: string | object | undefined, context: { accountId?: string; region?: string } = {}): TrustVerdict {
  const policy = parseTrustPolicy(document);
  if (!policy) {
    return { allowed: false, reason: 'its trust policy could not be read' };
  }
  const statements = asList(policy['Statement']).filter((s): s is { [key: string]: Json } => !!s && typeof s === 'object' && !Array.isArray(s));
  const forFlowLogs = statements.filter((s) => {
    const principal = s['Principal'];
    const services = principal && typeof principal === 'object' && !Array.isArray(principal) ? strings(principal['Service']) : [];
    const actions = strings(s['Action']);
    return services.includes(FLOW_LOGS_SERVICE_PRINCIPAL) && actions.some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*');
  });
  if (forFlowLogs.some((s) => s['Effect'] === 'Deny' && !s['Condition'])) {
    return { allowed: false, reason: `its trust policy denies ${FLOW_LOGS_SERVICE_PRINCIPAL}` };
  }
  const allows = forFlowLogs.filter((s) => s['Effect'] === 'Allow');
  if (allows.length === 0) {
    return { allowed: false, reason: `its trust policy does not allow ${FLOW_LOGS_SERVICE_PRINCIPAL} to assume it` };
  }
  // A new flow log's ARN, with an id no pattern but `*` (or a prefix of it) can foresee.
  const sampleArn = context.accountId ? flowLogArn(context.accountId, context.region, 'fl-00000000000000000') : undefined;
  let reason = '';
  for (const statement of allows) {
    const verdict = conditionsAdmit(statement['Condition'], context.accountId, sampleArn);
    if (verdict === true) {
      return { allowed: true };
    }
    reason = verdict;
  }
  return { allowed: false, reason };
}

/** True when the statement's source conditions admit the account and a new flow log; else why not. */
function conditionsAdmit(condition: Json | undefined, accountId: string | undefined, sampleArn: string | undefined): true | string {
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) {
    return true;
  }
  for (const [operator, block] of Object.entries(condition)) {
    if (!block || typeof block !== 'object' || Array.isArray(block)) {
      continue;
    }
    for (const [rawKey, value] of Object.entries(block)) {
      const key = rawKey.toLowerCase();
      const values = strings(value);
      if (key === 'aws:sourceaccount' && accountId && /^StringEquals|^StringLike/.test(operator)) {
        const match = operator.startsWith('StringLike') ? values.some((v) => wildcardMatch(v, accountId)) : values.includes(accountId);
        if (!match) {
          return `its trust policy only admits flow logs of account ${values.join(', ')}`;
        }
      }
      if (key === 'aws:sourcearn' && sampleArn && /^(ArnLike|ArnEquals|StringLike|StringEquals)/.test(operator)) {
        const like = operator.startsWith('ArnLike') || operator.startsWith('StringLike');
        const match = values.some((v) => (like ? wildcardMatch(v, sampleArn) : v === sampleArn));
        if (!match) {
          return `its trust policy only admits the flow logs ${values.join(', ')}`;
        }
      }
    }
  }
  return true;
}
