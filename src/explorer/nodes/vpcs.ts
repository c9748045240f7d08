// Nodes of the VPCs view: VPC -> Flow logs / Subnets / Network interfaces / Peering connections /
// Route tables (-> routes). Pure: no `vscode` at run time.
import {
  ec2Arn,
  type FlowLogInfo,
  type NetworkInterfaceInfo,
  type PeeringConnectionInfo,
  type RouteTableInfo,
  type SubnetInfo,
  type VpcInfo,
} from '../../aws/models';
import type { FlowLogRef, InterfaceRef, VpcRef } from '../../aws/refs';
import { escapeMarkdown as esc, mdBold, mdCode as code, mdTable as table } from '../../common/markdown';
import { DEFAULT_FORMAT } from '../../flowlogs/format';
import { COMMANDS, SETTINGS } from '../commandIds';
import type { ExplorerContext } from '../context';
import { cidrsOverlap, formatUtc } from '../format';
import { cloudWatchFlowLogFor, flowLogsCovering, streamNameFor } from '../inventory';
import {
  contextValue,
  ErrorNode,
  MessageNode,
  NodeCache,
  PagedList,
  pagedRows,
  problemOf,
  connectionScope,
  type ExplorerNode,
  type Scope,
  type NodeView,
} from './base';


/** Where the tree is: `<profile>@<region>`, the start of every node id, and the region itself. */
/** The top of the VPCs view (not shown itself): the region's VPCs, paged. */
export class VpcsRoot implements ExplorerNode {
  readonly id = 'vpcs';
  readonly parent = undefined;
  private list: PagedList<VpcInfo> | undefined;
  private scope: Scope | undefined;
  private readonly nodes = new NodeCache();

  constructor(private readonly context: ExplorerContext) {}

  view(): NodeView {
    return { label: 'VPCs', collapsible: 'expanded' };
  }

  invalidate(): void {
    this.list = undefined;
    this.nodes.clear();
  }

  /** The Name tag of a VPC listed here, for naming the other side of a peering connection. */
  vpcName(vpcId: string | undefined): string | undefined {
    return this.list?.items.find((v) => v.id === vpcId)?.name;
  }

  async children(): Promise<ExplorerNode[]> {
    const context = this.context;
    const scope = await connectionScope(this, context, () => this.reload());
    if (Array.isArray(scope)) {
      return scope;
    }
    if (this.scope?.prefix !== scope.prefix) {
      this.invalidate();
      this.scope = scope;
    }
    const filter = context.filterText().trim().toLowerCase();
    if (filter) {
      return this.filtered(scope, filter);
    }
    const pageSize = context.setting(SETTINGS.pageSize, 50);
    const list = (this.list ??= new PagedList((token) => context.ec2.vpcsPage(token, pageSize)));
    const [, flowLogs] = await Promise.all([list.ensureFirstPage(), context.inventory.flowLogs().catch(() => undefined)]);
    if (list.items.length === 0 && list.error !== undefined) {
      return this.failed(list.error, 'ec2:DescribeVpcs');
    }
    context.setConnectionProblem(undefined);
    if (list.items.length === 0) {
      return [new MessageNode(this, `${scope.prefix}/empty`, { label: `No VPCs in ${scope.region}`, tooltip: 'Choose another region with "VPC Flow Logs: Choose AWS Region".', command: { command: COMMANDS.selectRegion, title: 'Choose Region' } })];
    }
    return pagedRows(this, list, context, (vpc) => this.vpcNode(scope, vpc, flowLogs, undefined), 'VPCs', 'ec2:DescribeVpcs');
  }

