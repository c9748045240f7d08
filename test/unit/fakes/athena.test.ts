import * as assert from 'node:assert/strict';
import {
  AthenaServiceException, CreateNamedQueryCommand, GetQueryExecutionCommand, GetQueryResultsCommand, GetWorkGroupCommand, InvalidRequestException,
  ListDatabasesCommand, ListWorkGroupsCommand, StartQueryExecutionCommand, StopQueryExecutionCommand, paginateGetQueryResults,
  type GetQueryResultsCommandOutput, type QueryExecution, type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { athenaFlowLogsTableDdl, athenaQuery, athenaResultTable } from '../../../src/athena';
import { DEFAULT_FIELDS, parseFormat } from '../../../src/flowlogs';
import { DEMO_ATHENA, partitionMatches, registerDemoAthena, type DemoAthena } from '../../fixtures/demoAthena';
import { registerDemoAccount } from '../../fixtures/demoAccount';
import { DEMO_S3, registerDemoS3, sampleRecords, sampleWindows } from '../../fixtures/demoS3';
import { topByteTransfers } from '../../fixtures/insightsFake';
import { FakeAws } from '../../integration/fakeAws';
import { sdkClients } from './sdkClients';

/** The sample's time range (records' start), Unix seconds. */
const windows = sampleWindows();
const FROM = windows[0]!.windowStart;
const TO = windows[windows.length - 1]!.windowStart + 299;

/** Independently of the engine: REJECT records by source address, most first (ties by first seen). */
function rejectionsBySource(lines: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const f of lines.map((l) => l.split(' '))) {
    if (f[12] === 'REJECT') {
      counts.set(f[3]!, (counts.get(f[3]!) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

describe('Fake Athena (catalogue SQL over the demo bucket, through the real Athena client)', () => {
  const fake = new FakeAws();
  let demo: DemoAthena;
  let clients: ReturnType<typeof sdkClients>;

  const start = async (input: StartQueryExecutionCommandInput): Promise<string> =>
    (await clients.athena.send(new StartQueryExecutionCommand({ WorkGroup: DEMO_ATHENA.workGroup, ...input }))).QueryExecutionId!;
  /** Polls until the query is done; the states seen, in order, and the last execution. */
  const poll = async (id: string): Promise<{ states: string[]; execution: QueryExecution; scannedWhileRunning: (number | undefined)[] }> => {
    const states: string[] = [];
    const scannedWhileRunning: (number | undefined)[] = [];
    for (;;) {
      const { QueryExecution: execution } = await clients.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      states.push(execution!.Status!.State!);
      if (execution!.Status!.State === 'RUNNING') {
        scannedWhileRunning.push(execution!.Statistics?.DataScannedInBytes);
      }
      if (!['QUEUED', 'RUNNING'].includes(execution!.Status!.State!) || states.length > 10) {
        return { states, execution: execution!, scannedWhileRunning };
      }
    }
  };
  const results = async (id: string, pageSize?: number): Promise<GetQueryResultsCommandOutput[]> => {
    const pages: GetQueryResultsCommandOutput[] = [];
    for await (const page of paginateGetQueryResults({ client: clients.athena, ...(pageSize ? { pageSize } : {}) }, { QueryExecutionId: id })) {
      pages.push(page);
    }
    return pages;
  };
  const objectsOf = (flowLogId: string, hours?: number[]) => demo.s3.objects.filter((o) => o.flowLogId === flowLogId &&
    (!hours || hours.includes(new Date((o.windowStart + 300) * 1000).getUTCHours())));
  const bytesOf = (objects: readonly { size: number }[]): number => objects.reduce((n, o) => n + o.size, 0);

  before(async () => {
    registerDemoAccount(await fake.start());
    demo = await registerDemoAthena(fake);
    clients = sdkClients(fake);
  });
  after(async () => {
    clients.destroy();
    await fake.stop();
  });

  it('runs "Top 10 byte transfers" on the text table: QUEUED, RUNNING, SUCCEEDED, scanning the day\'s objects', async () => {
    const sql = athenaQuery('aws.topBytes', { table: DEMO_ATHENA.textTable, from: FROM, to: TO });
    const id = await start({ QueryString: sql, QueryExecutionContext: { Database: 'default' } });
    const { states, execution, scannedWhileRunning } = await poll(id);
    assert.deepEqual(states, ['QUEUED', 'RUNNING', 'SUCCEEDED']);
    const scanned = bytesOf(objectsOf(DEMO_S3.text.flowLogId));
    assert.equal(execution.Statistics?.DataScannedInBytes, scanned);
    assert.ok((scannedWhileRunning[0] ?? 0) > 0 && scannedWhileRunning[0]! < scanned, 'the bytes scanned so far show while it runs');
    assert.ok((execution.Statistics?.EngineExecutionTimeInMillis ?? 0) > 0);
    assert.equal(execution.Query, sql);
    assert.equal(execution.StatementType, 'DML');
    assert.equal(execution.WorkGroup, DEMO_ATHENA.workGroup);
    assert.deepEqual(execution.QueryExecutionContext, { Database: 'default', Catalog: 'AwsDataCatalog' });
    assert.equal(execution.ResultConfiguration?.OutputLocation, `${DEMO_ATHENA.outputLocation}${id}.csv`);
    assert.ok(execution.Status?.SubmissionDateTime instanceof Date);
    const recorded = fake.callsOf('athena', 'StartQueryExecution').at(-1)!.params;
    assert.equal(recorded['QueryString'], sql);
    assert.equal(recorded['WorkGroup'], DEMO_ATHENA.workGroup);
  });

  it('pages the results with the header row first, and they are the sample\'s top talkers', async () => {
    const id = await start({ QueryString: athenaQuery('aws.topBytes', { table: DEMO_ATHENA.textTable, from: FROM, to: TO }) });
    await poll(id);
    const pages = await results(id, 4);
    assert.deepEqual(pages.map((p) => p.ResultSet?.Rows?.length), [4, 4, 3], '1 header row + 10 rows, 4 a page');
    const first = pages[0]!.ResultSet!;
    assert.deepEqual(first.Rows?.[0]?.Data?.map((d) => d.VarCharValue), ['srcaddr', 'dstaddr', 'bytestransferred']);
    assert.deepEqual(first.ResultSetMetadata?.ColumnInfo?.map((c) => [c.Name, c.Type]), [['srcaddr', 'varchar'], ['dstaddr', 'varchar'], ['bytestransferred', 'bigint']]);
    assert.deepEqual(pages[2]!.ResultSet?.ResultSetMetadata, first.ResultSetMetadata, 'column info on every page');
    const table = athenaResultTable(pages);
    assert.deepEqual(table.columns.map((c) => c.field), ['srcAddr', 'dstAddr', 'bytesTransferred']);
    // The same question answered independently (insightsFake sums the sample by pair).
    const expected = topByteTransfers().map((r) => r.slice(0, 3).map((f) => f.value));
    assert.deepEqual(table.rows, expected);
    const calls = fake.callsOf('athena', 'GetQueryResults').slice(-3);
    assert.deepEqual(calls.map((c) => c.params['MaxResults']), [4, 4, 4]);
    assert.equal(typeof calls[1]!.params['NextToken'], 'string');
  });

  it('runs "Top 20 rejected sources" on the Parquet table, and a narrower range scans fewer hours', async () => {
    const query = (to: number, lag?: number) => athenaQuery('aws.topRejectedSources', {
      table: DEMO_ATHENA.parquetTable, from: FROM, to, hiveCompatiblePartitions: true, perHourPartition: true, ...(lag === undefined ? {} : { deliveryLagSeconds: lag }),
    });
    const all = await start({ QueryString: query(TO) });
    const whole = await poll(all);
    assert.equal(whole.execution.Status?.State, 'SUCCEEDED');
    assert.equal(whole.execution.Statistics?.DataScannedInBytes, bytesOf(objectsOf(DEMO_S3.parquet.flowLogId)));
    const rows = athenaResultTable(await results(all)).rows.map((r) => [r[0]!, Number(r[1])]);
    assert.deepEqual(rows.map((r) => r[1]), rejectionsBySource(windows.flatMap((w) => w.lines)).slice(0, 20).map((r) => r[1]));
    assert.deepEqual(new Map(rows as [string, number][]), new Map(rejectionsBySource(windows.flatMap((w) => w.lines)).filter(([a]) => rows.some((r) => r[0] === a))));
    // 08:00 to 08:20 with 10 minutes of delivery lag reads only the hour=08 folder.
    const early = await start({ QueryString: query(FROM + 1199, 600) });
    const narrow = await poll(early);
    assert.match(narrow.execution.Query ?? '', /hour = '08'/);
    assert.equal(narrow.execution.Statistics?.DataScannedInBytes, bytesOf(objectsOf(DEMO_S3.parquet.flowLogId, [8])));
    assert.ok(narrow.execution.Statistics.DataScannedInBytes < whole.execution.Statistics.DataScannedInBytes);
    const earlyRows = athenaResultTable(await results(early)).rows;
    const earlyLines = windows.filter((w) => w.windowStart < FROM + 1200).flatMap((w) => w.lines);
    assert.deepEqual(earlyRows.map((r) => Number(r[1])), rejectionsBySource(earlyLines).slice(0, 20).map((r) => r[1]));
  });

  it('writes the results file to the work group\'s output location in S3', async () => {
    const id = await start({ QueryString: athenaQuery('aws.topBytes', { table: DEMO_ATHENA.textTable, from: FROM, to: TO }) });
    await poll(id);
    const csv = demo.s3.s3.buckets.get(DEMO_ATHENA.outputBucket)?.objects.get(`flowlogs/${id}.csv`)?.body.toString('utf8') ?? '';
    assert.equal(csv.split('\n')[0], '"srcaddr","dstaddr","bytestransferred"');
    assert.equal(csv.trimEnd().split('\n').length, 11);
  });

  it('FAILs SQL it does not know, with a reason, and refuses its results', async () => {
    const id = await start({ QueryString: 'SELECT count(*) FROM default.vpc_flow_logs' });
    const { states, execution } = await poll(id);
    assert.equal(states.at(-1), 'FAILED');
    assert.match(execution.Status?.StateChangeReason ?? '', /fake Athena does not know this statement/);
    assert.equal(execution.Status?.AthenaError?.ErrorCategory, 2);
    await assert.rejects(clients.athena.send(new GetQueryResultsCommand({ QueryExecutionId: id })), (e: unknown) =>
      e instanceof InvalidRequestException && /Final query state: FAILED/.test(e.message));
  });

  it('FAILs a catalogue query on a table that does not exist', async () => {
    const id = await start({ QueryString: athenaQuery('aws.topBytes', { table: 'default.missing_table', from: FROM, to: TO }) });
    const { execution } = await poll(id);
    assert.equal(execution.Status?.State, 'FAILED');
    assert.match(execution.Status?.StateChangeReason ?? '', /^TABLE_NOT_FOUND: .*'awsdatacatalog\.default\.missing_table' does not exist/);
  });

  it('cancels a running query on StopQueryExecution, and records that the stop reached it', async () => {
    demo.athena.respond((q) => (q.sql.startsWith('SELECT 1 -- slow') ? { columns: [{ name: '_col0', type: 'integer' }], rows: [['1']], runningPolls: Infinity } : undefined));
    const id = await start({ QueryString: 'SELECT 1 -- slow' });
    assert.equal((await clients.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution?.Status?.State, 'QUEUED');
    assert.equal((await clients.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution?.Status?.State, 'RUNNING');
    await assert.rejects(clients.athena.send(new GetQueryResultsCommand({ QueryExecutionId: id })), (e: unknown) =>
      e instanceof InvalidRequestException && e.message === 'Query has not yet finished. Current state: RUNNING');
    await clients.athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    assert.deepEqual(demo.athena.stopped.slice(-1), [id]);
    const { execution } = await poll(id);
    assert.equal(execution.Status?.State, 'CANCELLED');
    assert.ok(execution.Status?.CompletionDateTime instanceof Date);
  });

  it('refuses a query without a result location (the primary work group has none), as Athena does', async () => {
    let caught: unknown;
    await assert.rejects(clients.athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1' })), (e: unknown) => {
      caught = e;
      return true;
    });
    assert.ok(caught instanceof InvalidRequestException);
    assert.match(caught.message, /^No output location provided/);
    assert.equal(caught.AthenaErrorCode, 'INVALID_INPUT');
    await assert.rejects(
      clients.athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', WorkGroup: 'nope' })),
      (e: unknown) => e instanceof AthenaServiceException && e.message === 'WorkGroup nope is not found.',
    );
  });

  it('runs the table DDL: a new database and table that catalogue queries then read', async () => {
    const db = await start({ QueryString: 'CREATE DATABASE IF NOT EXISTS flowlogs' });
    assert.deepEqual((await poll(db)).states, ['RUNNING', 'SUCCEEDED']);
    const layout = demo.s3.layouts.get(DEMO_S3.text.flowLogId)!;
    const ddl = athenaFlowLogsTableDdl({ tableName: 'flowlogs.vpc1', location: layout.location, fields: [...DEFAULT_FIELDS], fileFormat: 'plain-text' });
    const create = await start({ QueryString: ddl });
    const created = await poll(create);
    assert.equal(created.execution.Status?.State, 'SUCCEEDED');
    assert.equal(created.execution.StatementType, 'DDL');
    assert.deepEqual((await results(create))[0]?.ResultSet?.Rows, []);
    const databases = await clients.athena.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog' }));
    assert.deepEqual(databases.DatabaseList?.map((d) => d.Name), ['default', 'flowlogs']);
    const id = await start({ QueryString: athenaQuery('aws.topRejectedSources', { table: 'flowlogs.vpc1', from: FROM, to: TO }) });
    assert.equal((await poll(id)).execution.Status?.State, 'SUCCEEDED');
    assert.equal(athenaResultTable(await results(id)).rows.length, Math.min(20, rejectionsBySource(windows.flatMap((w) => w.lines)).length));
  });

  it('lists work groups, describes one with its result location, and saves a named query', async () => {
    const groups = await clients.athena.send(new ListWorkGroupsCommand({}));
    assert.deepEqual(groups.WorkGroups?.map((w) => [w.Name, w.State]), [[DEMO_ATHENA.workGroup, 'ENABLED'], ['primary', 'ENABLED']]);
    const group = await clients.athena.send(new GetWorkGroupCommand({ WorkGroup: DEMO_ATHENA.workGroup }));
    assert.equal(group.WorkGroup?.Configuration?.ResultConfiguration?.OutputLocation, DEMO_ATHENA.outputLocation);
    assert.equal(group.WorkGroup?.Configuration?.EngineVersion?.EffectiveEngineVersion, 'Athena engine version 3');
    const sql = athenaQuery('aws.topBytes', { table: DEMO_ATHENA.textTable, from: FROM, to: TO });
    const named = await clients.athena.send(new CreateNamedQueryCommand({ Name: 'Top talkers', Database: 'default', QueryString: sql, WorkGroup: DEMO_ATHENA.workGroup }));
    assert.equal(demo.athena.namedQueries.find((q) => q.id === named.NamedQueryId)?.queryString, sql);
  });

  it('treats a repeated client request token as the same query', async () => {
    const input = { QueryString: athenaQuery('aws.topBytes', { table: DEMO_ATHENA.textTable, from: FROM, to: TO }), ClientRequestToken: 'token-0123456789-0123456789-0123456789' };
    const before = demo.athena.executions.length;
    assert.equal(await start(input), await start(input));
    assert.equal(demo.athena.executions.length, before + 1);
  });
});

describe('Fake Athena over a flow log with a custom format', () => {
  it('makes the tables from the flow log\'s LogFormat and answers "Top 10 byte transfers" from its Parquet files', async () => {
    const fake = await new FakeAws().start();
    const clients = sdkClients(fake);
    try {
      const { s3 } = await registerDemoAthena(fake, { s3: await registerDemoS3(fake, { sample: 's3-export-v3.log.gz' }) });
      const { format, lines } = sampleRecords('s3-export-v3.log.gz');
      const fields = parseFormat(format);
      assert.deepEqual(fields.slice(0, 3), ['version', 'vpc-id', 'subnet-id']);
      const starts = lines.map((l) => Number(l.split(' ')[fields.indexOf('start')]));
      const sql = athenaQuery('aws.topBytes', {
        table: DEMO_ATHENA.parquetTable, from: Math.min(...starts), to: Math.max(...starts), fields, hiveCompatiblePartitions: true, perHourPartition: true,
      });
      const { QueryExecutionId: id } = await clients.athena.send(new StartQueryExecutionCommand({ QueryString: sql, WorkGroup: DEMO_ATHENA.workGroup }));
      let state = '';
      for (let i = 0; i < 5 && state !== 'SUCCEEDED' && state !== 'FAILED'; i++) {
        state = (await clients.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution?.Status?.State ?? '';
      }
      assert.equal(state, 'SUCCEEDED');
      const page = await clients.athena.send(new GetQueryResultsCommand({ QueryExecutionId: id }));
      // Independently: bytes summed by pair from the sample's own columns.
      const sums = new Map<string, number>();
      for (const f of lines.map((l) => l.split(' '))) {
        const key = `${f[fields.indexOf('srcaddr')]!} ${f[fields.indexOf('dstaddr')]!}`;
        sums.set(key, (sums.get(key) ?? 0) + Number(f[fields.indexOf('bytes')]));
      }
      const top = [...sums.values()].sort((a, b) => b - a).slice(0, 10);
      assert.deepEqual(athenaResultTable([page]).rows.map((r) => Number(r[2])), top);
      assert.equal(s3.flowLogs[1]!.LogFormat, format);
    } finally {
      clients.destroy();
      await fake.stop();
    }
  });
});

describe('Partition predicates as the fake Athena reads them', () => {
  it('evaluates =, BETWEEN, AND, OR and parentheses over an object\'s partition values', () => {
    const at = { year: '2024', month: '11', day: '27', hour: '08' };
    assert.equal(partitionMatches("year = '2024' AND month = '11' AND day = '27' AND hour BETWEEN '08' AND '09'", at), true);
    assert.equal(partitionMatches("year = '2024' AND month = '11' AND day = '27' AND hour BETWEEN '09' AND '12'", at), false);
    assert.equal(partitionMatches("((year = '2024' AND month = '11' AND day = '26') OR (year = '2024' AND month = '11' AND day = '27' AND hour = '08'))", at), true);
    assert.equal(partitionMatches("day BETWEEN '2024/11/02' AND '2024/11/26'", { day: '2024/11/27' }), false);
    assert.equal(partitionMatches("day BETWEEN '2024/11/02' AND '2024/11/29'", { day: '2024/11/27' }), true);
  });
});
