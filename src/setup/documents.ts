import * as vscode from 'vscode';
import { GUIDE_FILE, PERMISSIONS_POLICY_FILE, TRUST_POLICY_FILE, type ScaffoldDocuments } from '../iam/guide';

/** The scheme of the scaffolded documents: read-only, so closing them never asks to save. */
export const SCAFFOLD_SCHEME = 'vpcflowlogs-iam';

/** The URIs of the three scaffolded documents (the file names are the ones the guide's CLI commands use). */
export const SCAFFOLD_URIS = {
  trust: vscode.Uri.from({ scheme: SCAFFOLD_SCHEME, path: `/${TRUST_POLICY_FILE}` }),
  permissions: vscode.Uri.from({ scheme: SCAFFOLD_SCHEME, path: `/${PERMISSIONS_POLICY_FILE}` }),
  guide: vscode.Uri.from({ scheme: SCAFFOLD_SCHEME, path: `/${GUIDE_FILE}` }),
};

/**
 * Serves the scaffolded documents. Virtual read-only documents keep the JSON exactly as generated (what
 * IAM accepts); people copy it, or use File > Save As to get the files the CLI commands name.
 */
export class ScaffoldDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Shows the trust policy and the permissions policy side by side, the guide as a tab behind the latter. */
  async open(documents: ScaffoldDocuments): Promise<void> {
    const entries: [vscode.Uri, string, string][] = [
      [SCAFFOLD_URIS.trust, documents.trustPolicy, 'json'],
      [SCAFFOLD_URIS.permissions, documents.permissionsPolicy, 'json'],
      [SCAFFOLD_URIS.guide, documents.guide, 'markdown'],
    ];
    const opened: vscode.TextDocument[] = [];
    for (const [uri, text, language] of entries) {
      const before = this.contents.get(uri.toString());
      this.contents.set(uri.toString(), text);
      if (before !== undefined && before !== text) {
        // An earlier scaffold is still open: let VS Code fetch the new text.
        this.changed.fire(uri);
      }
      let document = await vscode.workspace.openTextDocument(uri);
      if (document.languageId !== language) {
        document = await vscode.languages.setTextDocumentLanguage(document, language);
      }
      opened.push(document);
    }
    const [trust, permissions, guide] = opened as [vscode.TextDocument, vscode.TextDocument, vscode.TextDocument];
    await vscode.window.showTextDocument(trust, { viewColumn: vscode.ViewColumn.One, preview: false });
    await vscode.window.showTextDocument(guide, { viewColumn: vscode.ViewColumn.Two, preview: false, preserveFocus: true });
    await vscode.window.showTextDocument(permissions, { viewColumn: vscode.ViewColumn.Two, preview: false, preserveFocus: true });
  }

  /** Shows one generated JSON document (a bucket policy) read-only in the editor. */
  async openJson(fileName: string, text: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: SCAFFOLD_SCHEME, path: `/${fileName}` });
    const before = this.contents.get(uri.toString());
    this.contents.set(uri.toString(), text);
    if (before !== undefined && before !== text) {
      this.changed.fire(uri);
    }
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'json') {
      document = await vscode.languages.setTextDocumentLanguage(document, 'json');
    }
    await vscode.window.showTextDocument(document, { preview: false, preserveFocus: true });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
