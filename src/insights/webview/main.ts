/**
 * Entry point of the Logs Insights results webview (dist/insights-webview.js). It shares the flow log
 * viewer's table, element helpers, value formatting and stylesheet, so results look like records.
 */
import type { ResultsHostMessage } from '../core/resultsProtocol';
import { ResultsApp, type ResultsVsCodeApi } from './app';

declare function acquireVsCodeApi(): ResultsVsCodeApi;

const root = document.getElementById('app');
if (root) {
  const vscode = acquireVsCodeApi();
  const app = new ResultsApp(vscode, root);
  window.addEventListener('message', (event: MessageEvent<ResultsHostMessage>) => {
    // The host is the only sender; anything without a type is not ours.
    if (typeof event.data === 'object' && event.data !== null && typeof event.data.type === 'string') {
      app.receive(event.data);
    }
  });
  vscode.postMessage({ type: 'ready' });
}
