/**
 * `vpcFlowLogs.createFlowLog`: a multi-step picker (resource, traffic, aggregation interval, log group
 * with retention, IAM role, record format), a modal summary of exactly what will be created, then the
 * role, the log group and the flow log, in that order. A failure part-way says what exists now and
 * offers to remove it.
 */
import { randomUUID } from 'node:crypto';
import type { Aws } from '../aws';
import { errorMessage, hasAwsCode } from '../aws/errors';
import { RolePolicyError } from '../aws/iam';
import { resourceTypeOf, type FlowLogInfo, type FlowLogResourceType, type LogGroupInfo, type RoleInfo } from '../aws/models';
import { FIELDS, formatVersion } from '../flowlogs/fields';
import { DEFAULT_FIELDS, formatString, isDefaultFormat } from '../flowlogs/format';
import { DEFAULT_LOG_GROUP_NAME, DEFAULT_ROLE_NAME } from '../iam/guide';
import { describeRolePlan, executeRolePlan, planRole, roleLeftover, roleNameStep, summariseRole, type RolePlan } from './createIamRole';
import { reportHalfWay, whereabouts, type Leftover, type SetupDeps, type Whereabouts } from './deps';
import { runSteps, type Choice, type PickItem, type Step } from './prompter';

export type TrafficType = 'ALL' | 'ACCEPT' | 'REJECT';

/** Retention choices CloudWatch Logs accepts (days), a readable subset; undefined is "never expire". */
export const RETENTION_CHOICES: readonly (number | undefined)[] = [undefined, 1, 3, 7, 14, 30, 60, 90, 180, 365, 731, 1827, 3653];

const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** What is wrong with a log group name as typed, or undefined. */
export function validateLogGroupName(name: string): string | undefined {
  if (name.length === 0) {
    return 'Enter a log group name.';
  }
  if (name.length > 512) {
    return 'Log group names are at most 512 characters.';
  }
  if (name.startsWith('aws/')) {
    return 'Names starting with "aws/" are reserved for AWS.';
  }
  return LOG_GROUP_NAME.test(name) ? undefined : 'Log group names may contain letters, digits and . - _ / # only.';
}

/** "30 days", "1 year", "never expire". */
export function retentionLabel(days: number | undefined): string {
  if (days === undefined) {
    return 'Never expire';
  }
  if (days >= 365 && [365, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].includes(days)) {
    const years = Math.round(days / 365.25);
    return `${years} year${years === 1 ? '' : 's'} (${days} days)`;
  }
  return `${days} day${days === 1 ? '' : 's'}`;
}

type LogGroupChoice = { readonly kind: 'existing'; readonly name: string; readonly arn: string } | { readonly kind: 'new'; readonly name: string; readonly retentionInDays?: number };
type RoleChoice = { readonly kind: 'existing'; readonly name: string; readonly arn: string } | { readonly kind: 'new'; readonly plan: RolePlan };

/** The answers of the flow. */
export interface FlowLogPlan {
  resource?: { readonly id: string; readonly type: FlowLogResourceType; readonly name?: string };
  trafficType: TrafficType;
  maxAggregationInterval: 60 | 600;
  logGroup?: LogGroupChoice;
  role?: RoleChoice;
  /** Undefined: the default format. */
  fields?: string[];
  /** Answers that add steps (a name and retention for a new group, a name for a new role, the field picker). */
  newLogGroup?: boolean;
  newRole?: boolean;
  customFormat?: boolean;
}

const NEW = Symbol('new');
const CUSTOM = Symbol('custom');

const TYPE_LABEL: Record<FlowLogResourceType, string> = { VPC: 'VPC', Subnet: 'Subnet', NetworkInterface: 'Network interface' };

/** A VPC, subnet or network interface a flow log may be created for. */
export interface FlowLogResource {
  readonly id: string;
  readonly type: FlowLogResourceType;
  /** The Name tag, or for interfaces their description. */
  readonly name?: string | undefined;
  /** CIDR, VPC, private IP: what tells it apart in a list. */
  readonly detail: string;
}

/** Every VPC, subnet and network interface of the region (for the picker when no node was given). */
async function flowLogResources(aws: Aws): Promise<FlowLogResource[]> {
  const vpcs = await aws.ec2.vpcs();
  const subnets = await aws.ec2.subnets();
  const interfaces = await aws.ec2.networkInterfaces();
  return [
    ...vpcs.map((v): FlowLogResource => ({ id: v.id, type: 'VPC', name: v.name, detail: `${v.cidrs[0] ?? ''}${v.isDefault ? ' (default VPC)' : ''}` })),
    ...subnets.map((s): FlowLogResource => ({ id: s.id, type: 'Subnet', name: s.name, detail: `${s.cidr ?? ''} in ${s.vpcId} (${s.availabilityZone ?? ''})` })),
    ...interfaces.map((n): FlowLogResource => ({
      id: n.id,
      type: 'NetworkInterface',
      name: n.name ?? (n.description || undefined),
      detail: `${n.privateIp ?? ''} in ${n.vpcId ?? ''}${n.instanceId ? `, ${n.instanceId}` : ''}`,
    })),
  ].filter((r) => r.id !== '');
}

