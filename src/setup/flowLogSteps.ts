/**
 * The steps of the Create Flow Log wizard: the resource, the traffic, the aggregation interval, the
 * destination (CloudWatch Logs: log group with retention and IAM role; S3: ./flowLogS3Steps.ts) and the
 * record format. Each step stores its answer in the plan and returns the next step.
 */
import type { Aws } from '../aws';
import type { LogGroupInfo, RoleInfo } from '../aws/models';
import { FIELDS } from '../flowlogs/fields';
import { DEFAULT_FIELDS, isDefaultFormat } from '../flowlogs/format';
import { DEFAULT_LOG_GROUP_NAME, DEFAULT_ROLE_NAME } from '../iam/guide';
import { planRole, roleNameStep } from './createIamRole';
import type { SetupDeps, Whereabouts } from './deps';
import { RETENTION_CHOICES, retentionLabel, TYPE_LABEL, validateLogGroupName, type FlowLogPlan, type FlowLogResource, type TrafficType } from './flowLogPlan';
import { S3DestinationSteps } from './flowLogS3Steps';
import type { Choice, PickItem, Step } from './prompter';

const NEW = Symbol('new');
const CUSTOM = Symbol('custom');

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
export class CreateFlowLogSteps {
  private resources?: Promise<FlowLogResource[]>;
  private logGroups?: Promise<LogGroupInfo[]>;
  private roles?: Promise<RoleInfo[]>;
  readonly title = 'Create Flow Log';

  /** The S3 destination's steps, followed by the record format. */
  private readonly s3: S3DestinationSteps;

  constructor(
    private readonly deps: SetupDeps,
    private readonly where: Whereabouts,
  ) {
    this.s3 = new S3DestinationSteps(deps, where, this.formatStep);
  }

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
    return this.destinationStep;
  };

  destinationStep: Step<FlowLogPlan> = async (input, plan) => {
    const items: Choice<FlowLogPlan['destination']>[] = [
      { label: 'CloudWatch Logs', description: 'a log group', detail: 'Search with Logs Insights and live tail; an IAM role lets VPC Flow Logs write to the log group.', value: 'cloud-watch-logs' },
      { label: 'Amazon S3', description: 'a bucket', detail: 'Cheaper to keep for years, plain text or Parquet, queried with Athena. No IAM role: the bucket policy lets log delivery write.', value: 's3' },
    ];
    plan.destination = await input.pick({ id: 'createFlowLog.destination', title: this.title, placeholder: 'Where the flow log delivers its records', items, active: plan.destination });
    return plan.destination === 's3' ? this.s3.bucketStep : this.logGroupStep;
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
