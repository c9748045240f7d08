import * as vscode from 'vscode';
import { resolveDocumentFormat, type DocumentFormat } from './formatResolution';

/** workspaceState key: document URI -> the `${field} ...` format the user chose for it. */
const STATE_KEY = 'vpcFlowLogs.documentFormats';

/** How far down a document the first non-blank line is looked for (as the parser does, blank lines first are skipped). */
const BLANK_LINES_SCANNED = 50;

/** The first non-blank line of a document: an S3 header there decides the format. */
export function firstRecordLine(document: vscode.TextDocument): vscode.TextLine | undefined {
  for (let n = 0; n < Math.min(document.lineCount, BLANK_LINES_SCANNED); n++) {
    const line = document.lineAt(n);
    if (!line.isEmptyOrWhitespace) {
      return line;
    }
  }
  return undefined;
}

/**
 * The record format of each flow log document: chosen by the user (remembered per file in the
 * workspace state), known to another part of the extension (a CloudWatch stream's `LogFormat`), or
 * read from the document (S3 header line, else the default format).
 */
export class DocumentFormats implements vscode.Disposable {
  private readonly known = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();

  /** Fires with a document's URI when the format chosen or known for it changes. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  private get chosenFormats(): Record<string, string> {
    return this.state.get<Record<string, string>>(STATE_KEY, {});
  }

  /** The format the user chose for a document, if any. */
  chosen(uri: vscode.Uri): string | undefined {
    return this.chosenFormats[uri.toString()];
  }

  /** Remembers (or, with undefined, forgets) the format the user chose for a document. */
  async choose(uri: vscode.Uri, format: string | undefined): Promise<void> {
    const formats = { ...this.chosenFormats };
    if (format === undefined) {
      delete formats[uri.toString()];
    } else {
      formats[uri.toString()] = format;
    }
    await this.state.update(STATE_KEY, formats);
    this.changed.fire(uri);
  }

  /**
   * Tells the editor the format of a document whose origin knows it, e.g. a CloudWatch log stream shown
   * as a document, whose flow log's `LogFormat` came from DescribeFlowLogs. A format the user chose wins.
   */
  setKnown(uri: vscode.Uri, format: string | undefined): void {
    if (format === undefined) {
      this.known.delete(uri.toString());
    } else {
      this.known.set(uri.toString(), format);
    }
    this.changed.fire(uri);
  }

  /** The format that applies to a document now. */
  resolve(document: vscode.TextDocument): DocumentFormat {
    const first = firstRecordLine(document);
    return resolveDocumentFormat(first?.text ?? '', this.chosen(document.uri), this.known.get(document.uri.toString()), first?.lineNumber);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
