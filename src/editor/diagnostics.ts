import * as vscode from 'vscode';
import { problemRange } from './analysis';
import type { AnalyzedDocument, DocumentAnalyses } from './documentAnalyses';
import { SOURCE_LABELS } from './formatResolution';

/** Diagnostic source shown in the Problems view. */
export const DIAGNOSTIC_SOURCE = 'VPC Flow Logs';

/** The warnings for one analysed document: one per bad line, on the offending value where known. */
export function flowLogDiagnostics(document: vscode.TextDocument, analyzed: AnalyzedDocument): vscode.Diagnostic[] {
  const { analysis, format } = analyzed;
  const diagnostics: vscode.Diagnostic[] = [];
  for (const error of analysis.errors) {
    // The parser numbers lines from 1; line 0 means the format itself is unusable.
    const lineIndex = Math.min(Math.max(error.line - 1, 0), Math.max(document.lineCount - 1, 0));
    const line = document.lineCount > 0 ? document.lineAt(lineIndex).text : '';
    const { start, end } = error.line > 0 ? problemRange(error.message, line, format.fields) : { start: 0, end: line.length };
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(lineIndex, start, lineIndex, Math.max(end, start)),
      error.line > 0 ? `${error.message} (fields from ${SOURCE_LABELS[format.source]})` : error.message,
      vscode.DiagnosticSeverity.Warning,
    );
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = 'not-a-record';
    diagnostics.push(diagnostic);
  }
  if (analysis.errorCount > analysis.errors.length) {
    const summary = new vscode.Diagnostic(
      new vscode.Range(0, 0, 0, 0),
      `${analysis.errorCount.toLocaleString()} lines do not fit the format; the first ${analysis.errors.length.toLocaleString()} are marked.`,
      vscode.DiagnosticSeverity.Warning,
    );
    summary.source = DIAGNOSTIC_SOURCE;
    diagnostics.push(summary);
  }
  if (format.problem) {
    const problem = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `Format of this file: ${format.problem}`, vscode.DiagnosticSeverity.Warning);
    problem.source = DIAGNOSTIC_SOURCE;
    diagnostics.push(problem);
  }
  return diagnostics;
}

/** Keeps a warning on every line of a flow log document that the engine cannot read as a record. */
export function registerDiagnostics(context: vscode.ExtensionContext, analyses: DocumentAnalyses): void {
  const collection = vscode.languages.createDiagnosticCollection('vpc-flow-log');
  context.subscriptions.push(
    collection,
    analyses.onDidUpdate((analyzed) => {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === analyzed.uri.toString());
      if (document) {
        collection.set(analyzed.uri, flowLogDiagnostics(document, analyzed));
      }
    }),
    analyses.onDidForget((uri) => collection.delete(uri)),
  );
}
