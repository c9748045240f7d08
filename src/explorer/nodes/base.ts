// The explorer's nodes, kept free of `vscode` at run time so they are unit-tested in plain Node with the
// SDK stubbed: each node describes itself as a plain NodeView and src/explorer/tree.ts turns that into
// a TreeItem.
import { problemOf, type AwsProblem } from '../../aws/errors';
import { escapeMarkdown } from '../../common/markdown';
import type { ResourceRef } from '../../aws/refs';
import type { Page } from '../../aws/request';
import { COMMANDS } from '../commandIds';
import type { ExplorerContext } from '../context';

/** A command run when a node is clicked. */
export interface NodeCommand {
  readonly command: string;
  readonly title: string;
  readonly arguments?: unknown[];
}

/** What a tree row shows; the vscode adapter builds a TreeItem from it. */
export interface NodeView {
  readonly label: string;
  readonly description?: string | undefined;
  /** Markdown. */
  readonly tooltip?: string | undefined;
  /** A codicon id and optionally a theme colour id. */
  readonly icon?: { readonly id: string; readonly color?: string | undefined } | undefined;
  /** `vpcFlowLogs.<kind>` followed by `+flag`s, matched by regex in `when` clauses. */
  readonly contextValue?: string | undefined;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
  readonly command?: NodeCommand | undefined;
}

/** One node of an explorer tree. */
export interface ExplorerNode {
  /** A path (`<profile>@<region>/vpc-.../interfaces/eni-...`), so expansion survives refreshes. */
  readonly id: string;
  readonly parent: ExplorerNode | undefined;
  view(): NodeView;
  /** Never rejects: failures become an {@link ErrorNode}. */
  children?(): Promise<ExplorerNode[]>;
  /** Forgets loaded children (and data), so the next expansion loads them again. */
  invalidate?(): void;
  /**
   * The AWS resource the node stands for, typed: what commands of every area take (a context menu
   * passes the node, and commands read only this of it).
   */
  readonly ref?: ResourceRef | undefined;
  /** The AWS id to copy (`vpc-...`, `eni-...`, a log group name). */
  readonly resourceId?: string | undefined;
  /** The ARN to copy, when it can be known. */
  arn?(): string | undefined;
}

/** Builds a contextValue: `vpcFlowLogs.eni+hasFlowLog+arn`. */
export function contextValue(kind: string, flags: Record<string, boolean | undefined>): string {
  return `vpcFlowLogs.${kind}${Object.entries(flags)
    .filter(([, on]) => on)
    .map(([flag]) => `+${flag}`)
    .join('')}`;
}

export { problemOf };

