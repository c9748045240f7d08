import * as vscode from 'vscode';
import { Aws } from './aws';
import { AwsClientFactory } from './aws/clientFactory';
import { registerFlowLogLanguage } from './editor/register';
import { registerExplorer, type ExplorerApi } from './explorer/register';
import { registerAthenaQueries, type AthenaUiApi } from './insights/athena/register';
import type { SavedAthenaRun } from './insights/core/resultsProtocol';
import { registerInsights, type InsightsApi } from './insights/ui/register';
import type { Services } from './services';
import { Settings } from './settings';
import { registerSetup, type SetupApi } from './setup/register';
import { registerViewer } from './viewer/register';
import type { ViewerPanels } from './viewer/panel';
import { explainFailure, registerWhy, type WhyApi } from './why/register';

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
  /** Logs Insights; tests answer its questions through `usePrompter`. */
  readonly insights: InsightsApi;
  /** The flow log setup commands; tests answer their questions through `usePrompter`. */
  readonly setup: SetupApi;
  /** Athena queries over flow logs in S3; tests answer their questions through `usePrompter`. */
  readonly athena: AthenaUiApi;
  /** "Why was this rejected?": tests clear its cached networks after changing the fake account's rules. */
  readonly why: WhyApi;
}

/** Wires each area of the extension; no logic of its own. */
export function activate(context: vscode.ExtensionContext): VpcFlowLogsApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('VPC Flow Logs', { log: true });
  const settings = new Settings();
  const version = (context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
  const aws = new Aws(
    new AwsClientFactory(() => settings.connection, {
      userAgent: `vpc-flow-logs-vscode/${version}`,
      isTrusted: () => vscode.workspace.isTrusted,
    }),
  );
  context.subscriptions.push(
    log,
    settings,
    settings.onDidChangeConnection(() => aws.reset()),
    // Trusting the workspace lets its profile, region and endpoint settings apply: connect afresh.
    vscode.workspace.onDidGrantWorkspaceTrust(() => aws.reset()),
    { dispose: () => aws.reset() },
  );
  const services: Services = { settings, aws, log };

  // Hovers name AWS addresses with the ranges the viewer keeps (asked for only when a hover shows).
  const language = registerFlowLogLanguage(context, services, { awsRanges: () => viewer.awsRanges?.ready() });
  const viewer = registerViewer(context, { log, formats: language.formats, why: () => ({ explain: (record) => why.explain(record), failure: explainFailure }) });
  const why = registerWhy(context, services, { explainInViewer: (recordId) => viewer.explainInActive(recordId) });
  const explorer = registerExplorer(context, services, { viewer, formats: language.formats, canCreateFlowLog: true, networks: why.networks });
  // Athena is registered below; a panel restored after a reload is only handed to it once activation ends.
  const athenaLater: { runner?: AthenaUiApi['runner'] } = {};
  const restoreAthena = (panel: vscode.WebviewPanel, saved: SavedAthenaRun): Promise<void> => {
    if (athenaLater.runner) {
      return athenaLater.runner.restore(panel, saved);
    }
    panel.dispose();
    return Promise.resolve();
  };
  const insights = registerInsights(context, services, { viewer: () => viewer, restoreAthena });
  stopBeforeExit.add(insights.stopAll);
  context.subscriptions.push({ dispose: () => stopBeforeExit.delete(insights.stopAll) });
  const athena = registerAthenaQueries(context, services);
  athenaLater.runner = athena.runner;
  stopBeforeExit.add(athena.stopAll);
  context.subscriptions.push({ dispose: () => stopBeforeExit.delete(athena.stopAll) });

  // A flow log created or deleted changes both views (a new flow log may come with a new log group).
  const setup = registerSetup(context, services, { refreshExplorer: () => explorer.refresh() });

  return { activationMs: performance.now() - started, services, viewer, explorer, insights, setup, athena, why };
}

/**
 * Work that must finish before the extension host goes away: Logs Insights queries still running cost
 * money until stopped. VS Code calls `deactivate` without the context, so `activate` leaves these here
 * (the only module state); everything else is disposed through context.subscriptions.
 */
const stopBeforeExit = new Set<() => Promise<unknown>>();

/** Stops running queries (StopQuery) and waits for the calls; VS Code waits for the promise. */
export async function deactivate(): Promise<void> {
  await Promise.allSettled([...stopBeforeExit].map((stop) => stop()));
}
