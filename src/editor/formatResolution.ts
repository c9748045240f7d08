/**
 * Which record format applies to a flow log document. Kept free of `vscode` so it is tested in plain Node.
 *
 * In order of precedence: a format the user chose for the document; a format another part of the
 * extension knows (a CloudWatch stream's `LogFormat`); the document's S3 header line; the default format.
 */
import { DEFAULT_FIELDS, FormatError, headerTokens, parseFormat } from '../flowlogs';

/** Where a document's format comes from. */
export type FormatSource = 'chosen' | 'known' | 'header' | 'default';

/** The format of a document, with where it came from. */
export interface DocumentFormat {
  /** Field names in record order. */
  readonly fields: readonly string[];
  readonly source: FormatSource;
  /** The `${field} ...` string to hand the parser; undefined lets the parser honour the header line or use the default. */
  readonly format?: string;
  /** The 0-based line of the S3 header line, when the document has one (the parser skips it; hovers explain it). */
  readonly headerLine?: number;
  /** Why a chosen or known format, or the header, could not be used as it is. */
  readonly problem?: string;
}

/** Words for a format source, as they appear in hovers and lenses. */
export const SOURCE_LABELS: Readonly<Record<FormatSource, string>> = {
  chosen: 'the format chosen for this file',
  known: "the flow log's format",
  header: "the file's header line",
  default: 'the default format',
};

function problemOf(error: unknown): string {
  return error instanceof FormatError || error instanceof Error ? error.message : String(error);
}

/**
 * Resolves the format of a document from its first non-blank line (at `firstLineNumber`) and the
 * formats chosen for it or known for it. Never throws: an unusable chosen format falls back to the next
 * source and says why in `problem`.
 */
export function resolveDocumentFormat(firstLine: string, chosen?: string, known?: string, firstLineNumber = 0): DocumentFormat {
  const header = headerTokens(firstLine);
  const headerAt = header !== undefined ? { headerLine: firstLineNumber } : {};
  const problems: string[] = [];
  for (const [source, format] of [['chosen', chosen], ['known', known]] as const) {
    if (format === undefined || format.trim() === '') {
      continue;
    }
    try {
      return { fields: parseFormat(format), source, format, ...headerAt };
    } catch (error) {
      problems.push(problemOf(error));
    }
  }
  const problem = problems.length > 0 ? problems.join('; ') : undefined;
  if (header) {
    try {
      parseFormat(header.join(' '));
      return { fields: header, source: 'header', ...headerAt, ...(problem ? { problem } : {}) };
    } catch (error) {
      // Keep the header's names anyway: hovers still name the known ones; the parser reports the rest.
      return { fields: header, source: 'header', ...headerAt, problem: [problem, problemOf(error)].filter(Boolean).join('; ') };
    }
  }
  return { fields: DEFAULT_FIELDS, source: 'default', ...(problem ? { problem } : {}) };
}
