// Athena on the tutorial's account (fake AWS on loopback, with the demo bucket's flow logs and Athena
// answering the catalogue's SQL from them): "Top 10 byte transfers" run from the palette on the text
// delivery's table for the sample's two hours, then the results view with the bytes scanned and their cost.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../lib/code-server.mjs';

async function athenaFake(aws) {
  const { registerDemoAthena } = await import(pathToFileURL(join(root, 'out', 'test', 'fixtures', 'demoAthena.js')).href);
  const { DEMO_ACCOUNT_ID } = await import(pathToFileURL(join(root, 'out', 'test', 'fixtures', 'demoAccount.js')).href);
  aws.fake.on('sts', 'GetCallerIdentity', () => ({ Account: DEMO_ACCOUNT_ID, Arn: `arn:aws:iam::${DEMO_ACCOUNT_ID}:user/dev`, UserId: 'AIDAEXAMPLE' }));
  return registerDemoAthena(aws.fake);
}

/** Answers the open quick pick or input box: types `text` (replacing a proposed value), then Enter. */
async function answer(page, text) {
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 30_000 });
  await page.waitForTimeout(400);
  if (text) {
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
    await page.waitForTimeout(500);
  }
  await page.keyboard.press('Enter');
  await page.waitForTimeout(700);
}

const results = (page) => page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');

export const scenes = [
  {
    name: 'athena-results',
    fakeAws: true,
    async run({ page, shot, command, aws }) {
      await athenaFake(aws);
      await command('VPC Flow Logs: Run Athena Query');
      await answer(page, 'fl-0a1b2c3d4e5f6071a'); // The text delivery (daily folders).
      await answer(page, 'default.vpc_flow_logs');
      await answer(page, 'flowlogs');
      await answer(page, 'Top 10 byte transfers');
      await answer(page, 'Custom range');
      await answer(page, '2024-11-27 08:00/2024-11-27 10:00');
      const view = results(page);
      await view.locator('.insights-status', { hasText: 'Complete' }).waitFor({ timeout: 90_000 });
      await view.locator('.bar').first().waitFor({ timeout: 30_000 });
      await page.keyboard.press('Escape');
      await view.locator('.insights-query-box summary').click();
      await page.mouse.move(700, 780);
      await page.waitForTimeout(1500);
      await shot('athena-results');
    },
  },
];
