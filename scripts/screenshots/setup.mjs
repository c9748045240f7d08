// The scaffolded IAM role for flow logs: the trust policy and the permissions policy side by side (the
// guide is the third tab). No AWS here, so the scene shows the offline placeholders and the notice that
// says so, which is what a first-time user without credentials sees.
export const scenes = [
  {
    name: 'setup-scaffold',
    theme: 'Default Dark Modern',
    // Long ARNs wrap instead of running under the other editor.
    settings: { 'editor.wordWrap': 'on', 'editor.minimap.enabled': false },
    async run({ page, shot, command }) {
      await command('View: Close Primary Side Bar');
      await command('VPC Flow Logs: Scaffold IAM Role for Flow Logs');
      // The account lookup gives up offline after a few seconds; then both JSON editors open.
      await page.waitForSelector('.tab[aria-label^="flow-logs-trust-policy.json"]', { timeout: 30_000 });
      await page.waitForSelector('.tab[aria-label^="flow-logs-permissions-policy.json"]', { timeout: 30_000 });
      // A headless window has no focus, so the notice about the placeholders waits in the notification
      // centre instead of a toast: open it there, expanded.
      await command('Notifications: Show Notifications');
      await page.locator('.notifications-center .codicon-notifications-expand').first().click({ timeout: 5000 }).catch(() => undefined);
      await page.waitForTimeout(1500);
      await shot('setup-scaffold');
    },
  },
];
