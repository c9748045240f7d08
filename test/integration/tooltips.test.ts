import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { VpcFlowLogsApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/explorer/nodes/base';
import { DEMO, registerDemoAccount } from '../fixtures/demoAccount';
import { FakeAws } from './fakeAws';
import { activateExtension, waitFor } from './helpers';

// Tree tooltips are Markdown, and Name tags, descriptions and instance names are whatever someone typed in
// AWS: rendered by VS Code's own Markdown renderer, they must read as the text they are.
describe('Explorer tooltips with crafted AWS names', () => {
  const fake = new FakeAws();
  let api: VpcFlowLogsApi;
  const image = '![](https://host/p.png)';
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('vpcFlowLogs');
  const set = (key: string, value: unknown): Thenable<void> => config().update(key, value, vscode.ConfigurationTarget.Global);
  const label = (node: ExplorerNode): string => {
    const l = api.explorer.vpcs.getTreeItem(node).label;
    return typeof l === 'string' ? l : (l?.label ?? '');
  };
  /** A tree item's tooltip as VS Code's Markdown renderer turns it into HTML. */
  const rendered = async (node: ExplorerNode): Promise<string> => {
    const tooltip = api.explorer.vpcs.getTreeItem(node).tooltip as vscode.MarkdownString;
    assert.equal(tooltip.supportHtml ?? false, false);
    return vscode.commands.executeCommand<string>('markdown.api.render', tooltip.value);
  };

  before(async () => {
    api = await activateExtension();
    registerDemoAccount(await fake.start(), { names: { vpc1: image, instance1: '**Boss** <img src=x onerror=alert(1)>', eni1Description: '[quit](command:workbench.action.quit)' } });
    await set('region', 'us-west-2');
    await set('endpointUrl', fake.url);
    await waitFor(async () => (await api.services.aws.connection()).endpointUrl === fake.url, 'the endpoint setting');
  });

  after(async () => {
    await set('endpointUrl', undefined);
    await set('region', undefined);
    await fake.stop();
  });

  it('shows a Name tag that is Markdown for an image as that text, with no image, link or bold', async () => {
    const vpcs = api.explorer.vpcs;
    vpcs.refresh();
    const vpc = await waitFor(async () => (await vpcs.getChildren()).find((r) => label(r) === image), 'the VPC with the crafted Name tag');
    const vpcHtml = await rendered(vpc);
    assert.match(vpcHtml, /<strong>!\[\]\(https:\/\/host\/p\.png\)<\/strong>/, vpcHtml);
    const folder = (await vpcs.getChildren(vpc)).find((r) => label(r) === 'Network interfaces')!;
    const eni = (await vpcs.getChildren(folder)).find((r) => label(r) === DEMO.eni1.id)!;
    const eniHtml = await rendered(eni);
    assert.match(eniHtml, /\*\*Boss\*\* &lt;img src=x onerror=alert\(1\)&gt;/, eniHtml);
    assert.match(eniHtml, /\[quit\]\(command:workbench\.action\.quit\)/, eniHtml);
    for (const html of [vpcHtml, eniHtml]) {
      assert.doesNotMatch(html, /<img|<a |<strong>Boss/, html);
    }
  });
});
