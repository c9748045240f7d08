/**
 * Text helpers for Logs Insights queries: a small lexer (enough to tell strings, regexes, comments and
 * brackets apart), a balance check, `{{placeholder}}` filling, and the header comments of query files.
 */

/** Commands of the Logs Insights query language (lower case; the language is case-insensitive for them). */
export const COMMANDS: readonly string[] = [
  'fields', 'display', 'filter', 'filterindex', 'stats', 'sort', 'limit', 'parse', 'dedup', 'unmask',
  'unnest', 'lookup', 'pattern', 'anomaly', 'diff', 'source', 'join',
];

/** A problem found in a query, with its 0-based offset in the text. */
export interface QueryProblem {
  readonly offset: number;
  readonly message: string;
}

type TokenKind = 'word' | 'string' | 'regex' | 'backtick' | 'comment' | 'open' | 'close' | 'pipe' | 'op' | 'number' | 'space';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly offset: number;
  /** For strings, regexes and backtick names: false when the closing quote is missing. */
  readonly closed?: boolean;
}

/** Words after which a `/` opens a regex rather than dividing. */
const REGEX_AFTER_WORDS = new Set(['like', 'not', 'and', 'or', 'in']);
const REGEX_AFTER_OPS = new Set(['=~', '(', ',', '[', '=', '!=', '|']);

function readQuoted(text: string, start: number, quote: string): { end: number; closed: boolean } {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && quote !== '`') {
      i += 2;
      continue;
    }
    if (c === quote) {
      return { end: i + 1, closed: true };
    }
    if (c === '\n' && quote !== '"' && quote !== "'") {
      return { end: i, closed: false };
    }
    i++;
  }
  return { end: text.length, closed: false };
}

/** Splits a query into tokens. Never throws: unterminated strings run to the end and are marked. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let segmentWords = 0;
  let segmentCommand = '';
  const significant = (): Token | undefined => {
    for (let k = tokens.length - 1; k >= 0; k--) {
      const t = tokens[k]!;
      if (t.kind !== 'space' && t.kind !== 'comment') {
        return t;
      }
    }
    return undefined;
  };
  while (i < text.length) {
    const c = text[i]!;
    const start = i;
    if (/\s/.test(c)) {
      while (i < text.length && /\s/.test(text[i]!)) {
        i++;
      }
      tokens.push({ kind: 'space', text: text.slice(start, i), offset: start });
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') {
        i++;
      }
      tokens.push({ kind: 'comment', text: text.slice(start, i), offset: start });
    } else if (c === '"' || c === "'" || c === '`') {
      const { end, closed } = readQuoted(text, i, c);
      i = end;
      tokens.push({ kind: c === '`' ? 'backtick' : 'string', text: text.slice(start, i), offset: start, closed });
    } else if (c === '/') {
      const prev = significant();
      const isRegex =
        !prev ||
        (prev.kind === 'op' && REGEX_AFTER_OPS.has(prev.text)) ||
        prev.kind === 'open' ||
        prev.kind === 'pipe' ||
        (prev.kind === 'word' && REGEX_AFTER_WORDS.has(prev.text.toLowerCase())) ||
        // `parse @message /(?<name>...)/`: the regex follows the field being parsed.
        (segmentCommand === 'parse' && segmentWords === 2);
      if (isRegex) {
        const { end, closed } = readQuoted(text, i, '/');
        i = end;
        tokens.push({ kind: 'regex', text: text.slice(start, i), offset: start, closed });
      } else {
        i++;
        tokens.push({ kind: 'op', text: '/', offset: start });
      }
    } else if (c === '(' || c === '[') {
      i++;
      tokens.push({ kind: 'open', text: c, offset: start });
    } else if (c === ')' || c === ']') {
      i++;
      tokens.push({ kind: 'close', text: c, offset: start });
    } else if (c === '|') {
      i++;
      tokens.push({ kind: 'pipe', text: c, offset: start });
      segmentWords = 0;
      segmentCommand = '';
    } else if (/[A-Za-z_@]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_@.$-]/.test(text[i]!)) {
        // A hyphen inside a word only when a letter follows it (`foo-bar` needs backticks in Insights,
        // but `a-b` arithmetic must not become one word); keep it simple: stop at hyphens.
        if (text[i] === '-') {
          break;
        }
        i++;
      }
      const word = text.slice(start, i);
      tokens.push({ kind: 'word', text: word, offset: start });
      segmentWords++;
      if (segmentWords === 1) {
        segmentCommand = word.toLowerCase();
      }
    } else if (/[0-9]/.test(c)) {
      while (i < text.length && /[0-9.a-zA-Z]/.test(text[i]!)) {
        i++;
      }
      tokens.push({ kind: 'number', text: text.slice(start, i), offset: start });
    } else {
      const two = text.slice(i, i + 2);
      const op = ['=~', '!=', '<=', '>=', '=='].includes(two) ? two : c;
      i += op.length;
      tokens.push({ kind: 'op', text: op, offset: start });
    }
  }
  return tokens;
}

const PAIRS: Readonly<Record<string, string>> = { ')': '(', ']': '[' };

/**
 * Checks that brackets pair up, that strings, regexes and backtick names are closed, and that no pipe
 * stands alone (`| |`, a leading or trailing `|`). Returns the problems found (empty when none); it is
 * not a full parser, so a query that passes can still be rejected by Logs Insights.
 */
