import * as vscode from 'vscode';
import { registerCloudWatchDocuments, type CloudWatchDocuments } from '../editor/cloudwatchDocument';
import type { Services } from '../services';
import type { ViewerService } from '../viewer/source';
import { NetworkContexts } from '../why/networkContext';
import { createCloudWatchSource, parseCloudWatchSourceId, type CloudWatchSourceDeps, type CloudWatchTarget } from './cloudwatchSource';
import { COMMANDS, SETTINGS } from './commandIds';
import { registerLiveTailCommands } from './commands/liveTail';
import { registerRecordCommands } from './commands/records';
import { registerS3Commands } from './commands/s3';
import { registerViewCommands } from './commands/views';
import type { ConnectionProblem, ExplorerContext } from './context';
import { Inventory } from './inventory';
import type { ExplorerNode } from './nodes/base';
import { LogGroupsRoot } from './nodes/logGroups';
import { VpcsRoot } from './nodes/vpcs';
import { ConnectionStatusBar } from './statusBar';
import { ExplorerTreeProvider, type TreeDeps } from './tree';

/** What the explorer needs from other areas (each optional: the explorer works without them). */
export interface ExplorerDeps {
  /** The flow log viewer, to open streams in; without it streams open as documents. */
  readonly viewer?: ViewerService | undefined;
  /** The flow log language's format memory, told the `LogFormat` of stream documents. */
  readonly formats?: { setKnown(uri: vscode.Uri, format: string | undefined): void } | undefined;
  /** Whether the flow log setup area is registered, so empty flow log folders offer "Create flow log". */
  readonly canCreateFlowLog?: boolean;
  /** The networks read for "Why was this rejected?", shared so the tree asks AWS once; the explorer keeps its own without. */
  readonly networks?: NetworkContexts | undefined;
}

/** The explorer as other areas and the integration tests see it. */
export interface ExplorerApi {
  readonly vpcs: ExplorerTreeProvider;
  readonly logGroups: ExplorerTreeProvider;
  readonly vpcsView: vscode.TreeView<ExplorerNode>;
  readonly logGroupsView: vscode.TreeView<ExplorerNode>;
  /** Stream documents (`vpcflowlogs-cloudwatch:`). */
  readonly documents: CloudWatchDocuments;
  /** Region-wide facts (flow logs, interfaces), shared with the sources the explorer opens. */
  readonly inventory: Inventory;
  /** Opens CloudWatch records in the viewer, or one stream as a document. */
  openRecords(target: CloudWatchTarget, mode: 'viewer' | 'text'): Promise<void>;
  /** Why the views are empty (their welcome content says what to do), if they are. */
  connectionProblem(): ConnectionProblem | undefined;
  /** Reloads a view (after another area created or deleted something shown in it), or both. */
  refresh(view?: 'vpcs' | 'logGroups'): void;
}

/**
 * Registers the explorer: the VPCs and Log Groups views, the connection status bar item, the
 * profile/region pickers, stream documents, and the CloudWatch source resolver of the viewer.
 * Nothing here touches AWS or loads the SDK: that happens when a view is first shown.
 */
