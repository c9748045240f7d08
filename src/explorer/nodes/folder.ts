// The folders under a VPC share this: load on expansion, count in the description, an error row (that
// reloads the folder) in place of children that failed. Pure: no `vscode` at run time.
import type { ExplorerContext } from '../context';
import { contextValue, ErrorNode, MessageNode, NodeCache, problemOf, type ExplorerNode, type NodeView } from './base';
import type { VpcNode } from './vpcs';

/** A folder under a VPC; its children load on expansion and failures show as an error row. */
export abstract class Folder implements ExplorerNode {
  protected readonly nodes = new NodeCache();
  protected abstract readonly label: string;
  protected abstract readonly icon: string;
  protected abstract readonly action: string;
  protected count: number | undefined;

  constructor(
    readonly parent: VpcNode,
    readonly id: string,
  ) {}

  get context(): ExplorerContext {
    return this.parent.context;
  }

  view(): NodeView {
    return {
      label: this.label,
      description: this.count === undefined ? undefined : String(this.count),
      icon: { id: this.icon },
      contextValue: contextValue('folder', {}),
      collapsible: this.parent.interfaceFilter ? 'expanded' : 'collapsed',
    };
  }

  invalidate(): void {
    this.nodes.clear();
    this.count = undefined;
  }

  async children(): Promise<ExplorerNode[]> {
    try {
      return await this.load();
    } catch (error) {
      return this.failure(error);
    }
  }

  /** An error row in place of the folder's children; clicking it loads them again. */
  protected failure(error: unknown): ExplorerNode[] {
    const problem = problemOf(error, this.action);
    this.context.log(problem.message);
    return [
      new ErrorNode(this, problem, () => {
        this.invalidate();
        this.context.changed(this);
      }),
    ];
  }

  protected abstract load(): Promise<ExplorerNode[]>;

  protected empty(label: string, tooltip?: string): MessageNode {
    return new MessageNode(this, 'empty', { label, ...(tooltip ? { tooltip } : {}) });
  }
}
