/**
 * Filter patterns for Live Tail that name the flow log's own fields: CloudWatch's space-delimited
 * pattern `[f1, f2, ..., action="REJECT", ...]` with one name per field of the format (dashes become
 * underscores, which the pattern syntax accepts). Pure.
 */
import { DEFAULT_FIELDS, parseFormat } from '../flowlogs';

/** Only records whose `action` is `action`, for a flow log of `format` (the default format when unknown). */
export function actionPattern(format: string | undefined, action: 'ACCEPT' | 'REJECT'): string {
  const fields = format ? parseFormat(format) : DEFAULT_FIELDS;
  return `[${fields.map((f) => (f === 'action' ? `action="${action}"` : f.replace(/-/g, '_'))).join(', ')}]`;
}
