// Runs the unit tests (out/test/unit/**/*.test.js, compiled by `npm run compile-tests`) with mocha in
// plain Node and writes .cache/results/unit.json for the summary line.
import Mocha from 'mocha';
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/code-server.mjs';

// The SDK warns that its 2027 releases need Node 22; the unit tests run on the build machine's Node (20
// here), while the extension itself runs in VS Code's extension host (Node 22 or newer). Not the tests' news.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
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
