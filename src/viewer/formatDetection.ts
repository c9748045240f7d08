/**
 * The format a viewer reads a page with when none is given and the page has no header line: the
 * well-known layout found by `detectFormat` (the one the editor's quick fix offers). Pure.
 */
import { detectFormat, headerTokens, type FlowLogParser, type FlowLogStore, type FormatFit } from '../flowlogs';
import { FORMAT_SAMPLE_LINES } from '../flowlogs/formatFit';
import type { RecordPage } from './source';

/** Characters looked at: the sample lines of even the widest formats fit. */
const HEAD_CHARS = 256 * 1024;

/** The first lines of a page, enough for {@link detectFormat}. */
export function leadingPageLines(page: RecordPage): string[] {
  if (page.lines) {
    return page.lines.slice(0, FORMAT_SAMPLE_LINES * 2);
  }
  const text = page.text;
  const head = typeof text === 'string' ? text.slice(0, HEAD_CHARS) : new TextDecoder().decode(text?.subarray(0, HEAD_CHARS));
  const lines = head.split(/\r?\n/);
  // The last line may be cut in the middle: leave it out unless it is all there is.
  return lines.length > 1 && head.length === HEAD_CHARS ? lines.slice(0, -1) : lines;
}

/**
 * What a page without a given format looks like; `default` when the default format (or its header)
 * reads it, and for pages read in chunks or from Parquet (whose first lines are not at hand here).
 */
export function detectPageFormat(page: RecordPage): FormatFit {
  if (!page.lines && page.text === undefined) {
    return { kind: 'default' };
  }
  const lines = leadingPageLines(page);
  // A header line (an S3 export's) names the fields: nothing to detect.
  const first = lines.find((l) => l.trim() !== '')?.replace(/^\uFEFF/, '');
  return first !== undefined && headerTokens(first) ? { kind: 'default' } : detectFormat(lines);
}

/** Bytes gathered before the format is chosen: hundreds of lines of even the widest formats. */
const HEAD_BYTES = 64 * 1024;

/**
 * A parser for a page read in chunks whose format is not given: it gathers the first lines, finds the
 * well-known layout that fits them (as {@link detectPageFormat} does for a text page), then creates the
 * parser with it and hands it everything gathered. A header line (an S3 export's) wins: no detection.
 */
export class DetectingParser {
  private parser: FlowLogParser | undefined;
  private head: Uint8Array[] = [];
  private headBytes = 0;
  /** What detection found (undefined until the first lines were seen, or when a header line names the fields). */
  fit: FormatFit | undefined;

  constructor(private readonly create: (format: string | undefined) => FlowLogParser) {}

  push(chunk: Uint8Array | string): void {
    if (this.parser) {
      this.parser.push(chunk);
      return;
    }
    // Chunks may be a reused read buffer: keep copies.
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk.slice();
    this.head.push(bytes);
    this.headBytes += bytes.length;
    if (this.headBytes >= HEAD_BYTES) {
      this.start();
    }
  }

  end(): FlowLogStore {
    return this.start().end();
  }

  get records(): number {
    return this.parser?.records ?? 0;
  }

  get lines(): number {
    return this.parser?.lines ?? 0;
  }

  /** The parser, created with the format the first lines show (or the header's, or the default). */
  start(): FlowLogParser {
    if (this.parser) {
      return this.parser;
    }
    const head = new Uint8Array(this.headBytes);
    let at = 0;
    for (const part of this.head) {
      head.set(part, at);
      at += part.length;
    }
    this.head = [];
    const text = new TextDecoder().decode(head.subarray(0, Math.min(head.length, HEAD_CHARS))).replace(/^\uFEFF/, '');
    const lines = text.split(/\r?\n/);
    const sample = lines.length > 1 && at >= HEAD_BYTES ? lines.slice(0, -1) : lines;
    const first = sample.find((l) => l.trim() !== '');
    this.fit = first !== undefined && headerTokens(first) ? undefined : detectFormat(sample.slice(0, FORMAT_SAMPLE_LINES * 2));
    const format = this.fit?.kind === 'fits' || this.fit?.kind === 'closest' ? this.fit.format : undefined;
    this.parser = this.create(format);
    if (head.length > 0) {
      this.parser.push(head);
    }
    return this.parser;
  }
}
