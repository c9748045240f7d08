/**
 * Registers Logs Insights: the commands, the query file lenses, stopping queries whose panel or file
 * closes, and the viewer source for "open the records of this address" after a reload. Returns what
 * `deactivate` and the integration tests need.
 */
import * as vscode from 'vscode';
import { registerCommand } from '../../commands';
import type { Services } from '../../services';
import type { ViewerService } from '../../viewer/source';
import { AddressRecordSource, parseAddressSourceId } from '../core/addressSource';
import { parseSavedRun, type SavedAthenaRun } from '../core/resultsProtocol';
import type { CommandDeps } from './choose';
import { chooseFileLogGroups, chooseFileTimeRange, newQueryFile, openSavedQuery, runQueryFile, saveQuery } from './queryFileCommands';
import { runInsightsQuery, showHistory } from './runCommands';
import { HistoryStore } from './historyStore';
import { QuickPickPrompter, type InsightsPrompter } from './prompter';
import { LANGUAGE_ID, QueryFileLenses, stopRunsOnClose } from './queryFiles';
import { RESULTS_VIEW_TYPE } from './resultsPanel';
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
  /** Restores an Athena results panel (the same view type) after a window reload. */
  readonly restoreAthena?: (panel: vscode.WebviewPanel, saved: SavedAthenaRun) => Promise<void>;
}

export function registerInsights(context: vscode.ExtensionContext, services: Services, deps: InsightsDeps = {}): InsightsApi {
  const quickPicks = new QuickPickPrompter();
  let prompter: InsightsPrompter = quickPicks;
  const history = new HistoryStore(context.workspaceState);
  const viewer = deps.viewer ?? ((): undefined => undefined);
  const runner = new InsightsRunner(context, services, history, () => prompter, viewer);
  const commandDeps: CommandDeps = { services, runner, history, prompter: () => prompter };
  const lenses = new QueryFileLenses(runner);

  const command = (id: string, title: string, aws: boolean, run: (arg?: unknown) => Promise<unknown>): void => registerCommand(context, services, id, { title, aws }, run);

  context.subscriptions.push(
    runner,
    services.aws.onDidReset(() => runner.resetLabels()),
    lenses,
    vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, lenses),
    stopRunsOnClose(runner),
    // Results panels come back after a window reload, with the results Logs Insights kept.
    // Athena panels share the view: their state names the query execution to read again.
    vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => {
        const athena = parseSavedRun((state as { saved?: unknown } | undefined)?.saved)?.athena;
        return athena && deps.restoreAthena ? deps.restoreAthena(panel, athena) : runner.restore(panel, state);
      },
    }),
  );
  command('vpcFlowLogs.runInsightsQuery', 'Run a Logs Insights query', true, (arg) => runInsightsQuery(commandDeps, arg));
  command('vpcFlowLogs.insights.runQueryFile', 'Run the query', true, (uri) => runQueryFile(commandDeps, uri));
  command('vpcFlowLogs.insights.chooseLogGroups', 'Choose log groups', true, (uri) => chooseFileLogGroups(commandDeps, uri));
  command('vpcFlowLogs.insights.chooseTimeRange', 'Choose a time range', false, (uri) => chooseFileTimeRange(commandDeps, uri));
  command('vpcFlowLogs.insights.newQueryFile', 'New query file', false, () => newQueryFile(commandDeps));
  command('vpcFlowLogs.insights.openSavedQuery', 'Open a saved query', true, () => openSavedQuery(commandDeps));
  command('vpcFlowLogs.insights.saveQuery', 'Save the query', true, (uri) => saveQuery(commandDeps, uri));
  command('vpcFlowLogs.insights.showHistory', 'Logs Insights history', false, () => showHistory(commandDeps));
  command('vpcFlowLogs.insights.stopQueries', 'Stop queries', false, async (uri) => {
    if (uri instanceof vscode.Uri) {
      runner.cancelFor(uri);
      return;
    }
    const stopped = await runner.stopAll();
    void vscode.window.showInformationMessage(stopped ? `Stopped ${stopped} running Logs Insights quer${stopped === 1 ? 'y' : 'ies'}.` : 'No Logs Insights query is running.');
  });

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
