/**
 * Every CloudWatch Logs operation the extension uses, named once: DescribeLogGroups,
 * DescribeLogStreams, GetLogEvents, FilterLogEvents, CreateLogGroup, PutRetentionPolicy, DeleteLogGroup,
 * the Logs Insights calls StartQuery, GetQueryResults, StopQuery, DescribeQueryDefinitions and
 * PutQueryDefinition, and Live Tail's StartLiveTail (an event stream). Listings are page functions (50 per page, the API maximum), streams newest
 * activity first, events at the API maximum per call.
 */
import type * as Logs from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClientFactory } from './clientFactory';
import { AwsProblemError, describeAwsError, hasAwsCode, type AwsCallContext } from './errors';
import type { Sdk } from './loadSdk';
import {
  toLiveTailEvent,
  toLogEvent,
  toLogGroup,
  toLogStream,
  type LiveTailRequest,
  type LiveTailUpdate,
  type LogEvent,
  type LogGroupInfo,
  type LogStreamInfo,
  type QueryDefinition,
  type QueryResultsPage,
  type QueryStatus,
  type StartQueryInput,
} from './models';
import { clampPageSize, collect, send, type Page } from './request';

/** GetLogEvents and FilterLogEvents return at most this many events per call. */
export const MAX_EVENTS_PER_CALL = 10_000;
/** DescribeLogStreams and DescribeLogGroups return at most this many per page. */
export const MAX_LOG_LIST_PAGE = 50;

/** StartLiveTail's limits. */
export const LIVE_TAIL_MAX_GROUPS = 10;
export const LIVE_TAIL_MAX_PATTERN = 1024;

const STATUSES: ReadonlySet<string> = new Set(['Scheduled', 'Running', 'Complete', 'Failed', 'Cancelled', 'Timeout', 'Unknown']);

/** The raw answer of one GetLogEvents call. */
export interface LogEventsResult {
  /** Chronological, as the API returns them. */
  readonly events: LogEvent[];
  readonly nextForwardToken: string | undefined;
  readonly nextBackwardToken: string | undefined;
}

/** What `createLogGroup` did. */
export interface LogGroupCreated {
  readonly name: string;
  /** False when the group already existed (someone made it meanwhile): nothing was created. */
  readonly created: boolean;
  /** The retention set, if any. */
  readonly retentionInDays?: number | undefined;
}

/** The CloudWatch Logs wrapper. Every failure is an `AwsProblemError` naming the IAM action. */
export class LogsApi {
  constructor(private readonly aws: AwsClientFactory) {}

  private send<R>(operation: string, command: (sdk: Sdk['logs']) => object, signal?: AbortSignal): Promise<R> {
    return send<'logs', R>(this.aws, 'logs', operation, command, signal);
  }

  /**
   * One page of log groups. `pattern` is matched anywhere in the name, case-insensitively, by the
   * server (`logGroupNamePattern`); `prefix` from the start (`logGroupNamePrefix`). Only one of them.
   */
  async logGroupsPage(
    options: { token?: string | undefined; limit?: number; pattern?: string | undefined; prefix?: string | undefined },
    signal?: AbortSignal,
  ): Promise<Page<LogGroupInfo>> {
    const out = await this.send<Logs.DescribeLogGroupsResponse>(
      'DescribeLogGroups',
      (sdk) =>
        new sdk.DescribeLogGroupsCommand({
          limit: clampPageSize(options.limit ?? MAX_LOG_LIST_PAGE, 1, MAX_LOG_LIST_PAGE),
          nextToken: options.token,
          ...(options.prefix ? { logGroupNamePrefix: options.prefix } : options.pattern ? { logGroupNamePattern: options.pattern } : {}),
        }),
      signal,
    );
    return { items: (out.logGroups ?? []).filter((g) => g.logGroupName).map(toLogGroup), nextToken: out.nextToken };
  }

  /** Log groups of the region, page after page, up to `max` (accounts can have many thousands). */
  logGroups(max = 1000, signal?: AbortSignal): Promise<LogGroupInfo[]> {
    return collect((token) => this.logGroupsPage({ token }, signal), Number.POSITIVE_INFINITY, max);
  }

  /** One log group by exact name, or undefined when it does not exist. */
  async logGroup(name: string, signal?: AbortSignal): Promise<LogGroupInfo | undefined> {
    // Names sort with the exact name before any longer name it prefixes, so the first page has it.
    const page = await this.logGroupsPage({ prefix: name, limit: 5 }, signal);
    return page.items.find((g) => g.name === name);
  }

