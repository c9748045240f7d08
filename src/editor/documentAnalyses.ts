import * as vscode from 'vscode';
import { analyzeFlowLogText, type DocumentAnalysis } from './analysis';
import type { DocumentFormats } from './documentFormats';
import type { DocumentFormat } from './formatResolution';
import { FLOW_LOG_LANGUAGE } from './languageDetection';

/** A document's analysis with the format it was made with. */
export interface AnalyzedDocument {
  readonly uri: vscode.Uri;
  readonly version: number;
  readonly format: DocumentFormat;
  readonly analysis: DocumentAnalysis;
}

/** How long after the last edit a document is parsed again (typing must stay smooth in big files). */
export const EDIT_DEBOUNCE_MS = 300;

/**
 * Parses flow log documents lazily, once per version and format, and tells listeners (CodeLens,
 * diagnostics) when a fresh analysis is available: right away when a document opens or its format
 * changes, {@link EDIT_DEBOUNCE_MS} after the last edit otherwise.
 */
export class DocumentAnalyses implements vscode.Disposable {
  private readonly cache = new Map<string, AnalyzedDocument>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly updated = new vscode.EventEmitter<AnalyzedDocument>();
  private readonly closed = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[];

  /** Fires with a fresh analysis of an open flow log document. */
  readonly onDidUpdate = this.updated.event;
  /** Fires when a document stops being a flow log document (closed, or its language changed). */
  readonly onDidForget = this.closed.event;

  constructor(private readonly formats: DocumentFormats) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => this.refresh(document)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) {
          this.schedule(event.document);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      formats.onDidChange((uri) => {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (document) {
          this.refresh(document);
        }
      }),
    ];
  }

  /** True for documents in the flow log language. */
  static isFlowLog(document: vscode.TextDocument): boolean {
    return document.languageId === FLOW_LOG_LANGUAGE;
  }

  /** The analysis of a document's current version and format, computed now if needed. */
  get(document: vscode.TextDocument): AnalyzedDocument {
    const key = document.uri.toString();
    const format = this.formats.resolve(document);
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version && sameFormat(cached.format, format)) {
      return cached;
    }
    const analyzed = { uri: document.uri, version: document.version, format, analysis: analyzeFlowLogText(document.getText(), format.format) };
    this.cache.set(key, analyzed);
    return analyzed;
  }

  /** Analyses a flow log document now and notifies listeners; forgets any other document. */
  refresh(document: vscode.TextDocument): void {
    this.cancel(document.uri);
    if (!DocumentAnalyses.isFlowLog(document)) {
      if (this.cache.delete(document.uri.toString())) {
        this.closed.fire(document.uri);
      }
      return;
    }
    this.updated.fire(this.get(document));
  }

  private schedule(document: vscode.TextDocument): void {
    if (!DocumentAnalyses.isFlowLog(document)) {
      return;
    }
    this.cancel(document.uri);
    const key = document.uri.toString();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!document.isClosed) {
          this.refresh(document);
        }
      }, EDIT_DEBOUNCE_MS),
    );
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.timers.get(key);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.timers.delete(key);
    }
  }

  private forget(uri: vscode.Uri): void {
    this.cancel(uri);
    this.cache.delete(uri.toString());
    this.closed.fire(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) {
      clearTimeout(timer);
    }
    this.timers.clear();
    this.cache.clear();
    vscode.Disposable.from(...this.subscriptions, this.updated, this.closed).dispose();
  }
}

function sameFormat(a: DocumentFormat, b: DocumentFormat): boolean {
  return a.source === b.source && a.format === b.format && a.headerLine === b.headerLine && a.fields.join(' ') === b.fields.join(' ');
}
