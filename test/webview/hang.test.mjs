// An endpoint that accepts connections and never answers, in the real VS Code (code-server driven by
// headless Chromium): the tree shows an error row once the request timeout passes, whose Retry asks
// again, and a command's progress notification can be cancelled, which stops the command at once (with
// a request timeout of 5 minutes nothing else would).
/* global describe, it, before, after -- mocha globals */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, startCodeServer, launchChromium, workbenchUrl } from '../../scripts/lib/code-server.mjs';
import { fakeAwsEnv } from '../../scripts/lib/env.mjs';
import { runCommand, waitForNotification } from './workbench.mjs';

describe('AWS that never answers, in VS Code', function () {
  this.timeout(240_000);
  const TIMEOUT_S = 5;
  let server;
  let browser;
  let silent;
  let requests = 0;
  const workspace = join(tmpdir(), `vpcfl-hang-${process.pid}`);

  before(async () => {
    silent = createServer(() => {
      requests++;
    });
    await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
    rmSync(workspace, { recursive: true, force: true });
    cpSync(join(root, 'samples'), workspace, { recursive: true });
    server = await startCodeServer({
      env: fakeAwsEnv(),
      quiet: true,
      testDriver: true,
      userSettings: {
        'vpcFlowLogs.endpointUrl': `http://127.0.0.1:${silent.address().port}`,
        'vpcFlowLogs.region': 'us-west-2',
        'vpcFlowLogs.aws.requestTimeoutSeconds': TIMEOUT_S,
      },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    silent?.closeAllConnections();
    await new Promise((resolve) => (silent ? silent.close(resolve) : resolve()));
    rmSync(workspace, { recursive: true, force: true });
  });

  it('shows an error row with Retry after the request timeout, and stops a command at once when its progress is cancelled', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: root }));
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });

      // The views: an error row once the request timeout has passed, instead of a spinner forever.
      const opened = Date.now();
      await page.locator('a[aria-label^="VPC Flow Logs"]').first().click({ timeout: 60_000 });
      const row = page.locator('.pane-body .monaco-list-row', { hasText: `AWS did not answer within ${TIMEOUT_S} s` }).first();
      await row.waitFor({ timeout: 120_000 });
      console.log(`      time to the error row: ${((Date.now() - opened) / 1000).toFixed(1)} s from opening the view (request timeout ${TIMEOUT_S} s; includes loading the SDK)`);
      assert.match(await row.textContent(), /click to retry/);
      assert.ok(requests > 0, 'no request reached the endpoint');
      // Retry (a click on the row) asks AWS again.
      const asked = requests;
      await row.click();
      for (const deadline = Date.now() + 30_000; requests === asked; ) {
        assert.ok(Date.now() < deadline, 'Retry sent no request');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await row.waitFor({ timeout: 60_000 });

      // Now a request timeout of 5 minutes, so that only Cancel can end the command below soon. (Through
      // the workspace's settings file, which the workbench watches; the change reconnects the views,
      // whose new request says it has applied.)
      const before = requests;
      mkdirSync(join(workspace, '.vscode'), { recursive: true });
      writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'vpcFlowLogs.aws.requestTimeoutSeconds': 300 }));
      for (const deadline = Date.now() + 60_000; requests === before; ) {
        assert.ok(Date.now() < deadline, 'the views did not reconnect after the timeout setting changed');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      // A command's progress: Cancel ends it at once, without an error to dismiss.
      await runCommand(page, 'VPC Flow Logs: Create IAM Role for Flow Logs...');
      const progress = await waitForNotification(page, 'Looking up your AWS account');
      const cancel = progress.locator('.monaco-button', { hasText: 'Cancel' }).first();
      await cancel.waitFor();
      const clicked = Date.now();
      await cancel.click();
      await page.locator('.notification-toast, .notifications-center .notification-list-item', { hasText: 'Looking up your AWS account' }).first().waitFor({ state: 'detached', timeout: 30_000 });
      console.log(`      Cancel to stopped: ${Date.now() - clicked} ms (the request would have waited 300 s)`);
      assert.equal(await page.locator('.notification-list-item, .notification-toast', { hasText: 'Create IAM role failed' }).count(), 0, 'a cancelled command reported an error');
    } catch (error) {
      await page.screenshot({ path: join(root, '.cache', 'results', 'hang-failure.png') }).catch(() => {});
      throw error;
    } finally {
      await page.close();
    }
  });
});
