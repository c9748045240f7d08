// "Security groups" and "Network ACLs" under a VPC: each group's inbound and outbound rules (risky ones
// flagged), each ACL's entries in evaluation order with the final `*` deny, and the subnets it guards.
// Read from the network shared with "Why was this rejected?" (`ExplorerContext.network`). Pure: no
// `vscode` at run time.
import type { NetworkAcl, NetworkAclEntry, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { ec2Arn } from '../../aws/models';
import type { NetworkAclRef, SecurityGroupRef } from '../../aws/refs';
import { plural } from '../../common/format';
import { escapeMarkdown as esc, mdCode as code, mdTable as table } from '../../common/markdown';
import { IMPLICIT_DENY_RULE_NUMBER, orderedAclEntries } from '../../network';
import { aclRuleNumber, networkAclEntryLabel, ruleRisk, securityGroupRuleLabel, type RuleNames } from '../ruleLabels';
import { contextValue, type ExplorerNode, type NodeView } from './base';
import { Folder } from './folder';

/** A row whose view and children are set by its parent on each load (kept as one object, so "reveal" finds it). */
export class DetailNode implements ExplorerNode {
  viewOf: () => NodeView = () => ({ label: '', collapsible: 'none' });
  rows: ExplorerNode[] | undefined;
  /** The id "Copy ID" copies (a rule's `sgr-...`), if any. */
  resourceId: string | undefined;

  constructor(
    readonly parent: ExplorerNode,
    readonly id: string,
  ) {}

  view(): NodeView {
    return this.viewOf();
  }

  children(): Promise<ExplorerNode[]> {
    return Promise.resolve(this.rows ?? []);
  }
}

/** A group as the tree lists it: its rules and the interfaces of this VPC that use it. */
export interface GroupInfo {
  readonly id: string;
  readonly name: string | undefined;
  readonly ownerId: string | undefined;
  readonly interfaceIds: string[];
  readonly rules: SecurityGroupRule[];
}

/** Security group id -> name, from every interface of the network (peered VPCs included). */
function groupNames(interfaces: readonly { Groups?: { GroupId?: string; GroupName?: string }[] | undefined }[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const eni of interfaces) {
    for (const g of eni.Groups ?? []) {
      if (g.GroupId && g.GroupName) {
        names.set(g.GroupId, g.GroupName);
      }
    }
  }
  return names;
}

/** "Security groups": the groups on this VPC's network interfaces. */
export class SecurityGroupsFolder extends Folder {
  protected readonly label = 'Security groups';
  protected readonly icon = 'shield';
  protected readonly action = 'ec2:DescribeSecurityGroupRules';

  override invalidate(): void {
    super.invalidate();
    this.context.forgetNetwork(this.parent.vpc.id);
  }

  /** The node id a group has in this folder. */
  childId(groupId: string): string {
    return `${this.id}/${groupId}`;
  }

  protected async load(): Promise<ExplorerNode[]> {
    const vpcId = this.parent.vpc.id;
    const network = await this.context.network(vpcId);
    const names: RuleNames = { groups: groupNames(network.interfaces), prefixLists: network.prefixLists };
    const groups = new Map<string, GroupInfo>();
    for (const eni of network.interfaces.filter((e) => e.VpcId === vpcId)) {
      for (const g of eni.Groups ?? []) {
        if (!g.GroupId) {
          continue;
        }
        const info = groups.get(g.GroupId) ?? { id: g.GroupId, name: g.GroupName, ownerId: eni.OwnerId, interfaceIds: [], rules: network.securityGroupRules.filter((r) => r.GroupId === g.GroupId) };
        if (eni.NetworkInterfaceId) {
          info.interfaceIds.push(eni.NetworkInterfaceId);
        }
        groups.set(g.GroupId, info);
      }
    }
    this.count = groups.size;
    if (groups.size === 0) {
      return [this.empty('No security groups in use', 'No network interface of this VPC has a security group (the VPC has no interfaces).')];
    }
    return [...groups.values()]
      .sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id))
      .map((info) => {
        const node = this.nodes.get(this.childId(info.id), () => new SecurityGroupNode(this, this.childId(info.id)));
        node.update(info, names);
        return node;
      });
  }
}

