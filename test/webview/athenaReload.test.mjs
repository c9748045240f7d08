// Athena results after a window reload, in the real VS Code (code-server driven by headless Chromium,
// AWS served on loopback by the fake with S3 and Athena): the serializer the Logs Insights results share
// brings the Athena panel back with its rows, read again with GetQueryResults from the execution id the
// panel kept, without starting the query again (nothing billed). This cannot run inside the extension
// host's own test suite, which a reload would end.
/* global describe, it, before, after -- mocha globals */
import assert from 'node:assert/strict';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, startCodeServer, launchChromium, workbenchUrl } from '../../scripts/lib/code-server.mjs';
import { fakeAwsEnv } from '../../scripts/lib/env.mjs';
import { runCommand } from './workbench.mjs';

describe('Athena results across a window reload', function () {
  this.timeout(240_000);
  let server;
  let browser;
  let aws;
  const workspace = join(tmpdir(), `vpcfl-athena-reload-${process.pid}`);

  before(async () => {
    const compiled = (path) => import(pathToFileURL(join(root, 'out', path)).href);
    const { startDemoAccount } = await compiled('test/fixtures/demoAccount.js');
    const { registerDemoAthena, DEMO_ATHENA } = await compiled('test/fixtures/demoAthena.js');
    const { athenaQuery } = await compiled('src/athena/queries.js');
    const { formatAthenaHeader } = await compiled('src/athena/sqlFile.js');
    aws = await startDemoAccount();
    await registerDemoAthena(aws.fake);
    const range = '2024-11-27T08:00:00Z/2024-11-27T10:00:00Z';
    const sql = athenaQuery('aws.topBytes', {
      table: DEMO_ATHENA.textTable, from: Date.UTC(2024, 10, 27, 8) / 1000, to: Date.UTC(2024, 10, 27, 10) / 1000,
      hiveCompatiblePartitions: false, perHourPartition: false,
    });
    rmSync(workspace, { recursive: true, force: true });
    cpSync(join(root, 'samples'), workspace, { recursive: true });
    const header = formatAthenaHeader({ title: 'Top talkers', table: DEMO_ATHENA.textTable, workGroup: DEMO_ATHENA.workGroup, range, catalogue: 'aws.topBytes' });
    writeFileSync(join(workspace, 'top-talkers-athena.sql'), `${header}${sql}\n`);
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
    const results = () => page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
    try {
      await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: root }));
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await runCommand(page, 'Go to File', { keys: 'Control+P', text: 'top-talkers-athena.sql' });
      const run = page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Run on Athena' }).first();
      await run.waitFor({ timeout: 60_000 });
      await run.click();
      await results().locator('.insights-status', { hasText: 'Complete' }).waitFor({ timeout: 60_000 });
      await results().locator('.grid-body .row[aria-rowindex="2"]').waitFor({ timeout: 30_000 });
      const count = await results().locator('.count').textContent();
      assert.match(count ?? '', /\d+ rows?/);
      const firstRow = await results().locator('.grid-body .row[aria-rowindex="2"]').textContent();
      const started = aws.fake.callsOf('athena', 'StartQueryExecution').length;
      assert.equal(started, 1);
      // VS Code saves webview state shortly after it changes.
      await page.waitForTimeout(1500);

      const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 60_000 });
      const readBefore = aws.fake.callsOf('athena', 'GetQueryResults').length;
      await runCommand(page, 'Developer: Reload Window');
      await reloaded;
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await results().locator('.count', { hasText: count }).waitFor({ timeout: 90_000 });
      assert.equal(await results().locator('.grid-body .row[aria-rowindex="2"]').textContent(), firstRow);
      assert.equal(aws.fake.callsOf('athena', 'StartQueryExecution').length, started, 'the query was not run again');
      assert.ok(aws.fake.callsOf('athena', 'GetQueryResults').length > readBefore, 'its kept results were read');
    } catch (error) {
      await page.screenshot({ path: join(root, '.cache', 'results', 'athena-reload-failure.png') }).catch(() => {});
      throw error;
    } finally {
      await page.close();
    }
  });
});
