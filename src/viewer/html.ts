/**
 * The viewer webview's HTML. Pure (no `vscode`), so the browser tests and the benchmark serve exactly
 * the page the panel shows.
 */
import { randomBytes } from 'node:crypto';

/** Where the page's resources are, as URLs the webview may load (`webview.asWebviewUri` in VS Code). */
export interface ViewerHtmlOptions {
  /** `webview.cspSource`: the origin allowed for styles, fonts and images. */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly codiconsUri: string;
  readonly chartStyleUri: string;
  /** A fresh nonce per page (see {@link createNonce}). */
  readonly nonce: string;
  /** Page title until the host says more. */
  readonly title?: string;
  /** Further stylesheets after the viewer's (the Logs Insights results page adds its own). */
  readonly extraStyleUris?: readonly string[];
  /** What the page says until its script has drawn it. */
  readonly loadingText?: string;
}

/** A random nonce for the page's one script tag. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

const escapeAttr = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The Content Security Policy: nothing by default; the one script by nonce; styles, fonts and images
 * only from the extension's own resources; no network at all.
 */
export function viewerCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The complete HTML document of the viewer. */
export function viewerHtml(options: ViewerHtmlOptions): string {
  const { nonce } = options;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(viewerCsp(options.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(options.codiconsUri)}">
<link rel="stylesheet" href="${escapeAttr(options.chartStyleUri)}">
<link rel="stylesheet" href="${escapeAttr(options.styleUri)}">
${(options.extraStyleUris ?? []).map((uri) => `<link rel="stylesheet" href="${escapeAttr(uri)}">\n`).join('')}<title>${escapeAttr(options.title ?? 'Flow log')}</title>
</head>
<body>
<div id="app" class="app"><p class="starting">${escapeAttr(options.loadingText ?? 'Loading the flow log viewer…')}</p></div>
<script nonce="${escapeAttr(nonce)}" src="${escapeAttr(options.scriptUri)}"></script>
</body>
</html>`;
}
