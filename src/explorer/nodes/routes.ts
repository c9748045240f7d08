// "Route tables" under a VPC, with their routes; a peered VPC that a table has no route to is pointed
// out, the commonest reason pings between peered VPCs go unanswered. Pure: no `vscode` at run time.
import { ec2Arn, type PeeringConnectionInfo, type RouteTableInfo, type SubnetInfo } from '../../aws/models';
import { escapeMarkdown as esc, mdCode as code } from '../../common/markdown';
import { plural } from '../../common/format';
import { cidrsOverlap } from '../format';
import { contextValue, MessageNode, type ExplorerNode, type NodeView } from './base';
import { Folder } from './folder';

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

/**
 * Whether any subnet sends its traffic by a table: its own subnets, or for the main table the subnets
 * with no table of their own. Undefined `subnets` (they could not be listed) counts as used, so a
 * warning is never hidden for lack of information.
 */
export function routeTableInUse(table: RouteTableInfo, tables: readonly RouteTableInfo[], subnets: readonly SubnetInfo[] | undefined): boolean {
  if (table.subnetIds.length > 0) {
    return true;
  }
  if (!table.main) {
    return false;
  }
  if (subnets === undefined) {
    return true;
  }
  const associated = new Set(tables.flatMap((t) => t.subnetIds));
  return subnets.some((s) => !associated.has(s.id));
}

/** "Route tables" with their routes; a missing route to a peered VPC is pointed out. */
export class RouteTablesFolder extends Folder {
  protected readonly label = 'Route tables';
  protected readonly icon = 'list-tree';
  protected readonly action = 'ec2:DescribeRouteTables';

  protected async load(): Promise<ExplorerNode[]> {
    const vpc = this.parent.vpc;
    const [tables, peerings, subnets] = await Promise.all([
      this.context.ec2.routeTables(vpc.id),
      this.parent.peerings().catch(() => [] as PeeringConnectionInfo[]),
      this.parent.subnets().catch(() => undefined),
    ]);
    this.count = tables.length;
    if (tables.length === 0) {
      return [this.empty('No route tables')];
    }
    return tables.map((t) => {
      const id = `${this.id}/${t.id}`;
      const node = this.nodes.get(id, () => new RouteTableNode(this, id, t, []));
      node.table = t;
      node.inUse = routeTableInUse(t, tables, subnets);
      // A table no subnet uses routes nothing: a missing route there is no one's problem.
      node.missing = node.inUse ? missingPeeringRoutes(t, vpc.id, peerings) : [];
      return node;
    });
  }
}

export class RouteTableNode implements ExplorerNode {
  /** Whether a subnet uses the table (see {@link routeTableInUse}). */
  inUse = true;

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
    const subnets = t.subnetIds.length ? plural(t.subnetIds.length, 'subnet') : undefined;
    const used = t.main ? (this.inUse ? ['main', subnets] : ['main, unused']) : [subnets ?? 'unused'];
    return {
      label: t.name ?? t.id,
      // The warning first: it is what the row is about, and the sidebar cuts the end.
      description: [this.missing.length ? 'no route to a peered VPC' : undefined, ...used, plural(t.routes.length, 'route')].filter(Boolean).join(' · '),
      tooltip: [
        `**Route table ${code(t.id)}**${t.main ? ": the VPC's main table, used by subnets without their own" : ''}`,
        t.subnetIds.length ? `\nSubnets: ${t.subnetIds.map(code).join(', ')}` : '',
        this.inUse ? '' : `\n${t.main ? 'Every subnet of the VPC has its own table, so no subnet uses this one.' : 'No subnet is associated with this table, so it routes nothing.'}`,
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
