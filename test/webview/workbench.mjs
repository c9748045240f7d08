// Small helpers for driving the code-server workbench with playwright in the workbench tests.

/**
 * Runs a command from the palette (F1), once the palette lists it (the extension host may still be
 * starting), or with `options.keys` opens another quick input (Control+P) and picks `options.text`.
 */
export async function runCommand(page, title, options = {}) {
  const text = options.text ?? title;
  // The row whose label is exactly the text ("Open Log Stream", not "Open Log Stream as Text").
  const exact = new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.keyboard.press(options.keys ?? 'F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(text);
    try {
      await row.waitFor({ timeout: 5000 });
      break;
    } catch (error) {
      // A palette opened while the extension was still being loaded lists what it knew then: reopen it.
      if (Date.now() > deadline) {
        throw error;
      }
      await page.keyboard.press('Escape');
    }
  }
  await row.click();
}

/**
 * Waits for a notification whose text contains `text`, as a toast or in the notification center (the
 * headless workbench does not always pop toasts up, so the center is opened when it is not showing one);
 * returns its element.
 */
export async function waitForNotification(page, text, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  const notification = page.locator('.notification-toast, .notifications-center .notification-list-item', { hasText: text }).first();
  for (;;) {
    if (await notification.isVisible()) {
      return notification;
    }
    if (Date.now() > deadline) {
      throw new Error(`no notification containing "${text}" within ${timeout} ms`);
    }
    if (!(await page.locator('.notifications-center.visible').isVisible())) {
      await runCommand(page, 'Notifications: Show Notifications');
    }
    await page.waitForTimeout(300);
  }
}
