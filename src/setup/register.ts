import * as vscode from 'vscode';
import { refArg } from '../aws/refs';
import { registerCommand, withCancellableProgress } from '../commands';
import type { Services } from '../services';
import { createFlowLogCommand } from './createFlowLog';
import { createIamRoleCommand } from './createIamRole';
import { deleteFlowLogCommand } from './deleteFlowLog';
import { deleteIamRoleCommand } from './deleteIamRole';
import type { SetupDeps, SetupHost } from './deps';
import { SCAFFOLD_SCHEME, ScaffoldDocumentProvider } from './documents';
import type { Prompter } from './prompter';
import { scaffoldIamRoleCommand } from './scaffoldIamRole';
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

/** What the setup area needs from other areas (optional: it works without them). */
export interface SetupOptions {
  /** Reloads the explorer's VPCs view after a flow log was created or deleted. */
  readonly refreshExplorer?: () => void;
}

/** Registers the flow log setup commands: scaffold and create the IAM role, create and delete flow logs. */
export function registerSetup(context: vscode.ExtensionContext, services: Services, options: SetupOptions = {}): SetupApi {
  const documents = new ScaffoldDocumentProvider();
  const prompters: Prompter[] = [new VscodePrompter()];
  const prompter = (): Prompter => prompters[prompters.length - 1]!;

  const host: SetupHost = {
    progress: (title, task) => withCancellableProgress(title, (signal, report) => task(report, signal)),
    openScaffold: (docs) => documents.open(docs),
    openDocument: (fileName, text) => documents.openJson(fileName, text),
    refreshExplorer: () => {
      options.refreshExplorer?.();
      return Promise.resolve();
    },
    log: (message) => services.log.info(message),
  };
  const deps = (): SetupDeps => ({ aws: services.aws, prompter: prompter(), host });
  const command = <A extends unknown[], R>(id: string, title: string, aws: boolean, run: (...args: A) => Promise<R>): void =>
    registerCommand(context, services, id, { title, aws }, run);

  context.subscriptions.push(documents, vscode.workspace.registerTextDocumentContentProvider(SCAFFOLD_SCHEME, documents));
  command('vpcFlowLogs.scaffoldIamRole', 'Scaffold IAM role', false, () =>
    scaffoldIamRoleCommand(deps(), { offline: services.aws.trusted() ? undefined : 'the workspace is not trusted' }),
  );
  command('vpcFlowLogs.createIamRole', 'Create IAM role', true, () => createIamRoleCommand(deps()));
  command('vpcFlowLogs.createFlowLog', 'Create flow log', true, (target?: unknown) => createFlowLogCommand(deps(), refArg(target, ['vpc', 'subnet', 'networkInterface'])?.id));
  command('vpcFlowLogs.deleteFlowLog', 'Delete flow log', true, (target?: unknown) => deleteFlowLogCommand(deps(), refArg(target, ['flowLog'])?.id));
  command('vpcFlowLogs.deleteIamRole', 'Delete IAM role', true, (target?: unknown) => deleteIamRoleCommand(deps(), typeof target === 'string' ? target : undefined));

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
