import * as vscode from 'vscode';
import { AwsClientFactory } from './aws/clientFactory';
import { registerFlowLogLanguage } from './editor/register';
import { registerExplorer, type ExplorerApi } from './explorer/register';
import type { Services } from './services';
import { Settings } from './settings';
import { registerSetup, type SetupApi } from './setup/register';
import { registerViewer } from './viewer/register';
import type { ViewerPanels } from './viewer/panel';

/** What `activate` returns: read by the integration tests (and by other extensions, if they want). */
export interface VpcFlowLogsApi {
  /** How long `activate` took, in milliseconds. */
  readonly activationMs: number;
  /** The shared services, for the integration tests. */
  readonly services: Services;
  /** The flow log viewer: other areas open it on their record sources; tests probe its webviews. */
  readonly viewer: ViewerPanels;
  /** The AWS explorer's views and the stream documents; tests read the trees through it. */
  readonly explorer: ExplorerApi;
  /** The flow log setup commands; tests answer their questions through `usePrompter`. */
  readonly setup: SetupApi;
}

/** Wires each area of the extension; no logic of its own. */
export function activate(context: vscode.ExtensionContext): VpcFlowLogsApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('VPC Flow Logs', { log: true });
  const settings = new Settings();
  const version = (context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
  const aws = new AwsClientFactory(() => settings.connection, { userAgent: `vpc-flow-logs-vscode/${version}` });
  context.subscriptions.push(log, settings, settings.onDidChangeConnection(() => aws.reset()), { dispose: () => aws.reset() });
  const services: Services = { settings, aws, log };

  const language = registerFlowLogLanguage(context, services);
  const viewer = registerViewer(context, { log, formats: language.formats });
  const explorer = registerExplorer(context, services, { viewer, formats: language.formats });

  const setup = registerSetup(context, services);

  return { activationMs: performance.now() - started, services, viewer, explorer, setup };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
