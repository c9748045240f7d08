// `npm start`: builds the extension and opens it on the sample workspace in a real VS Code. With the
// desktop `code` on PATH it starts that with --extensionDevelopmentPath; otherwise it serves the
// code-server build (installed into .cache/ on first use) and prints the URL to open in a browser.
// Options: --port N (default 8080), --host H (default 127.0.0.1), --folder DIR (default samples/),
// --code-server (use code-server even when `code` is on PATH).
// Your own AWS profiles and environment are used; the code-server profile is kept in .cache/start-profile.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { root, startCodeServer, workbenchUrl } from './lib/code-server.mjs';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

/**
 * Installs the working tree into the profile's extensions folder as a link, so code-server loads it as
 * an installed extension: the workbench then honours the profile's settings (its extension-development
 * mode, which needs the smoke-test driver in code-server, falls back to the default theme). After a
 * rebuild (`npm run build`, or `npm run watch` in another terminal), "Developer: Reload Window" loads it.
 */
function linkExtension(extensionsDir) {
  const { publisher, name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const linkName = `${publisher}.${name}-${version}`;
  mkdirSync(extensionsDir, { recursive: true });
  const link = join(extensionsDir, linkName);
  const current = existsSync(link) && lstatSync(link).isSymbolicLink() ? readlinkSync(link) : undefined;
  if (current === root) {
    return;
  }
  // A link left by another version or checkout: code-server's list of installed extensions names it, so
  // both go and the list is rebuilt from the folder.
  for (const entry of readdirSync(extensionsDir)) {
    if (entry.startsWith(`${publisher}.${name}-`) || entry === 'extensions.json') {
      rmSync(join(extensionsDir, entry), { recursive: true, force: true });
    }
  }
  symlinkSync(root, link, 'dir');
}

const folder = resolve(option('folder', join(root, 'samples')));
const build = spawnSync('node', ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  process.exit(build.status ?? 1);
}

const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0 && !process.argv.includes('--code-server');
if (hasCode) {
  console.log(`start: opening ${folder} in the desktop VS Code with the extension under development`);
  spawn('code', [`--extensionDevelopmentPath=${root}`, folder], { stdio: 'inherit', detached: true }).unref();
} else {
  const profileDir = join(root, '.cache', 'start-profile');
  linkExtension(join(profileDir, 'extensions'));
  const server = await startCodeServer({
    port: Number(option('port', process.env.PORT ?? 8080)),
    host: option('host', '127.0.0.1'),
    profileDir,
  });
  const url = workbenchUrl(server, { folder });
  console.log(`\nstart: VS Code (code-server) is serving the extension on ${folder}`);
  console.log(`start: open this URL in a browser:\n\n  ${url}\n`);
  console.log('start: after a rebuild (npm run build, or npm run watch in another terminal), run "Developer: Reload Window".');
  console.log('start: press Ctrl+C to stop.');
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
