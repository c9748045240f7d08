/* global document -- page callbacks run in the browser */
// The flow log viewer in the real VS Code: the tutorial's VPC 1 log opened with the viewer's command, REJECT rows
// in view with the summary beside them (dark), and the same log filtered to REJECT with a record's
// details open (light).
const viewerFrame = (page) => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

async function openViewer({ page, command, workspace }) {
  // The command's file picker (VS Code's simple file dialog here) starts in the workspace folder.
  await command('VPC Flow Logs: Open Flow Log File in Viewer');
  await page.locator('.quick-input-widget', { hasText: 'Open a flow log file in the viewer' }).waitFor();
  const input = page.locator('.quick-input-widget input');
  // Typed too early, the name would land before the dialog has put the folder in its input; it may also
  // rewrite the input as it reads the folder: fill until the name stays.
  await page.waitForFunction(() => document.querySelector('.quick-input-widget input')?.value.endsWith('/'));
  const file = `${workspace}/tutorial-vpc1-default.log`;
  for (let i = 0; i < 20 && (await input.inputValue()) !== file; i++) {
    await input.fill(file);
    await page.waitForTimeout(300);
  }
  await page.keyboard.press('Enter');
  const frame = viewerFrame(page);
  await frame.locator('.grid-body .row.reject').first().waitFor({ timeout: 30_000 });
  await frame.locator('.chart canvas').first().waitFor({ timeout: 30_000 });
  // Room for the table: hide the side bar.
  await command('View: Close Primary Side Bar');
  await page.waitForTimeout(800);
  return frame;
}

export const scenes = [
  {
    name: 'viewer-dark',
    theme: 'Default Dark Modern',
    async run({ page, shot, command, workspace }) {
      await openViewer({ page, command, workspace });
      await page.waitForTimeout(800);
      await shot('viewer-dark');
    },
  },
  {
    name: 'viewer-light',
    theme: 'Default Light Modern',
    async run({ page, shot, command, workspace }) {
      const frame = await openViewer({ page, command, workspace });
      await frame.locator('.toggle.action-reject').click();
      await frame.locator('.count', { hasText: ' of ' }).waitFor();
      await page.waitForTimeout(600);
      await frame.locator('.grid').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await frame.locator('dialog.details').waitFor();
      await page.waitForTimeout(600);
      await shot('viewer-light');
    },
  },
];
