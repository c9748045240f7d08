/**
 * Registers Logs Insights: the commands, the query file lenses, stopping queries whose panel or file
 * closes, and the viewer source for "open the records of this address" after a reload. Returns what
 * `deactivate` and the integration tests need.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { ViewerService } from '../viewer/source';
import { AddressRecordSource, parseAddressSourceId } from '../insights/addressSource';
import {
  chooseFileLogGroups,
  chooseFileTimeRange,
  newQueryFile,
  openSavedQuery,
  runInsightsQuery,
  runQueryFile,
  saveQuery,
  showHistory,
  type CommandDeps,
} from './commands';
import { HistoryStore } from './historyStore';
import { QuickPickPrompter, type InsightsPrompter } from './prompter';
import { LANGUAGE_ID, QueryFileLenses, stopRunsOnClose } from './queryFiles';
import { InsightsRunner } from './runner';

/** Logs Insights as the rest of the extension (deactivate) and the integration tests see it. */
export interface InsightsApi {
  readonly runner: InsightsRunner;
  readonly history: HistoryStore;
  /** Answers the commands' questions with `prompter` (tests); undefined restores the quick picks. */
  usePrompter(prompter: InsightsPrompter | undefined): void;
  /** Stops every running query (StopQuery) and waits for it: called by `deactivate` (unbound, so a property). */
  readonly stopAll: () => Promise<number>;
}

/** Optional collaborators: the flow log viewer opens the records behind an address when present. */
export interface InsightsDeps {
  readonly viewer?: () => ViewerService | undefined;
}

export function registerInsights(context: vscode.ExtensionContext, services: Services, deps: InsightsDeps = {}): InsightsApi {
  const quickPicks = new QuickPickPrompter();
  let prompter: InsightsPrompter = quickPicks;
  const history = new HistoryStore(context.workspaceState);
  const viewer = deps.viewer ?? ((): undefined => undefined);
  const runner = new InsightsRunner(context, services, history, () => prompter, viewer);
  const commandDeps: CommandDeps = { services, runner, history, prompter: () => prompter };
  const lenses = new QueryFileLenses(runner);

  const command = (id: string, run: (...args: unknown[]) => Promise<unknown>): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await run(...args);
      } catch (error) {
        // Anything not already reported: say it rather than fail silently.
        const message = `${id.replace(/^vpcFlowLogs\.(insights\.)?/, '')} failed: ${error instanceof Error ? error.message : String(error)}`;
        services.log.error(message);
        void vscode.window.showErrorMessage(message);
      }
    });

  context.subscriptions.push(
    runner,
    services.aws.onDidReset(() => runner.resetLabels()),
    lenses,
    vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, lenses),
    stopRunsOnClose(runner),
    command('vpcFlowLogs.runInsightsQuery', (arg) => runInsightsQuery(commandDeps, arg)),
    command('vpcFlowLogs.insights.runQueryFile', (uri) => runQueryFile(commandDeps, uri)),
    command('vpcFlowLogs.insights.chooseLogGroups', (uri) => chooseFileLogGroups(commandDeps, uri)),
    command('vpcFlowLogs.insights.chooseTimeRange', (uri) => chooseFileTimeRange(commandDeps, uri)),
    command('vpcFlowLogs.insights.newQueryFile', () => newQueryFile(commandDeps)),
    command('vpcFlowLogs.insights.openSavedQuery', () => openSavedQuery(commandDeps)),
    command('vpcFlowLogs.insights.saveQuery', (uri) => saveQuery(commandDeps, uri)),
    command('vpcFlowLogs.insights.showHistory', () => showHistory(commandDeps)),
    command('vpcFlowLogs.insights.stopQueries', async (uri) => {
      if (uri instanceof vscode.Uri) {
        runner.cancelFor(uri);
        return;
      }
      const stopped = await runner.stopAll();
      void vscode.window.showInformationMessage(stopped ? `Stopped ${stopped} running Logs Insights quer${stopped === 1 ? 'y' : 'ies'}.` : 'No Logs Insights query is running.');
    }),
  );

  // After a window reload the viewer asks how to rebuild an "address" source from its id.
  const viewerService = viewer();
  if (viewerService) {
    context.subscriptions.push(
      viewerService.registerSourceResolver('insights', (id) => {
        const query = parseAddressSourceId(id);
        return query ? new AddressRecordSource(services.aws.logs, query) : undefined;
      }),
    );
  }

  return {
    runner,
    history,
    usePrompter: (p) => {
      prompter = p ?? quickPicks;
    },
    stopAll: () => runner.stopAll(),
  };
}
