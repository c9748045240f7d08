// The AWS explorer on the tutorial's two-VPC account (served by the fake AWS on loopback): VPC 1 opened
// on its flow log, interfaces and the route table that lacks the route to VPC 2; the flow log group
// with its stream; then that stream opened in the viewer, addresses labelled with their instances.

/** A row of the side bar's trees, by its exact label. */
const row = (page, label) => page.locator('.pane-body .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();

/** Drags the side bar's edge to make it wider, so descriptions (IPs, instance names, routes) fit. */
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

async function expand(page, text) {
  const target = row(page, text);
  await target.waitFor({ timeout: 30_000 });
  if ((await target.getAttribute('aria-expanded')) !== 'true') {
    await target.click();
  }
  await page.waitForTimeout(500);
}

async function openExplorer(page) {
  await page.click('a[aria-label^="VPC Flow Logs"]');
  await expand(page, 'VPC 1');
  await expand(page, 'Flow logs');
  await expand(page, 'Network interfaces');
  await expand(page, 'Route tables');
  await expand(page, 'VPC 1 routes');
  await expand(page, 'VPCFlowLogsGroup');
  await row(page, 'eni-0a1b2c3d4e5f60718-all').waitFor({ timeout: 30_000 });
}

export const scenes = [
  {
    name: 'explorer',
    fakeAws: true,
    async run({ page, shot }) {
      await openExplorer(page);
      await widenSideBar(page, 560);
      // The stream also opens as text, newest events first, with "Load older events" above them.
      await row(page, 'eni-0a1b2c3d4e5f60718-all').click({ button: 'right' });
      await page.locator('.context-view .action-label', { hasText: 'Open Log Stream as Text' }).click();
      await page.waitForSelector('.codelens-decoration a', { timeout: 30_000 });
      await page.mouse.move(300, 700);
      await page.waitForTimeout(1500);
      await shot('explorer');
    },
  },
  {
    name: 'explorer-stream',
    fakeAws: true,
    async run({ page, shot }) {
      await openExplorer(page);
      await widenSideBar(page, 430);
      await row(page, 'eni-0a1b2c3d4e5f60718-all').click();
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await frame.locator('.grid-body .row').first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1500);
      await shot('explorer-stream');
    },
  },
];

// Without credentials: the views' welcome content says what to do and links the profile picker.
scenes.push({
  name: 'explorer-no-credentials',
  settings: { 'vpcFlowLogs.profile': 'no-such-profile', 'vpcFlowLogs.region': 'us-west-2' },
  async run({ page, shot }) {
    await page.click('a[aria-label^="VPC Flow Logs"]');
    await page.locator('.welcome-view-content', { hasText: 'No AWS credentials' }).first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1000);
    await shot('explorer-no-credentials', { clip: { x: 0, y: 0, width: 700, height: 820 } });
  },
});
