/**
 * The Athena operations the extension uses, each named once on the shared `send`: StartQueryExecution,
 * GetQueryExecution (state and statistics: the bytes scanned are what a query is billed for),
 * GetQueryResults (pages of up to 1,000 rows), StopQueryExecution, ListWorkGroups, GetWorkGroup and
 * ListDatabases.
 */
import type * as Athena from '@aws-sdk/client-athena';
import type { AthenaResultPage } from '../athena/results';
import type { AwsClientFactory } from './clientFactory';
import { AwsProblemError } from './errors';
import type { Sdk } from './loadSdk';
import { toAthenaQueryExecution, type AthenaQueryExecution, type AthenaWorkGroup } from './models';
import { clampPageSize, collect, send, type Page } from './request';

export type { AthenaQueryExecution, AthenaWorkGroup };

/** The data catalog flow log tables live in (Glue's, which Athena calls AwsDataCatalog). */
export const DEFAULT_DATA_CATALOG = 'AwsDataCatalog';

/** Rows per GetQueryResults call at most. */
export const MAX_ATHENA_RESULTS_PAGE = 1000;

/** What StartQueryExecution is given. */
export interface StartAthenaQueryInput {
  readonly sql: string;
  /** The database unqualified table names are looked up in. */
  readonly database?: string | undefined;
  readonly workGroup?: string | undefined;
  /** `s3://bucket/prefix/` for the results; undefined: the work group's. */
  readonly outputLocation?: string | undefined;
}

/** One page of a query's results and the token of the next. */
export interface AthenaResultsPage {
  readonly page: AthenaResultPage;
  readonly nextToken: string | undefined;
}

/** The Athena wrapper. Every failure is an `AwsProblemError` naming the IAM action. */
export class AthenaApi {
  constructor(private readonly aws: AwsClientFactory) {}

  private send<R>(operation: string, command: (sdk: Sdk['athena']) => object, signal?: AbortSignal): Promise<R> {
    return send<'athena', R>(this.aws, 'athena', operation, command, signal);
  }

  /** Starts a query; returns its execution id. */
  async startQueryExecution(input: StartAthenaQueryInput, signal?: AbortSignal): Promise<string> {
    const out = await this.send<Athena.StartQueryExecutionOutput>(
      'StartQueryExecution',
      (sdk) =>
        new sdk.StartQueryExecutionCommand({
          QueryString: input.sql,
          ...(input.database ? { QueryExecutionContext: { Database: input.database, Catalog: DEFAULT_DATA_CATALOG } } : {}),
          ...(input.workGroup ? { WorkGroup: input.workGroup } : {}),
          ...(input.outputLocation ? { ResultConfiguration: { OutputLocation: input.outputLocation } } : {}),
        }),
      signal,
    );
    if (!out.QueryExecutionId) {
      throw new AwsProblemError({ kind: 'other', message: 'athena:StartQueryExecution failed: Athena returned no query execution id.' });
    }
    return out.QueryExecutionId;
  }

  /** A query's state and statistics so far. */
  async queryExecution(id: string, signal?: AbortSignal): Promise<AthenaQueryExecution> {
    const out = await this.send<Athena.GetQueryExecutionOutput>('GetQueryExecution', (sdk) => new sdk.GetQueryExecutionCommand({ QueryExecutionId: id }), signal);
    return toAthenaQueryExecution(id, out.QueryExecution);
  }

  /** One page of a finished query's results (the first page of a SELECT starts with the column names). */
  async queryResults(id: string, nextToken?: string, maxResults = MAX_ATHENA_RESULTS_PAGE, signal?: AbortSignal): Promise<AthenaResultsPage> {
    const out = await this.send<Athena.GetQueryResultsOutput>(
      'GetQueryResults',
      (sdk) => new sdk.GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: clampPageSize(maxResults, 1, MAX_ATHENA_RESULTS_PAGE), ...(nextToken ? { NextToken: nextToken } : {}) }),
      signal,
    );
    return { page: { ResultSet: out.ResultSet }, nextToken: out.NextToken };
  }

  /** Stops a query (it is billed for what it scanned until then). */
  async stopQueryExecution(id: string, signal?: AbortSignal): Promise<void> {
    await this.send<unknown>('StopQueryExecution', (sdk) => new sdk.StopQueryExecutionCommand({ QueryExecutionId: id }), signal);
  }

  /** The work groups of the region. */
  workGroups(signal?: AbortSignal): Promise<AthenaWorkGroup[]> {
    return collect(async (token): Promise<Page<AthenaWorkGroup>> => {
      const out = await this.send<Athena.ListWorkGroupsOutput>('ListWorkGroups', (sdk) => new sdk.ListWorkGroupsCommand({ MaxResults: 50, ...(token ? { NextToken: token } : {}) }), signal);
      const items = (out.WorkGroups ?? []).filter((w) => w.Name).map((w) => ({ name: w.Name!, state: w.State, description: w.Description || undefined }));
      return { items, nextToken: out.NextToken };
    }, 20);
  }

  /** One work group with its result location. */
  async workGroup(name: string, signal?: AbortSignal): Promise<AthenaWorkGroup> {
    const out = await this.send<Athena.GetWorkGroupOutput>('GetWorkGroup', (sdk) => new sdk.GetWorkGroupCommand({ WorkGroup: name }), signal);
    const w = out.WorkGroup;
    return {
      name: w?.Name ?? name,
      state: w?.State,
      description: w?.Description || undefined,
      outputLocation: w?.Configuration?.ResultConfiguration?.OutputLocation || undefined,
      enforced: w?.Configuration?.EnforceWorkGroupConfiguration === true,
    };
  }

  /** The databases of a data catalog, by name. */
  databases(catalog = DEFAULT_DATA_CATALOG, signal?: AbortSignal): Promise<string[]> {
    return collect(async (token): Promise<Page<string>> => {
      const out = await this.send<Athena.ListDatabasesOutput>('ListDatabases', (sdk) => new sdk.ListDatabasesCommand({ CatalogName: catalog, MaxResults: 50, ...(token ? { NextToken: token } : {}) }), signal);
      return { items: (out.DatabaseList ?? []).map((d) => d.Name).filter((n): n is string => !!n), nextToken: out.NextToken };
    }, 20);
  }
}
