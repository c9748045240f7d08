// Security groups and network ACLs in the VPCs view, on the tutorial's account (the fake AWS on
// loopback) with SSH opened to the whole internet on instance 1's group: the group and the rule
// flagged, its tooltip saying why, and VPC 2's locked-down network ACL with its entries in order.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../lib/code-server.mjs';

const row = (page, label) => page.locator('.pane-body .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();

async function expand(page, text) {
  const target = row(page, text);
  await target.waitFor({ timeout: 30_000 });
  if ((await target.getAttribute('aria-expanded')) !== 'true') {
    await target.click();
  }
  await page.waitForTimeout(500);
}

async function widenSideBar(page, width) {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  const sashes = page.locator('.monaco-sash.vertical');
  for (let i = 0; i < (await sashes.count()); i++) {
    const box = await sashes.nth(i).boundingBox();
    if (box && sidebar && Math.abs(box.x + box.width / 2 - (sidebar.x + sidebar.width)) < 6 && box.height > 200) {
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width / 2, y);
      await page.mouse.down();
      await page.mouse.move(sidebar.x + width, y, { steps: 8 });
      await page.mouse.up();
      await page.waitForTimeout(500);
      return;
    }
  }
}

const scene = (name, theme) => ({
  name,
  theme,
  fakeAws: true,
  async run({ page, shot, aws }) {
    const { registerDemoNetwork } = await import(pathToFileURL(join(root, 'out', 'test', 'fixtures', 'demoNetworkFake.js')).href);
    registerDemoNetwork(aws.fake, { sshFromInternetOnInstance1: true, customAclOnSubnet2: true });
    await page.click('a[aria-label^="VPC Flow Logs"]');
    // VPC 2's ACL first, while it is in sight; then VPC 1's group above it (the list renders visible rows only).
    await expand(page, 'VPC 2');
    await expand(page, 'Network ACLs');
    await expand(page, 'Subnet 2 locked down');
    await expand(page, 'VPC 1');
    await expand(page, 'Security groups');
    await expand(page, 'launch-wizard-1');
    await widenSideBar(page, 620);
    await row(page, 'TCP 22 from 0.0.0.0/0').hover();
    await page.locator('.monaco-hover').first().waitFor({ timeout: 15_000 }).catch(() => undefined);
    await page.waitForTimeout(1200);
    await shot(name);
  },
});

export const scenes = [scene('explorer-rules-dark', 'Default Dark Modern'), scene('explorer-rules-light', 'Default Light Modern')];
