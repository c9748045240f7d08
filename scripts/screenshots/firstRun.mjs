// A first run without AWS (a profile in no config file, no region): the views say both are missing
// and offer the packaged sample and "Open Flow Log File".
const firstRun = (name, theme) => ({
  name,
  theme,
  settings: { 'vpcFlowLogs.profile': 'never-configured' },
  async run({ page, shot }) {
    await page.click('a[aria-label^="VPC Flow Logs"]');
    await page.locator('.welcome-view-content', { hasText: 'credentials or region' }).first().waitFor({ timeout: 30_000 });
    await page.mouse.move(1000, 400);
    await page.waitForTimeout(500);
    await shot(name, { clip: { x: 0, y: 0, width: 700, height: 820 } });
  },
});

export const scenes = [firstRun('first-run-dark', 'Default Dark Modern'), firstRun('first-run-light', 'Default Light Modern')];