  /** Filter mode: VPCs whose name, id or CIDR match, and VPCs holding a matching interface (shown opened). */
  private async filtered(scope: Scope, filter: string): Promise<ExplorerNode[]> {
    const inventory = this.context.inventory;
    let vpcs: VpcInfo[];
    let enis: NetworkInterfaceInfo[];
    try {
      [vpcs, enis] = await Promise.all([inventory.vpcs(), inventory.interfaces()]);
    } catch (error) {
      return this.failed(error, 'ec2:DescribeVpcs');
    }
    this.context.setConnectionProblem(undefined);
    const flowLogs = await inventory.flowLogs().catch(() => undefined);
    const names = await inventory.instanceNames(enis.map((e) => e.instanceId));
    const matches = (values: (string | undefined)[]): boolean => values.some((v) => v?.toLowerCase().includes(filter));
    const rows: ExplorerNode[] = [];
    for (const vpc of vpcs) {
      if (matches([vpc.id, vpc.name, ...vpc.cidrs])) {
        rows.push(this.vpcNode(scope, vpc, flowLogs, undefined));
        continue;
      }
      const found = enis.filter(
        (e) =>
          e.vpcId === vpc.id &&
          matches([e.id, e.name, e.description, e.instanceId, e.instanceId ? names.get(e.instanceId) : undefined, ...e.privateIps, ...e.publicIps]),
      );
      if (found.length) {
        rows.push(this.vpcNode(scope, vpc, flowLogs, new Set(found.map((e) => e.id))));
      }
    }
    return rows.length
      ? rows
      : [new MessageNode(this, `${scope.prefix}/nomatch`, { label: 'No VPC or network interface matches the filter', command: { command: COMMANDS.clearVpcsFilter, title: 'Clear Filter' }, description: 'click to clear it' })];
  }

  /**
   * The node of a VPC in the unfiltered list, reading further pages until it appears (for "reveal").
   * Undefined when the region has no such VPC.
   */
  async vpcNodeFor(vpcId: string, maxPages = 20): Promise<VpcNode | undefined> {
    const rows = await this.children();
    const list = this.list;
    for (let page = 0; list && !list.items.some((v) => v.id === vpcId) && list.hasMore && list.error === undefined && page < maxPages; page++) {
      await list.loadMore();
    }
    const scope = this.scope;
    const vpc = list?.items.find((v) => v.id === vpcId);
    if (!scope || !vpc) {
      return undefined;
    }
    const existing = rows.find((r): r is VpcNode => r instanceof VpcNode && r.vpc.id === vpcId && !r.interfaceFilter);
    return existing ?? this.vpcNode(scope, vpc, await this.context.inventory.flowLogs().catch(() => undefined), undefined);
  }

  private vpcNode(scope: Scope, vpc: VpcInfo, flowLogs: FlowLogInfo[] | undefined, interfaceFilter: Set<string> | undefined): VpcNode {
    const id = `${scope.prefix}${interfaceFilter ? '/filtered' : ''}/${vpc.id}`;
    const node = this.nodes.get(id, () => new VpcNode(this, id, scope, vpc, this.context));
    node.update(vpc, flowLogs, interfaceFilter);
    return node;
  }

  private failed(error: unknown, action: string): ExplorerNode[] {
    const problem = problemOf(error, action);
    if (problem.kind === 'noCredentials' || problem.kind === 'noRegion') {
      // The view's welcome content explains this and links the fix.
      this.context.setConnectionProblem(problem.kind);
      return [];
    }
    this.context.setConnectionProblem(undefined);
    this.context.log(problem.message);
    return [new ErrorNode(this, problem, () => this.reload())];
  }

  private reload(): void {
    this.invalidate();
    this.context.changed(undefined);
  }
}

/** A VPC: Name tag (or id), CIDR blocks, default marker; its details in folders below. */
export class VpcNode implements ExplorerNode {
  vpc: VpcInfo;
  /** All flow logs of the region, when they could be read. */
  flowLogs: FlowLogInfo[] | undefined;
  /** In filter mode: the interfaces to show (the VPC itself did not match). */
  interfaceFilter: Set<string> | undefined;
  private subnetsPromise: Promise<SubnetInfo[]> | undefined;
  private peeringsPromise: Promise<PeeringConnectionInfo[]> | undefined;
  private readonly nodes = new NodeCache();

