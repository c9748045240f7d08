import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { VpcFlowLogsApi } from '../../src/extension';
import { DEMO, DEMO_ACCOUNT_ID } from '../fixtures/demoAccount';
import { registerS3, type S3Fake } from '../fixtures/s3Fake';
import { registerSetupAccount, type SetupAccount } from '../fixtures/setupAccount';
import { ScriptedPrompter, type Answer } from '../unit/setup/scriptedPrompter';
import { FakeAws } from './fakeAws';
import { activateExtension, extensionId, waitFor } from './helpers';

interface Manifest {
  contributes: {
    commands: { command: string; category?: string; icon?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    viewsWelcome: { view: string; contents: string }[];
  };
}

const SETUP_COMMANDS = ['vpcFlowLogs.scaffoldIamRole', 'vpcFlowLogs.createIamRole', 'vpcFlowLogs.createFlowLog', 'vpcFlowLogs.deleteFlowLog', 'vpcFlowLogs.deleteIamRole'];

// The real commands in the real extension host against the loopback fake of AWS; modal dialogs and
// quick picks are answered by a scripted prompter handed in through the extension's API.
describe('Flow log setup commands', () => {
  const fake = new FakeAws();
  let account: SetupAccount;
  let s3: S3Fake;
  let api: VpcFlowLogsApi;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('vpcFlowLogs');

  async function useEndpoint(url: string | undefined): Promise<void> {
    await config().update('endpointUrl', url, vscode.ConfigurationTarget.Global);
    await waitFor(async () => (await api.services.aws.connection()).endpointUrl === url, `endpoint ${url ?? 'cleared'}`);
  }

  /** Runs a command with scripted answers; returns what it returned and what it asked. */
  async function run<T>(command: string, script: Record<string, Answer | Answer[]>, ...args: unknown[]): Promise<{ result: T; prompter: ScriptedPrompter }> {
    const prompter = new ScriptedPrompter(script);
    const scripted = api.setup.usePrompter(prompter);
    try {
      const result = await vscode.commands.executeCommand<T>(command, ...args);
      return { result, prompter };
    } finally {
      scripted.dispose();
    }
  }

  before(async () => {
    account = registerSetupAccount(fake);
    s3 = registerS3(fake, DEMO_ACCOUNT_ID);
    await fake.start();
    api = await activateExtension();
    await config().update('region', 'us-west-2', vscode.ConfigurationTarget.Global);
    await useEndpoint(fake.url);
  });

  after(async () => {
    await config().update('endpointUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('region', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fake.stop();
  });

  it('contributes and registers its commands, menus on VPC, subnet, interface and flow log nodes, and the welcome link', async () => {
    const manifest = vscode.extensions.getExtension(extensionId)!.packageJSON as Manifest;
    const registered = await vscode.commands.getCommands(true);
    for (const id of SETUP_COMMANDS) {
      const contributed = manifest.contributes.commands.find((c) => c.command === id);
      assert.ok(contributed, `${id} is contributed`);
      assert.equal(contributed.category, 'VPC Flow Logs');
      assert.match(contributed.icon ?? '', /^\$\([a-z-]+\)$/, `${id} has a codicon`);
      assert.ok(registered.includes(id), `${id} is registered`);
    }
    const context = manifest.contributes.menus['view/item/context'] ?? [];
    const create = context.find((m) => m.command === 'vpcFlowLogs.createFlowLog')!;
    const remove = context.find((m) => m.command === 'vpcFlowLogs.deleteFlowLog')!;
    assert.ok(create.when!.includes('viewItem =~ /^vpcFlowLogs\\.(vpc|subnet|eni)/'));
    assert.ok(remove.when!.includes('viewItem =~ /^vpcFlowLogs\\.flowLog/'));
    const welcome = manifest.contributes.viewsWelcome.filter((w) => w.view === 'vpcFlowLogs.vpcs').map((w) => w.contents).join('\n');
    assert.ok(welcome.includes('[Scaffold IAM Role](command:vpcFlowLogs.scaffoldIamRole)'));
  });

  it('scaffold: opens the trust and permissions policies as JSON editors with valid policies for the account, and the guide', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const { prompter } = await run('vpcFlowLogs.scaffoldIamRole', {});
    const editors = await waitFor(() => {
      const open = vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme === 'vpcflowlogs-iam');
      return open.length === 2 ? open : undefined;
    }, 'two policy editors');
    const byName = new Map(editors.map((e) => [e.document.uri.path, e]));
    const trust = byName.get('/flow-logs-trust-policy.json')!;
    const permissions = byName.get('/flow-logs-permissions-policy.json')!;
    assert.equal(trust.document.languageId, 'json');
    assert.equal(permissions.document.languageId, 'json');
    assert.equal(trust.viewColumn, vscode.ViewColumn.One);
    assert.equal(permissions.viewColumn, vscode.ViewColumn.Two, 'side by side');
    const trustPolicy = JSON.parse(trust.document.getText()) as { Version: string; Statement: { Principal: { Service: string }; Action: string; Condition: Record<string, Record<string, string>> }[] };
    assert.equal(trustPolicy.Version, '2012-10-17');
    assert.equal(trustPolicy.Statement[0]!.Principal.Service, 'vpc-flow-logs.amazonaws.com');
    assert.equal(trustPolicy.Statement[0]!.Action, 'sts:AssumeRole');
    assert.equal(trustPolicy.Statement[0]!.Condition['StringEquals']!['aws:SourceAccount'], DEMO_ACCOUNT_ID);
    assert.equal(trustPolicy.Statement[0]!.Condition['ArnLike']!['aws:SourceArn'], `arn:aws:ec2:us-west-2:${DEMO_ACCOUNT_ID}:vpc-flow-log/*`);
    const permissionsPolicy = JSON.parse(permissions.document.getText()) as { Statement: { Action: string[]; Resource: string }[] };
    assert.deepEqual(permissionsPolicy.Statement[0]!.Action, ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams']);
    // The guide is the third tab, behind the permissions policy.
    const tabs = await waitFor(() => {
      const all = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
      const guide = all.find((t) => t.input instanceof vscode.TabInputText && t.input.uri.path === '/flow-logs-iam-guide.md');
      return guide ? all : undefined;
    }, 'the guide tab');
    assert.equal(tabs.filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'vpcflowlogs-iam').length, 3);
    const guide = vscode.workspace.textDocuments.find((d) => d.uri.path === '/flow-logs-iam-guide.md')!;
    assert.equal(guide.languageId, 'markdown');
    assert.match(guide.getText(), /aws iam create-role --role-name VPCFlowLogsDeliveryRole/);
    assert.match(prompter.of('scaffoldIamRole.done')[0]!.message!, /opened for account 123456789012 in us-west-2/);
  });

  it('scaffold: without AWS, opens the same documents with placeholders and says so', async () => {
    // Nothing listens on port 9 of the loopback: every call is refused at once.
    await useEndpoint('http://127.0.0.1:9');
    try {
      const { prompter } = await run<{ offlineReason?: string }>('vpcFlowLogs.scaffoldIamRole', {});
      const trust = await waitFor(() => {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.path === '/flow-logs-trust-policy.json');
        return doc?.getText().includes('<ACCOUNT_ID>') ? doc : undefined;
      }, 'placeholders in the trust policy');
      const policy = JSON.parse(trust.getText()) as { Statement: { Condition: Record<string, Record<string, string>> }[] };
      assert.equal(policy.Statement[0]!.Condition['StringEquals']!['aws:SourceAccount'], '<ACCOUNT_ID>');
      const done = prompter.of('scaffoldIamRole.done')[0]!;
      assert.equal(done.noticeKind, 'warning');
      assert.match(done.message!, /placeholders .*replace <ACCOUNT_ID>/);
    } finally {
      await useEndpoint(fake.url);
    }
  });