export function registerExplorer(context: vscode.ExtensionContext, services: Services, deps: ExplorerDeps = {}): ExplorerApi {
  const { aws, settings, log } = services;
  const warn = (message: string): void => log.warn(message);
  const { ec2, logs, s3 } = aws;
  const inventory = new Inventory(ec2, warn);
  let networks = deps.networks;
  if (!networks) {
    networks = new NetworkContexts(aws);
    context.subscriptions.push(networks);
  }
  const network = networks;

  // One state for both views: they share the connection, so the latest view to load knows best.
  let problem: ConnectionProblem | undefined;
  let problemKnown = false;
  const treeDeps = (makeRoot: TreeDeps['makeRoot']): TreeDeps => ({
    makeContext: (hooks): ExplorerContext => ({
      ...hooks,
      ec2,
      logs,
      s3,
      inventory,
      connection: () => aws.connection(),
      credentialsConfigured: () => aws.credentialsConfigured(),
      trusted: () => aws.trusted(),
      setting: (key, fallback) => settings.get(key, fallback),
      canCreateFlowLog: () => deps.canCreateFlowLog === true,
      network: (vpcId) => network.forVpc(vpcId),
      forgetNetwork: (vpcId) => network.forget(vpcId),
      log: warn,
    }),
    makeRoot,
    onConnectionProblem: (_view, reported) => {
      if (problemKnown && reported === problem) {
        return;
      }
      problem = reported;
      problemKnown = true;
      // The welcome content of both views reads this key.
      void vscode.commands.executeCommand('setContext', 'vpcFlowLogs.connectionProblem', problem ?? '');
    },
  });
  const vpcs = new ExplorerTreeProvider('vpcs', 'vpcFlowLogs.vpcs', treeDeps((c) => new VpcsRoot(c)));
  const logGroups = new ExplorerTreeProvider('logGroups', 'vpcFlowLogs.logGroups', treeDeps((c) => new LogGroupsRoot(c)));
  const vpcsView = vscode.window.createTreeView('vpcFlowLogs.vpcs', { treeDataProvider: vpcs, showCollapseAll: true });
  const logGroupsView = vscode.window.createTreeView('vpcFlowLogs.logGroups', { treeDataProvider: logGroups, showCollapseAll: true });

  const status = new ConnectionStatusBar(aws);
  for (const view of [vpcsView, logGroupsView]) {
    if (view.visible) {
      status.show();
    }
    context.subscriptions.push(view.onDidChangeVisibility((e) => e.visible && status.show()));
  }

  const sourceDeps = (): CloudWatchSourceDeps => ({
    logs,
    connection: () => aws.connection(),
    eventsPerRequest: settings.get(SETTINGS.eventsPerRequest, 10_000),
    groupWindowMinutes: settings.get(SETTINGS.groupWindowMinutes, 60),
  });

  const documents = registerCloudWatchDocuments(context, {
    logs,
    connection: () => aws.connection(),
    eventsPerRequest: () => settings.get(SETTINGS.eventsPerRequest, 10_000),
    formatFor: (group, stream) => inventory.formatFor(group, stream),
    setKnownFormat: deps.formats ? (uri, format) => deps.formats?.setKnown(uri, format) : undefined,
    viewerCommand: deps.viewer ? COMMANDS.openStream : undefined,
    log,
  });

  context.subscriptions.push(
    vpcs,
    logGroups,
    vpcsView,
    logGroupsView,
    status,
    aws.onDidReset(() => {
      inventory.clear();
      vpcs.connectionChanged();
      logGroups.connectionChanged();
      void status.update();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`vpcFlowLogs.${SETTINGS.showAllLogGroups}`)) {
        logGroups.refresh();
      }
      if (event.affectsConfiguration(`vpcFlowLogs.${SETTINGS.pageSize}`)) {
        vpcs.refresh();
        logGroups.refresh();
      }
    }),
  );

  if (deps.viewer) {
    // Viewer panels on CloudWatch sources come back after a window reload.
    context.subscriptions.push(
      deps.viewer.registerSourceResolver('cloudwatch', async (id) => {
        const target = parseCloudWatchSourceId(id);
        return target ? createCloudWatchSource(target, sourceDeps(), inventory, warn) : undefined;
      }),
    );
  }

  const parts = { services, inventory, vpcs, logGroups, vpcsView, logGroupsView, documents, viewer: deps.viewer, canCreateFlowLog: deps.canCreateFlowLog === true, sourceDeps };
  registerViewCommands(context, parts);
  const openRecords = registerRecordCommands(context, parts);
  if (deps.viewer) {
    registerLiveTailCommands(context, parts);
  }
  registerS3Commands(context, parts);

  return {
    vpcs,
    logGroups,
    vpcsView,
    logGroupsView,
    documents,
    inventory,
    openRecords,
    connectionProblem: () => problem,
    refresh: (view) => {
      if (view !== 'logGroups') {
        vpcs.refresh();
      }
      if (view !== 'vpcs') {
        logGroups.refresh();
      }
    },
  };
}