  constructor(
    readonly parent: VpcsRoot,
    readonly id: string,
    readonly scope: Scope,
    vpc: VpcInfo,
    readonly context: ExplorerContext,
  ) {
    this.vpc = vpc;
  }

  get resourceId(): string {
    return this.vpc.id;
  }

  get ref(): VpcRef {
    return { kind: 'vpc', id: this.vpc.id, region: this.scope.region };
  }

  update(vpc: VpcInfo, flowLogs: FlowLogInfo[] | undefined, interfaceFilter: Set<string> | undefined): void {
    this.vpc = vpc;
    this.flowLogs = flowLogs;
    this.interfaceFilter = interfaceFilter;
  }

  arn(): string | undefined {
    return ec2Arn(this.scope.region, this.vpc.ownerId, 'vpc', this.vpc.id);
  }

  /** Flow logs attached to the VPC itself (subnet and interface ones are found on expansion). */
  private ownFlowLogs(): FlowLogInfo[] | undefined {
    return this.flowLogs?.filter((f) => f.resourceId === this.vpc.id);
  }

  view(): NodeView {
    const { vpc } = this;
    const own = this.ownFlowLogs();
    const description = [vpc.cidrs.join(', '), vpc.isDefault ? 'default VPC' : undefined, own?.length ? 'flow log' : undefined].filter(Boolean).join(' · ');
    return {
      label: vpc.name ?? vpc.id,
      description,
      tooltip: [
        `${mdBold(vpc.name ?? vpc.id)}${vpc.isDefault ? ' (the region\'s default VPC)' : ''}`,
        '',
        table([
          ['VPC', code(vpc.id)],
          ['CIDR blocks', vpc.cidrs.map(code).join(', ')],
          ['State', esc(vpc.state)],
          ['Owner', vpc.ownerId && esc(vpc.ownerId)],
          ['Flow logs on the VPC', own === undefined ? 'unknown' : own.length ? own.map((f) => code(f.id)).join(', ') : 'none'],
        ]),
      ].join('\n'),
      icon: { id: 'cloud' },
      contextValue: contextValue('vpc', { default: vpc.isDefault, hasFlowLog: !!own?.length, noFlowLog: own?.length === 0, arn: !!this.arn() }),
      collapsible: this.interfaceFilter ? 'expanded' : 'collapsed',
    };
  }

  invalidate(): void {
    this.subnetsPromise = undefined;
    this.peeringsPromise = undefined;
    this.nodes.clear();
  }

  children(): Promise<ExplorerNode[]> {
    const folder = <N extends ExplorerNode>(key: string, create: (id: string) => N): N => this.nodes.get(`${this.id}/${key}`, () => create(`${this.id}/${key}`));
    if (this.interfaceFilter) {
      return Promise.resolve([folder('interfaces', (id) => new InterfacesFolder(this, id))]);
    }
    return Promise.resolve([
      folder('flowLogs', (id) => new FlowLogsFolder(this, id)),
      folder('interfaces', (id) => new InterfacesFolder(this, id)),
      folder('subnets', (id) => new SubnetsFolder(this, id)),
      folder('peering', (id) => new PeeringFolder(this, id)),
      folder('routeTables', (id) => new RouteTablesFolder(this, id)),
    ]);
  }

  /** The "Network interfaces" folder. */
  async interfacesFolder(): Promise<InterfacesFolder> {
    const children = await this.children();
    return children.find((c): c is InterfacesFolder => c instanceof InterfacesFolder)!;
  }

  subnets(): Promise<SubnetInfo[]> {
    const promise = (this.subnetsPromise ??= this.context.ec2.subnets(this.vpc.id));
    promise.catch(() => (this.subnetsPromise = undefined));
    return promise;
  }

