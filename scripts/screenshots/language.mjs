// The flow log language: a highlighted default-format file in a dark and a light theme, with the
// line-1 lenses; in the dark one the hover over a rejected RDP attempt's destination port, in the light
// one the cursor on instance 2's address, highlighted wherever it occurs.

/** Quick Open, waiting for the file to be listed (the file index may lag on a busy machine). */
async function openFileWhenListed(page, name) {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(name);
    try {
      await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`, { timeout: 10_000 });
      await page.keyboard.press('Enter');
      await page.waitForSelector(`.tab[aria-label^="${name}"]`, { timeout: 10_000 });
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (attempt === 3) {throw error;}
    }
  }
}

async function openHighlighted({ page, command }) {
  await openFileWhenListed(page, 'tutorial-vpc1-default.log');
  // Detection switches the language, then the grammar and the lenses arrive.
  await page.waitForSelector('.codelens-decoration a', { timeout: 20_000 });
  // Side bar closed: the records are wide.
  await command('View: Close Primary Side Bar');
  await page.waitForTimeout(1000);
}

export const scenes = [
  {
    name: 'language-dark',
    theme: 'Default Dark Modern',
    async run({ page, shot, command }) {
      await openHighlighted({ page, command });
      await page.locator('.view-lines .view-line span span', { hasText: /^89\.60\.157\.144$/ }).first().click();
      const port = page.locator('.view-lines .view-line span span', { hasText: /^3389$/ }).first();
      await port.hover();
      await page.waitForSelector('.monaco-hover-content', { timeout: 10_000 });
      await page.waitForTimeout(800);
      await shot('language-dark');
    },
  },
  {
    name: 'language-light',
    theme: 'Default Light Modern',
    async run({ page, shot, command }) {
      await openHighlighted({ page, command });
      await page.locator('.view-lines .view-line span span', { hasText: /^10\.2\.15\.210$/ }).first().click();
      await page.waitForTimeout(1000);
      await shot('language-light');
    },
  },
];
