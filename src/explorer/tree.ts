import * as vscode from 'vscode';
import type { ConnectionProblem, ExplorerContext, ViewKind } from './context';
import { ErrorNode, problemOf, type ExplorerNode, type NodeView } from './nodes/base';

/** The invisible top node of a view. */
export interface RootNode extends ExplorerNode {
  children(): Promise<ExplorerNode[]>;
  invalidate(): void;
}

const COLLAPSIBLE: Record<NodeView['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

/** Builds a TreeItem from a node's plain view, highlighting the filter text in its label. */
export function toTreeItem(node: ExplorerNode, filter = ''): vscode.TreeItem {
  const view = node.view();
  const at = filter ? view.label.toLowerCase().indexOf(filter.toLowerCase()) : -1;
  const label: vscode.TreeItemLabel = at >= 0 ? { label: view.label, highlights: [[at, at + filter.length]] } : { label: view.label };
  const item = new vscode.TreeItem(label, COLLAPSIBLE[view.collapsible]);
  item.id = node.id;
  item.description = view.description;
  if (view.tooltip) {
    item.tooltip = new vscode.MarkdownString(view.tooltip);
  }
  if (view.icon) {
    item.iconPath = new vscode.ThemeIcon(view.icon.id, view.icon.color ? new vscode.ThemeColor(view.icon.color) : undefined);
  }
  item.contextValue = view.contextValue;
  if (view.command) {
    item.command = { command: view.command.command, title: view.command.title, arguments: view.command.arguments };
  }
  return item;
}

/** What a provider needs besides its nodes. */
export interface TreeDeps {
  /** Builds the node context (the provider supplies its own hooks). */
  makeContext(hooks: Pick<ExplorerContext, 'view' | 'changed' | 'filterText' | 'setConnectionProblem'>): ExplorerContext;
  makeRoot(context: ExplorerContext): RootNode;
  /** Called with each view's connection problem (the welcome content shows for it). */
  onConnectionProblem(view: ViewKind, problem: ConnectionProblem | undefined): void;
}

/**
 * A tree view's data provider: an adapter from the pure nodes to VS Code. It never throws from
 * getChildren (a failure is an error row) and shows progress in the view while the top level loads.
 */
export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly context: ExplorerContext;
  readonly root: RootNode;
  private filter = '';
  /** Loads of the top level in flight (VS Code's fetches, and ours). */
  private readonly rootLoads = new Set<Promise<unknown>>();
  private pendingReset: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly view: ViewKind,
    readonly viewId: string,
    deps: TreeDeps,
  ) {
    this.context = deps.makeContext({
      view,
      changed: (node) => this.emitter.fire(node === this.root ? undefined : node),
      filterText: () => this.filter,
      setConnectionProblem: (problem) => deps.onConnectionProblem(view, problem),
    });
    this.root = deps.makeRoot(this.context);
  }

  get filterText(): string {
    return this.filter;
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return toTreeItem(node, this.filter);
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent === this.root ? undefined : node.parent;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!this.context.trusted()) {
      // AWS access uses the user's credentials: not in Restricted Mode (the welcome content says so).
      return [];
    }
    const target = node ?? this.root;
    if (!target.children) {
      return [];
    }
    const load = async (): Promise<ExplorerNode[]> => {
      try {
        return await target.children!();
      } catch (error) {
        return [new ErrorNode(node ?? this.root, problemOf(error, 'Loading the view'), () => this.refresh(node))];
      }
    };
    if (node) {
      return load();
    }
    const loading = Promise.resolve(vscode.window.withProgress({ location: { viewId: this.viewId } }, load));
    this.rootLoads.add(loading);
    void loading.finally(() => this.rootLoads.delete(loading));
    return loading;
  }

  /**
   * Resolves once no load of the top level is in flight. Revealing a node while VS Code fetches the
   * view's top level fails ("cannot resolve tree item"): its fetch and the reveal's own race.
   */
  async whenIdle(): Promise<void> {
    while (this.rootLoads.size > 0) {
      await Promise.allSettled([...this.rootLoads]);
    }
  }

  /**
   * Reloads a node's children (an error row retries what failed; a leaf reloads its parent), or the
   * whole view with fresh region-wide data.
   */
  refresh(node?: ExplorerNode): void {
    if (node instanceof ErrorNode) {
      node.retry();
      return;
    }
    if (node && node !== this.root) {
      if (!node.children) {
        this.refresh(node.parent);
        return;
      }
      node.invalidate?.();
      this.emitter.fire(node);
      return;
    }
    this.context.inventory.clear();
    this.root.invalidate();
    this.emitter.fire(undefined);
  }

  /** Re-renders without dropping loaded data (e.g. after a load-more). */
  changed(node?: ExplorerNode): void {
    this.emitter.fire(node === this.root ? undefined : node);
  }

  /** Reloads everything after the profile, region or endpoint changed (settled for a moment: pickers change two settings). */
  connectionChanged(): void {
    clearTimeout(this.pendingReset);
    this.pendingReset = setTimeout(() => this.refresh(), 50);
  }

  setFilter(text: string): void {
    this.filter = text.trim();
    this.emitter.fire(undefined);
  }

  dispose(): void {
    clearTimeout(this.pendingReset);
    this.emitter.dispose();
  }
}
