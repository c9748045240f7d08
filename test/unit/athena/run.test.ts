import * as assert from 'node:assert/strict';
import { AthenaClient, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { athenaCostEstimate, athenaQuery, athenaResultTable, formatScanCost } from '../../../src/athena';
import { athenaProgressMessage, runAthenaQuery, type AthenaProgress } from '../../../src/athena/run';
import { AthenaApi } from '../../../src/aws/athena';
import { AwsProblemError } from '../../../src/aws/errors';
import { registerDemoAccount } from '../../fixtures/demoAccount';
import { DEMO_ATHENA, registerDemoAthena, type DemoAthena } from '../../fixtures/demoAthena';
import { DEMO_S3, sampleWindows } from '../../fixtures/demoS3';
import { FakeAws } from '../../integration/fakeAws';
import { awsTestEnv } from '../aws/awsTestEnv';

const windows = sampleWindows();
const FROM = windows[0]!.windowStart;
const TO = windows[windows.length - 1]!.windowStart + 299;
const noWait = (): Promise<void> => Promise.resolve();

describe('Athena wrapper and query loop (real SDK over loopback to the fake Athena)', () => {
  const fake = new FakeAws();
  let env: ReturnType<typeof awsTestEnv>;
  let athena: AthenaApi;
  let demo: DemoAthena;

  before(async () => {
    registerDemoAccount(await fake.start());
    demo = await registerDemoAthena(fake);
    env = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url });
    athena = new AthenaApi(env.factory);
  });
  after(async () => {
    env.dispose();
    await fake.stop();
  });
  beforeEach(() => {
    fake.calls.length = 0;
  });

  it('runs a catalogue query to the end: progress with the bytes scanned so far, then every result page', async () => {
    const sql = athenaQuery('aws.topBytes', { table: DEMO_ATHENA.textTable, from: FROM, to: TO });
    const progress: AthenaProgress[] = [];
    const outcome = await runAthenaQuery(athena, { sql, database: 'default', workGroup: DEMO_ATHENA.workGroup }, { sleep: noWait, onProgress: (p) => progress.push(p) });
    assert.equal(outcome.state, 'SUCCEEDED');
    assert.deepEqual(progress.map((p) => p.state), ['QUEUED', 'RUNNING', 'SUCCEEDED']);
    const scanned = demo.s3.objects.filter((o) => o.flowLogId === DEMO_S3.text.flowLogId).reduce((n, o) => n + o.size, 0);
    assert.equal(outcome.dataScannedInBytes, scanned);
    // Athena's statistics grow while it runs: the running poll already shows part of the scan.
    assert.ok(progress[1]!.dataScannedInBytes > 0 && progress[1]!.dataScannedInBytes < scanned);
    const table = athenaResultTable(outcome.pages);
    assert.deepEqual(table.columns.map((c) => c.field), ['srcAddr', 'dstAddr', 'bytesTransferred']);
    assert.equal(table.rows.length, 10);
    assert.ok(Number(table.rows[0]![2]) >= Number(table.rows[9]![2]));
    const start = fake.callsOf('athena', 'StartQueryExecution')[0]!.params;
    assert.equal(start['WorkGroup'], DEMO_ATHENA.workGroup);
    assert.deepEqual(start['QueryExecutionContext'], { Database: 'default', Catalog: 'AwsDataCatalog' });
    assert.equal(fake.callsOf('athena', 'StopQueryExecution').length, 0, 'a query that finished is not stopped');
  });

  it('reads results page by page up to the row limit and says it stopped there', async () => {
    demo.athena.respond((q) => (q.sql.startsWith('SELECT many') ? { columns: [{ name: 'n', type: 'bigint' }], rows: Array.from({ length: 2500 }, (_, i) => [String(i)]), dataScannedInBytes: 1 } : undefined));
    const all = await runAthenaQuery(athena, { sql: 'SELECT many', workGroup: DEMO_ATHENA.workGroup }, { sleep: noWait });
    assert.equal(athenaResultTable(all.pages).rows.length, 2500);
    assert.equal(all.truncated, false);
    assert.equal(fake.callsOf('athena', 'GetQueryResults').length, 3);
    const some = await runAthenaQuery(athena, { sql: 'SELECT many', workGroup: DEMO_ATHENA.workGroup }, { sleep: noWait, maxRows: 1200 });
    assert.equal(some.truncated, true);
    assert.equal(athenaResultTable(some.pages).rows.length, 1200);
  });

  it('Cancel sends StopQueryExecution and keeps what the query scanned (it is billed for that)', async () => {
    demo.athena.respond((q) => (q.sql.startsWith('SELECT forever') ? { columns: [{ name: 'n', type: 'bigint' }], rows: [], dataScannedInBytes: 64 * 2 ** 20, runningPolls: Infinity } : undefined));
    const controller = new AbortController();
    const outcome = await runAthenaQuery(athena, { sql: 'SELECT forever', workGroup: DEMO_ATHENA.workGroup }, {
      sleep: noWait,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.state === 'RUNNING') {
          controller.abort();
        }
      },
    });
    assert.equal(outcome.state, 'CANCELLED');
    assert.equal(outcome.cancelledByUser, true);
    assert.deepEqual(demo.athena.stopped.slice(-1), [outcome.queryExecutionId]);
    assert.equal(outcome.dataScannedInBytes, 32 * 2 ** 20);
    assert.equal(athenaProgressMessage('CANCELLED', outcome.dataScannedInBytes, 2000), 'Cancelled: 32 MiB scanned, about $0.0002 · 2 s');
  });

  it('reports a failed query with Athena\'s reason, and reads no results', async () => {
    const outcome = await runAthenaQuery(athena, { sql: 'SELECT srcaddr FROM "default"."missing"\nWHERE day = \'2024/11/27\' AND start BETWEEN 1 AND 2', workGroup: DEMO_ATHENA.workGroup }, { sleep: noWait });
    assert.equal(outcome.state, 'FAILED');
    assert.match(outcome.reason ?? '', /TABLE_NOT_FOUND|does not know this statement/);
    assert.equal(fake.callsOf('athena', 'GetQueryResults').length, 0);
  });

  it('stops the query when polling keeps failing, and rethrows the failure', async () => {
    let polls = 0;
    const failing = {
      startQueryExecution: () => Promise.resolve('q-1'),
      queryExecution: () => {
        polls++;
        return Promise.reject(new Error('throttled'));
      },
      queryResults: () => Promise.reject(new Error('not reached')),
      stopped: [] as string[],
      stopQueryExecution(id: string) {
        this.stopped.push(id);
        return Promise.resolve();
      },
    };
    await assert.rejects(runAthenaQuery(failing, { sql: 'SELECT 1' }, { sleep: noWait, maxPollFailures: 2 }), /throttled/);
    assert.equal(polls, 3);
    assert.deepEqual(failing.stopped, ['q-1']);
  });

  it('lists work groups with their result locations, and databases', async () => {
    const groups = await athena.workGroups();
    assert.deepEqual(groups.map((g) => g.name), ['flowlogs', 'primary']);
    assert.equal((await athena.workGroup('flowlogs')).outputLocation, DEMO_ATHENA.outputLocation);
    assert.equal((await athena.workGroup('primary')).outputLocation, undefined);
    assert.ok((await athena.databases()).includes('default'));
    await assert.rejects(athena.workGroup('nope'), (e: unknown) => e instanceof AwsProblemError && /athena:GetWorkGroup/.test(e.message));
  });

  it('shows the scan and its cost as it runs: at least 10 MB billed, $5 per TB by default, or the price given', () => {
    assert.equal(athenaProgressMessage('RUNNING', 3 * 2 ** 30, 4200), 'Running: 3 GiB scanned, about $0.01 · 4 s');
    assert.equal(athenaProgressMessage('SUCCEEDED', 2 ** 40, 61_000, 10), 'Complete: 10 rows · 1 TiB scanned, about $5.00 · 61 s');
    assert.equal(athenaProgressMessage('SUCCEEDED', 2 ** 40, 0, 1, { pricePerTb: 6.75 }), 'Complete: 1 row · 1 TiB scanned, about $6.75 · 0 s');
    assert.equal(athenaCostEstimate(1).billedBytes, 10 * 2 ** 20);
    assert.equal(formatScanCost(0), '0 B scanned, about $0.00005');
  });
});

describe('Athena wrapper (SDK stubbed at the client)', () => {
  let mock: ReturnType<typeof mockClient>;
  let env: ReturnType<typeof awsTestEnv>;
  before(() => {
    mock = mockClient(AthenaClient);
    env = awsTestEnv({ region: 'us-west-2' });
  });
  after(() => {
    env.dispose();
    mock.restore();
  });

  it('sends the work group and result location, and says so when Athena returns no id', async () => {
    mock.on(StartQueryExecutionCommand).resolves({});
    const athena = new AthenaApi(env.factory);
    await assert.rejects(athena.startQueryExecution({ sql: 'SELECT 1', workGroup: 'wg', outputLocation: 's3://b/r/' }), /no query execution id/);
    const input = mock.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    assert.equal(input.WorkGroup, 'wg');
    assert.deepEqual(input.ResultConfiguration, { OutputLocation: 's3://b/r/' });
    assert.equal(input.QueryExecutionContext, undefined);
  });
});
