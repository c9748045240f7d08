import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AwsClientFactory } from '../../../src/aws/clientFactory';
import type { ConnectionSettings } from '../../../src/aws/connection';

/**
 * Fake credentials in throwaway shared files (the SDK reads them through the env vars), and a client
 * factory for a loopback endpoint: the real SDK serializes, signs, retries and parses.
 */
export function awsTestEnv(settings: Partial<ConnectionSettings> = {}, maxAttempts = 3, options: { isTrusted?: () => boolean } = {}): {
  factory: AwsClientFactory;
  settings: ConnectionSettings;
  dispose(): void;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpcfl-aws-unit-'));
  fs.writeFileSync(path.join(dir, 'config'), '[default]\nregion = us-west-2\n\n[profile sandbox]\nregion = eu-west-1\n\n[profile noregion]\noutput = json\n');
  fs.writeFileSync(
    path.join(dir, 'credentials'),
    '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\n[sandbox]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n\n[noregion]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n',
  );
  const keys = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  for (const key of keys) {
    delete process.env[key];
  }
  process.env['AWS_CONFIG_FILE'] = path.join(dir, 'config');
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = path.join(dir, 'credentials');
  const current: ConnectionSettings = { profile: 'default', region: '', endpointUrl: '', ...settings };
  const factory = new AwsClientFactory(() => current, { userAgent: 'vpcfl-test/1', maxAttempts, env: { ...process.env }, ...options });
  return {
    factory,
    settings: current,
    dispose() {
      factory.reset();
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
