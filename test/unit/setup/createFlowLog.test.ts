import * as assert from 'node:assert/strict';
import { CreateLogGroupCommand, DeleteLogGroupCommand, DescribeLogGroupsCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFlowLogsCommand, DescribeFlowLogsCommand, DescribeNetworkInterfacesCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, DeleteRoleCommand, GetRoleCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, ListRolesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { ROLE_DESCRIPTION } from '../../../src/aws/models';
import { flowLogsPermissionsPolicy, flowLogsTrustPolicy } from '../../../src/iam';
import { createFlowLogCommand, describePlan, retentionLabel, validateLogGroupName } from '../../../src/setup/createFlowLog';
import { ACCOUNT, awsError, harness, iamEncoded, REGION, type Harness } from './harness';
import { BACK, CANCEL } from './scriptedPrompter';

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/VPCFlowLogsDeliveryRole`;
const EXISTING_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/FlowLogsRole`;

/** An account with two VPCs, one subnet, one interface, one log group and two roles (one for EC2). */
function account(h: Harness): void {
  h.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-0a1', CidrBlock: '10.1.0.0/16', Tags: [{ Key: 'Name', Value: 'VPC 1' }] }, { VpcId: 'vpc-0b2', CidrBlock: '10.2.0.0/16' }] });
  h.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-0c3', VpcId: 'vpc-0a1', CidrBlock: '10.1.5.0/24', AvailabilityZone: 'us-west-2a' }] });
  h.ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [{ NetworkInterfaceId: 'eni-0d4', VpcId: 'vpc-0a1', PrivateIpAddress: '10.1.5.112', Attachment: { InstanceId: 'i-0e5' } }] });
  h.logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: 'existing-group', arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:existing-group:*`, retentionInDays: 7 }] });
  h.iam.on(ListRolesCommand).resolves({
    Roles: [
      { RoleName: 'FlowLogsRole', Arn: EXISTING_ROLE_ARN, Path: '/', RoleId: 'A', CreateDate: new Date('2024-01-01'), AssumeRolePolicyDocument: iamEncoded(flowLogsTrustPolicy()) },
      { RoleName: 'Ec2Role', Arn: `arn:aws:iam::${ACCOUNT}:role/Ec2Role`, Path: '/', RoleId: 'B', CreateDate: new Date('2024-02-01'), AssumeRolePolicyDocument: iamEncoded({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) },
      { RoleName: 'OtherRegionRole', Arn: `arn:aws:iam::${ACCOUNT}:role/OtherRegionRole`, Path: '/', RoleId: 'C', CreateDate: new Date('2024-03-01'), AssumeRolePolicyDocument: iamEncoded(flowLogsTrustPolicy({ accountId: ACCOUNT, region: 'eu-west-1' })) },
    ],
  });
  h.iam.on(GetRoleCommand).rejects(awsError('NoSuchEntity', 'The role cannot be found.'));
  h.ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [{ FlowLogId: 'fl-0f6', ResourceId: 'vpc-0a1', TrafficType: 'ALL', LogGroupName: 'VPCFlowLogsGroup', DeliverLogsStatus: 'SUCCESS', FlowLogStatus: 'ACTIVE' }] });
}

describe('Setup: create flow log', () => {
  let h: Harness | undefined;
  afterEach(() => h?.restore());

  it('validates log group names and labels retention', () => {
    assert.equal(validateLogGroupName('VPCFlowLogsGroup'), undefined);
    assert.equal(validateLogGroupName('/vpc/flow-logs#1'), undefined);
    assert.match(validateLogGroupName('bad name')!, /letters, digits/);
    assert.match(validateLogGroupName('aws/x')!, /reserved/);
    assert.equal(retentionLabel(undefined), 'Never expire');
    assert.equal(retentionLabel(1), '1 day');
    assert.equal(retentionLabel(30), '30 days');
    assert.equal(retentionLabel(731), '2 years (731 days)');
  });

  it('from the palette: picks everything, creates role, log group and flow log, in that order, with exactly the inputs chosen', async () => {
    h = harness({
      'createFlowLog.resource': 'vpc-0a1',
      'createFlowLog.traffic': 'All traffic',
      'createFlowLog.interval': '1 minute',
      'createFlowLog.destination': 'CloudWatch Logs',
      'createFlowLog.logGroup': 'New log group…',
      'createFlowLog.logGroupName': 'VPCFlowLogsGroup',
      'createFlowLog.retention': '30 days',
      'createFlowLog.role': 'New role…',
      'createFlowLog.roleName': 'VPCFlowLogsDeliveryRole',
      'createFlowLog.format': 'Default format',
      'createFlowLog.confirm': true,
    });
    account(h);
    h.iam.on(CreateRoleCommand).resolves({ Role: { RoleName: 'VPCFlowLogsDeliveryRole', Arn: ROLE_ARN, Path: '/', RoleId: 'R', CreateDate: new Date() } });
    h.iam.on(PutRolePolicyCommand).resolves({});
    h.logs.on(CreateLogGroupCommand).resolves({});
    h.logs.on(PutRetentionPolicyCommand).resolves({});
    h.ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: ['fl-0f6'], Unsuccessful: [] });

    const outcome = await createFlowLogCommand(h.deps);
    assert.equal(outcome?.flowLogId, 'fl-0f6');
    assert.equal(outcome?.createdRole, true);
    assert.equal(outcome?.createdLogGroup, true);

    // The picker: resources grouped by kind, roles filtered by their trust policy.
    assert.deepEqual(h.prompter.of('createFlowLog.resource')[0]!.items, ['-- VPCs', 'vpc-0a1', 'vpc-0b2', '-- Subnets', 'subnet-0c3', '-- Network interfaces', 'eni-0d4']);
    assert.deepEqual(h.prompter.of('createFlowLog.role')[0]!.items, ['$(add) New role…', '-- Roles whose trust policy allows VPC Flow Logs', 'FlowLogsRole']);
    assert.deepEqual(h.prompter.of('createFlowLog.logGroup')[0]!.items, ['$(add) New log group…', '-- Existing log groups', 'existing-group']);
    assert.deepEqual(h.prompter.asked.filter((a) => a.step !== undefined).map((a) => `${a.id} ${a.step}/${a.totalSteps}`), [
      'createFlowLog.resource 1/7',
      'createFlowLog.traffic 2/7',
      'createFlowLog.interval 3/7',
      'createFlowLog.destination 4/7',
      'createFlowLog.logGroup 5/7',
      'createFlowLog.logGroupName 6/9',
      'createFlowLog.retention 7/9',
      'createFlowLog.role 8/9',
      'createFlowLog.roleName 9/10',
      'createFlowLog.format 10/10',
    ]);

    // The modal lists everything that will be created.
    const detail = h.prompter.of('createFlowLog.confirm')[0]!.detail!;
    assert.match(detail, /^Flow log for vpc vpc-0a1 \(VPC 1\) in us-west-2:\n {2}traffic: ALL; maximum aggregation interval: 1 minute\n {2}record format: default \(version 2\)\nNew log group VPCFlowLogsGroup, retention: 30 days\.\nNew IAM role VPCFlowLogsDeliveryRole/);
    assert.ok(detail.includes('"Service": "vpc-flow-logs.amazonaws.com"'));
    assert.match(detail, /bills the ingestion and storage/);

    // IAM: the role with its documents.
    const role = h.iam.commandCalls(CreateRoleCommand)[0]!.args[0].input;
    assert.equal(role.RoleName, 'VPCFlowLogsDeliveryRole');
    assert.deepEqual(JSON.parse(role.AssumeRolePolicyDocument!), flowLogsTrustPolicy({ accountId: ACCOUNT, region: REGION }));
    assert.equal(role.Description, ROLE_DESCRIPTION);
    const policy = h.iam.commandCalls(PutRolePolicyCommand)[0]!.args[0].input;
    assert.deepEqual({ ...policy, PolicyDocument: JSON.parse(policy.PolicyDocument!) as unknown }, { RoleName: 'VPCFlowLogsDeliveryRole', PolicyName: 'VPCFlowLogsDelivery', PolicyDocument: flowLogsPermissionsPolicy() });
    // Logs: the group, then its retention.
    assert.deepEqual(h.logs.commandCalls(CreateLogGroupCommand)[0]!.args[0].input, { logGroupName: 'VPCFlowLogsGroup' });
    assert.deepEqual(h.logs.commandCalls(PutRetentionPolicyCommand)[0]!.args[0].input, { logGroupName: 'VPCFlowLogsGroup', retentionInDays: 30 });
    // EC2: the flow log, field by field.
    const create = h.ec2.commandCalls(CreateFlowLogsCommand)[0]!.args[0].input;
    assert.match(create.ClientToken!, /^[0-9a-f-]{36}$/);
    assert.deepEqual({ ...create, ClientToken: 'token' }, {
      ResourceIds: ['vpc-0a1'],
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      MaxAggregationInterval: 60,
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: 'VPCFlowLogsGroup',
      DeliverLogsPermissionArn: ROLE_ARN,
      ClientToken: 'token',
    });
    // Role, then log group, then flow log.
    const sequence = [
      h.iam.commandCalls(CreateRoleCommand)[0]!,
      h.iam.commandCalls(PutRolePolicyCommand)[0]!,
      h.logs.commandCalls(CreateLogGroupCommand)[0]!,
      h.logs.commandCalls(PutRetentionPolicyCommand)[0]!,
      h.ec2.commandCalls(CreateFlowLogsCommand)[0]!,
    ];
    for (let i = 1; i < sequence.length; i++) {
      assert.ok((sequence[i - 1] as { calledBefore(c: unknown): boolean }).calledBefore(sequence[i]), `step ${i} before step ${i + 1}`);
    }
    // The new flow log is described afterwards, for its delivery status.
    assert.deepEqual(h.ec2.commandCalls(DescribeFlowLogsCommand).at(-1)!.args[0].input.FlowLogIds, ['fl-0f6']);

    const done = h.prompter.of('createFlowLog.done')[0]!;
    assert.equal(done.noticeKind, 'info');
    assert.match(done.message!, /^Created flow log fl-0f6 for vpc-0a1, and IAM role VPCFlowLogsDeliveryRole \(.*\) and log group VPCFlowLogsGroup \(retention: 30 days\)\. Delivery status: SUCCESS\. Records arrive/);
    assert.equal(h.host.refreshes, 1, 'the VPCs view is refreshed');
  });

  it('from an interface node: existing log group and role, custom format from the field picker, REJECT, 10 minutes', async () => {
    h = harness({
      'createFlowLog.traffic': 'Rejected traffic',
      'createFlowLog.interval': '10 minutes',
      'createFlowLog.destination': 'CloudWatch Logs',
      'createFlowLog.logGroup': 'existing-group',
      'createFlowLog.role': 'FlowLogsRole',
      'createFlowLog.format': 'Custom format…',
      'createFlowLog.fields': [['srcaddr', 'version', 'dstaddr', 'action', 'tcp-flags', 'flow-direction']],
      'createFlowLog.confirm': true,
    });
    account(h);
    h.ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: ['fl-0f6'] });
    const outcome = await createFlowLogCommand(h.deps, 'eni-0d4');
    assert.equal(outcome?.createdRole, false);
    assert.equal(outcome?.createdLogGroup, false);
    assert.equal(h.prompter.of('createFlowLog.resource').length, 0, 'the node chose the resource');
    const fields = h.prompter.of('createFlowLog.fields')[0]!;
    assert.ok(fields.items!.includes('-- Version 5 fields'));
    assert.ok(fields.items!.includes('reject-reason'));
    const input = h.ec2.commandCalls(CreateFlowLogsCommand)[0]!.args[0].input;
    assert.equal(input.ResourceType, 'NetworkInterface');
    assert.deepEqual(input.ResourceIds, ['eni-0d4']);
    assert.equal(input.TrafficType, 'REJECT');
    assert.equal(input.MaxAggregationInterval, 600);
    assert.equal(input.LogGroupName, 'existing-group');
    assert.equal(input.DeliverLogsPermissionArn, EXISTING_ROLE_ARN);
    // Catalogue order, whatever order they were ticked in.
    assert.equal(input.LogFormat, '${version} ${srcaddr} ${dstaddr} ${action} ${tcp-flags} ${flow-direction}');
    assert.equal(h.iam.commandCalls(CreateRoleCommand).length, 0);
    assert.equal(h.logs.commandCalls(CreateLogGroupCommand).length, 0);
    assert.match(h.prompter.of('createFlowLog.confirm')[0]!.detail!, /record format: custom, version 5: \$\{version\} \$\{srcaddr\}/);
    assert.match(h.prompter.of('createFlowLog.done')[0]!.message!, /^Created flow log fl-0f6 for eni-0d4; used IAM role FlowLogsRole and log group existing-group\./);
  });

  it('Back returns to the previous step with its answer kept; cancelling creates nothing', async () => {
    h = harness({
      'createFlowLog.traffic': ['All traffic', 'Accepted traffic'],
      'createFlowLog.interval': [BACK, '1 minute'],
      'createFlowLog.destination': 'CloudWatch Logs',
      'createFlowLog.logGroup': CANCEL,
    });
    account(h);
    assert.equal(await createFlowLogCommand(h.deps, 'vpc-0a1'), undefined);
    assert.deepEqual(h.prompter.asked.map((a) => a.id), ['createFlowLog.traffic', 'createFlowLog.interval', 'createFlowLog.traffic', 'createFlowLog.interval', 'createFlowLog.destination', 'createFlowLog.logGroup']);
    assert.equal(h.ec2.commandCalls(CreateFlowLogsCommand).length, 0);
    assert.equal(h.logs.commandCalls(CreateLogGroupCommand).length, 0);
  });

  it('handles Unsuccessful items: says what exists now and removes the new role and log group on request', async () => {
    h = harness({
      'createFlowLog.traffic': 'All traffic',
      'createFlowLog.interval': '1 minute',
      'createFlowLog.destination': 'CloudWatch Logs',
      'createFlowLog.logGroup': 'New log group…',
      'createFlowLog.logGroupName': 'VPCFlowLogsGroup',
      'createFlowLog.retention': 'Never expire',
      'createFlowLog.role': 'New role…',
      'createFlowLog.roleName': 'VPCFlowLogsDeliveryRole',
      'createFlowLog.format': 'Default format',
      'createFlowLog.confirm': true,
      'setup.halfWay': ['Delete Log Group VPCFlowLogsGroup', 'Delete Role VPCFlowLogsDeliveryRole'],
      'createFlowLog.deleteLogGroup': true,
      'deleteIamRole.confirm': true,
    });
    account(h);
    h.iam.on(CreateRoleCommand).resolves({ Role: { RoleName: 'VPCFlowLogsDeliveryRole', Arn: ROLE_ARN, Path: '/', RoleId: 'R', CreateDate: new Date() } });
    h.iam.on(PutRolePolicyCommand).resolves({});
    h.logs.on(CreateLogGroupCommand).resolves({});
    h.ec2.on(CreateFlowLogsCommand).resolves({
      FlowLogIds: [],
      Unsuccessful: [{ ResourceId: 'vpc-0a1', Error: { Code: 'FlowLogAlreadyExists', Message: 'This flow log already exists' } }],
    });
    h.logs.on(DeleteLogGroupCommand).resolves({});
    h.iam
      .on(GetRoleCommand)
      .rejectsOnce(awsError('NoSuchEntity', 'The role cannot be found.'))
      .resolves({ Role: { RoleName: 'VPCFlowLogsDeliveryRole', Arn: ROLE_ARN, Path: '/', RoleId: 'R', CreateDate: new Date(), Description: ROLE_DESCRIPTION } });
    h.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['VPCFlowLogsDelivery'] });
    h.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    h.iam.on(DeleteRoleCommand).resolves({});

    assert.equal(await createFlowLogCommand(h.deps, 'vpc-0a1'), undefined);
    assert.equal(h.logs.commandCalls(PutRetentionPolicyCommand).length, 0, 'never expire sets no retention');
    const [first, second] = h.prompter.of('setup.halfWay');
    assert.equal(first!.noticeKind, 'error');
    assert.equal(
      first!.message,
      `Create flow log for vpc-0a1 failed: ec2:CreateFlowLogs failed: This flow log already exists. (FlowLogAlreadyExists) What exists now: IAM role VPCFlowLogsDeliveryRole (${ROLE_ARN}); log group VPCFlowLogsGroup. Remove them below, or keep them and try again.`,
    );
    assert.deepEqual(first!.actions, ['Delete Role VPCFlowLogsDeliveryRole', 'Delete Log Group VPCFlowLogsGroup']);
    assert.equal(second!.message, `Still there: IAM role VPCFlowLogsDeliveryRole (${ROLE_ARN}).`);
    assert.deepEqual(h.logs.commandCalls(DeleteLogGroupCommand)[0]!.args[0].input, { logGroupName: 'VPCFlowLogsGroup' });
    assert.deepEqual(h.iam.commandCalls(DeleteRoleCommand)[0]!.args[0].input, { RoleName: 'VPCFlowLogsDeliveryRole' });
    assert.match(h.prompter.of('deleteIamRole.done')[0]!.message!, /^Deleted IAM role VPCFlowLogsDeliveryRole \(its inline policy VPCFlowLogsDelivery\)\.$/);
    assert.equal(h.host.refreshes, 0);
  });

  it('retries a new role that is not assumable yet (InvalidParameter), with the same client token', async () => {
    h = harness({
      'createFlowLog.traffic': 'All traffic',
      'createFlowLog.interval': '1 minute',
      'createFlowLog.destination': 'CloudWatch Logs',
      'createFlowLog.logGroup': 'existing-group',
      'createFlowLog.role': 'New role…',
      'createFlowLog.roleName': 'VPCFlowLogsDeliveryRole',
      'createFlowLog.format': 'Default format',
      'createFlowLog.confirm': true,
    });
    account(h);
    h.iam.on(CreateRoleCommand).resolves({ Role: { RoleName: 'VPCFlowLogsDeliveryRole', Arn: ROLE_ARN, Path: '/', RoleId: 'R', CreateDate: new Date() } });
    h.iam.on(PutRolePolicyCommand).resolves({});
    h.ec2
      .on(CreateFlowLogsCommand)
      .rejectsOnce(awsError('InvalidParameter', `Unable to assume given IAM role: '${ROLE_ARN}'`))
      .rejectsOnce(awsError('InvalidParameter', `Unable to assume given IAM role: '${ROLE_ARN}'`))
      .resolves({ FlowLogIds: ['fl-0f6'] });
    const outcome = await createFlowLogCommand(h.deps, 'subnet-0c3');
    assert.equal(outcome?.flowLogId, 'fl-0f6');
    const calls = h.ec2.commandCalls(CreateFlowLogsCommand);
    assert.equal(calls.length, 3);
    assert.equal(new Set(calls.map((c) => c.args[0].input.ClientToken)).size, 1);
    assert.equal(calls[0]!.args[0].input.ResourceType, 'Subnet');
    assert.deepEqual(h.host.sleeps, [2000, 4000]);
  });

  it('does not retry an existing role that flow logs cannot assume, and explains why', async () => {
    h = harness({
      'createFlowLog.traffic': 'All traffic',
      'createFlowLog.interval': '1 minute',
      'createFlowLog.destination': 'CloudWatch Logs',
      'createFlowLog.logGroup': 'existing-group',
      'createFlowLog.role': 'FlowLogsRole',
      'createFlowLog.format': 'Default format',
      'createFlowLog.confirm': true,
    });
    account(h);
    h.ec2.on(CreateFlowLogsCommand).rejects(awsError('InvalidParameter', `Unable to assume given IAM role: '${EXISTING_ROLE_ARN}'`));
    assert.equal(await createFlowLogCommand(h.deps, 'vpc-0a1'), undefined);
    assert.equal(h.ec2.commandCalls(CreateFlowLogsCommand).length, 1);
    const failed = h.prompter.of('createFlowLog.failed')[0]!;
    assert.match(failed.message!, /^Create flow log for vpc-0a1 failed: ec2:CreateFlowLogs failed: Unable to assume given IAM role/);
    assert.match(failed.message!, /trust policy must allow vpc-flow-logs\.amazonaws\.com .* iam:PassRole .* Nothing was created\.$/);
  });

  it('a new role name that exists and is usable is used, not created', async () => {
    h = harness({
      'createFlowLog.traffic': 'All traffic',
      'createFlowLog.interval': '1 minute',
      'createFlowLog.destination': 'CloudWatch Logs',
      'createFlowLog.logGroup': 'existing-group',
      'createFlowLog.role': 'New role…',
      'createFlowLog.roleName': 'VPCFlowLogsDeliveryRole',
      'createFlowLog.format': 'Default format',
      'createFlowLog.confirm': true,
    });
    account(h);
    h.iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'VPCFlowLogsDeliveryRole', Arn: ROLE_ARN, Path: '/', RoleId: 'R', CreateDate: new Date(), AssumeRolePolicyDocument: iamEncoded(flowLogsTrustPolicy({ accountId: ACCOUNT, region: REGION })) } });
    h.ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: ['fl-0f6'] });
    await createFlowLogCommand(h.deps, 'vpc-0a1');
    assert.equal(h.iam.commandCalls(CreateRoleCommand).length, 0);
    assert.match(h.prompter.of('createFlowLog.confirm')[0]!.detail!, /Existing IAM role VPCFlowLogsDeliveryRole/);
    assert.equal(h.ec2.commandCalls(CreateFlowLogsCommand)[0]!.args[0].input.DeliverLogsPermissionArn, ROLE_ARN);
  });

  it('describes a plan for the modal', () => {
    const text = describePlan(
      { resource: { id: 'subnet-1', type: 'Subnet' }, trafficType: 'ACCEPT', maxAggregationInterval: 600, destination: 'cloud-watch-logs', logGroup: { kind: 'existing', name: 'g', arn: 'a' }, role: { kind: 'existing', name: 'r', arn: 'arn:r' } },
      { accountId: ACCOUNT, region: REGION },
    );
    assert.match(text, /^Flow log for subnet subnet-1 in us-west-2:\n {2}traffic: ACCEPT; maximum aggregation interval: 10 minutes\n {2}record format: default \(version 2\)\nExisting log group g\.\nExisting IAM role r \(arn:r\)\./);
  });
});
