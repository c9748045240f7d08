/**
 * Flow log record formats: the default format, custom `${field} ...` strings as `DescribeFlowLogs`
 * returns them in `LogFormat`, and the header line S3 exports start with (`version account-id ...`).
 */
import { fieldInfo } from './fields';

/** The fields of the default format (version 2), in order. */
export const DEFAULT_FIELDS: readonly string[] = [
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol',
  'packets', 'bytes', 'start', 'end', 'action', 'log-status',
];

/** The default format as a `LogFormat` string. */
export const DEFAULT_FORMAT: string = DEFAULT_FIELDS.map((f) => `\${${f}}`).join(' ');

/** Thrown by {@link parseFormat} for a format that cannot be used; `unknown` names the unknown fields. */
export class FormatError extends Error {
  constructor(message: string, readonly unknown: readonly string[] = []) {
    super(message);
    this.name = 'FormatError';
  }
}

const TOKEN = /^\$\{([^}\s]*)\}$/;
const NAME = /^[a-z][a-z0-9-]*$/;

/**
 * The field names of a format: a `${field} ${field} ...` string (a `LogFormat`), or a space-separated
 * list of names as in an S3 header line. Throws a {@link FormatError} naming every unknown field, or
 * saying what else is wrong (empty, a token that is not `${name}`, a field named twice).
 */
export function parseFormat(format: string): string[] {
  const tokens = format.trim().split(/\s+/).filter((t) => t !== '');
  if (tokens.length === 0) {
    throw new FormatError('Flow log format is empty: expected fields such as ${version} ${account-id} ...');
  }
  const names: string[] = [];
  const bad: string[] = [];
  for (const token of tokens) {
    const m = TOKEN.exec(token);
    const name = m ? m[1]! : token;
    if (!m && (token.includes('$') || token.includes('{') || token.includes('}'))) {
      bad.push(token);
      continue;
    }
    names.push(name);
  }
  if (bad.length > 0) {
    throw new FormatError(`Flow log format has tokens that are not \${field}: ${bad.join(', ')}`);
  }
  const unknown = names.filter((n) => fieldInfo(n) === undefined);
  if (unknown.length > 0) {
    const list = [...new Set(unknown)].map((n) => `\${${n}}`).join(', ');
    throw new FormatError(`Flow log format names unknown field${unknown.length > 1 ? 's' : ''}: ${list}`, unknown);
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) {
      throw new FormatError(`Flow log format names \${${n}} more than once`);
    }
    seen.add(n);
  }
  return names;
}

/** The `${field} ...` format string for a list of field names. */
export function formatString(fields: readonly string[]): string {
  return fields.map((f) => `\${${f}}`).join(' ');
}

/** True when the fields are exactly the default format's. */
export function isDefaultFormat(fields: readonly string[]): boolean {
  return fields.length === DEFAULT_FIELDS.length && fields.every((f, i) => f === DEFAULT_FIELDS[i]);
}

/**
 * If a line is an S3 export header (every token a lower-case field-like name, at least two of them, at
 * least one a known field), its tokens; otherwise undefined. The tokens may include unknown names:
 * {@link parseFormat} on them says which.
 */
export function headerTokens(line: string): string[] | undefined {
  const tokens = line.trim().split(/[ \t]+/);
  if (tokens.length < 2 || tokens.length > 200) {
    return undefined;
  }
  let known = false;
  for (const t of tokens) {
    if (!NAME.test(t)) {
      return undefined;
    }
    known ||= fieldInfo(t) !== undefined;
  }
  return known ? tokens : undefined;
}
