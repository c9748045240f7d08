import * as vscode from 'vscode';
import type { AwsIpRanges } from '../flowlogs/awsRanges';
import type { Services } from '../services';
import { FormatQuickFixProvider } from './codeActions';
import { registerCodeLens } from './codeLens';
import { registerDiagnostics } from './diagnostics';
import { DocumentAnalyses } from './documentAnalyses';
import { DocumentFormats } from './documentFormats';
import { registerGzipDocuments } from './gzipDocuments';
import { CandidateHighlightProvider, SameValueHighlightProvider } from './highlights';
import { FlowLogHoverProvider } from './hover';
import { CANDIDATE_LANGUAGES, FLOW_LOG_LANGUAGE, registerLanguageDetection } from './languageDetection';
import { registerSetDocumentFormat } from './setDocumentFormat';

/** What the flow log language offers other areas of the extension. */
export interface FlowLogLanguage {
  /**
   * The format of each document. Areas that show flow logs as documents and know their `LogFormat`
   * (CloudWatch streams) tell it with `formats.setKnown(uri, format)`.
   */
  readonly formats: DocumentFormats;
}

/**
 * Registers the flow log language: detection of flow logs in `.log`/`.txt` files, hovers, CodeLens,
 * diagnostics, the per-document format command and "Open as Text" for `.log.gz`. Nothing is parsed
 * during activation: documents are analysed when they open or change, after activation returns.
 */
export function registerFlowLogLanguage(
  context: vscode.ExtensionContext,
  services: Pick<Services, 'log'>,
  extras: { readonly awsRanges?: () => Promise<AwsIpRanges | undefined> | undefined } = {},
): FlowLogLanguage {
  const formats = new DocumentFormats(context.workspaceState);
  const analyses = new DocumentAnalyses(formats);
  context.subscriptions.push(formats, analyses);

  registerLanguageDetection(context);
  registerGzipDocuments(context);
  registerSetDocumentFormat(context, formats);
  registerDiagnostics(context, analyses);
  registerCodeLens(context, analyses);
  const selector: vscode.DocumentSelector = { language: FLOW_LOG_LANGUAGE };
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(selector, new FlowLogHoverProvider(formats, extras.awsRanges)),
    vscode.languages.registerDocumentHighlightProvider(selector, new SameValueHighlightProvider()),
    vscode.languages.registerDocumentHighlightProvider(
      [...CANDIDATE_LANGUAGES].map((language) => ({ language })),
      new CandidateHighlightProvider(),
    ),
    vscode.languages.registerCodeActionsProvider(selector, new FormatQuickFixProvider(), FormatQuickFixProvider.metadata),
  );

  // Documents already open in the flow log language (restored editors) get their diagnostics once
  // activation is over, so a big file does not slow it down.
  const initial = setTimeout(() => {
    for (const document of vscode.workspace.textDocuments) {
      try {
        analyses.refresh(document);
      } catch (error) {
        services.log.error(`Analysing ${document.uri.toString()} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(initial) });
  return { formats };
}
