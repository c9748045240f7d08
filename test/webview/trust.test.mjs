// Restricted Mode in the real VS Code (code-server with workspace trust on, driven by headless Chromium):
// a cloned repository's settings name an endpoint on loopback; while the folder is not trusted, opening
// the views, clicking the Run lens of its .insights file and running the AWS commands must send that
// endpoint (and the user's own) no request at all. Trusting the folder then lets requests through, which
// shows the listeners would have seen them. This needs its own server: the test profile turns trust off.
/* global describe, it, before, after -- mocha globals */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, startCodeServer, launchChromium, workbenchUrl } from '../../scripts/lib/code-server.mjs';
import { fakeAwsEnv } from '../../scripts/lib/env.mjs';
import { runCommand, waitForNotification } from './workbench.mjs';

/** A loopback listener that counts every request and answers each with an AWS-style error. */
async function countingEndpoint() {
  const seen = [];
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.headers['x-amz-target'] ?? request.url}`);
    request.resume();
    response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end('{"__type":"AccessDeniedException","message":"counted"}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    seen,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

describe('Restricted Mode in VS Code: no AWS request leaves the extension', function () {
  this.timeout(240_000);
  let server;
  let browser;
  let userEndpoint;
  let workspaceEndpoint;
  const workspace = join(tmpdir(), `vpcfl-untrusted-${process.pid}`);

  before(async () => {
    userEndpoint = await countingEndpoint();
    workspaceEndpoint = await countingEndpoint();
    rmSync(workspace, { recursive: true, force: true });
    cpSync(join(root, 'samples'), workspace, { recursive: true });
    // What a hostile repository would commit: its own endpoint for the user's signed requests.
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'vpcFlowLogs.endpointUrl': workspaceEndpoint.url, 'vpcFlowLogs.region': 'us-west-2' }, null, 2));
    writeFileSync(join(workspace, 'top-talkers.insights'), '# logGroups: VPCFlowLogsGroup\n# range: 1h\nstats sum(bytes) as bytesTransferred by srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 10\n');
    server = await startCodeServer({
      env: fakeAwsEnv(),
      quiet: true,
      // The workbench loads an extension under development from the URL payload only with the test driver on.
      testDriver: true,
      workspaceTrust: true,
      // The user's own settings send AWS calls to a second listener, so a request is counted whichever
      // setting it would follow.
      userSettings: { 'vpcFlowLogs.endpointUrl': userEndpoint.url, 'vpcFlowLogs.region': 'us-west-2' },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await userEndpoint?.close();
    await workspaceEndpoint?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('sends no request while the views open, the Run lens is clicked and the AWS commands run; trusting lets them through', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: root }));
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });

      // The views: their welcome content says why they are empty and links the fix.
      await page.locator('a[aria-label^="VPC Flow Logs"]').first().click({ timeout: 60_000 });
      await page.locator('.welcome-view-content', { hasText: 'AWS access is turned off in Restricted Mode' }).first().waitFor({ timeout: 60_000 });

      // The query file's Run lens.
      await runCommand(page, 'Go to File', { keys: 'Control+P', text: 'top-talkers.insights' });
      await page.locator('.tab', { hasText: 'top-talkers.insights' }).first().waitFor();
      const run = page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Run query' }).first();
      await run.waitFor({ timeout: 60_000 });
      await run.click();
      await waitForNotification(page, 'Run the query failed: AWS access is turned off in Restricted Mode');

      // The commands that reach AWS, from the palette.
      const commands = [
        ['VPC Flow Logs: Save Logs Insights Query to Account...', 'Save the query'],
        ['VPC Flow Logs: Run Logs Insights Query...', 'Run a Logs Insights query'],
        ['VPC Flow Logs: Open Saved Logs Insights Query...', 'Open a saved query'],
        ['VPC Flow Logs: Open Log Stream', 'Open the log stream'],
        ['VPC Flow Logs: Open Log Group Streams Together', 'Open the log group'],
        ['VPC Flow Logs: Create Flow Log...', 'Create flow log'],
        ['VPC Flow Logs: Create IAM Role for Flow Logs...', 'Create IAM role'],
        ['VPC Flow Logs: Delete Flow Log...', 'Delete flow log'],
        ['VPC Flow Logs: Delete IAM Role for Flow Logs...', 'Delete IAM role'],
      ];
      for (const [command, title] of commands) {
        await runCommand(page, command);
        await waitForNotification(page, `${title} failed: AWS access is turned off in Restricted Mode`);
      }
      const notice = await waitForNotification(page, 'Delete IAM role failed: AWS access is turned off in Restricted Mode');
      await notice.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).first().waitFor();

      const untrusted = userEndpoint.seen.length + workspaceEndpoint.seen.length;
      console.log(`      requests while untrusted: ${untrusted} (user endpoint ${userEndpoint.seen.length}, workspace endpoint ${workspaceEndpoint.seen.length}) after the views, the Run lens and ${commands.length} commands`);
      assert.deepEqual([...userEndpoint.seen, ...workspaceEndpoint.seen], [], 'requests left the extension in Restricted Mode');

      // Trusting the folder (through the message's own button) lets requests through, to the workspace's endpoint.
      await notice.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).first().click();
      await page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust( Folder)?$/ }).first().click({ timeout: 30_000 });
      const deadline = Date.now() + 60_000;
      while (workspaceEndpoint.seen.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
      }
      console.log(`      after trusting: workspace endpoint ${workspaceEndpoint.seen.length} request(s), user endpoint ${userEndpoint.seen.length}`);
      assert.ok(workspaceEndpoint.seen.length > 0, 'the trusted workspace sent nothing: the listener would not have caught a request either');
    } catch (error) {
      await page.screenshot({ path: join(root, '.cache', 'results', 'trust-failure.png') }).catch(() => {});
      throw error;
    } finally {
      await page.close();
    }
  });
});
