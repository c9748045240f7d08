// Runs the real viewer webview bundle (dist/webview.js, the HTML and CSP of src/viewer/html.ts) in
// headless Chromium against the real host controller (out/src/viewer/controller.js) in Node: the page's
// `acquireVsCodeApi().postMessage` is a function exposed by Playwright that calls the controller, and the
// controller's messages are dispatched in the page as the `message` events VS Code would deliver.
// Used by the browser tests (test/webview) and the viewer benchmark (scripts/bench-viewer.mjs).
// Needs `node esbuild.mjs` and `npx tsc -p .` first.
/* global window, document, MessageEvent, requestAnimationFrame -- page.evaluate callbacks run in the browser */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, normalize, sep } from 'node:path';
import { root } from './code-server.mjs';

const require = createRequire(import.meta.url);
const { ViewerController } = require(join(root, 'out', 'src', 'viewer', 'controller.js'));
const { viewerHtml, createNonce } = require(join(root, 'out', 'src', 'viewer', 'html.js'));

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.svg': 'image/svg+xml', '.map': 'application/json' };
/** Folders the page may load from (as a webview's localResourceRoots), plus the test themes. */
const SERVED = ['dist', 'media', join('test', 'webview')];

/** The body classes VS Code gives a webview for each kind of theme. */
export const THEMES = {
  dark: 'vscode-dark',
  light: 'vscode-light',
  'high-contrast': 'vscode-high-contrast',
  'high-contrast-light': 'vscode-high-contrast-light',
};

/** Serves the viewer page and its assets on a loopback port. */
export async function startAssetServer() {
  let origin = '';
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/' || url.pathname === '/viewer.html') {
      const theme = url.searchParams.get('theme') ?? 'dark';
      let html = viewerHtml({
        cspSource: origin,
        nonce: createNonce(),
        scriptUri: `${origin}/dist/webview.js`,
        styleUri: `${origin}/media/viewer.css`,
        codiconsUri: `${origin}/dist/codicons/codicon.css`,
        chartStyleUri: `${origin}/dist/uPlot.min.css`,
      });
      // VS Code defines the theme's colours as --vscode-* variables and marks the theme kind on <body>.
      html = html
        .replace('</head>', `<link rel="stylesheet" href="${origin}/test/webview/themes.css">\n</head>`)
        .replace('<body>', `<body class="${THEMES[theme] ?? THEMES.dark}" data-vscode-theme-kind="${THEMES[theme] ?? THEMES.dark}">`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return;
    }
    const path = normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    if (!SERVED.some((folder) => path.startsWith(folder + sep) || path.startsWith(`${folder}/`))) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(root, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Opens a page with the viewer on a source.
 * @param {object} options
 * @param {import('playwright-core').Browser} options.browser
 * @param {{ origin: string }} options.server
 * @param {object} options.source a RecordSource
 * @param {string} [options.theme] dark | light | high-contrast | high-contrast-light
 * @param {object} [options.state] webview state to start from (as after a reload)
 * @param {object} [options.controllerOptions]
 * @param {object} [options.contextOptions] e.g. { timezoneId }
 */
export async function openViewer({ browser, server, source, theme = 'dark', state, controllerOptions = {}, contextOptions = {}, viewport = { width: 1280, height: 800 } }) {
  const context = await browser.newContext({ viewport, ...contextOptions });
  const page = await context.newPage();
  const host = {
    posted: [],
    copied: [],
    exports: [],
    errors: [],
    state,
  };
  page.on('console', (message) => {
    if (message.type() === 'error') {
      host.errors.push(message.text());
    }
  });
  page.on('pageerror', (error) => host.errors.push(String(error)));
  let controller;
  await page.exposeFunction('__vpcflToHost', (message) => controller?.receive(message));
  await page.exposeFunction('__vpcflSetState', (value) => {
    host.state = value;
  });
  await page.addInitScript((initial) => {
    let saved = initial;
    window.acquireVsCodeApi = () => ({
      postMessage: (message) => void window.__vpcflToHost(message),
      getState: () => saved,
      setState: (value) => {
        saved = value;
        void window.__vpcflSetState(value);
      },
    });
  }, state ?? null);
  const post = (message) => {
    host.posted.push(message.type);
    void page
      .evaluate((m) => window.dispatchEvent(new MessageEvent('message', { data: m })), message)
      .catch(() => {});
  };
  controller = new ViewerController(
    source,
    {
      post,
      copyText: async (text) => {
        host.copied.push(text);
      },
      saveExport: async (format, name, content) => {
        host.exports.push({ format, name, content: content() });
        return name;
      },
      rememberColumns: (columns) => {
        host.columns = columns;
      },
    },
    { testHooks: false, ...controllerOptions },
  );
  await page.goto(`${server.origin}/?theme=${theme}`);
  return {
    page,
    controller,
    host,
    grid: page.locator('.grid'),
    async close() {
      controller.dispose();
      await context.close();
    },
    /** Waits until the table shows a result for the latest query. */
    async settled() {
      await controller.whenLoaded();
      await page.waitForFunction(() => document.body.dataset.renderedSeq !== undefined && !document.querySelector('.row.loading'));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    },
  };
}

/** A source over a text, with the RecordSource shape the viewer expects. */
export function textSource(id, title, text, extra = {}) {
  return { id, title, loadInitial: async () => ({ text }), ...extra };
}
