/**
 * `vpcFlowLogs.deleteIamRole`: deletes a flow logs delivery role the extension made (after a modal that
 * says which policies go with it and which flow logs still use it). Also the clean-up action offered
 * after a failed setup and after deleting a flow log.
 */
import { errorMessage } from '../aws/errors';
import { roleNameOf } from '../aws/models';
import type { SetupDeps } from './deps';

export { roleNameOf };

/**
 * Asks (modal) and deletes the role `roleName` with its inline policies (managed policies are only
 * detached); reports exactly what was removed. True when the role is gone. A role the extension did not
 * make (its description says which ones it made; `madeByExtension` when the caller knows) gets a modal
 * of its own that says so and names it, with a button that says so too.
 */
export async function confirmAndDeleteRole(deps: SetupDeps, roleName: string, madeByExtension = false): Promise<boolean> {
  let users: string[] = [];
  let checkedUsers = false;
  /** Unknown (undefined) when the role could not be read: then it is not taken to be ours. */
  let ours: boolean | undefined = madeByExtension || undefined;
  try {
    const role = await deps.aws.iam.getRole(roleName);
    if (!role) {
      await deps.prompter.notify({ id: 'deleteIamRole.gone', kind: 'info', message: `IAM role ${roleName} does not exist (any more). Nothing was deleted.` });
      return true;
    }
    ours = madeByExtension || role.createdByExtension;
    users = (await deps.aws.ec2.flowLogs()).filter((f) => f.deliverLogsRoleArn === role.arn).map((f) => f.id);
    checkedUsers = true;
  } catch (error) {
    // Without ec2:DescribeFlowLogs (or a region) the check cannot be made; the modal says so.
    deps.host.log(`Could not check which flow logs use role ${roleName}: ${errorMessage(error)}`);
  }
  const usage = !checkedUsers
    ? 'Whether flow logs still use it could not be checked.'
    : users.length > 0
      ? `Flow logs in this region still use it: ${users.join(', ')}. Their delivery will fail.`
      : 'No flow log in this region uses it (flow logs in other regions were not checked).';
  const consequences = `The role and its inline policies will be deleted; managed policies attached to it are only detached. ${usage} This cannot be undone.`;
  // A role the extension did not make may serve anything in the account: that fact is confirmed on its own.
  const confirmed = ours
    ? await deps.prompter.confirm({ id: 'deleteIamRole.confirm', message: `Delete IAM role ${roleName}?`, detail: consequences, confirmLabel: 'Delete Role' })
    : await deps.prompter.confirm({
        id: 'deleteIamRole.notOurs',
        message: `IAM role ${roleName} was not created by this extension. Delete it anyway?`,
        detail: `${ours === undefined ? `Whether this extension created ${roleName} could not be checked. ` : `${roleName} does not carry the description of the roles this extension makes, so it was made by someone or something else, and may be used by more than flow logs. `}${consequences}`,
        confirmLabel: `Delete ${roleName}, Not Made by This Extension`,
      });
  if (!confirmed) {
    return false;
  }
  try {
    const deleted = await deps.host.progress(`Deleting IAM role ${roleName}…`, (_report, signal) => deps.aws.iam.deleteRole(roleName, signal));
    const parts = [
      deleted.inlinePolicies.length ? `its inline ${deleted.inlinePolicies.length === 1 ? 'policy' : 'policies'} ${deleted.inlinePolicies.join(', ')}` : '',
      deleted.detachedPolicies.length ? `detached ${deleted.detachedPolicies.join(', ')}` : '',
    ].filter(Boolean);
    const message = `Deleted IAM role ${roleName}${parts.length ? ` (${parts.join('; ')})` : ''}.`;
    deps.host.log(message);
    await deps.prompter.notify({ id: 'deleteIamRole.done', kind: 'info', message });
    return true;
  } catch (error) {
    await deps.prompter.notify({ id: 'deleteIamRole.failed', kind: 'error', message: `Delete IAM role ${roleName} failed: ${errorMessage(error)}` });
    return false;
  }
}

/**
 * The command: the role given (an ARN or name), or a pick among the flow logs roles the extension made.
 */
export async function deleteIamRoleCommand(deps: SetupDeps, target?: string): Promise<boolean> {
  let roleName = target ? roleNameOf(target) : undefined;
  if (!roleName) {
    const roles = deps.aws.iam.flowLogsRoles().then((all) => {
      const ours = all.filter((r) => r.createdByExtension);
      return ours.length
        ? ours.map((r) => ({ label: r.name, description: r.createdAt?.toISOString().slice(0, 10), detail: r.arn, value: r.name }))
        : [{ separator: 'No IAM role made by this extension was found' }];
    });
    const chosen = await deps.prompter.pick<string>({ id: 'deleteIamRole.role', title: 'Delete IAM Role for Flow Logs', placeholder: 'Roles made by this extension for flow log delivery', items: roles });
    if (typeof chosen !== 'string') {
      return false;
    }
    roleName = chosen;
  }
  return confirmAndDeleteRole(deps, roleName);
}
