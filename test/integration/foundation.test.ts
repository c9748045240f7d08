import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { VpcFlowLogsApi } from '../../src/extension';
import { activateExtension, extensionId, samplePath, waitFor } from './helpers';

interface Manifest {
  contributes: {
    commands: { command: string; category?: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string }[] };
    languages: { id: string }[];
  };
}

describe('Extension foundation', () => {
  let manifest: Manifest;
  let api: VpcFlowLogsApi;

  before(async () => {
    api = await activateExtension();
    manifest = vscode.extensions.getExtension(extensionId)!.packageJSON as Manifest;
  });

  it('activates, and returns its API', () => {
    // How long activation takes is a benchmark figure (npm run bench), not a test: a busy machine is slow.
    assert.ok(vscode.extensions.getExtension(extensionId)!.isActive);
    assert.ok(api.viewer && api.explorer && api.insights && api.setup, 'the API lacks an area');
  });

  it('registers the view container and both views', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.deepEqual(manifest.contributes.viewsContainers.activitybar.map((c) => c.id), ['vpcFlowLogs']);
    assert.ok(commands.includes('workbench.view.extension.vpcFlowLogs'), 'no command opens the view container');
    const views = manifest.contributes.views['vpcFlowLogs']!.map((v) => v.id);
    assert.deepEqual(views, ['vpcFlowLogs.vpcs', 'vpcFlowLogs.logGroups']);
    for (const view of views) {
      assert.ok(commands.includes(`${view}.focus`), `view ${view} is not registered`);
    }
    await vscode.commands.executeCommand('vpcFlowLogs.vpcs.focus');
  });

  it('registers every contributed command, and contributes every command it registers', async () => {
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('vpcFlowLogs.'));
    const viewIds = manifest.contributes.views['vpcFlowLogs']!.map((v) => v.id);
    // VS Code itself registers `<viewId>.focus` and friends for each view.
    const ours = registered.filter((c) => !viewIds.some((v) => c.startsWith(`${v}.`)));
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0);
    assert.deepEqual(contributed.filter((c) => !ours.includes(c)), [], 'contributed but not registered');
    assert.deepEqual(ours.filter((c) => !contributed.includes(c)), [], 'registered but not contributed');
    for (const command of manifest.contributes.commands) {
      assert.equal(command.category, 'VPC Flow Logs', `${command.command} has no category`);
    }
  });

  it('registers the vpc-flow-log language', async () => {
    assert.ok((await vscode.languages.getLanguages()).includes('vpc-flow-log'));
  });

  it('gives a sample flow log .log file the flow log language', async () => {
    const document = await vscode.workspace.openTextDocument(samplePath('tutorial-vpc1-default.log'));
    await vscode.window.showTextDocument(document);
    await waitFor(() => vscode.window.activeTextEditor?.document.languageId === 'vpc-flow-log', 'language to become vpc-flow-log');
  });

  it('leaves an ordinary .log file alone', async () => {
    const file = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'ordinary-app.log');
    fs.writeFileSync(file, '2024-11-27 08:00:00 INFO server started on port 8080\n');
    try {
      const document = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(document);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(vscode.window.activeTextEditor?.document.languageId, 'log');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(file, { force: true });
    }
  });

  it('obeys a user who switches a detected file back to Log', async () => {
    const document = await vscode.workspace.openTextDocument(samplePath('custom-v5.log'));
    await vscode.window.showTextDocument(document);
    await waitFor(() => vscode.window.activeTextEditor?.document.languageId === 'vpc-flow-log', 'detection');
    await vscode.languages.setTextDocumentLanguage(vscode.window.activeTextEditor!.document, 'log');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'log');
    await vscode.commands.executeCommand('vpcFlowLogs.changeLanguage');
    await waitFor(() => vscode.window.activeTextEditor?.document.languageId === 'vpc-flow-log', 'change language command');
  });
});
