// The suites' result files (`<suite>.json`: { suite, passed, failed, pending }) and the one line that adds
// them up, `N passed, N failed`, printed last by `npm test` and by .ci/run.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Reads every result file in `dirs` and returns the per-suite parts and the totals. */
export function readResults(dirs) {
  let passed = 0;
  let failed = 0;
  const parts = [];
  for (const dir of dirs) {
    for (const file of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : []) {
      const r = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      passed += r.passed;
      failed += r.failed;
      parts.push(`${r.suite} ${r.passed}/${r.passed + r.failed}`);
    }
  }
  return { passed, failed, parts, line: `${passed} passed, ${failed} failed` };
}

// `node scripts/lib/results.mjs DIR...` prints the parts and the total line; exits 1 when anything failed
// or nothing ran.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { passed, failed, parts, line } = readResults(process.argv.slice(2));
  console.log(`(${parts.join('; ')})`);
  console.log(line);
  process.exit(failed || !passed ? 1 : 0);
}
