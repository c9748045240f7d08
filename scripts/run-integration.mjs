// Runs the integration suite (out/test/integration) inside the code-server build of VS Code: starts the
// server with the smoke-test driver, opens the workbench in headless Chromium with the extension under
// development and the suite as `extensionTestsPath`, relays the extension host's console, and exits with
// the suite's result. Writes .cache/results/integration.json for the summary line.
import { mkdirSync, writeFileSync, rmSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { tmpdir } from 'node:os';
import { root, startCodeServer, launchChromium, workbenchUrl } from './lib/code-server.mjs';
import { fakeAwsEnv } from './lib/env.mjs';

// Workbench chatter that says nothing about the extension (the marketplace is offline here).
const NOISE = /open-vsx|authentication provider 'github'|ENOTFOUND|^\s+at |connection token|Creating a socket|reconnection-grace-time|builtin extensions cache|Service Worker|AgentHost|AccountPolicyGate/;
const timeoutMs = Number(process.env.VPCFL_TEST_TIMEOUT_MS ?? 10 * 60_000);
const resultsDir = join(root, '.cache', 'results');
mkdirSync(resultsDir, { recursive: true });
rmSync(join(resultsDir, 'integration.json'), { force: true });

// The tests get a copy of the sample workspace, so nothing they do changes the repo.
const workspace = join(tmpdir(), `vpcfl-workspace-${process.pid}`);
rmSync(workspace, { recursive: true, force: true });
cpSync(join(root, 'samples'), workspace, { recursive: true });

const server = await startCodeServer({ testDriver: true, env: fakeAwsEnv() });
const browser = await launchChromium();
let result;
let exitCode = 1;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const done = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (NOISE.test(text)) {
        return;
      }
      const match = /VPCFL_RESULT (\{.*\})/.exec(text);
      if (match) {
        result = JSON.parse(match[1]);
      } else if (type === 'error') {
        console.error(text);
      } else {
        console.log(text);
      }
    });
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
  });
  await page.goto(workbenchUrl(server, {
    folder: workspace,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'integration', 'index'),
  }));
  const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
  const code = await Promise.race([done, timer]);
  if (code === 'timeout') {
    console.error(`integration: the suite did not finish within ${timeoutMs / 1000} s`);
    await page.screenshot({ path: join(resultsDir, 'integration-timeout.png') }).catch(() => {});
  } else {
    exitCode = code === 0 && result && result.failed === 0 ? 0 : 1;
  }
} finally {
  await browser.close().catch(() => {});
  if (exitCode !== 0 && !result) {console.error(server.output().slice(-4000));}
  await server.stop();
  rmSync(workspace, { recursive: true, force: true });
}
result ??= { suite: 'integration', passed: 0, failed: 1, pending: 0, note: 'the suite did not report' };
writeFileSync(join(resultsDir, 'integration.json'), JSON.stringify(result));
process.exit(exitCode);
