// Runs the unit tests (out/test/unit/**/*.test.js, compiled by `npm run compile-tests`) with mocha in
// plain Node and writes .cache/results/unit.json for the summary line.
import Mocha from 'mocha';
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/code-server.mjs';

const dir = join(root, 'out', 'test', 'unit');
const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, reporter: process.env.VPCFL_REPORTER ?? 'dot', grep: process.argv[2] });
for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
  if (file.endsWith('.test.js')) {mocha.addFile(join(dir, file));}
}
await mocha.loadFilesAsync();
const runner = mocha.run((failures) => {
  const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
  mkdirSync(join(root, '.cache', 'results'), { recursive: true });
  writeFileSync(join(root, '.cache', 'results', 'unit.json'), JSON.stringify({ suite: 'unit', passed: passes, failed, pending }));
  process.exitCode = failures ? 1 : 0;
});
