import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as vscode from 'vscode';
import { activateExtension, samplePath, waitFor } from './helpers';

const LANGUAGE = 'vpc-flow-log';

/** Opens a file of the sample workspace in an editor and waits for the flow log language. */
async function openFlowLog(file: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(document, { preview: false });
  await waitFor(() => vscode.window.activeTextEditor?.document.languageId === LANGUAGE, `${path.basename(file)} to get the flow log language`);
  return vscode.window.activeTextEditor!;
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** The position of the middle of value `column` (0-based) on a line. */
function valuePosition(document: vscode.TextDocument, line: number, column: number): vscode.Position {
  const text = document.lineAt(line).text;
  const values = [...text.matchAll(/\S+/g)];
  const value = values[column];
  assert.ok(value, `line ${line + 1} has no value ${column + 1}: ${text}`);
  return new vscode.Position(line, value.index + Math.floor(value[0].length / 2));
}

function findLine(document: vscode.TextDocument, test: (values: string[]) => boolean): number {
  for (let n = 0; n < document.lineCount; n++) {
    if (test(document.lineAt(n).text.split(/\s+/))) {
      return n;
    }
  }
  throw new Error(`no such line in ${document.uri.path}`);
}

async function diagnosticsOf(uri: vscode.Uri, count?: number): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'VPC Flow Logs');
    return (count === undefined ? found.length > 0 : found.length === count) && found;
  }, `${count ?? 'some'} diagnostics on ${path.basename(uri.path)}`);
}

