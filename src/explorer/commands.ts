import * as vscode from 'vscode';
import { AwsProblemError } from '../aws/errors';
import type { LogsApi } from '../aws/logs';
import { parseStreamDocumentUri, CLOUDWATCH_SCHEME, type CloudWatchDocuments } from '../editor/cloudwatchDocument';
import type { Services } from '../services';
import type { ViewerService } from '../viewer/source';
import { createCloudWatchSource, type CloudWatchSourceDeps, type CloudWatchTarget } from './cloudwatchSource';
import { COMMANDS, SETTINGS } from './commandIds';
import type { Inventory } from './inventory';
import { LoadMoreNode, type ExplorerNode } from './nodes/base';
import { LogGroupNode, type LogGroupsRoot, LogStreamNode } from './nodes/logGroups';
import { FlowLogNode, InterfaceNode, type VpcsRoot } from './nodes/vpcs';
import { pickLogGroup, pickStreams, selectProfile, selectRegion } from './pickers';
import type { ExplorerTreeProvider } from './tree';

/** Everything the explorer's commands act on. */
export interface ExplorerParts {
  readonly services: Services;
  readonly logs: LogsApi;
  readonly inventory: Inventory;
  readonly vpcs: ExplorerTreeProvider;
  readonly logGroups: ExplorerTreeProvider;
  readonly vpcsView: vscode.TreeView<ExplorerNode>;
  readonly logGroupsView: vscode.TreeView<ExplorerNode>;
  readonly documents: CloudWatchDocuments;
  readonly viewer: ViewerService | undefined;
  sourceDeps(): CloudWatchSourceDeps;
}

/** Shows a failure; AWS problems already read "<action> failed: <advice>". */
function showFailure(what: string, error: unknown): void {
  const message = error instanceof AwsProblemError ? error.problem.message : `${what} failed: ${error instanceof Error ? error.message : String(error)}`;
  void vscode.window.showErrorMessage(message);
}

/** A stream document or viewer target given as a plain object (CodeLens arguments, tests, other areas). */
function isStreamTarget(value: unknown): value is { region: string; group: string; stream: string } {
  const v = value as Record<string, unknown> | undefined;
  return typeof v?.['region'] === 'string' && typeof v['group'] === 'string' && typeof v['stream'] === 'string';
}