  peerings(): Promise<PeeringConnectionInfo[]> {
    const promise = (this.peeringsPromise ??= this.context.ec2.peeringConnections(this.vpc.id));
    promise.catch(() => (this.peeringsPromise = undefined));
    return promise;
  }

  /** A VPC's name if the view lists it. */
  vpcName(vpcId: string | undefined): string | undefined {
    return this.parent.vpcName(vpcId);
  }
}

/** A folder under a VPC; its children load on expansion and failures show as an error row. */
abstract class Folder implements ExplorerNode {
  protected readonly nodes = new NodeCache();
  protected abstract readonly label: string;
  protected abstract readonly icon: string;
  protected abstract readonly action: string;
  protected count: number | undefined;

  constructor(
    readonly parent: VpcNode,
    readonly id: string,
  ) {}

  get context(): ExplorerContext {
    return this.parent.context;
  }

  view(): NodeView {
    return {
      label: this.label,
      description: this.count === undefined ? undefined : String(this.count),
      icon: { id: this.icon },
      contextValue: contextValue('folder', {}),
      collapsible: this.parent.interfaceFilter ? 'expanded' : 'collapsed',
    };
  }

  invalidate(): void {
    this.nodes.clear();
    this.count = undefined;
  }

  async children(): Promise<ExplorerNode[]> {
    try {
      return await this.load();
    } catch (error) {
      return this.failure(error);
    }
  }

  /** An error row in place of the folder's children; clicking it loads them again. */
  protected failure(error: unknown): ExplorerNode[] {
    const problem = problemOf(error, this.action);
    this.context.log(problem.message);
    return [
      new ErrorNode(this, problem, () => {
        this.invalidate();
        this.context.changed(this);
      }),
    ];
  }

  protected abstract load(): Promise<ExplorerNode[]>;

  protected empty(label: string, tooltip?: string): MessageNode {
    return new MessageNode(this, 'empty', { label, ...(tooltip ? { tooltip } : {}) });
  }
}

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

/** A flow log: traffic type, destination, interval, format, status and delivery errors. */
export class FlowLogNode implements ExplorerNode {
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
        cloudWatch ? '\nClick to show its log group.' : '',
      ].join('\n'),
      icon: failed ? { id: 'warning', color: 'list.warningForeground' } : { id: 'pulse' },
      contextValue: contextValue('flowLog', {
        cloudWatch,
        s3: f.destinationType === 's3',
        firehose: f.destinationType === 'kinesis-data-firehose',
        failed,
        arn: !!this.arn(),
      }),
      collapsible: 'none',
      command: cloudWatch ? { command: COMMANDS.revealLogGroup, title: 'Show Log Group', arguments: [this.ref] } : undefined,
    };
  }
}

/** "Network interfaces": the VPC's ENIs, filtered by `vpc-id` on the server, paged. */
export class InterfacesFolder extends Folder {
  protected readonly label = 'Network interfaces';
  protected readonly icon = 'plug';
  protected readonly action = 'ec2:DescribeNetworkInterfaces';
  private list: PagedList<NetworkInterfaceInfo> | undefined;

  override invalidate(): void {
    super.invalidate();
    this.list = undefined;
  }

  /** Loads pages until the interface is listed (for "reveal"); false when it is not in this VPC. */
  async loadUntil(eniId: string, maxPages = 20): Promise<boolean> {
    const list = this.pagedList();
    await list.ensureFirstPage();
    for (let page = 0; page < maxPages && !list.items.some((e) => e.id === eniId) && list.hasMore && list.error === undefined; page++) {
      await list.loadMore();
    }
    return list.items.some((e) => e.id === eniId);
  }

  /** The node id an interface has in this folder. */
  childId(eniId: string): string {
    return `${this.id}/${eniId}`;
  }

  private pagedList(): PagedList<NetworkInterfaceInfo> {
    const pageSize = this.context.setting(SETTINGS.pageSize, 50);
    return (this.list ??= new PagedList(async (token) => {
      const page = await this.context.ec2.networkInterfacesPage(this.parent.vpc.id, token, pageSize);
      this.context.inventory.remember(page.items);
      return page;
    }));
  }

