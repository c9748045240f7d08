import * as assert from 'node:assert/strict';
import { CreateFlowLogsCommand, DescribeFlowLogsCommand } from '@aws-sdk/client-ec2';
import { DeleteBucketPolicyCommand, GetBucketLocationCommand, GetBucketPolicyCommand, ListBucketsCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { logDeliveryStatements } from '../../../src/iam/bucketPolicy';
import { createFlowLogCommand } from '../../../src/setup/createFlowLog';
import { validateDeliveryPrefix } from '../../../src/setup/flowLogS3Steps';
import { ACCOUNT, awsError, harness, REGION, type Harness } from './harness';
import type { Answer } from './scriptedPrompter';

const BUCKET = 'flow-logs-archive';
/** A statement of the bucket's own, which merging must keep as it is. */
const OWN_STATEMENT = { Sid: 'DenyInsecure', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
const OWN_POLICY = JSON.stringify({ Version: '2012-10-17', Id: 'Own', Statement: [OWN_STATEMENT] });

type PolicyDocument = { Version: string; Id?: string; Statement: { Sid?: string }[] };

/** Answers for the S3 path from a VPC node. */
function s3Script(extra: Record<string, Answer | Answer[]> = {}): Record<string, Answer | Answer[]> {
  return {
    'createFlowLog.traffic': 'All traffic',
    'createFlowLog.interval': '10 minutes',
    'createFlowLog.destination': 'Amazon S3',
    'createFlowLog.bucket': BUCKET,
    'createFlowLog.prefix': 'vpc-flow-logs/',
    'createFlowLog.fileFormat': 'Parquet',
    'createFlowLog.hive': 'Yes',
    'createFlowLog.perHour': 'Yes',
    'createFlowLog.format': 'Default format',
    'createFlowLog.confirm': true,
    ...extra,
  };
}

function account(h: Harness, policy: string | undefined): void {
  h.s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'other-bucket', BucketRegion: 'eu-west-1' }, { Name: BUCKET, BucketRegion: REGION }] });
  h.s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: REGION });
  if (policy === undefined) {
    h.s3.on(GetBucketPolicyCommand).rejects(awsError('NoSuchBucketPolicy', 'The bucket policy does not exist'));
  } else {
    h.s3.on(GetBucketPolicyCommand).resolves({ Policy: policy });
  }
  h.s3.on(PutBucketPolicyCommand).resolves({});
  h.ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [{ FlowLogId: 'fl-0s3', ResourceId: 'vpc-0a1', DeliverLogsStatus: 'SUCCESS', LogDestinationType: 's3' }] });
}

