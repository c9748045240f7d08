/**
 * Thin wrappers over the CloudWatch Logs calls Logs Insights needs (StartQuery, GetQueryResults,
 * StopQuery, DescribeQueryDefinitions, PutQueryDefinition), plus the log group list, the flow log
 * formats per log group (EC2 DescribeFlowLogs) and FilterLogEvents for "open these records". The SDK is
 * loaded on first use (see ./loadSdk.ts); errors are left to the caller, which describes them with
 * `describeAwsError`.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { InsightsQueryClient, QueryResultsPage, QueryStatus, StartQueryInput } from '../insights/poll';
import { loadSdk } from './loadSdk';

const STATUSES: ReadonlySet<string> = new Set(['Scheduled', 'Running', 'Complete', 'Failed', 'Cancelled', 'Timeout', 'Unknown']);

/** A saved Logs Insights query definition. */
export interface QueryDefinition {
  readonly id: string;
  readonly name: string;
  readonly queryString: string;
  readonly logGroupNames: readonly string[];
  /** Ms since the epoch. */
  readonly lastModified?: number;
}

/** A log group, as the query picker needs it. */
export interface LogGroupInfo {
  readonly name: string;
  readonly storedBytes?: number;
}

/** One page of FilterLogEvents. */
export interface FilteredEventsPage {
  readonly events: readonly { readonly message: string; readonly timestamp: number; readonly logStreamName: string }[];
  readonly nextToken?: string;
}

/** The group name in a CloudWatch Logs log group ARN (`arn:aws:logs:region:acct:log-group:NAME[:*]`). */
export function logGroupNameFromArn(arn: string): string | undefined {
  const m = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(arn);
  return m?.[1];
}

/** Logs Insights and the log group calls around it, for one client (one profile/region/endpoint). */
export class InsightsApi implements InsightsQueryClient {
  constructor(
    private readonly logs: () => Promise<CloudWatchLogsClient>,
    private readonly ec2: () => Promise<EC2Client>,
  ) {}

  async startQuery(input: StartQueryInput): Promise<string> {
    const { logs } = loadSdk();
    const client = await this.logs();
    const out = await client.send(
      new logs.StartQueryCommand({
        logGroupNames: [...input.logGroupNames],
        queryString: input.queryString,
        startTime: input.startTime,
        endTime: input.endTime,
        limit: input.limit,
      }),
    );
    if (!out.queryId) {
      throw new Error('StartQuery returned no query id');
    }
    return out.queryId;
  }

  async getQueryResults(queryId: string, nextToken?: string): Promise<QueryResultsPage> {
    const { logs } = loadSdk();
    const client = await this.logs();
    const out = await client.send(new logs.GetQueryResultsCommand({ queryId, ...(nextToken ? { nextToken } : {}) }));
    const status: QueryStatus = out.status && STATUSES.has(out.status) ? out.status : 'Unknown';
    return { status, results: out.results ?? [], statistics: out.statistics, nextToken: out.nextToken };
  }

  async stopQuery(queryId: string): Promise<boolean> {
    const { logs } = loadSdk();
    const client = await this.logs();
    const out = await client.send(new logs.StopQueryCommand({ queryId }));
    return out.success === true;
  }

  /** Every saved query definition (optionally only those whose name starts with `prefix`). */
  async describeQueryDefinitions(prefix?: string): Promise<QueryDefinition[]> {
    const { logs } = loadSdk();
    const client = await this.logs();
    const out: QueryDefinition[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new logs.DescribeQueryDefinitionsCommand({ maxResults: 1000, ...(prefix ? { queryDefinitionNamePrefix: prefix } : {}), ...(nextToken ? { nextToken } : {}) }),
      );
      for (const d of page.queryDefinitions ?? []) {
        if (d.queryDefinitionId && d.name !== undefined && d.queryString !== undefined) {
          out.push({
            id: d.queryDefinitionId,
            name: d.name,
            queryString: d.queryString,
            logGroupNames: d.logGroupNames ?? [],
            ...(d.lastModified !== undefined ? { lastModified: d.lastModified } : {}),
          });
        }
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return out;
  }

  /**
   * Creates a query definition, or replaces one when `id` is given. PutQueryDefinition keeps nothing of
   * the old definition, so the log groups are always sent.
   */
  async putQueryDefinition(definition: { id?: string; name: string; queryString: string; logGroupNames: readonly string[] }): Promise<string> {
    const { logs } = loadSdk();
    const client = await this.logs();
    const out = await client.send(
      new logs.PutQueryDefinitionCommand({
        name: definition.name,
        queryString: definition.queryString,
        logGroupNames: [...definition.logGroupNames],
        ...(definition.id ? { queryDefinitionId: definition.id } : {}),
      }),
    );
    if (!out.queryDefinitionId) {
      throw new Error('PutQueryDefinition returned no id');
    }
    return out.queryDefinitionId;
  }

  /** Log groups of the account and region, up to `max` (the picker does not need thousands). */
  async listLogGroups(max = 1000): Promise<LogGroupInfo[]> {
    const { logs } = loadSdk();
    const client = await this.logs();
    const out: LogGroupInfo[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new logs.DescribeLogGroupsCommand({ limit: 50, ...(nextToken ? { nextToken } : {}) }));
      for (const g of page.logGroups ?? []) {
        if (g.logGroupName) {
          out.push({ name: g.logGroupName, ...(g.storedBytes !== undefined ? { storedBytes: g.storedBytes } : {}) });
        }
      }
      nextToken = page.nextToken;
    } while (nextToken && out.length < max);
    return out;
  }

  /**
   * The `LogFormat`s of the flow logs that deliver to each CloudWatch Logs log group (an absent format is
   * reported as the empty string: the default format).
   */
  async flowLogFormats(): Promise<Map<string, string[]>> {
    const { ec2 } = loadSdk();
    const client = await this.ec2();
    const byGroup = new Map<string, string[]>();
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ec2.DescribeFlowLogsCommand({ MaxResults: 1000, ...(nextToken ? { NextToken: nextToken } : {}) }));
      for (const f of page.FlowLogs ?? []) {
        if (f.LogDestinationType !== undefined && f.LogDestinationType !== 'cloud-watch-logs') {
          continue;
        }
        const group = f.LogGroupName ?? (f.LogDestination ? logGroupNameFromArn(f.LogDestination) : undefined);
        if (group) {
          byGroup.set(group, [...(byGroup.get(group) ?? []), f.LogFormat ?? '']);
        }
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return byGroup;
  }

  /** One page of FilterLogEvents over one log group (times in ms, both inclusive). */
  async filterLogEvents(
    request: { logGroupName: string; filterPattern: string; startTime: number; endTime: number; nextToken?: string; limit?: number },
    signal?: AbortSignal,
  ): Promise<FilteredEventsPage> {
    const { logs } = loadSdk();
    const client = await this.logs();
    const out = await client.send(
      new logs.FilterLogEventsCommand({
        logGroupName: request.logGroupName,
        filterPattern: request.filterPattern,
        startTime: request.startTime,
        endTime: request.endTime,
        limit: request.limit ?? 10_000,
        ...(request.nextToken ? { nextToken: request.nextToken } : {}),
      }),
      signal ? { abortSignal: signal } : {},
    );
    return {
      events: (out.events ?? []).map((e) => ({ message: e.message ?? '', timestamp: e.timestamp ?? 0, logStreamName: e.logStreamName ?? '' })),
      ...(out.nextToken ? { nextToken: out.nextToken } : {}),
    };
  }
}
