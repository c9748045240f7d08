// Nodes of the Log Groups view: flow log groups first (marked), then optionally every other group,
// paged; each group's streams newest activity first, 50 per page. Pure: no `vscode` at run time.
import { MAX_LOG_LIST_PAGE } from '../../aws/logs';
import type { FlowLogInfo, LogGroupInfo, LogStreamInfo } from '../../aws/models';
import type { LogGroupRef, LogStreamRef } from '../../aws/refs';
import { COMMANDS, SETTINGS } from '../commandIds';
import type { ExplorerContext } from '../context';
import { formatBytes } from '../../common/format';
import { escapeMarkdown as esc, mdBold, mdCode as code } from '../../common/markdown';
import { formatRelative, formatUtc } from '../format';
import { interfaceOfStream } from '../inventory';
import {
  contextValue,
  ErrorNode,
  mapLimit,
  MessageNode,
  NodeCache,
  PagedList,
  pagedRows,
  problemOf,
  connectionScope,
  type ExplorerNode,
  type Scope,
  type NodeView,
} from './base';

/** Failures that are about the connection, not about one call: the same for every request. */
const ACCOUNT_WIDE: ReadonlySet<string> = new Set(['unreachable', 'credentialsRejected', 'ssoExpired', 'regionNotEnabled']);


/** A flow log group looked up by name: its details, or undefined when it does not exist (yet). */
interface FlowGroup {
  readonly name: string;
  readonly info: LogGroupInfo | undefined;
  readonly flowLogs: FlowLogInfo[];
}

/** The top of the Log Groups view (not shown itself). */
export class LogGroupsRoot implements ExplorerNode {
  readonly id = 'logGroups';
  readonly parent = undefined;
  private scope: Scope | undefined;
  private flowGroups: Promise<FlowGroup[]> | undefined;
  private others: PagedList<LogGroupInfo> | undefined;
  private othersFilter: string | undefined;
  private readonly nodes = new NodeCache();

  constructor(private readonly context: ExplorerContext) {}

  view(): NodeView {
    return { label: 'Log groups', collapsible: 'expanded' };
  }

  invalidate(): void {
    this.flowGroups = undefined;
    this.others = undefined;
    this.nodes.clear();
  }

  /** The node of a group listed at the top level, by name (for "reveal"). */
  async groupNode(name: string): Promise<LogGroupNode | undefined> {
    const rows = await this.children();
    return rows.find((r): r is LogGroupNode => r instanceof LogGroupNode && r.name === name);
  }

  async children(): Promise<ExplorerNode[]> {
    const context = this.context;
    const scope = await connectionScope(this, context, () => this.reload());
    if (Array.isArray(scope)) {
      return scope;
    }
    if (this.scope?.prefix !== scope.prefix) {
      this.invalidate();
      this.scope = scope;
    }
    const filter = context.filterText().trim();
    const showAll = context.setting(SETTINGS.showAllLogGroups, true);
    const rows: ExplorerNode[] = [];

    let flowGroups: FlowGroup[] = [];
    try {
      flowGroups = await (this.flowGroups ??= this.loadFlowGroups());
    } catch (error) {
      this.flowGroups = undefined;
      const problem = problemOf(error, 'ec2:DescribeFlowLogs');
      if (problem.kind === 'noCredentials' || problem.kind === 'noRegion') {
        context.setConnectionProblem(problem.kind);
        return [];
      }
      context.log(problem.message);
      rows.push(new ErrorNode(this, problem, () => this.reload(), 'flowLogs'));
    }
    context.setConnectionProblem(undefined);
    const matching = flowGroups.filter((g) => g.name.toLowerCase().includes(filter.toLowerCase()));
    rows.push(...matching.map((g) => this.groupNodeFor(scope, g.name, g.info, g.flowLogs, g.info === undefined)));

    if (showAll) {
      if (this.othersFilter !== filter) {
        this.others = undefined;
        this.othersFilter = filter;
      }
      const pageSize = Math.min(MAX_LOG_LIST_PAGE, context.setting(SETTINGS.pageSize, MAX_LOG_LIST_PAGE));
      // The name pattern is matched by the server, anywhere in the name and ignoring case.
      const others = (this.others ??= new PagedList((token) => context.logs.logGroupsPage({ token, limit: pageSize, pattern: filter || undefined })));
      await others.ensureFirstPage();
      const flowNames = new Set(flowGroups.map((g) => g.name));
      if (others.items.length === 0 && others.error !== undefined) {
        const problem = problemOf(others.error, 'logs:DescribeLogGroups');
        if ((problem.kind === 'noCredentials' || problem.kind === 'noRegion') && rows.length === 0) {
          context.setConnectionProblem(problem.kind);
          return [];
        }
        context.log(problem.message);
        // Both lookups failing for the same account-wide reason (no network, bad keys) is one problem: one row.
        const sameAsFlowLogs = rows.some((r) => r instanceof ErrorNode && r.problem.kind === problem.kind && ACCOUNT_WIDE.has(problem.kind));
        if (!sameAsFlowLogs) {
          rows.push(new ErrorNode(this, problem, () => {
            this.others = undefined;
            this.context.changed(undefined);
          }, 'others'));
        }
        return rows;
      }
      rows.push(
        ...pagedRows(this, others, context, (g) => this.groupNodeFor(scope, g.name, g, [], false), 'log groups', 'logs:DescribeLogGroups', (g) => !flowNames.has(g.name)),
      );
      if (rows.length === 0) {
        rows.push(new MessageNode(this, `${scope.prefix}/empty`, { label: filter ? 'No log group matches the filter' : `No log groups in ${scope.region}` }));
      }
    } else if (matching.length === 0 && rows.length === 0) {
      rows.push(
        new MessageNode(this, `${scope.prefix}/noFlowGroups`, {
          label: filter ? 'No flow log group matches the filter' : `No flow log delivers to CloudWatch Logs in ${scope.region}`,
        }),
        new MessageNode(this, `${scope.prefix}/showAll`, {
          label: 'Show all log groups',
          icon: 'eye',
          command: { command: COMMANDS.showAllLogGroups, title: 'Show All Log Groups' },
        }),
      );
    }
    return rows;
  }