  it('create flow log from a VPC node: role, log group with retention and flow log are created in AWS, and its delivery status is shown', async () => {
    const before = fake.calls.length;
    const { result, prompter } = await run<{ flowLogId: string; createdRole: boolean; createdLogGroup: boolean }>(
      'vpcFlowLogs.createFlowLog',
      {
        'createFlowLog.traffic': 'All traffic',
        'createFlowLog.interval': '1 minute',
        'createFlowLog.destination': 'CloudWatch Logs',
        'createFlowLog.logGroup': 'New log group…',
        'createFlowLog.logGroupName': 'VPC2FlowLogs',
        'createFlowLog.retention': '30 days',
        'createFlowLog.role': 'New role…',
        'createFlowLog.roleName': 'VPCFlowLogsDeliveryRole',
        'createFlowLog.format': 'Custom format…',
        'createFlowLog.fields': [['version', 'interface-id', 'srcaddr', 'dstaddr', 'dstport', 'action', 'vpc-id', 'tcp-flags']],
        'createFlowLog.confirm': true,
      },
      // The typed reference an explorer VPC node carries (its context menu passes the node, whose `ref` this is).
      { kind: 'vpc', id: DEMO.vpc2.id, region: 'us-west-2' },
    );
    assert.ok(result, `the command finished: ${JSON.stringify(prompter.notices)}`);
    assert.equal(result.createdRole, true);
    assert.equal(result.createdLogGroup, true);
    // The pickers listed what the account has: only roles VPC Flow Logs can assume.
    assert.deepEqual(prompter.of('createFlowLog.role')[0]!.items, ['$(add) New role…', '-- Roles whose trust policy allows VPC Flow Logs', 'VPCFlowLogsRole']);
    assert.ok(prompter.of('createFlowLog.logGroup')[0]!.items!.includes(DEMO.flowLogGroup));

    const calls = fake.calls.slice(before);
    const writes = calls.filter((c) => /^(Create|Put|Delete)/.test(c.action)).map((c) => `${c.service}:${c.action}`);
    assert.deepEqual(writes, ['iam:CreateRole', 'iam:PutRolePolicy', 'logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'ec2:CreateFlowLogs']);
    const role = calls.find((c) => c.action === 'CreateRole')!.params;
    assert.equal(role['RoleName'], 'VPCFlowLogsDeliveryRole');
    const trust = JSON.parse(role['AssumeRolePolicyDocument'] as string) as { Statement: { Principal: { Service: string }; Condition: Record<string, Record<string, string>> }[] };
    assert.equal(trust.Statement[0]!.Principal.Service, 'vpc-flow-logs.amazonaws.com');
    assert.equal(trust.Statement[0]!.Condition['ArnLike']!['aws:SourceArn'], `arn:aws:ec2:us-west-2:${DEMO_ACCOUNT_ID}:vpc-flow-log/*`);
    const policy = calls.find((c) => c.action === 'PutRolePolicy')!.params;
    assert.equal(policy['PolicyName'], 'VPCFlowLogsDelivery');
    assert.equal((JSON.parse(policy['PolicyDocument'] as string) as { Statement: { Resource: string }[] }).Statement[0]!.Resource, '*');
    assert.deepEqual(calls.find((c) => c.action === 'CreateLogGroup')!.params, { logGroupName: 'VPC2FlowLogs' });
    assert.deepEqual(calls.find((c) => c.action === 'PutRetentionPolicy')!.params, { logGroupName: 'VPC2FlowLogs', retentionInDays: 30 });
    const flowLog = calls.find((c) => c.action === 'CreateFlowLogs')!.params;
    assert.equal(flowLog['ResourceId.1'], DEMO.vpc2.id);
    assert.equal(flowLog['ResourceType'], 'VPC');
    assert.equal(flowLog['TrafficType'], 'ALL');
    assert.equal(flowLog['MaxAggregationInterval'], '60');
    assert.equal(flowLog['LogDestinationType'], 'cloud-watch-logs');
    assert.equal(flowLog['LogGroupName'], 'VPC2FlowLogs');
    assert.equal(flowLog['DeliverLogsPermissionArn'], `arn:aws:iam::${DEMO_ACCOUNT_ID}:role/VPCFlowLogsDeliveryRole`);
    assert.equal(flowLog['LogFormat'], '${version} ${interface-id} ${srcaddr} ${dstaddr} ${dstport} ${action} ${vpc-id} ${tcp-flags}');
    assert.ok(account.flowLogs.some((f) => f.id === result.flowLogId && f.resourceId === DEMO.vpc2.id));
    const done = prompter.of('createFlowLog.done')[0]!;
    assert.match(done.message!, new RegExp(`^Created flow log ${result.flowLogId} for ${DEMO.vpc2.id}, and IAM role VPCFlowLogsDeliveryRole .* and log group VPC2FlowLogs \\(retention: 30 days\\)\\. Delivery status: SUCCESS\\.`));
  });

  it('a flow log refused after the role was made says what exists now and deletes the role when asked', async () => {
    account.rejectFlowLogs = { code: 'InvalidParameter', message: 'Flow log for this resource with the same configuration already exists' };
    try {
      const { result, prompter } = await run('vpcFlowLogs.createFlowLog', {
        'createFlowLog.traffic': 'Rejected traffic',
        'createFlowLog.interval': '10 minutes',
        'createFlowLog.destination': 'CloudWatch Logs',
        'createFlowLog.logGroup': DEMO.flowLogGroup,
        'createFlowLog.role': 'New role…',
        'createFlowLog.roleName': 'SecondFlowLogsRole',
        'createFlowLog.format': 'Default format',
        'createFlowLog.confirm': true,
        'setup.halfWay': 'Delete Role SecondFlowLogsRole',
        'deleteIamRole.confirm': true,
      }, DEMO.eni1.id);
      assert.equal(result, undefined);
      const [halfWay] = prompter.of('setup.halfWay');
      assert.match(halfWay!.message!, /^Create flow log for eni-0a1b2c3d4e5f60718 failed: ec2:CreateFlowLogs failed: Flow log for this resource with the same configuration already exists\. \(InvalidParameter\) What exists now: IAM role SecondFlowLogsRole \(arn:aws:iam::123456789012:role\/SecondFlowLogsRole\)\./);
      assert.equal(account.roles.has('SecondFlowLogsRole'), false, 'the role was deleted');
      assert.match(prompter.of('deleteIamRole.done')[0]!.message!, /^Deleted IAM role SecondFlowLogsRole \(its inline policy VPCFlowLogsDelivery\)\.$/);
    } finally {
      account.rejectFlowLogs = undefined;
    }
  });

  it('create IAM role from the palette: reuses an existing usable role after asking, creates a new one after showing both documents', async () => {
    const reuse = await run<{ name: string; created: boolean }>('vpcFlowLogs.createIamRole', { 'createIamRole.name': 'VPCFlowLogsRole', 'createIamRole.reuse': true });
    assert.deepEqual(reuse.result && { name: reuse.result.name, created: reuse.result.created }, { name: 'VPCFlowLogsRole', created: false });
    const fresh = await run<{ name: string; created: boolean }>('vpcFlowLogs.createIamRole', { 'createIamRole.name': ['EC2ReadOnly', 'TutorialFlowLogsRole'], 'createIamRole.confirm': true });
    assert.equal(fresh.result?.created, true);
    assert.match(fresh.prompter.of('createIamRole.name')[0]!.rejected![0]!, /EC2ReadOnly already exists, but its trust policy does not allow vpc-flow-logs\.amazonaws\.com/);
    assert.match(fresh.prompter.of('createIamRole.confirm')[0]!.detail!, /"Service": "vpc-flow-logs.amazonaws.com"[\s\S]*"logs:DescribeLogStreams"/);
    assert.ok(account.roles.get('TutorialFlowLogsRole')?.inlinePolicies.has('VPCFlowLogsDelivery'));
  });

  it('delete flow log from a flow log node: asks, deletes it in AWS, and offers the role the extension made', async () => {
    const created = account.flowLogs.find((f) => f.resourceId === DEMO.vpc2.id)!;
    const { result, prompter } = await run<{ flowLogId: string; roleDeleted: boolean }>(
      'vpcFlowLogs.deleteFlowLog',
      { 'deleteFlowLog.confirm': true, 'deleteFlowLog.done': 'Delete Role VPCFlowLogsDeliveryRole…', 'deleteIamRole.confirm': true },
      { kind: 'flowLog', id: created.id, resourceId: DEMO.vpc2.id, region: 'us-west-2' },
    );
    assert.deepEqual(result, { flowLogId: created.id, roleDeleted: true }, JSON.stringify(prompter.asked));
    assert.match(prompter.of('deleteFlowLog.confirm')[0]!.detail!, /The log group VPC2FlowLogs and the records already in it stay/);
    assert.equal(account.flowLogs.some((f) => f.id === created.id), false);
    assert.equal(account.roles.has('VPCFlowLogsDeliveryRole'), false);
    assert.ok(account.createdLogGroups.has('VPC2FlowLogs'), 'the log group is kept');
  });

  it('create flow log to S3: merges the delivery statements into the bucket policy, applies it after the confirm, creates the flow log without a role, and the VPCs view shows it', async () => {
    const bucket = s3.bucket('team-flow-logs', 'us-west-2');
    const own = { Sid: 'DenyInsecure', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::team-flow-logs/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
    bucket.policy = JSON.stringify({ Version: '2012-10-17', Statement: [own] });
    s3.bucket('another-team-bucket', 'eu-west-1');
    const before = fake.calls.length;
    const { result, prompter } = await run<{ flowLogId: string; appliedBucketPolicy: boolean }>(
      'vpcFlowLogs.createFlowLog',
      {
        'createFlowLog.traffic': 'Rejected traffic',
        'createFlowLog.interval': '1 minute',
        'createFlowLog.destination': 'Amazon S3',
        'createFlowLog.bucket': 'team-flow-logs',
        'createFlowLog.prefix': 'vpc2',
        'createFlowLog.fileFormat': 'Parquet',
        'createFlowLog.hive': 'Yes',
        'createFlowLog.perHour': 'No',
        'createFlowLog.format': 'Default format',
        'createFlowLog.confirm': true,
      },
      { kind: 'vpc', id: DEMO.vpc2.id, region: 'us-west-2' },
    );
    assert.ok(result, `the command finished: ${JSON.stringify(prompter.notices)}`);
    assert.equal(result.appliedBucketPolicy, true);
    // The bucket picker listed the account's buckets (ListBuckets through the real S3 client).
    assert.deepEqual(prompter.of('createFlowLog.bucket')[0]!.items!.slice(1), ['-- Your buckets', 'another-team-bucket', 'team-flow-logs']);

    const calls = fake.calls.slice(before);
    const writes = calls.filter((c) => /^(Create|Put|Delete)/.test(c.action)).map((c) => `${c.service}:${c.action}`);
    assert.deepEqual(writes, ['s3:PutBucketPolicy', 'ec2:CreateFlowLogs'], 'the policy, then the flow log; no IAM role');
    // The fake holds the merged policy: the bucket's own statement, then delivery's two.
    const policy = JSON.parse(bucket.policy) as { Statement: { Sid?: string; Principal?: unknown; Action?: unknown; Resource?: string; Condition?: Record<string, Record<string, string>> }[] };
    assert.deepEqual(policy.Statement.map((st) => st.Sid), ['DenyInsecure', 'AWSLogDeliveryWrite', 'AWSLogDeliveryAclCheck']);
    assert.deepEqual(policy.Statement[0], own);
    assert.deepEqual(policy.Statement[1]!.Principal, { Service: 'delivery.logs.amazonaws.com' });
    assert.equal(policy.Statement[1]!.Resource, `arn:aws:s3:::team-flow-logs/vpc2/AWSLogs/${DEMO_ACCOUNT_ID}/*`);
    assert.equal(policy.Statement[1]!.Condition!['StringEquals']!['s3:x-amz-acl'], 'bucket-owner-full-control');
    assert.deepEqual(policy.Statement[2]!.Action, ['s3:GetBucketAcl', 's3:ListBucket']);
    // The policy was shown in an editor, as put.
    const shown = vscode.workspace.textDocuments.find((d) => d.uri.path === '/team-flow-logs-bucket-policy.json');
    assert.ok(shown, 'the merged policy is open in an editor');
    assert.equal(shown.languageId, 'json');
    assert.deepEqual(JSON.parse(shown.getText()), policy);

    const flowLog = calls.find((c) => c.action === 'CreateFlowLogs')!.params;
    assert.equal(flowLog['ResourceId.1'], DEMO.vpc2.id);
    assert.equal(flowLog['TrafficType'], 'REJECT');
    assert.equal(flowLog['LogDestinationType'], 's3');
    assert.equal(flowLog['LogDestination'], 'arn:aws:s3:::team-flow-logs/vpc2');
    assert.equal(flowLog['DestinationOptions.FileFormat'], 'parquet');
    assert.equal(flowLog['DestinationOptions.HiveCompatiblePartitions'], 'true');
    assert.equal(flowLog['DestinationOptions.PerHourPartition'], 'false');
    assert.equal(flowLog['DeliverLogsPermissionArn'], undefined);
    assert.equal(flowLog['LogGroupName'], undefined);

    // The VPCs view (refreshed by the command) shows the new flow log with its S3 delivery.
    const vpcs = api.explorer.vpcs;
    const label = (node: unknown): string => {
      const l = vpcs.getTreeItem(node as never).label;
      return typeof l === 'string' ? l : (l?.label ?? '');
    };
    const child = async (node: unknown, name: string): Promise<unknown> =>
      waitFor(async () => (await vpcs.getChildren(node as never)).find((r) => label(r) === name), `row ${name}`);
    const row = await child(await child(await child(undefined, DEMO.vpc2.name), 'Flow logs'), result.flowLogId);
    const item = vpcs.getTreeItem(row as never);
    assert.match(String(item.description), /REJECT → s3:\/\/team-flow-logs\/vpc2/);
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed, 'the S3 delivery expands');
  });
});