/** A security group: "Inbound rules" and "Outbound rules" below it, risky rules flagged. */
export class SecurityGroupNode extends DetailNode {
  info: GroupInfo = { id: '', name: undefined, ownerId: undefined, interfaceIds: [], rules: [] };
  private readonly inbound: DetailNode;
  private readonly outbound: DetailNode;
  private readonly ruleNodes = new Map<string, DetailNode>();

  constructor(
    override readonly parent: SecurityGroupsFolder,
    id: string,
  ) {
    super(parent, id);
    this.inbound = new DetailNode(this, `${id}/inbound`);
    this.outbound = new DetailNode(this, `${id}/outbound`);
    this.rows = [this.inbound, this.outbound];
  }

  get ref(): SecurityGroupRef {
    return { kind: 'securityGroup', id: this.info.id, vpcId: this.parent.parent.vpc.id, region: this.parent.parent.scope.region };
  }

  arn(): string | undefined {
    return ec2Arn(this.parent.parent.scope.region, this.info.ownerId ?? this.parent.parent.vpc.ownerId, 'security-group', this.info.id);
  }

  /** The row of a rule (`sgr-...`), once the group has been listed. */
  ruleNode(ruleId: string): DetailNode | undefined {
    return this.ruleNodes.get(ruleId);
  }

  update(info: GroupInfo, names: RuleNames): void {
    this.info = info;
    this.resourceId = info.id;
    const risks = new Map(info.rules.map((r) => [r, ruleRisk(r)]));
    const risky = [...risks.values()].filter(Boolean).length;
    const direction = (node: DetailNode, egress: boolean): void => {
      const rules = info.rules.filter((r) => !!r.IsEgress === egress);
      const what = egress ? 'Outbound rules' : 'Inbound rules';
      node.viewOf = () => ({
        label: what,
        description: rules.length ? String(rules.length) : 'none: nothing allowed',
        tooltip: egress
          ? 'What the interfaces may send. Replies to allowed inbound traffic go out whatever these say (security groups are stateful).'
          : 'What may reach the interfaces: anything no rule allows is dropped. Replies to allowed outbound traffic come in whatever these say.',
        icon: { id: egress ? 'arrow-up' : 'arrow-down' },
        contextValue: contextValue('ruleDirection', {}),
        collapsible: 'expanded',
      });
      node.rows = rules.map((rule) => {
        const key = rule.SecurityGroupRuleId ?? `${egress ? 'out' : 'in'}-${rules.indexOf(rule)}`;
        const row = this.ruleNodes.get(key) ?? new DetailNode(node, `${node.id}/${key}`);
        this.ruleNodes.set(key, row);
        row.resourceId = rule.SecurityGroupRuleId;
        const risk = risks.get(rule);
        const label = securityGroupRuleLabel(rule, names);
        row.viewOf = () => ({
          label,
          description: [risk ? 'open to the internet' : undefined, rule.Description].filter(Boolean).join(' · ') || undefined,
          tooltip: [
            risk ? `⚠️ **${esc(risk)}**\n` : '',
            table([
              ['Rule', rule.SecurityGroupRuleId ? code(rule.SecurityGroupRuleId) : undefined],
              ['Direction', egress ? 'outbound' : 'inbound'],
              ['Allows', esc(label)],
              ['Description', rule.Description ? esc(rule.Description) : undefined],
            ]),
          ].join('\n'),
          icon: risk ? { id: 'warning', color: 'list.warningForeground' } : { id: 'pass' },
          contextValue: contextValue('securityGroupRule', { risky: !!risk }),
          collapsible: 'none',
        });
        return row;
      });
    };
    direction(this.inbound, false);
    direction(this.outbound, true);
    this.viewOf = () => ({
      label: info.name ?? info.id,
      description: [
        risky ? plural(risky, 'risky rule') : undefined,
        info.id,
        `${info.rules.filter((r) => !r.IsEgress).length} in / ${info.rules.filter((r) => r.IsEgress).length} out`,
      ].filter(Boolean).join(' · '),
      tooltip: [
        `**Security group ${code(info.id)}**${info.name ? ` (${esc(info.name)})` : ''}`,
        '',
        table([
          ['Used by', info.interfaceIds.map(code).join(', ')],
          ['Inbound rules', String(info.rules.filter((r) => !r.IsEgress).length)],
          ['Outbound rules', String(info.rules.filter((r) => r.IsEgress).length)],
        ]),
        risky ? `\n⚠️ ${plural(risky, 'rule')} open${risky === 1 ? 's' : ''} the interfaces to the whole internet beyond the web ports.` : '',
      ].join('\n'),
      icon: risky ? { id: 'warning', color: 'list.warningForeground' } : { id: 'shield' },
      contextValue: contextValue('securityGroup', { risky: risky > 0, arn: !!this.arn() }),
      collapsible: 'collapsed',
    });
  }
}

