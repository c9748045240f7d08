import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsClientFactory } from '../../../src/aws/clientFactory';
import { listProfiles, resolveConnection, type ConnectionSettings } from '../../../src/aws/connection';
import { AwsProblemError } from '../../../src/aws/errors';

/** A throwaway ~/.aws with two profiles, pointed to by the env vars the SDK reads. */
function sharedFiles(): { env: NodeJS.ProcessEnv; dispose(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpcfl-aws-test-'));
  fs.writeFileSync(path.join(dir, 'config'), '[default]\nregion = us-west-2\n\n[profile sandbox]\nregion = eu-west-1\n\n[profile noregion]\noutput = json\n');
  fs.writeFileSync(path.join(dir, 'credentials'), '[default]\naws_access_key_id = AKIDEFAULT\naws_secret_access_key = secretdefault\n\n[sandbox]\naws_access_key_id = AKIDSANDBOX\naws_secret_access_key = secretsandbox\n');
  const saved = { AWS_CONFIG_FILE: process.env['AWS_CONFIG_FILE'], AWS_SHARED_CREDENTIALS_FILE: process.env['AWS_SHARED_CREDENTIALS_FILE'] };
  process.env['AWS_CONFIG_FILE'] = path.join(dir, 'config');
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = path.join(dir, 'credentials');
  return {
    env: { AWS_CONFIG_FILE: process.env['AWS_CONFIG_FILE'], AWS_SHARED_CREDENTIALS_FILE: process.env['AWS_SHARED_CREDENTIALS_FILE'] },
    dispose() {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) {
          delete process.env[key];
        } else {
          process.env[key] = value;
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('AWS connection and client factory', () => {
  let files: ReturnType<typeof sharedFiles>;
  beforeEach(() => {
    files = sharedFiles();
  });
  afterEach(() => files.dispose());

  const settings = (s: Partial<ConnectionSettings>): ConnectionSettings => ({ profile: '', region: '', endpointUrl: '', ...s });

  it('lists the profiles of both shared files, default first', async () => {
    assert.deepEqual(await listProfiles(), ['default', 'noregion', 'sandbox']);
  });

  it('takes the region from the setting, else the profile, else the environment', async () => {
    assert.equal((await resolveConnection(settings({ region: 'ap-south-1', profile: 'sandbox' }), files.env)).region, 'ap-south-1');
    assert.equal((await resolveConnection(settings({ profile: 'sandbox' }), files.env)).region, 'eu-west-1');
    assert.equal((await resolveConnection(settings({}), files.env)).region, 'us-west-2');
    assert.equal((await resolveConnection(settings({}), { ...files.env, AWS_PROFILE: 'sandbox' })).region, 'eu-west-1');
    assert.equal((await resolveConnection(settings({}), { ...files.env, AWS_REGION: 'sa-east-1' })).region, 'sa-east-1');
    const none = await resolveConnection(settings({ profile: 'noregion' }), files.env);
    assert.equal(none.region, undefined);
    assert.equal(none.regionSource, 'none');
  });

  it('builds clients for the chosen profile, region and endpoint, and rebuilds them after reset', async () => {
    let current = settings({ profile: 'sandbox', endpointUrl: 'http://127.0.0.1:4566' });
    const factory = new AwsClientFactory(() => current, { userAgent: 'test/1', env: files.env });
    const ec2 = await factory.ec2();
    assert.equal(await ec2.config.region(), 'eu-west-1');
    const endpoint = await ec2.config.endpoint?.();
    assert.equal(endpoint?.hostname, '127.0.0.1');
    assert.equal(endpoint?.port, 4566);
    assert.equal((await ec2.config.credentials()).accessKeyId, 'AKIDSANDBOX');
    assert.equal(await factory.ec2(), ec2, 'clients are cached');

    let resets = 0;
    factory.onDidReset(() => resets++);
    current = settings({ profile: 'default', region: 'us-east-2' });
    factory.reset();
    const again = await factory.ec2();
    assert.notEqual(again, ec2);
    assert.equal(await again.config.region(), 'us-east-2');
    assert.equal((await again.config.credentials()).accessKeyId, 'AKIDEFAULT');
    assert.equal(resets, 1);
  });

  it('says how to fix a missing region instead of calling AWS', async () => {
    const factory = new AwsClientFactory(() => settings({ profile: 'noregion' }), { userAgent: 'test/1', env: files.env });
    await assert.rejects(factory.ec2(), (e: unknown) => e instanceof AwsProblemError && e.problem.kind === 'noRegion' && /Choose AWS Region/.test(e.message));
    // IAM is global and still works.
    assert.equal(await (await factory.iam()).config.region(), 'us-east-1');
  });

  it('sends calls through the SDK client that the tests can stub', async () => {
    const mock = mockClient(EC2Client);
    mock.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.1.0.0/16' }] });
    try {
      const factory = new AwsClientFactory(() => settings({ region: 'us-west-2' }), { userAgent: 'test/1', env: files.env });
      const result = await (await factory.ec2()).send(new DescribeVpcsCommand({}));
      assert.equal(result.Vpcs?.[0]?.VpcId, 'vpc-1');
    } finally {
      mock.restore();
    }
  });
});
