import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { athenaFlowLogsTableDdl, formatScanCost } from '../../src/athena';
import { parseFormat } from '../../src/flowlogs/format';
import { formatAthenaHeader } from '../../src/athena/sqlFile';
import type { VpcFlowLogsApi } from '../../src/extension';
import type { AthenaRun } from '../../src/insights/athena/runner';
import type { ProbeAction, ProbedElement } from '../../src/viewer/protocol';
import { DEMO_ACCOUNT_ID, registerDemoAccount } from '../fixtures/demoAccount';
import { DEMO_ATHENA, registerDemoAthena, type DemoAthena } from '../fixtures/demoAthena';
import { DEMO_S3 } from '../fixtures/demoS3';
import { FakeAws } from './fakeAws';
import { activateExtension, waitFor } from './helpers';
import { ScriptedAthenaPrompter, type AthenaScript } from './athenaPrompter';

const RANGE = '2024-11-27T08:00:00Z/2024-11-27T10:00:00Z';
const TABLE = 'flowlogs_db.vpc_flow_logs_text';
const FLOW_LOG = { kind: 'flowLog', id: DEMO_S3.text.flowLogId, region: 'us-west-2' };

// Athena commands in the real extension host against the loopback fake (the demo account, its S3
// bucket and Athena); questions are answered by a scripted prompter, and the results are read from the
// results webview's DOM through the probe test hook.
describe('Athena', () => {
  const fake = new FakeAws();
  let demo: DemoAthena;
  let api: VpcFlowLogsApi;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('vpcFlowLogs');

  async function withScript<T>(script: AthenaScript, action: () => Thenable<T>): Promise<{ result: T; prompter: ScriptedAthenaPrompter }> {
    const prompter = new ScriptedAthenaPrompter(script);
    api.athena.usePrompter(prompter);
    try {
      return { result: await action(), prompter };
    } finally {
      api.athena.usePrompter(undefined);
    }
  }
  const probe = async (run: AthenaRun, action: ProbeAction): Promise<unknown> => {
    const r = await run.panel.probe(action);
    if (!r.ok) {
      throw new Error(`probe failed: ${String(r.value)}`);
    }
    return r.value;
  };
  const texts = async (run: AthenaRun, selector: string): Promise<string[]> => ((await probe(run, { kind: 'query', selector })) as ProbedElement[]).map((e) => e.text.trim());
  /** The bytes of the text delivery's objects in S3 (the day the range covers). */
  const textBytes = (): number => demo.s3.objects.filter((o) => o.flowLogId === DEMO_S3.text.flowLogId).reduce((n, o) => n + o.size, 0);

  before(async () => {
    registerDemoAccount(fake);
    fake.on('sts', 'GetCallerIdentity', () => ({ Account: DEMO_ACCOUNT_ID, Arn: `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/dev`, UserId: 'AIDAEXAMPLE' }));
    demo = await registerDemoAthena(fake);
    await fake.start();
    api = await activateExtension();
    await config().update('region', 'us-west-2', vscode.ConfigurationTarget.Global);
    await config().update('endpointUrl', fake.url, vscode.ConfigurationTarget.Global);
    await waitFor(async () => (await api.services.aws.connection()).endpointUrl === fake.url, 'the endpoint setting');
  });

  after(async () => {
    await api.athena.stopAll();
    await config().update('endpointUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('region', undefined, vscode.ConfigurationTarget.Global);
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fake.stop();
  });

  it('Create Athena Table shows the statement, explains the cost in a modal, then creates the database and the table', async () => {
    const location = `s3://aws-athena-query-results-${DEMO_ACCOUNT_ID}-us-west-2/primary/`;
    const { result, prompter } = await withScript(
      { tableName: [TABLE], workGroup: ['primary'], outputLocation: [location], confirm: [true] },
      () => vscode.commands.executeCommand<string | undefined>('vpcFlowLogs.athena.createTable', FLOW_LOG),
    );
    assert.equal(result, TABLE);
    const flowLog = demo.s3.flowLogs.find((f) => f.FlowLogId === DEMO_S3.text.flowLogId)!;
    const expected = athenaFlowLogsTableDdl({
      tableName: TABLE, location: demo.s3.layouts.get(DEMO_S3.text.flowLogId)!.location, fields: parseFormat(flowLog.LogFormat!),
      fileFormat: 'plain-text', hiveCompatiblePartitions: false, perHourPartition: false, projectionStart: '2024/11/27',
    });
    // The statement was shown before the question, and the question names what it costs.
    assert.ok(vscode.workspace.textDocuments.some((d) => d.languageId === 'sql' && d.getText().includes(expected)), 'the DDL document');
    const confirm = prompter.asked.find((a) => a.question === 'confirm')!.offered as { message: string; detail: string };
    assert.equal(confirm.message, `Create the Athena table ${TABLE}?`);
    assert.match(confirm.detail, /free \(Athena does not bill DDL\).*\$5 per TB, at least 10 MB per query/);
    // The work group has no result location: the one typed went with every statement.
    const sent = demo.athena.executions.slice(-2);
    assert.deepEqual(sent.map((e) => e.sql), ['CREATE DATABASE IF NOT EXISTS `flowlogs_db`', expected]);
    assert.deepEqual(sent.map((e) => e.outputLocation), [location, location]);
    const table = demo.athena.databases.get('flowlogs_db')?.get('vpc_flow_logs_text');
    assert.deepEqual(table?.partitions, ['day']);
    assert.equal(table?.location, demo.s3.layouts.get(DEMO_S3.text.flowLogId)!.location);
  });

  it('Run Athena Query runs a catalogue query on the table for the range: rows, bytes scanned and cost in the results view', async () => {
    const started = new Promise<AthenaRun>((resolve) => {
      const sub = api.athena.runner.onDidStart((run) => {
        sub.dispose();
        resolve(run);
      });
    });
    // The table and work group are remembered from its creation: only the query and range are asked.
    const { prompter } = await withScript({ query: ['aws.topBytes'], range: [RANGE] }, () => vscode.commands.executeCommand('vpcFlowLogs.athena.runQuery', FLOW_LOG));
    assert.deepEqual(prompter.asked.map((a) => a.question), ['query', 'time range']);
    const run = await started;
    const outcome = (await run.done)!;
    assert.equal(outcome.state, 'SUCCEEDED');
    const execution = demo.athena.executions.at(-1)!;
    assert.match(execution.sql, /^FROM "flowlogs_db"\."vpc_flow_logs_text"$/m);
    assert.match(execution.sql, /WHERE day = '2024\/11\/27'/);
    assert.equal(outcome.dataScannedInBytes, textBytes());
    const costLine = formatScanCost(textBytes());
    assert.match(run.lastMessage() ?? '', new RegExp(`^Complete: 10 rows · ${costLine.replace(/[$.]/g, '\\$&')} · \\d+ s$`));

    await waitFor(() => run.panel.isReady, 'the results webview to load', 15_000);
    await waitFor(async () => (await texts(run, '.count'))[0] === '10 rows', 'the row count');
    assert.deepEqual(await texts(run, '.hcell .hlabel'), ['Source address', 'Destination address', 'bytesTransferred']);
    const status = (await texts(run, '.insights-status'))[0]!;
    assert.ok(status.includes(costLine), `status: ${status}`);
    const csv = api.athena.runner.csvOf(run.panel)!.split('\n');
    assert.equal(csv.length >= 11, true);
  });

  it('closing the panel of a running query sends StopQueryExecution, and an Athena query file runs from its lens', async () => {
    demo.athena.respond((q) => (q.sql.includes('"packetsTransferred"') ? { columns: [{ name: 'srcaddr', type: 'varchar' }], rows: [], dataScannedInBytes: 50 * 2 ** 20, runningPolls: Infinity } : undefined));
    const started = new Promise<AthenaRun>((resolve) => {
      const sub = api.athena.runner.onDidStart((run) => {
        sub.dispose();
        resolve(run);
      });
    });
    await withScript({ query: ['aws.topPackets'], range: [RANGE] }, () => vscode.commands.executeCommand('vpcFlowLogs.athena.runQuery', FLOW_LOG));
    const run = await started;
    await waitFor(() => /^Running: 25 MiB scanned, about \$/.test(run.lastMessage() ?? ''), 'the running query to show its scan');
    run.panel.panel.dispose();
    const outcome = (await run.done)!;
    assert.equal(outcome.state, 'CANCELLED');
    assert.equal(outcome.cancelledByUser, true);
    assert.ok(demo.athena.stopped.includes(run.queryExecutionId()!), 'StopQueryExecution was sent');

    // An Athena query file: a header naming the table and work group, a Run lens, and the SQL run as written.
    const previous = demo.athena.executions.find((e) => e.sql.includes('"bytesTransferred"'))!;
    const header = formatAthenaHeader({ title: 'Top talkers', table: TABLE, workGroup: DEMO_ATHENA.workGroup, range: RANGE, catalogue: 'aws.topBytes' });
    const document = await vscode.workspace.openTextDocument({ language: 'sql', content: `${header}${previous.sql}\n` });
    await vscode.window.showTextDocument(document);
    const lenses = await waitFor(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      return found.some((l) => l.command?.command === 'vpcFlowLogs.athena.runQueryFile') ? found : undefined;
    }, 'the Run lens');
    const lens = lenses.find((l) => l.command?.command === 'vpcFlowLogs.athena.runQueryFile')!;
    const fileRun = new Promise<AthenaRun>((resolve) => {
      const sub = api.athena.runner.onDidStart((r) => {
        sub.dispose();
        resolve(r);
      });
    });
    await vscode.commands.executeCommand(lens.command!.command, ...((lens.command!.arguments ?? []) as unknown[]));
    const ran = await fileRun;
    const fileOutcome = (await ran.done)!;
    assert.equal(fileOutcome.state, 'SUCCEEDED');
    const last = demo.athena.executions.at(-1)!;
    assert.equal(last.sql, previous.sql, 'the SQL without its header');
    assert.equal(last.workGroup, DEMO_ATHENA.workGroup);
    assert.equal(fileOutcome.dataScannedInBytes, textBytes());
  });
});