/** A short label for an error row; the full advice goes in its tooltip. */
export function problemLabel(problem: AwsProblem): string {
  switch (problem.kind) {
    case 'accessDenied':
      return `Access denied: ${problem.deniedAction ?? 'an AWS action'}`;
    case 'ssoExpired':
      return /aws sso login[^"]*/.exec(problem.message)?.[0] ? `Credentials expired: run "${/aws sso login[^"]*/.exec(problem.message)![0]}"` : 'Credentials expired';
    case 'noCredentials':
      return 'No AWS credentials found';
    case 'credentialsRejected':
      return 'AWS rejected the credentials';
    case 'throttled':
      return 'AWS is throttling requests: try again in a minute';
    case 'noRegion':
      return 'No AWS region chosen';
    case 'regionNotEnabled':
      return 'Region not enabled for this account';
    case 'unreachable':
      return 'AWS could not be reached';
    case 'timeout': {
      const within = /did not answer within ([\d.]+ s)/.exec(problem.message)?.[1];
      return within ? `AWS did not answer within ${within}` : 'AWS did not answer in time';
    }
    case 'untrusted':
      return 'AWS access is off in Restricted Mode';
    default: {
      // "<action> failed: <detail>": the detail alone reads better in a tree row.
      const detail = problem.message.replace(/^[^:]+ failed: /, '');
      return detail.length > 90 ? `${detail.slice(0, 89)}…` : detail;
    }
  }
}

/** An error in place of children, with the advice in its tooltip; clicking it retries. */
export class ErrorNode implements ExplorerNode {
  readonly id: string;
  constructor(
    readonly parent: ExplorerNode | undefined,
    readonly problem: AwsProblem,
    /** What a retry does (reload the parent, or load the failed page again). */
    readonly retry: () => void,
    key = 'error',
  ) {
    this.id = `${parent?.id ?? ''}/#${key}`;
  }

  view(): NodeView {
    return {
      label: problemLabel(this.problem),
      description: 'click to retry',
      // The message may quote AWS (an error's own text): shown as text, never as Markdown.
      tooltip: `${escapeMarkdown(this.problem.message)}\n\nClick to try again.`,
      icon: { id: 'error', color: 'list.errorForeground' },
      contextValue: contextValue('error', {}),
      collapsible: 'none',
      command: { command: COMMANDS.refresh, title: 'Retry', arguments: [this] },
    };
  }
}

/** An informational row: an empty list, a hint, or an action to take. */
export class MessageNode implements ExplorerNode {
  readonly id: string;
  constructor(
    readonly parent: ExplorerNode | undefined,
    key: string,
    private readonly content: {
      label: string;
      description?: string;
      tooltip?: string;
      icon?: string;
      color?: string;
      command?: NodeCommand;
    },
  ) {
    this.id = `${parent?.id ?? ''}/#${key}`;
  }

  view(): NodeView {
    return {
      label: this.content.label,
      description: this.content.description,
      tooltip: this.content.tooltip,
      icon: { id: this.content.icon ?? 'info', color: this.content.color },
      contextValue: contextValue('message', {}),
      collapsible: 'none',
      command: this.content.command,
    };
  }
}

/**
 * A listing read page by page: the first page on first expansion, the next ones by "Load more". A load
 * in flight is shared, so clicking "Load more" twice reads one page, not two.
 */
export class PagedList<T> {
  items: T[] = [];
  private token: string | undefined;
  private started = false;
  private finished = false;
  private inFlight: Promise<void> | undefined;
  /** The failure of the last load, if it failed. */
  error: unknown;

  constructor(private readonly fetchPage: (token: string | undefined) => Promise<Page<T>>) {}

  get loading(): boolean {
    return this.inFlight !== undefined;
  }

  get hasMore(): boolean {
    return !this.finished;
  }

  get loadedOnce(): boolean {
    return this.started && (this.items.length > 0 || this.finished);
  }

  /** Loads the first page unless it has been loaded. */
  async ensureFirstPage(): Promise<void> {
    if (!this.started || (this.items.length === 0 && !this.finished)) {
      await this.loadMore();
    }
  }

  /** Loads the next page (or joins the load in flight). Failures are kept in `error`, not thrown. */
  loadMore(): Promise<void> {
    if (this.finished && this.started) {
      return Promise.resolve();
    }
    this.inFlight ??= (async () => {
      this.started = true;
      try {
        const page = await this.fetchPage(this.token);
        this.error = undefined;
        this.items = [...this.items, ...page.items];
        // A service that hands back the token it was given has nothing more.
        this.finished = !page.nextToken || page.nextToken === this.token;
        this.token = page.nextToken;
      } catch (error) {
        this.error = error;
      } finally {
        this.inFlight = undefined;
      }
    })();
    return this.inFlight;
  }

  reset(): void {
    this.items = [];
    this.token = undefined;
    this.started = false;
    this.finished = false;
    this.error = undefined;
  }
}

/** "Load more" at the end of a paged list. */
export class LoadMoreNode implements ExplorerNode {
  readonly id: string;
  constructor(
    readonly parent: ExplorerNode | undefined,
    private readonly list: PagedList<unknown>,
    private readonly what: string,
  ) {
    this.id = `${parent?.id ?? ''}/#more`;
  }

  view(): NodeView {
    const loading = this.list.loading;
    return {
      label: loading ? 'Loading…' : 'Load more…',
      description: loading ? undefined : `${this.list.items.length} ${this.what} shown`,
      tooltip: `Read the next page of ${this.what} from AWS.`,
      icon: { id: loading ? 'loading~spin' : 'ellipsis' },
      contextValue: contextValue('loadMore', {}),
      collapsible: 'none',
      command: { command: COMMANDS.loadMore, title: 'Load More', arguments: [this] },
    };
  }

  /** Reads the next page; concurrent calls share one request. */
  loadMore(): Promise<void> {
    return this.list.loadMore();
  }
}

/**
 * The rows of a paged list: its items, then an error row (whose retry reads the failed page again) or
 * "Load more" while pages remain.
 */
export function pagedRows<T>(
  owner: ExplorerNode,
  list: PagedList<T>,
  context: ExplorerContext,
  toNode: (item: T) => ExplorerNode,
  what: string,
  action: string,
  include: (item: T) => boolean = () => true,
): ExplorerNode[] {
  const rows = list.items.filter(include).map(toNode);
  if (list.error !== undefined) {
    const problem = problemOf(list.error, action);
    context.log(problem.message);
    rows.push(
      new ErrorNode(owner, problem, () => {
        if (list.items.length === 0) {
          list.reset();
        }
        void list.loadMore().then(() => context.changed(owner));
      }),
    );
  } else if (list.hasMore && list.items.length > 0) {
    rows.push(new LoadMoreNode(owner, list, what));
  }
  return rows;
}

/** Runs `fn` over `items` with at most `limit` calls at a time (CloudWatch Logs allows ~5 per second). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Keeps child node objects across reloads of their parent, so their own loaded children survive. */
export class NodeCache {
  private readonly nodes = new Map<string, ExplorerNode>();

  get<N extends ExplorerNode>(id: string, create: () => N): N {
    let node = this.nodes.get(id) as N | undefined;
    if (!node) {
      node = create();
      this.nodes.set(id, node);
    }
    return node;
  }

  clear(): void {
    this.nodes.clear();
  }
}

/** Where a view's nodes live: the profile and region they were listed for (ids are paths under `prefix`). */
export interface Scope {
  readonly prefix: string;
  readonly region: string;
}

/**
 * The scope a view root lists, or the rows to show instead: an error row (with retry) when the AWS
 * configuration cannot be read, none when no region is set (the welcome view says what to do).
 */
export async function connectionScope(root: ExplorerNode, context: ExplorerContext, retry: () => void): Promise<Scope | ExplorerNode[]> {
  let connection;
  try {
    connection = await context.connection();
  } catch (error) {
    return [new ErrorNode(root, problemOf(error, 'Reading the AWS configuration'), retry)];
  }
  if (!connection.region) {
    // Say everything that is missing at once, rather than the region now and the credentials later.
    context.setConnectionProblem((await context.credentialsConfigured().catch(() => true)) ? 'noRegion' : 'noSetup');
    return [];
  }
  return { prefix: `${connection.profile ?? 'default'}@${connection.region}`, region: connection.region };
}

