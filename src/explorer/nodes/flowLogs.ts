// "Flow logs" under a VPC: the flow logs on the VPC, its subnets and its interfaces. Pure.
import { ec2Arn, type FlowLogInfo, type NetworkInterfaceInfo, type SubnetInfo } from '../../aws/models';
import type { FlowLogRef } from '../../aws/refs';
import { escapeMarkdown as esc, mdBold, mdCode as code, mdTable as table } from '../../common/markdown';
import { DEFAULT_FORMAT } from '../../flowlogs/format';
import { COMMANDS } from '../commandIds';
import { formatUtc } from '../format';
import { deliveryLayout } from '../../athena/s3Layout';
import { contextValue, MessageNode, NodeCache, type ExplorerNode, type NodeView } from './base';
import { Folder } from './folder';
import { deliveryMonths, type S3Delivery } from './s3Delivery';

/** "Flow logs": flow logs on the VPC, its subnets and its interfaces. */
export class FlowLogsFolder extends Folder {
  protected readonly label = 'Flow logs';
  protected readonly icon = 'pulse';
  protected readonly action = 'ec2:DescribeFlowLogs';

  protected async load(): Promise<ExplorerNode[]> {
    const vpc = this.parent.vpc;
    const [flowLogs, subnets] = await Promise.all([this.context.inventory.flowLogs(), this.parent.subnets().catch(() => [] as SubnetInfo[])]);
    const subnetNames = new Map(subnets.map((s) => [s.id, s.name ?? s.cidr ?? s.id]));
    // Interface flow logs name only the interface: ask (in one call) which VPC each one is in.
    const interfaceIds = flowLogs.map((f) => f.resourceId).filter((id) => id.startsWith('eni-'));
    const interfaces = interfaceIds.length ? await this.context.inventory.interfacesById(interfaceIds) : new Map<string, NetworkInterfaceInfo>();
    const mine = flowLogs.filter((f) => f.resourceId === vpc.id || subnetNames.has(f.resourceId) || interfaces.get(f.resourceId)?.vpcId === vpc.id);
    this.count = mine.length;
    if (mine.length === 0) {
      const rows: ExplorerNode[] = [
        this.empty('No flow log on this VPC, its subnets or interfaces', 'No traffic of this VPC is recorded. A flow log on the VPC records every interface in it.'),
      ];
      if (this.context.canCreateFlowLog()) {
        rows.push(new MessageNode(this, 'create', { label: 'Create a flow log…', icon: 'add', command: { command: COMMANDS.createFlowLog, title: 'Create Flow Log', arguments: [this.parent.ref] } }));
      }
      return rows;
    }
    return mine.map((f) => {
      const target = f.resourceId === vpc.id ? 'VPC' : subnetNames.has(f.resourceId) ? `subnet ${subnetNames.get(f.resourceId)}` : f.resourceId;
      const id = `${this.id}/${f.id}`;
      const node = this.nodes.get(id, () => new FlowLogNode(this, id, f, target));
      node.flowLog = f;
      return node;
    });
  }
}

