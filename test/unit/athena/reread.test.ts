import * as assert from 'node:assert/strict';
import { athenaQuery, athenaResultTable } from '../../../src/athena';
import { readAthenaQuery, runAthenaQuery } from '../../../src/athena/run';
import { AthenaApi } from '../../../src/aws/athena';
import { parseSavedRun } from '../../../src/insights/core/resultsProtocol';
import { registerDemoAccount } from '../../fixtures/demoAccount';
import { DEMO_ATHENA, registerDemoAthena } from '../../fixtures/demoAthena';
import { sampleWindows } from '../../fixtures/demoS3';
import { FakeAws } from '../../integration/fakeAws';
import { awsTestEnv } from '../aws/awsTestEnv';

const windows = sampleWindows();
const FROM = windows[0]!.windowStart;
const TO = windows[windows.length - 1]!.windowStart + 299;
const noWait = (): Promise<void> => Promise.resolve();

describe('Athena results read again after a reload (real SDK over loopback to the fake Athena)', () => {
  const fake = new FakeAws();
  let env: ReturnType<typeof awsTestEnv>;
  let athena: AthenaApi;

  before(async () => {
    registerDemoAccount(await fake.start());
    await registerDemoAthena(fake);
    env = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url });
    athena = new AthenaApi(env.factory);
  });
  after(async () => {
    env.dispose();
    await fake.stop();
  });

  it('reads the same rows and scan by execution id, starting no query', async () => {
    const sql = athenaQuery('aws.topBytes', { table: DEMO_ATHENA.textTable, from: FROM, to: TO });
    const ran = await runAthenaQuery(athena, { sql, database: 'default', workGroup: DEMO_ATHENA.workGroup }, { sleep: noWait });
    assert.equal(ran.state, 'SUCCEEDED');
    fake.calls.length = 0;

    const again = await readAthenaQuery(athena, ran.queryExecutionId);
    assert.equal(again.state, 'SUCCEEDED');
    assert.equal(again.dataScannedInBytes, ran.dataScannedInBytes);
    assert.deepEqual(athenaResultTable(again.pages), athenaResultTable(ran.pages));
    const actions = fake.calls.map((c) => c.action);
    assert.equal(actions.includes('StartQueryExecution'), false, 'nothing is run (or billed) again');
    assert.ok(actions.includes('GetQueryExecution') && actions.includes('GetQueryResults'));
  });

  it('stops at the row limit, and says a failed query failed without reading results', async () => {
    const sql = athenaQuery('aws.topBytes', { table: DEMO_ATHENA.textTable, from: FROM, to: TO });
    const ran = await runAthenaQuery(athena, { sql, database: 'default', workGroup: DEMO_ATHENA.workGroup }, { sleep: noWait });
    const limited = await readAthenaQuery(athena, ran.queryExecutionId, { maxRows: 2 });
    assert.equal(limited.truncated, true);
    assert.equal(athenaResultTable(limited.pages).rows.length, 2);

    const missing = athenaQuery('aws.topBytes', { table: 'default.no_such_table', from: FROM, to: TO });
    const failed = await runAthenaQuery(athena, { sql: missing, database: 'default', workGroup: DEMO_ATHENA.workGroup }, { sleep: noWait });
    assert.equal(failed.state, 'FAILED');
    fake.calls.length = 0;
    const reread = await readAthenaQuery(athena, failed.queryExecutionId);
    assert.equal(reread.state, 'FAILED');
    assert.match(reread.reason ?? '', /TABLE_NOT_FOUND/);
    assert.equal(fake.calls.some((c) => c.action === 'GetQueryResults'), false);
  });

  it('keeps the Athena part of a panel state, and drops an id that is not one', () => {
    const athenaPart = { title: 'Top talkers', sql: 'SELECT 1', table: 'default.t', database: 'default', workGroup: 'flowlogs', range: '1h', queryExecutionId: 'a1b2c3d4-5678-90ab-cdef-1234567890ab' };
    const saved = parseSavedRun({ title: 'Top talkers', query: 'SELECT 1', logGroups: [], range: '1h', athena: athenaPart });
    assert.deepEqual(saved?.athena, { ...athenaPart, outputLocation: undefined, catalogue: undefined, chartQuery: undefined });
    assert.equal(parseSavedRun({ title: 't', query: 'q', logGroups: [], range: '', athena: { ...athenaPart, queryExecutionId: '../../x' } })?.athena?.queryExecutionId, undefined);
    assert.equal(parseSavedRun({ title: 't', query: 'q', logGroups: ['g'], range: '1h' })?.athena, undefined, 'a Logs Insights panel has none');
  });
});
