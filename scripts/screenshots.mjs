// `npm run screenshots`: drives the real VS Code (code-server) in headless Chromium over the sample
// workspace and saves PNGs into docs/images/ for the README. Each area of the extension adds its scenes
// as a module in scripts/screenshots/ exporting `scenes`: an array of
//   { name: 'viewer-dark', theme?: 'Default Dark Modern', fakeAws?: true, async run({ page, shot, command, openFile, workspace, aws }) {} }
// Every scene gets a fresh server and browser, so scenes cannot disturb one another.
// Pass scene names as arguments to run only those.
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, startCodeServer, launchChromium, workbenchUrl } from './lib/code-server.mjs';
import { fakeAwsEnv } from './lib/env.mjs';

const outDir = join(root, 'docs', 'images');
mkdirSync(outDir, { recursive: true });
const only = new Set(process.argv.slice(2));

const scenes = [];
for (const file of readdirSync(join(root, 'scripts', 'screenshots')).filter((f) => f.endsWith('.mjs')).sort()) {
  const module = await import(pathToFileURL(join(root, 'scripts', 'screenshots', file)).href);
  scenes.push(...module.scenes);
}

let failures = 0;
for (const scene of scenes.filter((s) => only.size === 0 || only.has(s.name))) {
  const workspace = join(tmpdir(), `vpcfl-shots-${process.pid}`);
  rmSync(workspace, { recursive: true, force: true });
  cpSync(join(root, 'samples'), workspace, { recursive: true });
  let aws;
  if (scene.fakeAws) {
    // The demo account (two VPCs, their interfaces, flow logs, log groups) served on loopback.
    const { startDemoAccount } = await import(pathToFileURL(join(root, 'out', 'test', 'fixtures', 'demoAccount.js')).href);
    aws = await startDemoAccount();
  }
  const server = await startCodeServer({
    env: fakeAwsEnv(),
    quiet: true,
    // The workbench loads an extension under development from the URL payload only with the test driver on.
    testDriver: true,
    userSettings: {
      'workbench.colorTheme': scene.theme ?? 'Default Dark Modern',
      ...(aws ? { 'vpcFlowLogs.endpointUrl': aws.url, 'vpcFlowLogs.region': 'us-west-2' } : {}),
      ...scene.settings,
    },
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 820 }, deviceScaleFactor: 1 });
    await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: root }));
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForTimeout(1500);
    const command = async (title) => {
      await page.keyboard.press('F1');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
      await page.keyboard.type(title);
      await page.waitForTimeout(400);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(500);
    };
    const openFile = async (name) => {
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
      await page.keyboard.type(name);
      await page.waitForTimeout(600);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(800);
    };
    const shot = async (name, options = {}) => {
      const path = join(outDir, `${name}.png`);
      await page.screenshot({ path, ...options });
      console.log(`screenshots: wrote ${path}`);
    };
    await scene.run({ page, shot, command, openFile, workspace, aws });
  } catch (error) {
    failures++;
    console.error(`screenshots: scene ${scene.name} failed: ${error instanceof Error ? error.stack : error}`);
  } finally {
    await browser.close();
    await server.stop();
    await aws?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}
process.exit(failures ? 1 : 0);
