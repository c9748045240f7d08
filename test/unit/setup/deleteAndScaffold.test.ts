import * as assert from 'node:assert/strict';
import { DeleteFlowLogsCommand, DescribeFlowLogsCommand, type FlowLog } from '@aws-sdk/client-ec2';
import { DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, GetRoleCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ROLE_DESCRIPTION } from '../../../src/aws/models';
import { flowLogsTrustPolicy } from '../../../src/iam';
import { deleteFlowLogCommand } from '../../../src/setup/deleteFlowLog';
import { deleteIamRoleCommand, roleNameOf } from '../../../src/setup/deleteIamRole';
import { scaffoldIamRoleCommand } from '../../../src/setup/scaffoldIamRole';
import { ACCOUNT, awsError, harness, iamEncoded, type Harness } from './harness';

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/VPCFlowLogsDeliveryRole`;
const FLOW_LOG: FlowLog = { FlowLogId: 'fl-0f6', ResourceId: 'vpc-0a1', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs', LogGroupName: 'VPCFlowLogsGroup', DeliverLogsPermissionArn: ROLE_ARN, DeliverLogsStatus: 'SUCCESS', FlowLogStatus: 'ACTIVE' };

describe('Setup: delete flow log, delete role, scaffold', () => {
  let h: Harness | undefined;
  afterEach(() => h?.restore());

  it('deletes the flow log after a modal saying what stays, then offers the role the extension made', async () => {
    h = harness({ 'deleteFlowLog.confirm': true, 'deleteFlowLog.done': 'Delete Role VPCFlowLogsDeliveryRole…', 'deleteIamRole.confirm': true });
    // Asked by id it exists; listed afterwards (is the role still used?) it is gone.
    h.ec2.on(DescribeFlowLogsCommand).callsFake((input: { FlowLogIds?: string[] }) => ({ FlowLogs: input.FlowLogIds ? [FLOW_LOG] : [] }));
    h.ec2.on(DeleteFlowLogsCommand).resolves({ Unsuccessful: [] });
    h.iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'VPCFlowLogsDeliveryRole', Arn: ROLE_ARN, Path: '/', RoleId: 'R', CreateDate: new Date(), Description: ROLE_DESCRIPTION } });
    h.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['VPCFlowLogsDelivery'] });
    h.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', PolicyName: 'ReadOnlyAccess' }] });
    h.iam.on(DeleteRolePolicyCommand).resolves({});
    h.iam.on(DetachRolePolicyCommand).resolves({});
    h.iam.on(DeleteRoleCommand).resolves({});

    const outcome = await deleteFlowLogCommand(h.deps, 'fl-0f6');
    assert.deepEqual(outcome, { flowLogId: 'fl-0f6', roleDeleted: true });
    assert.deepEqual(h.ec2.commandCalls(DeleteFlowLogsCommand)[0]!.args[0].input, { FlowLogIds: ['fl-0f6'] });
    const confirm = h.prompter.of('deleteFlowLog.confirm')[0]!;
    assert.equal(confirm.message, 'Delete flow log fl-0f6?');
    assert.match(confirm.detail!, /^fl-0f6 records ALL traffic of vpc-0a1 to log group VPCFlowLogsGroup with role arn:aws:iam::123456789012:role\/VPCFlowLogsDeliveryRole\. Deleting it stops recording\. The log group VPCFlowLogsGroup and the records already in it stay/);
    const done = h.prompter.of('deleteFlowLog.done')[0]!;
    assert.match(done.message!, /^Deleted flow log fl-0f6 \(vpc-0a1\)\. The log group VPCFlowLogsGroup and the records already in it stay\. Its IAM role VPCFlowLogsDeliveryRole was made by this extension/);
    assert.deepEqual(done.actions, ['Delete Role VPCFlowLogsDeliveryRole…']);
    assert.equal(h.host.refreshes, 1);
    // The role: inline policy deleted, managed policy only detached, then the role.
    assert.deepEqual(h.iam.commandCalls(DeleteRolePolicyCommand)[0]!.args[0].input, { RoleName: 'VPCFlowLogsDeliveryRole', PolicyName: 'VPCFlowLogsDelivery' });
    assert.deepEqual(h.iam.commandCalls(DetachRolePolicyCommand)[0]!.args[0].input, { RoleName: 'VPCFlowLogsDeliveryRole', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    assert.deepEqual(h.iam.commandCalls(DeleteRoleCommand)[0]!.args[0].input, { RoleName: 'VPCFlowLogsDeliveryRole' });
    assert.equal(h.prompter.of('deleteIamRole.done')[0]!.message, 'Deleted IAM role VPCFlowLogsDeliveryRole (its inline policy VPCFlowLogsDelivery; detached arn:aws:iam::aws:policy/ReadOnlyAccess).');
  });

  it('does not offer a role the extension did not make, or one other flow logs use', async () => {
    h = harness({ 'deleteFlowLog.flowLog': 'fl-0f6', 'deleteFlowLog.confirm': true });
    h.ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [FLOW_LOG] });
    h.ec2.on(DeleteFlowLogsCommand).resolves({});
    h.iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'VPCFlowLogsDeliveryRole', Arn: ROLE_ARN, Path: '/', RoleId: 'R', CreateDate: new Date(), Description: 'mine' } });
    await deleteFlowLogCommand(h.deps);
    assert.deepEqual(h.prompter.of('deleteFlowLog.flowLog')[0]!.items, ['fl-0f6']);
    assert.deepEqual(h.prompter.of('deleteFlowLog.done')[0]!.actions, []);
  });

  it('reports Unsuccessful items of DeleteFlowLogs, and deletes nothing when the modal is cancelled', async () => {
    h = harness({ 'deleteFlowLog.confirm': [true, false] });
    h.ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [FLOW_LOG] });
    h.ec2.on(DeleteFlowLogsCommand).resolves({ Unsuccessful: [{ ResourceId: 'fl-0f6', Error: { Code: 'InvalidFlowLogId.NotFound', Message: 'Flow log fl-0f6 does not exist' } }] });
    assert.equal(await deleteFlowLogCommand(h.deps, 'fl-0f6'), undefined);
    assert.equal(h.prompter.of('deleteFlowLog.failed')[0]!.message, 'Delete flow log fl-0f6 failed: ec2:DeleteFlowLogs failed: Flow log fl-0f6 does not exist. (InvalidFlowLogId.NotFound) Nothing was deleted.');
    assert.equal(await deleteFlowLogCommand(h.deps, 'fl-0f6'), undefined);
    assert.equal(h.ec2.commandCalls(DeleteFlowLogsCommand).length, 1);
  });

  it('says so when the flow log is already gone', async () => {
    h = harness({});
    h.ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    assert.equal(await deleteFlowLogCommand(h.deps, 'fl-gone'), undefined);
    assert.match(h.prompter.notices[0]!.message!, /fl-gone does not exist .*Nothing was deleted/);
    assert.equal(h.ec2.commandCalls(DeleteFlowLogsCommand).length, 0);
  });

  it('deleteIamRole lists only the roles the extension made and warns about flow logs still using one', async () => {
    h = harness({ 'deleteIamRole.role': 'VPCFlowLogsDeliveryRole', 'deleteIamRole.confirm': false });
    h.iam.on(ListRolesCommand).resolves({
      Roles: [
        { RoleName: 'VPCFlowLogsDeliveryRole', Arn: ROLE_ARN, Path: '/', RoleId: 'R', CreateDate: new Date('2024-05-01'), Description: ROLE_DESCRIPTION, AssumeRolePolicyDocument: iamEncoded(flowLogsTrustPolicy()) },
        { RoleName: 'TheirRole', Arn: 'arn:aws:iam::1:role/TheirRole', Path: '/', RoleId: 'T', CreateDate: new Date(), AssumeRolePolicyDocument: iamEncoded(flowLogsTrustPolicy()) },
      ],
    });
    h.iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'VPCFlowLogsDeliveryRole', Arn: ROLE_ARN, Path: '/', RoleId: 'R', CreateDate: new Date(), Description: ROLE_DESCRIPTION } });
    h.ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [FLOW_LOG] });
    assert.equal(await deleteIamRoleCommand(h.deps), false);
    assert.deepEqual(h.prompter.of('deleteIamRole.role')[0]!.items, ['VPCFlowLogsDeliveryRole']);
    assert.match(h.prompter.of('deleteIamRole.confirm')[0]!.detail!, /Flow logs in this region still use it: fl-0f6\. Their delivery will fail\./);
    assert.equal(h.iam.commandCalls(DeleteRoleCommand).length, 0);
    assert.equal(roleNameOf('arn:aws:iam::1:role/path/Name'), 'Name');
  });

  it('deleteIamRole with the name of a role the extension did not make asks to confirm exactly that, with its own button', async () => {
    h = harness({ 'deleteIamRole.notOurs': false });
    h.iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'EC2ReadOnly', Arn: 'arn:aws:iam::123456789012:role/EC2ReadOnly', Path: '/', RoleId: 'E', CreateDate: new Date(), Description: 'Lets EC2 read things' } });
    h.ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    assert.equal(await deleteIamRoleCommand(h.deps, 'EC2ReadOnly'), false);
    assert.equal(h.prompter.of('deleteIamRole.confirm').length, 0, 'not the modal for roles the extension made');
    const [asked] = h.prompter.of('deleteIamRole.notOurs');
    assert.equal(asked!.message, 'IAM role EC2ReadOnly was not created by this extension. Delete it anyway?');
    assert.match(asked!.detail!, /EC2ReadOnly does not carry the description of the roles this extension makes/);
    assert.deepEqual(asked!.actions, ['Delete EC2ReadOnly, Not Made by This Extension']);
    assert.equal(h.iam.commandCalls(DeleteRoleCommand).length + h.iam.commandCalls(ListRolePoliciesCommand).length, 0, 'declined: nothing was touched');

    // Confirmed for what it is, it is deleted.
    h.prompter.answer('deleteIamRole.notOurs', true);
    h.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    h.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    h.iam.on(DeleteRoleCommand).resolves({});
    assert.equal(await deleteIamRoleCommand(h.deps, 'arn:aws:iam::123456789012:role/EC2ReadOnly'), true);
    assert.deepEqual(h.iam.commandCalls(DeleteRoleCommand)[0]!.args[0].input, { RoleName: 'EC2ReadOnly' });
  });

  it('scaffold: fills in account and region from STS and opens the three documents', async () => {
    h = harness({});
    const result = await scaffoldIamRoleCommand(h.deps);
    assert.equal(result.accountId, ACCOUNT);
    assert.equal(result.region, 'us-west-2');
    assert.equal(h.host.opened.length, 1);
    const trust = JSON.parse(h.host.opened[0]!.trustPolicy) as ReturnType<typeof flowLogsTrustPolicy>;
    assert.deepEqual(trust, flowLogsTrustPolicy({ accountId: ACCOUNT, region: 'us-west-2' }));
    assert.equal(h.sts.commandCalls(GetCallerIdentityCommand).length, 1);
    assert.match(h.prompter.of('scaffoldIamRole.done')[0]!.message!, /opened for account 123456789012 in us-west-2/);
    assert.equal(h.iam.calls().length + h.ec2.calls().length + h.logs.calls().length, 0, 'creates nothing');
  });

  it('scaffold: offline, uses placeholders and says why', async () => {
    h = harness({});
    h.sts.reset();
    h.sts.rejects(Object.assign(new Error('getaddrinfo ENOTFOUND sts.us-west-2.amazonaws.com'), { code: 'ENOTFOUND', name: 'Error' }));
    const result = await scaffoldIamRoleCommand(h.deps);
    assert.equal(result.accountId, undefined);
    assert.equal(result.offlineReason, 'AWS could not be reached');
    assert.equal(result.documents.hasPlaceholders, true);
    assert.match(result.documents.trustPolicy, /"aws:SourceAccount": "<ACCOUNT_ID>"/);
    const done = h.prompter.of('scaffoldIamRole.done')[0]!;
    assert.equal(done.noticeKind, 'warning');
    assert.match(done.message!, /placeholders \(AWS could not be reached\): replace <ACCOUNT_ID> before use/);
    const skipped = await scaffoldIamRoleCommand(h.deps, { offline: 'the workspace is not trusted' });
    assert.equal(skipped.offlineReason, 'the workspace is not trusted');
    assert.equal(h.sts.commandCalls(GetCallerIdentityCommand).length, 1, 'no AWS call when offline is asked for');
  });

  it('scaffold: STS denied still opens the documents', async () => {
    h = harness({});
    h.sts.reset();
    h.sts.rejects(awsError('AccessDenied', 'not authorized to perform: sts:GetCallerIdentity'));
    const result = await scaffoldIamRoleCommand(h.deps);
    assert.equal(result.offlineReason, 'sts:GetCallerIdentity was denied');
    assert.equal(h.host.opened.length, 1);
  });
});
