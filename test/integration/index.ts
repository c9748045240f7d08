// Entry point of the integration suite inside a real VS Code extension host. The same module serves
// the code-server harness (scripts/run-integration.mjs) and @vscode/test-electron on a desktop
// (scripts/run-desktop-tests.mjs): both load it as `extensionTestsPath` and call `run()`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 30_000,
    reporter: 'spec',
    ...(process.env['VPCFL_TEST_GREP'] ? { grep: process.env['VPCFL_TEST_GREP'] } : {}),
  });
  // The explorer's suite checks that activation leaves the AWS SDK unloaded: it runs before any suite that
  // sends a request (the others in name order).
  const first = (file: string): number => (path.basename(file) === 'explorer.test.js' ? 0 : 1);
  const files = fs.readdirSync(__dirname, { recursive: true, encoding: 'utf8' }).sort((a, b) => first(a) - first(b) || a.localeCompare(b));
  for (const file of files) {
    if (file.endsWith('.test.js')) {
      mocha.addFile(path.join(__dirname, file));
    }
  }
  console.log(`VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI, extension host Node ${process.versions.node})`);
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
      // One machine-readable line for the harness, which adds up the suites.
      console.log(`VPCFL_RESULT ${JSON.stringify({ suite: 'integration', passed: passes, failed, pending })}`);
      if (failures > 0) {
        reject(new Error(`${failures} integration test(s) failed`));
      } else {
        resolve();
      }
    });
  });
}
