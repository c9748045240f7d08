import type * as vscode from 'vscode';
import type { CloudWatchDocuments } from '../../editor/cloudwatchDocument';
import type { Services } from '../../services';
import type { ViewerService } from '../../viewer/source';
import type { CloudWatchSourceDeps } from '../cloudwatchSource';
import type { Inventory } from '../inventory';
import type { ExplorerNode } from '../nodes/base';
import type { ExplorerTreeProvider } from '../tree';

/** Everything the explorer's commands act on. */
export interface ExplorerParts {
  readonly services: Services;
  readonly inventory: Inventory;
  readonly vpcs: ExplorerTreeProvider;
  readonly logGroups: ExplorerTreeProvider;
  readonly vpcsView: vscode.TreeView<ExplorerNode>;
  readonly logGroupsView: vscode.TreeView<ExplorerNode>;
  readonly documents: CloudWatchDocuments;
  readonly viewer: ViewerService | undefined;
  /** Whether the flow log setup area offers "Create flow log" (the explorer works without it). */
  readonly canCreateFlowLog: boolean;
  sourceDeps(): CloudWatchSourceDeps;
}
