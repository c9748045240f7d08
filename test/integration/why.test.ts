import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { VpcFlowLogsApi } from '../../src/extension';
import type { ProbeAction, ProbedElement } from '../../src/viewer/protocol';
import { registerDemoAccount } from '../fixtures/demoAccount';
import { DEMO_NET, DEMO_RECORDS } from '../fixtures/demoNetwork';
import { registerDemoNetwork, type DemoNetworkFake } from '../fixtures/demoNetworkFake';
import { FakeAws, FakeAwsError } from './fakeAws';
import { activateExtension, samplePath, waitFor } from './helpers';

// "Why was this rejected?" in the real VS Code on the tutorial's account served by FakeAws: the viewer
// reads the security groups, network ACLs and routes through the real SDK and explains the records.

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('vpcFlowLogs');
const setSetting = async (key: string, value: unknown): Promise<void> => config().update(key, value, vscode.ConfigurationTarget.Global);

/** The tutorial's records at instance 2, in file order: the ping REJECT, SSH in, and SSH's reply. */
const LINES = [DEMO_RECORDS.pingRejectAtInstance2, DEMO_RECORDS.sshAcceptAtInstance2, DEMO_RECORDS.sshReplyRejectAtInstance2];

describe('Why was this rejected?', () => {
  let api: VpcFlowLogsApi;
  let network: DemoNetworkFake;
  let panelId: string;
  const fake = new FakeAws();

  const probe = async (action: ProbeAction): Promise<unknown> => api.viewer.probe(panelId, action);
  const query = async (selector: string): Promise<ProbedElement[]> => (await probe({ kind: 'query', selector })) as ProbedElement[];
  const text = async (selector: string): Promise<string> => (await query(selector)).map((e) => e.text.trim()).join('\n');
  /** Waits for the answer (not its loading line) and returns the section's text. */
  const answer = async (expected: RegExp): Promise<string> => {
    let last = '';
    await waitFor(async () => expected.test((last = await text('.details .why'))), `the explanation to match ${expected} (last "${last}")`, 20_000);
    return last;
  };
  /** Asks again for the record shown in the details, after the account's rules changed. */
  const askAgain = async (): Promise<void> => {
    api.why.networks.clear();
    await probe({ kind: 'click', selector: '.details .why-ask' });
  };

  before(async () => {
    api = await activateExtension();
    registerDemoAccount(await fake.start());
    network = registerDemoNetwork(fake);
    await setSetting('endpointUrl', fake.url);
    await setSetting('region', 'us-west-2');
    const file = samplePath('tutorial-vpc2-instance2.log');
    fs.writeFileSync(file, `${LINES.join('\n')}\n`);
    const uri = vscode.Uri.file(file);
    await vscode.commands.executeCommand('vpcFlowLogs.openFile', uri);
    panelId = `file:${uri.toString()}`;
    await waitFor(() => api.viewer.openPanels.has(panelId), 'the viewer panel');
    await waitFor(async () => (await text('.count')) === '3 records', 'the three records');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('endpointUrl', undefined);
    await setSetting('region', undefined);
    await fake.stop();
  });

  beforeEach(() => {
    network.set({});
    api.why.networks.clear();
  });

  it('names instance 2\'s security group and the missing ICMP rule for the ping, and proposes the rule', async () => {
    // As the row's context menu does: the record's id from its data-vscode-context.
    await vscode.commands.executeCommand('vpcFlowLogs.explainRecord', { webview: 'vpcFlowLogs.viewer', webviewSection: 'rejectRecord', recordId: 0 });
    const shown = await answer(/Blocked by/);
    assert.match(await text('.details .why-question'), /^Why was this rejected\?$/);
    assert.match(await text('.details .why-headline'), new RegExp(`Blocked by security group ${DEMO_NET.sg2.name} \\(${DEMO_NET.sg2.id}\\), inbound`));
    assert.match(shown, /No inbound rule of security group .* allows ICMP from 10\.1\.5\.112/);
    assert.match(await text('.details .why-rule'), /no inbound rule matches \(its inbound rules: allow TCP 22 from 18\.237\.140\.160\/29\)/);
    const command = await text('.details .why-command');
    assert.match(command, new RegExp(`^aws ec2 authorize-security-group-ingress --group-id ${DEMO_NET.sg2.id} `));
    assert.match(command, /"IpProtocol":"icmp"/);
    assert.match(await text('.details .why-console'), /Inbound rules > Edit inbound rules > Add rule/);
    assert.match(await text('.details .why-warning'), /10\.1\.5\.112\/32/, 'the warning says the proposed range is wider than the record');
    // Only what was asked was read: the rules of the groups on the two VPCs' interfaces.
    assert.ok(fake.callsOf('ec2', 'DescribeSecurityGroupRules').length > 0);
  });

  it('says "allowed by today\'s rules" for the same record once the rule is added', async () => {
    await vscode.commands.executeCommand('vpcFlowLogs.explainRecord', { recordId: 0 });
    await answer(/Blocked by security group/);
    network.set({ icmpFromVpc1OnInstance2: true });
    await askAgain();
    await answer(/Allowed by today's rules/);
    assert.match(await text('.details .why-text'), /rules have changed since the record was written/);
    assert.ok((await text('.details .why-rule')).includes(DEMO_NET.rules.sg2IcmpFromVpc1), 'names the rule that now lets it in');
    assert.equal((await query('.details .why-command')).length, 0, 'no change to propose');
  });

  it('names the network ACL entry that blocks the SSH reply', async () => {
    network.set({ customAclOnSubnet2: true });
    await vscode.commands.executeCommand('vpcFlowLogs.explainRecord', { recordId: 2 });
    await answer(/Blocked by network ACL/);
    assert.match(await text('.details .why-headline'), new RegExp(`Blocked by network ACL ${DEMO_NET.aclLocked} entry #32767 \\(\\*\\), outbound \\(the reply\\)`));
    assert.match(await text('.details .why-rule'), /#32767 \(\*\) deny all traffic to 0\.0\.0\.0\/0/);
    assert.match(await text('.details .why-command'), new RegExp(`aws ec2 create-network-acl-entry --network-acl-id ${DEMO_NET.aclLocked} --egress`));
  });

  it('names the permission to add when security group rules cannot be read, and the viewer keeps working', async () => {
    fake.on('ec2', 'DescribeSecurityGroupRules', () => {
      throw new FakeAwsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
    });
    try {
      await vscode.commands.executeCommand('vpcFlowLogs.explainRecord', { recordId: 0 });
      await waitFor(async () => /add ec2:DescribeSecurityGroupRules/.test(await text('.details .why-error')), 'the permission to add');
      await probe({ kind: 'click', selector: 'dialog.details button[aria-label="Close"]' });
      await probe({ kind: 'input', selector: '.f-dstaddr', value: '10.2.15.210' });
      // The ping and the SSH connection go to instance 2; the SSH reply comes from it.
      await waitFor(async () => (await text('.count')) === '2 of 3 records', 'the filter to apply');
      await probe({ kind: 'input', selector: '.f-dstaddr', value: '' });
    } finally {
      network = registerDemoNetwork(fake);
    }
  });
});
