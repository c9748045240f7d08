// Flow logs delivered to S3 (the demo bucket on the fake S3): VPC 1's text flow log expanded to its
// delivery day and files, and that day opened in the viewer, a few files read.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..', '..');

/** A row of the side bar's trees, by its exact label. */
const row = (page, label) => page.locator('.pane-body .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();

async function expand(page, text) {
  const target = row(page, text);
  await target.waitFor({ timeout: 30_000 });
  if ((await target.getAttribute('aria-expanded')) !== 'true') {
    await target.click();
  }
  await page.waitForTimeout(500);
}

export const scenes = [
  {
    name: 's3-day',
    fakeAws: true,
    async run({ page, shot, aws }) {
      const { registerDemoS3 } = await import(pathToFileURL(join(root, 'out', 'test', 'fixtures', 'demoS3.js')).href);
      await registerDemoS3(aws.fake);
      await page.click('a[aria-label^="VPC Flow Logs"]');
      await expand(page, 'VPC 1');
      await expand(page, 'Flow logs');
      await expand(page, 'fl-0a1b2c3d4e5f6071a');
      await expand(page, '2024-11');
      await expand(page, '2024-11-27');
      await row(page, '2024-11-27').click({ button: 'right' });
      await page.locator('.context-view .action-label', { hasText: 'Open Files in Viewer' }).click();
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await frame.locator('.grid-body .row').first().waitFor({ timeout: 30_000 });
      for (let i = 0; i < 3; i++) {
        await frame.locator('button[title="Load older records"]').click();
        await page.waitForTimeout(1200);
      }
      await page.mouse.move(700, 790);
      await page.waitForTimeout(1500);
      await shot('viewer-s3-day');
    },
  },
];