export function checkQuery(query: string): QueryProblem[] {
  const problems: QueryProblem[] = [];
  const stack: Token[] = [];
  let segmentHasContent = false;
  let sawPipe = false;
  for (const token of tokenize(query)) {
    switch (token.kind) {
      case 'string':
      case 'regex':
      case 'backtick':
        if (token.closed === false) {
          const what = token.kind === 'regex' ? 'regular expression' : token.kind === 'backtick' ? 'backtick-quoted name' : 'string';
          problems.push({ offset: token.offset, message: `Unterminated ${what}` });
        }
        segmentHasContent = true;
        break;
      case 'open':
        stack.push(token);
        segmentHasContent = true;
        break;
      case 'close': {
        const open = stack.pop();
        if (!open) {
          problems.push({ offset: token.offset, message: `Unmatched "${token.text}"` });
        } else if (open.text !== PAIRS[token.text]) {
          problems.push({ offset: token.offset, message: `"${token.text}" closes "${open.text}" opened at offset ${open.offset}` });
        }
        break;
      }
      case 'pipe':
        if (stack.length > 0) {
          problems.push({ offset: stack[stack.length - 1]!.offset, message: `"${stack[stack.length - 1]!.text}" is not closed before "|"` });
          stack.length = 0;
        }
        if (!segmentHasContent) {
          problems.push({ offset: token.offset, message: sawPipe ? 'Empty command between pipes' : 'The query starts with "|"' });
        }
        sawPipe = true;
        segmentHasContent = false;
        break;
      case 'space':
      case 'comment':
        break;
      default:
        segmentHasContent = true;
    }
  }
  for (const open of stack) {
    problems.push({ offset: open.offset, message: `"${open.text}" is never closed` });
  }
  if (sawPipe && !segmentHasContent) {
    problems.push({ offset: query.length, message: 'The query ends with "|"' });
  }
  return problems;
}

/** The first word of each command of a query, lower case (`["filter", "stats", "sort"]`). */
export function commandsOf(query: string): string[] {
  const commands: string[] = [];
  let expectCommand = true;
  for (const token of tokenize(query)) {
    if (token.kind === 'pipe') {
      expectCommand = true;
    } else if (token.kind === 'word' && expectCommand) {
      commands.push(token.text.toLowerCase());
      expectCommand = false;
    } else if (token.kind !== 'space' && token.kind !== 'comment') {
      expectCommand = false;
    }
  }
  return commands;
}

