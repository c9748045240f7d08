/**
 * Choosing log groups for a query: at most {@link MAX_LOG_GROUPS} (the StartQuery limit), flow log
 * groups first, and one record format per query (a parse clause can describe only one).
 */
import type { FlowLogInfo } from '../../aws/models';
import { isDefaultLogFormat } from './parsePrefix';

/** StartQuery accepts up to 50 log groups. */
export const MAX_LOG_GROUPS = 50;

/** A log group as the picker shows it. */
export interface LogGroupChoice {
  readonly name: string;
  /** `LogFormat`s of the flow logs that deliver to it (empty: not known to receive flow logs). */
  readonly formats: readonly string[];
  readonly storedBytes?: number;
}

/** Flow log groups first (by name), then the others (by name). */
export function orderLogGroups(groups: readonly LogGroupChoice[]): LogGroupChoice[] {
  return [...groups].sort((a, b) => {
    const fa = a.formats.length > 0 ? 0 : 1;
    const fb = b.formats.length > 0 ? 0 : 1;
    return fa - fb || a.name.localeCompare(b.name);
  });
}

/** A format with its spacing normalised; '' for the default format (absent, empty or the default fields). */
export function formatKey(format: string | undefined): string {
  return isDefaultLogFormat(format) ? '' : format!.trim().replace(/\s+/g, ' ');
}

/** The format a log group's records use: its flow log's `LogFormat`, or undefined for the default. */
export function formatOf(group: LogGroupChoice): string | undefined {
  const custom = group.formats.map(formatKey).find((f) => f !== '');
  return custom;
}

/** Log groups grouped by record format (key '' for the default format), in the order given. */
export function groupByFormat(groups: readonly LogGroupChoice[]): Map<string, LogGroupChoice[]> {
  const byFormat = new Map<string, LogGroupChoice[]>();
  for (const group of groups) {
    const key = formatOf(group) ?? '';
    byFormat.set(key, [...(byFormat.get(key) ?? []), group]);
  }
  return byFormat;
}

/**
 * Checks a selection: returns a problem sentence, or undefined when it can run. Too many groups, none,
 * or a mix of record formats (the query could parse only one of them correctly).
 */
export function selectionProblem(groups: readonly LogGroupChoice[]): string | undefined {
  if (groups.length === 0) {
    return 'Choose at least one log group.';
  }
  if (groups.length > MAX_LOG_GROUPS) {
    return `A query can read at most ${MAX_LOG_GROUPS} log groups; ${groups.length} are chosen.`;
  }
  const mixed = groups.find((g) => new Set(g.formats.map(formatKey)).size > 1);
  if (mixed) {
    return `Log group ${mixed.name} receives flow logs in ${new Set(mixed.formats.map(formatKey)).size} different record formats; a query can parse only one. Query it with your own parse clause.`;
  }
  return undefined;
}

/**
 * The `LogFormat`s of the flow logs that deliver to each CloudWatch Logs log group (an absent format is
 * reported as the empty string: the default format).
 */
export function formatsByLogGroup(flowLogs: readonly FlowLogInfo[]): Map<string, string[]> {
  const byGroup = new Map<string, string[]>();
  for (const f of flowLogs) {
    if (f.destinationType !== 'cloud-watch-logs' || !f.logGroupName) {
      continue;
    }
    byGroup.set(f.logGroupName, [...(byGroup.get(f.logGroupName) ?? []), f.logFormat ?? '']);
  }
  return byGroup;
}
