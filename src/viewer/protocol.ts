/**
 * Messages between the flow log viewer's host (extension) and its webview. Shared by both bundles, so
 * it must not import `vscode` at run time.
 */

/** Webview -> host. */
export type WebviewMessage = { readonly type: 'ready' };

/** Host -> webview. */
export type HostMessage = { readonly type: 'init'; readonly title: string };

/** Narrows an untrusted value posted by the webview to a known message, or undefined. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const type = (value as { type?: unknown }).type;
  switch (type) {
    case 'ready':
      return { type };
    default:
      return undefined;
  }
}
