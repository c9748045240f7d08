import * as vscode from 'vscode';
import { gunzipText } from './gunzip';
import { FLOW_LOG_LANGUAGE } from './languageDetection';

/** Scheme of the read-only documents that show a `.log.gz` decompressed. */
export const GZIP_SCHEME = 'vpc-flow-log-gz';

/**
 * The virtual document that shows a gzipped file as text. Its path is the file's without `.gz`, so the
 * tab reads `x.log`; the query keeps the real file's URI.
 */
export function gzipTextUri(file: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({
    scheme: GZIP_SCHEME,
    authority: file.authority,
    path: file.path.replace(/\.gz$/i, ''),
    query: file.toString(),
  });
}

/** The gzipped file a {@link gzipTextUri} shows. */
export function gzipSourceUri(uri: vscode.Uri): vscode.Uri {
  return vscode.Uri.parse(uri.query, true);
}

class GzipContentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const file = gzipSourceUri(uri);
    try {
      return await gunzipText(await vscode.workspace.fs.readFile(file));
    } catch (error) {
      throw new Error(`Opening ${file.fsPath || file.toString()} as text failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** The gzipped file the command applies to: its argument, the active editor's or tab's file, or one the user picks. */
async function targetFile(uri: unknown): Promise<vscode.Uri | undefined> {
  if (uri instanceof vscode.Uri) {
    return uri;
  }
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const active =
    input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : vscode.window.activeTextEditor?.document.uri;
  if (active && /\.gz$/i.test(active.path)) {
    return active;
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { 'Gzipped flow logs': ['gz'] },
    openLabel: 'Open as Text',
    title: 'Open a gzipped flow log as text',
  });
  return picked?.[0];
}

/**
 * Registers the `vpc-flow-log-gz` documents and the command "Open as Text", which shows a `.log.gz`
 * (as S3 exports are written) decompressed, read-only, in the flow log language.
 */
export function registerGzipDocuments(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(GZIP_SCHEME, new GzipContentProvider()),
    vscode.commands.registerCommand('vpcFlowLogs.openAsText', async (uri?: unknown) => {
      const file = await targetFile(uri);
      if (!file) {
        return undefined;
      }
      try {
        const document = await vscode.workspace.openTextDocument(gzipTextUri(file));
        const flowLog = await vscode.languages.setTextDocumentLanguage(document, FLOW_LOG_LANGUAGE);
        return await vscode.window.showTextDocument(flowLog, { preview: false });
      } catch (error) {
        void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
        return undefined;
      }
    }),
  );
}
