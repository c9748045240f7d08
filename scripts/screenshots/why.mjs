/* global document -- page callbacks run in the browser */
// "Why was this rejected?" in the real VS Code on the tutorial's account (the fake AWS on loopback,
// with its network: security groups, network ACLs, routes): the records seen at instance 2 opened in
// the viewer, a record's details opened with Enter and its question asked. The ping REJECT is
// explained as instance 2's security group (`why-sg-*`); with subnet 2's locked-down network ACL, the
// SSH reply as the ACL's final entry (`why-acl-*`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../lib/code-server.mjs';

const viewerFrame = (page) => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

async function explain({ page, command, workspace, aws }, options, row) {
  const { registerDemoNetwork } = await import(pathToFileURL(join(root, 'out', 'test', 'fixtures', 'demoNetworkFake.js')).href);
  const { DEMO_RECORDS } = await import(pathToFileURL(join(root, 'out', 'test', 'fixtures', 'demoNetwork.js')).href);
  registerDemoNetwork(aws.fake, options);
  const file = join(workspace, 'tutorial-vpc2-instance2.log');
  writeFileSync(file, `${[DEMO_RECORDS.pingRejectAtInstance2, DEMO_RECORDS.sshAcceptAtInstance2, DEMO_RECORDS.sshReplyRejectAtInstance2].join('\n')}\n`);
  await command('VPC Flow Logs: Open Flow Log File in Viewer');
  await page.locator('.quick-input-widget', { hasText: 'Open a flow log file in the viewer' }).waitFor();
  const input = page.locator('.quick-input-widget input');
  await page.waitForFunction(() => document.querySelector('.quick-input-widget input')?.value.endsWith('/'));
  for (let i = 0; i < 20 && (await input.inputValue()) !== file; i++) {
    await input.fill(file);
    await page.waitForTimeout(300);
  }
  await page.keyboard.press('Enter');
  const frame = viewerFrame(page);
  await frame.locator('.grid-body .row.reject').first().waitFor({ timeout: 30_000 });
  await command('View: Close Primary Side Bar');
  await page.waitForTimeout(800);
  await frame.locator('.grid').focus();
  for (let i = 0; i < row; i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await frame.locator('dialog.details .why-ask').click();
  await frame.locator('dialog.details .why-headline').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(800);
}

const scene = (name, theme, options, row) => ({
  name,
  theme,
  fakeAws: true,
  async run(context) {
    await explain(context, options, row);
    await context.shot(name);
  },
});

export const scenes = [
  scene('why-sg-dark', 'Default Dark Modern', {}, 1),
  scene('why-sg-light', 'Default Light Modern', {}, 1),
  scene('why-acl-dark', 'Default Dark Modern', { customAclOnSubnet2: true }, 3),
  scene('why-acl-light', 'Default Light Modern', { customAclOnSubnet2: true }, 3),
];
