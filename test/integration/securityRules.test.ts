import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { VpcFlowLogsApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/explorer/nodes/base';
import { DEMO, registerDemoAccount } from '../fixtures/demoAccount';
import { DEMO_NET, DEMO_RECORDS } from '../fixtures/demoNetwork';
import { registerDemoNetwork } from '../fixtures/demoNetworkFake';
import { FakeAws } from './fakeAws';
import { activateExtension, samplePath, waitFor } from './helpers';

// Security groups and network ACLs in the VPCs view, in the real VS Code on the tutorial's account
// (with SSH opened to the internet on instance 1's group) served by FakeAws.

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('vpcFlowLogs');
const setSetting = async (key: string, value: unknown): Promise<void> => config().update(key, value, vscode.ConfigurationTarget.Global);

describe('VPCs view: security groups and network ACLs', () => {
  let api: VpcFlowLogsApi;
  const fake = new FakeAws();

  const label = (node: ExplorerNode): string => {
    const l = api.explorer.vpcs.getTreeItem(node).label;
    return typeof l === 'string' ? l : (l?.label ?? '');
  };
  const child = async (node: ExplorerNode | undefined, name: string): Promise<ExplorerNode> =>
    waitFor(async () => (await api.explorer.vpcs.getChildren(node)).find((r) => label(r) === name), `row ${name}`);
  const selected = (): string => api.explorer.vpcsView.selection[0]?.id ?? '';

  before(async () => {
    api = await activateExtension();
    registerDemoAccount(await fake.start());
    registerDemoNetwork(fake, { sshFromInternetOnInstance1: true });
    await setSetting('endpointUrl', fake.url);
    await setSetting('region', 'us-west-2');
    api.why.networks.clear();
    await vscode.commands.executeCommand('workbench.view.extension.vpcFlowLogs');
  });

  after(async () => {
    await setSetting('endpointUrl', undefined);
    await setSetting('region', undefined);
    await fake.stop();
  });

  it('flags the rule that opens SSH to the internet with a warning icon and says why', async () => {
    const vpc = await child(undefined, DEMO.vpc1.name);
    const group = await child(await child(vpc, 'Security groups'), DEMO_NET.sg1.name);
    const groupItem = api.explorer.vpcs.getTreeItem(group);
    assert.equal((groupItem.iconPath as vscode.ThemeIcon).id, 'warning');
    assert.match(String(groupItem.description), /^1 risky rule/);
    const rule = await child(await child(group, 'Inbound rules'), 'TCP 22 from 0.0.0.0/0');
    const item = api.explorer.vpcs.getTreeItem(rule);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'warning');
    assert.match((item.tooltip as vscode.MarkdownString).value, /SSH \\\(22\\\) open to the whole internet/);
    // The narrower SSH rule is not flagged.
    const safe = api.explorer.vpcs.getTreeItem(await child(await child(group, 'Inbound rules'), 'TCP 22 from 18.237.140.160/29'));
    assert.equal((safe.iconPath as vscode.ThemeIcon).id, 'pass');
  });

  it("reveals an interface's group, a rule and an ACL's final entry in the view", async () => {
    const vpc = await child(undefined, DEMO.vpc1.name);
    const eni = await child(await child(vpc, 'Network interfaces'), DEMO.eni1.id);
    const link = await child(eni, DEMO_NET.sg1.name);
    const command = api.explorer.vpcs.getTreeItem(link).command!;
    await vscode.commands.executeCommand(command.command, ...(command.arguments as unknown[]));
    await waitFor(() => selected().endsWith(`/securityGroups/${DEMO_NET.sg1.id}`), 'the group selected');

    await vscode.commands.executeCommand('vpcFlowLogs.revealInExplorer', { kind: 'securityGroup', id: DEMO_NET.sg1.id, ruleId: DEMO_NET.rules.sg1SshFromInternet });
    await waitFor(() => selected().endsWith(`/inbound/${DEMO_NET.rules.sg1SshFromInternet}`), 'the rule selected');
    assert.equal(label(api.explorer.vpcsView.selection[0]!), 'TCP 22 from 0.0.0.0/0');

    await vscode.commands.executeCommand('vpcFlowLogs.revealInExplorer', { kind: 'networkAcl', id: DEMO_NET.acl2, vpcId: DEMO.vpc2.id, ruleNumber: 32767, egress: true });
    await waitFor(() => selected().endsWith(`/${DEMO_NET.acl2}/outbound/out-32767`), 'the final outbound entry selected');
    assert.equal(label(api.explorer.vpcsView.selection[0]!), '* DENY All traffic to 0.0.0.0/0');
  });
});

describe('Flow log editor: the REJECT hover asks why', () => {
  before(async () => {
    await activateExtension();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('links a REJECT record to "Why was this rejected?" with the record, and an ACCEPT record to nothing', async () => {
    const file = samplePath('why-hover.log');
    fs.writeFileSync(file, `${DEMO_RECORDS.pingRejectAtInstance2}\n${DEMO_RECORDS.sshAcceptAtInstance2}\n`);
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document, { preview: false });
    await waitFor(() => vscode.window.activeTextEditor?.document.languageId === 'vpc-flow-log', 'the flow log language');
    const hover = async (line: number): Promise<string> => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, 20));
      return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    };
    const link = await waitFor(async () => /\(command:vpcFlowLogs\.explainRecord\?([^ )]+)/.exec(await hover(0)) ?? undefined, 'the link in the REJECT hover');
    const [argument] = JSON.parse(decodeURIComponent(link[1]!)) as [{ record: Record<string, string> }];
    assert.equal(argument.record['interface-id'], DEMO.eni2.id);
    assert.equal(argument.record['action'], 'REJECT');
    assert.doesNotMatch(await hover(1), /explainRecord/);
  });
});
