import * as vscode from 'vscode';

/** An empty tree until AWS is connected: VS Code shows the view's welcome content instead. */
class EmptyTree implements vscode.TreeDataProvider<never> {
  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }
  getChildren(): never[] {
    return [];
  }
}

/** Registers the explorer's two views. */
export function registerExplorer(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.window.createTreeView('vpcFlowLogs.vpcs', { treeDataProvider: new EmptyTree(), showCollapseAll: true }),
    vscode.window.createTreeView('vpcFlowLogs.logGroups', { treeDataProvider: new EmptyTree(), showCollapseAll: true }),
  );
}
