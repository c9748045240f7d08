// The headline picture: the VPC Flow Logs container on the tutorial's two-VPC account (fake AWS on
// loopback) beside a flow log file, highlighted, with its line-1 lens.
export const scenes = [
  {
    name: 'sidebar-and-editor',
    fakeAws: true,
    async run({ page, shot, openFile }) {
      await page.click('a[aria-label^="VPC Flow Logs"]');
      await page.locator('.pane-body .monaco-list-row', { hasText: 'VPC 1' }).first().waitFor({ timeout: 30_000 });
      await openFile('tutorial-vpc1-default.log');
      await page.locator('.monaco-editor .codelens-decoration').first().waitFor({ timeout: 30_000 });
      // The file opens as Log and switches to the flow log language: move the cursor so the value
      // highlights are computed for the new language.
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Control+Home');
      await page.waitForTimeout(800);
      await shot('sidebar-and-editor');
    },
  },
];
