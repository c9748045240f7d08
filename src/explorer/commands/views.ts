/**
 * The commands that work on the two views themselves: choose the profile and region, refresh, load
 * more, copy ids and ARNs, filter, show all groups or flow log groups only, and reveal a log group, an
 * interface, a security group (rule) or a network ACL (entry) in its view.
 */
import * as vscode from 'vscode';
import { refArg } from '../../aws/refs';
import { registerCommand } from '../../commands';
import { COMMANDS, SETTINGS } from '../commandIds';
import { interfaceOfStream } from '../inventory';
import { LoadMoreNode, type ExplorerNode } from '../nodes/base';
import type { LogGroupsRoot } from '../nodes/logGroups';
import { NetworkAclNode, SecurityGroupNode, type VpcsRoot } from '../nodes/vpcs';
import { selectProfile, selectRegion } from '../pickers';
import type { ExplorerTreeProvider } from '../tree';
import type { ExplorerParts } from './parts';

/** An explorer node (its own commands get the node itself from the tree). */
function isNode(value: unknown): value is ExplorerNode {
  return typeof value === 'object' && value !== null && 'id' in value && typeof (value as ExplorerNode).view === 'function';
}

/** Registers the commands of the views. */
export function registerViewCommands(context: vscode.ExtensionContext, parts: ExplorerParts): void {
  const { services, inventory, vpcs, logGroups, vpcsView, logGroupsView } = parts;
  const warn = (message: string): void => services.log.warn(message);
  const register = (id: string, title: string, aws: boolean, run: (arg?: unknown) => unknown): void =>
    registerCommand(context, services, id, { title, aws }, run);

  const providerOf = (node: ExplorerNode): ExplorerTreeProvider => {
    let top: ExplorerNode = node;
    while (top.parent) {
      top = top.parent;
    }
    return top === logGroups.root ? logGroups : vpcs;
  };

  const setFilter = async (provider: ExplorerTreeProvider, view: vscode.TreeView<ExplorerNode>, contextKey: string, text: string): Promise<void> => {
    provider.setFilter(text);
    view.description = provider.filterText ? `filter: ${provider.filterText}` : undefined;
    await vscode.commands.executeCommand('setContext', contextKey, !!provider.filterText);
  };

  const askFilter = async (provider: ExplorerTreeProvider, view: vscode.TreeView<ExplorerNode>, contextKey: string, what: string): Promise<void> => {
    const text = await vscode.window.showInputBox({
      title: `Filter ${what}`,
      prompt: what === 'VPCs' ? 'Show VPCs and network interfaces whose name, id, CIDR or IP address contains this text (empty: show all)' : 'Show log groups whose name contains this text (empty: show all)',
      value: provider.filterText,
      placeHolder: what === 'VPCs' ? 'e.g. Instance 2, 10.2., eni-0a1b' : 'e.g. flowlogs',
    });
    if (text !== undefined) {
      await setFilter(provider, view, contextKey, text);
    }
  };

  /**
   * Reveals the node `find` returns, once the view is not loading its top level: VS Code cannot resolve
   * a node while it fetches the level the node is in. A view that reloads meanwhile (a connection change
   * settling) holds new node objects, so the node is found again for each attempt.
   */
  const reveal = async (provider: ExplorerTreeProvider, view: vscode.TreeView<ExplorerNode>, find: () => Promise<ExplorerNode | undefined>, expand: boolean): Promise<boolean> => {
    for (let attempt = 0; ; attempt++) {
      await provider.whenIdle();
      const node = await find();
      if (!node) {
        return false;
      }
      try {
        await view.reveal(node, { select: true, focus: true, expand });
        // A reveal that arrives while VS Code refreshes a view it showed empty (its welcome) resolves
        // without selecting anything: reveal again once the selection has not followed.
        if (attempt >= 4 || (await selectionIncludes(view, node, 1000))) {
          return true;
        }
      } catch (error) {
        if (attempt >= 4) {
          throw error;
        }
        // Let the fetch that raced the reveal register its nodes first.
        await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
      }
    }
  };

  /** Resolves true once the view's selection holds the node (false after `ms` without it). */
  const selectionIncludes = async (view: vscode.TreeView<ExplorerNode>, node: ExplorerNode, ms: number): Promise<boolean> => {
    const has = (): boolean => view.selection.some((n) => n === node || (n.id !== undefined && n.id === node.id));
    if (has()) {
      return true;
    }
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        listener.dispose();
        resolve(has());
      }, ms);
      const listener = view.onDidChangeSelection(() => {
        if (has()) {
          clearTimeout(timer);
          listener.dispose();
          resolve(true);
        }
      });
    });
  };

  register(COMMANDS.selectProfile, 'Choose AWS profile', false, () => selectProfile(services.settings, warn));
  register(COMMANDS.selectRegion, 'Choose AWS region', false, () => selectRegion(services.settings));

  register(COMMANDS.refresh, 'Refresh', false, (node) => {
    if (isNode(node)) {
      providerOf(node).refresh(node);
    } else {
      vpcs.refresh();
      logGroups.refresh();
    }
  });

  register(COMMANDS.loadMore, 'Load more', true, async (node) => {
    if (!(node instanceof LoadMoreNode)) {
      return;
    }
    const provider = providerOf(node);
    const loading = node.loadMore();
    provider.changed(node);
    await vscode.window.withProgress({ location: { viewId: provider.viewId } }, () => loading);
    provider.changed(node.parent);
  });

  register(COMMANDS.copyId, 'Copy ID', false, async (node) => {
    const id = isNode(node) ? node.resourceId : undefined;
    if (id) {
      await vscode.env.clipboard.writeText(id);
      vscode.window.setStatusBarMessage(`Copied ${id}`, 3000);
    }
  });

  register(COMMANDS.copyArn, 'Copy ARN', false, async (node) => {
    const arn = isNode(node) ? node.arn?.() : undefined;
    if (arn) {
      await vscode.env.clipboard.writeText(arn);
      vscode.window.setStatusBarMessage(`Copied ${arn}`, 3000);
    } else {
      void vscode.window.showWarningMessage('Copying the ARN failed: the account that owns this resource is not known.');
    }
  });

  register(COMMANDS.filterVpcs, 'Filter VPCs', false, () => askFilter(vpcs, vpcsView, 'vpcFlowLogs.vpcs.filtered', 'VPCs'));
  register(COMMANDS.clearVpcsFilter, 'Clear the VPC filter', false, () => setFilter(vpcs, vpcsView, 'vpcFlowLogs.vpcs.filtered', ''));
  register(COMMANDS.filterLogGroups, 'Filter log groups', false, () => askFilter(logGroups, logGroupsView, 'vpcFlowLogs.logGroups.filtered', 'log groups'));
  register(COMMANDS.clearLogGroupsFilter, 'Clear the log group filter', false, () => setFilter(logGroups, logGroupsView, 'vpcFlowLogs.logGroups.filtered', ''));
  register(COMMANDS.showAllLogGroups, 'Show all log groups', false, () => services.settings.update(SETTINGS.showAllLogGroups, true));
  register(COMMANDS.showFlowLogGroupsOnly, 'Show flow log groups only', false, () => services.settings.update(SETTINGS.showAllLogGroups, false));

  register(COMMANDS.revealLogGroup, 'Show the log group', true, async (arg) => {
    const ref = refArg(arg, ['flowLog', 'logGroup']);
    const group = ref?.kind === 'flowLog' ? ref.logGroupName : ref?.name;
    if (!group) {
      return;
    }
    if (logGroups.filterText && !group.toLowerCase().includes(logGroups.filterText.toLowerCase())) {
      await setFilter(logGroups, logGroupsView, 'vpcFlowLogs.logGroups.filtered', '');
    }
    if (!(await reveal(logGroups, logGroupsView, () => (logGroups.root as LogGroupsRoot).groupNode(group), true))) {
      void vscode.window.showInformationMessage(`The log group ${group} is not listed in this region.`);
    }
  });

  register(COMMANDS.revealInterface, 'Show the network interface', true, async (arg) => {
    const ref = refArg(arg, ['logStream', 'networkInterface']);
    const eniId = ref?.kind === 'logStream' ? interfaceOfStream(ref.name) : ref?.id;
    if (!eniId) {
      return;
    }
    const eni = await inventory.interface(eniId);
    if (!eni?.vpcId) {
      void vscode.window.showInformationMessage(`The network interface ${eniId} does not exist any more (its instance may have been terminated).`);
      return;
    }
    if (vpcs.filterText) {
      await setFilter(vpcs, vpcsView, 'vpcFlowLogs.vpcs.filtered', '');
    }
    const vpcNode = await (vpcs.root as VpcsRoot).vpcNodeFor(eni.vpcId);
    const folder = await vpcNode?.interfacesFolder();
    if (!vpcNode || !folder || !(await folder.loadUntil(eni.id))) {
      void vscode.window.showInformationMessage(`The network interface ${eniId} was not found in the VPCs of this region.`);
      return;
    }
    vpcs.changed(folder);
    await reveal(vpcs, vpcsView, async () => (await folder.children()).find((c) => c.id === folder.childId(eni.id)), false);
  });

  register(COMMANDS.revealInExplorer, 'Show in the VPCs view', true, async (arg) => {
    const ref = refArg(arg, ['securityGroup', 'networkAcl']);
    if (!ref) {
      return;
    }
    const what = ref.kind === 'securityGroup' ? `The security group ${ref.id}` : `The network ACL ${ref.id}`;
    // A group named without its VPC: the VPC of an interface that uses it.
    const vpcId = ref.vpcId ?? (ref.kind === 'securityGroup' ? (await inventory.interfaces()).find((e) => e.securityGroups.some((g) => g.id === ref.id))?.vpcId : undefined);
    if (vpcs.filterText) {
      await setFilter(vpcs, vpcsView, 'vpcFlowLogs.vpcs.filtered', '');
    }
    const vpcNode = vpcId ? await (vpcs.root as VpcsRoot).vpcNodeFor(vpcId) : undefined;
    if (!vpcNode) {
      void vscode.window.showInformationMessage(`${what} was not found in the VPCs of this region.`);
      return;
    }
    const find = async (): Promise<ExplorerNode | undefined> => {
      if (ref.kind === 'securityGroup') {
        const folder = await vpcNode.securityGroupsFolder();
        const group = (await folder.children()).find((c): c is SecurityGroupNode => c instanceof SecurityGroupNode && c.info.id === ref.id);
        return (ref.ruleId ? group?.ruleNode(ref.ruleId) : undefined) ?? group;
      }
      const folder = await vpcNode.networkAclsFolder();
      const acl = (await folder.children()).find((c): c is NetworkAclNode => c instanceof NetworkAclNode && c.acl.NetworkAclId === ref.id);
      return (ref.ruleNumber !== undefined ? acl?.entryNode(ref.ruleNumber, ref.egress === true) : undefined) ?? acl;
    };
    if (!(await find())) {
      void vscode.window.showInformationMessage(`${what} was not found in ${vpcNode.vpc.name ?? vpcNode.vpc.id} (it may have been deleted, or no interface uses it).`);
      return;
    }
    await reveal(vpcs, vpcsView, find, true);
  });
}
