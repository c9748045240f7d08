// Logs Insights on the tutorial's account (fake AWS on loopback, with Logs Insights answering "Top 10
// byte transfers by source and destination IP addresses" computed from the sample flow log): the query
// run from the palette through its pickers, then the results view with its bar chart and labelled
// addresses; and a query file with its highlighting and lenses.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../lib/code-server.mjs';

async function insightsFake(aws) {
  const { registerInsightsFake, topByteTransfers, bytesOverTime } = await import(pathToFileURL(join(root, 'out', 'test', 'fixtures', 'insightsFake.js')).href);
  const insights = registerInsightsFake(aws.fake);
  insights.respond((query) => ({ rows: /bin\(/.test(query) ? bytesOverTime() : topByteTransfers(), runningPolls: 1 }));
  return insights;
}

/** Picks the quick pick item whose label contains `text` (typed to filter, then Enter). */
async function pick(page, text) {
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 30_000 });
  await page.waitForTimeout(400);
  if (text) {
    await page.keyboard.type(text);
    await page.waitForTimeout(500);
  }
  await page.keyboard.press('Enter');
  await page.waitForTimeout(600);
}

/** The results webview's document. */
const results = (page) => page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');

export const scenes = [
  {
    name: 'insights',
    fakeAws: true,
    async run({ page, shot, command, aws }) {
      await insightsFake(aws);
      await command('VPC Flow Logs: Run Logs Insights Query');
      await pick(page, ''); // The flow log group is preselected.
      await pick(page, 'Top 10 byte transfers');
      await pick(page, 'Last day');
      const view = results(page);
      await view.locator('.bar').first().waitFor({ timeout: 60_000 });
      await view.locator('.insights-status', { hasText: 'Complete' }).waitFor({ timeout: 30_000 });
      // Let the notification of the finished run go, and open the query box so the query shows.
      await page.keyboard.press('Escape');
      await view.locator('.insights-query-box summary').click();
      await page.mouse.move(700, 780);
      await page.waitForTimeout(1500);
      await shot('insights');
    },
  },
  {
    name: 'insights-query-file',
    theme: 'Default Light Modern',
    fakeAws: true,
    async run({ page, shot, command, aws }) {
      await insightsFake(aws);
      await command('VPC Flow Logs: New Logs Insights Query File');
      await pick(page, 'Bytes over time');
      // The lenses come after the editor settles; the palette runs the same command if they are slow.
      const lens = page.locator('.codelens-decoration a', { hasText: 'Run query' });
      if (await lens.waitFor({ timeout: 20_000 }).then(() => true, () => false)) {
        await lens.click();
      } else {
        await command('VPC Flow Logs: Run Logs Insights Query File');
      }
      await pick(page, ''); // Log groups: the flow log group.
      const view = results(page);
      await view.locator('.insights-chart[data-chart="time"] .u-over').waitFor({ timeout: 60_000 });
      await page.keyboard.press('Escape');
      // Query file on the left, results on the right.
      await command('View: Move Editor into Right Group');
      await page.mouse.move(700, 790);
      await page.waitForTimeout(1500);
      await shot('insights-query-file');
    },
  },
];
