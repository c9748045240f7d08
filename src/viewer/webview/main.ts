/**
 * Entry point of the viewer's webview bundle (dist/webview.js). Messages from the host arrive as
 * window `message` events; the app posts back through `acquireVsCodeApi()`.
 */
import type { HostMessage } from '../protocol';
import type { WhyHostMessage } from '../whyProtocol';
import { ViewerApp, type VsCodeApi } from './app';

declare function acquireVsCodeApi(): VsCodeApi;

const root = document.getElementById('app');
if (root) {
  const vscode = acquireVsCodeApi();
  const app = new ViewerApp(vscode, root);
  window.addEventListener('message', (event: MessageEvent<HostMessage | WhyHostMessage>) => {
    // The host is the only sender; anything without a type is not ours.
    if (typeof event.data === 'object' && event.data !== null && typeof event.data.type === 'string') {
      app.receive(event.data);
    }
  });
  vscode.postMessage({ type: 'ready' });
}
