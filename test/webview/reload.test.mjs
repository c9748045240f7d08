// The viewer after a window reload, in the real VS Code (code-server driven by headless Chromium): the
// serializer must bring the panel back on its file with the filter the user had set. This cannot run
// inside the extension host's own test suite, which a reload would end.
/* global describe, it, before, after, document -- mocha globals, and page callbacks that run in the browser */
import assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, startCodeServer, launchChromium, workbenchUrl } from '../../scripts/lib/code-server.mjs';
import { fakeAwsEnv } from '../../scripts/lib/env.mjs';

describe('Viewer in VS Code across a window reload', function () {
  this.timeout(180_000);
  let server;
  let browser;
  const workspace = join(tmpdir(), `vpcfl-reload-${process.pid}`);

  before(async () => {
    rmSync(workspace, { recursive: true, force: true });
    cpSync(join(root, 'samples'), workspace, { recursive: true });
    server = await startCodeServer({ env: fakeAwsEnv(), quiet: true, testDriver: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('comes back on its file with its filter', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await reloadScenario(page);
    } catch (error) {
      // What the workbench showed, for whoever reads the failure.
      await page.screenshot({ path: join(root, '.cache', 'results', 'viewer-reload-failure.png') }).catch(() => {});
      throw error;
    } finally {
      await page.close();
    }
  });

  /**
   * Runs a command from the palette once the palette lists it. The palette reads the command list when it
   * opens, so while the extension host is still starting (or restarting after a reload) it is closed and
   * opened again until the command is there.
   */
  async function command(page, title) {
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title.replace(/^.*: /, '') }).first();
    const deadline = Date.now() + 120_000;
    for (;;) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      try {
        await row.waitFor({ timeout: 5_000 });
        break;
      } catch (error) {
        if (Date.now() > deadline) {throw error;}
        await page.keyboard.press('Escape');
        await input.waitFor({ state: 'hidden' });
      }
    }
    await page.keyboard.press('Enter');
  }

  /** Runs "Open Flow Log File in Viewer" and picks `file` in VS Code's simple file dialog. */
  async function openInViewer(page, file) {
    await command(page, 'VPC Flow Logs: Open Flow Log File in Viewer');
    // The command's file picker (VS Code's simple file dialog in code-server), opened in the workspace.
    await page.locator('.quick-input-widget', { hasText: 'Open a flow log file in the viewer' }).waitFor();
    const input = page.locator('.quick-input-widget input');
    // Typed too early, the name would land before the dialog has put the folder in its input.
    await page.waitForFunction(() => document.querySelector('.quick-input-widget input')?.value.endsWith('/'));
    // The dialog may still rewrite its input as it reads the folder: fill until the name stays.
    for (let i = 0; i < 20 && (await input.inputValue()) !== file; i++) {
      await input.fill(file);
      await page.waitForTimeout(300);
    }
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
  }

  async function reloadScenario(page) {
    await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: root }));
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const viewer = () => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const file = join(workspace, 'tutorial-vpc1-default.log');
    // Opening the file is the set-up, not what is tested: the simple file dialog can still rewrite its
    // input as Enter arrives and open nothing, so the open is tried again once if no viewer shows the file.
    for (let attempt = 1; ; attempt++) {
      await openInViewer(page, file);
      try {
        await viewer().locator('.count', { hasText: '400 records' }).waitFor({ timeout: 45_000 });
        break;
      } catch (error) {
        if (attempt >= 2) {
          throw error;
        }
        await page.screenshot({ path: join(root, '.cache', 'results', 'viewer-reload-open-retry.png') }).catch(() => {});
        await page.keyboard.press('Escape');
      }
    }
    await viewer().locator('.toggle.action-reject').click();
    await viewer().locator('.count', { hasText: ' of 400 records' }).waitFor();
    const filtered = await viewer().locator('.count').textContent();
    // VS Code saves webview state shortly after it changes.
    await page.waitForTimeout(1500);

    // The workbench's own reload saves its state (open editors, webview state) before it goes.
    const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 60_000 });
    await command(page, 'Developer: Reload Window');
    await reloaded;
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await viewer().locator('.count', { hasText: filtered }).waitFor({ timeout: 90_000 });
    assert.equal(await viewer().locator('.toggle.action-reject').getAttribute('aria-pressed'), 'true');
    assert.ok((await viewer().locator('.grid-body .row.reject').count()) > 0);
    assert.equal(await viewer().locator('.grid-body .row.accept').count(), 0);
  }
});
