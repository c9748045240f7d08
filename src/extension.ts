import * as vscode from 'vscode';
import { registerLanguageDetection } from './editor/languageDetection';
import { registerExplorer } from './explorer/register';

/** What `activate` returns: read by the integration tests (and by other extensions, if they want). */
export interface VpcFlowLogsApi {
  /** How long `activate` took, in milliseconds. */
  readonly activationMs: number;
}

/** Wires each area of the extension; no logic of its own. */
export function activate(context: vscode.ExtensionContext): VpcFlowLogsApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('VPC Flow Logs', { log: true });
  context.subscriptions.push(log);

  registerLanguageDetection(context);
  registerExplorer(context);

  return { activationMs: performance.now() - started };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