  protected async load(): Promise<ExplorerNode[]> {
    const { inventory } = this.context;
    const only = this.parent.interfaceFilter;
    if (only) {
      const enis = (await inventory.interfaces()).filter((e) => only.has(e.id));
      const [names, flowLogs] = await Promise.all([inventory.instanceNames(enis.map((e) => e.instanceId)), inventory.flowLogs().catch(() => undefined)]);
      return enis.map((eni) => this.eniNode(eni, names, flowLogs));
    }
    const list = this.pagedList();
    await list.ensureFirstPage();
    if (list.items.length === 0 && list.error !== undefined) {
      return this.failure(list.error);
    }
    const [names, flowLogs] = await Promise.all([inventory.instanceNames(list.items.map((e) => e.instanceId)), inventory.flowLogs().catch(() => undefined)]);
    this.count = list.hasMore ? undefined : list.items.length;
    if (list.items.length === 0) {
      return [this.empty('No network interfaces in this VPC')];
    }
    return pagedRows(this, list, this.context, (eni) => this.eniNode(eni, names, flowLogs), 'interfaces', this.action);
  }

  private eniNode(eni: NetworkInterfaceInfo, names: Map<string, string>, flowLogs: FlowLogInfo[] | undefined): InterfaceNode {
    const id = this.childId(eni.id);
    const node = this.nodes.get(id, () => new InterfaceNode(this, id, eni));
    node.update(eni, eni.instanceId ? names.get(eni.instanceId) : undefined, flowLogs);
    return node;
  }
}

/** A network interface: private and public IPs, its instance and Name tag, type, security groups. */
export class InterfaceNode implements ExplorerNode {
  eni: NetworkInterfaceInfo;
  instanceName: string | undefined;
  /** Flow logs covering it (interface, subnet or VPC), most specific first; undefined when unknown. */
  coverage: FlowLogInfo[] | undefined;

  constructor(
    readonly parent: InterfacesFolder,
    readonly id: string,
    eni: NetworkInterfaceInfo,
  ) {
    this.eni = eni;
  }

  update(eni: NetworkInterfaceInfo, instanceName: string | undefined, flowLogs: FlowLogInfo[] | undefined): void {
    this.eni = eni;
    this.instanceName = instanceName;
    this.coverage = flowLogs ? flowLogsCovering(eni, flowLogs) : undefined;
  }

  get resourceId(): string {
    return this.eni.id;
  }

  get ref(): InterfaceRef {
    return { kind: 'networkInterface', id: this.eni.id, region: this.region };
  }

  get region(): string {
    return this.parent.parent.scope.region;
  }

  arn(): string | undefined {
    return ec2Arn(this.region, this.eni.ownerId, 'network-interface', this.eni.id);
  }

  /** The CloudWatch flow log to open for this interface, and its stream. */
  cloudWatchStream(): { flowLog: FlowLogInfo; group: string; stream: string } | undefined {
    const flowLog = this.coverage ? cloudWatchFlowLogFor(this.eni, this.coverage) : undefined;
    return flowLog?.logGroupName ? { flowLog, group: flowLog.logGroupName, stream: streamNameFor(this.eni.id, flowLog) } : undefined;
  }

