/**
 * Every IAM operation the extension uses, named once: GetRole, ListRoles, CreateRole, PutRolePolicy,
 * ListRolePolicies, ListAttachedRolePolicies, DeleteRolePolicy, DetachRolePolicy and DeleteRole, for
 * the flow logs delivery role: look a role up (its trust policy decoded), list the roles flow logs can
 * use, create one with its inline policy, and delete one again.
 */
import type * as IAM from '@aws-sdk/client-iam';
import type { PolicyDocument } from '../iam';
import type { AwsClientFactory } from './clientFactory';
import { hasAwsCode } from './errors';
import type { Sdk } from './loadSdk';
import { ROLE_DESCRIPTION, toRoleInfo, type RoleInfo, type TrustContext } from './models';
import { collect, send, type Page } from './request';

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

/** What `deleteRole` removed. */
export interface RoleDeleted {
  readonly inlinePolicies: string[];
  readonly detachedPolicies: string[];
}

/** IAM pages with `Marker` and say `IsTruncated` while more follow. */
function iamPage<T>(items: T[], out: { IsTruncated?: boolean | undefined; Marker?: string | undefined }): Page<T> {
  return { items, nextToken: out.IsTruncated ? out.Marker : undefined };
}

/** The IAM wrapper. Every failure is an `AwsProblemError` naming the IAM action. */
export class IamApi {
  constructor(private readonly aws: AwsClientFactory) {}

  private send<R>(operation: string, command: (sdk: Sdk['iam']) => object, signal?: AbortSignal): Promise<R> {
    return send<'iam', R>(this.aws, 'iam', operation, command, signal);
  }

  /** The role named `name`, or undefined when there is none. */
  async getRole(name: string, context: TrustContext = {}, signal?: AbortSignal): Promise<RoleInfo | undefined> {
    try {
      const result = await this.send<IAM.GetRoleResponse>('GetRole', (sdk) => new sdk.GetRoleCommand({ RoleName: name }), signal);
      return result.Role ? toRoleInfo(result.Role, context) : undefined;
    } catch (error) {
      if (hasAwsCode(error, 'NoSuchEntity')) {
        return undefined;
      }
      throw error;
    }
  }

  /** Roles whose trust policy lets flow logs of the account and region assume them, newest first. */
  async flowLogsRoles(context: TrustContext = {}, signal?: AbortSignal): Promise<RoleInfo[]> {
    const roles = await collect(async (marker) => {
      const out = await this.send<IAM.ListRolesResponse>('ListRoles', (sdk) => new sdk.ListRolesCommand(marker ? { Marker: marker } : {}), signal);
      return iamPage((out.Roles ?? []).map((role) => toRoleInfo(role, context)), out);
    }, Number.POSITIVE_INFINITY);
    return roles.filter((r) => r.trust.allowed).sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
  }

  /**
   * Creates the role with its trust policy, then adds the inline permissions policy. Throws the
   * AwsProblemError of CreateRole (code `EntityAlreadyExists` when the name is taken), or a
   * RolePolicyError when only the second step failed.
   */
  async createRole(request: CreateRoleRequest, signal?: AbortSignal): Promise<{ arn: string }> {
    const created = await this.send<IAM.CreateRoleResponse>(
      'CreateRole',
      (sdk) =>
        new sdk.CreateRoleCommand({
          RoleName: request.name,
          AssumeRolePolicyDocument: JSON.stringify(request.trustPolicy),
          Description: ROLE_DESCRIPTION,
        }),
      signal,
    );
    const arn = created.Role?.Arn ?? '';
    try {
      await this.send<unknown>(
        'PutRolePolicy',
        (sdk) =>
          new sdk.PutRolePolicyCommand({
            RoleName: request.name,
            PolicyName: request.policyName,
            PolicyDocument: JSON.stringify(request.permissionsPolicy),
          }),
        signal,
      );
    } catch (error) {
      throw new RolePolicyError(arn, request.name, error);
    }
    return { arn };
  }

  /**
   * Deletes a role: IAM refuses while policies are attached, so its inline policies are deleted and its
   * managed policies detached (not deleted) first.
   */
  async deleteRole(name: string, signal?: AbortSignal): Promise<RoleDeleted> {
    const inlinePolicies = await collect(async (marker) => {
      const out = await this.send<IAM.ListRolePoliciesResponse>('ListRolePolicies', (sdk) => new sdk.ListRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) }), signal);
      return iamPage(out.PolicyNames ?? [], out);
    }, Number.POSITIVE_INFINITY);
    const attached = await collect(async (marker) => {
      const out = await this.send<IAM.ListAttachedRolePoliciesResponse>(
        'ListAttachedRolePolicies',
        (sdk) => new sdk.ListAttachedRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) }),
        signal,
      );
      return iamPage((out.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? '').filter(Boolean), out);
    }, Number.POSITIVE_INFINITY);
    for (const policyName of inlinePolicies) {
      await this.send<unknown>('DeleteRolePolicy', (sdk) => new sdk.DeleteRolePolicyCommand({ RoleName: name, PolicyName: policyName }), signal);
    }
    for (const policyArn of attached) {
      await this.send<unknown>('DetachRolePolicy', (sdk) => new sdk.DetachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }), signal);
    }
    await this.send<unknown>('DeleteRole', (sdk) => new sdk.DeleteRoleCommand({ RoleName: name }), signal);
    return { inlinePolicies, detachedPolicies: attached };
  }
}
