// Benchmark: how long the extension's activate() takes in a real extension host (code-server), median of
// 5 fresh hosts, beside what requiring the AWS SDK bundle costs in the same host (which activation avoids
// by loading it on first use). Prints the load average beside the figures; a busy machine is slower.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { root, startCodeServer, launchChromium, workbenchUrl } from './lib/code-server.mjs';
import { fakeAwsEnv } from './lib/env.mjs';

const runs = Number(process.env.BENCH_ACTIVATION_RUNS ?? 5);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const server = await startCodeServer({ testDriver: true, env: fakeAwsEnv() });
const browser = await launchChromium();
const samples = [];
try {
  for (let i = 0; i < runs; i++) {
    // A new page is a new window, with an extension host of its own: each run activates from cold.
    const page = await browser.newPage();
    const result = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no activation figure within 120 s')), 120_000);
      void page.exposeFunction('codeAutomationLog', (_type, args) => {
        const match = /VPCFL_BENCH (\{.*\})/.exec(String(Array.isArray(args) ? args.join(' ') : args));
        if (match) {
          clearTimeout(timer);
          resolve(JSON.parse(match[1]));
        }
      });
      void page.exposeFunction('codeAutomationExit', () => {});
    });
    await page.goto(workbenchUrl(server, { folder: join(root, 'samples'), extensionDevelopmentPath: root, extensionTestsPath: join(root, 'scripts', 'activation-probe') }));
    samples.push(await result);
    await page.close();
  }
} finally {
  await browser.close().catch(() => {});
  await server.stop();
}
const activation = median(samples.map((s) => s.activationMs));
const sdk = median(samples.map((s) => s.sdkRequireMs));
console.log('\nActivation in a real extension host (code-server), median of', runs, 'fresh hosts');
console.log(`  activate():                 ${activation.toFixed(1)} ms   (runs: ${samples.map((s) => s.activationMs.toFixed(1)).join(', ')})`);
console.log(`  require(dist/aws-sdk.js):   ${sdk.toFixed(1)} ms   (kept out of activation: loaded at activation in ${samples.filter((s) => s.sdkLoadedAtActivation).length} of ${runs} runs)`);
console.log(`  activation / SDK load:      ${(activation / sdk).toFixed(2)}`);
console.log(`  load average:               ${loadavg().map((l) => l.toFixed(2)).join(' ')} (${(await import('node:os')).cpus().length} cores)`);
