// The Live Tail benchmark: the fake Live Tail endpoint (test/fixtures/liveTailFake.ts) on loopback, the
// real SDK through the AWS layer, a Live Tail source and the real host controller in Node, and the real
// webview bundle in headless Chromium (scripts/lib/viewer-page.mjs). Prints:
//   - the delay from an update sent by the fake to its row drawn in the table (median and p95 of
//     LIVE_BENCH_SAMPLES), beside the same update's arrival at a bare SDK session (the baseline: what
//     the viewer adds is the difference);
//   - the memory of the host process (RSS, heap) and the page's JS heap while the fake sends 500 events
//     a second for LIVE_BENCH_SECONDS (default 300) with the cap at LIVE_BENCH_MAX records;
//   - the fake's log around Stop (the connection closed by the client).
// Needs `node esbuild.mjs` and `npx tsc -p .` first. Run: node --expose-gc scripts/bench-livetail.mjs
/* global document, performance, requestAnimationFrame -- page.evaluate callbacks run in the browser */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { root, launchChromium } from './lib/code-server.mjs';
import { startAssetServer, openViewer } from './lib/viewer-page.mjs';

const require = createRequire(import.meta.url);
const { FakeAws } = require(join(root, 'out', 'test', 'integration', 'fakeAws.js'));
const { registerLiveTail } = require(join(root, 'out', 'test', 'fixtures', 'liveTailFake.js'));
const { awsTestEnv } = require(join(root, 'out', 'test', 'unit', 'aws', 'awsTestEnv.js'));
const { LogsApi } = require(join(root, 'out', 'src', 'aws', 'logs.js'));
const { LiveTailSource } = require(join(root, 'out', 'src', 'livetail', 'source.js'));

const SAMPLES = Number(process.env.LIVE_BENCH_SAMPLES ?? 40);
const SECONDS = Number(process.env.LIVE_BENCH_SECONDS ?? 300);
const MAX = Number(process.env.LIVE_BENCH_MAX ?? 100_000);
const RATE = 500;
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mb = (bytes) => `${fmt(bytes / 1048576, 1)} MB`;
const load = () => loadavg()[0].toFixed(1);
const now = () => performance.timeOrigin + performance.now();
const quantile = (values, q) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

console.log(`Live Tail benchmark: ${cpus().length} CPUs, load average ${load()} (a shared machine: figures are noisy)`);
const fake = await new FakeAws().start();
const tail = registerLiveTail(fake);
const env = awsTestEnv({ region: 'us-west-2', endpointUrl: fake.url }, 1);
const logs = new LogsApi(env.factory);
const group = { name: 'VPCFlowLogsGroup', arn: 'arn:aws:logs:us-west-2:123456789012:log-group:VPCFlowLogsGroup' };
const browser = await launchChromium();
const server = await startAssetServer();
const baselineAbort = new globalThis.AbortController();
let viewer;
try {
  // The baseline: a bare session on the same fake, timing when each marked update reaches the SDK's iterator.
  const arrivals = new Map();
  const bare = await logs.startLiveTail({ groupArns: [group.arn] }, baselineAbort.signal);
  void (async () => {
    for await (const update of bare) {
      if (update.kind === 'update') {
        for (const e of update.events) {
          const marker = /10\.99\.\d+\.\d+/.exec(e.message)?.[0];
          if (marker) {
            arrivals.set(marker, now());
          }
        }
      }
    }
  })();
  const source = new LiveTailSource({ region: 'us-west-2', groups: [group] }, { api: logs, idleMs: 0, maxRecords: MAX });
  viewer = await openViewer({ browser, server, source, viewport: { width: 1400, height: 900 } });
  const { page, controller } = viewer;
  await tail.waitForSession(2);
  await page.waitForFunction(() => document.querySelector('.live-state')?.textContent === 'Live');

  // 1. Delay: one marked record per update, from the fake's write to the first frame whose table shows it.
  const delays = [];
  const baseline = [];
  for (let i = 0; i < SAMPLES; i++) {
    const marker = `10.99.${i >> 8}.${i & 255}`;
    const drawn = page.evaluate(
      (m) =>
        new Promise((resolve) => {
          const check = () => {
            if (document.querySelector('.grid-body')?.textContent?.includes(m)) {
              resolve(performance.timeOrigin + performance.now());
            } else {
              requestAnimationFrame(check);
            }
          };
          check();
        }),
      marker,
    );
    await page.evaluate(() => 0);
    const sent = now();
    tail.emit([`2 123456789012 eni-0a1b2c3d4e5f60718 ${marker} 10.1.5.112 ${40000 + i} 443 6 3 180 ${Math.floor(sent / 1000) - 60} ${Math.floor(sent / 1000)} REJECT OK`]);
    delays.push((await drawn) - sent);
    baseline.push((arrivals.get(marker) ?? NaN) - sent);
    await sleep(250);
  }
  console.log(`  delay, update sent -> row drawn (${SAMPLES} updates): median ${fmt(quantile(delays, 0.5), 1)} ms, p95 ${fmt(quantile(delays, 0.95), 1)} ms; load ${load()}`);
  console.log(`  baseline, update sent -> bare SDK iterator: median ${fmt(quantile(baseline, 0.5), 1)} ms, p95 ${fmt(quantile(baseline, 0.95), 1)} ms (the viewer adds ${fmt(quantile(delays, 0.5) - quantile(baseline, 0.5), 1)} ms at the median)`);

  // 2. Memory: 500 events a second for SECONDS seconds, the cap at MAX records.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const pageHeap = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  globalThis.gc?.();
  const start = { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed, page: await pageHeap() };
  console.log(`  memory at start: RSS ${mb(start.rss)}, heap ${mb(start.heap)}, page JS heap ${mb(start.page)}, ${fmt(controller.records?.count ?? 0)} records; load ${load()}`);
  let peakRss = start.rss;
  for (let s = 1; s <= SECONDS; s++) {
    tail.emitRate(RATE);
    await sleep(1000);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (s % 60 === 0 || s === SECONDS) {
      console.log(`    ${s} s: ${fmt(controller.records?.count ?? 0)} records kept, ${fmt(controller.droppedRecords)} dropped, RSS ${mb(process.memoryUsage().rss)}; load ${load()}`);
    }
  }
  globalThis.gc?.();
  const end = { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed, page: await pageHeap() };
  console.log(`  memory after ${SECONDS} s at ${RATE} events/s (cap ${fmt(MAX)}): RSS ${mb(end.rss)} (peak ${mb(peakRss)}), heap ${mb(end.heap)}, page JS heap ${mb(end.page)}, ${fmt(controller.records?.count ?? 0)} records kept, ${fmt(controller.droppedRecords)} dropped, store ${mb(controller.records?.memoryBytes() ?? 0)}; load ${load()}`);

  // 3. Stop: the live bar's Stop button, and what the fake saw.
  const session = tail.sessions[1];
  await page.click('.live-actions .btn:nth-child(2)');
  await tail.waitForClose(session);
  console.log(`  Stop: the fake's log ends ${JSON.stringify(tail.log.filter((l) => l.includes(session.id) && !l.startsWith('update')).concat(tail.log.filter((l) => l.startsWith(`update ${session.id}`)).slice(-1)))}; closed by ${session.closedBy}`);
} finally {
  baselineAbort.abort();
  await viewer?.close();
  await browser.close();
  await server.close?.();
  env.dispose();
  await fake.stop();
}
