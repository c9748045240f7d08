import * as vscode from 'vscode';
import { looksLikeFlowLog } from '../flowlogs/detect';

export const FLOW_LOG_LANGUAGE = 'vpc-flow-log';

/** Languages VS Code gives to files that may hold flow logs (`.log` is `log`, `.txt` is `plaintext`). */
export const CANDIDATE_LANGUAGES = new Set(['log', 'plaintext']);

/** How many leading blank lines detection looks past (an export pasted with an empty first line). */
const LEADING_BLANK_LINES = 5;

function firstNonBlankLine(document: vscode.TextDocument): string {
  for (let n = 0; n < Math.min(document.lineCount, LEADING_BLANK_LINES + 1); n++) {
    const line = document.lineAt(n);
    if (!line.isEmptyOrWhitespace) {
      return line.text;
    }
  }
  return '';
}

/** Whether a document's first non-blank line is a flow log record or an S3 header. */
export function looksLikeFlowLogDocument(document: vscode.TextDocument): boolean {
  return looksLikeFlowLog(firstNonBlankLine(document));
}

/**
 * Gives `.log`/`.txt` documents whose first non-blank line is a flow log record or an S3 header the flow log
 * language. A `firstLine` rule cannot do this: VS Code's built-in `log` language claims `.log` by
 * extension and name rules win over first-line rules.
 *
 * A user who switches such a document back to another language produces a close and an open of the
 * same URI in one tick; we remember that URI and leave it alone until it is really closed.
 */
export function registerLanguageDetection(context: vscode.ExtensionContext): void {
  const userChosen = new Set<string>();
  const justClosed = new Set<string>();

  const consider = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    if (justClosed.has(key)) {
      // Close + open in the same tick: a language change, not a new document.
      userChosen.add(key);
      return;
    }
    if (userChosen.has(key) || !CANDIDATE_LANGUAGES.has(document.languageId)) {
      return;
    }
    if (looksLikeFlowLogDocument(document)) {
      void vscode.languages.setTextDocumentLanguage(document, FLOW_LOG_LANGUAGE);
    }
  };

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(consider),
    vscode.workspace.onDidCloseTextDocument((document) => {
      const key = document.uri.toString();
      if (document.languageId === FLOW_LOG_LANGUAGE || userChosen.has(key)) {
        justClosed.add(key);
        setTimeout(() => {
          // Still closed after the tick: really closed, so forget the user's choice.
          if (justClosed.delete(key) && !vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) {
            userChosen.delete(key);
          }
        }, 0);
      }
    }),
    vscode.commands.registerCommand('vpcFlowLogs.changeLanguage', async (uri?: vscode.Uri) => {
      const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!document) {
        void vscode.window.showInformationMessage('Open a file first, then change its language to VPC Flow Log.');
        return;
      }
      userChosen.delete(document.uri.toString());
      await vscode.languages.setTextDocumentLanguage(document, FLOW_LOG_LANGUAGE);
    }),
  );
  // Documents opened before activation (the one that triggered it, editors restored after a reload).
  vscode.workspace.textDocuments.forEach(consider);
}