/** The steps of the flow, with the AWS lists they need loaded once (Back does not reload them). */
class CreateFlowLogSteps {
  private resources?: Promise<FlowLogResource[]>;
  private logGroups?: Promise<LogGroupInfo[]>;
  private roles?: Promise<RoleInfo[]>;
  readonly title = 'Create Flow Log';

  constructor(
    private readonly deps: SetupDeps,
    private readonly where: Whereabouts,
  ) {}

  resourceStep: Step<FlowLogPlan> = async (input, plan) => {
    this.resources ??= flowLogResources(this.deps.aws);
    const items = this.resources.then((all) => {
      const out: PickItem<FlowLogResource>[] = [];
      for (const type of ['VPC', 'Subnet', 'NetworkInterface'] as const) {
        const ofType = all.filter((r) => r.type === type);
        if (ofType.length > 0) {
          out.push({ separator: `${TYPE_LABEL[type]}s` }, ...ofType.map((r) => ({ label: r.id, description: r.name, detail: r.detail, value: r })));
        }
      }
      return out.length ? out : [{ separator: 'No VPCs, subnets or network interfaces in this region' }];
    });
    const chosen = await input.pick({ id: 'createFlowLog.resource', title: this.title, placeholder: 'What should the flow log watch? A VPC or subnet covers every network interface in it.', items, active: plan.resource as FlowLogResource | undefined });
    plan.resource = { id: chosen.id, type: chosen.type, name: chosen.name };
    return this.trafficStep;
  };

  trafficStep: Step<FlowLogPlan> = async (input, plan) => {
    const items: Choice<TrafficType>[] = [
      { label: 'All traffic', description: 'ALL', detail: 'Accepted and rejected traffic: the full picture (and the most records).', value: 'ALL' },
      { label: 'Accepted traffic', description: 'ACCEPT', detail: 'Only traffic that security groups and network ACLs let through.', value: 'ACCEPT' },
      { label: 'Rejected traffic', description: 'REJECT', detail: 'Only traffic that was blocked: for finding what a security group or network ACL stops.', value: 'REJECT' },
    ];
    plan.trafficType = await input.pick({ id: 'createFlowLog.traffic', title: this.title, placeholder: `Which traffic of ${plan.resource?.id ?? 'the resource'} to record`, items, active: plan.trafficType });
    return this.intervalStep;
  };

  intervalStep: Step<FlowLogPlan> = async (input, plan) => {
    const items: Choice<60 | 600>[] = [
      { label: '1 minute', description: '60 seconds', detail: 'Records cover at most a minute of traffic each: finer timing, more records (more ingestion cost).', value: 60 },
      { label: '10 minutes', description: '600 seconds (the AWS default)', detail: 'Fewer, larger records.', value: 600 },
    ];
    plan.maxAggregationInterval = await input.pick({ id: 'createFlowLog.interval', title: this.title, placeholder: 'Maximum aggregation interval: how long a record may collect packets', items, active: plan.maxAggregationInterval });
    return this.logGroupStep;
  };

  logGroupStep: Step<FlowLogPlan> = async (input, plan) => {
    this.logGroups ??= this.deps.aws.logs.logGroups();
    const items = this.logGroups.then((groups): PickItem<LogGroupInfo | typeof NEW>[] => [
      { label: '$(add) New log group…', detail: 'Create a CloudWatch Logs log group for the flow log, with a retention you choose.', value: NEW },
      ...(groups.length ? [{ separator: 'Existing log groups' }] : []),
      ...groups.map((g) => ({ label: g.name, description: `retention: ${retentionLabel(g.retentionDays).toLowerCase()}`, value: g })),
    ]);
    const previous = plan.logGroup?.kind === 'existing' ? plan.logGroup.name : undefined;
    const chosen = await input.pick({
      id: 'createFlowLog.logGroup',
      title: this.title,
      placeholder: 'Destination: the CloudWatch Logs log group (one log stream per network interface)',
      items,
      active: previous ? (await this.logGroups).find((g) => g.name === previous) : undefined,
    });
    plan.newLogGroup = chosen === NEW;
    if (chosen === NEW) {
      return this.newLogGroupNameStep;
    }
    plan.logGroup = { kind: 'existing', name: chosen.name, arn: chosen.arn ?? '' };
    return this.roleStep;
  };

