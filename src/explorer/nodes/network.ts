// "Subnets" and "Peering connections" under a VPC. Pure: no `vscode` at run time.
import { ec2Arn } from '../../aws/models';
import { escapeMarkdown as esc, mdCode as code, mdTable as table } from '../../common/markdown';
import { contextValue, type ExplorerNode } from './base';
import { Folder } from './folder';

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
