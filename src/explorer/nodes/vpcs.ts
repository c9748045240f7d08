// Nodes of the VPCs view: VPC -> Flow logs / Subnets / Network interfaces / Peering connections /
// Route tables (-> routes) / Security groups / Network ACLs, each folder in a module of its own. Pure: no `vscode` at run time.
import { ec2Arn, type FlowLogInfo, type NetworkInterfaceInfo, type PeeringConnectionInfo, type SubnetInfo, type VpcInfo } from '../../aws/models';
import type { VpcRef } from '../../aws/refs';
import { escapeMarkdown as esc, mdBold, mdCode as code, mdTable as table } from '../../common/markdown';
import { COMMANDS, SETTINGS } from '../commandIds';
import type { ExplorerContext } from '../context';
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
import { FlowLogsFolder } from './flowLogs';
import { InterfacesFolder } from './interfaces';
import { PeeringFolder, SubnetsFolder } from './network';
import { RouteTablesFolder } from './routes';
import { NetworkAclsFolder, SecurityGroupsFolder } from './securityGroups';

export { FlowLogNode, FlowLogsFolder, flowLogDestination } from './flowLogs';
export { InterfaceNode, InterfacesFolder } from './interfaces';
export { PeeringFolder, SubnetsFolder } from './network';
export { NetworkAclNode, NetworkAclsFolder, SecurityGroupNode, SecurityGroupsFolder } from './securityGroups';
export { missingPeeringRoutes, RouteTableNode, RouteTablesFolder, type MissingPeeringRoute } from './routes';

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
      folder('securityGroups', (id) => new SecurityGroupsFolder(this, id)),
      folder('networkAcls', (id) => new NetworkAclsFolder(this, id)),
    ]);
  }

  /** The "Security groups" folder. */
  async securityGroupsFolder(): Promise<SecurityGroupsFolder> {
    const children = await this.children();
    return children.find((c): c is SecurityGroupsFolder => c instanceof SecurityGroupsFolder)!;
  }

  /** The "Network ACLs" folder. */
  async networkAclsFolder(): Promise<NetworkAclsFolder> {
    const children = await this.children();
    return children.find((c): c is NetworkAclsFolder => c instanceof NetworkAclsFolder)!;
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
