/**
 * The format a viewer reads a page with when none is given and the page has no header line: the
 * well-known layout found by `detectFormat` (the one the editor's quick fix offers). Pure.
 */
import { detectFormat, type FormatFit } from '../flowlogs';
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
  return page.lines || page.text !== undefined ? detectFormat(leadingPageLines(page)) : { kind: 'default' };
}
