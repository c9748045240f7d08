// `npm start`: builds the extension and opens it on the sample workspace in a real VS Code. With the
// desktop `code` on PATH it starts that with --extensionDevelopmentPath; otherwise it serves the
// code-server build (installed into .cache/ on first use) and prints the URL to open in a browser.
// Options: --port N (default 8080), --host H (default 127.0.0.1), --folder DIR (default samples/).
// Your own AWS profiles and environment are used; the code-server profile is kept in .cache/start-profile.
import { spawnSync, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { root, startCodeServer, workbenchUrl } from './lib/code-server.mjs';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
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
  const server = await startCodeServer({
    port: Number(option('port', process.env.PORT ?? 8080)),
    host: option('host', '127.0.0.1'),
    // The workbench loads an extension under development from the URL payload only with the test driver on.
    testDriver: true,
    profileDir: join(root, '.cache', 'start-profile'),
  });
  const url = workbenchUrl(server, { folder, extensionDevelopmentPath: root });
  console.log(`\nstart: VS Code (code-server) is serving the extension on ${folder}`);
  console.log(`start: open this URL in a browser:\n\n  ${url}\n`);
  console.log('start: press Ctrl+C to stop.');
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