/** The destination of a flow log, shortly: a log group name, a bucket, a Firehose stream. */
export function flowLogDestination(f: FlowLogInfo): string {
  if (f.destinationType === 'cloud-watch-logs') {
    return f.logGroupName ?? f.destination ?? 'CloudWatch Logs';
  }
  if (f.destinationType === 's3') {
    return `s3://${(f.destination ?? '').replace(/^arn:[^:]+:s3:::/, '')}`;
  }
  return f.destination?.replace(/^arn:[^:]+:firehose:[^:]+:\d+:deliverystream\//, 'Firehose ') ?? f.destinationType;
}

/** A flow log: traffic type, destination, interval, format, status and delivery errors; S3 ones expand to their files. */
export class FlowLogNode implements ExplorerNode {
  private readonly nodes = new NodeCache();

  constructor(
    readonly parent: FlowLogsFolder,
    readonly id: string,
    public flowLog: FlowLogInfo,
    /** What it watches: `VPC`, `subnet X` or an interface id. */
    readonly target: string,
  ) {}

  get resourceId(): string {
    return this.flowLog.id;
  }

  get ref(): FlowLogRef {
    const f = this.flowLog;
    return { kind: 'flowLog', id: f.id, resourceId: f.resourceId, logGroupName: f.logGroupName, region: this.parent.parent.scope.region };
  }

  arn(): string | undefined {
    return ec2Arn(this.parent.parent.scope.region, this.parent.parent.vpc.ownerId, 'vpc-flow-log', this.flowLog.id);
  }

  /** Where an S3 flow log's files are; undefined for other destinations. Throws when the destination cannot be read. */
  s3Delivery(): S3Delivery | undefined {
    const f = this.flowLog;
    if (f.destinationType !== 's3' || !f.destination) {
      return undefined;
    }
    const region = this.parent.parent.scope.region;
    // Files are named after the account that owns the flow log: the VPC's owner.
    const layout = deliveryLayout(f.destination, this.parent.parent.vpc.ownerId ?? '', region, f.destinationOptions);
    return { layout, flowLogId: f.id, region };
  }

  invalidate(): void {
    this.nodes.clear();
  }

  async children(): Promise<ExplorerNode[]> {
    let delivery: S3Delivery | undefined;
    try {
      delivery = this.s3Delivery();
    } catch (error) {
      return [new MessageNode(this, 'layout', { label: 'Cannot read the S3 destination', tooltip: error instanceof Error ? error.message : String(error), icon: 'warning' })];
    }
    return delivery ? deliveryMonths(this, this.parent.context, delivery, this.nodes) : [];
  }

  view(): NodeView {
    const f = this.flowLog;
    const failed = f.deliverLogsStatus === 'FAILED';
    const custom = !!f.logFormat && f.logFormat !== DEFAULT_FORMAT;
    const interval = f.maxAggregationInterval ? `${f.maxAggregationInterval / 60} min` : undefined;
    const cloudWatch = f.destinationType === 'cloud-watch-logs';
    return {
      label: f.name ?? f.id,
      description: [
        this.target === 'VPC' ? undefined : this.target,
        `${f.trafficType} → ${flowLogDestination(f)}`,
        interval,
        custom ? 'custom format' : 'default format',
        f.status === 'ACTIVE' ? undefined : f.status,
        failed ? 'delivery failing' : undefined,
      ]
        .filter(Boolean)
        .join(' · '),
      tooltip: [
        mdBold(`Flow log ${f.name ? `${f.name} (${f.id})` : f.id}`),
        '',
        table([
          ['Watches', this.target === 'VPC' ? `the VPC ${code(f.resourceId)}: every interface in it` : code(f.resourceId)],
          ['Traffic', f.trafficType === 'ALL' ? 'ALL (accepted and rejected)' : esc(f.trafficType)],
          ['Destination', `${esc(f.destinationType)}: ${code(flowLogDestination(f))}`],
          ['Aggregation interval', f.maxAggregationInterval ? `${f.maxAggregationInterval} s` : undefined],
          ['Record format', custom ? code(f.logFormat ?? '') : 'default (version 2)'],
          ['Status', esc(f.status)],
          ['Delivery', f.deliverLogsStatus ? esc(`${f.deliverLogsStatus}${f.deliverLogsError ? `: ${f.deliverLogsError}` : ''}`) : undefined],
          ['IAM role', f.deliverLogsRoleArn ? code(f.deliverLogsRoleArn) : undefined],
          ['Created', f.createdAt ? formatUtc(f.createdAt) : undefined],
        ]),
        cloudWatch ? '\nClick to show its log group.' : f.destinationType === 's3' ? '\nExpand it to browse its files by day.' : '',
      ].join('\n'),
      icon: failed ? { id: 'warning', color: 'list.warningForeground' } : { id: 'pulse' },
      contextValue: contextValue('flowLog', {
        cloudWatch,
        s3: f.destinationType === 's3',
        firehose: f.destinationType === 'kinesis-data-firehose',
        failed,
        arn: !!this.arn(),
      }),
      collapsible: f.destinationType === 's3' ? 'collapsed' : 'none',
      command: cloudWatch ? { command: COMMANDS.revealLogGroup, title: 'Show Log Group', arguments: [this.ref] } : undefined,
    };
  }
}
