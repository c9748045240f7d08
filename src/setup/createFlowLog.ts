/**
 * `vpcFlowLogs.createFlowLog`: a multi-step picker (./flowLogSteps.ts: resource, traffic, aggregation
 * interval, destination, then a log group with retention and an IAM role, or an S3 bucket with its
 * delivery options, and the record format), a modal summary of exactly what will be created, then:
 * for CloudWatch Logs the role, the log group and the flow log, in that order (here); for S3 the bucket
 * policy and the flow log (./flowLogS3.ts). A failure part-way says what exists now and offers to
 * remove it.
 */
import { randomUUID } from 'node:crypto';
import { errorMessage, hasAwsCode } from '../aws/errors';
import { RolePolicyError } from '../aws/iam';
import { resourceTypeOf, type FlowLogInfo } from '../aws/models';
import { formatString } from '../flowlogs/format';
import { executeRolePlan, roleLeftover, summariseRole } from './createIamRole';
import { reportHalfWay, whereabouts, type Leftover, type SetupDeps, type Whereabouts } from './deps';
import { announceFlowLog } from './flowLogCreated';
import { countSteps, describePlan, retentionLabel, type FlowLogPlan } from './flowLogPlan';
import { bucketPolicyFileName, executeS3Plan, prepareBucketPolicy } from './flowLogS3';
import { CreateFlowLogSteps } from './flowLogSteps';
import { runSteps } from './prompter';

export { describePlan, retentionLabel, RETENTION_CHOICES, validateLogGroupName, type FlowLogPlan, type TrafficType } from './flowLogPlan';

/** What the flow did (for tests and the report). */
export interface CreateFlowLogOutcome {
  readonly flowLogId: string;
  readonly flowLog?: FlowLogInfo;
  readonly createdRole: boolean;
  readonly createdLogGroup: boolean;
  /** S3: whether the bucket's policy was changed (false when it already allowed delivery). */
  readonly appliedBucketPolicy?: boolean;
}

const ROLE_RETRY_DELAYS_MS = [2000, 4000, 8000, 16000];

function logGroupLeftover(deps: SetupDeps, name: string): Leftover {
  return {
    description: `log group ${name}`,
    action: `Delete Log Group ${name}`,
    manual: `aws logs delete-log-group --log-group-name ${name}`,
    remove: async () => {
      const ok = await deps.prompter.confirm({
        id: 'createFlowLog.deleteLogGroup',
        message: `Delete log group ${name}?`,
        detail: `The log group was just created for the flow log and holds no records from it. This cannot be undone.`,
        confirmLabel: 'Delete Log Group',
      });
      if (!ok) {
        return false;
      }
      try {
        await deps.aws.logs.deleteLogGroup(name);
        deps.host.log(`Deleted log group ${name}.`);
        await deps.prompter.notify({ id: 'createFlowLog.logGroupDeleted', kind: 'info', message: `Deleted log group ${name}.` });
        return true;
      } catch (error) {
        await deps.prompter.notify({ id: 'createFlowLog.deleteLogGroupFailed', kind: 'error', message: `Delete log group ${name} failed: ${errorMessage(error)}` });
        return false;
      }
    },
  };
}

/**
 * The command. `target` is an explorer node or an id of a VPC, subnet or interface; without one the
 * first step asks. Returns what was created, or undefined when cancelled or failed (after reporting).
 */
export async function createFlowLogCommand(deps: SetupDeps, resourceId?: string): Promise<CreateFlowLogOutcome | undefined> {
  const what = 'Create flow log';
  const where = await whereabouts(deps, what);
  if (!where) {
    return undefined;
  }
  const steps = new CreateFlowLogSteps(deps, where);
  const type = resourceId ? resourceTypeOf(resourceId) : undefined;
  const plan: FlowLogPlan = { trafficType: 'ALL', maxAggregationInterval: 60, destination: 'cloud-watch-logs', resource: resourceId && type ? { id: resourceId, type } : undefined };
  const askResource = !plan.resource;
  const finished = await runSteps(deps.prompter, plan, askResource ? steps.resourceStep : steps.trafficStep, (p, done) => countSteps(p, askResource, done));
  if (!finished || !plan.resource) {
    return undefined;
  }
  if (plan.destination === 's3') {
    return createS3FlowLog(deps, plan, where);
  }
  if (!plan.logGroup || !plan.role) {
    return undefined;
  }
  const confirmed = await deps.prompter.confirm({
    id: 'createFlowLog.confirm',
    message: `Create a flow log for ${plan.resource.id}?`,
    detail: describePlan(plan, where),
    confirmLabel: 'Create Flow Log',
  });
  if (!confirmed) {
    return undefined;
  }
  return executePlan(deps, plan as Required<Pick<FlowLogPlan, 'resource' | 'logGroup' | 'role'>> & FlowLogPlan, where);
}

/** S3: the bucket policy read and merged (shown when it changes), the confirm, then the writes. */
async function createS3FlowLog(deps: SetupDeps, plan: FlowLogPlan, where: Whereabouts): Promise<CreateFlowLogOutcome | undefined> {
  if (!plan.s3 || !plan.resource) {
    return undefined;
  }
  const prepared = await prepareBucketPolicy(deps, plan, where);
  if (!prepared) {
    return undefined;
  }
  if (prepared.merged.changed) {
    await deps.host.openDocument(bucketPolicyFileName(prepared.bucket), prepared.text);
  } else {
    deps.host.log(`The policy of bucket ${prepared.bucket} already allows log delivery for account ${where.accountId}: it is left as it is.`);
  }
  const confirmed = await deps.prompter.confirm({
    id: 'createFlowLog.confirm',
    message: prepared.merged.changed ? `Change the policy of bucket ${prepared.bucket} and create a flow log for ${plan.resource.id}?` : `Create a flow log for ${plan.resource.id}?`,
    detail: describePlan(plan, where, prepared.merged.changed ? { added: prepared.merged.added } : 'unchanged'),
    confirmLabel: prepared.merged.changed ? 'Apply Bucket Policy and Create Flow Log' : 'Create Flow Log',
  });
  if (!confirmed) {
    return undefined;
  }
  const outcome = await executeS3Plan(deps, plan, where, prepared);
  return outcome && { flowLogId: outcome.flowLogId, createdRole: false, createdLogGroup: false, appliedBucketPolicy: outcome.appliedBucketPolicy };
}

