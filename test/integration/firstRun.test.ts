import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { VpcFlowLogsApi } from '../../src/extension';
import { activateExtension, extensionId, waitFor } from './helpers';

// A first run without AWS: no credentials and no region. The views say both at once and offer the
// packaged sample and "Open Flow Log File" as the way to try the viewer without AWS.

interface Welcome {
  view: string;
  contents: string;
  when?: string;
}

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('vpcFlowLogs');
const setSetting = async (key: string, value: unknown): Promise<void> => config().update(key, value, vscode.ConfigurationTarget.Global);

describe('First run without AWS', () => {
  let api: VpcFlowLogsApi;
  const manifest = (): { contributes: { viewsWelcome: Welcome[] } } => vscode.extensions.getExtension(extensionId)!.packageJSON as { contributes: { viewsWelcome: Welcome[] } };
  /** The welcome a view shows for a value of `vpcFlowLogs.connectionProblem` in a trusted workspace (undefined: not set yet). */
  const welcomeFor = (view: string, problem: string | undefined): string[] =>
    manifest()
      .contributes.viewsWelcome.filter((w) => w.view === view && w.when?.includes('isWorkspaceTrusted') && !w.when.includes('!isWorkspaceTrusted'))
      .filter((w) => (problem ? w.when?.includes(`vpcFlowLogs.connectionProblem == ${problem}`) : w.when?.includes('!vpcFlowLogs.connectionProblem')))
      .map((w) => w.contents);

  before(async () => {
    api = await activateExtension();
    await setSetting('endpointUrl', undefined);
    await setSetting('region', undefined);
    // A profile in no config file and a region nowhere: as on a machine where AWS was never set up.
    await setSetting('profile', 'never-configured');
    await vscode.commands.executeCommand('workbench.view.extension.vpcFlowLogs');
  });

  after(async () => {
    await setSetting('profile', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('says in one welcome that both the credentials and the region are missing, in both views', async function () {
    this.timeout(30_000);
    await waitFor(async () => (await api.explorer.vpcs.getChildren()).length === 0 && api.explorer.connectionProblem() === 'noSetup', 'the first-run state', 20_000);
    assert.equal((await api.explorer.logGroups.getChildren()).length, 0, 'the Log Groups view is not empty');
    for (const view of ['vpcFlowLogs.vpcs', 'vpcFlowLogs.logGroups']) {
      const [welcome, ...more] = welcomeFor(view, 'noSetup');
      assert.ok(welcome && more.length === 0, `${view}: ${more.length + (welcome ? 1 : 0)} welcomes for the first run`);
      assert.match(welcome, /credentials or region/);
      assert.ok(welcome.includes('(command:vpcFlowLogs.selectProfile)') && welcome.includes('(command:vpcFlowLogs.selectRegion)'), `${view}: no way to fix both`);
      assert.ok(welcome.includes('(command:vpcFlowLogs.openSample)') && welcome.includes('(command:vpcFlowLogs.openFile)'), `${view}: no way to try it without AWS`);
    }
  });

  it('shows "Connecting…" until the extension has said how the connection is, never "once you are connected"', () => {
    for (const view of ['vpcFlowLogs.vpcs', 'vpcFlowLogs.logGroups']) {
      assert.deepEqual(welcomeFor(view, undefined), ['Connecting to AWS…']);
    }
    const all = manifest().contributes.viewsWelcome.map((w) => w.contents).join('\n');
    assert.doesNotMatch(all, /once you are connected/);
  });

  it('opens the packaged sample in the viewer from the welcome link', async function () {
    this.timeout(30_000);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('vpcFlowLogs.openSample'), 'the welcome links a command that is not registered');
    const sample = vscode.Uri.joinPath(vscode.extensions.getExtension(extensionId)!.extensionUri, 'samples', 'tutorial-vpc1-default.log');
    const records = fs.readFileSync(sample.fsPath, 'utf8').split('\n').filter((l) => l.trim()).length;
    await vscode.commands.executeCommand('vpcFlowLogs.openSample');
    const id = `file:${sample.toString()}`;
    await waitFor(() => api.viewer.openPanels.has(id), `a viewer panel on ${path.basename(sample.fsPath)}`);
    let count = '';
    await waitFor(
      async () => {
        const found = (await api.viewer.probe(id, { kind: 'query', selector: '.count' })) as { text: string }[];
        count = found[0]?.text.trim() ?? '';
        return count === `${records} records`;
      },
      `the sample's ${records} records (last "${count}")`,
      15_000,
    );
  });
});
