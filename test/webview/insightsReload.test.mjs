// Logs Insights results after a window reload, in the real VS Code (code-server driven by headless
// Chromium, AWS served on loopback by the fake with Logs Insights): the serializer brings the results
// panel back with its rows, read again from the results Logs Insights keeps, without running the query
// again. This cannot run inside the extension host's own test suite, which a reload would end.
/* global describe, it, before, after -- mocha globals */
import assert from 'node:assert/strict';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, startCodeServer, launchChromium, workbenchUrl } from '../../scripts/lib/code-server.mjs';
import { fakeAwsEnv } from '../../scripts/lib/env.mjs';
import { runCommand } from './workbench.mjs';

describe('Logs Insights results across a window reload', function () {
  this.timeout(240_000);
  let server;
  let browser;
  let aws;
  let insights;
  const workspace = join(tmpdir(), `vpcfl-insights-reload-${process.pid}`);

  before(async () => {
    const fixtures = (name) => import(pathToFileURL(join(root, 'out', 'test', 'fixtures', name)).href);
    const { startDemoAccount } = await fixtures('demoAccount.js');
    const { registerInsightsFake, topByteTransfers } = await fixtures('insightsFake.js');
    aws = await startDemoAccount();
    insights = registerInsightsFake(aws.fake);
    insights.respond(() => ({ rows: topByteTransfers(), runningPolls: 1 }));
    rmSync(workspace, { recursive: true, force: true });
    cpSync(join(root, 'samples'), workspace, { recursive: true });
    writeFileSync(join(workspace, 'top-talkers.insights'), '# logGroups: VPCFlowLogsGroup\n# range: 2024-11-27T07:00:00Z/2024-11-27T09:00:00Z\nstats sum(bytes) as bytesTransferred by srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 10\n');
    server = await startCodeServer({
      env: fakeAwsEnv(),
      quiet: true,
      testDriver: true,
      userSettings: { 'vpcFlowLogs.endpointUrl': aws.url, 'vpcFlowLogs.region': 'us-west-2' },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await aws?.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('comes back with its rows, read again without a new query', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // The results page is the last webview; the query file is a text editor.
    const results = () => page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
    try {
      await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: root }));
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await runCommand(page, 'Go to File', { keys: 'Control+P', text: 'top-talkers.insights' });
      const run = page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Run query' }).first();
      await run.waitFor({ timeout: 60_000 });
      await run.click();
      await results().locator('.count', { hasText: '10 rows' }).waitFor({ timeout: 60_000 });
      await results().locator('.insights-status', { hasText: 'Complete' }).waitFor({ timeout: 30_000 });
      const firstRow = await results().locator('.grid-body .row[aria-rowindex="2"]').textContent();
      const started = aws.fake.callsOf('logs', 'StartQuery').length;
      assert.equal(started, 1);
      // VS Code saves webview state shortly after it changes.
      await page.waitForTimeout(1500);

      const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 60_000 });
      const readBefore = aws.fake.callsOf('logs', 'GetQueryResults').length;
      await runCommand(page, 'Developer: Reload Window');
      await reloaded;
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await results().locator('.count', { hasText: '10 rows' }).waitFor({ timeout: 90_000 });
      assert.equal(await results().locator('.grid-body .row[aria-rowindex="2"]').textContent(), firstRow);
      assert.ok((await results().locator('.bar').count()) === 10, 'the chart is back too');
      assert.equal(aws.fake.callsOf('logs', 'StartQuery').length, started, 'the query was not run again');
      assert.ok(aws.fake.callsOf('logs', 'GetQueryResults').length > readBefore, 'its kept results were read');
    } catch (error) {
      await page.screenshot({ path: join(root, '.cache', 'results', 'insights-reload-failure.png') }).catch(() => {});
      throw error;
    } finally {
      await page.close();
    }
  });
});