/** The query without comments (strings that contain `#` are kept intact). */
export function stripComments(query: string): string {
  return tokenize(query)
    .filter((t) => t.kind !== 'comment')
    .map((t) => t.text)
    .join('')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** Splits off the comment and blank lines at the start of a query (kept with their line ends). */
export function splitLeadingComments(query: string): { comments: string; body: string } {
  const lines = query.split('\n');
  let n = 0;
  while (n < lines.length && /^\s*(#.*)?$/.test(lines[n]!) && n < lines.length - 1) {
    n++;
  }
  if (n === lines.length - 1 && /^\s*(#.*)?$/.test(lines[n]!)) {
    // Nothing but comments and blanks.
    return { comments: query.trim() === '' ? '' : query.endsWith('\n') ? query : `${query}\n`, body: '' };
  }
  const comments = lines.slice(0, n).join('\n');
  return { comments: n > 0 ? `${comments}\n` : '', body: lines.slice(n).join('\n') };
}

/** True when the query has no command (only comments and blanks). */
export function isEmptyQuery(query: string): boolean {
  return stripComments(query) === '';
}

// ---- placeholders ------------------------------------------------------------------------------

const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;

/** Names of the `{{name}}` placeholders in a query template, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** Replaces `{{name}}` placeholders; throws when a value is missing (a query must never run with one left). */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined) {
      throw new Error(`Query placeholder {{${name}}} has no value`);
    }
    // Values go inside double-quoted strings in the templates: keep them from closing the string.
    return value.replace(/["\\]/g, '');
  });
}

// ---- query file headers ------------------------------------------------------------------------

/** What the header comments of a query file say (every key optional). */
export interface QueryFileHeader {
  /** `# logGroups: a, b` */
  readonly logGroups?: readonly string[];
  /** `# range: 1h` or `# range: 2024-11-27T08:00:00Z/2024-11-27T09:00:00Z` (see ./timeRange.ts). */
  readonly range?: string;
  /** `# name: Top talkers`: the saved query definition's name. */
  readonly name?: string;
  /** `# definition: 0a1b...`: the saved query definition this file came from (saving updates it). */
  readonly definitionId?: string;
}

const HEADER_KEYS: Readonly<Record<string, keyof QueryFileHeader>> = {
  loggroups: 'logGroups',
  loggroup: 'logGroups',
  range: 'range',
  time: 'range',
  name: 'name',
  definition: 'definitionId',
};

const HEADER_LINE = /^\s*#\s*([A-Za-z]+)\s*:\s*(.*?)\s*$/;

/** Reads the `# key: value` lines of the leading comment block of a query file. */
export function parseHeader(text: string): QueryFileHeader {
  const { comments } = splitLeadingComments(text);
  const header: { -readonly [K in keyof QueryFileHeader]: QueryFileHeader[K] } = {};
  for (const line of comments.split('\n')) {
    const m = HEADER_LINE.exec(line);
    const key = m ? HEADER_KEYS[m[1]!.toLowerCase()] : undefined;
    if (!m || !key) {
      continue;
    }
    const value = m[2]!;
    if (key === 'logGroups') {
      const groups = value.split(',').map((g) => g.trim()).filter((g) => g !== '');
      header.logGroups = [...(header.logGroups ?? []), ...groups];
    } else if (value !== '') {
      header[key] = value;
    }
  }
  return header;
}

/** The header lines for a header (only the keys that are set). */
export function formatHeader(header: QueryFileHeader): string {
  const lines: string[] = [];
  if (header.name) {
    lines.push(`# name: ${header.name}`);
  }
  if (header.logGroups && header.logGroups.length > 0) {
    lines.push(`# logGroups: ${header.logGroups.join(', ')}`);
  }
  if (header.range) {
    lines.push(`# range: ${header.range}`);
  }
  if (header.definitionId) {
    lines.push(`# definition: ${header.definitionId}`);
  }
  return lines.map((l) => `${l}\n`).join('');
}

/**
 * The text with its header replaced by `header` (keys set to undefined are removed; other comment lines
 * in the leading block are kept, after the header).
 */
export function setHeader(text: string, header: QueryFileHeader): string {
  const { comments, body } = splitLeadingComments(text);
  const merged = { ...parseHeader(text), ...header };
  const isHeader = (line: string): boolean => HEADER_LINE.test(line) && HEADER_KEYS[HEADER_LINE.exec(line)![1]!.toLowerCase()] !== undefined;
  const lines = comments.split('\n').filter((line) => line.trim() !== '');
  // Comment lines above the header stay above it: the first line titles an untitled editor.
  const firstHeader = lines.findIndex(isHeader);
  const before = firstHeader < 0 ? (lines.length > 0 && body.trim() !== '' ? lines.slice(0, 1) : []) : lines.slice(0, firstHeader);
  const after = lines.slice(before.length).filter((line) => !isHeader(line));
  const join = (ls: string[]): string => ls.map((l) => `${l}\n`).join('');
  return `${join(before)}${formatHeader(merged)}${join(after)}${body}`;
}

/** The query without its header lines (other comments kept): what is stored in a query definition. */
export function withoutHeader(text: string): string {
  const { comments, body } = splitLeadingComments(text);
  const others = comments
    .split('\n')
    .filter((line) => line.trim() !== '' && !(HEADER_LINE.test(line) && HEADER_KEYS[HEADER_LINE.exec(line)![1]!.toLowerCase()]))
    .map((l) => `${l}\n`)
    .join('');
  return `${others}${body}`.trim();
}

// ---- shape of the results --------------------------------------------------------------------

/** What kind of chart suits a query's results. */
export type ChartHint = 'time' | 'bar' | 'none';

/** `stats ... by bin(...)` -> a time chart; any other `stats ... by` -> a bar chart; else none. */
export function chartHint(query: string): ChartHint {
  const text = stripComments(query);
  const stats = [...text.matchAll(/\bstats\b([^|]*)/gi)].pop()?.[1];
  if (!stats || !/\bby\b/i.test(stats)) {
    return 'none';
  }
  return /\bby\b.*\bbin\s*\(/i.test(stats) ? 'time' : 'bar';
}
