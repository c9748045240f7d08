// Browser tests of the viewer: the real webview bundle in headless Chromium, driven like a user
// (clicks, typing, keys), against the real host controller in Node. Expected values come from the
// sample files split by hand, not from the code under test.
/* global describe, it, before, after, afterEach, document, getComputedStyle -- mocha globals, and page callbacks that run in the browser */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { root, launchChromium } from '../../scripts/lib/code-server.mjs';
import { startAssetServer, openViewer, textSource } from '../../scripts/lib/viewer-page.mjs';

const require = createRequire(import.meta.url);
const { FlowLogGenerator } = require(join(root, 'out', 'bench', 'generate.js'));
const { parseAwsIpRanges } = require(join(root, 'out', 'src', 'flowlogs', 'awsRanges.js'));

const sample = (name) => {
  const bytes = readFileSync(join(root, 'samples', name));
  return name.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
};
const records = (text) =>
  text
    .split(/\r?\n/)
    .filter((l) => l.trim() && !l.startsWith('version '))
    .map((l) => l.trim().split(/\s+/));
const n = (value) => value.toLocaleString('en-US');
const CUSTOM_V5 =
  '${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status} ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${flow-direction} ${traffic-path}';

describe('Viewer webview in Chromium', function () {
  let browser;
  let server;
  const open = [];
  const view = async (source, options = {}) => {
    const viewer = await openViewer({ browser, server, source, ...options });
    open.push(viewer);
    await viewer.settled();
    return viewer;
  };
  const tutorial = () => textSource('file:///samples/tutorial-vpc1-default.log', 'tutorial-vpc1-default.log', sample('tutorial-vpc1-default.log'));
  const countIs = async (viewer, text) => {
    try {
      await viewer.page.waitForFunction((t) => document.querySelector('.count')?.textContent === t, text, { timeout: 10_000 });
    } catch {
      assert.equal(await viewer.page.locator('.count').textContent(), text);
    }
  };

  before(async () => {
    browser = await launchChromium();
    server = await startAssetServer();
  });
  afterEach(async () => {
    for (const viewer of open.splice(0)) {
      assert.deepEqual(viewer.host.errors, [], 'the page logged errors (a CSP violation, an exception)');
      await viewer.close();
    }
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps only the visible rows in the DOM for 100,000 records, down to the last one', async () => {
    const text = new FlowLogGenerator(7).defaultLines(100_000);
    const viewer = await view(textSource('bench:100k', '100k', text));
    const { page } = viewer;
    await countIs(viewer, '100,000 records');
    assert.ok((await page.locator('.grid-body .row').count()) < 200);
    await page.locator('.grid').focus();
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.querySelector('.row.selected:not(.loading)'));
    const last = await page.locator('.row.selected').getAttribute('aria-rowindex');
    assert.equal(Number(last), 100_000 + 1);
    const rows = await page.locator('.grid-body .row').count();
    assert.ok(rows > 10 && rows < 200, `${rows} rows in the DOM`);
    const lastLine = text.trimEnd().split('\n').pop().split(' ');
    assert.equal(await page.locator('.row.selected .k-address .v').first().textContent(), lastLine[3]);
  });

  for (const theme of ['dark', 'light', 'high-contrast', 'high-contrast-light']) {
    it(`makes ACCEPT and REJECT unmistakable, and NODATA muted, in the ${theme} theme`, async () => {
      const viewer = await view(tutorial(), { theme });
      const { page } = viewer;
      const style = (selector) =>
        page.locator(selector).first().evaluate((e) => {
          const s = getComputedStyle(e);
          return { color: s.color, weight: s.fontWeight, style: s.fontStyle, border: s.borderLeftColor, background: s.backgroundColor };
        });
      const reject = await style('.row.reject .k-action');
      const accept = await style('.row.accept .k-action');
      assert.notEqual(reject.color, accept.color, 'same colour for ACCEPT and REJECT');
      assert.ok(Number(reject.weight) >= 600, 'REJECT is not bold');
      assert.equal(await page.locator('.row.reject .k-action .v').first().textContent(), 'REJECT');
      assert.match(await page.locator('.row.reject .marker').first().getAttribute('class'), /codicon-circle-slash/);
      assert.match(await page.locator('.row.accept .marker').first().getAttribute('class'), /codicon-pass/);
      const rejectRow = await style('.row.reject');
      const acceptRow = await style('.row.accept');
      assert.notEqual(rejectRow.border, acceptRow.border, 'REJECT rows have no stripe');
      const nodata = await style('.row.nodata .cell:not(.marker-cell)');
      const normal = await style('.row.accept .cell:not(.marker-cell)');
      assert.ok(nodata.style === 'italic' && nodata.color !== normal.color, 'NODATA rows are not muted');
    });
  }

  it('updates the count as the user types, and marks input it cannot read', async () => {
    const rows = records(sample('tutorial-vpc1-default.log'));
    const viewer = await view(tutorial());
    const { page } = viewer;
    const input = page.locator('.f-dstaddr');
    let typed = '';
    for (const key of '10.2.15.210') {
      typed += key;
      await input.press(key === '.' ? 'Period' : key);
      // A complete address matches exactly; a partial one is a prefix.
      const complete = /^\d+\.\d+\.\d+\.\d+$/.test(typed);
      const expected = rows.filter((r) => (complete ? r[4] === typed : r[4].startsWith(typed))).length;
      await countIs(viewer, expected === rows.length ? `${n(rows.length)} records` : `${n(expected)} of ${n(rows.length)} records`);
    }
    await page.locator('.f-dstport').fill('twenty-two');
    await page.waitForFunction(() => document.querySelector('.f-dstport')?.getAttribute('aria-invalid') === 'true');
    assert.match(await page.locator('.f-dstport').getAttribute('title'), /not a port/);
    await page.locator('.f-dstport').fill('0');
    await countIs(viewer, `${n(rows.filter((r) => r[4] === '10.2.15.210' && r[6] === '0').length)} of ${n(rows.length)} records`);
  });

  it('sorts by a column when its header is clicked', async () => {
    const rows = records(sample('tutorial-vpc1-default.log'));
    const viewer = await view(tutorial());
    const { page } = viewer;
    const header = page.locator('.hcell[data-field="bytes"]');
    await header.click();
    await header.click();
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    const max = Math.max(...rows.filter((r) => r[9] !== '-').map((r) => Number(r[9])));
    await page.waitForFunction(() => document.querySelector('.row[aria-rowindex="2"]:not(.loading)'));
    await page.locator('.row[aria-rowindex="2"] .k-bytes').hover();
    assert.match(await page.locator('.row[aria-rowindex="2"] .k-bytes').getAttribute('title'), new RegExp(`^${n(max)} bytes`));
  });

  it('filters by an address, port or interface when it is clicked', async () => {
    const rows = records(sample('tutorial-vpc1-default.log'));
    const viewer = await view(tutorial());
    const { page } = viewer;
    // The reading order puts the destination port first among the ports.
    const port = await page.locator('.row[aria-rowindex="3"] .k-port .v').first().textContent();
    await page.locator('.row[aria-rowindex="3"] .k-port .link').first().click();
    assert.equal(await page.locator('.f-dstport').inputValue(), port);
    await countIs(viewer, `${n(rows.filter((r) => r[6] === port).length)} of ${n(rows.length)} records`);
    const address = await page.locator('.row[aria-rowindex="2"] .k-address .v').first().textContent();
    await page.locator('.row[aria-rowindex="2"] .k-address .link').first().click();
    assert.equal(await page.locator('.f-srcaddr').inputValue(), address);
    await countIs(viewer, `${n(rows.filter((r) => r[6] === port && r[3] === address).length)} of ${n(rows.length)} records`);
  });

  it('summarises the filtered records, and a click on the chart narrows the time range', async () => {
    const rows = records(sample('tutorial-vpc1-default.log'));
    const viewer = await view(tutorial());
    const { page } = viewer;
    await page.locator('.toggle.action-reject').click();
    const rejects = rows.filter((r) => r[12] === 'REJECT');
    await countIs(viewer, `${n(rejects.length)} of ${n(rows.length)} records`);
    await page.waitForFunction((c) => document.querySelector('.stat-value')?.textContent === c, n(rejects.length));
    const rejectLine = await page.locator('.split-line.reject').textContent();
    assert.match(rejectLine, new RegExp(`REJECT ${n(rejects.length)} records`));
    const topSource = await page.locator('.top').filter({ hasText: 'Top rejected sources' }).locator('.top-text').first().textContent();
    const bySource = new Map();
    for (const r of rejects) {
      bySource.set(r[3], (bySource.get(r[3]) ?? 0) + 1);
    }
    assert.equal(topSource, [...bySource.entries()].sort((a, b) => b[1] - a[1])[0][0]);
    const box = await page.locator('.chart .u-over').boundingBox();
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height - 2);
    assert.equal(await page.locator('.time-preset').inputValue(), 'custom');
    await page.waitForFunction((total) => {
      const m = /^([\d,]+) of/.exec(document.querySelector('.count')?.textContent ?? '');
      return m && Number(m[1].replace(/,/g, '')) < total;
    }, rejects.length);
    assert.match(await page.locator('.time-input').first().inputValue(), /^2024-11-27 \d\d:\d\d:00$/);
  });

  it('shows times in UTC or in local time', async () => {
    const viewer = await view(tutorial(), { contextOptions: { timezoneId: 'America/New_York' } });
    const { page } = viewer;
    const first = page.locator('.row[aria-rowindex="2"] .k-time .v').first();
    assert.equal(await first.textContent(), '2024-11-27 08:00:00');
    assert.ok((await page.locator('.hcell[data-field="start"]').textContent()).includes('(UTC)'));
    await page.locator('.btn', { hasText: 'UTC' }).click();
    await page.waitForFunction(() => document.querySelector('.row[aria-rowindex="2"] .k-time .v')?.textContent === '2024-11-27 03:00:00');
    assert.ok((await page.locator('.hcell[data-field="start"]').textContent()).includes('(local)'));
  });

  it('remembers hidden and reordered columns after a reload', async () => {
    const viewer = await view(tutorial());
    const { page } = viewer;
    await page.locator('.btn', { hasText: 'Columns' }).click();
    await page.locator('.column-list input[data-field="account-id"]').uncheck();
    await page.locator('.column-list button[data-field="action"][data-action="up"]').click();
    await page.keyboard.press('Escape');
    const headers = async (p) => p.locator('.hcell[data-field]').evaluateAll((cells) => cells.map((c) => c.dataset.field));
    const before = await headers(page);
    assert.ok(!before.includes('account-id'));
    assert.ok(before.indexOf('action') < before.indexOf('end'), `action was not moved: ${before.join(' ')}`);
    const reloaded = await view(tutorial(), { state: viewer.host.state });
    assert.deepEqual(await headers(reloaded.page), before);
    // A new panel (no state of its own) starts with the columns chosen last.
    const fresh = await view(textSource('file:///samples/other.log', 'other.log', sample('tutorial-vpc1-default.log')), { controllerOptions: { columns: viewer.host.columns } });
    assert.deepEqual(await headers(fresh.page), before);
  });

  it('opens the details of a record with Enter, explaining every field, and copies its line', async () => {
    const text = sample('custom-v5.log');
    const lines = text.trim().split('\n');
    const viewer = await view(textSource('test:custom', 'custom-v5.log', text, { format: CUSTOM_V5 }));
    const { page } = viewer;
    await page.locator('.grid').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog.details');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await dialog.locator('.d-table tbody tr').count(), CUSTOM_V5.split(' ').length);
    const flags = dialog.locator('tr', { has: page.locator('.d-field', { hasText: /^tcp-flags$/ }) });
    const raw = lines[1].split(' ')[19];
    assert.equal(raw, '19');
    assert.equal(await flags.locator('.d-value').textContent(), '19 — FIN, SYN, ACK');
    assert.ok((await flags.locator('.d-desc').textContent()).length > 20);
    assert.equal(await dialog.locator('.d-line').textContent(), lines[1].trim());
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.keyboard.press('Control+C');
    await page.waitForFunction(() => document.querySelector('.notice')?.textContent?.includes('Copied'));
    assert.deepEqual(viewer.host.copied, [lines[1].trim()]);
  });

  it('exports the filtered rows as CSV and JSON', async () => {
    const rows = records(sample('tutorial-vpc1-default.log'));
    const viewer = await view(tutorial());
    const { page } = viewer;
    await page.locator('.f-dstport').fill('22');
    const expected = rows.filter((r) => r[6] === '22');
    await countIs(viewer, `${n(expected.length)} of ${n(rows.length)} records`);
    await page.locator('.btn', { hasText: 'CSV' }).click();
    await page.locator('.btn', { hasText: 'JSON' }).click();
    await page.waitForFunction(() => document.querySelector('.notice')?.textContent?.includes('Exported'));
    const [csv, json] = viewer.host.exports;
    assert.equal(csv.format, 'csv');
    const csvLines = csv.content.trim().split('\r\n');
    assert.equal(csvLines.length, expected.length + 1);
    assert.equal(csvLines[1], expected[0].join(','));
    assert.equal(JSON.parse(json.content).length, expected.length);
  });

  it('lists unreadable lines as text, never as markup, under the page\'s CSP', async () => {
    const viewer = await view(textSource('file:///samples/malformed.log', 'malformed.log', sample('malformed.log')));
    const { page } = viewer;
    const summary = page.locator('.bad-lines summary');
    assert.equal((await summary.textContent()).trim(), '6 lines could not be read');
    await summary.click();
    assert.equal(await page.locator('.bad-list li').count(), 6);
    assert.equal(await page.locator('.bad-lines script, .bad-lines html').count(), 0);
    const markup = page.locator('.bad-text', { hasText: '<script>' });
    assert.equal(await markup.textContent(), '<html><script>alert(1)</script></html>');
    assert.match(await page.locator('.bad-list li', { has: markup }).textContent(), /^Line 7: /);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /connect-src 'none'/);
    assert.match(csp, /script-src 'nonce-[^']+'/);
    const blocked = await page.evaluate(() => fetch('/dist/webview.js').then(() => false, () => true));
    assert.ok(blocked, 'the page could fetch');
    viewer.host.errors.length = 0; // the refused fetch is reported as a CSP violation, as intended
  });

  it('restores its filters, sort and scroll position from the saved state', async () => {
    const text = new FlowLogGenerator(3).defaultLines(20_000);
    const all = records(text);
    const source = () => textSource('bench:20k', '20k', text);
    const viewer = await view(source());
    const { page } = viewer;
    await page.locator('.toggle.action-accept').click();
    await page.locator('.hcell[data-field="srcport"]').click();
    const accepted = all.filter((r) => r[12] === 'ACCEPT').length;
    await countIs(viewer, `${n(accepted)} of ${n(all.length)} records`);
    await page.locator('.grid').evaluate((g) => {
      g.scrollTop = 22 * 5000;
    });
    await page.waitForFunction(() => Number(document.querySelector('.grid-body .row:not(.loading)')?.getAttribute('aria-rowindex')) > 4000);
    await page.waitForTimeout(300);
    const firstBefore = await page.evaluate(() => Math.min(...[...document.querySelectorAll('.grid-body .row')].map((r) => Number(r.getAttribute('aria-rowindex')))));
    const reloaded = await view(source(), { state: viewer.host.state });
    await countIs(reloaded, `${n(accepted)} of ${n(all.length)} records`);
    assert.equal(await reloaded.page.locator('.toggle.action-accept').getAttribute('aria-pressed'), 'true');
    assert.equal(await reloaded.page.locator('.hcell[data-field="srcport"]').getAttribute('aria-sort'), 'ascending');
    await reloaded.page.waitForFunction(() => document.querySelector('.grid').scrollTop > 0);
    const firstAfter = await reloaded.page.evaluate(() => Math.min(...[...document.querySelectorAll('.grid-body .row')].map((r) => Number(r.getAttribute('aria-rowindex')))));
    assert.ok(Math.abs(firstAfter - firstBefore) <= 10, `scrolled to ${firstAfter}, was ${firstBefore}`);
  });

  it('follows a live source: new records arrive while visible, and the view stays at the bottom', async () => {
    const lines = sample('tutorial-vpc1-default.log').trim().split('\n');
    let next = 200;
    const source = textSource('test:live', 'eni-0a1b2c3d4e5f60718-all', lines.slice(0, 200).join('\n'), {
      canFollow: true,
      loadNewer: async () => {
        const page = lines.slice(next, next + 50);
        next += 50;
        return { lines: page };
      },
    });
    const viewer = await view(source, { controllerOptions: { followIntervalMs: 200 } });
    const { page } = viewer;
    await countIs(viewer, '200 records');
    await page.locator('.grid').focus();
    await page.keyboard.press('End');
    await page.locator('.btn[title^="Follow"]').click();
    assert.equal(await page.locator('.btn[title^="Follow"]').getAttribute('aria-pressed'), 'true');
    await countIs(viewer, '400 records');
    // The count is written before the rows of the new window are drawn: wait for the last record's row
    // (row index 401, the header being 1), which a view that did not follow down never draws.
    const followed = await page
      .waitForFunction(() => [...document.querySelectorAll('.grid-body .row')].some((r) => r.getAttribute('aria-rowindex') === '401'), null, { timeout: 30_000 })
      .then(() => true, () => false);
    const lastRow = await page.evaluate(() => Math.max(-1, ...[...document.querySelectorAll('.grid-body .row')].map((r) => Number(r.getAttribute('aria-rowindex')))));
    assert.ok(followed, `the view did not follow the new records down (last row shown: ${lastRow}, expected 401)`);
  });

  it('reads a header-less custom-format file with the well-known layout that fits, says so, and reads it with the format given through Change', async () => {
    const text = sample('custom-v5.log');
    const viewer = await view(textSource('file:///samples/custom-v5.log', 'custom-v5.log', text));
    const { page } = viewer;
    await countIs(viewer, `${n(records(text).length)} records`);
    const banner = page.locator('.banner', { hasText: 'well-known layout that fits every line' });
    await banner.waitFor({ state: 'visible' });
    assert.equal(await banner.evaluate((b) => b.classList.contains('warning')), false, 'a layout that fits is not a warning');
    assert.ok(await page.locator('.bad-lines').isHidden());
    await page.locator('.banner-change').click();
    await page.locator('.format-input').fill(CUSTOM_V5);
    await page.locator('.format-input').press('Enter');
    await page.locator('.banner', { hasText: 'the format you set' }).waitFor({ state: 'visible' });
    await countIs(viewer, `${n(records(text).length)} records`);
    assert.equal(viewer.host.state.format, CUSTOM_V5);
  });

  // ---- what a person sees first -----------------------------------------------------------------

  const READING = ['start', 'action', 'srcaddr', 'dstaddr', 'dstport', 'protocol', 'bytes', 'packets'];
  const headers = (page) => page.locator('.hcell[data-field]').evaluateAll((cells) => cells.map((c) => c.dataset.field));
  const INSTANCE_1 = 'Instance 1 (eni-0a1b2c3d4e5f60718)';
  const labelled = () =>
    textSource('file:///samples/tutorial-vpc1-default.log', 'tutorial-vpc1-default.log', sample('tutorial-vpc1-default.log'), {
      labels: new Map([['10.1.5.112', INSTANCE_1], ['10.2.15.210', 'Instance 2 (eni-0fedcba9876543210)']]),
    });

  it('leads with the reading columns, all in view at 1400 px beside the summary, and folds what every record shares into one line', async () => {
    const rows = records(sample('custom-v5.log'));
    const viewer = await view(textSource('test:custom', 'custom-v5.log', sample('custom-v5.log'), { format: CUSTOM_V5, labels: new Map([['10.1.5.112', INSTANCE_1]]) }), {
      viewport: { width: 1400, height: 820 },
    });
    const { page } = viewer;
    const fields = CUSTOM_V5.match(/[\w-]+(?=\})/g);
    // Fields with one value in all 300 records, worked out from the file itself.
    const same = fields.filter((f, i) => !READING.includes(f) && rows.every((r) => r[i] === rows[0][i]));
    assert.ok(same.includes('interface-id') && same.includes('vpc-id') && same.includes('account-id'), same.join(' '));
    const shown = await headers(page);
    assert.deepEqual(shown.slice(0, READING.length), READING);
    assert.deepEqual(shown.filter((f) => same.includes(f)), [], 'a field every record shares is still a column');
    assert.deepEqual(shown.slice(READING.length), fields.filter((f) => !READING.includes(f) && !same.includes(f)), 'the rest is not in format order');
    const line = await page.locator('.folded').textContent();
    assert.match(line, /^All 300 records: interface eni-0a1b…0718 Instance 1 · VPC vpc-0abc…7890 · subnet subnet-0…ef90 · instance i-012345…def0 · account 123456789012 · region us-west-2 · AZ usw2-az1 · version 5 · no value sublocation type, sublocation$/);
    assert.equal(await page.locator('.fold[data-field="interface-id"]').getAttribute('title').then((t) => t.split('\n')[0]), `Interface: eni-0a1b2c3d4e5f60718 — Instance 1`);
    // Every reading column ends inside the table's visible width: nothing to scroll to.
    assert.equal(await page.locator('.summary').isVisible(), true);
    const visibleRight = await page.locator('.grid').evaluate((g) => g.getBoundingClientRect().left + g.clientWidth);
    for (const field of READING) {
      const box = await page.locator(`.hcell[data-field="${field}"]`).boundingBox();
      assert.ok(box.x + box.width <= visibleRight + 0.5, `${field} ends at ${box.x + box.width}, the table at ${visibleRight}`);
    }
  });

  it('brings a folded field back as a column when a newer page makes it vary', async () => {
    const lines = sample('tutorial-vpc1-default.log').trim().split('\n');
    const other = lines.slice(0, 30).map((l) => l.replace('eni-0a1b2c3d4e5f60718', 'eni-0fedcba9876543210'));
    const viewer = await view(textSource('test:pages', 'eni-all', lines.join('\n'), { loadNewer: async () => ({ lines: other }) }));
    const { page } = viewer;
    assert.ok(!(await headers(page)).includes('interface-id'));
    assert.match(await page.locator('.folded').textContent(), /^All 400 records: interface eni-0a1b…0718 · account 123456789012 · version 2$/);
    await page.locator('.btn', { hasText: 'Newer' }).click();
    await countIs(viewer, '430 records');
    await page.waitForFunction(() => document.querySelector('.hcell[data-field="interface-id"]'));
    assert.equal(await page.locator('.folded').textContent(), 'All 430 records: account 123456789012 · version 2');
    // It comes back after the reading columns, where the format order puts it.
    const shown = await headers(page);
    assert.deepEqual(shown.slice(0, READING.length), READING);
    assert.ok(shown.indexOf('interface-id') > shown.indexOf('version'));
  });

  it('keeps the user\'s column choice: a folded field ticked in Columns stays a column, a hidden one stays hidden, after a reload', async () => {
    const viewer = await view(tutorial());
    const { page } = viewer;
    await page.locator('.btn', { hasText: 'Columns' }).click();
    const account = page.locator('.column-list input[data-field="account-id"]');
    assert.equal(await account.isChecked(), false, 'a folded field is shown as ticked');
    assert.match(await page.locator('.column-list li', { has: page.locator('input[data-field="account-id"]') }).textContent(), /same in every record/);
    await account.check();
    await page.locator('.column-list input[data-field="protocol"]').uncheck();
    await page.keyboard.press('Escape');
    const chosen = await headers(page);
    assert.ok(chosen.includes('account-id') && !chosen.includes('protocol'), chosen.join(' '));
    assert.ok(!(await page.locator('.folded').textContent()).includes('account'));
    assert.deepEqual(viewer.host.columns.shown, ['account-id']);
    const reloaded = await view(tutorial(), { state: viewer.host.state });
    assert.deepEqual(await headers(reloaded.page), chosen);
    const fresh = await view(textSource('file:///samples/other.log', 'other.log', sample('tutorial-vpc1-default.log')), { controllerOptions: { columns: viewer.host.columns } });
    assert.deepEqual(await headers(fresh.page), chosen);
  });

  it('resizes the summary by its edge, with the pointer and the keyboard, collapses it, and remembers both', async () => {
    const viewer = await view(tutorial(), { viewport: { width: 1400, height: 820 } });
    const { page } = viewer;
    const width = () => page.locator('.summary').evaluate((e) => Math.round(e.getBoundingClientRect().width));
    const before = await width();
    const edge = await page.locator('.splitter').boundingBox();
    await page.mouse.move(edge.x + edge.width / 2, edge.y + 200);
    await page.mouse.down();
    await page.mouse.move(edge.x + edge.width / 2 - 60, edge.y + 200, { steps: 4 });
    await page.mouse.move(edge.x + edge.width / 2 - 120, edge.y + 200, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction((w) => Math.round(document.querySelector('.summary').getBoundingClientRect().width) === w, before + 120);
    await page.locator('.splitter').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((w) => Math.round(document.querySelector('.summary').getBoundingClientRect().width) === w, before + 80);
    assert.equal(await page.locator('.splitter').getAttribute('aria-valuenow'), String(before + 80));
    assert.equal(viewer.host.state.summaryWidth, before + 80);
    await page.keyboard.press('Enter');
    await page.locator('.summary').waitFor({ state: 'hidden' });
    assert.equal(await page.locator('.btn', { hasText: 'Summary' }).getAttribute('aria-pressed'), 'false');
    const reloaded = await view(tutorial(), { state: viewer.host.state, viewport: { width: 1400, height: 820 } });
    assert.equal(await reloaded.page.locator('.summary').isHidden(), true);
    await reloaded.page.locator('.btn', { hasText: 'Summary' }).click();
    await reloaded.page.locator('.summary').waitFor({ state: 'visible' });
    assert.equal(await reloaded.page.locator('.summary').evaluate((e) => Math.round(e.getBoundingClientRect().width)), before + 80);
    // The panel's own button collapses it too.
    await reloaded.page.locator('.summary-hide').click();
    await reloaded.page.locator('.summary').waitFor({ state: 'hidden' });
  });

  it('lists talkers as "source → destination" with short labels, the full label on hover, long ids shortened in the middle', async () => {
    const viewer = await view(labelled());
    const { page } = viewer;
    await page.waitForFunction(() => document.body.dataset.summarySeq !== undefined);
    const talkers = page.locator('.top').filter({ hasText: 'Top talkers' }).locator('.top-item');
    const first = talkers.first();
    assert.equal(await first.locator('.ep-addr').first().textContent(), '10.1.5.112');
    assert.equal(await first.locator('.ep-label').first().textContent(), 'Instance 1');
    assert.equal(await first.locator('.arrow').textContent(), '→');
    for (const text of await page.locator('.top-text').allTextContents()) {
      assert.ok(!text.includes('('), `brackets in "${text}"`);
    }
    assert.match(await first.getAttribute('title'), /^10\.1\.5\.112 — Instance 1 \(eni-0a1b2c3d4e5f60718\)\n→ /);
    // Nothing is cut: the destination is on screen inside the panel.
    const panel = await page.locator('.summary').boundingBox();
    const destination = await first.locator('.ep-to .ep-addr').boundingBox();
    assert.ok(destination.x + destination.width <= panel.x + panel.width, 'the destination is cut off');
    const iface = page.locator('.top').filter({ hasText: 'Interfaces' }).locator('.top-item').first();
    assert.equal(await iface.locator('.ep-addr').textContent(), 'eni-0a1b…0718');
    assert.equal(await iface.locator('.ep-label').textContent(), 'Instance 1');
    assert.match(await iface.getAttribute('title'), /^eni-0a1b2c3d4e5f60718 — Instance 1\n/);
    // The table shows the name beside the address, and the interface in the tooltip.
    const cell = page.locator('.row .k-address', { hasText: '10.1.5.112' }).first();
    assert.equal(await cell.locator('.note').textContent(), 'Instance 1');
    await cell.hover();
    assert.match(await cell.getAttribute('title'), /Instance 1 \(eni-0a1b2c3d4e5f60718\)/);
  });

  for (const theme of ['dark', 'light', 'high-contrast', 'high-contrast-light']) {
    it(`draws filter placeholders as examples in the theme's placeholder colour (${theme})`, async () => {
      const viewer = await view(tutorial(), { theme });
      const { page } = viewer;
      const placeholders = await page.locator('.filter-input').evaluateAll((inputs) => inputs.map((i) => [i.getAttribute('aria-label'), i.placeholder]));
      for (const [label, placeholder] of placeholders) {
        assert.match(placeholder, label === 'Search' ? /^any text$/ : /^e\.g\. /, `${label}: "${placeholder}"`);
      }
      assert.equal(Object.fromEntries(placeholders)['Dst port'], 'e.g. 443 or 1024-65535');
      const colours = await page.evaluate(() => {
        const probe = document.createElement('span');
        probe.style.color = 'var(--vscode-input-placeholderForeground)';
        document.body.append(probe);
        const theme = getComputedStyle(probe).color;
        probe.remove();
        const input = document.querySelector('.f-srcaddr');
        return { theme, placeholder: getComputedStyle(input, '::placeholder').color, style: getComputedStyle(input, '::placeholder').fontStyle, typed: getComputedStyle(input).color };
      });
      assert.notEqual(colours.theme, 'rgba(0, 0, 0, 0)');
      assert.equal(colours.placeholder, colours.theme);
      assert.notEqual(colours.placeholder, colours.typed, 'a placeholder looks like typed text');
      assert.equal(colours.style, 'italic');
    });
  }

  it('counts in the right number: 1 record, 1 line, 2 records', async () => {
    const lines = sample('tutorial-vpc1-default.log').trim().split('\n');
    const reject = lines.find((l) => l.includes(' REJECT '));
    const viewer = await view(textSource('test:one', 'one.log', `${reject}\nnot a record\n`));
    const { page } = viewer;
    await countIs(viewer, '1 record');
    assert.equal((await page.locator('.bad-lines summary').textContent()).trim(), '1 line could not be read');
    await page.waitForFunction(() => document.body.dataset.summarySeq !== undefined);
    assert.match(await page.locator('.split-line.reject').textContent(), /REJECT 1 record ·/);
    assert.equal(await page.locator('.stat-label').first().textContent(), 'Record');
    assert.equal(await page.locator('.folded').isHidden(), true, 'one record folds every field away');
    const two = await view(textSource('test:two', 'two.log', `${reject}\n${lines[0]}\n`));
    await countIs(two, '2 records');
    await two.page.locator('.toggle.action-reject').click();
    await countIs(two, '1 of 2 records');
  });

  it('labels public addresses with their AWS service and region from AWS\'s IP ranges', async () => {
    const ranges = parseAwsIpRanges(readFileSync(join(root, 'test', 'fixtures', 'ip-ranges.json'), 'utf8'));
    const viewer = await view(labelled(), { controllerOptions: { awsRanges: () => ranges } });
    const { page } = viewer;
    await page.locator('.f-dstaddr').fill('52.94.25.161');
    await page.waitForFunction(() => / of /.test(document.querySelector('.count')?.textContent ?? ''));
    await page.waitForFunction(() => document.querySelector('.row:not(.loading) .k-address'));
    const cell = page.locator('.row .k-address', { hasText: '52.94.25.161' }).first();
    assert.equal(await cell.locator('.note').textContent(), 'AMAZON, us-west-2');
    await cell.hover();
    assert.match(await cell.getAttribute('title'), /52\.94\.16\.0\/20 in AWS's IP ranges of 2024-11-27/);
    await page.waitForFunction(() => [...document.querySelectorAll('.ep-label')].some((e) => e.textContent === 'AMAZON, us-west-2'));
    // Instance Connect's /29 inside EC2's /15: the longest prefix names it.
    await page.locator('.f-dstaddr').fill('');
    await page.locator('.f-srcaddr').fill('18.237.140.165');
    await page.waitForFunction(() => document.querySelector('.row:not(.loading) .k-address .note')?.textContent === 'EC2_INSTANCE_CONNECT, us-west-2');
  });
});
