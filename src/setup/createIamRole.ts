/**
 * `vpcFlowLogs.createIamRole`: creates the flow logs delivery role (trust policy for
 * vpc-flow-logs.amazonaws.com with the confused-deputy conditions, inline permissions policy) after a
 * modal showing both documents; offers to reuse a role of that name when flow logs can already use it.
 * The role steps here also serve `vpcFlowLogs.createFlowLog`.
 */
import { errorMessage, hasAwsCode } from '../aws/errors';
import { RolePolicyError } from '../aws/iam';
import type { RoleInfo } from '../aws/models';
import { flowLogsPermissionsPolicy, flowLogsTrustPolicy, partitionOf, policyJson, type PolicyDocument } from '../iam';
import { DEFAULT_POLICY_NAME, DEFAULT_ROLE_NAME } from '../iam/guide';
import { confirmAndDeleteRole } from './deleteIamRole';
import { reportHalfWay, whereabouts, type Leftover, type SetupDeps, type Whereabouts } from './deps';
import { BACK } from './prompter';

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** What is wrong with a role name as typed, or undefined (IAM: 1-64 of letters, digits and `+=,.@_-`). */
export function validateRoleName(name: string): string | undefined {
  if (name.length === 0) {
    return 'Enter a role name.';
  }
  if (name.length > 64) {
    return 'Role names are at most 64 characters.';
  }
  return ROLE_NAME.test(name) ? undefined : 'Role names may contain letters, digits and + = , . @ _ - only.';
}

/** A role about to be created. */
export interface RolePlan {
  readonly name: string;
  readonly arn: string;
  readonly policyName: string;
  readonly trustPolicy: PolicyDocument;
  readonly permissionsPolicy: PolicyDocument;
}

/** The role and documents for an account and region. */
export function planRole(name: string, where: Whereabouts): RolePlan {
  return {
    name,
    arn: `arn:${partitionOf(where.region)}:iam::${where.accountId}:role/${name}`,
    policyName: DEFAULT_POLICY_NAME,
    trustPolicy: flowLogsTrustPolicy({ accountId: where.accountId, region: where.region }),
    // `*`, as AWS documents it: the role then serves flow logs to any log group of the account.
    permissionsPolicy: flowLogsPermissionsPolicy(),
  };
}

/** The modal text that shows exactly what the role will be. */
export function describeRolePlan(plan: RolePlan): string {
  return [
    `IAM role ${plan.name} (${plan.arn})`,
    '',
    'Trust policy (who may assume the role):',
    policyJson(plan.trustPolicy).trimEnd(),
    '',
    `Inline permissions policy "${plan.policyName}" (what the role may do):`,
    policyJson(plan.permissionsPolicy).trimEnd(),
  ].join('\n');
}

/** One line for reports: what the role lets whom do. */
export function summariseRole(plan: RolePlan, where: Whereabouts): string {
  return `trust policy for vpc-flow-logs.amazonaws.com limited to account ${where.accountId}${where.region ? ` and region ${where.region}` : ''}, inline policy ${plan.policyName} allowing the 5 CloudWatch Logs delivery actions`;
}

/** A role that is ready for a flow log. */
export interface RoleOutcome {
  readonly name: string;
  readonly arn: string;
  /** False when an existing role is used. */
  readonly created: boolean;
}

/** The clean-up offer for a role the extension just made. */
export function roleLeftover(deps: SetupDeps, name: string, arn: string, policyName: string): Leftover {
  return {
    description: `IAM role ${name} (${arn})`,
    action: `Delete Role ${name}`,
    manual: `aws iam delete-role-policy --role-name ${name} --policy-name ${policyName} && aws iam delete-role --role-name ${name}`,
    // Just made by this very command: known to be the extension's even before IAM lists it everywhere.
    remove: () => confirmAndDeleteRole(deps, name, true),
  };
}

/**
 * Creates the planned role. A role of that name appearing meanwhile (`EntityAlreadyExists`) is used if
 * flow logs can use it. Throws an AwsProblemError when nothing was created, or a RolePolicyError when
 * the role was created without its permissions.
 */
export async function executeRolePlan(deps: SetupDeps, plan: RolePlan, where: Whereabouts, signal?: AbortSignal): Promise<RoleOutcome> {
  try {
    const { arn } = await deps.aws.iam.createRole(
      {
        name: plan.name,
        trustPolicy: plan.trustPolicy,
        policyName: plan.policyName,
        permissionsPolicy: plan.permissionsPolicy,
      },
      signal,
    );
    deps.host.log(`Created IAM role ${plan.name} (${arn || plan.arn}): ${summariseRole(plan, where)}.`);
    return { name: plan.name, arn: arn || plan.arn, created: true };
  } catch (error) {
    if (!hasAwsCode(error, 'EntityAlreadyExists')) {
      throw error;
    }
    const existing = await deps.aws.iam.getRole(plan.name, where, signal);
    if (!existing?.trust.allowed) {
      throw new Error(`iam:CreateRole failed: a role named ${plan.name} already exists${existing ? `, and ${existing.trust.reason ?? 'flow logs cannot use it'}` : ''}. Choose another name.`);
    }
    deps.host.log(`IAM role ${plan.name} already existed (created meanwhile); using it. Nothing was created.`);
    return { name: existing.name, arn: existing.arn, created: false };
  }
}

