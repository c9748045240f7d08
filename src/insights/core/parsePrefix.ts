/**
 * The `parse` clause for flow logs in a custom record format. Logs Insights discovers flow log fields
 * only for the default format; for any other `LogFormat` (known from EC2 `DescribeFlowLogs`) the catalogue
 * queries get a glob `parse @message "* * ..." as version, accountId, ...` in front, creating the fields
 * under the names the default format is discovered with (see ./fields.ts), so the same query text works.
 */
import { parseFormat } from '../../flowlogs/format';
import { DEFAULT_FORMAT_FIELDS, insightsFieldName } from './fields';
import { splitLeadingComments } from './queryText';

/**
 * The field names of a `LogFormat` (`${version} ${vpc-id} ...`), read by the flow log engine. Throws its
 * `FormatError` for an empty format, a token that is not `${name}`, an unknown field or a field named
 * twice, since a parse clause built from such a format would put values under the wrong names.
 */
export function formatFields(logFormat: string): string[] {
  return parseFormat(logFormat);
}

/** True when a `LogFormat` is absent, empty or exactly the default format (Insights discovers its fields). */
export function isDefaultLogFormat(logFormat: string | undefined): boolean {
  if (!logFormat || logFormat.trim() === '') {
    return true;
  }
  try {
    const fields = formatFields(logFormat);
    return fields.length === DEFAULT_FORMAT_FIELDS.length && fields.every((f, i) => f === DEFAULT_FORMAT_FIELDS[i]);
  } catch {
    return false;
  }
}

/**
 * The parse clause for a custom format, e.g. for `${version} ${srcaddr} ${dstaddr}`:
 * `parse @message "* * *" as version, srcAddr, dstAddr`. Undefined for the default format (nothing to
 * parse). Records are single-space separated, so one `*` per field matches each value; the last one
 * takes the rest of the line.
 */
export function parseClause(logFormat: string | undefined): string | undefined {
  if (isDefaultLogFormat(logFormat)) {
    return undefined;
  }
  const fields = formatFields(logFormat!);
  const globs = fields.map(() => '*').join(' ');
  return `parse @message "${globs}" as ${fields.map(insightsFieldName).join(', ')}`;
}

/**
 * A query made to run on flow logs of `logFormat`: for a custom format the parse clause goes before the
 * first command (after any leading comment lines, which would otherwise swallow the pipe); for the
 * default format the query is returned unchanged.
 */
export function withParsePrefix(query: string, logFormat: string | undefined): string {
  const clause = parseClause(logFormat);
  if (!clause) {
    return query;
  }
  const { comments, body } = splitLeadingComments(query);
  const rest = body.trim();
  if (/^parse\s+@message\b/i.test(rest) && rest.startsWith(clause)) {
    return query; // Already prefixed (a re-run from the history).
  }
  return `${comments}${clause}${rest ? `\n| ${rest}` : ''}`;
}

/** Insights names of the fields a format provides (the discovered ones for the default format). */
export function availableInsightsFields(logFormat: string | undefined): Set<string> {
  const fields = isDefaultLogFormat(logFormat) ? DEFAULT_FORMAT_FIELDS : formatFields(logFormat!);
  return new Set(fields.map(insightsFieldName));
}
