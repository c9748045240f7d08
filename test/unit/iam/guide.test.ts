import * as assert from 'node:assert/strict';
import { flowLogsPermissionsPolicy, flowLogsTrustPolicy } from '../../../src/iam';
import { scaffoldDocuments } from '../../../src/iam/guide';

function codeBlocks(markdown: string, language: string): string[] {
  const blocks: string[] = [];
  const fence = new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g');
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown)) {
    blocks.push(m[1]!);
  }
  return blocks;
}

describe('IAM scaffold documents and guide', () => {
  it('fills in the account and region when known', () => {
    const docs = scaffoldDocuments({ accountId: '123456789012', region: 'us-west-2' });
    assert.equal(docs.hasPlaceholders, false);
    assert.deepEqual(JSON.parse(docs.trustPolicy), flowLogsTrustPolicy({ accountId: '123456789012', region: 'us-west-2' }));
    assert.deepEqual(JSON.parse(docs.permissionsPolicy), flowLogsPermissionsPolicy());
    assert.doesNotMatch(docs.guide, /<ACCOUNT_ID>|<REGION>/);
    assert.match(docs.guide, /Account `123456789012`, region `us-west-2`/);
  });

  it('uses placeholders offline and says why and what to replace', () => {
    const docs = scaffoldDocuments({ offlineReason: 'no AWS credentials were found' });
    assert.equal(docs.hasPlaceholders, true);
    const trust = JSON.parse(docs.trustPolicy) as ReturnType<typeof flowLogsTrustPolicy>;
    assert.deepEqual(trust.Statement[0]!.Condition, {
      StringEquals: { 'aws:SourceAccount': '<ACCOUNT_ID>' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:<REGION>:<ACCOUNT_ID>:vpc-flow-log/*' },
    });
    assert.match(docs.guide, /\*\*Placeholders\.\*\* The account could not be looked up \(no AWS credentials were found\)/);
    assert.match(docs.guide, /replace `<ACCOUNT_ID>` with your 12-digit account id and `<REGION>` with the region/);
    // A region without an account: only the account is a placeholder.
    const partial = scaffoldDocuments({ region: 'eu-west-1' });
    assert.match(partial.guide, /replace `<ACCOUNT_ID>` with your 12-digit account id before/);
  });

  it('every JSON block of the guide is a valid policy document', () => {
    const { guide } = scaffoldDocuments({ accountId: '123456789012', region: 'us-west-2' });
    const blocks = codeBlocks(guide, 'json');
    assert.equal(blocks.length, 3, 'trust, permissions, and the narrower permissions');
    for (const block of blocks) {
      const doc = JSON.parse(block) as { Version: string; Statement: unknown[] };
      assert.equal(doc.Version, '2012-10-17');
      assert.ok(doc.Statement.length >= 1);
    }
    assert.deepEqual(JSON.parse(blocks[2]!), flowLogsPermissionsPolicy({ logGroupArn: 'arn:aws:logs:us-west-2:123456789012:log-group:VPCFlowLogsGroup' }));
  });

  it('explains every part of both policies', () => {
    const { guide } = scaffoldDocuments({ accountId: '123456789012', region: 'us-west-2' });
    for (const part of ['"Version": "2012-10-17"', '"Principal": {"Service": "vpc-flow-logs.amazonaws.com"}', '"Action": "sts:AssumeRole"', 'aws:SourceAccount', 'aws:SourceArn', 'confused deputy', '"Resource": "*"', 'iam:PassRole']) {
      assert.ok(guide.includes(part), `guide explains ${part}`);
    }
    for (const action of ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams']) {
      assert.match(guide, new RegExp(`^- \`${action}\`: `, 'm'), `a line on ${action}`);
    }
  });

  it('gives the AWS CLI commands for role, policy, log group, retention, flow log and clean-up', () => {
    const { guide } = scaffoldDocuments({ accountId: '123456789012', region: 'us-west-2', resourceId: 'subnet-0abc' });
    const [cli, cleanup] = codeBlocks(guide, 'sh');
    assert.match(cli!, /aws iam create-role --role-name VPCFlowLogsDeliveryRole \\\n {2}--assume-role-policy-document file:\/\/flow-logs-trust-policy\.json/);
    assert.match(cli!, /aws iam put-role-policy --role-name VPCFlowLogsDeliveryRole --policy-name VPCFlowLogsDelivery \\\n {2}--policy-document file:\/\/flow-logs-permissions-policy\.json/);
    assert.match(cli!, /aws logs create-log-group --log-group-name VPCFlowLogsGroup --region us-west-2/);
    assert.match(cli!, /aws logs put-retention-policy --log-group-name VPCFlowLogsGroup --retention-in-days 30/);
    assert.match(cli!, /aws ec2 create-flow-logs --resource-type Subnet --resource-ids subnet-0abc/);
    assert.match(cli!, /--deliver-logs-permission-arn arn:aws:iam::123456789012:role\/VPCFlowLogsDeliveryRole/);
    assert.match(cleanup!, /aws iam delete-role --role-name VPCFlowLogsDeliveryRole/);
    assert.match(cleanup!, /aws ec2 delete-flow-logs/);
  });

  it('gives a CloudFormation template with the same role, conditions and actions', () => {
    const { guide } = scaffoldDocuments();
    const [yaml] = codeBlocks(guide, 'yaml');
    assert.ok(yaml);
    for (const line of [
      'Type: AWS::Logs::LogGroup',
      'Type: AWS::IAM::Role',
      'Service: vpc-flow-logs.amazonaws.com',
      'aws:SourceAccount: !Ref AWS::AccountId',
      "aws:SourceArn: !Sub 'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*'",
      'Type: AWS::EC2::FlowLog',
      'LogDestinationType: cloud-watch-logs',
      'DeliverLogsPermissionArn: !GetAtt FlowLogsDeliveryRole.Arn',
    ]) {
      assert.ok(yaml.includes(line), `template has ${line}`);
    }
    for (const action of ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams']) {
      assert.ok(yaml.includes(`- ${action}`), `template grants ${action}`);
    }
    assert.doesNotMatch(yaml, /\t/, 'YAML has no tabs');
  });
});