/** Reports a failed `executeRolePlan`: a half-made role is offered for deletion. */
export async function reportRoleFailure(deps: SetupDeps, what: string, plan: RolePlan, error: unknown): Promise<void> {
  if (error instanceof RolePolicyError) {
    await reportHalfWay(deps, `${what} failed: the role was created, but adding its permissions policy failed: ${errorMessage(error.policyError)}`, [
      roleLeftover(deps, plan.name, error.roleArn || plan.arn, plan.policyName),
    ]);
  } else {
    await deps.prompter.notify({ id: 'createIamRole.failed', kind: 'error', message: `${what} failed: ${errorMessage(error)} Nothing was created.` });
  }
}

/**
 * An input step for a role name that checks, on Enter, whether the name is taken by a role flow logs
 * cannot use. `found` receives the existing role when the name is taken by a usable one.
 */
export function roleNameStep(deps: SetupDeps, where: Whereabouts, found: (role: RoleInfo | undefined) => void, value = DEFAULT_ROLE_NAME) {
  return {
    id: 'createIamRole.name',
    title: 'Create IAM Role for Flow Logs',
    prompt: 'Name of the role VPC Flow Logs will assume to deliver records to CloudWatch Logs',
    value,
    validate: validateRoleName,
    check: async (name: string): Promise<string | undefined> => {
      let existing: RoleInfo | undefined;
      try {
        existing = await deps.aws.iam.getRole(name, where);
      } catch (error) {
        // Without iam:GetRole the name is checked by CreateRole itself (EntityAlreadyExists).
        deps.host.log(`Could not look up role ${name}: ${errorMessage(error)}`);
      }
      found(existing);
      if (existing && !existing.trust.allowed) {
        return `Role ${name} already exists, but ${existing.trust.reason ?? 'flow logs cannot use it'}. Choose another name.`;
      }
      return undefined;
    },
  };
}

/** The command. `options.name` skips the name question. Returns the role ready for flow logs. */
export async function createIamRoleCommand(deps: SetupDeps, options: { name?: string } = {}): Promise<RoleOutcome | undefined> {
  const what = 'Create IAM role';
  const where = await whereabouts(deps, what);
  if (!where) {
    return undefined;
  }
  let existing: RoleInfo | undefined;
  let name = options.name;
  if (name) {
    existing = await deps.aws.iam.getRole(name, where).catch(() => undefined);
  } else {
    const answer = await deps.prompter.input(roleNameStep(deps, where, (role) => (existing = role)));
    if (answer === undefined || answer === BACK) {
      return undefined;
    }
    name = answer;
  }

  if (existing) {
    if (!existing.trust.allowed) {
      await deps.prompter.notify({ id: 'createIamRole.unusable', kind: 'error', message: `${what} failed: role ${name} already exists, but ${existing.trust.reason ?? 'flow logs cannot use it'}. Nothing was created.` });
      return undefined;
    }
    const reuse = await deps.prompter.confirm({
      id: 'createIamRole.reuse',
      message: `IAM role ${name} already exists. Use it?`,
      detail: `Its trust policy lets ${'vpc-flow-logs.amazonaws.com'} assume it for flow logs of account ${where.accountId}${where.region ? ` in ${where.region}` : ''}, so flow logs can use it (${existing.arn}). Its permissions were not changed or checked: it needs logs:CreateLogStream, logs:PutLogEvents and logs:DescribeLogStreams on the log group, and logs:CreateLogGroup and logs:DescribeLogGroups. Nothing will be created.`,
      confirmLabel: 'Use Existing Role',
    });
    if (!reuse) {
      return undefined;
    }
    await deps.prompter.notify({ id: 'createIamRole.reused', kind: 'info', message: `Using the existing IAM role ${name} (${existing.arn}). Nothing was created.` });
    return { name, arn: existing.arn, created: false };
  }

  const plan = planRole(name, where);
  const confirmed = await deps.prompter.confirm({
    id: 'createIamRole.confirm',
    message: `Create IAM role ${name} for VPC Flow Logs?`,
    detail: `${describeRolePlan(plan)}\n\nTo create a flow log with it you also need iam:PassRole on the role.`,
    confirmLabel: 'Create Role',
  });
  if (!confirmed) {
    return undefined;
  }
  try {
    const outcome = await deps.host.progress(`Creating IAM role ${name}…`, (_report, signal) => executeRolePlan(deps, plan, where, signal));
    const message = outcome.created
      ? `Created IAM role ${name} (${outcome.arn}): ${summariseRole(plan, where)}.`
      : `IAM role ${name} already existed and flow logs can use it (${outcome.arn}). Nothing was created.`;
    await deps.prompter.notify({ id: 'createIamRole.done', kind: 'info', message });
    return outcome;
  } catch (error) {
    await reportRoleFailure(deps, what, plan, error);
    return undefined;
  }
}
