// The one test command (`npm test`): build, type-check, lint, unit tests in Node, the integration
// suite inside a real VS Code (code-server + headless Chromium), then one line adding up every suite.
// Set VPCFL_SKIP=integration (comma-separated step names) to skip steps while iterating locally.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/code-server.mjs';
import { readResults } from './lib/results.mjs';

const skip = new Set((process.env.VPCFL_SKIP ?? '').split(',').filter(Boolean));
const resultsDir = join(root, '.cache', 'results');
rmSync(resultsDir, { recursive: true, force: true });

const steps = [
  // The browser tests drive Debian's chromium; as root it is installed when missing, else the command is named.
  { name: 'prerequisites', cmd: ['bash', 'scripts/ensure-debian-packages.sh', 'chromium'] },
  { name: 'build', cmd: ['node', 'esbuild.mjs'] },
  { name: 'typecheck', cmd: ['npx', 'tsc', '-p', '.'] },
  { name: 'typecheck-webview', cmd: ['npx', 'tsc', '-p', 'tsconfig.webview.json'] },
  { name: 'lint', cmd: ['npx', 'eslint', '--max-warnings', '0', '.'] },
  { name: 'unit', cmd: ['node', 'scripts/run-unit.mjs'], suite: true },
  { name: 'integration', cmd: ['node', 'scripts/run-integration.mjs'], suite: true },
  { name: 'webview', cmd: ['node', 'scripts/run-webview-tests.mjs'], suite: true, optional: 'scripts/run-webview-tests.mjs' },
  { name: 'package', cmd: ['node', 'scripts/run-package-test.mjs'], suite: true },
];

let broken = 0;
for (const step of steps) {
  if (skip.has(step.name) || (step.optional && !existsSync(join(root, step.optional)))) {continue;}
  const started = Date.now();
  console.log(`\n== ${step.name}: ${step.cmd.join(' ')}`);
  const { status } = spawnSync(step.cmd[0], step.cmd.slice(1), { cwd: root, stdio: 'inherit' });
  console.log(`== ${step.name}: ${status === 0 ? 'ok' : `FAILED (exit ${status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (status !== 0 && !step.suite) {broken++;}
  if (status !== 0 && step.suite && !existsSync(join(resultsDir, `${step.name}.json`))) {broken++;}
  if (step.name === 'build' && status !== 0) {break;}
}

if (broken) {
  // Failed checks (build, types, lint) and suites that crashed count as failures wherever results are added up.
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'checks.json'), JSON.stringify({ suite: 'build/check steps', passed: 0, failed: broken, pending: 0 }));
}
const { failed, parts, line } = readResults([resultsDir]);
console.log(`\n(${parts.join('; ')})`);
console.log(line);
process.exit(failed ? 1 : 0);
