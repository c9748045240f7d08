/**
 * IAM calls for the flow logs delivery role: look a role up (its trust policy decoded), list the roles
 * flow logs can use, create one with its inline policy, and delete one again.
 */
import type { Role } from '@aws-sdk/client-iam';
import { judgeTrustPolicy, type PolicyDocument, type TrustVerdict } from '../iam';
import type { AwsClientFactory } from './clientFactory';
import { hasAwsCode } from './flowLogSetup';
import { loadSdk } from './loadSdk';
import { callAws } from './request';

/**
 * The description roles made by the extension carry: it marks them as ours (so deleting a flow log can
 * offer to delete its role) without needing `iam:TagRole`, which a tag would.
 */
export const ROLE_DESCRIPTION = 'Lets VPC Flow Logs deliver flow log records to CloudWatch Logs. Created with the VPC Flow Logs extension for VS Code.';

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

/** The account and region a new flow log will belong to (for judging trust conditions). */
export interface TrustContext {
  readonly accountId?: string;
  readonly region?: string;
}

function toRoleInfo(role: Role, context: TrustContext): RoleInfo {
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

/** The role named `name`, or undefined when there is none. */
export async function getRole(aws: AwsClientFactory, name: string, context: TrustContext = {}): Promise<RoleInfo | undefined> {
  const { iam } = loadSdk();
  const client = await aws.iam();
  try {
    const result = await callAws(aws, 'iam:GetRole', () => client.send(new iam.GetRoleCommand({ RoleName: name })));
    return result.Role ? toRoleInfo(result.Role, context) : undefined;
  } catch (error) {
    if (hasAwsCode(error, 'NoSuchEntity')) {
      return undefined;
    }
    throw error;
  }
}

/** Roles whose trust policy lets flow logs of the account and region assume them, newest first. */
export async function listFlowLogsRoles(aws: AwsClientFactory, context: TrustContext = {}): Promise<RoleInfo[]> {
  const { iam } = loadSdk();
  const client = await aws.iam();
  return callAws(aws, 'iam:ListRoles', async () => {
    const roles: RoleInfo[] = [];
    for await (const page of iam.paginateListRoles({ client }, {})) {
      for (const role of page.Roles ?? []) {
        const info = toRoleInfo(role, context);
        if (info.trust.allowed) {
          roles.push(info);
        }
      }
    }
    return roles.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
  });
}

/** What creating a role needs. */
export interface CreateRoleRequest {
  readonly name: string;
  readonly trustPolicy: PolicyDocument;
  readonly policyName: string;
  readonly permissionsPolicy: PolicyDocument;
}

/**
 * Thrown by `createRole` when the role was created but its permissions policy was not added: the role
 * exists then (and delivers nothing), so the caller must say so and offer to delete it.
 */
export class RolePolicyError extends Error {
  constructor(
    readonly roleArn: string,
    readonly roleName: string,
    readonly policyError: unknown,
  ) {
    super(policyError instanceof Error ? policyError.message : `iam:PutRolePolicy failed: ${String(policyError)}`);
    this.name = 'RolePolicyError';
  }
}

/**
 * Creates the role with its trust policy, then adds the inline permissions policy. Throws the
 * AwsProblemError of CreateRole (code `EntityAlreadyExists` when the name is taken), or a
 * RolePolicyError when only the second step failed.
 */
export async function createRole(aws: AwsClientFactory, request: CreateRoleRequest): Promise<{ arn: string }> {
  const { iam } = loadSdk();
  const client = await aws.iam();
  const created = await callAws(aws, 'iam:CreateRole', () =>
    client.send(
      new iam.CreateRoleCommand({
        RoleName: request.name,
        AssumeRolePolicyDocument: JSON.stringify(request.trustPolicy),
        Description: ROLE_DESCRIPTION,
      }),
    ),
  );
  const arn = created.Role?.Arn ?? '';
  try {
    await callAws(aws, 'iam:PutRolePolicy', () =>
      client.send(
        new iam.PutRolePolicyCommand({
          RoleName: request.name,
          PolicyName: request.policyName,
          PolicyDocument: JSON.stringify(request.permissionsPolicy),
        }),
      ),
    );
  } catch (error) {
    throw new RolePolicyError(arn, request.name, error);
  }
  return { arn };
}

/** What `deleteRole` removed. */
export interface RoleDeleted {
  readonly inlinePolicies: string[];
  readonly detachedPolicies: string[];
}

/**
 * Deletes a role: IAM refuses while policies are attached, so its inline policies are deleted and its
 * managed policies detached (not deleted) first.
 */
export async function deleteRole(aws: AwsClientFactory, name: string): Promise<RoleDeleted> {
  const { iam } = loadSdk();
  const client = await aws.iam();
  const inlinePolicies = await callAws(aws, 'iam:ListRolePolicies', async () => {
    const names: string[] = [];
    for await (const page of iam.paginateListRolePolicies({ client }, { RoleName: name })) {
      names.push(...(page.PolicyNames ?? []));
    }
    return names;
  });
  const attached = await callAws(aws, 'iam:ListAttachedRolePolicies', async () => {
    const arns: string[] = [];
    for await (const page of iam.paginateListAttachedRolePolicies({ client }, { RoleName: name })) {
      arns.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? '').filter(Boolean));
    }
    return arns;
  });
  for (const policyName of inlinePolicies) {
    await callAws(aws, 'iam:DeleteRolePolicy', () => client.send(new iam.DeleteRolePolicyCommand({ RoleName: name, PolicyName: policyName })));
  }
  for (const policyArn of attached) {
    await callAws(aws, 'iam:DetachRolePolicy', () => client.send(new iam.DetachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn })));
  }
  await callAws(aws, 'iam:DeleteRole', () => client.send(new iam.DeleteRoleCommand({ RoleName: name })));
  return { inlinePolicies, detachedPolicies: attached };
}
