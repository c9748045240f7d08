import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatBytes } from '../../src/common/format';
import type { VpcFlowLogsApi } from '../../src/extension';
import type { QueryOutcome } from '../../src/insights/core/poll';
import type { Run } from '../../src/insights/ui/runner';
import type { ProbeAction, ProbedElement } from '../../src/viewer/protocol';
import { DEMO, registerDemoAccount } from '../fixtures/demoAccount';
import { bytesOverTime, registerInsightsFake, topByteTransfers, type InsightsFake } from '../fixtures/insightsFake';
import { FakeAws } from './fakeAws';
import { activateExtension, extensionId, waitFor } from './helpers';
import { ScriptedInsightsPrompter, type InsightsScript } from './insightsPrompter';

const RANGE = '2024-11-27T07:00:00Z/2024-11-27T09:00:00Z';
const CUSTOM_FORMAT = '${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status}';

interface Manifest {
  contributes: {
    commands: { command: string; category?: string; icon?: string }[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
    languages: { id: string; extensions?: string[] }[];
    grammars: { language: string; scopeName: string }[];
  };
}

// The real commands in the real extension host, against the loopback fake of AWS (the demo account
// plus Logs Insights handlers); questions are answered by a scripted prompter, and the results table
// is read from the webview's DOM through the probe test hook.
describe('Logs Insights', () => {
  const fake = new FakeAws();
  let insights: InsightsFake;
  let api: VpcFlowLogsApi;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('vpcFlowLogs');

  /** Runs a command with scripted answers; resolves with the run it started (if any) once it has ended. */
  async function withScript<T>(script: InsightsScript, action: () => Thenable<T> | Promise<T>): Promise<{ result: T; prompter: ScriptedInsightsPrompter }> {
    const prompter = new ScriptedInsightsPrompter(script);
    api.insights.usePrompter(prompter);
    try {
      return { result: await action(), prompter };
    } finally {
      api.insights.usePrompter(undefined);
    }
  }

  /** The next run started. */
  const nextRun = (): Promise<Run> => new Promise((resolve) => {
    const sub = api.insights.runner.onDidStart((run) => {
      sub.dispose();
      resolve(run);
    });
  });

  const probe = (run: Run, action: ProbeAction): Promise<unknown> =>
    run.panel.probe(action).then((r) => {
      if (!r.ok) {
        throw new Error(`probe failed: ${String(r.value)}`);
      }
      return r.value;
    });
  const query = async (run: Run, selector: string): Promise<ProbedElement[]> => (await probe(run, { kind: 'query', selector })) as ProbedElement[];
  const texts = async (run: Run, selector: string): Promise<string[]> => (await query(run, selector)).map((e) => e.text.trim());
  const waitForReady = (run: Run): Promise<boolean> => waitFor(() => run.panel.isReady, 'the results webview to load', 15_000);

  before(async () => {
    registerDemoAccount(fake);
    insights = registerInsightsFake(fake);
    await fake.start();
    api = await activateExtension();
    await config().update('region', 'us-west-2', vscode.ConfigurationTarget.Global);
    await config().update('endpointUrl', fake.url, vscode.ConfigurationTarget.Global);
    await waitFor(async () => (await api.services.aws.connection()).endpointUrl === fake.url, 'the endpoint setting');
  });

  after(async () => {
    await api.insights.stopAll();
    await config().update('endpointUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('region', undefined, vscode.ConfigurationTarget.Global);
    await closeAll();
    fs.rmSync(tempDir, { recursive: true, force: true });
    await fake.stop();
  });

  /** Closes every editor, discarding untitled query files first (closing them would ask to save). */
  async function closeAll(): Promise<void> {
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // A new untitled document may take the name ("Untitled-1") of one being closed: wait until the old
    // ones are gone, or the next test could be handed the old text.
    await waitFor(() => !vscode.workspace.textDocuments.some((d) => d.isUntitled && d.languageId === 'logs-insights'), 'untitled query files to close');
  }

  /** A query file on disk (untitled names get reused between tests, and with them stale backups). */
  let fileCount = 0;
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpcfl-insights-'));
  async function queryFile(content: string): Promise<vscode.TextDocument> {
    const file = path.join(tempDir, `query-${++fileCount}.insights`);
    fs.writeFileSync(file, content);
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    return document;
  }

  afterEach(async () => {
    insights.respond(() => ({ rows: topByteTransfers(), runningPolls: 1 }));
    await api.insights.stopAll();
    await closeAll();
  });

  it('contributes its commands, the query language with its grammar, and a run entry on log group nodes', async () => {
    const manifest = vscode.extensions.getExtension(extensionId)!.packageJSON as Manifest;
    const registered = await vscode.commands.getCommands(true);
    const ours = manifest.contributes.commands.filter((c) => c.command === 'vpcFlowLogs.runInsightsQuery' || c.command.startsWith('vpcFlowLogs.insights.'));
    assert.ok(ours.length >= 9);
    for (const c of ours) {
      assert.equal(c.category, 'VPC Flow Logs');
      assert.match(c.icon ?? '', /^\$\([a-z-]+\)$/, `${c.command} has a codicon`);
      assert.ok(registered.includes(c.command), `${c.command} is registered`);
    }
    const menu = (manifest.contributes.menus['view/item/context'] ?? []).find((m) => m.command === 'vpcFlowLogs.runInsightsQuery');
    assert.ok(menu?.when?.includes('viewItem =~ /^vpcFlowLogs\\.logGroup/'));
    assert.deepEqual(manifest.contributes.languages.find((l) => l.id === 'logs-insights')?.extensions, ['.insights']);
    assert.equal(manifest.contributes.grammars.find((g) => g.language === 'logs-insights')?.scopeName, 'source.logs-insights');
    assert.ok((await vscode.languages.getLanguages()).includes('logs-insights'));
    const file = path.join(os.tmpdir(), `vpcfl-${Date.now()}.insights`);
    fs.writeFileSync(file, 'stats count(*) by srcAddr\n');
    try {
      const document = await vscode.workspace.openTextDocument(file);
      assert.equal(document.languageId, 'logs-insights');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('runs "Top 10 byte transfers" from a log group node and shows the table, labelled addresses and a bar chart', async () => {
    // The explorer's own log group node, as its context menu passes it.
    const groups = api.explorer.logGroups;
    const labelOf = (n: Parameters<typeof groups.getTreeItem>[0]): string => {
      const l = groups.getTreeItem(n).label;
      return typeof l === 'string' ? l : (l?.label ?? '');
    };
    const node = await waitFor(async () => (await groups.getChildren(undefined)).find((n) => labelOf(n) === DEMO.flowLogGroup), 'the flow log group node', 20_000);
    const started = nextRun();
    const { prompter } = await withScript({ logGroups: [(_c, pre) => [...pre]], query: ['aws.topBytes'], range: [RANGE] }, () =>
      vscode.commands.executeCommand('vpcFlowLogs.runInsightsQuery', node),
    );
    const run = await started;
    const outcome = (await run.done)!;
    assert.equal(outcome.status, 'Complete');

    // The picker offered the flow log group first, preselected from the node.
    const offered = prompter.asked[0]!.offered as { choices: { name: string; formats: string[] }[]; preselected: string[] };
    assert.deepEqual(offered.preselected, [DEMO.flowLogGroup]);
    assert.equal(offered.choices[0]!.name, DEMO.flowLogGroup);
    assert.ok(offered.choices.some((c) => c.name === DEMO.otherGroup && c.formats.length === 0));

    // StartQuery got the catalogue query as it is (default format: no parse clause), the range and the limit.
    const params = insights.queries.at(-1)!.params;
    assert.deepEqual(params['logGroupNames'], [DEMO.flowLogGroup]);
    assert.equal(params['queryString'], 'stats sum(bytes) as bytesTransferred by srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 10');
    assert.equal(params['startTime'], Date.UTC(2024, 10, 27, 7) / 1000);
    assert.equal(params['endTime'], Date.UTC(2024, 10, 27, 9) / 1000);
    assert.equal(params['limit'], 10_000);
    assert.ok(insights.queries.at(-1)!.polls >= 3, 'polled through Scheduled and Running to Complete');

    await waitForReady(run);
    const expected = topByteTransfers();
    await waitFor(async () => (await texts(run, '.count'))[0] === `${expected.length} rows`, 'the row count');
    assert.deepEqual(await texts(run, '.hcell .hlabel'), ['Source address', 'Destination address', 'bytesTransferred']);
    const firstRow = await texts(run, '.grid-body .row[aria-rowindex="2"] .cell');
    assert.equal(firstRow[1]!.startsWith(expected[0]![0]!.value), true, `first row ${firstRow.join(' | ')}`);
    // Addresses of the account's interfaces carry the instance name (from DescribeNetworkInterfaces and the Name tag).
    const notes = await texts(run, '.grid-body .k-address .note');
    assert.ok(notes.some((n) => n.includes(DEMO.instance1.name)), `address notes: ${notes.join(', ')}`);
    assert.equal((await query(run, '.insights-chart'))[0]!.attributes['data-chart'], 'bar');
    assert.equal((await query(run, '.bar')).length, expected.length);
    assert.deepEqual((await texts(run, '.limit-banner')).filter((t) => t), []);
    assert.match((await texts(run, '.insights-status'))[0]!, /^Complete: 10 rows/);

    // The run is in the workspace history.
    assert.equal(api.insights.history.list()[0]!.title, 'Top 10 byte transfers by source and destination IP addresses');
    assert.equal(api.insights.history.list()[0]!.status, 'Complete');
  });

  it('Cancel in the results panel calls StopQuery and keeps the rows found so far', async () => {
    insights.respond(() => ({ rows: topByteTransfers(), runningPolls: Infinity }));
    const started = nextRun();
    await withScript({ logGroups: [[DEMO.flowLogGroup]], query: ['aws.topBytes'], range: ['1h'] }, () => vscode.commands.executeCommand('vpcFlowLogs.runInsightsQuery'));
    const run = await started;
    await waitForReady(run);
    await waitFor(() => insights.queries.at(-1)!.polls >= 2, 'the query to run');
    await waitFor(async () => (await query(run, '.btn.cancel')).some((b) => !('hidden' in b.attributes)), 'the Cancel button');
    await probe(run, { kind: 'click', selector: '.btn.cancel' });
    const outcome = (await run.done)!;
    assert.equal(outcome.status, 'Cancelled');
    assert.ok(outcome.cancelledByUser);
    assert.deepEqual(insights.stoppedIds.slice(-1), [run.queryId()]);
    await waitFor(async () => (await texts(run, '.problem-banner'))[0]?.startsWith('Query cancelled: StopQuery was sent') ?? false, 'the cancelled banner');
  });

  it('stops a running query when its results panel is closed', async () => {
    insights.respond(() => ({ rows: [], runningPolls: Infinity }));
    const started = nextRun();
    await withScript({ logGroups: [[DEMO.flowLogGroup]], query: ['rejectedPorts'], range: ['15m'] }, () => vscode.commands.executeCommand('vpcFlowLogs.runInsightsQuery'));
    const run = await started;
    await waitFor(() => run.queryId() !== undefined, 'StartQuery');
    run.panel.panel.dispose();
    const outcome = (await run.done)!;
    assert.equal(outcome.status, 'Cancelled');
    assert.ok(insights.stoppedIds.includes(run.queryId()!));
  });

  it('stops running queries when asked to (what deactivate does)', async () => {
    insights.respond(() => ({ rows: [], runningPolls: Infinity }));
    const started = nextRun();
    await withScript({ logGroups: [[DEMO.flowLogGroup]], query: ['busiestInterfaces'], range: ['15m'] }, () => vscode.commands.executeCommand('vpcFlowLogs.runInsightsQuery'));
    const run = await started;
    await waitFor(() => run.queryId() !== undefined, 'StartQuery');
    assert.equal(await api.insights.stopAll(), 1);
    assert.ok(insights.stoppedIds.includes(run.queryId()!));
    assert.equal(api.insights.runner.running.length, 0);
  });

  it('says plainly when the results stop at the 10,000-row limit', async () => {
    const many = Array.from({ length: 12_000 }, (_, i) => [
      { field: 'srcAddr', value: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
      { field: 'records', value: String(12_000 - i) },
    ]);
    insights.respond(() => ({ rows: many, runningPolls: 1 }));
    const started = nextRun();
    await withScript({ logGroups: [[DEMO.flowLogGroup]], query: ['own'], ownQuery: ['stats count(*) as records by srcAddr | sort records desc'], range: ['1d'] }, () =>
      vscode.commands.executeCommand('vpcFlowLogs.runInsightsQuery'),
    );
    const run = await started;
    const outcome = (await run.done)!;
    assert.equal(outcome.rows.length, 10_000);
    assert.ok(outcome.truncated);
    await waitForReady(run);
    await waitFor(async () => (await texts(run, '.count'))[0] === '10,000 rows', 'the row count');
    const banner = (await texts(run, '.limit-banner'))[0] ?? '';
    assert.match(banner, /^Only the first 10,000 rows are shown: the query returned as many rows as one query may/);
    // The table stays virtualised: a window of rows in the DOM, not ten thousand.
    const inDom = (await query(run, '.grid-body .row')).length;
    assert.ok(inDom > 0 && inDom < 200, `${inDom} rows in the DOM`);
  });

  it('adds the parse clause for log groups whose flow logs use a custom format', async () => {
    fake.on('logs', 'DescribeLogGroups', () => ({ logGroups: [{ logGroupName: DEMO.flowLogGroup }, { logGroupName: 'CustomFormatFlowLogs' }] }));
    fake.on('ec2', 'DescribeFlowLogs', () => ({
      flowLogSet: [
        { flowLogId: 'fl-1', logGroupName: DEMO.flowLogGroup, logDestinationType: 'cloud-watch-logs', resourceId: DEMO.vpc1.id },
        { flowLogId: 'fl-2', logGroupName: 'CustomFormatFlowLogs', logDestinationType: 'cloud-watch-logs', resourceId: DEMO.vpc2.id, logFormat: CUSTOM_FORMAT },
      ],
    }));
    try {
      const started = nextRun();
      const { prompter } = await withScript(
        { logGroups: [[DEMO.flowLogGroup, 'CustomFormatFlowLogs']], formatGroup: [(groups) => groups.findIndex((g) => g.format !== '')], query: ['synWithoutReply'], range: ['1h'] },
        () => vscode.commands.executeCommand('vpcFlowLogs.runInsightsQuery'),
      );
      const run = await started;
      await run.done;
      // Two formats chosen: the user picked the custom one; its queries needing tcp-flags were offered.
      const groups = prompter.asked.find((a) => a.question === 'formatGroup')!.offered as { format: string; names: string[] }[];
      assert.deepEqual(groups.map((g) => [g.format === '' ? 'default' : g.format, g.names]).sort(), [[CUSTOM_FORMAT, ['CustomFormatFlowLogs']], ['default', [DEMO.flowLogGroup]]]);
      const params = insights.queries.at(-1)!.params;
      assert.deepEqual(params['logGroupNames'], ['CustomFormatFlowLogs']);
      assert.equal(
        params['queryString'],
        'parse @message "* * * * * * * * * * * * * * * * * * * * *" as version, vpcId, subnetId, instanceId, interfaceId, accountId, type, srcAddr, dstAddr, srcPort, dstPort, pktSrcAddr, pktDstAddr, protocol, bytes, packets, startTime, endTime, action, tcpFlags, logStatus\n| filter tcpFlags = 2\n| stats count(*) as attempts by srcAddr, dstAddr, dstPort\n| sort attempts desc\n| limit 25',
      );
    } finally {
      registerDemoAccount(fake); // Back to the demo account's own log groups and flow logs.
    }
  });

  it('draws a time chart for bin() results', async () => {
    insights.respond(() => ({ rows: bytesOverTime(), runningPolls: 1 }));
    const started = nextRun();
    await withScript({ logGroups: [[DEMO.flowLogGroup]], query: ['bytesOverTime'], range: [RANGE] }, () => vscode.commands.executeCommand('vpcFlowLogs.runInsightsQuery'));
    const run = await started;
    await run.done;
    await waitForReady(run);
    await waitFor(async () => (await query(run, '.insights-chart'))[0]?.attributes['data-chart'] === 'time', 'a time chart');
    assert.ok((await query(run, '.insights-chart .u-over')).length === 1, 'uPlot drew the chart');
  });

  it('opens the flow log records of an address clicked in the results', async () => {
    const started = nextRun();
    await withScript({ logGroups: [[DEMO.flowLogGroup]], query: ['aws.topBytes'], range: [RANGE] }, () => vscode.commands.executeCommand('vpcFlowLogs.runInsightsQuery'));
    const run = await started;
    await run.done;
    await waitForReady(run);
    await waitFor(async () => (await query(run, '.grid-body .row')).length > 0, 'rows');
    const before = new Set(api.viewer.openPanels.keys());
    await probe(run, { kind: 'click', selector: '.grid-body .row[aria-rowindex="2"] .k-address .link' });
    const id = await waitFor(() => [...api.viewer.openPanels.keys()].find((k) => k.startsWith('insights:') && !before.has(k)), 'a viewer panel on the address', 15_000);
    const address = topByteTransfers()[0]![0]!.value;
    assert.ok(id.includes(address));
    const filter = fake.callsOf('logs', 'FilterLogEvents').at(-1)!.params;
    assert.equal(filter['filterPattern'], `"${address}"`);
    assert.equal(filter['logGroupName'], DEMO.flowLogGroup);
    const count = async (): Promise<string> => ((await api.viewer.probe(id, { kind: 'query', selector: '.count' })) as ProbedElement[])[0]?.text ?? '';
    await waitFor(async () => /^[1-9][\d,]* records?$/.test(await count()), 'the records of the address', 15_000);
  });

  it('runs a query file with the log groups and range of its header, and stops it when the file closes', async () => {
    insights.respond(() => ({ rows: topByteTransfers(3), runningPolls: Infinity }));
    const document = await queryFile(`# logGroups: ${DEMO.flowLogGroup}\n# range: ${RANGE}\nfilter action = "REJECT"\n| stats count(*) by srcAddr\n`);
    assert.equal(document.languageId, 'logs-insights');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.includes('$(play) Run query'), titles.join(' | '));
    assert.ok(titles.includes(`$(list-selection) ${DEMO.flowLogGroup}`), titles.join(' | '));
    const started = nextRun();
    await vscode.commands.executeCommand('vpcFlowLogs.insights.runQueryFile', document.uri);
    const run = await started;
    await waitFor(() => run.queryId() !== undefined, 'StartQuery');
    const params = insights.queries.at(-1)!.params;
    assert.deepEqual(params['logGroupNames'], [DEMO.flowLogGroup]);
    assert.match(String(params['queryString']), /filter action = "REJECT"\n\| stats count\(\*\) by srcAddr/);
    // While it runs, the lens offers Stop.
    await waitFor(async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri)).some((l) => l.command?.title === '$(debug-stop) Stop query'), 'the Stop lens');
    // Close the query file's editor: the query is stopped.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const outcome = (await run.done) as QueryOutcome;
    assert.equal(outcome.status, 'Cancelled');
    assert.ok(insights.stoppedIds.includes(run.queryId()!));
  });

  it('asks for a missing range, writes it into the header, and runs', async () => {
    const document = await queryFile(`# logGroups: ${DEMO.flowLogGroup}\nstats count(*) by action\n`);
    const started = nextRun();
    await withScript({ range: ['3h'] }, () => vscode.commands.executeCommand('vpcFlowLogs.insights.runQueryFile', document.uri));
    const run = await started;
    await run.done;
    assert.match(document.getText(), /^# logGroups: VPCFlowLogsGroup\n# range: 3h\nstats count\(\*\) by action\n$/);
  });

  it('opens a saved query definition as a query file, and saves it back (PutQueryDefinition)', async () => {
    insights.definitions.push({ queryDefinitionId: 'def-saved', name: 'flow-logs/rejected', queryString: 'filter action = "REJECT"\n| stats count(*) by srcAddr', logGroupNames: [DEMO.flowLogGroup], lastModified: 0 });
    await withScript({ definition: ['flow-logs/rejected'] }, () => vscode.commands.executeCommand('vpcFlowLogs.insights.openSavedQuery'));
    const document = vscode.window.activeTextEditor!.document;
    assert.equal(document.languageId, 'logs-insights');
    assert.equal(document.getText(), `# name: flow-logs/rejected\n# logGroups: ${DEMO.flowLogGroup}\n# range: 1h\n# definition: def-saved\nfilter action = "REJECT"\n| stats count(*) by srcAddr\n`);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(document.lineCount - 1, 0), '| sort srcAddr\n');
    await vscode.workspace.applyEdit(edit);
    await withScript({}, () => vscode.commands.executeCommand('vpcFlowLogs.insights.saveQuery', document.uri));
    const { clientToken: _token, ...put } = fake.callsOf('logs', 'PutQueryDefinition').at(-1)!.params;
    assert.deepEqual(put, { name: 'flow-logs/rejected', queryDefinitionId: 'def-saved', logGroupNames: [DEMO.flowLogGroup], queryString: 'filter action = "REJECT"\n| stats count(*) by srcAddr\n| sort srcAddr' });

    // A new file gets a name, and the new definition's id goes into its header.
    const fresh = await queryFile(`# logGroups: ${DEMO.flowLogGroup}\nstats count(*) by dstPort\n`);
    await withScript({ definitionName: ['flow-logs/ports'] }, () => vscode.commands.executeCommand('vpcFlowLogs.insights.saveQuery', fresh.uri));
    assert.match(fresh.getText(), /^# name: flow-logs\/ports\n# logGroups: VPCFlowLogsGroup\n# definition: def-\d+\nstats count\(\*\) by dstPort\n$/);
  });

  it('sorts and filters on the host: the page shows the windows the host sends', async () => {
    const started = nextRun();
    await withScript({ logGroups: [[DEMO.flowLogGroup]], query: ['aws.topBytes'], range: [RANGE] }, () => vscode.commands.executeCommand('vpcFlowLogs.runInsightsQuery'));
    const run = await started;
    await run.done;
    await waitForReady(run);
    const expected = topByteTransfers();
    await waitFor(async () => (await texts(run, '.count'))[0] === `${expected.length} rows`, 'the row count');
    // The query sorted largest first; two clicks on the header sort smallest first.
    await probe(run, { kind: 'click', selector: '.hcell[data-field="bytesTransferred"]' });
    await waitFor(async () => (await query(run, '.hcell[data-field="bytesTransferred"]'))[0]?.attributes['aria-sort'] === 'descending', 'sorted largest first');
    await probe(run, { kind: 'click', selector: '.hcell[data-field="bytesTransferred"]' });
    await waitFor(async () => (await query(run, '.hcell[data-field="bytesTransferred"]'))[0]?.attributes['aria-sort'] === 'ascending', 'sorted smallest first');
    const smallest = Math.min(...expected.map((row) => Number(row[2]!.value)));
    await waitFor(async () => (await texts(run, '.grid-body .row[aria-rowindex="2"] .k-bytes'))[0] === formatBytes(smallest), 'the smallest transfer first');
  });

  it('runs a query from the history again, and exports results as CSV', async () => {
    const entries = api.insights.history.list();
    assert.ok(entries.length >= 3 && entries.length <= 50);
    const index = entries.findIndex((e) => e.title === 'Top 10 byte transfers by source and destination IP addresses');
    const started = nextRun();
    await withScript({ history: [`run:${index}`] }, () => vscode.commands.executeCommand('vpcFlowLogs.insights.showHistory'));
    const run = await started;
    await run.done;
    assert.equal(insights.queries.at(-1)!.params['queryString'], entries[index]!.query);
    await waitForReady(run);
    await waitFor(async () => (await texts(run, '.count'))[0] === '10 rows', 'the rows');
    const file = vscode.Uri.file(path.join(os.tmpdir(), `vpcfl-insights-${Date.now()}.csv`));
    const prompter = new ScriptedInsightsPrompter({ saveUri: [file] });
    api.insights.usePrompter(prompter);
    try {
      await probe(run, { kind: 'click', selector: '.btn[title="Export the results as CSV"]' });
      await waitFor(() => fs.existsSync(file.fsPath) && fs.statSync(file.fsPath).size > 0, 'the CSV file');
    } finally {
      api.insights.usePrompter(undefined);
    }
    const lines = fs.readFileSync(file.fsPath, 'utf8').trim().split('\r\n');
    fs.rmSync(file.fsPath, { force: true });
    assert.equal(lines[0], 'srcAddr,dstAddr,bytesTransferred');
    assert.equal(lines.length, 11);
  });
});