async function executePlan(deps: SetupDeps, plan: Required<Pick<FlowLogPlan, 'resource' | 'logGroup' | 'role'>> & FlowLogPlan, where: Whereabouts): Promise<CreateFlowLogOutcome | undefined> {
  const what = `Create flow log for ${plan.resource.id}`;
  const leftovers: Leftover[] = [];
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const done: string[] = [];
  try {
    return await deps.host.progress('Creating flow log…', async (report, signal) => {
      let roleArn: string;
      let roleName: string;
      let createdRole = false;
      if (plan.role.kind === 'new') {
        report(`IAM role ${plan.role.plan.name}`);
        const outcome = await executeRolePlan(deps, plan.role.plan, where, signal);
        roleArn = outcome.arn;
        roleName = outcome.name;
        createdRole = outcome.created;
        if (outcome.created) {
          leftovers.push(roleLeftover(deps, outcome.name, outcome.arn, plan.role.plan.policyName));
          done.push(`IAM role ${outcome.name} (${summariseRole(plan.role.plan, where)})`);
        } else {
          done.push(`existing IAM role ${outcome.name}`);
        }
      } else {
        roleArn = plan.role.arn;
        roleName = plan.role.name;
        done.push(`existing IAM role ${roleName}`);
      }

      let createdLogGroup = false;
      if (plan.logGroup.kind === 'new') {
        report(`log group ${plan.logGroup.name}`);
        try {
          const group = await deps.aws.logs.createLogGroup(plan.logGroup.name, plan.logGroup.retentionInDays, signal);
          createdLogGroup = group.created;
        } catch (error) {
          // The group may exist now without its retention (createLogGroup says so in the message).
          if (/was created|exists and keeps/.test(errorMessage(error))) {
            leftovers.push(logGroupLeftover(deps, plan.logGroup.name));
          }
          throw error;
        }
        if (createdLogGroup) {
          leftovers.push(logGroupLeftover(deps, plan.logGroup.name));
          deps.host.log(`Created log group ${plan.logGroup.name} (retention: ${retentionLabel(plan.logGroup.retentionInDays).toLowerCase()}).`);
          done.push(`log group ${plan.logGroup.name} (retention: ${retentionLabel(plan.logGroup.retentionInDays).toLowerCase()})`);
        } else {
          done.push(`existing log group ${plan.logGroup.name} (it appeared meanwhile; its retention was set to ${retentionLabel(plan.logGroup.retentionInDays).toLowerCase()})`);
        }
      } else {
        done.push(`existing log group ${plan.logGroup.name}`);
      }

      report(`flow log for ${plan.resource.id}`);
      const request = {
        resourceId: plan.resource.id,
        trafficType: plan.trafficType,
        maxAggregationInterval: plan.maxAggregationInterval,
        destination: { kind: 'cloud-watch-logs' as const, logGroupName: plan.logGroup.name, roleArn },
        logFormat: plan.fields ? formatString(plan.fields) : undefined,
        // One token for every attempt: EC2 creates at most one flow log for it.
        clientToken: randomUUID(),
      };
      let flowLogId: string | undefined;
      for (let attempt = 0; flowLogId === undefined; attempt++) {
        try {
          flowLogId = await deps.aws.ec2.createFlowLog(request, signal);
        } catch (error) {
          // A role made seconds ago may not be assumable yet (IAM is eventually consistent).
          const notYet = createdRole && hasAwsCode(error, 'InvalidParameter') && /assume/i.test(errorMessage(error));
          const delay = ROLE_RETRY_DELAYS_MS[attempt];
          if (!notYet || delay === undefined) {
            throw error;
          }
          report(`waiting for the new role ${roleName} to become usable…`);
          await sleep(delay);
          signal.throwIfAborted();
        }
      }
      deps.host.log(`Created flow log ${flowLogId} for ${plan.resource.id}: ${plan.trafficType} traffic to log group ${plan.logGroup.name} with role ${roleArn}.`);
      const flowLog = await announceFlowLog(deps, flowLogId, plan.resource.id, done, 'Records arrive in about 5 to 10 minutes.', signal);
      return { flowLogId, flowLog, createdRole, createdLogGroup };
    });
  } catch (error) {
    if (error instanceof RolePolicyError && plan.role.kind === 'new') {
      leftovers.push(roleLeftover(deps, plan.role.plan.name, error.roleArn || plan.role.plan.arn, plan.role.plan.policyName));
    }
    let detail = errorMessage(error);
    if (hasAwsCode(error, 'InvalidParameter') && /assume/i.test(detail)) {
      detail += ` VPC Flow Logs could not assume the role: its trust policy must allow ${'vpc-flow-logs.amazonaws.com'} (with conditions matching account ${where.accountId} and region ${where.region ?? '?'}), and you need iam:PassRole on it.`;
    }
    if (leftovers.length === 0) {
      await deps.prompter.notify({ id: 'createFlowLog.failed', kind: 'error', message: `${what} failed: ${detail} Nothing was created.` });
    } else {
      await reportHalfWay(deps, `${what} failed: ${detail}`, leftovers);
    }
    return undefined;
  }
}

