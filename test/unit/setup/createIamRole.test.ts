import * as assert from 'node:assert/strict';
import { DescribeFlowLogsCommand } from '@aws-sdk/client-ec2';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { ROLE_DESCRIPTION } from '../../../src/aws/models';
import { flowLogsPermissionsPolicy, flowLogsTrustPolicy } from '../../../src/iam';
import { createIamRoleCommand, validateRoleName } from '../../../src/setup/createIamRole';
import { ACCOUNT, awsError, harness, iamEncoded, REGION, type Harness } from './harness';

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/VPCFlowLogsDeliveryRole`;

describe('Setup: create IAM role', () => {
  let h: Harness | undefined;
  afterEach(() => h?.restore());

  it('validates role names as IAM does', () => {
    assert.equal(validateRoleName('VPCFlowLogsDeliveryRole'), undefined);
    assert.equal(validateRoleName('a+b=c,d.e@f_g-h'), undefined);
    assert.match(validateRoleName('')!, /Enter/);
    assert.match(validateRoleName('has space')!, /letters, digits/);
    assert.match(validateRoleName('x'.repeat(65))!, /64/);
  });

  it('creates the role with the trust policy and the inline policy after the modal shows both', async () => {
    h = harness({ 'createIamRole.name': 'VPCFlowLogsDeliveryRole', 'createIamRole.confirm': true });
    h.iam.on(GetRoleCommand).rejects(awsError('NoSuchEntity', 'The role with name VPCFlowLogsDeliveryRole cannot be found.'));
    h.iam.on(CreateRoleCommand).resolves({ Role: { RoleName: 'VPCFlowLogsDeliveryRole', Arn: ROLE_ARN, Path: '/', RoleId: 'AROA', CreateDate: new Date() } });
    h.iam.on(PutRolePolicyCommand).resolves({});

    const outcome = await createIamRoleCommand(h.deps);
    assert.deepEqual(outcome, { name: 'VPCFlowLogsDeliveryRole', arn: ROLE_ARN, created: true });

    const create = h.iam.commandCalls(CreateRoleCommand);
    assert.equal(create.length, 1);
    const input = create[0]!.args[0].input;
    assert.equal(input.RoleName, 'VPCFlowLogsDeliveryRole');
    assert.deepEqual(JSON.parse(input.AssumeRolePolicyDocument!), flowLogsTrustPolicy({ accountId: ACCOUNT, region: REGION }));
    assert.equal(input.Description, ROLE_DESCRIPTION);
    assert.equal(input.Path, undefined);
    const put = h.iam.commandCalls(PutRolePolicyCommand);
    assert.equal(put.length, 1);
    assert.equal(put[0]!.args[0].input.RoleName, 'VPCFlowLogsDeliveryRole');
    assert.equal(put[0]!.args[0].input.PolicyName, 'VPCFlowLogsDelivery');
    assert.deepEqual(JSON.parse(put[0]!.args[0].input.PolicyDocument!), flowLogsPermissionsPolicy());

    const [confirm] = h.prompter.of('createIamRole.confirm');
    assert.equal(confirm!.message, 'Create IAM role VPCFlowLogsDeliveryRole for VPC Flow Logs?');
    assert.ok(confirm!.detail!.includes('"Service": "vpc-flow-logs.amazonaws.com"'), 'modal shows the trust policy');
    assert.ok(confirm!.detail!.includes('"logs:PutLogEvents"'), 'modal shows the permissions policy');
    assert.ok(confirm!.detail!.includes(`"aws:SourceAccount": "${ACCOUNT}"`));
    const done = h.prompter.of('createIamRole.done')[0]!;
    assert.match(done.message!, new RegExp(`^Created IAM role VPCFlowLogsDeliveryRole \\(${ROLE_ARN}\\): trust policy .* account ${ACCOUNT} and region ${REGION}, inline policy VPCFlowLogsDelivery`));
  });

  it('creates nothing when the modal is cancelled', async () => {
    h = harness({ 'createIamRole.name': 'MyRole', 'createIamRole.confirm': false });
    h.iam.on(GetRoleCommand).rejects(awsError('NoSuchEntity', 'not found'));
    assert.equal(await createIamRoleCommand(h.deps), undefined);
    assert.equal(h.iam.commandCalls(CreateRoleCommand).length, 0);
  });

  it('offers to reuse an existing role whose trust policy allows flow logs', async () => {
    h = harness({ 'createIamRole.name': 'VPCFlowLogsDeliveryRole', 'createIamRole.reuse': true });
    h.iam.on(GetRoleCommand).resolves({
      Role: { RoleName: 'VPCFlowLogsDeliveryRole', Arn: ROLE_ARN, Path: '/', RoleId: 'AROA', CreateDate: new Date(), AssumeRolePolicyDocument: iamEncoded(flowLogsTrustPolicy()) },
    });
    const outcome = await createIamRoleCommand(h.deps);
    assert.deepEqual(outcome, { name: 'VPCFlowLogsDeliveryRole', arn: ROLE_ARN, created: false });
    assert.equal(h.iam.commandCalls(CreateRoleCommand).length, 0);
    assert.match(h.prompter.of('createIamRole.reuse')[0]!.detail!, /Nothing will be created/);
    assert.match(h.prompter.of('createIamRole.reused')[0]!.message!, /Using the existing IAM role VPCFlowLogsDeliveryRole .*Nothing was created/);
  });

  it('asks for another name when the existing role cannot be used by flow logs', async () => {
    h = harness({ 'createIamRole.name': ['Ec2Role', 'FlowRole'], 'createIamRole.confirm': true });
    h.iam.on(GetRoleCommand, { RoleName: 'Ec2Role' }).resolves({
      Role: { RoleName: 'Ec2Role', Arn: 'arn:aws:iam::1:role/Ec2Role', Path: '/', RoleId: 'A', CreateDate: new Date(), AssumeRolePolicyDocument: iamEncoded({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) },
    });
    h.iam.on(GetRoleCommand, { RoleName: 'FlowRole' }).rejects(awsError('NoSuchEntity', 'not found'));
    h.iam.on(CreateRoleCommand).resolves({ Role: { RoleName: 'FlowRole', Arn: `arn:aws:iam::${ACCOUNT}:role/FlowRole`, Path: '/', RoleId: 'B', CreateDate: new Date() } });
    h.iam.on(PutRolePolicyCommand).resolves({});
    const outcome = await createIamRoleCommand(h.deps);
    assert.equal(outcome?.name, 'FlowRole');
    assert.deepEqual(h.prompter.of('createIamRole.name')[0]!.rejected, ['Role Ec2Role already exists, but its trust policy does not allow vpc-flow-logs.amazonaws.com to assume it. Choose another name.']);
  });

  it('uses a role that appeared between the check and CreateRole (EntityAlreadyExists)', async () => {
    h = harness({ 'createIamRole.name': 'VPCFlowLogsDeliveryRole', 'createIamRole.confirm': true });
    h.iam
      .on(GetRoleCommand)
      .rejectsOnce(awsError('NoSuchEntity', 'not found'))
      .resolves({ Role: { RoleName: 'VPCFlowLogsDeliveryRole', Arn: ROLE_ARN, Path: '/', RoleId: 'A', CreateDate: new Date(), AssumeRolePolicyDocument: iamEncoded(flowLogsTrustPolicy({ accountId: ACCOUNT })) } });
    h.iam.on(CreateRoleCommand).rejects(awsError('EntityAlreadyExists', 'Role with name VPCFlowLogsDeliveryRole already exists.'));
    const outcome = await createIamRoleCommand(h.deps);
    assert.deepEqual(outcome, { name: 'VPCFlowLogsDeliveryRole', arn: ROLE_ARN, created: false });
    assert.equal(h.iam.commandCalls(PutRolePolicyCommand).length, 0, 'an existing role is not changed');
    assert.match(h.prompter.of('createIamRole.done')[0]!.message!, /already existed .* Nothing was created/);
  });

  it('reports a refused CreateRole as nothing created', async () => {
    h = harness({ 'createIamRole.name': 'VPCFlowLogsDeliveryRole', 'createIamRole.confirm': true });
    h.iam.on(GetRoleCommand).rejects(awsError('NoSuchEntity', 'not found'));
    h.iam.on(CreateRoleCommand).rejects(awsError('AccessDenied', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: iam:CreateRole on resource'));
    assert.equal(await createIamRoleCommand(h.deps), undefined);
    const failed = h.prompter.of('createIamRole.failed')[0]!;
    assert.equal(failed.noticeKind, 'error');
    assert.match(failed.message!, /^Create IAM role failed: iam:CreateRole failed: access denied\..*iam:CreateRole.* Nothing was created\.$/);
  });

  it('says the role exists without permissions when PutRolePolicy fails, and deletes it on request', async () => {
    h = harness({
      'createIamRole.name': 'VPCFlowLogsDeliveryRole',
      'createIamRole.confirm': true,
      'setup.halfWay': 'Delete Role VPCFlowLogsDeliveryRole',
      'deleteIamRole.confirm': true,
    });
    h.iam.on(GetRoleCommand).rejectsOnce(awsError('NoSuchEntity', 'not found')).resolves({ Role: { RoleName: 'VPCFlowLogsDeliveryRole', Arn: ROLE_ARN, Path: '/', RoleId: 'A', CreateDate: new Date(), Description: ROLE_DESCRIPTION, AssumeRolePolicyDocument: iamEncoded(flowLogsTrustPolicy()) } });
    h.iam.on(CreateRoleCommand).resolves({ Role: { RoleName: 'VPCFlowLogsDeliveryRole', Arn: ROLE_ARN, Path: '/', RoleId: 'A', CreateDate: new Date() } });
    h.iam.on(PutRolePolicyCommand).rejects(awsError('MalformedPolicyDocument', 'Policy document should not specify a principal.'));
    h.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    h.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    h.iam.on(DeleteRoleCommand).resolves({});
    h.ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });

    assert.equal(await createIamRoleCommand(h.deps), undefined);
    const halfWay = h.prompter.of('setup.halfWay')[0]!;
    assert.match(halfWay.message!, /^Create IAM role failed: the role was created, but adding its permissions policy failed: iam:PutRolePolicy failed: Policy document should not specify a principal\./);
    assert.match(halfWay.message!, new RegExp(`What exists now: IAM role VPCFlowLogsDeliveryRole \\(${ROLE_ARN}\\)`));
    assert.deepEqual(halfWay.actions, ['Delete Role VPCFlowLogsDeliveryRole']);
    assert.match(h.prompter.of('deleteIamRole.confirm')[0]!.detail!, /No flow log in this region uses it/);
    assert.equal(h.iam.commandCalls(DeleteRolePolicyCommand).length, 0);
    assert.deepEqual(h.iam.commandCalls(DeleteRoleCommand).map((c) => c.args[0].input), [{ RoleName: 'VPCFlowLogsDeliveryRole' }]);
    assert.equal(h.prompter.of('deleteIamRole.done')[0]!.message, 'Deleted IAM role VPCFlowLogsDeliveryRole.');
    assert.ok(h.host.logs.some((l) => l.includes('aws iam delete-role --role-name VPCFlowLogsDeliveryRole')), 'the manual clean-up is logged');
  });

  it('stops with advice when the account cannot be looked up', async () => {
    h = harness({});
    h.sts.reset();
    h.sts.rejects(awsError('ExpiredToken', 'The security token included in the request is expired'));
    assert.equal(await createIamRoleCommand(h.deps), undefined);
    assert.match(h.prompter.notices[0]!.message!, /^Create IAM role failed: sts:GetCallerIdentity failed: .*expired/);
    assert.equal(h.iam.calls().length, 0);
  });
});
