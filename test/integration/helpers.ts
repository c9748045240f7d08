import * as path from 'node:path';
import * as vscode from 'vscode';
import type { VpcFlowLogsApi } from '../../src/extension';

export const extensionId = 'vpc-flow-logs.vpc-flow-logs';

export async function activateExtension(): Promise<VpcFlowLogsApi> {
  const extension = vscode.extensions.getExtension<VpcFlowLogsApi>(extensionId);
  if (!extension) {
    throw new Error(`extension ${extensionId} is not installed in this host`);
  }
  return extension.activate();
}

/** A file of the sample workspace (the harness opens a copy of `samples/`). */
export function samplePath(...parts: string[]): string {
  return path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, ...parts);
}

/** Polls until `check` holds (the workbench updates some state asynchronously). */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
