/**
 * The end of Create Flow Log, whatever the destination: the new flow log described again (its delivery
 * status), the VPCs view reloaded so it appears there, and one message saying what was made and used.
 */
import type { FlowLogInfo } from '../aws/models';
import type { SetupDeps } from './deps';

/**
 * Reports flow log `flowLogId` for `resourceId` as created. `done` lists what the flow made, and what it
 * used prefixed with `existing ` (e.g. `existing log group X`). Returns the flow log as EC2 describes it.
 */
export async function announceFlowLog(deps: SetupDeps, flowLogId: string, resourceId: string, done: readonly string[], arrival: string, signal: AbortSignal): Promise<FlowLogInfo | undefined> {
  const flowLog = (await deps.aws.ec2.flowLogs({ ids: [flowLogId] }, signal).catch(() => []))[0];
  await deps.host.refreshExplorer();
  const status = flowLog?.deliverLogsStatus
    ? ` Delivery status: ${flowLog.deliverLogsStatus}${flowLog.deliverLogsError ? ` (${flowLog.deliverLogsError})` : ''}.`
    : '';
  const made = done.filter((d) => !d.startsWith('existing'));
  const used = done.filter((d) => d.startsWith('existing'));
  const message = `Created flow log ${flowLogId} for ${resourceId}${made.length ? `, and ${made.join(' and ')}` : ''}${used.length ? `; used ${used.map((u) => u.replace(/^existing /, '')).join(' and ')}` : ''}.${status} ${arrival}`;
  void deps.prompter.notify({ id: 'createFlowLog.done', kind: flowLog?.deliverLogsStatus === 'FAILED' ? 'warning' : 'info', message });
  return flowLog;
}
