import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { VpcFlowLogsApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/explorer/nodes/base';
import type { ExplorerTreeProvider } from '../../src/explorer/tree';
import type { ProbedElement } from '../../src/viewer/protocol';
import { DEMO, registerDemoAccount } from '../fixtures/demoAccount';
import { FakeAws, FakeAwsError } from './fakeAws';
import { activateExtension, waitFor } from './helpers';

// The explorer against the tutorial's two-VPC account served by FakeAws through the endpoint setting:
// the real SDK runs end to end, so these check what a user would see in the two views.

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('vpcFlowLogs');
const setSetting = async (key: string, value: unknown): Promise<void> => config().update(key, value, vscode.ConfigurationTarget.Global);

const sampleLines = fs
  .readFileSync(path.join(__dirname, '..', '..', '..', 'samples', 'tutorial-vpc1-default.log'), 'utf8')
  .split('\n')
  .filter((l) => l.trim());

/** Whether the lazily loaded SDK bundle (dist/aws-sdk.js) has been required in this extension host. */
const sdkLoaded = (): boolean => Object.keys(require.cache).some((file) => file.endsWith(`${path.sep}dist${path.sep}aws-sdk.js`));

describe('AWS explorer', () => {
  let api: VpcFlowLogsApi;
  let sdkLoadedAtActivation: boolean;
  const fake = new FakeAws();

  const item = (provider: ExplorerTreeProvider, node: ExplorerNode): vscode.TreeItem => provider.getTreeItem(node);
  const label = (provider: ExplorerTreeProvider, node: ExplorerNode): string => {
    const l = item(provider, node).label;
    return typeof l === 'string' ? l : (l?.label ?? '');
  };
  const children = async (provider: ExplorerTreeProvider, node?: ExplorerNode): Promise<ExplorerNode[]> => provider.getChildren(node);
  const child = async (provider: ExplorerTreeProvider, node: ExplorerNode | undefined, name: string | RegExp): Promise<ExplorerNode> => {
    const rows = await children(provider, node);
    const found = rows.find((r) => (typeof name === 'string' ? label(provider, r) === name : name.test(label(provider, r))));
    assert.ok(found, `no row ${String(name)} among ${rows.map((r) => label(provider, r)).join(', ')}`);
    return found;
  };
  /** Runs a row's or lens's command as a click would. */
  const run = async (command: vscode.Command | undefined): Promise<void> => {
    assert.ok(command, 'no command');
    await vscode.commands.executeCommand(command.command, ...((command.arguments ?? []) as unknown[]));
  };
  /** Waits for the top level of a view to show a row (views reload a moment after a settings change). */
  const topRow = async (provider: ExplorerTreeProvider, name: string | RegExp): Promise<ExplorerNode> =>
    waitFor(async () => (await children(provider)).find((r) => (typeof name === 'string' ? label(provider, r) === name : name.test(label(provider, r)))), `row ${String(name)}`);

  before(async () => {
    api = await activateExtension();
    sdkLoadedAtActivation = sdkLoaded();
    registerDemoAccount(await fake.start());
    await setSetting('endpointUrl', fake.url);
    await setSetting('region', 'us-west-2');
    await vscode.commands.executeCommand('workbench.view.extension.vpcFlowLogs');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('endpointUrl', undefined);
    await setSetting('region', undefined);
    await setSetting('profile', undefined);
    await fake.stop();
  });

  beforeEach(() => {
    registerDemoAccount(fake);
  });

  it('activates without loading the AWS SDK, and loads it when the explorer first needs it', async () => {
    assert.equal(sdkLoadedAtActivation, false, 'activate() (or a suite before this one) loaded dist/aws-sdk.js');
    await topRow(api.explorer.vpcs, DEMO.vpc1.name);
    assert.ok(sdkLoaded(), 'the explorer read VPCs without the SDK bundle?');
  });

  it('fills the VPCs view from EC2: Name tags, CIDR blocks, the default VPC marked', async () => {
    const vpcs = api.explorer.vpcs;
    const vpc1 = await topRow(vpcs, DEMO.vpc1.name);
    const rows = await children(vpcs);
    assert.deepEqual(rows.map((r) => label(vpcs, r)).sort(), [DEMO.vpc1.name, DEMO.vpc2.name, DEMO.defaultVpc.id].sort());
    assert.match(String(item(vpcs, vpc1).description), new RegExp(DEMO.vpc1.cidr.replace(/\./g, '\\.')));
    const defaultVpc = rows.find((r) => label(vpcs, r) === DEMO.defaultVpc.id)!;
    assert.match(String(item(vpcs, defaultVpc).description), /default VPC/);
    assert.match(item(vpcs, defaultVpc).contextValue ?? '', /^vpcFlowLogs\.vpc.*\+default/);
    assert.match(item(vpcs, vpc1).contextValue ?? '', /\+hasFlowLog/);
  });

  it('expands a VPC into its flow logs, interfaces (asked for by vpc-id on the server), subnets, peering and routes', async () => {
    const vpcs = api.explorer.vpcs;
    const vpc1 = await topRow(vpcs, DEMO.vpc1.name);
    assert.deepEqual(
      (await children(vpcs, vpc1)).map((r) => label(vpcs, r)),
      ['Flow logs', 'Network interfaces', 'Subnets', 'Peering connections', 'Route tables', 'Security groups', 'Network ACLs'],
    );

    const flowLog = await child(vpcs, await child(vpcs, vpc1, 'Flow logs'), DEMO.flowLog.id);
    const flowLogRow = item(vpcs, flowLog);
    assert.match(String(flowLogRow.description), new RegExp(`ALL → ${DEMO.flowLogGroup}.*1 min.*default format`));
    assert.equal(flowLogRow.command?.command, 'vpcFlowLogs.revealLogGroup');

    fake.calls.length = 0;
    const interfaces = await child(vpcs, vpc1, 'Network interfaces');
    vpcs.refresh(interfaces);
    const eni = await child(vpcs, interfaces, DEMO.eni1.id);
    const sent = fake.callsOf('ec2', 'DescribeNetworkInterfaces').at(-1)?.params ?? {};
    assert.equal(sent['Filter.1.Name'], 'vpc-id', 'interfaces are filtered on the server');
    assert.equal(sent['Filter.1.Value.1'], DEMO.vpc1.id);
    const eniRow = item(vpcs, eni);
    assert.equal(eniRow.description, `${DEMO.eni1.privateIp} · ${DEMO.eni1.publicIp} · ${DEMO.instance1.name}`);
    assert.match(eniRow.contextValue ?? '', /^vpcFlowLogs\.eni.*\+hasFlowLog.*\+cloudWatch/);
    const tooltip = (eniRow.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /launch-wizard-1/);
    assert.match(tooltip, new RegExp(DEMO.instance1.id));

    const peering = await child(vpcs, await child(vpcs, vpc1, 'Peering connections'), /VPC 1 <-> VPC 2/);
    assert.match(String(item(vpcs, peering).description), new RegExp(`⇄ ${DEMO.vpc2.name} ${DEMO.vpc2.cidr.replace(/\./g, '\\.')} · active`));

    // VPC 1 has no route to VPC 2 through the peering: the commonest reason private pings fail.
    const table = await child(vpcs, await child(vpcs, vpc1, 'Route tables'), 'VPC 1 routes');
    const routes = (await children(vpcs, table)).map((r) => label(vpcs, r));
    assert.equal(routes[0], `No route to ${DEMO.vpc2.cidr} through ${DEMO.peering.id}`);
    assert.deepEqual(routes.slice(1), [DEMO.vpc1.cidr, '0.0.0.0/0']);
    const vpc2Table = await child(vpcs, await child(vpcs, await topRow(vpcs, DEMO.vpc2.name), 'Route tables'), 'VPC 2 routes');
    assert.ok(!(await children(vpcs, vpc2Table)).some((r) => label(vpcs, r).startsWith('No route')), 'VPC 2 routes to VPC 1');

    const vpc2Interfaces = await child(vpcs, await topRow(vpcs, DEMO.vpc2.name), 'Network interfaces');
    const eni2 = item(vpcs, await child(vpcs, vpc2Interfaces, DEMO.eni2.id));
    assert.match(String(eni2.description), /no flow log$/);
    assert.match(eni2.contextValue ?? '', /\+noFlowLog/);
  });

  it('lists flow log groups first and marked, then other groups; streams newest activity first', async () => {
    const groups = api.explorer.logGroups;
    await topRow(groups, DEMO.flowLogGroup);
    const rows = await children(groups);
    assert.deepEqual(rows.map((r) => label(groups, r)), [DEMO.flowLogGroup, DEMO.otherGroup]);
    assert.match(item(groups, rows[0]!).contextValue ?? '', /^vpcFlowLogs\.logGroup\+flowLogs/);
    assert.match(String(item(groups, rows[0]!).description), /^flow logs/);
    assert.doesNotMatch(item(groups, rows[1]!).contextValue ?? '', /\+flowLogs/);

    fake.calls.length = 0;
    const stream = await child(groups, rows[0], DEMO.flowLogStream);
    const sent = fake.callsOf('logs', 'DescribeLogStreams').at(-1)?.params ?? {};
    assert.equal(sent['orderBy'], 'LastEventTime');
    assert.equal(sent['descending'], true);
    assert.equal(sent['limit'], 50);
    assert.match(String(item(groups, stream).description), /ago/);
    assert.equal(item(groups, stream).command?.command, 'vpcFlowLogs.openStream');
  });

  it('opens a stream in the flow log viewer with every record and the interfaces named', async function () {
    this.timeout(60_000);
    const groups = api.explorer.logGroups;
    const stream = await child(groups, await topRow(groups, DEMO.flowLogGroup), DEMO.flowLogStream);
    await vscode.commands.executeCommand('vpcFlowLogs.openStream', stream);
    const id = `cloudwatch:us-west-2/${DEMO.flowLogGroup}/${DEMO.flowLogStream}`;
    await waitFor(() => api.viewer.openPanels.has(id), 'a viewer panel on the stream');
    await waitFor(
      () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.label === DEMO.flowLogStream)),
      'a webview tab titled with the stream name',
    );
    const { controller } = api.viewer.openPanels.get(id)!;
    await controller.whenLoaded();
    assert.equal(controller.records?.count, sampleLines.length);
    const rowsOf = async (): Promise<ProbedElement[]> => (await controller.probe({ kind: 'query', selector: '.grid-body .row' })) as ProbedElement[];
    const rows = await waitFor(async () => {
      const found = await rowsOf();
      return found.length ? found : undefined;
    }, 'rows in the viewer', 15_000);
    // The viewer shows the instance's name beside its address (the interface id is in the tooltip).
    const notes = (await controller.probe({ kind: 'query', selector: '.grid-body .row .k-address .note' })) as ProbedElement[];
    assert.ok(
      notes.some((n) => n.text === DEMO.instance1.name),
      `no address labelled with its instance: ${rows[0]?.text ?? 'no rows'}`,
    );
  });

  it('opens the stream of an interface covered by a CloudWatch flow log', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => api.viewer.openPanels.size === 0, 'viewer panels to close');
    const vpcs = api.explorer.vpcs;
    const eni = await child(vpcs, await child(vpcs, await topRow(vpcs, DEMO.vpc1.name), 'Network interfaces'), DEMO.eni1.id);
    await run(item(vpcs, eni).command);
    await waitFor(() => api.viewer.openPanels.has(`cloudwatch:us-west-2/${DEMO.flowLogGroup}/${DEMO.flowLogStream}`), 'the interface\'s stream in the viewer');
  });

  it('opens a stream as a read-only flow log document, newest events first, with "load older" at the top', async function () {
    this.timeout(30_000);
    await setSetting('cloudWatch.eventsPerRequest', 150);
    try {
      const groups = api.explorer.logGroups;
      const stream = await child(groups, await topRow(groups, DEMO.flowLogGroup), DEMO.flowLogStream);
      await vscode.commands.executeCommand('vpcFlowLogs.openStreamAsText', stream);
      const editor = await waitFor(() => {
        const active = vscode.window.activeTextEditor;
        return active?.document.uri.scheme === 'vpcflowlogs-cloudwatch' ? active : undefined;
      }, 'the stream document');
      const document = editor.document;
      assert.equal(document.languageId, 'vpc-flow-log');
      const lines = (): string[] => document.getText().split('\n').filter(Boolean);
      assert.deepEqual(lines(), sampleLines.slice(-150), 'the newest 150 events');

      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      const older = lenses.find((l) => l.command?.command === 'vpcFlowLogs.loadOlderEvents');
      assert.ok(older, `no "load older" lens: ${lenses.map((l) => l.command?.title).join(', ')}`);
      assert.equal(older.range.start.line, 0);
      await run(older.command);
      await waitFor(() => lines().length === 300, 'older events above the newest');
      assert.deepEqual(lines(), sampleLines.slice(-300));
    } finally {
      await setSetting('cloudWatch.eventsPerRequest', undefined);
    }
  });

  it('shows AccessDenied as an error row naming the denied action, and loads again on retry', async () => {
    const vpcs = api.explorer.vpcs;
    const folder = await child(vpcs, await topRow(vpcs, DEMO.vpc2.name), 'Network interfaces');
    fake.on('ec2', 'DescribeNetworkInterfaces', () => {
      throw new FakeAwsError(
        'UnauthorizedOperation',
        'You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ec2:DescribeNetworkInterfaces',
        403,
      );
    });
    vpcs.refresh(folder);
    const [error] = await children(vpcs, folder);
    const row = item(vpcs, error!);
    assert.equal(label(vpcs, error!), 'Access denied: ec2:DescribeNetworkInterfaces');
    assert.match((row.tooltip as vscode.MarkdownString).value, /not allowed ec2:DescribeNetworkInterfaces/);
    assert.equal((row.iconPath as vscode.ThemeIcon).id, 'error');

    registerDemoAccount(fake);
    await run(row.command);
    assert.deepEqual((await children(vpcs, folder)).map((r) => label(vpcs, r)), [DEMO.eni2.id]);
  });

  it('reloads both views for a newly chosen region, asking AWS in that region', async function () {
    this.timeout(30_000);
    fake.calls.length = 0;
    await setSetting('region', 'eu-west-1');
    try {
      await topRow(api.explorer.vpcs, 'No VPCs in eu-west-1');
      await topRow(api.explorer.logGroups, 'No log groups in eu-west-1');
      assert.ok(fake.callsOf('ec2', 'DescribeVpcs').some((c) => c.region === 'eu-west-1'), 'no DescribeVpcs signed for eu-west-1');
    } finally {
      await setSetting('region', 'us-west-2');
    }
    await topRow(api.explorer.vpcs, DEMO.vpc1.name);
  });

  it('leaves the views empty for a profile without credentials, so the welcome content offers to choose one', async function () {
    this.timeout(30_000);
    await setSetting('profile', 'no-such-profile');
    try {
      await waitFor(async () => (await children(api.explorer.vpcs)).length === 0 && api.explorer.connectionProblem() === 'noCredentials', 'the no-credentials state');
    } finally {
      await setSetting('profile', undefined);
    }
    await topRow(api.explorer.vpcs, DEMO.vpc1.name);
    assert.equal(api.explorer.connectionProblem(), undefined);
  });

  it('chooses a profile, then a region, in the pickers and remembers both in the settings', async function () {
    this.timeout(30_000);
    const quickPick = async (...steps: string[]): Promise<void> => {
      // The picker reads the AWS config files before it shows; then keys move and accept as a user would.
      await new Promise((r) => setTimeout(r, 1000));
      for (const step of steps) {
        await vscode.commands.executeCommand(step);
        await new Promise((r) => setTimeout(r, 300));
      }
    };
    const next = 'workbench.action.quickOpenSelectNext';
    const accept = 'workbench.action.acceptSelectedQuickOpenItem';
    try {
      // Regions: the current one (us-west-2) is active; the next in the list is af-south-1.
      const region = vscode.commands.executeCommand('vpcFlowLogs.selectRegion');
      await quickPick(next, accept);
      await region;
      assert.equal(config().get('region'), 'af-south-1');
      // Profiles: the default chain (current) is active, "default" is next; then keep the region.
      const profile = vscode.commands.executeCommand('vpcFlowLogs.selectProfile');
      await quickPick(next, accept);
      await new Promise((r) => setTimeout(r, 500));
      await quickPick(accept);
      await profile;
      assert.equal(config().get('profile'), 'default');
      assert.equal(config().get('region'), 'af-south-1');
      await topRow(api.explorer.vpcs, 'No VPCs in af-south-1');
    } finally {
      await setSetting('profile', undefined);
      await setSetting('region', 'us-west-2');
    }
    await topRow(api.explorer.vpcs, DEMO.vpc1.name);
  });

  it('filters by an instance name, opening the VPC that holds it', async () => {
    const vpcs = api.explorer.vpcs;
    vpcs.setFilter(DEMO.instance2.name);
    try {
      const rows = await children(vpcs);
      assert.deepEqual(rows.map((r) => label(vpcs, r)), [DEMO.vpc2.name]);
      assert.equal(item(vpcs, rows[0]!).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
      const [folder] = await children(vpcs, rows[0]);
      assert.deepEqual((await children(vpcs, folder)).map((r) => label(vpcs, r)), [DEMO.eni2.id]);
    } finally {
      vpcs.setFilter('');
    }
  });

  it('reveals the log group of a flow log, and the interface of a stream', async () => {
    const vpcs = api.explorer.vpcs;
    const flowLog = await child(vpcs, await child(vpcs, await topRow(vpcs, DEMO.vpc1.name), 'Flow logs'), DEMO.flowLog.id);
    await vscode.commands.executeCommand('vpcFlowLogs.revealLogGroup', flowLog);
    await waitFor(() => api.explorer.logGroupsView.selection[0]?.id.endsWith(`/${DEMO.flowLogGroup}`), 'the log group selected');

    const groups = api.explorer.logGroups;
    const stream = await child(groups, await topRow(groups, DEMO.flowLogGroup), DEMO.flowLogStream);
    await vscode.commands.executeCommand('vpcFlowLogs.revealInterface', stream);
    await waitFor(() => api.explorer.vpcsView.selection[0]?.id.endsWith(`/${DEMO.eni1.id}`), 'the interface selected');
  });
});
