import * as vscode from 'vscode';
import { SET_FORMAT_COMMAND } from './hoverContent';
import type { DocumentAnalyses } from './documentAnalyses';
import { SOURCE_LABELS } from './formatResolution';
import { FLOW_LOG_LANGUAGE } from './languageDetection';

/** The viewer's command that opens a flow log document (its URI as argument) in the table view. */
export const OPEN_IN_VIEWER_COMMAND = 'vpcFlowLogs.openInViewer';

function plural(n: number, word: string): string {
  return `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Lenses on line 1 of a flow log document: open it in the viewer, how many records and REJECTs it
 * holds, and which format names its fields (click to change it).
 */
export class FlowLogCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly analyses: DocumentAnalyses) {
    this.subscription = analyses.onDidUpdate(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const { analysis, format } = this.analyses.get(document);
    if (analysis.records === 0 && analysis.errorCount === 0) {
      // Blank document: nothing to count or view.
      return [];
    }
    const top = new vscode.Range(0, 0, 0, 0);
    const counts = [plural(analysis.records, 'record'), `${analysis.rejects.toLocaleString()} REJECT`];
    if (analysis.errorCount > 0) {
      counts.push(plural(analysis.errorCount, 'bad line'));
    }
    return [
      new vscode.CodeLens(top, {
        title: '$(table) Open in flow log viewer',
        command: OPEN_IN_VIEWER_COMMAND,
        arguments: [document.uri],
        tooltip: 'Show these records as a filterable table with summaries',
      }),
      new vscode.CodeLens(top, {
        title: counts.join(' · '),
        // Counting is all this lens does; an empty command makes it plain text.
        command: '',
        tooltip: analysis.errorCount > 0 ? 'Lines that do not fit the format are marked as warnings (see the Problems view)' : '',
      }),
      new vscode.CodeLens(top, {
        title: `Fields from ${SOURCE_LABELS[format.source]}`,
        command: SET_FORMAT_COMMAND,
        arguments: [document.uri],
        tooltip: `${format.fields.join(' ')}\n\nClick to choose the format of this file`,
      }),
    ];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Registers the flow log lenses. */
export function registerCodeLens(context: vscode.ExtensionContext, analyses: DocumentAnalyses): void {
  const provider = new FlowLogCodeLensProvider(analyses);
  context.subscriptions.push(provider, vscode.languages.registerCodeLensProvider({ language: FLOW_LOG_LANGUAGE }, provider));
}