  view(): NodeView {
    const { eni, instanceName } = this;
    const stream = this.cloudWatchStream();
    const uncovered = this.coverage !== undefined && this.coverage.length === 0;
    const attached = instanceName ?? eni.instanceId ?? (eni.interfaceType !== 'interface' ? eni.interfaceType : eni.description || undefined);
    return {
      label: eni.id,
      description: [eni.privateIp, eni.publicIp, attached, uncovered ? 'no flow log' : undefined].filter(Boolean).join(' · '),
      tooltip: [
        mdBold(`${eni.id}${eni.name ? ` (${eni.name})` : ''}`),
        '',
        table([
          ['Private IPs', eni.privateIps.map(code).join(', ') || undefined],
          ['Public IPs', eni.publicIps.map(code).join(', ') || 'none'],
          ['IPv6', eni.ipv6Addresses.map(code).join(', ') || undefined],
          ['Instance', eni.instanceId ? `${instanceName ? `${esc(instanceName)} ` : ''}${code(eni.instanceId)}` : 'not attached to an instance'],
          ['Type', esc(eni.interfaceType) + (eni.requesterManaged ? ' (managed by an AWS service)' : '')],
          ['Description', eni.description ? esc(eni.description) : undefined],
          ['Security groups', eni.securityGroups.map((g) => `${g.name ? esc(g.name) : ''} ${code(g.id)}`.trim()).join(', ') || undefined],
          ['Subnet', eni.subnetId ? code(eni.subnetId) : undefined],
          ['Availability zone', eni.availabilityZone && esc(eni.availabilityZone)],
          ['Status', esc(eni.status)],
          [
            'Flow logs',
            this.coverage === undefined
              ? 'unknown (flow logs could not be read)'
              : this.coverage.length
                ? this.coverage.map((f) => `${code(f.id)} on ${f.resourceId === eni.id ? 'the interface' : f.resourceId.startsWith('subnet-') ? 'its subnet' : 'its VPC'}`).join(', ')
                : 'none: no records are captured for this interface',
          ],
        ]),
        stream ? `\nClick to open its records (stream ${code(stream.stream)} in ${code(stream.group)}).` : '',
      ].join('\n'),
      icon: { id: 'plug', color: uncovered ? 'disabledForeground' : undefined },
      contextValue: contextValue('eni', {
        hasFlowLog: !!this.coverage?.length,
        noFlowLog: uncovered,
        cloudWatch: !!stream,
        instance: !!eni.instanceId,
        arn: !!this.arn(),
      }),
      collapsible: 'none',
      command: { command: COMMANDS.openInterfaceFlowLog, title: 'Open Flow Log', arguments: [this.ref] },
    };
  }
}

/** "Subnets": CIDR and zone of each. */
export class SubnetsFolder extends Folder {
  protected readonly label = 'Subnets';
  protected readonly icon = 'symbol-namespace';
  protected readonly action = 'ec2:DescribeSubnets';

  protected async load(): Promise<ExplorerNode[]> {
    const [subnets, flowLogs] = await Promise.all([this.parent.subnets(), this.context.inventory.flowLogs().catch(() => undefined)]);
    this.count = subnets.length;
    if (subnets.length === 0) {
      return [this.empty('No subnets in this VPC')];
    }
    const region = this.parent.scope.region;
    return subnets.map(
      (s): ExplorerNode => ({
        id: `${this.id}/${s.id}`,
        parent: this,
        resourceId: s.id,
        ref: { kind: 'subnet', id: s.id, vpcId: s.vpcId, region },
        arn: () => s.arn ?? ec2Arn(region, this.parent.vpc.ownerId, 'subnet', s.id),
        view: () => {
          const own = flowLogs?.filter((f) => f.resourceId === s.id);
          return {
            label: s.name ?? s.id,
            description: [s.cidr, s.availabilityZone, s.mapPublicIpOnLaunch ? 'public IPs on launch' : undefined, own?.length ? 'flow log' : undefined].filter(Boolean).join(' · '),
            tooltip: table([
              ['Subnet', code(s.id)],
              ['CIDR', s.cidr ? code(s.cidr) : undefined],
              ['Availability zone', s.availabilityZone && esc(s.availabilityZone)],
              ['Free addresses', s.availableIps === undefined ? undefined : String(s.availableIps)],
              ['Public IP on launch', s.mapPublicIpOnLaunch ? 'yes' : 'no'],
              ['Flow logs on the subnet', own === undefined ? undefined : own.map((f) => code(f.id)).join(', ') || 'none'],
            ]),
            icon: { id: 'symbol-namespace' },
            contextValue: contextValue('subnet', { hasFlowLog: !!own?.length, arn: true }),
            collapsible: 'none',
          };
        },
      }),
    );
  }
}

