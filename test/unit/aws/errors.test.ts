import * as assert from 'node:assert/strict';
import { describeAwsError } from '../../../src/aws/errors';

function awsError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('AWS error messages', () => {
  const context = { action: 'ec2:DescribeVpcs', profile: 'dev', region: 'us-west-2' };

  it('tells the user to log in again when the SSO session expired', () => {
    const problem = describeAwsError(awsError('CredentialsProviderError', 'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login'), context);
    assert.equal(problem.kind, 'ssoExpired');
    assert.match(problem.message, /aws sso login --profile dev/);
  });

  it('names the denied action', () => {
    const problem = describeAwsError(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/x is not authorized to perform: ec2:DescribeFlowLogs'), context);
    assert.equal(problem.kind, 'accessDenied');
    assert.equal(problem.deniedAction, 'ec2:DescribeFlowLogs');
    assert.match(problem.message, /ec2:DescribeFlowLogs/);
    const plain = describeAwsError(awsError('AccessDeniedException', 'denied'), { ...context, action: 'logs:DescribeLogGroups' });
    assert.equal(plain.deniedAction, 'logs:DescribeLogGroups');
  });

  it('says plainly when AWS throttles', () => {
    const problem = describeAwsError(awsError('ThrottlingException', 'Rate exceeded'), context);
    assert.equal(problem.kind, 'throttled');
    assert.match(problem.message, /throttling/);
  });

  it('distinguishes no credentials, rejected credentials and an unreachable endpoint', () => {
    assert.equal(describeAwsError(awsError('CredentialsProviderError', 'Could not load credentials from any providers'), context).kind, 'noCredentials');
    assert.equal(describeAwsError(awsError('AuthFailure', 'AWS was not able to validate the provided access credentials'), context).kind, 'credentialsRejected');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });
    const problem = describeAwsError(refused, { ...context, endpointUrl: 'http://127.0.0.1:4566' });
    assert.equal(problem.kind, 'unreachable');
    assert.match(problem.message, /127\.0\.0\.1:4566/);
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND ec2.us-wst-2.amazonaws.com'), { code: 'ENOTFOUND' });
    assert.match(describeAwsError(dns, { ...context, region: 'us-wst-2' }).message, /us-wst-2/);
  });

  it('says a Live Tail session ended (3-hour limit, streaming error) and that an endpoint lacks an operation', () => {
    const live = { ...context, action: 'logs:StartLiveTail' };
    const timeout = describeAwsError(awsError('SessionTimeoutException', 'Session timed out'), live);
    assert.equal(timeout.kind, 'sessionEnded');
    assert.match(timeout.message, /^logs:StartLiveTail failed: .*3-hour limit/);
    assert.match(describeAwsError(awsError('SessionStreamingException', 'stream broke'), live).message, /ended the Live Tail session \(stream broke\)/);
    const missing = Object.assign(awsError('InternalFailure', 'not yet emulated'), { $metadata: { httpStatusCode: 501 } });
    const problem = describeAwsError(missing, { ...live, endpointUrl: 'http://localhost:4566' });
    assert.equal(problem.kind, 'unsupported');
    assert.match(problem.message, /endpoint URL http:\/\/localhost:4566 does not offer this operation \(not yet emulated\)/);
    assert.equal(describeAwsError(awsError('InternalFailure', 'boom'), live).kind, 'other', 'a plain internal failure is not "unsupported"');
  });
});

describe('AWS error messages for the default credentials', () => {
  const context = { action: 'ec2:DescribeVpcs', region: 'us-west-2' };

  it('read as sentences: "the default credentials are", never "is" or "the credentials of the default credentials"', () => {
    const denied = describeAwsError(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'), context);
    assert.match(denied.message, /access denied\. The default credentials are not allowed ec2:DescribeVpcs;/);
    const expired = describeAwsError(awsError('ExpiredToken', 'The security token included in the request is expired'), context);
    assert.match(expired.message, /: the default credentials have expired\./);
    const rejected = describeAwsError(awsError('AuthFailure', 'AWS was not able to validate the provided access credentials'), context);
    assert.match(rejected.message, /AWS rejected the default credentials \(AuthFailure\)/);
    const none = describeAwsError(awsError('CredentialsProviderError', 'Could not load credentials from any providers'), context);
    assert.match(none.message, /no AWS credentials were found in the default credential chain\./);
    for (const problem of [denied, expired, rejected, none]) {
      assert.doesNotMatch(problem.message, /default credentials is|of the default credentials/);
    }
    // With a profile, the profile is named.
    assert.match(describeAwsError(awsError('ExpiredToken', 'expired'), { ...context, profile: 'dev' }).message, /the credentials of profile "dev" have expired/);
    assert.match(describeAwsError(awsError('AccessDenied', 'denied'), { ...context, profile: 'dev' }).message, /Profile "dev" is not allowed ec2:DescribeVpcs/);
  });
});
