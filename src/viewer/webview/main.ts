import type { HostMessage, WebviewMessage } from '../protocol';

declare function acquireVsCodeApi(): { postMessage(message: WebviewMessage): void };

const vscode = acquireVsCodeApi();

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message.type === 'init') {
    document.title = message.title;
  }
});

vscode.postMessage({ type: 'ready' });