/** Registers the explorer's commands. */
export function registerExplorerCommands(context: vscode.ExtensionContext, parts: ExplorerParts): { openRecords: (target: CloudWatchTarget, mode: 'viewer' | 'text') => Promise<void> } {
  const { services, logs, inventory, vpcs, logGroups, vpcsView, logGroupsView, documents, viewer } = parts;
  const warn = (message: string): void => services.log.warn(message);

  const providerOf = (node: ExplorerNode): ExplorerTreeProvider => {
    let top: ExplorerNode = node;
    while (top.parent) {
      top = top.parent;
    }
    return top === logGroups.root ? logGroups : vpcs;
  };

  const currentRegion = async (): Promise<string | undefined> => {
    const { region } = await services.aws.connection();
    if (!region) {
      void vscode.window.showWarningMessage('No AWS region is chosen.', 'Choose Region').then((choice) => choice && vscode.commands.executeCommand(COMMANDS.selectRegion));
    }
    return region;
  };

  /** Opens records in the viewer (or, for one stream, as a document when asked or when there is no viewer). */
  const openRecords = async (target: CloudWatchTarget, mode: 'viewer' | 'text'): Promise<void> => {
    const name = target.streams.length === 1 ? target.streams[0]! : target.group;
    try {
      if (mode === 'viewer' && viewer) {
        const source = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Opening ${name}` }, () =>
          createCloudWatchSource(target, parts.sourceDeps(), inventory, warn),
        );
        await viewer.open(source);
      } else if (target.streams.length === 1) {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Reading ${name}` }, () =>
          documents.open({ region: target.region, group: target.group, stream: target.streams[0]! }),
        );
      } else {
        void vscode.window.showInformationMessage('Several streams can be read together in the flow log viewer only.');
      }
    } catch (error) {
      showFailure(`Opening ${name}`, error);
    }
  };

  /** The stream a command was run on: a stream node, a plain target, or picked (from the palette). */
  const streamTarget = async (arg: unknown, title: string): Promise<CloudWatchTarget | undefined> => {
    if (arg instanceof LogStreamNode) {
      return { region: arg.region, group: arg.group, streams: [arg.stream.name] };
    }
    if (isStreamTarget(arg)) {
      return { region: arg.region, group: arg.group, streams: [arg.stream] };
    }
    const region = await currentRegion();
    if (!region) {
      return undefined;
    }
    const group = await pickLogGroup(logs, inventory, title);
    const streams = group ? await pickStreams(logs, group, { many: false, title }) : undefined;
    return group && streams ? { region, group, streams } : undefined;
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

  const reveal = async (node: ExplorerNode, view: vscode.TreeView<ExplorerNode>, expand: boolean): Promise<void> => {
    await view.reveal(node, { select: true, focus: true, expand });
  };

  const register = (id: string, run: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  };

  register(COMMANDS.selectProfile, () => selectProfile(services.settings, warn));
  register(COMMANDS.selectRegion, () => selectRegion(services.settings));

  register(COMMANDS.refresh, (node?: unknown) => {
    if (node && typeof node === 'object' && 'id' in node && 'view' in node) {
      providerOf(node as ExplorerNode).refresh(node as ExplorerNode);
    } else {
      vpcs.refresh();
      logGroups.refresh();
    }
  });

  register(COMMANDS.loadMore, async (node?: unknown) => {
    if (!(node instanceof LoadMoreNode)) {
      return;
    }
    const provider = providerOf(node);
    const loading = node.loadMore();
    provider.changed(node);
    await vscode.window.withProgress({ location: { viewId: provider.viewId } }, () => loading);
    provider.changed(node.parent);
  });

  register(COMMANDS.copyId, async (node?: unknown) => {
    const id = (node as ExplorerNode | undefined)?.resourceId;
    if (id) {
      await vscode.env.clipboard.writeText(id);
      vscode.window.setStatusBarMessage(`Copied ${id}`, 3000);
    }
  });

  register(COMMANDS.copyArn, async (node?: unknown) => {
    const arn = (node as ExplorerNode | undefined)?.arn?.();
    if (arn) {
      await vscode.env.clipboard.writeText(arn);
      vscode.window.setStatusBarMessage(`Copied ${arn}`, 3000);
    } else {
      void vscode.window.showWarningMessage('Copying the ARN failed: the account that owns this resource is not known.');
    }
  });

  register(COMMANDS.filterVpcs, () => askFilter(vpcs, vpcsView, 'vpcFlowLogs.vpcs.filtered', 'VPCs'));
  register(COMMANDS.clearVpcsFilter, () => setFilter(vpcs, vpcsView, 'vpcFlowLogs.vpcs.filtered', ''));
  register(COMMANDS.filterLogGroups, () => askFilter(logGroups, logGroupsView, 'vpcFlowLogs.logGroups.filtered', 'log groups'));
  register(COMMANDS.clearLogGroupsFilter, () => setFilter(logGroups, logGroupsView, 'vpcFlowLogs.logGroups.filtered', ''));
  register(COMMANDS.showAllLogGroups, () => services.settings.update(SETTINGS.showAllLogGroups, true));
  register(COMMANDS.showFlowLogGroupsOnly, () => services.settings.update(SETTINGS.showAllLogGroups, false));

  register(COMMANDS.revealLogGroup, async (node?: unknown) => {
    const group = node instanceof FlowLogNode ? node.flowLog.logGroupName : typeof node === 'string' ? node : undefined;
    if (!group) {
      return;
    }
    try {
      if (logGroups.filterText && !group.toLowerCase().includes(logGroups.filterText.toLowerCase())) {
        await setFilter(logGroups, logGroupsView, 'vpcFlowLogs.logGroups.filtered', '');
      }
      const target = await (logGroups.root as LogGroupsRoot).groupNode(group);
      if (!target) {
        void vscode.window.showInformationMessage(`The log group ${group} is not listed in this region.`);
        return;
      }
      await reveal(target, logGroupsView, true);
    } catch (error) {
      showFailure(`Showing the log group ${group}`, error);
    }
  });

  register(COMMANDS.revealInterface, async (node?: unknown) => {
    const eniId = node instanceof LogStreamNode ? node.interfaceId : typeof node === 'string' ? node : undefined;
    if (!eniId) {
      return;
    }
    try {
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
      const target = (await folder.children()).find((c) => c.id === folder.childId(eni.id));
      if (target) {
        await reveal(target, vpcsView, false);
      }
    } catch (error) {
      showFailure(`Showing the network interface ${eniId}`, error);
    }
  });

  register(COMMANDS.openInterfaceFlowLog, async (node?: unknown) => {
    if (!(node instanceof InterfaceNode)) {
      return;
    }
    const { eni } = node;
    const who = `${eni.id}${node.instanceName ? ` (${node.instanceName})` : ''}`;
    try {
      if (node.coverage === undefined) {
        await inventory.flowLogs();
        vpcs.refresh(node.parent);
        return;
      }
      const stream = node.cloudWatchStream();
      if (!stream) {
        const elsewhere = node.coverage[0];
        if (elsewhere) {
          void vscode.window.showInformationMessage(
            `The flow log ${elsewhere.id} of ${who} delivers to ${elsewhere.destinationType === 's3' ? 'Amazon S3' : 'Kinesis Data Firehose'}, not CloudWatch Logs. Download its files and open them with "VPC Flow Logs: Open Flow Log File".`,
          );
          return;
        }
        const create = vscode.commands.getCommands(true).then((all) => all.includes(COMMANDS.createFlowLog));
        const choice = await vscode.window.showInformationMessage(
          `No flow log covers ${who}: its traffic is not recorded.`,
          ...((await create) ? ['Create Flow Log…'] : []),
        );
        if (choice) {
          await vscode.commands.executeCommand(COMMANDS.createFlowLog, node);
        }
        return;
      }
      const exists = (await logs.logStreamsByPrefix(stream.group, stream.stream)).some((s) => s.name === stream.stream);
      if (!exists) {
        void vscode.window.showInformationMessage(
          `No records of ${who} yet: the log group ${stream.group} has no stream ${stream.stream}. Flow logs deliver about 10 minutes after traffic starts; if it stays empty, check the flow log's delivery status.`,
        );
        return;
      }
      await openRecords({ region: node.region, group: stream.group, streams: [stream.stream] }, 'viewer');
    } catch (error) {
      showFailure(`Opening the flow log of ${who}`, error);
    }
  });

  register(COMMANDS.openStream, async (arg?: unknown) => {
    try {
      const target = await streamTarget(arg, 'Open Log Stream');
      if (target) {
        await openRecords(target, 'viewer');
      }
    } catch (error) {
      showFailure('Opening the log stream', error);
    }
  });

  register(COMMANDS.openStreamAsText, async (arg?: unknown) => {
    try {
      const target = await streamTarget(arg, 'Open Log Stream as Text');
      if (target) {
        await openRecords(target, 'text');
      }
    } catch (error) {
      showFailure('Opening the log stream', error);
    }
  });

  register(COMMANDS.openLogGroup, async (arg?: unknown) => {
    try {
      const region = arg instanceof LogGroupNode ? arg.scope.region : await currentRegion();
      const group = arg instanceof LogGroupNode ? arg.name : region ? await pickLogGroup(logs, inventory, 'Open Log Group Streams') : undefined;
      if (!region || !group) {
        return;
      }
      const streams = await pickStreams(logs, group, { many: true, title: `Open streams of ${group}` });
      if (streams) {
        await openRecords({ region, group, streams }, viewer ? 'viewer' : 'text');
      }
    } catch (error) {
      showFailure('Opening the log group', error);
    }
  });

  const extendDocument = (direction: 'older' | 'newer') => async (arg?: unknown) => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== CLOUDWATCH_SCHEME || !parseStreamDocumentUri(uri)) {
      void vscode.window.showInformationMessage('Open a CloudWatch log stream as text first ("VPC Flow Logs: Open Log Stream as Text").');
      return;
    }
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Loading ${direction} events` }, () =>
        direction === 'older' ? documents.loadOlder(uri) : documents.loadNewer(uri),
      );
    } catch (error) {
      showFailure(`Loading ${direction} events`, error);
    }
  };
  register(COMMANDS.loadOlderEvents, extendDocument('older'));
  register(COMMANDS.loadNewerEvents, extendDocument('newer'));

  return { openRecords };
}
