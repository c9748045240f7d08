import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { VpcFlowLogsApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/explorer/nodes/base';
import type { ExplorerTreeProvider } from '../../src/explorer/tree';
import type { ProbeAction, ProbedElement } from '../../src/viewer/protocol';
import { DEMO, registerDemoAccount } from '../fixtures/demoAccount';
import { DEMO_S3, registerDemoS3, type DemoS3 } from '../fixtures/demoS3';
import { FakeAws } from './fakeAws';
import { activateExtension, waitFor } from './helpers';

// Flow logs delivered to S3: the demo account's bucket on the fake S3, browsed in the VPCs view and
// read in the viewer through the real SDK.

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('vpcFlowLogs');
const setSetting = async (key: string, value: unknown): Promise<void> => config().update(key, value, vscode.ConfigurationTarget.Global);
const count = (n: number): string => n.toLocaleString('en-US');

describe('S3 flow logs', () => {
  let api: VpcFlowLogsApi;
  let demo: DemoS3;
  const fake = new FakeAws();

  const label = (provider: ExplorerTreeProvider, node: ExplorerNode): string => {
    const l = provider.getTreeItem(node).label;
    return typeof l === 'string' ? l : (l?.label ?? '');
  };
  const child = async (provider: ExplorerTreeProvider, node: ExplorerNode | undefined, name: string): Promise<ExplorerNode> =>
    waitFor(async () => (await provider.getChildren(node)).find((r) => label(provider, r) === name), `row ${name}`);
  const probe = async (id: string, action: ProbeAction): Promise<unknown> => api.viewer.probe(id, action);
  const text = async (id: string, selector: string): Promise<string> => ((await probe(id, { kind: 'query', selector })) as ProbedElement[])[0]?.text.trim() ?? '';
  const waitForText = async (id: string, selector: string, expected: string): Promise<void> => {
    let last = '';
    await waitFor(async () => (last = await text(id, selector)) === expected, `${selector} to read "${expected}" (last "${last}")`, 20_000);
  };

  before(async () => {
    api = await activateExtension();
    registerDemoAccount(await fake.start());
    demo = await registerDemoS3(fake);
    await setSetting('endpointUrl', fake.url);
    await setSetting('region', 'us-west-2');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('endpointUrl', undefined);
    await setSetting('region', undefined);
    await fake.stop();
  });

  it('opens a delivery day of the demo bucket from the VPCs view in the viewer, newest file first, older files on demand', async () => {
    const vpcs = api.explorer.vpcs;
    const vpc1 = await child(vpcs, undefined, DEMO.vpc1.name);
    const flowLog = await child(vpcs, await child(vpcs, vpc1, 'Flow logs'), DEMO_S3.text.flowLogId);
    assert.match(String(vpcs.getTreeItem(flowLog).description), new RegExp(`ALL → s3://${demo.bucket}`));
    assert.equal(vpcs.getTreeItem(flowLog).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const day = await child(vpcs, await child(vpcs, flowLog, '2024-11'), '2024-11-27');
    const files = demo.objects.filter((o) => o.flowLogId === DEMO_S3.text.flowLogId);
    assert.equal((await vpcs.getChildren(day)).length, files.length);
    assert.match(vpcs.getTreeItem(day).contextValue ?? '', /^vpcFlowLogs\.s3Folder.*\+opens/);

    // What the day's inline "Open Files in Viewer" button runs.
    await vscode.commands.executeCommand('vpcFlowLogs.openS3Prefix', day);
    const id = [...api.viewer.openPanels.keys()].find((k) => k.startsWith('s3:')) ?? (await waitFor(() => [...api.viewer.openPanels.keys()].find((k) => k.startsWith('s3:')), 'a viewer panel on the S3 day'));
    assert.equal(id, `s3:us-west-2/${demo.bucket}/${files[0]!.key.slice(0, files[0]!.key.lastIndexOf('/') + 1)}#${DEMO_S3.text.flowLogId}`);
    const newest = files[files.length - 1]!;
    const previous = files[files.length - 2]!;
    await waitForText(id, '.count', `${count(newest.lines.length)} records`);
    await probe(id, { kind: 'click', selector: 'button[title="Load older records"]' });
    await waitForText(id, '.count', `${count(newest.lines.length + previous.lines.length)} records`);
  });

  it('opens one Parquet file (Hive-compatible, per-hour) from its row', async () => {
    const vpcs = api.explorer.vpcs;
    const vpc1 = await child(vpcs, undefined, DEMO.vpc1.name);
    const flowLog = await child(vpcs, await child(vpcs, vpc1, 'Flow logs'), DEMO_S3.parquet.flowLogId);
    const day = await child(vpcs, await child(vpcs, flowLog, '2024-11'), '2024-11-27');
    const [hour] = await vpcs.getChildren(day);
    const [file] = await vpcs.getChildren(hour);
    const row = vpcs.getTreeItem(file!);
    assert.match(String(row.description), /Parquet$/);
    await vscode.commands.executeCommand(row.command!.command, ...((row.command!.arguments ?? []) as unknown[]));
    const ref = row.command!.arguments![0] as { key: string };
    const object = demo.objects.find((o) => o.key === ref.key)!;
    const id = await waitFor(() => [...api.viewer.openPanels.keys()].find((k) => k.endsWith(object.key)), 'a viewer panel on the Parquet file');
    await waitForText(id, '.count', `${count(object.lines.length)} records`);
  });
});
