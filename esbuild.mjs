// Builds the extension's bundles:
//   src/extension.ts        -> dist/extension.js  (Node, CommonJS, `vscode` external)
//   src/aws/sdk.ts          -> dist/aws-sdk.js    (Node; the AWS SDK, required on first AWS use only,
//                                                  because requiring it costs ~180 ms and activation must stay fast)
//   src/viewer/webview/main.ts -> dist/webview.js (browser)
//   src/insights/webview/main.ts -> dist/insights-webview.js (browser; Logs Insights results)
// Flags: --production (minify, no source maps), --watch.
import * as esbuild from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Keeps `require('./sdk')` in src/aws out of the main bundle: it resolves to the separate aws-sdk.js. */
const lazySdk = {
  name: 'lazy-aws-sdk',
  setup(build) {
    build.onResolve({ filter: /^\.\/sdk$/ }, (args) =>
      args.importer.includes(`${'src'}/aws/`) || args.importer.includes('src\\aws\\')
        ? { path: './aws-sdk.js', external: true }
        : undefined,
    );
  },
};

/** Prints errors in the `file:line:col: error` form that VS Code's problem matchers read. */
const problems = {
  name: 'problems',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`${location?.file}:${location?.line}:${location?.column}: error: ${text}`);
      }
      if (watch) {console.log(`[watch] build finished (${result.errors.length} errors)`);}
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    plugins: [lazySdk, problems],
  },
  {
    ...common,
    entryPoints: ['src/aws/sdk.ts'],
    outfile: 'dist/aws-sdk.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    mainFields: ['module', 'main'],
    plugins: [problems],
  },
  {
    ...common,
    entryPoints: ['src/viewer/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    plugins: [problems],
  },
  {
    ...common,
    entryPoints: ['src/insights/webview/main.ts'],
    outfile: 'dist/insights-webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    plugins: [problems],
  },
].filter((t) => existsSync(t.entryPoints[0]));

/** Static assets the webview loads from dist/ (codicons font and css, chart css). */
async function copyAssets() {
  await mkdir('dist/codicons', { recursive: true });
  await cp('node_modules/@vscode/codicons/dist/codicon.css', 'dist/codicons/codicon.css');
  await cp('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/codicons/codicon.ttf');
  if (existsSync('node_modules/uplot/dist/uPlot.min.css')) {
    await cp('node_modules/uplot/dist/uPlot.min.css', 'dist/uPlot.min.css');
  }
}

if (production) {
  // Stale source maps from development builds must not end up in the .vsix.
  await rm('dist', { recursive: true, force: true });
}
await copyAssets();
if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] watching for changes');
} else {
  const results = await Promise.allSettled(targets.map((t) => esbuild.build(t)));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) {process.exit(1);}
}