/** "Peering connections": read-only, because a missing peering is why private pings fail. */
export class PeeringFolder extends Folder {
  protected readonly label = 'Peering connections';
  protected readonly icon = 'arrow-swap';
  protected readonly action = 'ec2:DescribeVpcPeeringConnections';

  protected async load(): Promise<ExplorerNode[]> {
    const peerings = await this.parent.peerings();
    this.count = peerings.length;
    if (peerings.length === 0) {
      return [this.empty('No peering connections', 'Without a peering connection (or a transit gateway) this VPC reaches other VPCs only over the internet, by their public IPs.')];
    }
    const vpc = this.parent.vpc;
    return peerings.map((p): ExplorerNode => {
      const other = p.requester.vpcId === vpc.id ? p.accepter : p.requester;
      const otherName = this.parent.vpcName(other.vpcId);
      const side = (label: string, s: typeof other): [string, string] => [
        label,
        `${esc(this.parent.vpcName(s.vpcId) ?? '')} ${code(s.vpcId ?? '?')} ${s.cidrs.map(code).join(', ')}${s.ownerId ? `, account ${esc(s.ownerId)}` : ''}${s.region ? `, ${esc(s.region)}` : ''}`.trim(),
      ];
      return {
        id: `${this.id}/${p.id}`,
        parent: this,
        resourceId: p.id,
        arn: () => ec2Arn(this.parent.scope.region, vpc.ownerId, 'vpc-peering-connection', p.id),
        view: () => ({
          label: p.name ?? p.id,
          description: `⇄ ${otherName ?? other.vpcId ?? '?'} ${other.cidrs.join(', ')} · ${p.status}`,
          tooltip: [
            `**Peering connection ${code(p.id)}**: ${esc(p.status)}${p.statusMessage ? ` (${esc(p.statusMessage)})` : ''}`,
            '',
            table([side('Requester', p.requester), side('Accepter', p.accepter)]),
            '',
            'Traffic flows only when both VPCs\' route tables send the other CIDR to this connection.',
          ].join('\n'),
          icon: { id: 'arrow-swap', color: p.status === 'active' ? undefined : 'disabledForeground' },
          contextValue: contextValue('peering', { active: p.status === 'active', arn: true }),
          collapsible: 'none',
        }),
      };
    });
  }
}

/** A peered CIDR that a route table does not send to its peering connection. */
export interface MissingPeeringRoute {
  readonly cidr: string;
  readonly peering: PeeringConnectionInfo;
  readonly peerVpcId: string | undefined;
}

/** The peered CIDRs that a route table has no active route for through their peering connection. */
export function missingPeeringRoutes(table: RouteTableInfo, vpcId: string, peerings: readonly PeeringConnectionInfo[]): MissingPeeringRoute[] {
  const missing: MissingPeeringRoute[] = [];
  for (const peering of peerings.filter((p) => p.status === 'active')) {
    const other = peering.requester.vpcId === vpcId ? peering.accepter : peering.requester;
    for (const cidr of other.cidrs) {
      const routed = table.routes.some((r) => r.target === peering.id && r.state === 'active' && cidrsOverlap(r.destination, cidr));
      if (!routed) {
        missing.push({ cidr, peering, peerVpcId: other.vpcId });
      }
    }
  }
  return missing;
}

/** "Route tables" with their routes; a missing route to a peered VPC is pointed out. */
export class RouteTablesFolder extends Folder {
  protected readonly label = 'Route tables';
  protected readonly icon = 'list-tree';
  protected readonly action = 'ec2:DescribeRouteTables';

