import * as assert from 'node:assert/strict';
import { logDeliveryBucketPolicy, mergeBucketPolicy } from '../../../src/iam/bucketPolicy';

const OPTIONS = { bucket: 'vpc-flow-logs-123456789012', prefix: 'vpc1/', accountId: '123456789012', region: 'us-west-2' };

describe('Bucket policy for flow log delivery to S3', () => {
  it('lets only the account\'s log deliveries write under its AWSLogs prefix and check the bucket, as AWS documents', () => {
    assert.deepEqual(logDeliveryBucketPolicy(OPTIONS), {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AWSLogDeliveryWrite', Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::vpc-flow-logs-123456789012/vpc1/AWSLogs/123456789012/*',
          Condition: {
            StringEquals: { 'aws:SourceAccount': '123456789012', 's3:x-amz-acl': 'bucket-owner-full-control' },
            ArnLike: { 'aws:SourceArn': 'arn:aws:logs:us-west-2:123456789012:*' },
          },
        },
        {
          Sid: 'AWSLogDeliveryAclCheck', Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: ['s3:GetBucketAcl', 's3:ListBucket'],
          Resource: 'arn:aws:s3:::vpc-flow-logs-123456789012',
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:logs:us-west-2:123456789012:*' } },
        },
      ],
    });
  });

  it('writes no prefix folder for an empty prefix, and the partition of China regions', () => {
    const policy = logDeliveryBucketPolicy({ bucket: 'b-1', accountId: '123456789012', region: 'cn-north-1' });
    assert.equal(policy.Statement[0]!.Resource, 'arn:aws-cn:s3:::b-1/AWSLogs/123456789012/*');
    assert.equal(policy.Statement[0]!.Condition!['ArnLike']!['aws:SourceArn'], 'arn:aws-cn:logs:cn-north-1:123456789012:*');
  });

  it('adds the statements to a bucket with no policy', () => {
    const merged = mergeBucketPolicy(undefined, OPTIONS);
    assert.equal(merged.changed, true);
    assert.deepEqual(merged.policy, logDeliveryBucketPolicy(OPTIONS));
  });

  it('keeps every statement of an existing policy, exactly, and adds its own after them', () => {
    const deny = { Sid: 'ForceSSLOnlyAccess', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
    const unnamed = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
    const existing = JSON.stringify({ Version: '2012-10-17', Id: 'MyPolicy', Statement: [deny, unnamed] });
    const merged = mergeBucketPolicy(existing, OPTIONS);
    assert.equal(merged.policy['Id'], 'MyPolicy');
    assert.deepEqual(merged.policy.Statement.slice(0, 2), [deny, unnamed]);
    assert.equal(merged.policy.Statement.length, 4);
    assert.deepEqual(merged.added, ['AWSLogDeliveryWrite', 'AWSLogDeliveryAclCheck']);
  });

  it('changes nothing when the statements are already there, and replaces its own statement written for another prefix', () => {
    const once = JSON.stringify(mergeBucketPolicy(undefined, OPTIONS).policy);
    assert.equal(mergeBucketPolicy(once, OPTIONS).changed, false);
    const other = mergeBucketPolicy(once, { ...OPTIONS, prefix: 'vpc2' });
    assert.deepEqual(other.added, ['AWSLogDeliveryWrite']);
    assert.equal(other.policy.Statement.length, 2);
    assert.equal((other.policy.Statement[0] as { Resource: string }).Resource, 'arn:aws:s3:::vpc-flow-logs-123456789012/vpc2/AWSLogs/123456789012/*');
  });

  it('takes a single statement object, and refuses what is not a policy', () => {
    const single = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::b' } });
    assert.equal(mergeBucketPolicy(single, OPTIONS).policy.Statement.length, 3);
    assert.throws(() => mergeBucketPolicy('not json', OPTIONS), /not valid JSON/);
    assert.throws(() => mergeBucketPolicy('[1]', OPTIONS), /not a policy document/);
  });
});
