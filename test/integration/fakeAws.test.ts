import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { registerLiveTail } from '../fixtures/liveTailFake';
import { FakeAws, FakeAwsError } from './fakeAws';
import { activateExtension } from './helpers';

// Checks the fake itself against the real SDK clients the extension builds, so other suites can trust it.
describe('Fake AWS endpoint', () => {
  const fake = new FakeAws();

  before(async () => {
    await fake.start();
    await vscode.workspace.getConfiguration('vpcFlowLogs').update('endpointUrl', fake.url, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await vscode.workspace.getConfiguration('vpcFlowLogs').update('endpointUrl', undefined, vscode.ConfigurationTarget.Global);
    await fake.stop();
  });

  it('serves EC2, Logs, IAM and STS to the extension\'s clients through the endpoint setting', async () => {
    const { services } = await activateExtension();
    fake.on('ec2', 'DescribeVpcs', () => ({ vpcSet: [{ vpcId: 'vpc-0abc', cidrBlock: '10.1.0.0/16', isDefault: false }] }));
    fake.on('logs', 'DescribeLogGroups', () => ({ logGroups: [{ logGroupName: 'VPCFlowLogsGroup', storedBytes: 42 }] }));
    fake.on('sts', 'GetCallerIdentity', () => ({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/dev', UserId: 'AIDA' }));
    fake.on('iam', 'GetRole', () => {
      throw new FakeAwsError('NoSuchEntity', 'The role with name X cannot be found.', 404);
    });
    const { DescribeVpcsCommand } = await import('@aws-sdk/client-ec2');
    const { DescribeLogGroupsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const { GetRoleCommand } = await import('@aws-sdk/client-iam');
    // The bundle's own client classes: command objects from the test's copy of the SDK work with them.
    const vpcs = await (await services.aws.factory.ec2()).send(new DescribeVpcsCommand({}));
    assert.equal(vpcs.Vpcs?.[0]?.VpcId, 'vpc-0abc');
    assert.equal(vpcs.Vpcs?.[0]?.CidrBlock, '10.1.0.0/16');
    const groups = await (await services.aws.factory.logs()).send(new DescribeLogGroupsCommand({}));
    assert.equal(groups.logGroups?.[0]?.logGroupName, 'VPCFlowLogsGroup');
    const identity = await (await services.aws.factory.sts()).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, '123456789012');
    await assert.rejects((await services.aws.factory.iam()).send(new GetRoleCommand({ RoleName: 'X' })), (e: Error) => e.name === 'NoSuchEntityException' || e.name === 'NoSuchEntity');
    // Each call reached the fake as the operation it is, in the order made. Views open from earlier
    // suites may reload when the endpoint changes and add calls of their own: those are not this test's.
    const seen = fake.calls.map((c) => `${c.service}:${c.action}`);
    const made = ['ec2:DescribeVpcs', 'logs:DescribeLogGroups', 'sts:GetCallerIdentity', 'iam:GetRole'];
    let position = -1;
    for (const call of made) {
      position = seen.indexOf(call, position + 1);
      assert.ok(position >= 0, `the fake did not see ${call} (in this order) among ${seen.join(', ')}`);
    }
  });

  it('streams Live Tail to the extension\'s logs client over HTTP/1.1, and sees Stop close the connection', async () => {
    const { services } = await activateExtension();
    const tail = registerLiveTail(fake);
    const { StartLiveTailCommand } = await import('@aws-sdk/client-cloudwatch-logs');
    type Event = import('@aws-sdk/client-cloudwatch-logs').StartLiveTailResponseStream;
    const abort = new AbortController();
    // The factory's client for a custom endpoint has disableHostPrefix: without it this goes to stream-127.0.0.1.
    const out = await (await services.aws.factory.logs()).send(
      new StartLiveTailCommand({ logGroupIdentifiers: ['arn:aws:logs:us-west-2:123456789012:log-group:VPCFlowLogsGroup'] }),
      { abortSignal: abort.signal },
    );
    const events: AsyncIterator<Event> = out.responseStream![Symbol.asyncIterator]();
    assert.equal(((await events.next()).value as Event | undefined)?.sessionStart?.logGroupIdentifiers?.[0], 'arn:aws:logs:us-west-2:123456789012:log-group:VPCFlowLogsGroup');
    const record = '2 123456789012 eni-0a1b2c3d4e5f60718 89.60.157.144 10.1.5.112 54509 3389 6 1 40 1732694462 1732694523 REJECT OK';
    tail.emit([record]);
    assert.equal(((await events.next()).value as Event | undefined)?.sessionUpdate?.sessionResults?.[0]?.message, record);
    const session = tail.sessions[0]!;
    abort.abort();
    await tail.waitForClose(session);
    assert.equal(session.closedBy, 'client');
  });
});
