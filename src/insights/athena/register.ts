/**
 * Registers Athena: the commands, the Run lens on Athena query files (SQL whose first line is
 * `-- Athena`), and stopping queries whose panel or file closes. Returns what `deactivate` and the
 * integration tests need.
 */
import * as vscode from 'vscode';
import { parseAthenaHeader } from '../../athena/sqlFile';
import { registerCommand } from '../../commands';
import type { Services } from '../../services';
import { stopRunsOnClose } from '../ui/queryFiles';
import { createAthenaTable, runAthenaQueryCommand, runAthenaQueryFile, type AthenaCommandDeps } from './commands';
import { QuickPickAthenaPrompter, type AthenaPrompter } from './prompter';
import { AthenaRunner } from './runner';

/** Athena as `deactivate` and the integration tests see it. */
export interface AthenaUiApi {
  readonly runner: AthenaRunner;
  /** Answers the commands' questions with `prompter` (tests); undefined restores the quick picks. */
  usePrompter(prompter: AthenaPrompter | undefined): void;
  /** Stops every running query (StopQueryExecution) and waits for it. */
  readonly stopAll: () => Promise<number>;
}

/** Lenses above an Athena query file: Run (Stop while it runs) and where it runs. */
class AthenaFileLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly runner: AthenaRunner) {
    this.subscription = runner.onDidStart((run) => {
      this.changed.fire();
      void run.done.finally(() => this.changed.fire());
    });
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const header = parseAthenaHeader(document.getText());
    if (!header) {
      return [];
    }
    const at = new vscode.Range(0, 0, 0, 0);
    const arg = [document.uri];
    const running = this.runner.running.some((r) => r.request.origin?.toString() === document.uri.toString());
    const where = [header.table, header.workGroup ? `work group ${header.workGroup}` : 'choose a work group'].filter(Boolean).join(' · ');
    return [
      running
        ? new vscode.CodeLens(at, { title: '$(debug-stop) Stop query', tooltip: 'Stop the running Athena query (StopQueryExecution)', command: 'vpcFlowLogs.athena.stopQueries', arguments: arg })
        : new vscode.CodeLens(at, { title: '$(play) Run on Athena', tooltip: 'Run this SQL with Athena (billed for the bytes it scans)', command: 'vpcFlowLogs.athena.runQueryFile', arguments: arg }),
      new vscode.CodeLens(at, { title: `$(database) ${where}`, tooltip: 'Where the query runs: edit the header lines to change it', command: '' }),
    ];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function registerAthenaQueries(context: vscode.ExtensionContext, services: Services): AthenaUiApi {
  const quickPicks = new QuickPickAthenaPrompter();
  let prompter: AthenaPrompter = quickPicks;
  const runner = new AthenaRunner(context, services, () => prompter);
  const deps: AthenaCommandDeps = { services, runner, prompter: () => prompter, memory: context.globalState };
  const lenses = new AthenaFileLenses(runner);
  context.subscriptions.push(
    runner,
    lenses,
    services.aws.onDidReset(() => runner.resetLabels()),
    vscode.languages.registerCodeLensProvider({ language: 'sql' }, lenses),
    stopRunsOnClose(runner),
  );
  const command = (id: string, title: string, aws: boolean, run: (arg?: unknown) => Promise<unknown>): void => registerCommand(context, services, id, { title, aws }, run);
  command('vpcFlowLogs.athena.createTable', 'Create the Athena table', true, (arg) => createAthenaTable(deps, arg));
  command('vpcFlowLogs.athena.runQuery', 'Run the Athena query', true, (arg) => runAthenaQueryCommand(deps, arg));
  command('vpcFlowLogs.athena.runQueryFile', 'Run the Athena query', true, (uri) => runAthenaQueryFile(deps, uri instanceof vscode.Uri ? uri : undefined));
  command('vpcFlowLogs.athena.stopQueries', 'Stop Athena queries', false, async (uri) => {
    if (uri instanceof vscode.Uri) {
      runner.cancelFor(uri);
      return;
    }
    const stopped = await runner.stopAll();
    void vscode.window.showInformationMessage(stopped ? `Stopped ${stopped} running Athena quer${stopped === 1 ? 'y' : 'ies'}.` : 'No Athena query is running.');
  });
  return {
    runner,
    usePrompter: (p) => {
      prompter = p ?? quickPicks;
    },
    stopAll: () => runner.stopAll(),
  };
}
