// Smoke test of the README's `npm start`, as a newcomer runs it: starts `npm start` in a checkout (the
// first run installs code-server), waits for the URL it prints, loads that workbench in headless
// Chromium, checks that the VPC Flow Logs container opens and the sample workspace is shown, then stops
// it with Ctrl+C (SIGINT) and checks that it exits. Writes .cache/results/start.json for the summary line.
// Usage: node scripts/smoke-start.mjs [checkout] [--screenshot file.png] [--results DIR]
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { root, freePort, launchChromium } from './lib/code-server.mjs';
import { fakeAwsEnv } from './lib/env.mjs';

const checkout = resolve(process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : root);
const shotIndex = process.argv.indexOf('--screenshot');
const screenshot = shotIndex > 0 ? process.argv[shotIndex + 1] : undefined;
const resultsIndex = process.argv.indexOf('--results');
const resultsDir = resultsIndex > 0 ? resolve(process.argv[resultsIndex + 1]) : join(root, '.cache', 'results');
// The first start installs code-server (minutes on a fresh machine); later ones take seconds.
const startTimeoutMs = Number(process.env.VPCFL_START_TIMEOUT_MS ?? 15 * 60_000);
const port = await freePort();
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const failures = [];

// No credentials of the person running it, and no desktop `code`, so the code-server path is the one tested.
const env = { ...process.env, ...fakeAwsEnv(), PATH: (process.env.PATH ?? '').split(':').filter((dir) => !/\bcode\b|vscode/i.test(dir)).join(':') };
const child = spawn('npm', ['start', '--', '--port', String(port), '--code-server'], { cwd: checkout, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
const url = await new Promise((resolveUrl) => {
  const timer = setTimeout(() => resolveUrl(undefined), startTimeoutMs);
  const onData = (data) => {
    output += data;
    // What npm start says (the code-server setup on a first run, its URL) shows in the CI log too.
    process.stdout.write(String(data).replace(/^(?=.)/gm, '  | '));
    const match = /^\s+(http:\/\/\S+)$/m.exec(output);
    if (match) {
      clearTimeout(timer);
      resolveUrl(match[1]);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', () => {
    clearTimeout(timer);
    resolveUrl(undefined);
  });
});

async function check(name, run) {
  try {
    await run();
    console.log(`  ok   ${name} (${seconds()} s)`);
  } catch (error) {
    failures.push(name);
    console.log(`  FAIL ${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

let passed = 0;
if (!url) {
  failures.push('npm start prints the workbench URL');
  console.log(`  FAIL npm start printed no URL within ${startTimeoutMs / 1000} s (exit ${child.exitCode}):\n${output.slice(-3000)}`);
} else {
  console.log(`  ok   npm start serves ${new URL(url).origin} (${seconds()} s)`);
  passed++;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await check('the workbench loads with the sample workspace', async () => {
      await page.goto(url);
      await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'tutorial-vpc1-default.log' }).first().waitFor({ timeout: 120_000 });
    });
    await check('the VPC Flow Logs container opens with its views, the extension active', async () => {
      await page.locator('a[aria-label^="VPC Flow Logs"]').first().click({ timeout: 120_000 });
      await page.locator('.pane-header', { hasText: 'VPCs' }).first().waitFor({ timeout: 60_000 });
      await page.locator('.pane-header', { hasText: 'Log Groups' }).first().waitFor({ timeout: 60_000 });
      // The extension's own status bar item (profile and region of the environment above) shows once
      // it has activated and its views have asked for the connection.
      await page.locator('.statusbar-item', { hasText: 'us-west-2' }).first().waitFor({ timeout: 120_000 });
    });
    if (screenshot) {
      await page.screenshot({ path: screenshot });
    }
    passed += 2 - failures.length;
  } finally {
    await browser.close().catch(() => {});
  }
}

// Ctrl+C, as a person stops it: the server and its children must go.
try {
  process.kill(-child.pid, 'SIGINT');
} catch {
  /* already gone */
}
const exited = await new Promise((resolveExit) => {
  if (child.exitCode !== null) {
    resolveExit(true);
    return;
  }
  const timer = setTimeout(() => resolveExit(false), 20_000);
  child.on('exit', () => {
    clearTimeout(timer);
    resolveExit(true);
  });
});
if (url) {
  if (exited) {
    passed++;
    console.log(`  ok   Ctrl+C stops it (${seconds()} s)`);
  } else {
    failures.push('Ctrl+C stops it');
    console.log('  FAIL Ctrl+C did not stop npm start within 20 s');
  }
}
try {
  process.kill(-child.pid, 'SIGKILL');
} catch {
  /* stopped */
}
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'start.json'), JSON.stringify({ suite: 'start', passed, failed: failures.length, pending: 0 }));
console.log(`start: ${passed} passed, ${failures.length} failed in ${seconds()} s`);
process.exit(failures.length ? 1 : 0);