/** "Network ACLs": the VPC's network ACLs, the subnets each guards. */
export class NetworkAclsFolder extends Folder {
  protected readonly label = 'Network ACLs';
  protected readonly icon = 'list-ordered';
  protected readonly action = 'ec2:DescribeNetworkAcls';

  override invalidate(): void {
    super.invalidate();
    this.context.forgetNetwork(this.parent.vpc.id);
  }

  childId(aclId: string): string {
    return `${this.id}/${aclId}`;
  }

  protected async load(): Promise<ExplorerNode[]> {
    const vpcId = this.parent.vpc.id;
    const network = await this.context.network(vpcId);
    const acls = network.networkAcls.filter((a) => a.VpcId === vpcId && a.NetworkAclId);
    this.count = acls.length;
    if (acls.length === 0) {
      return [this.empty('No network ACLs')];
    }
    const subnetNames = new Map((network.subnets ?? []).map((s) => [s.SubnetId, s.Tags?.find((t) => t.Key === 'Name')?.Value]));
    return acls
      .sort((a, b) => Number(!!b.IsDefault) - Number(!!a.IsDefault) || a.NetworkAclId!.localeCompare(b.NetworkAclId!))
      .map((acl) => {
        const node = this.nodes.get(this.childId(acl.NetworkAclId!), () => new NetworkAclNode(this, this.childId(acl.NetworkAclId!)));
        node.update(acl, subnetNames);
        return node;
      });
  }
}

/** The final `*` entry of a direction, when AWS did not list it (it always applies). */
function withFinalDeny(entries: NetworkAclEntry[], egress: boolean): NetworkAclEntry[] {
  const hasFinal = entries.some((e) => (e.RuleNumber ?? IMPLICIT_DENY_RULE_NUMBER) >= IMPLICIT_DENY_RULE_NUMBER);
  return hasFinal ? entries : [...entries, { RuleNumber: IMPLICIT_DENY_RULE_NUMBER, Egress: egress, RuleAction: 'deny', Protocol: '-1', CidrBlock: '0.0.0.0/0' }];
}

/** A network ACL: inbound and outbound entries in evaluation order, then the subnets associated. */
export class NetworkAclNode extends DetailNode {
  acl: NetworkAcl = {};
  private readonly inbound: DetailNode;
  private readonly outbound: DetailNode;
  private readonly subnets: DetailNode;
  private readonly entryNodes = new Map<string, DetailNode>();

  constructor(
    override readonly parent: NetworkAclsFolder,
    id: string,
  ) {
    super(parent, id);
    this.inbound = new DetailNode(this, `${id}/inbound`);
    this.outbound = new DetailNode(this, `${id}/outbound`);
    this.subnets = new DetailNode(this, `${id}/subnets`);
    this.rows = [this.inbound, this.outbound, this.subnets];
  }

  get ref(): NetworkAclRef {
    return { kind: 'networkAcl', id: this.acl.NetworkAclId ?? '', vpcId: this.parent.parent.vpc.id, region: this.parent.parent.scope.region };
  }

  arn(): string | undefined {
    return ec2Arn(this.parent.parent.scope.region, this.acl.OwnerId ?? this.parent.parent.vpc.ownerId, 'network-acl', this.acl.NetworkAclId ?? '');
  }

  /** The row of an entry (rule number and direction; 32767 for the final `*`), once the ACL has been listed. */
  entryNode(ruleNumber: number, egress: boolean): DetailNode | undefined {
    return this.entryNodes.get(`${egress ? 'out' : 'in'}-${Math.min(ruleNumber, IMPLICIT_DENY_RULE_NUMBER)}`);
  }