describe('Setup: create flow log to S3', () => {
  let h: Harness | undefined;
  afterEach(() => h?.restore());

  it('merges the delivery statements into the bucket policy, shows it, applies it after the confirm, then creates the flow log with no role', async () => {
    h = harness(s3Script());
    account(h, OWN_POLICY);
    h.ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: ['fl-0s3'], Unsuccessful: [] });

    const outcome = await createFlowLogCommand(h.deps, 'vpc-0a1');
    assert.equal(outcome?.flowLogId, 'fl-0s3');
    assert.equal(outcome?.appliedBucketPolicy, true);
    assert.equal(outcome?.createdRole, false);

    // The wizard: S3 replaces the log group and role steps.
    assert.deepEqual(h.prompter.asked.filter((a) => a.step !== undefined).map((a) => `${a.id} ${a.step}/${a.totalSteps}`), [
      'createFlowLog.traffic 1/6',
      'createFlowLog.interval 2/6',
      'createFlowLog.destination 3/6',
      'createFlowLog.bucket 4/9',
      'createFlowLog.prefix 5/9',
      'createFlowLog.fileFormat 6/9',
      'createFlowLog.hive 7/9',
      'createFlowLog.perHour 8/9',
      'createFlowLog.format 9/9',
    ]);
    assert.deepEqual(h.prompter.of('createFlowLog.bucket')[0]!.items, ['$(edit) Enter a bucket name or S3 location…', '-- Your buckets', BUCKET, 'other-bucket']);
    assert.equal(h.iam.calls().length, 0, 'no IAM call: S3 needs no role');

    // The policy put: the bucket's own statement first and untouched, then the two delivery statements.
    const put = h.s3.commandCalls(PutBucketPolicyCommand)[0]!.args[0].input;
    assert.equal(put.Bucket, BUCKET);
    const policy = JSON.parse(put.Policy!) as PolicyDocument;
    assert.equal(policy.Id, 'Own');
    assert.deepEqual(policy.Statement, [OWN_STATEMENT, ...logDeliveryStatements({ bucket: BUCKET, prefix: 'vpc-flow-logs', accountId: ACCOUNT, region: REGION })]);
    const write = policy.Statement[1] as unknown as { Resource: string; Condition: { StringEquals: Record<string, string>; ArnLike: Record<string, string> } };
    assert.equal(write.Resource, `arn:aws:s3:::${BUCKET}/vpc-flow-logs/AWSLogs/${ACCOUNT}/*`);
    assert.equal(write.Condition.StringEquals['s3:x-amz-acl'], 'bucket-owner-full-control');
    assert.equal(write.Condition.StringEquals['aws:SourceAccount'], ACCOUNT);
    assert.equal(write.Condition.ArnLike['aws:SourceArn'], `arn:aws:logs:${REGION}:${ACCOUNT}:*`);
    // Shown in an editor before the confirm, exactly as put.
    assert.deepEqual(h.host.documents, [{ fileName: `${BUCKET}-bucket-policy.json`, text: put.Policy }]);
    const confirm = h.prompter.of('createFlowLog.confirm')[0]!;
    assert.equal(confirm.message, `Change the policy of bucket ${BUCKET} and create a flow log for vpc-0a1?`);
    assert.match(confirm.detail!, /destination: Amazon S3, arn:aws:s3:::flow-logs-archive\/vpc-flow-logs\n {2}files: Parquet, Hive-compatible prefixes, one folder per hour\n {2}under s3:\/\/flow-logs-archive\/vpc-flow-logs\/AWSLogs\/aws-account-id=123456789012\/aws-service=vpcflowlogs\/aws-region=us-west-2\/year=…\/month=…\/day=…\/hour=…\//);
    assert.match(confirm.detail!, /No IAM role/);
    assert.match(confirm.detail!, /gets the statements AWSLogDeliveryWrite and AWSLogDeliveryAclCheck, every statement it has kept/);

    // The request: S3, the bucket ARN with the prefix, the options; no role, no log group.
    const create = h.ec2.commandCalls(CreateFlowLogsCommand)[0]!.args[0].input;
    assert.deepEqual({ ...create, ClientToken: 'token' }, {
      ResourceIds: ['vpc-0a1'],
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      MaxAggregationInterval: 600,
      LogDestinationType: 's3',
      LogDestination: `arn:aws:s3:::${BUCKET}/vpc-flow-logs`,
      DestinationOptions: { FileFormat: 'parquet', HiveCompatiblePartitions: true, PerHourPartition: true },
      ClientToken: 'token',
    });
    assert.ok(h.s3.commandCalls(PutBucketPolicyCommand)[0]!.calledBefore(h.ec2.commandCalls(CreateFlowLogsCommand)[0]!), 'policy before flow log');
    assert.match(h.prompter.of('createFlowLog.done')[0]!.message!, /^Created flow log fl-0s3 for vpc-0a1, and the delivery statements in the policy of bucket flow-logs-archive\. Delivery status: SUCCESS\. Files arrive in s3:\/\/flow-logs-archive\/vpc-flow-logs\/AWSLogs\//);
    assert.equal(h.host.refreshes, 1, 'the VPCs view is refreshed');
  });

  it('a policy that already allows delivery is left alone and the confirm says so', async () => {
    const already = JSON.stringify({ Version: '2012-10-17', Statement: [OWN_STATEMENT, ...logDeliveryStatements({ bucket: BUCKET, prefix: 'vpc-flow-logs', accountId: ACCOUNT, region: REGION })] });
    h = harness(s3Script({ 'createFlowLog.fileFormat': 'Plain text', 'createFlowLog.hive': 'No', 'createFlowLog.perHour': 'No' }));
    account(h, already);
    h.ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: ['fl-0s3'] });
    const outcome = await createFlowLogCommand(h.deps, 'vpc-0a1');
    assert.equal(outcome?.appliedBucketPolicy, false);
    assert.equal(h.s3.commandCalls(PutBucketPolicyCommand).length, 0);
    assert.deepEqual(h.host.documents, []);
    const confirm = h.prompter.of('createFlowLog.confirm')[0]!;
    assert.equal(confirm.message, 'Create a flow log for vpc-0a1?');
    assert.match(confirm.detail!, /already allows delivery: it stays as it is/);
    assert.deepEqual(h.ec2.commandCalls(CreateFlowLogsCommand)[0]!.args[0].input.DestinationOptions, { FileFormat: 'plain-text', HiveCompatiblePartitions: false, PerHourPartition: false });
  });

  it('a typed s3:// location: an unknown bucket is refused, the prefix comes from the location, and a bucket without a policy gets a new one', async () => {
    h = harness(s3Script({
      'createFlowLog.bucket': 'Enter a bucket name or S3 location…',
      'createFlowLog.bucketName': ['s3://no-such-bucket/x', `s3://${BUCKET}/team/flows/`],
      'createFlowLog.prefix': 'team/flows',
    }));
    account(h, undefined);
    h.s3.on(GetBucketLocationCommand, { Bucket: 'no-such-bucket' }).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist'));
    h.ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: ['fl-0s3'] });
    const outcome = await createFlowLogCommand(h.deps, 'vpc-0a1');
    assert.equal(outcome?.flowLogId, 'fl-0s3');
    assert.deepEqual(h.prompter.of('createFlowLog.bucketName')[0]!.rejected, ['There is no bucket named no-such-bucket.']);
    assert.equal(h.prompter.of('createFlowLog.prefix')[0]!.message, 'team/flows', 'the prefix step offers the location\'s prefix');
    const policy = JSON.parse(h.s3.commandCalls(PutBucketPolicyCommand)[0]!.args[0].input.Policy!) as PolicyDocument;
    assert.deepEqual(policy, { Version: '2012-10-17', Statement: logDeliveryStatements({ bucket: BUCKET, prefix: 'team/flows', accountId: ACCOUNT, region: REGION }) });
    assert.equal(h.ec2.commandCalls(CreateFlowLogsCommand)[0]!.args[0].input.LogDestination, `arn:aws:s3:::${BUCKET}/team/flows`);
  });

  it('AccessDenied reading the bucket policy: says what is needed, opens the statements for the bucket owner, creates nothing', async () => {
    h = harness(s3Script());
    account(h, OWN_POLICY);
    h.s3.on(GetBucketPolicyCommand).rejects(Object.assign(awsError('AccessDenied', 'Access Denied'), { $metadata: { httpStatusCode: 403 } }));
    assert.equal(await createFlowLogCommand(h.deps, 'vpc-0a1'), undefined);
    const failed = h.prompter.of('createFlowLog.failed')[0]!;
    assert.match(failed.message!, /^Create flow log failed: reading the policy of bucket flow-logs-archive failed: .*s3:GetBucketPolicy and s3:PutBucketPolicy on flow-logs-archive\. If the bucket belongs to another account, its owner must add the statements shown in the editor .* Nothing was created\.$/);
    assert.deepEqual(JSON.parse(h.host.documents[0]!.text), { Version: '2012-10-17', Statement: logDeliveryStatements({ bucket: BUCKET, prefix: 'vpc-flow-logs', accountId: ACCOUNT, region: REGION }) });
    assert.equal(h.prompter.of('createFlowLog.confirm').length, 0);
    assert.equal(h.s3.commandCalls(PutBucketPolicyCommand).length, 0);
    assert.equal(h.ec2.commandCalls(CreateFlowLogsCommand).length, 0);
  });

  it('a flow log refused after the policy was changed offers to restore the previous policy, and restores it', async () => {
    h = harness(s3Script({ 'setup.halfWay': `Restore Bucket Policy of ${BUCKET}`, 'createFlowLog.restoreBucketPolicy': true }));
    account(h, OWN_POLICY);
    h.ec2.on(CreateFlowLogsCommand).rejects(awsError('InvalidParameter', `Access Denied for LogDestination: ${BUCKET}. Please check LogDestination permission`));
    assert.equal(await createFlowLogCommand(h.deps, 'vpc-0a1'), undefined);
    const [halfWay] = h.prompter.of('setup.halfWay');
    assert.match(halfWay!.message!, /^Create flow log for vpc-0a1 failed: ec2:CreateFlowLogs failed: Access Denied for LogDestination.* needs logs:CreateLogDelivery\. What exists now: the delivery statements \(AWSLogDeliveryWrite, AWSLogDeliveryAclCheck\) in the policy of bucket flow-logs-archive\./);
    const puts = h.s3.commandCalls(PutBucketPolicyCommand);
    assert.equal(puts.length, 2);
    assert.equal(puts[1]!.args[0].input.Policy, OWN_POLICY, 'the previous policy, exactly');
    assert.equal(h.s3.commandCalls(DeleteBucketPolicyCommand).length, 0);
  });

  it('a policy changed by someone else between reading and applying is left alone', async () => {
    h = harness(s3Script());
    account(h, OWN_POLICY);
    h.s3.on(GetBucketPolicyCommand).resolvesOnce({ Policy: OWN_POLICY }).resolves({ Policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }) });
    assert.equal(await createFlowLogCommand(h.deps, 'vpc-0a1'), undefined);
    assert.equal(h.s3.commandCalls(PutBucketPolicyCommand).length, 0);
    assert.equal(h.ec2.commandCalls(CreateFlowLogsCommand).length, 0);
    assert.match(h.prompter.of('createFlowLog.failed')[0]!.message!, /changed since it was read, so it was left alone\. .* Nothing was created\.$/);
  });

  it('checks delivery prefixes', () => {
    assert.equal(validateDeliveryPrefix(''), undefined);
    assert.equal(validateDeliveryPrefix('/team/flows/'), undefined);
    assert.match(validateDeliveryPrefix('x/AWSLogs/y')!, /AWSLogs is the folder log delivery adds/);
    assert.match(validateDeliveryPrefix('a//b')!, /empty folder/);
  });
});
