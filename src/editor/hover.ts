import * as vscode from 'vscode';
import type { DocumentFormats } from './documentFormats';
import { flowLogHover, SET_FORMAT_COMMAND } from './hoverContent';

/** Names the field of the value under the cursor, explains it and decodes the value (see hoverContent.ts). */
export class FlowLogHoverProvider implements vscode.HoverProvider {
  constructor(private readonly formats: DocumentFormats) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const line = document.lineAt(position.line).text;
    const hover = flowLogHover(line, position.line, position.character, this.formats.resolve(document), {
      documentUri: document.uri.toString(),
    });
    if (!hover) {
      return undefined;
    }
    const markdown = new vscode.MarkdownString(hover.markdown, true);
    // The only link in a hover is "set the format of this file"; nothing else may run from it.
    markdown.isTrusted = { enabledCommands: [SET_FORMAT_COMMAND] };
    return new vscode.Hover(markdown, new vscode.Range(position.line, hover.start, position.line, hover.end));
  }
}
