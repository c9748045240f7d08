// Packages the extension as a .vsix (the README's `npm run package`), checks its size and contents,
// installs it into a fresh code-server with --install-extension and checks in headless Chromium that the
// "VPC Flow Logs" container shows in the activity bar and its views open. Writes
// .cache/results/package.json for the summary line.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, startCodeServer, launchChromium, workbenchUrl } from './lib/code-server.mjs';

const MAX_BYTES = 5 * 1024 * 1024;
const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✔ ${name}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`  ✖ ${name}: ${error instanceof Error ? error.message : error}`);
  }
}

const vsix = join(root, 'vpc-flow-logs.vsix');
console.log('package: npm run package');
execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

await check(`the .vsix is at most 5 MiB (${(statSync(vsix).size / 1024).toFixed(0)} KiB)`, () => {
  if (statSync(vsix).size > MAX_BYTES) {
    throw new Error(`${statSync(vsix).size} bytes`);
  }
});

await check('the .vsix holds only what runs (no sources, tests, maps or node_modules)', () => {
  const listing = execFileSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
  // One sample flow log is packaged for "Open a Sample Flow Log" (trying the viewer without AWS); the others are not.
  const stray = listing.filter((f) => f !== 'extension/samples/tutorial-vpc1-default.log' && /^extension\/(src|test|out|node_modules|scripts|samples|bench|\.cache)\/|\.map$|\.ts$/.test(f));
  if (stray.length) {
    throw new Error(`unexpected files: ${stray.slice(0, 5).join(', ')}`);
  }
  for (const needed of ['extension/dist/extension.js', 'extension/dist/aws-sdk.js', 'extension/dist/webview.js', 'extension/package.json', 'extension/syntaxes/vpc-flow-log.tmLanguage.json', 'extension/samples/tutorial-vpc1-default.log']) {
    if (!listing.includes(needed)) {
      throw new Error(`missing ${needed}`);
    }
  }
});

const server = await startCodeServer({ extensions: [vsix], quiet: true });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(workbenchUrl(server, { folder: join(root, 'samples') }));
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await check('the installed extension shows the VPC Flow Logs container in the activity bar', async () => {
    await page.locator('.activitybar a[aria-label^="VPC Flow Logs"]').click({ timeout: 30_000 });
  });
  await check('its VPCs and Log Groups views open', async () => {
    await page.locator('.pane-header[aria-label^="VPCs"]').waitFor({ timeout: 15_000 });
    await page.locator('.pane-header[aria-label^="Log Groups"]').waitFor({ timeout: 15_000 });
  });
} finally {
  await browser.close();
  await server.stop();
}

const passed = results.filter((r) => r.ok).length;
mkdirSync(join(root, '.cache', 'results'), { recursive: true });
writeFileSync(join(root, '.cache', 'results', 'package.json'), JSON.stringify({ suite: 'package', passed, failed: results.length - passed, pending: 0 }));
process.exit(passed === results.length ? 0 : 1);