  /** The groups flow logs deliver to, looked up by name (a few calls at a time: the API allows ~5 per second). */
  private async loadFlowGroups(): Promise<FlowGroup[]> {
    const flowLogs = (await this.context.inventory.flowLogs()).filter((f) => f.destinationType === 'cloud-watch-logs' && f.logGroupName);
    const names = [...new Set(flowLogs.map((f) => f.logGroupName!))].sort((a, b) => a.localeCompare(b));
    return mapLimit(names, 3, async (name) => ({
      name,
      info: await this.context.logs.logGroup(name),
      flowLogs: flowLogs.filter((f) => f.logGroupName === name),
    }));
  }

  private groupNodeFor(scope: Scope, name: string, info: LogGroupInfo | undefined, flowLogs: FlowLogInfo[], missing: boolean): LogGroupNode {
    const id = `${scope.prefix}/${name}`;
    const node = this.nodes.get(id, () => new LogGroupNode(this, id, scope, name, this.context));
    node.update(info, flowLogs, missing);
    return node;
  }

  private reload(): void {
    this.invalidate();
    this.context.changed(undefined);
  }
}

/** A log group; flow log groups are marked and list the flow logs delivering to them. */
export class LogGroupNode implements ExplorerNode {
  info: LogGroupInfo | undefined;
  flowLogs: FlowLogInfo[] = [];
  /** A flow log names it but it does not exist: flow logs create it with their first delivery. */
  missing = false;
  private list: PagedList<LogStreamInfo> | undefined;
  private readonly nodes = new NodeCache();

  constructor(
    readonly parent: LogGroupsRoot,
    readonly id: string,
    readonly scope: Scope,
    readonly name: string,
    readonly context: ExplorerContext,
  ) {}

  update(info: LogGroupInfo | undefined, flowLogs: FlowLogInfo[], missing: boolean): void {
    this.info = info;
    this.flowLogs = flowLogs;
    this.missing = missing;
  }

  get resourceId(): string {
    return this.name;
  }

  get ref(): LogGroupRef {
    return { kind: 'logGroup', name: this.name, region: this.scope.region };
  }

  get isFlowLogGroup(): boolean {
    return this.flowLogs.length > 0;
  }

  arn(): string | undefined {
    return this.info?.arn;
  }

