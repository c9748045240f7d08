// The viewer after a window reload, in the real VS Code (code-server driven by headless Chromium): the
// serializer must bring the panel back on its file with the filter the user had set. This cannot run
// inside the extension host's own test suite, which a reload would end.
/* global describe, it, before, after */
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
    await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: root }));
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForTimeout(1500);
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('VPC Flow Logs: Open Flow Log File in Viewer');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    // The command's file picker (VS Code's simple file dialog in code-server), opened in the workspace.
    await page.locator('.quick-input-widget', { hasText: 'Open a flow log file in the viewer' }).waitFor();
    await page.keyboard.type('tutorial-vpc1-default.log');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');

    const viewer = () => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await viewer().locator('.count', { hasText: '400 records' }).waitFor({ timeout: 60_000 });
    await viewer().locator('.toggle.action-reject').click();
    await viewer().locator('.count', { hasText: ' of 400 records' }).waitFor();
    const filtered = await viewer().locator('.count').textContent();
    // VS Code saves webview state shortly after it changes.
    await page.waitForTimeout(1500);

    await page.reload();
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await viewer().locator('.count', { hasText: filtered }).waitFor({ timeout: 60_000 });
    assert.equal(await viewer().locator('.toggle.action-reject').getAttribute('aria-pressed'), 'true');
    assert.ok((await viewer().locator('.grid-body .row.reject').count()) > 0);
    assert.equal(await viewer().locator('.grid-body .row.accept').count(), 0);
    await page.close();
  });
});
