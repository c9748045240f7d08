import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import * as vscode from 'vscode';
import type { VpcFlowLogsApi } from '../../src/extension';
import type { ProbeAction, ProbedElement } from '../../src/viewer/protocol';
import type { RecordPage, RecordSource } from '../../src/viewer/source';
import { activateExtension, extensionId, samplePath, waitFor } from './helpers';

/** Record lines of a sample (blank lines and an S3 header left out), read independently of the engine. */
function sampleRecords(name: string): string[][] {
  const bytes = fs.readFileSync(samplePath(name));
  const text = name.endsWith('.gz') ? zlib.gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.startsWith('version '))
    .map((l) => l.trim().split(/\s+/));
}

const count = (n: number): string => n.toLocaleString('en-US');

describe('Flow log viewer', () => {
  let api: VpcFlowLogsApi;

  const probe = async (id: string, action: ProbeAction): Promise<unknown> => api.viewer.probe(id, action);
  const query = async (id: string, selector: string): Promise<ProbedElement[]> => (await probe(id, { kind: 'query', selector })) as ProbedElement[];
  const text = async (id: string, selector: string): Promise<string> => (await query(id, selector))[0]?.text.trim() ?? '';
  const waitForText = async (id: string, selector: string, expected: string): Promise<void> => {
    let last = '';
    await waitFor(async () => (last = await text(id, selector)) === expected, `${selector} to read "${expected}" (last "${last}")`, 15_000);
  };
  const openFile = async (name: string): Promise<string> => {
    const uri = vscode.Uri.file(samplePath(name));
    await vscode.commands.executeCommand('vpcFlowLogs.openFile', uri);
    const id = `file:${uri.toString()}`;
    await waitFor(() => api.viewer.openPanels.has(id), `a viewer panel on ${name}`);
    return id;
  };

  before(async () => {
    api = await activateExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => api.viewer.openPanels.size === 0, 'the viewer panels to close');
  });

  it('shows every record of a default-format file, with REJECT rows marked by icon and word', async () => {
    const records = sampleRecords('tutorial-vpc1-default.log');
    const id = await openFile('tutorial-vpc1-default.log');
    await waitForText(id, '.count', `${count(records.length)} records`);
    const headers = (await query(id, '.hcell .hlabel')).map((h) => h.text);
    assert.ok(headers.includes('Source address') && headers.includes('Destination port'), `headers: ${headers.join(', ')}`);
    const rows = await query(id, '.grid-body .row');
    assert.ok(rows.length > 0 && rows.length < 200, `${rows.length} rows in the DOM`);
    const rejected = await query(id, '.row.reject .k-action');
    assert.ok(rejected.length > 0, 'no REJECT row in view');
    assert.ok(rejected.every((cell) => cell.text.includes('REJECT')));
    const markers = await query(id, '.row.reject .marker');
    assert.ok(markers.every((m) => m.className.includes('codicon-circle-slash')), 'REJECT rows lack their icon');
    const rejectColor = await probe(id, { kind: 'style', selector: '.row.reject .k-action', property: 'color' });
    const acceptColor = await probe(id, { kind: 'style', selector: '.row.accept .k-action', property: 'color' });
    assert.notEqual(rejectColor, acceptColor);
  });

  it('labels public addresses with their AWS service and region once AWS IP ranges are read, and the hover names them too', async () => {
    // A copy of ip-ranges.json given to the command, as on a machine without internet access: tests never fetch.
    const fixture = vscode.Uri.joinPath(vscode.extensions.getExtension(extensionId)!.extensionUri, 'test', 'fixtures', 'ip-ranges.json');
    await vscode.commands.executeCommand('vpcFlowLogs.updateAwsIpRanges', fixture);
    await waitFor(() => api.viewer.awsRanges?.current(), 'the AWS IP ranges to be in use');
    const records = sampleRecords('tutorial-vpc1-default.log');
    const id = await openFile('tutorial-vpc1-default.log');
    await waitForText(id, '.count', `${count(records.length)} records`);
    await probe(id, { kind: 'input', selector: '.f-dstaddr', value: '52.94.25.161' });
    await waitForText(id, '.count', `${count(records.filter((r) => r[4] === '52.94.25.161').length)} of ${count(records.length)} records`);
    await waitFor(async () => (await query(id, '.row .k-address .note')).some((n) => n.text === 'AMAZON, us-west-2'), 'the address labelled "AMAZON, us-west-2"', 15_000);

    const document = await vscode.workspace.openTextDocument(samplePath('tutorial-vpc1-default.log'));
    await vscode.window.showTextDocument(document);
    await waitFor(() => vscode.window.activeTextEditor?.document.languageId === 'vpc-flow-log', 'the flow log language');
    const line = document.getText().split('\n').findIndex((l) => l.includes(' 18.237.140.165 '));
    const position = new vscode.Position(line, document.lineAt(line).text.indexOf('18.237.140.165') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(markdown, /A public AWS address: EC2\\_INSTANCE\\_CONNECT, us-west-2 \(18\.237\.140\.160\/29 in AWS's IP ranges of 2024-11-27\)/);
  });

  it('filters as the user types and counts the matches', async () => {
    const records = sampleRecords('tutorial-vpc1-default.log');
    const id = await openFile('tutorial-vpc1-default.log');
    await waitForText(id, '.count', `${count(records.length)} records`);
    await probe(id, { kind: 'input', selector: '.f-dstaddr', value: '10.2.15.210' });
    const expected = records.filter((r) => r[4] === '10.2.15.210').length;
    await waitForText(id, '.count', `${count(expected)} of ${count(records.length)} records`);
    const shown = await query(id, '.grid-body .row .k-address');
    assert.ok(shown.some((c) => c.text.startsWith('10.2.15.210')));
    await probe(id, { kind: 'click', selector: '.toggle.action-reject' });
    const rejected = records.filter((r) => r[4] === '10.2.15.210' && r[12] === 'REJECT').length;
    await waitForText(id, '.count', `${count(rejected)} of ${count(records.length)} records`);
  });

  it('reads a gzipped S3 export using its header line', async () => {
    const records = sampleRecords('s3-export-v3.log.gz');
    const id = await openFile('s3-export-v3.log.gz');
    await waitForText(id, '.count', `${count(records.length)} records`);
    const headers = (await query(id, '.hcell .hlabel')).map((h) => h.text);
    assert.ok(headers.includes('Packet source address'), `headers: ${headers.join(', ')}`);
    assert.equal((await query(id, '.bad-lines:not([hidden])')).length, 0);
  });

  it('reads a header-less custom-format file with the layout that fits, says so in a banner, and follows a format chosen in the editor', async () => {
    const records = sampleRecords('custom-v5.log');
    const id = await openFile('custom-v5.log');
    await waitForText(id, '.count', `${count(records.length)} records`);
    await waitFor(async () => (await text(id, '.banner:not([hidden]) .banner-text')).includes('the well-known layout that fits every line (29 fields, version 5'), 'the format banner');
    assert.equal((await query(id, '.banner.warning')).length, 0, 'a format that fits is no warning');
    assert.equal((await query(id, '.bad-lines:not([hidden])')).length, 0);
    // Choosing the default format for the file in the editor re-reads the open panel with it.
    const uri = vscode.Uri.file(samplePath('custom-v5.log'));
    try {
      await vscode.commands.executeCommand('vpcFlowLogs.setDocumentFormat', uri, '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}');
      await waitForText(id, '.count', '0 records');
      // Back to automatic: the layout is found again.
      await vscode.commands.executeCommand('vpcFlowLogs.setDocumentFormat', uri, '');
      await waitForText(id, '.count', `${count(records.length)} records`);
    } finally {
      await vscode.commands.executeCommand('vpcFlowLogs.setDocumentFormat', uri, '');
    }
  });

  it('lists the lines it could not read, as text', async () => {
    const id = await openFile('malformed.log');
    await waitFor(async () => (await text(id, '.bad-lines summary')) === '6 lines could not be read', 'the bad-lines section');
    const items = await query(id, '.bad-list li');
    assert.equal(items.length, 6);
    const markup = (await query(id, '.bad-text')).find((e) => e.text.includes('<script>'));
    assert.ok(markup, 'the markup line is not listed');
    assert.equal(markup.children, 0, 'the markup line was rendered as HTML');
    assert.equal((await query(id, '.bad-lines script, .bad-lines html')).length, 0);
    await waitForText(id, '.count', '4 records');
    // Broken records of a default-format file: no advice to paste a LogFormat.
    assert.equal((await query(id, '.banner:not([hidden])')).length, 0, 'the format banner for broken lines');
  });

  it('opens the active flow log editor from its title button command', async () => {
    const document = await vscode.workspace.openTextDocument(samplePath('tutorial-vpc1-default.log'));
    await vscode.window.showTextDocument(document);
    await waitFor(() => vscode.window.activeTextEditor?.document.languageId === 'vpc-flow-log', 'the flow log language');
    await vscode.commands.executeCommand('vpcFlowLogs.openInViewer');
    const id = `document:${document.uri.toString()}`;
    await waitFor(() => api.viewer.openPanels.has(id), 'a viewer panel on the document');
    await waitForText(id, '.count', `${count(sampleRecords('tutorial-vpc1-default.log').length)} records`);
  });

  it('pages a CloudWatch-like source: older pages with progress and cancel, follow polls for newer ones', async () => {
    const lines = fs.readFileSync(samplePath('tutorial-vpc1-default.log'), 'utf8').trim().split('\n');
    let older: { resolve: (page: RecordPage) => void; signal: AbortSignal } | undefined;
    let newerCalls = 0;
    const source: RecordSource = {
      id: 'test:paging',
      title: 'eni-0a1b2c3d4e5f60718-all',
      canFollow: true,
      labels: new Map([['10.2.15.210', 'Instance 2 (eni-0fedcba9876543210)']]),
      loadInitial: () => Promise.resolve({ lines: lines.slice(200), hasOlder: true }),
      loadOlder: (signal, progress) =>
        new Promise<RecordPage>((resolve, reject) => {
          progress?.({ lines: 50, message: 'Reading older events' });
          older = { resolve, signal };
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
      loadNewer: () => {
        newerCalls++;
        return Promise.resolve({ lines: newerCalls === 1 ? ['2 123456789012 eni-0a1b2c3d4e5f60718 10.1.5.112 10.2.15.210 0 0 1 5 420 1732698000 1732698060 ACCEPT OK'] : [] });
      },
    };
    await api.viewer.open(source);
    const id = source.id;
    await waitForText(id, '.count', '200 records');
    const labels = await query(id, '.row .k-address .note');
    // The name beside the address; the interface id is in the cell's tooltip.
    assert.ok(labels.some((l) => l.text === 'Instance 2'), 'the source\'s address label is not shown');

    await probe(id, { kind: 'click', selector: '.btn[title="Load older records"]' });
    await waitFor(async () => (await text(id, '.loading-text')).includes('Reading older events'), 'load progress');
    await probe(id, { kind: 'click', selector: '.btn.cancel' });
    await waitFor(() => older?.signal.aborted, 'the load to be aborted');
    await waitFor(async () => (await text(id, '.notice')).includes('Loading cancelled'), 'the cancel notice');

    await probe(id, { kind: 'click', selector: '.btn[title="Load older records"]' });
    await waitFor(() => older && !older.signal.aborted, 'a second load');
    older!.resolve({ lines: lines.slice(0, 200), hasOlder: false });
    await waitForText(id, '.count', '400 records');

    await probe(id, { kind: 'click', selector: '.btn[title^="Follow"]' });
    await waitForText(id, '.count', '401 records');
    assert.ok(newerCalls >= 1);
    const pressed = (await query(id, '.btn[title^="Follow"]'))[0]?.attributes['aria-pressed'];
    assert.equal(pressed, 'true');
  });

  it('restores a panel whose webview state was lost, from what the host remembered', async () => {
    const records = sampleRecords('tutorial-vpc1-default.log');
    const id = await openFile('tutorial-vpc1-default.log');
    await waitForText(id, '.count', `${count(records.length)} records`);
    await probe(id, { kind: 'input', selector: '.f-dstport', value: '22' });
    const expected = `${count(records.filter((r) => r[6] === '22').length)} of ${count(records.length)} records`;
    await waitForText(id, '.count', expected);
    await new Promise((resolve) => setTimeout(resolve, 800));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => api.viewer.openPanels.size === 0, 'the panel to close');
    const panel = vscode.window.createWebviewPanel('vpcFlowLogs.viewer', 'tutorial-vpc1-default.log', vscode.ViewColumn.Active, { enableScripts: true });
    await api.viewer.restore(panel, undefined);
    await waitForText(id, '.count', expected);
  });

  it('restores a panel from its saved state, filters included', async () => {
    const uri = vscode.Uri.file(samplePath('tutorial-vpc1-default.log'));
    const id = `file:${uri.toString()}`;
    const records = sampleRecords('tutorial-vpc1-default.log');
    // What the webview saves with setState; VS Code hands it to the serializer after a reload.
    const state = {
      sourceId: id,
      title: 'tutorial-vpc1-default.log',
      filter: { actions: ['REJECT'], statuses: [], protocol: 'icmp', srcaddr: '', dstaddr: '', srcport: '', dstport: '', interfaceId: '', text: '', time: { preset: 'all' } },
      sort: null,
      columns: { order: [], hidden: ['account-id'] },
      utc: true,
      summaryOpen: true,
      follow: false,
      scrollRow: 0,
    };
    const panel = vscode.window.createWebviewPanel('vpcFlowLogs.viewer', 'restoring', vscode.ViewColumn.Active, { enableScripts: true });
    await api.viewer.restore(panel, state);
    const expected = records.filter((r) => r[12] === 'REJECT' && r[7] === '1').length;
    await waitForText(id, '.count', `${count(expected)} of ${count(records.length)} records`);
    const pressed = (await query(id, '.toggle.action-reject'))[0]?.attributes['aria-pressed'];
    assert.equal(pressed, 'true');
    const headers = (await query(id, '.hcell .hlabel')).map((h) => h.text);
    assert.ok(!headers.includes('Account'), 'a hidden column came back');
  });
});