  protected async load(): Promise<ExplorerNode[]> {
    const vpc = this.parent.vpc;
    const [tables, peerings] = await Promise.all([this.context.ec2.routeTables(vpc.id), this.parent.peerings().catch(() => [] as PeeringConnectionInfo[])]);
    this.count = tables.length;
    if (tables.length === 0) {
      return [this.empty('No route tables')];
    }
    return tables.map((t) => {
      const id = `${this.id}/${t.id}`;
      const node = this.nodes.get(id, () => new RouteTableNode(this, id, t, []));
      node.table = t;
      node.missing = missingPeeringRoutes(t, vpc.id, peerings);
      return node;
    });
  }
}

export class RouteTableNode implements ExplorerNode {
  constructor(
    readonly parent: RouteTablesFolder,
    readonly id: string,
    public table: RouteTableInfo,
    public missing: MissingPeeringRoute[],
  ) {}

  get resourceId(): string {
    return this.table.id;
  }

  arn(): string | undefined {
    return ec2Arn(this.parent.parent.scope.region, this.table.ownerId ?? this.parent.parent.vpc.ownerId, 'route-table', this.table.id);
  }

  view(): NodeView {
    const t = this.table;
    const used = t.main ? 'main' : `${t.subnetIds.length} subnet${t.subnetIds.length === 1 ? '' : 's'}`;
    return {
      label: t.name ?? t.id,
      description: [used, `${t.routes.length} routes`, this.missing.length ? 'no route to a peered VPC' : undefined].filter(Boolean).join(' · '),
      tooltip: [
        `**Route table ${code(t.id)}**${t.main ? ': the VPC\'s main table, used by subnets without their own' : ''}`,
        t.subnetIds.length ? `\nSubnets: ${t.subnetIds.map(code).join(', ')}` : '',
      ].join('\n'),
      icon: this.missing.length ? { id: 'warning', color: 'list.warningForeground' } : { id: 'list-tree' },
      contextValue: contextValue('routeTable', { main: t.main, missingPeeringRoute: this.missing.length > 0, arn: !!this.arn() }),
      collapsible: this.missing.length ? 'expanded' : 'collapsed',
    };
  }

  children(): Promise<ExplorerNode[]> {
    const vpcNode = this.parent.parent;
    const hints = this.missing.map(
      (m) =>
        new MessageNode(this, `missing-${m.peering.id}-${m.cidr}`, {
          label: `No route to ${m.cidr} through ${m.peering.id}`,
          description: `${vpcNode.vpcName(m.peerVpcId) ?? m.peerVpcId ?? 'the peered VPC'}: private traffic to it gets no answer`,
          tooltip:
            `The VPCs are peered by ${code(m.peering.id)}, but this table has no route sending ${code(m.cidr)} to it, so packets ` +
            `from this VPC's subnets to the peered VPC never arrive (pings time out; flow logs show requests without replies). ` +
            `Add the route ${code(`${m.cidr} → ${m.peering.id}`)} here, and the reverse route in the other VPC.`,
          icon: 'warning',
          color: 'list.warningForeground',
        }),
    );
    const routes = this.table.routes.map(
      (r, i): ExplorerNode => ({
        id: `${this.id}/${i}:${r.destination}`,
        parent: this,
        view: () => ({
          label: r.destination,
          description: `→ ${r.target}${r.state === 'active' ? '' : ` · ${r.state}`}`,
          tooltip: `${code(r.destination)} → ${code(r.target)}\n\nState: ${esc(r.state)}${r.origin ? `; created by ${esc(r.origin)}` : ''}${r.state === 'blackhole' ? '\n\nThe target no longer exists: traffic to this destination is dropped.' : ''}`,
          icon: r.state === 'blackhole' ? { id: 'circle-slash', color: 'list.errorForeground' } : { id: 'arrow-right' },
          contextValue: contextValue('route', { blackhole: r.state === 'blackhole' }),
          collapsible: 'none',
        }),
      }),
    );
    return Promise.resolve([...hints, ...routes]);
  }
}
