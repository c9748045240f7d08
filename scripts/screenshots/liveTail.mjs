// A Live Tail session in the viewer (Dark Modern): started from the flow log group's context menu in the
// Log Groups view, records of the tutorial sample streamed by the fake Live Tail endpoint a second at a
// time, REJECT rows marked, the live bar showing elapsed time and events per second.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setInterval, clearInterval } from 'node:timers';
import { pathToFileURL } from 'node:url';

const row = (page, label) => page.locator('.pane-body .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();

export const scenes = [
  {
    name: 'live-tail-dark',
    theme: 'Default Dark Modern',
    fakeAws: true,
    settings: { 'vpcFlowLogs.liveTail.confirmStart': false },
    async run({ page, shot, aws }) {
      const { registerLiveTail } = await import(pathToFileURL(join(process.cwd(), 'out', 'test', 'fixtures', 'liveTailFake.js')).href);
      const records = readFileSync(join(process.cwd(), 'samples', 'tutorial-vpc1-default.log'), 'utf8').split('\n').filter((l) => l.trim());
      const tail = registerLiveTail(aws.fake, { records, now: Date.UTC(2024, 10, 27, 8, 20, 0) });
      await page.click('a[aria-label^="VPC Flow Logs"]');
      const group = row(page, 'VPCFlowLogsGroup');
      await group.waitFor({ timeout: 30_000 });
      await group.click({ button: 'right' });
      await page.locator('.context-view .action-label', { hasText: 'Start Live Tail' }).click();
      await tail.waitForSession(1);
      // About a busy minute of one interface: 37 records a second, one update a second.
      const timer = setInterval(() => tail.emitRate(37), 1000);
      try {
        await page.waitForTimeout(9000);
        await page.keyboard.press('Control+B');
        await page.waitForTimeout(2500);
      } finally {
        clearInterval(timer);
      }
      // The last rows drawn (the table asks for them as it scrolls) before the picture.
      await page.waitForTimeout(2500);
      await shot('live-tail-dark');
    },
  },
];
