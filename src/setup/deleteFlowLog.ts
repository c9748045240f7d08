/**
 * `vpcFlowLogs.deleteFlowLog`: deletes one flow log after a modal that says what it watches and what
 * stays (the log group and its records). When its role was made by this extension and no other flow
 * log of the region uses it, offers to delete the role too (its own confirmed action).
 */
import { deleteFlowLog, listFlowLogs, type FlowLogInfo } from '../aws/flowLogSetup';
import { getRole } from '../aws/iam';
import { confirmAndDeleteRole, roleNameOf } from './deleteIamRole';
import { errorMessage, type SetupDeps } from './deps';

function describeFlowLog(f: FlowLogInfo): string {
  const destination = f.destinationType === 'cloud-watch-logs' ? `log group ${f.destination}` : `${f.destinationType} ${f.destination}`;
  return `${f.id}${f.name ? ` (${f.name})` : ''} records ${f.trafficType || 'ALL'} traffic of ${f.resourceId} to ${destination}`;
}

/** What the command did. */
export interface DeleteFlowLogOutcome {
  readonly flowLogId: string;
  readonly roleDeleted: boolean;
}

/** The command. `flowLogId` comes from a flow log node; without it the user picks one. */
export async function deleteFlowLogCommand(deps: SetupDeps, flowLogId?: string): Promise<DeleteFlowLogOutcome | undefined> {
  let flowLog: FlowLogInfo | undefined;
  if (flowLogId) {
    try {
      flowLog = (await listFlowLogs(deps.aws, [flowLogId]))[0];
    } catch (error) {
      await deps.prompter.notify({ id: 'deleteFlowLog.failed', kind: 'error', message: `Delete flow log ${flowLogId} failed: ${errorMessage(error)}` });
      return undefined;
    }
    if (!flowLog) {
      await deps.prompter.notify({ id: 'deleteFlowLog.gone', kind: 'info', message: `Flow log ${flowLogId} does not exist (any more). Nothing was deleted.` });
      await deps.host.refreshExplorer();
      return undefined;
    }
  } else {
    const items = listFlowLogs(deps.aws).then((all) =>
      all.length
        ? all.map((f) => ({ label: f.id, description: `${f.resourceId} · ${f.trafficType}${f.name ? ` · ${f.name}` : ''}`, detail: `to ${f.destination}${f.deliverLogsStatus ? ` · delivery ${f.deliverLogsStatus}` : ''}`, value: f }))
        : [{ separator: 'No flow logs in this region' }],
    );
    const chosen = await deps.prompter.pick<FlowLogInfo>({ id: 'deleteFlowLog.flowLog', title: 'Delete Flow Log', placeholder: 'Which flow log to delete', items });
    if (!chosen || typeof chosen !== 'object') {
      return undefined;
    }
    flowLog = chosen;
  }

  const keeps = flowLog.destinationType === 'cloud-watch-logs' ? `The log group ${flowLog.destination} and the records already in it stay` : `The destination ${flowLog.destination} and what was delivered to it stay`;
  const confirmed = await deps.prompter.confirm({
    id: 'deleteFlowLog.confirm',
    message: `Delete flow log ${flowLog.id}?`,
    detail: `${describeFlowLog(flowLog)}${flowLog.roleArn ? ` with role ${flowLog.roleArn}` : ''}. Deleting it stops recording. ${keeps} (delete ${flowLog.destinationType === 'cloud-watch-logs' ? 'the log group' : 'them'} separately if you no longer need them). This cannot be undone.`,
    confirmLabel: 'Delete Flow Log',
  });
  if (!confirmed) {
    return undefined;
  }
  const target = flowLog;
  try {
    await deps.host.progress(`Deleting flow log ${target.id}…`, () => deleteFlowLog(deps.aws, target.id));
  } catch (error) {
    await deps.prompter.notify({ id: 'deleteFlowLog.failed', kind: 'error', message: `Delete flow log ${target.id} failed: ${errorMessage(error)} Nothing was deleted.` });
    return undefined;
  }
  deps.host.log(`Deleted flow log ${describeFlowLog(target)}.`);
  await deps.host.refreshExplorer();

  // Offer the role only when the extension made it and nothing else here still needs it.
  let offerRole: string | undefined;
  if (target.roleArn) {
    try {
      const role = await getRole(deps.aws, roleNameOf(target.roleArn));
      const others = role?.createdByExtension ? (await listFlowLogs(deps.aws)).filter((f) => f.roleArn === target.roleArn) : [];
      if (role?.createdByExtension && others.length === 0) {
        offerRole = role.name;
      }
    } catch (error) {
      deps.host.log(`Could not check whether role ${target.roleArn} is still used: ${errorMessage(error)}`);
    }
  }
  const action = offerRole ? `Delete Role ${offerRole}…` : undefined;
  const message = `Deleted flow log ${target.id} (${target.resourceId}). ${keeps}.${offerRole ? ` Its IAM role ${offerRole} was made by this extension and no other flow log in this region uses it.` : ''}`;
  const chosen = await deps.prompter.notify({ id: 'deleteFlowLog.done', kind: 'info', message, actions: action ? [action] : [] });
  const roleDeleted = !!offerRole && chosen === action && (await confirmAndDeleteRole(deps, offerRole));
  return { flowLogId: target.id, roleDeleted };
}