  /** One page of a group's streams, the most recent activity first (the stream of a busy ENI on top). */
  async logStreamsPage(group: string, token: string | undefined, limit = MAX_LOG_LIST_PAGE, signal?: AbortSignal): Promise<Page<LogStreamInfo>> {
    const out = await this.send<Logs.DescribeLogStreamsResponse>(
      'DescribeLogStreams',
      (sdk) =>
        new sdk.DescribeLogStreamsCommand({
          logGroupName: group,
          orderBy: 'LastEventTime',
          descending: true,
          limit: clampPageSize(limit, 1, MAX_LOG_LIST_PAGE),
          nextToken: token,
        }),
      signal,
    );
    return { items: (out.logStreams ?? []).map(toLogStream), nextToken: out.nextToken };
  }

  /** Streams whose names start with `prefix` (e.g. one ENI's `eni-...-all`). */
  async logStreamsByPrefix(group: string, prefix: string, signal?: AbortSignal): Promise<LogStreamInfo[]> {
    const out = await this.send<Logs.DescribeLogStreamsResponse>(
      'DescribeLogStreams',
      (sdk) => new sdk.DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: prefix, limit: MAX_LOG_LIST_PAGE }),
      signal,
    );
    return (out.logStreams ?? []).map(toLogStream);
  }

  /** One GetLogEvents call. */
  async getLogEvents(
    request: {
      group: string;
      stream: string;
      token?: string | undefined;
      startFromHead: boolean;
      limit?: number;
      startTime?: number | undefined;
      endTime?: number | undefined;
    },
    signal?: AbortSignal,
  ): Promise<LogEventsResult> {
    const out = await this.send<Logs.GetLogEventsResponse>(
      'GetLogEvents',
      (sdk) =>
        new sdk.GetLogEventsCommand({
          logGroupName: request.group,
          logStreamName: request.stream,
          nextToken: request.token,
          startFromHead: request.startFromHead,
          limit: clampPageSize(request.limit ?? MAX_EVENTS_PER_CALL, 1, MAX_EVENTS_PER_CALL),
          startTime: request.startTime,
          endTime: request.endTime,
        }),
      signal,
    );
    return { events: (out.events ?? []).map(toLogEvent), nextForwardToken: out.nextForwardToken, nextBackwardToken: out.nextBackwardToken };
  }

  /**
   * One FilterLogEvents call over several streams of a group (all streams when `streams` is empty),
   * oldest first within `[startTime, endTime]` (both inclusive), optionally with a filter pattern.
   */
  async filterLogEvents(
    request: {
      group: string;
      streams?: readonly string[];
      filterPattern?: string | undefined;
      startTime?: number | undefined;
      endTime?: number | undefined;
      token?: string | undefined;
      limit?: number;
    },
    signal?: AbortSignal,
  ): Promise<Page<LogEvent>> {
    const out = await this.send<Logs.FilterLogEventsResponse>(
      'FilterLogEvents',
      (sdk) =>
        new sdk.FilterLogEventsCommand({
          logGroupName: request.group,
          ...(request.streams?.length ? { logStreamNames: [...request.streams] } : {}),
          ...(request.filterPattern ? { filterPattern: request.filterPattern } : {}),
          startTime: request.startTime,
          endTime: request.endTime,
          nextToken: request.token,
          limit: clampPageSize(request.limit ?? MAX_EVENTS_PER_CALL, 1, MAX_EVENTS_PER_CALL),
        }),
      signal,
    );
    return { items: (out.events ?? []).map(toLogEvent), nextToken: out.nextToken };
  }

  /**
   * Creates a log group and sets its retention (`undefined`: never expire). A group that already
   * exists is reported as not created. If the group was created but the retention could not be set,
   * the error says so (the group exists then).
   */
  async createLogGroup(name: string, retentionInDays?: number, signal?: AbortSignal): Promise<LogGroupCreated> {
    let created = true;
    try {
      await this.send<unknown>('CreateLogGroup', (sdk) => new sdk.CreateLogGroupCommand({ logGroupName: name }), signal);
    } catch (error) {
      if (!hasAwsCode(error, 'ResourceAlreadyExistsException')) {
        throw error;
      }
      created = false;
    }
    if (retentionInDays !== undefined) {
      try {
        await this.send<unknown>('PutRetentionPolicy', (sdk) => new sdk.PutRetentionPolicyCommand({ logGroupName: name, retentionInDays }), signal);
      } catch (error) {
        const problem = describeAwsError(error, { action: 'logs:PutRetentionPolicy' });
        throw new AwsProblemError({
          ...problem,
          message: `${problem.message} The log group ${name} ${created ? 'was created' : 'exists'} and keeps its records forever until a retention is set.`,
        });
      }
    }
    return { name, created, retentionInDays };
  }

  /** Deletes a log group and every record in it. */
  async deleteLogGroup(name: string, signal?: AbortSignal): Promise<void> {
    await this.send<unknown>('DeleteLogGroup', (sdk) => new sdk.DeleteLogGroupCommand({ logGroupName: name }), signal);
  }

  // ---- Logs Insights ----

  /** Starts a query; returns its id. */
  async startQuery(input: StartQueryInput, signal?: AbortSignal): Promise<string> {
    const out = await this.send<Logs.StartQueryResponse>(
      'StartQuery',
      (sdk) =>
        new sdk.StartQueryCommand({
          logGroupNames: [...input.logGroupNames],
          queryString: input.queryString,
          startTime: input.startTime,
          endTime: input.endTime,
          limit: input.limit,
        }),
      signal,
    );
    if (!out.queryId) {
      throw new AwsProblemError({ kind: 'other', message: 'logs:StartQuery failed: CloudWatch Logs returned no query id.' });
    }
    return out.queryId;
  }

  /** One GetQueryResults call (a status it does not know is `Unknown`). */
  async getQueryResults(queryId: string, nextToken?: string, signal?: AbortSignal): Promise<QueryResultsPage> {
    const out = await this.send<Logs.GetQueryResultsResponse>(
      'GetQueryResults',
      (sdk) => new sdk.GetQueryResultsCommand({ queryId, ...(nextToken ? { nextToken } : {}) }),
      signal,
    );
    const status: QueryStatus = out.status && STATUSES.has(out.status) ? out.status : 'Unknown';
    return { status, results: out.results ?? [], statistics: out.statistics, nextToken: out.nextToken };
  }

  /** True when the query was running and is now stopped; false when it had already finished. */
  async stopQuery(queryId: string, signal?: AbortSignal): Promise<boolean> {
    const out = await this.send<Logs.StopQueryResponse>('StopQuery', (sdk) => new sdk.StopQueryCommand({ queryId }), signal);
    return out.success === true;
  }

  /** Every saved query definition (optionally only those whose name starts with `prefix`). */
  queryDefinitions(prefix?: string, signal?: AbortSignal): Promise<QueryDefinition[]> {
    return collect(async (token) => {
      const out = await this.send<Logs.DescribeQueryDefinitionsResponse>(
        'DescribeQueryDefinitions',
        (sdk) => new sdk.DescribeQueryDefinitionsCommand({ maxResults: 1000, ...(prefix ? { queryDefinitionNamePrefix: prefix } : {}), ...(token ? { nextToken: token } : {}) }),
        signal,
      );
      const items: QueryDefinition[] = [];
      for (const d of out.queryDefinitions ?? []) {
        if (d.queryDefinitionId && d.name !== undefined && d.queryString !== undefined) {
          items.push({
            id: d.queryDefinitionId,
            name: d.name,
            queryString: d.queryString,
            logGroupNames: d.logGroupNames ?? [],
            ...(d.lastModified !== undefined ? { lastModified: d.lastModified } : {}),
          });
        }
      }
      return { items, nextToken: out.nextToken };
    }, Number.POSITIVE_INFINITY);
  }

  /**
   * Creates a query definition, or replaces one when `id` is given. PutQueryDefinition keeps nothing of
   * the old definition, so the log groups are always sent.
   */
  async putQueryDefinition(definition: { id?: string; name: string; queryString: string; logGroupNames: readonly string[] }, signal?: AbortSignal): Promise<string> {
    const out = await this.send<Logs.PutQueryDefinitionResponse>(
      'PutQueryDefinition',
      (sdk) =>
        new sdk.PutQueryDefinitionCommand({
          name: definition.name,
          queryString: definition.queryString,
          logGroupNames: [...definition.logGroupNames],
          ...(definition.id ? { queryDefinitionId: definition.id } : {}),
        }),
      signal,
    );
    if (!out.queryDefinitionId) {
      throw new AwsProblemError({ kind: 'other', message: 'logs:PutQueryDefinition failed: CloudWatch Logs returned no definition id.' });
    }
    return out.queryDefinitionId;
  }

  // ---- Live Tail ----

  /**
   * Starts a Live Tail session (StartLiveTail): resolves once AWS has accepted it, to the session's
   * updates as an async iterable (`start` first, then about one `update` a second). The session lasts
   * until `signal` aborts (which closes the connection: the SDK keeps the HTTP/1.1 stream open
   * otherwise), AWS ends it (after 3 hours, or on a streaming error: the iteration throws an
   * `AwsProblemError` of kind `sessionEnded`), or the connection fails. Ending it by abort ends the
   * iteration quietly. The request timeout covers only the start; a session may be quiet for long.
   */
  async startLiveTail(request: LiveTailRequest, signal: AbortSignal): Promise<AsyncIterable<LiveTailUpdate>> {
    const action = 'logs:StartLiveTail';
    const groups = request.groupArns.map((g) => g.replace(/:\*$/, ''));
    const invalid = (why: string): never => {
      throw new AwsProblemError({ kind: 'invalidInput', message: `${action} failed: ${why}` });
    };
    if (groups.length < 1 || groups.length > LIVE_TAIL_MAX_GROUPS) {
      invalid(`a session watches 1 to ${LIVE_TAIL_MAX_GROUPS} log groups, not ${groups.length}.`);
    }
    const names = request.streamNames?.length ? [...request.streamNames] : undefined;
    const prefixes = request.streamPrefixes?.length ? [...request.streamPrefixes] : undefined;
    if (names && prefixes) {
      invalid('give stream names or stream prefixes, not both.');
    }
    if ((names || prefixes) && groups.length !== 1) {
      invalid('streams can be chosen only in a session on one log group.');
    }
    const pattern = request.filterPattern?.trim() || undefined;
    if (pattern && pattern.length > LIVE_TAIL_MAX_PATTERN) {
      invalid(`the filter pattern has ${pattern.length} characters; at most ${LIVE_TAIL_MAX_PATTERN} are allowed.`);
    }
    const out = await this.send<Logs.StartLiveTailResponse>(
      'StartLiveTail',
      (sdk) =>
        new sdk.StartLiveTailCommand({
          logGroupIdentifiers: groups,
          ...(names ? { logStreamNames: names } : {}),
          ...(prefixes ? { logStreamNamePrefixes: prefixes } : {}),
          ...(pattern ? { logEventFilterPattern: pattern } : {}),
        }),
      signal,
    );
    if (!out.responseStream) {
      throw new AwsProblemError({ kind: 'other', message: `${action} failed: CloudWatch Logs returned no event stream.` });
    }
    const context = async (): Promise<AwsCallContext> => {
      const connection = await this.aws.connection().catch(() => undefined);
      return { action, profile: connection?.profile, region: connection?.region, endpointUrl: connection?.endpointUrl };
    };
    return liveTailUpdates(out.responseStream, signal, context);
  }
}

