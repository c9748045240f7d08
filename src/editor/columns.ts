/**
 * Which value of a flow log line sits under the cursor. Kept free of `vscode` so it is tested in plain
 * Node; the hover provider turns positions into character offsets.
 */

/** One space-separated value of a line. */
export interface LineValue {
  /** The value as written. */
  readonly text: string;
  /** Offset of its first character in the line. */
  readonly start: number;
  /** Offset just past its last character. */
  readonly end: number;
  /** 0-based column: the index of the field it belongs to in the record's format. */
  readonly column: number;
}

const VALUE = /[^ \t\r\n]+/g;

/** The values of a line, in order, with their offsets (runs of spaces or tabs separate them). */
export function lineValues(line: string): LineValue[] {
  const values: LineValue[] = [];
  for (const match of line.matchAll(VALUE)) {
    values.push({ text: match[0], start: match.index, end: match.index + match[0].length, column: values.length });
  }
  return values;
}

/**
 * The value at a character offset: the one containing it, or the one just before it when the offset
 * is right after a value (where the cursor sits after double-clicking or typing it). Undefined on
 * spaces between values.
 */
export function valueAt(line: string, character: number): LineValue | undefined {
  const values = lineValues(line);
  return values.find((v) => character >= v.start && character < v.end) ?? values.find((v) => character === v.end);
}

/** True for the characters that separate values (and lines). */
function isSeparator(code: number | undefined): boolean {
  return code === undefined || code === 32 || code === 9 || code === 10 || code === 13;
}

/**
 * Offsets in `text` of every whole value equal to `value` (not `2` inside `10.2.15.210`), at most
 * `limit` of them. `indexOf` over the whole text keeps this fast on big documents.
 */
export function sameValueOffsets(text: string, value: string, limit: number): number[] {
  const offsets: number[] = [];
  if (value === '') {
    return offsets;
  }
  for (let at = text.indexOf(value); at >= 0 && offsets.length < limit; at = text.indexOf(value, at + value.length)) {
    const before = at === 0 ? undefined : text.charCodeAt(at - 1);
    const after = at + value.length >= text.length ? undefined : text.charCodeAt(at + value.length);
    if (isSeparator(before) && isSeparator(after)) {
      offsets.push(at);
    }
  }
  return offsets;
}