  view(): NodeView {
    const info = this.info;
    const retention = info ? (info.retentionDays ? `${info.retentionDays} days` : 'never expire') : undefined;
    return {
      label: this.name,
      description: [this.isFlowLogGroup ? 'flow logs' : undefined, this.missing ? 'not created yet' : info?.storedBytes !== undefined ? formatBytes(info.storedBytes) : undefined].filter(Boolean).join(' · '),
      tooltip: [
        `${mdBold(this.name)}${this.isFlowLogGroup ? ': a flow log group' : ''}`,
        '',
        this.missing
          ? 'The log group does not exist yet. A flow log creates it when it first delivers records (about 10 minutes after it is created), if its IAM role allows `logs:CreateLogGroup`.'
          : [
              '| | |',
              '|---|---|',
              info?.arn ? `| ARN | ${code(info.arn)} |` : '',
              info?.creationTime ? `| Created | ${formatUtc(info.creationTime)} |` : '',
              info?.storedBytes !== undefined ? `| Stored | ${formatBytes(info.storedBytes)} (${info.storedBytes.toLocaleString('en-US')} bytes) |` : '',
              retention ? `| Retention | ${retention} |` : '',
              info?.logClass ? `| Class | ${esc(info.logClass)} |` : '',
            ]
              .filter(Boolean)
              .join('\n'),
        this.isFlowLogGroup ? `\nFlow logs delivering here: ${this.flowLogs.map((f) => `${code(f.id)} (${esc(f.resourceId)}, ${esc(f.trafficType)})`).join(', ')}` : '',
      ].join('\n'),
      icon: this.isFlowLogGroup ? { id: 'pulse' } : { id: 'folder-library' },
      contextValue: contextValue('logGroup', { flowLogs: this.isFlowLogGroup, missing: this.missing, arn: !!this.arn() }),
      collapsible: this.missing ? 'none' : 'collapsed',
    };
  }

  invalidate(): void {
    this.list = undefined;
    this.nodes.clear();
  }

  /** The group's streams loaded so far (newest activity first). */
  loadedStreams(): LogStreamInfo[] {
    return this.list?.items ?? [];
  }

  async children(): Promise<ExplorerNode[]> {
    if (this.missing) {
      return [];
    }
    const list = (this.list ??= new PagedList((token) => this.context.logs.logStreamsPage(this.name, token, MAX_LOG_LIST_PAGE)));
    await list.ensureFirstPage();
    if (list.items.length === 0 && list.error !== undefined) {
      const problem = problemOf(list.error, 'logs:DescribeLogStreams');
      this.context.log(problem.message);
      return [new ErrorNode(this, problem, () => {
        this.invalidate();
        this.context.changed(this);
      })];
    }
    if (list.items.length === 0) {
      return [
        new MessageNode(this, 'empty', {
          label: 'No streams yet',
          tooltip: this.isFlowLogGroup ? 'A flow log writes one stream per network interface, about 10 minutes after traffic starts.' : undefined,
        }),
      ];
    }
    return pagedRows(this, list, this.context, (stream) => {
      const id = `${this.id}/${stream.name}`;
      const node = this.nodes.get(id, () => new LogStreamNode(this, id, stream));
      node.stream = stream;
      return node;
    }, 'streams', 'logs:DescribeLogStreams');
  }
}

/** A log stream: last event time (relative, absolute in the tooltip) and stored bytes; opens in the viewer. */
export class LogStreamNode implements ExplorerNode {
  constructor(
    readonly parent: LogGroupNode,
    readonly id: string,
    public stream: LogStreamInfo,
  ) {}

  get resourceId(): string {
    return this.stream.name;
  }

  get ref(): LogStreamRef {
    return { kind: 'logStream', group: this.group, name: this.stream.name, region: this.region };
  }

  get group(): string {
    return this.parent.name;
  }

  get region(): string {
    return this.parent.scope.region;
  }

  /** The interface whose records the stream holds, for flow log streams (`eni-...-all`). */
  get interfaceId(): string | undefined {
    return interfaceOfStream(this.stream.name);
  }

  arn(): string | undefined {
    return this.stream.arn;
  }

  view(): NodeView {
    const s = this.stream;
    const last = s.lastEventTime ?? s.lastIngestionTime;
    const eni = this.interfaceId;
    return {
      label: s.name,
      description: [last ? formatRelative(last) : 'no events', s.storedBytes ? formatBytes(s.storedBytes) : undefined].filter(Boolean).join(' · '),
      tooltip: [
        `${mdBold(s.name)}${eni ? `: flow log records of ${code(eni)}` : ''}`,
        '',
        '| | |',
        '|---|---|',
        ...[
          s.lastEventTime ? `| Last event | ${formatUtc(s.lastEventTime)} (${formatRelative(s.lastEventTime)}) |` : '',
          s.firstEventTime ? `| First event | ${formatUtc(s.firstEventTime)} |` : '',
          s.lastIngestionTime ? `| Last delivery | ${formatUtc(s.lastIngestionTime)} |` : '',
          s.creationTime ? `| Created | ${formatUtc(s.creationTime)} |` : '',
          s.storedBytes ? `| Stored | ${formatBytes(s.storedBytes)} |` : '',
        ].filter(Boolean),
        '',
        'Click to open its records.',
      ].join('\n'),
      icon: { id: eni ? 'plug' : 'output' },
      contextValue: contextValue('logStream', { eni: !!eni, flowLogs: this.parent.isFlowLogGroup, arn: !!this.arn() }),
      collapsible: 'none',
      command: { command: COMMANDS.openStream, title: 'Open Stream', arguments: [this.ref] },
    };
  }
}