/**
 * The SDK's Live Tail event stream as the extension's updates. An error after `signal` aborted is the
 * stopped session (the SDK reports the closed connection as `aborted`/ECONNRESET): the iteration ends.
 */
async function* liveTailUpdates(
  stream: AsyncIterable<Logs.StartLiveTailResponseStream>,
  signal: AbortSignal,
  context: () => Promise<AwsCallContext>,
): AsyncGenerator<LiveTailUpdate, void, undefined> {
  try {
    for await (const item of stream) {
      if (signal.aborted) {
        return;
      }
      if (item.sessionStart) {
        const start = item.sessionStart;
        yield { kind: 'start', sessionId: start.sessionId ?? '', requestId: start.requestId ?? '', filterPattern: start.logEventFilterPattern || undefined };
      } else if (item.sessionUpdate) {
        const update = item.sessionUpdate;
        yield { kind: 'update', events: (update.sessionResults ?? []).map(toLiveTailEvent), sampled: update.sessionMetadata?.sampled === true };
      } else if (item.SessionTimeoutException ?? item.SessionStreamingException) {
        throw item.SessionTimeoutException ?? item.SessionStreamingException;
      }
    }
  } catch (error) {
    if (signal.aborted) {
      return;
    }
    throw new AwsProblemError(describeAwsError(error, await context()));
  }
}
