import * as assert from 'node:assert/strict';
import {
  flowLogArn,
  flowLogsPermissionsPolicy,
  flowLogsTrustPolicy,
  judgeTrustPolicy,
  logGroupArn,
  parseLogGroupArn,
  parseTrustPolicy,
  partitionOf,
  policyJson,
} from '../../../src/iam';

const ACCOUNT = '123456789012';
const FIVE = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'];

describe('IAM policy builders', () => {
  describe('flowLogsTrustPolicy', () => {
    it('without options: one Allow statement for the flow logs service, no conditions', () => {
      assert.deepEqual(flowLogsTrustPolicy(), {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      });
      assert.deepEqual(flowLogsTrustPolicy({}), flowLogsTrustPolicy());
      // A region alone cannot make conditions: both keys need the account.
      assert.equal(flowLogsTrustPolicy({ region: 'us-west-2' }).Statement[0]!.Condition, undefined);
    });

    it('with an account: the confused-deputy conditions, any region and any flow log id', () => {
      const policy = flowLogsTrustPolicy({ accountId: ACCOUNT });
      assert.equal(policy.Version, '2012-10-17');
      assert.equal(policy.Statement.length, 1);
      const statement = policy.Statement[0]!;
      assert.equal(statement.Effect, 'Allow');
      assert.deepEqual(statement.Principal, { Service: 'vpc-flow-logs.amazonaws.com' });
      assert.equal(statement.Action, 'sts:AssumeRole');
      assert.equal(statement.Resource, undefined, 'trust policies have no Resource');
      assert.deepEqual(statement.Condition, {
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
        ArnLike: { 'aws:SourceArn': `arn:aws:ec2:*:${ACCOUNT}:vpc-flow-log/*` },
      });
    });

    it('with account and region, and with one flow log id', () => {
      assert.deepEqual(flowLogsTrustPolicy({ accountId: ACCOUNT, region: 'us-west-2' }).Statement[0]!.Condition, {
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
        ArnLike: { 'aws:SourceArn': `arn:aws:ec2:us-west-2:${ACCOUNT}:vpc-flow-log/*` },
      });
      assert.deepEqual(flowLogsTrustPolicy({ accountId: ACCOUNT, region: 'eu-west-1', flowLogId: 'fl-0123456789abcdef0' }).Statement[0]!.Condition?.['ArnLike'], {
        'aws:SourceArn': `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0`,
      });
    });

    it('uses the partition of China and GovCloud regions in the source ARN', () => {
      assert.equal(partitionOf('cn-north-1'), 'aws-cn');
      assert.equal(partitionOf('us-gov-west-1'), 'aws-us-gov');
      assert.equal(partitionOf('us-east-1'), 'aws');
      assert.equal(partitionOf(undefined), 'aws');
      assert.equal(flowLogArn(ACCOUNT, 'cn-north-1'), `arn:aws-cn:ec2:cn-north-1:${ACCOUNT}:vpc-flow-log/*`);
    });

    it('serialises as JSON IAM accepts: plain JSON, no comments, trailing newline', () => {
      const text = policyJson(flowLogsTrustPolicy({ accountId: ACCOUNT, region: 'us-west-2' }));
      assert.deepEqual(JSON.parse(text), flowLogsTrustPolicy({ accountId: ACCOUNT, region: 'us-west-2' }));
      assert.ok(!/\/\/|\/\*/.test(text.replace(/arn:[^"]*/g, '')), 'no comments');
      assert.ok(text.endsWith('}\n'));
    });
  });

  describe('flowLogsPermissionsPolicy', () => {
    it('without a log group: the five delivery actions on *', () => {
      assert.deepEqual(flowLogsPermissionsPolicy(), {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: FIVE, Resource: '*' }],
      });
    });

    it('with a log group: streams scoped to the group, DescribeLogGroups and CreateLogGroup to the account\'s groups', () => {
      for (const arn of [`arn:aws:logs:us-west-2:${ACCOUNT}:log-group:VPCFlowLogsGroup`, `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:VPCFlowLogsGroup:*`]) {
        const policy = flowLogsPermissionsPolicy({ logGroupArn: arn });
        assert.equal(policy.Version, '2012-10-17');
        assert.deepEqual(policy.Statement, [
          {
            Sid: 'DeliverToTheLogGroup',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
            Resource: `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:VPCFlowLogsGroup:*`,
          },
          {
            Sid: 'FindOrCreateTheLogGroup',
            Effect: 'Allow',
            Action: ['logs:CreateLogGroup', 'logs:DescribeLogGroups'],
            Resource: `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:*`,
          },
        ]);
        const granted = policy.Statement.flatMap((s) => s.Action).sort();
        assert.deepEqual(granted, [...FIVE].sort(), 'still exactly the five actions');
      }
    });

    it('keeps names with slashes and the partition of the ARN', () => {
      const policy = flowLogsPermissionsPolicy({ logGroupArn: `arn:aws-cn:logs:cn-north-1:${ACCOUNT}:log-group:/vpc/flow-logs/prod:*` });
      assert.equal(policy.Statement[0]!.Resource, `arn:aws-cn:logs:cn-north-1:${ACCOUNT}:log-group:/vpc/flow-logs/prod:*`);
      assert.equal(policy.Statement[1]!.Resource, `arn:aws-cn:logs:cn-north-1:${ACCOUNT}:log-group:*`);
    });

    it('rejects what is not a log group ARN', () => {
      assert.throws(() => flowLogsPermissionsPolicy({ logGroupArn: 'VPCFlowLogsGroup' }), TypeError);
      assert.throws(() => flowLogsPermissionsPolicy({ logGroupArn: `arn:aws:s3:::bucket` }), TypeError);
      assert.throws(() => flowLogsPermissionsPolicy({ logGroupArn: `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:g:log-stream:s` }), TypeError);
    });

    it('parses and builds log group ARNs', () => {
      assert.deepEqual(parseLogGroupArn(`arn:aws:logs:us-west-2:${ACCOUNT}:log-group:a/b:*`), { partition: 'aws', region: 'us-west-2', accountId: ACCOUNT, name: 'a/b' });
      assert.equal(logGroupArn('us-west-2', ACCOUNT, 'VPCFlowLogsGroup'), `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:VPCFlowLogsGroup:*`);
    });
  });

  describe('judgeTrustPolicy', () => {
    const context = { accountId: ACCOUNT, region: 'us-west-2' };
    const encoded = (doc: object): string => encodeURIComponent(JSON.stringify(doc));

    it('accepts the scaffolded trust policy, URL-encoded as IAM returns it', () => {
      const doc = flowLogsTrustPolicy(context);
      assert.deepEqual(judgeTrustPolicy(encoded(doc), context), { allowed: true });
      assert.deepEqual(judgeTrustPolicy(JSON.stringify(doc), context), { allowed: true });
      assert.deepEqual(judgeTrustPolicy(doc, context), { allowed: true });
      assert.deepEqual(judgeTrustPolicy(encoded(flowLogsTrustPolicy()), context), { allowed: true });
    });

    it('accepts a principal listed among other services and an action list', () => {
      const doc = { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'vpc-flow-logs.amazonaws.com'] }, Action: ['sts:AssumeRole', 'sts:TagSession'] } };
      assert.equal(judgeTrustPolicy(encoded(doc), context).allowed, true);
    });

    it('rejects roles for other services, denied principals and unreadable documents', () => {
      const ec2 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
      const verdict = judgeTrustPolicy(encoded(ec2), context);
      assert.equal(verdict.allowed, false);
      assert.match(verdict.reason!, /does not allow vpc-flow-logs\.amazonaws\.com/);
      const denied = { Version: '2012-10-17', Statement: [flowLogsTrustPolicy().Statement[0], { Effect: 'Deny', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
      assert.match(judgeTrustPolicy(encoded(denied), context).reason!, /denies/);
      assert.equal(judgeTrustPolicy('%7Bnot json', context).allowed, false);
      assert.equal(judgeTrustPolicy(undefined, context).allowed, false);
      assert.equal(parseTrustPolicy('[1,2]'), undefined);
    });

    it('rejects conditions for another account, another region or one specific flow log', () => {
      const other = judgeTrustPolicy(flowLogsTrustPolicy({ accountId: '210987654321', region: 'us-west-2' }), context);
      assert.equal(other.allowed, false);
      assert.match(other.reason!, /account 210987654321/);
      const region = judgeTrustPolicy(flowLogsTrustPolicy({ accountId: ACCOUNT, region: 'eu-west-1' }), context);
      assert.equal(region.allowed, false);
      assert.match(region.reason!, /eu-west-1/);
      assert.equal(judgeTrustPolicy(flowLogsTrustPolicy({ accountId: ACCOUNT, region: 'us-west-2', flowLogId: 'fl-1234' }), context).allowed, false);
      // Without knowing the account, conditions cannot be judged and are not held against the role.
      assert.equal(judgeTrustPolicy(flowLogsTrustPolicy({ accountId: '210987654321' }), {}).allowed, true);
    });
  });
});
