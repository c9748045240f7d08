// The same integration suite on a desktop VS Code, through @vscode/test-electron (needs internet to
// download VS Code, so it is not part of `npm test` on machines without it). Runs against the oldest
// VS Code the extension supports (engines.vscode) and the newest stable, as rust-analyzer does.
//   npm run build && npm run compile-tests && node scripts/run-desktop-tests.mjs [version ...]
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { root } from './lib/code-server.mjs';
import { fakeAwsEnv } from './lib/env.mjs';

const engine = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.vscode.replace(/^[^\d]*/, '');
const versions = process.argv.slice(2).length ? process.argv.slice(2) : [engine, 'stable'];
let failed = 0;
for (const version of versions) {
  const workspace = join(tmpdir(), `vpcfl-desktop-${process.pid}`);
  rmSync(workspace, { recursive: true, force: true });
  cpSync(join(root, 'samples'), workspace, { recursive: true });
  console.log(`desktop: VS Code ${version}`);
  try {
    await runTests({
      version,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'test', 'integration', 'index'),
      extensionTestsEnv: fakeAwsEnv(),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (error) {
    failed++;
    console.error(`desktop: VS Code ${version} failed: ${error instanceof Error ? error.message : error}`);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