  update(acl: NetworkAcl, subnetNames: ReadonlyMap<string | undefined, string | undefined>): void {
    this.acl = acl;
    this.resourceId = acl.NetworkAclId;
    const direction = (node: DetailNode, egress: boolean): void => {
      const entries = withFinalDeny(orderedAclEntries(acl.Entries, egress), egress);
      node.viewOf = () => ({
        label: egress ? 'Outbound entries' : 'Inbound entries',
        description: String(entries.length),
        tooltip: 'Evaluated in rule-number order: the first entry that matches decides, and `*` denies what no entry matched. Network ACLs are stateless: replies need an entry of their own.',
        icon: { id: egress ? 'arrow-up' : 'arrow-down' },
        contextValue: contextValue('aclDirection', {}),
        collapsible: 'expanded',
      });
      node.rows = entries.map((entry) => {
        const key = `${egress ? 'out' : 'in'}-${Math.min(entry.RuleNumber ?? IMPLICIT_DENY_RULE_NUMBER, IMPLICIT_DENY_RULE_NUMBER)}`;
        const row = this.entryNodes.get(key) ?? new DetailNode(node, `${node.id}/${key}`);
        this.entryNodes.set(key, row);
        const allow = entry.RuleAction === 'allow';
        const final = aclRuleNumber(entry) === '*';
        row.viewOf = () => ({
          label: networkAclEntryLabel(entry),
          description: final ? 'denies what no entry matched' : undefined,
          tooltip: `${final ? 'The final entry: every packet no numbered entry matched is denied. It cannot be changed or removed.' : `Rule ${esc(aclRuleNumber(entry))}: ${allow ? 'allows' : 'denies'} the matching ${egress ? 'outbound' : 'inbound'} packets, unless an entry with a lower number matched first.`}`,
          icon: allow ? { id: 'pass', color: 'testing.iconPassed' } : { id: 'circle-slash', color: 'list.errorForeground' },
          contextValue: contextValue('aclEntry', { allow, deny: !allow }),
          collapsible: 'none',
        });
        return row;
      });
    };
    direction(this.inbound, false);
    direction(this.outbound, true);
    const subnetIds = (acl.Associations ?? []).flatMap((a) => (a.SubnetId ? [a.SubnetId] : []));
    this.subnets.viewOf = () => ({
      label: 'Subnets',
      description: subnetIds.length ? String(subnetIds.length) : 'none',
      tooltip: subnetIds.length ? 'The subnets whose traffic this ACL checks (in and out of the subnet, not within it).' : 'No subnet uses this ACL: it checks no traffic.',
      icon: { id: 'symbol-namespace' },
      contextValue: contextValue('aclSubnets', {}),
      collapsible: subnetIds.length ? 'collapsed' : 'none',
    });
    this.subnets.rows = subnetIds.map((id) => {
      const row = new DetailNode(this.subnets, `${this.subnets.id}/${id}`);
      const name = subnetNames.get(id);
      row.viewOf = () => ({ label: name ?? id, description: name ? id : undefined, icon: { id: 'symbol-namespace' }, contextValue: contextValue('aclSubnet', {}), collapsible: 'none' });
      return row;
    });
    const name = acl.Tags?.find((t) => t.Key === 'Name')?.Value;
    this.viewOf = () => ({
      label: name ?? acl.NetworkAclId ?? '?',
      description: [acl.IsDefault ? 'default' : undefined, name ? acl.NetworkAclId : undefined, subnetIds.length ? plural(subnetIds.length, 'subnet') : 'no subnets'].filter(Boolean).join(' · '),
      tooltip: [
        `**Network ACL ${code(acl.NetworkAclId ?? '?')}**${acl.IsDefault ? ": the VPC's default, used by subnets without an ACL of their own" : ''}`,
        '',
        table([
          ['Subnets', subnetIds.map(code).join(', ') || 'none'],
          ['Inbound entries', String(orderedAclEntries(acl.Entries, false).length)],
          ['Outbound entries', String(orderedAclEntries(acl.Entries, true).length)],
        ]),
      ].join('\n'),
      icon: { id: 'list-ordered', color: subnetIds.length ? undefined : 'disabledForeground' },
      contextValue: contextValue('networkAcl', { default: !!acl.IsDefault, arn: !!this.arn() }),
      collapsible: 'collapsed',
    });
  }
}
