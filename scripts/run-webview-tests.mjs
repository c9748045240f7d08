// Runs the browser tests of the viewer webview (test/webview/*.test.mjs): the real bundle
// (dist/webview.js) in headless Chromium against the real host controller in Node, through
// scripts/lib/viewer-page.mjs. Writes .cache/results/webview.json for `npm test`'s summary line.
// Builds the bundle and compiles the controller first when they are missing.
import Mocha from 'mocha';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/code-server.mjs';

if (!existsSync(join(root, 'dist', 'webview.js'))) {
  execFileSync('node', ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
}
if (!existsSync(join(root, 'out', 'src', 'viewer', 'controller.js'))) {
  execFileSync('npx', ['tsc', '-p', '.'], { cwd: root, stdio: 'inherit' });
}

const dir = join(root, 'test', 'webview');
const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: process.env.VPCFL_REPORTER ?? 'spec', grep: process.argv[2] });
for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).sort()) {
  mocha.addFile(join(dir, file));
}
await mocha.loadFilesAsync();
const runner = mocha.run((failures) => {
  const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
  mkdirSync(join(root, '.cache', 'results'), { recursive: true });
  writeFileSync(join(root, '.cache', 'results', 'webview.json'), JSON.stringify({ suite: 'webview', passed: passes, failed, pending }));
  process.exitCode = failures ? 1 : 0;
});