  newLogGroupNameStep: Step<FlowLogPlan> = async (input, plan) => {
    const existing = new Set((await (this.logGroups ?? Promise.resolve([]))).map((g) => g.name));
    const suggestion = plan.logGroup?.kind === 'new' ? plan.logGroup.name : existing.has(DEFAULT_LOG_GROUP_NAME) ? `/vpc-flow-logs/${plan.resource?.id ?? 'vpc'}` : DEFAULT_LOG_GROUP_NAME;
    const name = await input.input({
      id: 'createFlowLog.logGroupName',
      title: this.title,
      prompt: 'Name of the new log group',
      value: suggestion,
      validate: (value) => validateLogGroupName(value) ?? (existing.has(value) ? `Log group ${value} already exists: go back and pick it.` : undefined),
    });
    plan.logGroup = { kind: 'new', name, retentionInDays: plan.logGroup?.kind === 'new' ? plan.logGroup.retentionInDays : undefined };
    return this.retentionStep;
  };

  retentionStep: Step<FlowLogPlan> = async (input, plan) => {
    const current = plan.logGroup?.kind === 'new' ? plan.logGroup : undefined;
    const items = RETENTION_CHOICES.map((days) => ({
      label: retentionLabel(days),
      detail: days === undefined ? 'Keep records until you delete them (the CloudWatch Logs default; storage is billed).' : `Delete records older than ${retentionLabel(days).toLowerCase()}.`,
      value: days ?? 0,
    }));
    const days = await input.pick({ id: 'createFlowLog.retention', title: this.title, placeholder: `How long ${current?.name ?? 'the log group'} keeps records`, items, active: current?.retentionInDays ?? 0 });
    plan.logGroup = { kind: 'new', name: current?.name ?? DEFAULT_LOG_GROUP_NAME, retentionInDays: days === 0 ? undefined : days };
    return this.roleStep;
  };

  roleStep: Step<FlowLogPlan> = async (input, plan) => {
    this.roles ??= this.deps.aws.iam.flowLogsRoles(this.where);
    const items = this.roles.then((roles): PickItem<RoleInfo | typeof NEW>[] => [
      { label: '$(add) New role…', detail: `Create an IAM role flow logs can assume (trust policy for vpc-flow-logs.amazonaws.com, 5 CloudWatch Logs actions).`, value: NEW },
      ...(roles.length ? [{ separator: 'Roles whose trust policy allows VPC Flow Logs' }] : []),
      ...roles.map((r) => ({ label: r.name, description: r.createdByExtension ? 'made by this extension' : undefined, detail: r.arn, value: r })),
    ]);
    const previous = plan.role?.kind === 'existing' ? plan.role.name : undefined;
    const chosen = await input.pick({
      id: 'createFlowLog.role',
      title: this.title,
      placeholder: 'IAM role that VPC Flow Logs assumes to write to the log group',
      items,
      active: previous ? (await this.roles).find((r) => r.name === previous) : undefined,
    });
    plan.newRole = chosen === NEW;
    if (chosen === NEW) {
      return this.newRoleStep;
    }
    plan.role = { kind: 'existing', name: chosen.name, arn: chosen.arn };
    return this.formatStep;
  };

  newRoleStep: Step<FlowLogPlan> = async (input, plan) => {
    let existing: RoleInfo | undefined;
    const names = new Set((await (this.roles ?? Promise.resolve([]))).map((r) => r.name));
    const suggestion = plan.role?.kind === 'new' ? plan.role.plan.name : names.has(DEFAULT_ROLE_NAME) ? `${DEFAULT_ROLE_NAME}-${this.where.region ?? 'any'}` : DEFAULT_ROLE_NAME;
    const name = await input.input({ ...roleNameStep(this.deps, this.where, (role) => (existing = role), suggestion), id: 'createFlowLog.roleName', title: this.title });
    plan.role = existing ? { kind: 'existing', name: existing.name, arn: existing.arn } : { kind: 'new', plan: planRole(name, this.where) };
    return this.formatStep;
  };

  formatStep: Step<FlowLogPlan> = async (input, plan) => {
    const items: Choice<string[] | typeof CUSTOM>[] = [
      { label: 'Default format', description: 'version 2, 14 fields', detail: DEFAULT_FIELDS.join(' '), value: [...DEFAULT_FIELDS] },
      { label: 'Custom format…', description: 'choose the fields', detail: 'Add VPC, subnet and instance ids, TCP flags, packet addresses, AWS service names, flow direction, traffic path, reject reason…', value: CUSTOM },
    ];
    const chosen = await input.pick<string[] | typeof CUSTOM>({ id: 'createFlowLog.format', title: this.title, placeholder: 'Record format: which fields each flow log record holds', items, active: plan.customFormat ? CUSTOM : undefined });
    plan.customFormat = chosen === CUSTOM;
    if (chosen === CUSTOM) {
      return this.fieldsStep;
    }
    plan.fields = undefined;
    return undefined;
  };

