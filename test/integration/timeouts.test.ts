import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { VpcFlowLogsApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/explorer/nodes/base';
import { DEMO, registerDemoAccount } from '../fixtures/demoAccount';
import { FakeAws } from './fakeAws';
import { activateExtension, waitFor } from './helpers';

// An endpoint that accepts connections and never answers (a hung emulator, a dead proxy), in the real
// extension host: the views must not spin forever.
describe('AWS requests that get no answer', () => {
  const fake = new FakeAws();
  let api: VpcFlowLogsApi;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('vpcFlowLogs');
  const set = (key: string, value: unknown): Thenable<void> => config().update(key, value, vscode.ConfigurationTarget.Global);
  const label = (node: ExplorerNode): string => {
    const l = api.explorer.vpcs.getTreeItem(node).label;
    return typeof l === 'string' ? l : (l?.label ?? '');
  };

  before(async () => {
    api = await activateExtension();
    registerDemoAccount(await fake.start());
    await set('region', 'us-west-2');
    await set('aws.requestTimeoutSeconds', 2);
    await set('endpointUrl', fake.url);
    await waitFor(async () => (await api.services.aws.connection()).endpointUrl === fake.url, 'the endpoint setting');
  });

  after(async () => {
    await set('endpointUrl', undefined);
    await set('region', undefined);
    await set('aws.requestTimeoutSeconds', undefined);
    await fake.stop();
  });

  it('shows "did not answer" as an error row after the request timeout, and Retry loads the view', async function () {
    this.timeout(60_000);
    // DescribeVpcs is accepted and never answered.
    let received = 0;
    fake.on('ec2', 'DescribeVpcs', () => {
      received++;
      return new Promise(() => undefined);
    });
    const vpcs = api.explorer.vpcs;
    vpcs.refresh();
    const started = Date.now();
    const rows = await vpcs.getChildren();
    console.log(`    time to the error row: ${Date.now() - started} ms (request timeout 2 s)`);
    assert.deepEqual(rows.map(label), ['AWS did not answer within 2 s']);
    const item = vpcs.getTreeItem(rows[0]!);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
    assert.match((item.tooltip as vscode.MarkdownString).value, /endpoint URL http\\:\/\/127\.0\.0\.1:\d+ did not answer within 2 s/);
    assert.ok(received >= 1, 'the request reached the endpoint');

    // The endpoint answers again: clicking the row retries.
    registerDemoAccount(fake);
    await vscode.commands.executeCommand(item.command!.command, ...((item.command!.arguments ?? []) as unknown[]));
    await waitFor(async () => (await vpcs.getChildren()).some((r) => label(r) === DEMO.vpc1.name), 'the VPCs after Retry', 20_000);
  });
});
