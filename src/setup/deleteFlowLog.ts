/**
 * `vpcFlowLogs.deleteFlowLog`: deletes one flow log after a modal that says what it watches and what
 * stays (the log group and its records). When its role was made by this extension and no other flow
 * log of the region uses it, offers to delete the role too (its own confirmed action).
 */
import { errorMessage } from '../aws/errors';
import { roleNameOf, type FlowLogInfo } from '../aws/models';
import { confirmAndDeleteRole } from './deleteIamRole';
import type { SetupDeps } from './deps';

/** The log group name (CloudWatch Logs) or the destination ARN (S3, Firehose). */
function destinationOf(f: FlowLogInfo): string {
  return f.logGroupName ?? f.destination ?? '';
}

function describeFlowLog(f: FlowLogInfo): string {
  const destination = f.destinationType === 'cloud-watch-logs' ? `log group ${destinationOf(f)}` : `${f.destinationType} ${destinationOf(f)}`;
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
      flowLog = (await deps.aws.ec2.flowLogs({ ids: [flowLogId] }))[0];
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
    const items = deps.aws.ec2.flowLogs().then((all) =>
      all.length
        ? all.map((f) => ({ label: f.id, description: `${f.resourceId} · ${f.trafficType}${f.name ? ` · ${f.name}` : ''}`, detail: `to ${destinationOf(f)}${f.deliverLogsStatus ? ` · delivery ${f.deliverLogsStatus}` : ''}`, value: f }))
        : [{ separator: 'No flow logs in this region' }],
    );
    const chosen = await deps.prompter.pick<FlowLogInfo>({ id: 'deleteFlowLog.flowLog', title: 'Delete Flow Log', placeholder: 'Which flow log to delete', items });
    if (!chosen || typeof chosen !== 'object') {
      return undefined;
    }
    flowLog = chosen;
  }

  const keeps = flowLog.destinationType === 'cloud-watch-logs' ? `The log group ${destinationOf(flowLog)} and the records already in it stay` : `The destination ${destinationOf(flowLog)} and what was delivered to it stay`;
  const confirmed = await deps.prompter.confirm({
    id: 'deleteFlowLog.confirm',
    message: `Delete flow log ${flowLog.id}?`,
    detail: `${describeFlowLog(flowLog)}${flowLog.deliverLogsRoleArn ? ` with role ${flowLog.deliverLogsRoleArn}` : ''}. Deleting it stops recording. ${keeps} (delete ${flowLog.destinationType === 'cloud-watch-logs' ? 'the log group' : 'them'} separately if you no longer need them). This cannot be undone.`,
    confirmLabel: 'Delete Flow Log',
  });
  if (!confirmed) {
    return undefined;
  }
  const target = flowLog;
  try {
    await deps.host.progress(`Deleting flow log ${target.id}…`, (_report, signal) => deps.aws.ec2.deleteFlowLog(target.id, signal));
  } catch (error) {
    await deps.prompter.notify({ id: 'deleteFlowLog.failed', kind: 'error', message: `Delete flow log ${target.id} failed: ${errorMessage(error)} Nothing was deleted.` });
    return undefined;
  }
  deps.host.log(`Deleted flow log ${describeFlowLog(target)}.`);
  await deps.host.refreshExplorer();

  // Offer the role only when the extension made it and nothing else here still needs it.
  let offerRole: string | undefined;
  const roleArn = target.deliverLogsRoleArn;
  if (roleArn) {
    try {
      const role = await deps.aws.iam.getRole(roleNameOf(roleArn));
      const others = role?.createdByExtension ? (await deps.aws.ec2.flowLogs()).filter((f) => f.deliverLogsRoleArn === roleArn) : [];
      if (role?.createdByExtension && others.length === 0) {
        offerRole = role.name;
      }
    } catch (error) {
      deps.host.log(`Could not check whether role ${roleArn} is still used: ${errorMessage(error)}`);
    }
  }
  const action = offerRole ? `Delete Role ${offerRole}…` : undefined;
  const message = `Deleted flow log ${target.id} (${target.resourceId}). ${keeps}.${offerRole ? ` Its IAM role ${offerRole} was made by this extension and no other flow log in this region uses it.` : ''}`;
  const chosen = await deps.prompter.notify({ id: 'deleteFlowLog.done', kind: 'info', message, actions: action ? [action] : [] });
  const roleDeleted = !!offerRole && chosen === action && (await confirmAndDeleteRole(deps, offerRole, true));
  return { flowLogId: target.id, roleDeleted };
}
