import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { FORMAT_SAMPLE_LINES, fittingFormats, formatSummary } from '../flowlogs/formatFit';
import { SET_FORMAT_COMMAND } from './hoverContent';

/** The first lines of a document, for {@link fittingFormats}. */
export function leadingLines(document: vscode.TextDocument): string[] {
  const lines: string[] = [];
  for (let n = 0; n < Math.min(document.lineCount, FORMAT_SAMPLE_LINES); n++) {
    lines.push(document.lineAt(n).text);
  }
  return lines;
}

/**
 * Quick fixes for the warnings on lines that do not fit the format: use a well-known format that fits
 * every line (when one does), or choose the format of the file.
 */
export class FormatQuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) {
      return [];
    }
    const actions = fittingFormats(leadingLines(document)).map((format, i) => {
      const action = new vscode.CodeAction(`Use the format that fits these records (${formatSummary(format)})`, vscode.CodeActionKind.QuickFix);
      action.command = { title: action.title, command: SET_FORMAT_COMMAND, arguments: [document.uri, format] };
      action.diagnostics = ours;
      action.isPreferred = i === 0;
      return action;
    });
    const choose = new vscode.CodeAction('Set the flow log format of this file…', vscode.CodeActionKind.QuickFix);
    choose.command = { title: choose.title, command: SET_FORMAT_COMMAND, arguments: [document.uri] };
    choose.diagnostics = ours;
    return [...actions, choose];
  }
}
