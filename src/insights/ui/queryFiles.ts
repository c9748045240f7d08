/**
 * Query files (language `logs-insights`, `.insights`): lenses above the query to run it, to choose its
 * log groups and time range (kept in header comments), to save it in the account, and to stop it while
 * it runs. Closing a query file's last editor stops the queries started from it.
 */
import * as vscode from 'vscode';
import { parseHeader } from '../core/queryText';
import { describeTimeRange, parseTimeRange } from '../core/timeRange';
import type { InsightsRunner } from './runner';

export const LANGUAGE_ID = 'logs-insights';

export class QueryFileLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly runner: InsightsRunner) {
    // A Stop lens while a file's query runs: refresh the lenses when runs start and end.
    this.subscription = runner.onDidStart((run) => {
      this.changed.fire();
      void run.done.finally(() => this.changed.fire());
    });
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const header = parseHeader(document.getText());
    const at = new vscode.Range(0, 0, 0, 0);
    const arg = [document.uri];
    const running = this.runner.running.some((r) => r.request.origin?.toString() === document.uri.toString());
    const range = header.range ? parseTimeRange(header.range) : undefined;
    const groups = header.logGroups ?? [];
    const groupsText = groups.length === 0 ? 'Choose log groups' : groups.length <= 2 ? groups.join(', ') : `${groups[0]} and ${groups.length - 1} more`;
    return [
      running
        ? new vscode.CodeLens(at, { title: '$(debug-stop) Stop query', tooltip: 'Stop the running query (StopQuery)', command: 'vpcFlowLogs.insights.stopQueries', arguments: arg })
        : new vscode.CodeLens(at, { title: '$(play) Run query', tooltip: 'Run with Logs Insights (asks for what the header does not say)', command: 'vpcFlowLogs.insights.runQueryFile', arguments: arg }),
      new vscode.CodeLens(at, { title: `$(list-selection) ${groupsText}`, tooltip: groups.length ? `Log groups: ${groups.join(', ')}` : 'Choose the log groups to query', command: 'vpcFlowLogs.insights.chooseLogGroups', arguments: arg }),
      new vscode.CodeLens(at, { title: `$(clock) ${range ? describeTimeRange(range) : 'Choose a time range'}`, tooltip: 'Choose the time range', command: 'vpcFlowLogs.insights.chooseTimeRange', arguments: arg }),
      new vscode.CodeLens(at, {
        title: `$(cloud-upload) ${header.definitionId ? 'Update saved query' : 'Save to account'}`,
        tooltip: 'Save as a Logs Insights query definition of the account (PutQueryDefinition)',
        command: 'vpcFlowLogs.insights.saveQuery',
        arguments: arg,
      }),
    ];
  }

  /** Refreshes the lenses (after a header edit the document change does it already). */
  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The URIs of the text documents shown in some tab. */
function urisInTabs(): Set<string> {
  const uris = new Set<string>();
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputText) {
        uris.add(tab.input.uri.toString());
      }
    }
  }
  return uris;
}

/** Stops the runs of a query file when its last editor tab closes (or the document itself closes). */
export function stopRunsOnClose(runner: Pick<InsightsRunner, 'cancelFor'>): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.window.tabGroups.onDidChangeTabs((e) => {
      const open = urisInTabs();
      for (const tab of e.closed) {
        if (tab.input instanceof vscode.TabInputText && !open.has(tab.input.uri.toString())) {
          runner.cancelFor(tab.input.uri);
        }
      }
    }),
    vscode.workspace.onDidCloseTextDocument((document) => runner.cancelFor(document.uri)),
  );
}
