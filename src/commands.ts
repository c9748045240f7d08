/**
 * The one command wrapper every area registers its commands with: AWS commands are refused in
 * Restricted Mode with a message the user can act on, failures are reported the same way everywhere
 * ("<what> failed: <detail>", logged, with Retry when trying again can help), and long AWS work runs
 * under a notification whose Cancel aborts the requests.
 */
import * as vscode from 'vscode';
import { AwsProblemError, failureMessage, type AwsProblem } from './aws/errors';
import type { Services } from './services';

/** How a command is registered. */
export interface CommandOptions {
  /** The "<what>" of "<what> failed: ...", e.g. "Create flow log". */
  readonly title: string;
  /** The command reaches AWS with the user's credentials: refused in Restricted Mode. */
  readonly aws?: boolean;
}

/** The button of the Restricted Mode message, and the workbench command it runs. */
export const TRUST_ACTION = 'Manage Workspace Trust';
const TRUST_COMMAND = 'workbench.trust.manage';

/** Failures that may go away by themselves: their message offers Retry. */
const RETRYABLE: ReadonlySet<AwsProblem['kind']> = new Set(['timeout', 'unreachable', 'throttled']);

/** The AWS problem behind an error, when it is one. */
function problemIn(error: unknown): AwsProblem | undefined {
  return error instanceof AwsProblemError ? error.problem : undefined;
}

/** Says why AWS is off in Restricted Mode, with a button that opens the workspace trust editor. */
export async function showTrustMessage(services: Services, what: string): Promise<void> {
  const message = `${what} failed: ${services.aws.trustProblem(what).message.replace(/^[^:]+ failed: /, '')}`;
  services.log.warn(message);
  if ((await vscode.window.showWarningMessage(message, TRUST_ACTION)) === TRUST_ACTION) {
    await vscode.commands.executeCommand(TRUST_COMMAND);
  }
}

/**
 * Reports a failure the way every command does: cancelled work quietly, Restricted Mode with the trust
 * button, anything else as "<what> failed: <detail>" in the log and a message, with Retry (which calls
 * `retry`) when the problem may pass.
 */
export async function reportFailure(services: Services, what: string, error: unknown, retry?: () => unknown): Promise<void> {
  const problem = problemIn(error);
  if (problem?.kind === 'cancelled') {
    services.log.info(failureMessage(what, error));
    return;
  }
  if (problem?.kind === 'untrusted') {
    await showTrustMessage(services, what);
    return;
  }
  const message = failureMessage(what, error);
  services.log.error(message);
  const actions = retry && problem && RETRYABLE.has(problem.kind) ? ['Retry'] : [];
  if ((await vscode.window.showErrorMessage(message, ...actions)) === 'Retry') {
    await retry?.();
  }
}

/**
 * Registers a command through the one wrapper (see the module comment). The handler's result is
 * returned to the caller (undefined after a refusal or a failure).
 */
export function registerCommand<A extends unknown[], R>(
  context: vscode.ExtensionContext,
  services: Services,
  id: string,
  options: CommandOptions,
  run: (...args: A) => R | Promise<R>,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: A): Promise<R | undefined> => {
      if (options.aws && !services.aws.trusted()) {
        void showTrustMessage(services, options.title);
        return undefined;
      }
      try {
        return await run(...args);
      } catch (error) {
        void reportFailure(services, options.title, error, () => vscode.commands.executeCommand(id, ...args));
        return undefined;
      }
    }),
  );
}

/**
 * Runs AWS work under a progress notification with Cancel: Cancel aborts the signal given to the task
 * (the requests stop), and the returned promise rejects with a `cancelled` problem at once even if the
 * task is still waiting for something that does not take the signal.
 */
export function withCancellableProgress<T>(title: string, task: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const cancelled = token.onCancellationRequested(() => controller.abort());
      try {
        return await untilAborted(task(controller.signal, (message) => progress.report({ message })), controller.signal, title);
      } finally {
        cancelled.dispose();
      }
    }),
  );
}

/** `promise`, or a `cancelled` rejection as soon as `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AwsProblemError({ kind: 'cancelled', message: `${what} failed: cancelled.` }));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
