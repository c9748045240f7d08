// "Network interfaces" under a VPC: its ENIs, paged, and what records them. Pure: no `vscode` at run time.
import { ec2Arn, type FlowLogInfo, type NetworkInterfaceInfo } from '../../aws/models';
import type { InterfaceRef } from '../../aws/refs';
import { escapeMarkdown as esc, mdBold, mdCode as code, mdTable as table } from '../../common/markdown';
import { COMMANDS, SETTINGS } from '../commandIds';
import { cloudWatchFlowLogFor, flowLogsCovering, streamNameFor } from '../inventory';
import { contextValue, PagedList, pagedRows, type ExplorerNode, type NodeView } from './base';
import { Folder } from './folder';

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
      collapsible: eni.securityGroups.length ? 'collapsed' : 'none',
      command: { command: COMMANDS.openInterfaceFlowLog, title: 'Open Flow Log', arguments: [this.ref] },
    };
  }

  /** Its security groups; clicking one reveals it (and its rules) under the VPC's "Security groups". */
  children(): Promise<ExplorerNode[]> {
    const vpc = this.parent.parent;
    return Promise.resolve(
      this.eni.securityGroups.map(
        (g): ExplorerNode => ({
          id: `${this.id}/${g.id}`,
          parent: this,
          resourceId: g.id,
          ref: { kind: 'securityGroup', id: g.id, vpcId: vpc.vpc.id, region: this.region },
          view: () => ({
            label: g.name ?? g.id,
            description: g.name ? `${g.id} · security group` : 'security group',
            tooltip: `Security group ${code(g.id)}${g.name ? ` (${esc(g.name)})` : ''}: click to show its rules under ${esc('"Security groups"')}.`,
            icon: { id: 'shield' },
            contextValue: contextValue('eniSecurityGroup', {}),
            collapsible: 'none',
            command: { command: COMMANDS.revealInExplorer, title: 'Show the Security Group', arguments: [{ kind: 'securityGroup', id: g.id, vpcId: vpc.vpc.id, region: this.region }] },
          }),
        }),
      ),
    );
  }
}
