import * as vscode from 'vscode';
import type { Services } from '../services';
import { createFlowLogCommand } from './createFlowLog';
import { createIamRoleCommand } from './createIamRole';
import { deleteFlowLogCommand } from './deleteFlowLog';
import { deleteIamRoleCommand } from './deleteIamRole';
import { errorMessage } from '../aws/errors';
import type { SetupDeps, SetupHost } from './deps';
import { SCAFFOLD_SCHEME, ScaffoldDocumentProvider } from './documents';
import type { Prompter } from './prompter';
import { scaffoldIamRoleCommand } from './scaffoldIamRole';
import { targetId } from './targets';
import { VscodePrompter } from './vscodePrompter';

/** What the setup area offers the rest of the extension (and the integration tests). */
export interface SetupApi {
  /**
   * Answers the setup commands' questions with `prompter` until the returned disposable is disposed.
   * Modal dialogs cannot be clicked from inside the extension host, so the integration tests run the
   * real commands with scripted answers through this.
   */
  usePrompter(prompter: Prompter): vscode.Disposable;
}

/** Commands the explorer may register to reload the VPCs view, most specific first. */
const REFRESH_COMMANDS = ['vpcFlowLogs.vpcs.refresh', 'vpcFlowLogs.refreshVpcs', 'vpcFlowLogs.refresh'];

/** Registers the flow log setup commands: scaffold and create the IAM role, create and delete flow logs. */
export function registerSetup(context: vscode.ExtensionContext, services: Services): SetupApi {
  const documents = new ScaffoldDocumentProvider();
  const prompters: Prompter[] = [new VscodePrompter()];
  const prompter = (): Prompter => prompters[prompters.length - 1]!;

  const host: SetupHost = {
    progress: async (title, task) =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, (progress) => task((message) => progress.report({ message }))),
    openScaffold: (docs) => documents.open(docs),
    refreshExplorer: async () => {
      const available = new Set(await vscode.commands.getCommands(true));
      const command = REFRESH_COMMANDS.find((c) => available.has(c));
      if (command) {
        await vscode.commands.executeCommand(command);
      }
    },
    log: (message) => services.log.info(message),
  };
  const deps = (): SetupDeps => ({ aws: services.aws, prompter: prompter(), host });

  /** Wraps a command: AWS needs a trusted workspace (settings can redirect calls); errors are reported. */
  const command = <A extends unknown[], R>(id: string, title: string, needsAws: boolean, run: (...args: A) => Promise<R>) =>
    vscode.commands.registerCommand(id, async (...args: A): Promise<R | undefined> => {
      if (needsAws && !vscode.workspace.isTrusted) {
        void prompter().notify({ id: 'setup.untrusted', kind: 'error', message: `${title} failed: AWS access is disabled in an untrusted workspace. Trust the workspace to use it.` });
        return undefined;
      }
      try {
        return await run(...args);
      } catch (error) {
        services.log.error(`${title} failed: ${errorMessage(error)}`);
        void prompter().notify({ id: 'setup.error', kind: 'error', message: `${title} failed: ${errorMessage(error)}` });
        return undefined;
      }
    });

  context.subscriptions.push(
    documents,
    vscode.workspace.registerTextDocumentContentProvider(SCAFFOLD_SCHEME, documents),
    command('vpcFlowLogs.scaffoldIamRole', 'Scaffold IAM role', false, () => scaffoldIamRoleCommand(deps(), { offline: vscode.workspace.isTrusted ? undefined : 'the workspace is not trusted' })),
    command('vpcFlowLogs.createIamRole', 'Create IAM role', true, () => createIamRoleCommand(deps())),
    command('vpcFlowLogs.createFlowLog', 'Create flow log', true, (target?: unknown) => createFlowLogCommand(deps(), targetId(target, ['eni-', 'subnet-', 'vpc-']))),
    command('vpcFlowLogs.deleteFlowLog', 'Delete flow log', true, (target?: unknown) => deleteFlowLogCommand(deps(), targetId(target, ['fl-']))),
    command('vpcFlowLogs.deleteIamRole', 'Delete IAM role', true, (target?: unknown) => deleteIamRoleCommand(deps(), typeof target === 'string' ? target : undefined)),
  );

  return {
    usePrompter(replacement: Prompter): vscode.Disposable {
      prompters.push(replacement);
      return new vscode.Disposable(() => {
        const index = prompters.lastIndexOf(replacement);
        if (index > 0) {
          prompters.splice(index, 1);
        }
      });
    },
  };
}
