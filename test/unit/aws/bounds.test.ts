import * as assert from 'node:assert/strict';
import { AwsProblemError } from '../../../src/aws/errors';
import { Ec2Api } from '../../../src/aws/ec2';
import { IamApi } from '../../../src/aws/iam';
import { LogsApi } from '../../../src/aws/logs';
import { StsApi } from '../../../src/aws/sts';
import { ErrorNode } from '../../../src/explorer/nodes/base';
import { VpcsRoot } from '../../../src/explorer/nodes/vpcs';
import { COMMANDS } from '../../../src/explorer/commandIds';
import { DEMO, registerDemoAccount } from '../../fixtures/demoAccount';
import { FakeAws, SilentEndpoint } from '../../integration/fakeAws';
import { rows, testContext } from '../explorer/testContext';
import { awsTestEnv } from './awsTestEnv';

/** The problem an AWS call rejected with. */
async function problemOf(call: Promise<unknown>): Promise<AwsProblemError['problem']> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof AwsProblemError, `not an AwsProblemError: ${String(error)}`);
    return error.problem;
  }
  throw new Error('the call did not fail');
}

describe('The AWS layer in Restricted Mode (real SDK over loopback)', () => {
  const fake = new FakeAws();
  let trusted = false;
  let env: ReturnType<typeof awsTestEnv>;

  before(async () => {
    registerDemoAccount(await fake.start());
    env = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url }, 1, { isTrusted: () => trusted });
  });
  after(async () => {
    env.dispose();
    await fake.stop();
  });

  it('sends no request of any service while the workspace is not trusted, and says how to fix it', async () => {
    trusted = false;
    fake.calls.length = 0;
    const calls: [string, Promise<unknown>][] = [
      ['ec2:DescribeVpcs', new Ec2Api(env.factory).vpcsPage(undefined, 50)],
      ['logs:StartQuery', new LogsApi(env.factory).startQuery({ logGroupNames: [DEMO.flowLogGroup], queryString: 'stats count(*)', startTime: 1, endTime: 2, limit: 10 })],
      ['logs:PutQueryDefinition', new LogsApi(env.factory).putQueryDefinition({ name: 'q', queryString: 'stats count(*)', logGroupNames: [DEMO.flowLogGroup] })],
      // Deleting a role starts by listing its policies: refused there, nothing is deleted.
      ['iam:ListRolePolicies', new IamApi(env.factory).deleteRole('SomeRole')],
      ['sts:GetCallerIdentity', new StsApi(env.factory).callerIdentity()],
    ];
    for (const [action, call] of calls) {
      const problem = await problemOf(call);
      assert.equal(problem.kind, 'untrusted', action);
      assert.match(problem.message, new RegExp(`^${action} failed: AWS access is turned off in Restricted Mode.*Trust this workspace to use your AWS credentials\\.$`));
    }
    assert.equal(fake.calls.length, 0, `requests reached the endpoint: ${fake.calls.map((c) => c.action).join(', ')}`);
  });

  it('sends them once the workspace is trusted (the same decision, asked per request)', async () => {
    trusted = true;
    fake.calls.length = 0;
    const page = await new Ec2Api(env.factory).vpcsPage(undefined, 50);
    assert.ok(page.items.some((v) => v.id === DEMO.vpc1.id));
    assert.deepEqual(fake.calls.map((c) => c.action), ['DescribeVpcs']);
  });
});

describe('The AWS layer against an endpoint that never answers', () => {
  const silent = new SilentEndpoint();
  let env: ReturnType<typeof awsTestEnv>;

  before(async () => {
    await silent.start();
    // The SDK's own five attempts with backoff: the deadline must hold across them.
    env = awsTestEnv({ region: 'us-west-2', endpointUrl: silent.url, requestTimeoutSeconds: 1, connectTimeoutSeconds: 1 }, 5);
  });
  after(async () => {
    env.dispose();
    await silent.stop();
  });

  it('fails with "did not answer within" the request timeout instead of waiting forever', async () => {
    const started = performance.now();
    const problem = await problemOf(new Ec2Api(env.factory).vpcsPage(undefined, 50));
    console.log(`      time to the timeout error: ${Math.round(performance.now() - started)} ms (request timeout 1 s)`);
    assert.equal(problem.kind, 'timeout');
    assert.match(problem.message, new RegExp(`^ec2:DescribeVpcs failed: the endpoint URL ${silent.url.replace(/\./g, '\\.')} did not answer within 1 s\\.`));
    assert.ok(silent.requests >= 1, 'the request reached the endpoint');
  });

  it('stops waiting when the caller cancels, and says it was cancelled', async () => {
    const controller = new AbortController();
    const before = silent.requests;
    const call = new LogsApi(env.factory).getLogEvents({ group: 'g', stream: 's', startFromHead: false }, controller.signal);
    // Cancel once the request is on the wire, as a user pressing Cancel would.
    while (silent.requests === before) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    controller.abort();
    const problem = await problemOf(call);
    assert.equal(problem.kind, 'cancelled');
    assert.match(problem.message, /^logs:GetLogEvents failed: cancelled\./);
  });

  it('shows a timeout in the tree as an error row that retries', async () => {
    const t = testContext(env.factory);
    const [row] = await rows(new VpcsRoot(t.context));
    assert.ok(row?.node instanceof ErrorNode);
    assert.equal(row.view.label, 'AWS did not answer within 1 s');
    assert.match(row.view.tooltip ?? '', /did not answer within 1 s/);
    assert.equal(row.view.description, 'click to retry');
    assert.equal(row.view.command?.command, COMMANDS.refresh);
  });
});