  fieldsStep: Step<FlowLogPlan> = async (input, plan) => {
    const selected = new Set(plan.fields ?? DEFAULT_FIELDS);
    const items: PickItem<string>[] = [];
    let version = 0;
    for (const field of FIELDS) {
      if (field.version !== version) {
        version = field.version;
        items.push({ separator: `Version ${version} fields` });
      }
      items.push({ label: field.name, description: field.title, detail: field.description, value: field.name, picked: selected.has(field.name) });
    }
    for (;;) {
      const fields = await input.pickMany({ id: 'createFlowLog.fields', title: this.title, placeholder: 'Fields of each record, in the order shown (the version is the highest among them)', items });
      if (fields.length > 0) {
        // Catalogue order: the order AWS documents, which readers of the records expect.
        plan.fields = FIELDS.map((f) => f.name).filter((n) => fields.includes(n));
        if (isDefaultFormat(plan.fields)) {
          plan.fields = undefined;
        }
        return undefined;
      }
      await this.deps.prompter.notify({ id: 'createFlowLog.noFields', kind: 'warning', message: 'Choose at least one field for the custom format.' });
    }
  };
}

/** The modal text listing exactly what will be created. */
export function describePlan(plan: FlowLogPlan, where: Whereabouts): string {
  const resource = plan.resource!;
  const lines = [
    `Flow log for ${TYPE_LABEL[resource.type].toLowerCase()} ${resource.id}${resource.name ? ` (${resource.name})` : ''} in ${where.region ?? '?'}:`,
    `  traffic: ${plan.trafficType}; maximum aggregation interval: ${plan.maxAggregationInterval === 60 ? '1 minute' : '10 minutes'}`,
    `  record format: ${plan.fields ? `custom, version ${formatVersion(plan.fields)}: ${formatString(plan.fields)}` : 'default (version 2)'}`,
  ];
  const group = plan.logGroup!;
  lines.push(
    group.kind === 'new'
      ? `New log group ${group.name}, retention: ${retentionLabel(group.retentionInDays).toLowerCase()}.`
      : `Existing log group ${group.name}.`,
  );
  const role = plan.role!;
  lines.push(role.kind === 'new' ? `New ${describeRolePlan(role.plan)}` : `Existing IAM role ${role.name} (${role.arn}).`);
  lines.push('', 'CloudWatch Logs bills the ingestion and storage of flow log records. Records arrive about 5 to 10 minutes after the traffic.');
  return lines.join('\n');
}

/** What the flow did (for tests and the report). */
export interface CreateFlowLogOutcome {
  readonly flowLogId: string;
  readonly flowLog?: FlowLogInfo;
  readonly createdRole: boolean;
  readonly createdLogGroup: boolean;
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
  const plan: FlowLogPlan = { trafficType: 'ALL', maxAggregationInterval: 60, resource: resourceId && type ? { id: resourceId, type } : undefined };
  const askResource = !plan.resource;
  const finished = await runSteps(deps.prompter, plan, askResource ? steps.resourceStep : steps.trafficStep);
  if (!finished || !plan.resource || !plan.logGroup || !plan.role) {
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
        logGroupName: plan.logGroup.name,
        roleArn,
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
      const flowLog = (await deps.aws.ec2.flowLogs({ ids: [flowLogId] }, signal).catch(() => []))[0];
      await deps.host.refreshExplorer();
      const status = flowLog?.deliverLogsStatus
        ? ` Delivery status: ${flowLog.deliverLogsStatus}${flowLog.deliverLogsError ? ` (${flowLog.deliverLogsError})` : ''}.`
        : '';
      const made = done.filter((d) => !d.startsWith('existing'));
      const used = done.filter((d) => d.startsWith('existing'));
      const message = `Created flow log ${flowLogId} for ${plan.resource.id}${made.length ? `, and ${made.join(' and ')}` : ''}${used.length ? `; used ${used.map((u) => u.replace(/^existing /, '')).join(' and ')}` : ''}.${status} Records arrive in about 5 to 10 minutes.`;
      void deps.prompter.notify({ id: 'createFlowLog.done', kind: flowLog?.deliverLogsStatus === 'FAILED' ? 'warning' : 'info', message });
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