describe('Flow log language', () => {
  before(async () => {
    await activateExtension();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('gives .log, .txt and .flowlog files with flow log records the language, by content or by name', async () => {
    const folder = path.dirname(samplePath('x'));
    const records = fs.readFileSync(samplePath('custom-v5.log'), 'utf8');
    const created = ['copied.txt', 'records.flowlog', 'pasted.log'];
    fs.writeFileSync(path.join(folder, 'copied.txt'), records);
    fs.writeFileSync(path.join(folder, 'records.flowlog'), records);
    // Pasted with blank lines first.
    fs.writeFileSync(path.join(folder, 'pasted.log'), `\n  \n${records}`);
    try {
      for (const file of ['tutorial-vpc1-default.log', 'all-fields-v8.log', ...created]) {
        const editor = await openFlowLog(samplePath(file));
        assert.equal(editor.document.languageId, LANGUAGE, file);
      }
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const name of created) {
        fs.rmSync(path.join(folder, name), { force: true });
      }
    }
  });

  it('names dstport and its service in a hover over the dstport column of a default-format line', async () => {
    const { document } = await openFlowLog(samplePath('tutorial-vpc1-default.log'));
    // Default format: dstport is the 7th value, protocol the 8th.
    const line = findLine(document, (v) => v[6] === '22' && v[7] === '6');
    const text = await hoverText(document.uri, valuePosition(document, line, 6));
    assert.match(text, /\*\*dstport\*\*/);
    assert.match(text, /Destination port/);
    assert.match(text, /SSH/);
    assert.match(text, /default format/);
    // The source port of the same line is another field.
    assert.match(await hoverText(document.uri, valuePosition(document, line, 5)), /\*\*srcport\*\*/);
  });

  it('decodes protocol, timestamps and addresses, and reminds what rejects traffic on a REJECT line', async () => {
    const { document } = await openFlowLog(samplePath('tutorial-vpc1-default.log'));
    const reject = findLine(document, (v) => v[12] === 'REJECT' && v[7] === '6');
    assert.match(await hoverText(document.uri, valuePosition(document, reject, 7)), /TCP/);
    const start = Number(document.lineAt(reject).text.split(' ')[10]);
    const startHover = await hoverText(document.uri, valuePosition(document, reject, 10));
    assert.ok(startHover.includes(new Date(start * 1000).toISOString().replace('.000Z', 'Z')), startHover);
    assert.match(startHover, /local time/);
    const actionHover = await hoverText(document.uri, valuePosition(document, reject, 12));
    assert.match(actionHover, /security group/);
    assert.match(actionHover, /network ACL/);
    // Every value of a REJECT line carries the reminder; an ACCEPT line does not.
    assert.match(await hoverText(document.uri, valuePosition(document, reject, 3)), /network ACL/);
    const accept = findLine(document, (v) => v[12] === 'ACCEPT');
    assert.doesNotMatch(await hoverText(document.uri, valuePosition(document, accept, 3)), /network ACL/);
  });

  it('highlights every occurrence of the value under the cursor as a whole value, and selects whole addresses', async () => {
    const editor = await openFlowLog(samplePath('tutorial-vpc1-default.log'));
    const { document } = editor;
    const line = findLine(document, (v) => v[4] === '10.2.15.210');
    const position = valuePosition(document, line, 4);
    const highlights = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', document.uri, position);
    const expected = document.getText().split(/\s+/).filter((v) => v === '10.2.15.210').length;
    assert.equal(highlights.length, expected);
    assert.ok(highlights.every((h) => document.getText(h.range) === '10.2.15.210'));
    // On a version number, no "2" inside an address is marked.
    const versions = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', document.uri, new vscode.Position(0, 0));
    assert.ok(versions.length > 0);
    for (const { range } of versions) {
      const text = document.lineAt(range.start.line).text;
      const around = `${text[range.start.character - 1] ?? ' '}${text[range.end.character] ?? ' '}`;
      assert.equal(around.trim(), '', `a highlight inside ${text}`);
    }
    // Selecting the word at the cursor (as a double-click does) takes the whole address, not "10".
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.addSelectionToNextFindMatch');
    assert.equal(document.getText(editor.selection), '10.2.15.210');
  });

  it('highlights the version 5 as a whole value, never the 5 inside an address, also before the language switches', async () => {
    // custom-v5.log has no header: every line starts with the version 5, and addresses such as 10.1.5.112 hold a 5.
    const document = await vscode.workspace.openTextDocument(samplePath('custom-v5.log'));
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    const onFive = new vscode.Position(0, 0);
    assert.ok(/\b\d+\.\d*5\d*\.\d+\.\d+\b|\b\d+\.\d+\.\d*5/.test(document.getText()), 'no address with a 5 in the sample');
    const assertWhole = async (when: string, document: vscode.TextDocument): Promise<void> => {
      const highlights = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', document.uri, onFive);
      assert.ok(highlights.length >= document.lineCount - 1, `${when}: ${highlights.length} highlights for ${document.lineCount} lines`);
      for (const { range } of highlights) {
        const text = document.lineAt(range.start.line).text;
        const around = `${text[range.start.character - 1] ?? ' '}${text[range.end.character] ?? ' '}`;
        assert.equal(around.trim(), '', `${when}: a highlight inside a value of line ${range.start.line + 1}: ${text}`);
      }
    };
    // Whichever language the document has at this moment (log, or the flow log language already).
    await assertWhole(`as ${document.languageId}`, document);
    await waitFor(() => editor.document.languageId === LANGUAGE, 'the flow log language');
    await assertWhole('in the flow log language', editor.document);
    // An address and an interface id are one word each, as a double-click or Ctrl+D takes them.
    const address = findLine(document, (v) => v.some((x) => /^\d+\.\d+\.\d+\.\d+$/.test(x) && x.includes('5')));
    const values = document.lineAt(address).text.split(/\s+/);
    const column = values.findIndex((x) => /^\d+\.\d+\.\d+\.\d+$/.test(x) && x.includes('5'));
    const fivePosition = new vscode.Position(address, document.lineAt(address).text.indexOf(values[column]!) + values[column]!.indexOf('5'));
    assert.equal(document.getText(document.getWordRangeAtPosition(fivePosition)), values[column]);
    const eni = values.findIndex((x) => x.startsWith('eni-'));
    assert.ok(eni >= 0, 'no interface id on the line');
    assert.equal(document.getText(document.getWordRangeAtPosition(valuePosition(document, address, eni))), values[eni]);
    // A user who sets the language back to Log keeps whole-value highlights on these records.
    const asLog = await vscode.languages.setTextDocumentLanguage(editor.document, 'log');
    assert.equal(asLog.languageId, 'log');
    try {
      await assertWhole('in Log', asLog);
    } finally {
      // The Log choice is remembered while the document stays open: give the language back for later tests.
      await vscode.commands.executeCommand('vpcFlowLogs.changeLanguage', asLog.uri);
    }
  });

  it('warns on each line of the malformed sample that is not a record, and only there', async () => {
    const { document } = await openFlowLog(samplePath('malformed.log'));
    const diagnostics = await diagnosticsOf(document.uri);
    // samples/README: lines 2, 3, 5, 7, 9 and 10 are broken; 1, 6, 8 and 11 are good, 4 is blank.
    assert.deepEqual([...new Set(diagnostics.map((d) => d.range.start.line + 1))].sort((a, b) => a - b), [2, 3, 5, 7, 9, 10]);
    assert.ok(diagnostics.every((d) => d.severity === vscode.DiagnosticSeverity.Warning));
    const port = diagnostics.find((d) => d.range.start.line === 2)!;
    assert.equal(document.getText(port.range), 'twenty-two', 'the warning underlines the bad value');
    assert.match(port.message, /dstport/);
  });

  it('updates the warnings shortly after an edit fixes a line', async () => {
    const editor = await openFlowLog(samplePath('malformed.log'));
    const before = await diagnosticsOf(editor.document.uri);
    const bad = before.find((d) => editor.document.getText(d.range) === 'twenty-two')!;
    await editor.edit((edit) => edit.replace(bad.range, '22'));
    try {
      await diagnosticsOf(editor.document.uri, before.length - 1);
      assert.ok(!vscode.languages.getDiagnostics(editor.document.uri).some((d) => d.range.start.line === bad.range.start.line));
    } finally {
      await vscode.commands.executeCommand('undo');
    }
  });

  it('shows record and REJECT counts on line 1, and a lens that opens the viewer', async () => {
    const { document } = await openFlowLog(samplePath('tutorial-vpc1-default.log'));
    const lines = document.getText().split(/\r?\n/).filter((l) => l.trim() !== '');
    const rejects = lines.filter((l) => l.split(' ')[12] === 'REJECT').length;
    const lenses = await waitFor(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      return found.some((l) => l.command?.command === 'vpcFlowLogs.openInViewer') && found;
    }, 'the flow log lenses');
    assert.ok(lenses.every((l) => l.range.start.line === 0));
    const counts = lenses.find((l) => /records/.test(l.command?.title ?? ''));
    assert.ok(counts, lenses.map((l) => l.command?.title).join(' | '));
    assert.match(counts.command!.title, new RegExp(`\\b${lines.length} records\\b`));
    assert.match(counts.command!.title, new RegExp(`\\b${rejects} REJECT\\b`));
    const open = lenses.find((l) => l.command?.command === 'vpcFlowLogs.openInViewer')!;
    assert.equal((open.command!.arguments?.[0] as vscode.Uri).toString(), document.uri.toString());

    if ((await vscode.commands.getCommands(true)).includes('vpcFlowLogs.openInViewer')) {
      await vscode.commands.executeCommand(open.command!.command, ...((open.command!.arguments ?? []) as unknown[]));
      await waitFor(
        () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview)),
        'a viewer tab',
      );
    }
  });

  it('opens a .log.gz as read-only text in the language, and names its columns from the S3 header', async () => {
    const gz = samplePath('s3-export-v3.log.gz');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('vpcFlowLogs.openAsText', vscode.Uri.file(gz));
    const document = editor.document;
    assert.equal(document.languageId, LANGUAGE);
    assert.equal(document.getText(), zlib.gunzipSync(fs.readFileSync(gz)).toString('utf8'));
    assert.match(path.basename(document.uri.path), /^s3-export-v3\.log$/);
    // Read-only: typing changes nothing.
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('type', { text: 'typed' });
    assert.equal(document.lineAt(0).text.startsWith('typed'), false);
    assert.equal(document.isDirty, false);
    const header = document.lineAt(0).text.split(' ');
    const protocolColumn = header.indexOf('protocol');
    assert.ok(protocolColumn > 7, 'the v3 header puts protocol elsewhere than the default format');
    const text = await hoverText(document.uri, valuePosition(document, 1, protocolColumn));
    assert.match(text, /\*\*protocol\*\*/);
    assert.match(text, /header line/);
    assert.deepEqual(vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'VPC Flow Logs'), []);
  });

  it('offers, as a quick fix, the well-known format that fits a custom-format file', async () => {
    const { document } = await openFlowLog(samplePath('all-fields-v8.log'));
    const warnings = await diagnosticsOf(document.uri, document.lineCount - 1);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, warnings[0]!.range);
    const fits = actions.filter((a) => a.title.startsWith('Use the format that fits'));
    assert.equal(fits.length, 1, actions.map((a) => a.title).join(' | '));
    assert.ok(actions.some((a) => a.command?.command === 'vpcFlowLogs.setDocumentFormat' && a.command.arguments?.length === 1), 'no "set the format" fix');
    const fix = fits[0]!.command!;
    await vscode.commands.executeCommand(fix.command, ...((fix.arguments ?? []) as unknown[]));
    try {
      await diagnosticsOf(document.uri, 0);
      assert.match(await hoverText(document.uri, valuePosition(document, 0, 39)), /\*\*reject-reason\*\*/);
    } finally {
      await vscode.commands.executeCommand('vpcFlowLogs.setDocumentFormat', document.uri, '');
    }
  });

  it('uses the format chosen for a file, remembers it, and warns when records do not fit it', async () => {
    const file = samplePath('custom-v5.log');
    const { document } = await openFlowLog(file);
    const dstaddrHover = (): Promise<string> => hoverText(document.uri, valuePosition(document, 0, 8));
    // Without a header, the default format applies: value 9 is "packets", and every line is too long.
    assert.match(await dstaddrHover(), /\*\*packets\*\*/);
    await diagnosticsOf(document.uri, document.lineCount - 1);
    // The format samples/README gives for this file.
    const format =
      '${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status} ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${flow-direction} ${traffic-path}';
    await vscode.commands.executeCommand('vpcFlowLogs.setDocumentFormat', document.uri, format);
    try {
      assert.match(await dstaddrHover(), /\*\*dstaddr\*\*/);
      assert.match(await dstaddrHover(), /format chosen for this file/);
      await diagnosticsOf(document.uri, 0);
      // Remembered: closed and opened again, the file keeps its format.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const again = await openFlowLog(file);
      assert.match(await hoverText(again.document.uri, valuePosition(again.document, 0, 8)), /\*\*dstaddr\*\*/);
    } finally {
      await vscode.commands.executeCommand('vpcFlowLogs.setDocumentFormat', document.uri, '');
    }
    assert.match(await hoverText(document.uri, valuePosition(document, 0, 8)), /\*\*packets\*\*/);
  });
});
