import * as vscode from 'vscode';
import { sameValueOffsets, valueAt } from './columns';
import { looksLikeFlowLogDocument } from './languageDetection';

/** More highlights than this say nothing (a version or `-` on every line), and cost time on big files. */
const MAX_HIGHLIGHTS = 2000;

/**
 * Highlights the other occurrences of the value under the cursor, as whole values: an address, port
 * or interface id across the file. Without it VS Code's word highlighter, which splits at `.` and `-`,
 * would mark the `2` inside `10.2.15.210` when the cursor is on a version number.
 */
export class SameValueHighlightProvider implements vscode.DocumentHighlightProvider {
  provideDocumentHighlights(document: vscode.TextDocument, position: vscode.Position): vscode.DocumentHighlight[] {
    const value = valueAt(document.lineAt(position.line).text, position.character);
    if (!value) {
      return [];
    }
    return sameValueOffsets(document.getText(), value.text, MAX_HIGHLIGHTS).map((offset) => {
      const start = document.positionAt(offset);
      return new vscode.DocumentHighlight(new vscode.Range(start, start.translate(0, value.text.length)), vscode.DocumentHighlightKind.Text);
    });
  }
}

/**
 * The same highlights for flow logs still in the `log` or `plaintext` language: the language switches a
 * moment after the file opens, and the word highlighter does not ask again when it does, so a cursor
 * placed before the switch would keep the `5` inside `10.1.5.112` lit. Other documents get `undefined`,
 * so VS Code's own word highlights apply to them as before.
 */
export class CandidateHighlightProvider implements vscode.DocumentHighlightProvider {
  private readonly values = new SameValueHighlightProvider();

  provideDocumentHighlights(document: vscode.TextDocument, position: vscode.Position): vscode.DocumentHighlight[] | undefined {
    return looksLikeFlowLogDocument(document) ? this.values.provideDocumentHighlights(document, position) : undefined;
  }
}
