/**
 * Which record format the chosen log groups' flow logs use (EC2 DescribeFlowLogs), so a custom format
 * gets its parse clause. Without EC2 permissions the default format is assumed, and said in the log.
 */
import type { Ec2Api } from '../../aws/ec2';
import { formatsByLogGroup, groupByFormat, selectionProblem, type LogGroupChoice } from '../core/logGroups';

/** The flow log formats per log group; an empty map when EC2 cannot be asked. */
export async function flowLogFormats(ec2: Pick<Ec2Api, 'flowLogs'>, log: { warn(message: string): void }): Promise<Map<string, string[]>> {
  try {
    return formatsByLogGroup(await ec2.flowLogs());
  } catch (error) {
    log.warn(`Logs Insights: reading the flow logs' record formats (ec2:DescribeFlowLogs) failed, so the default format is assumed: ${error instanceof Error ? error.message : String(error)}`);
    return new Map();
  }
}

/** The log groups as choices (their flow log formats attached). */
export function choicesFor(names: readonly string[], formats: ReadonlyMap<string, readonly string[]>): LogGroupChoice[] {
  return names.map((name) => ({ name, formats: formats.get(name) ?? [] }));
}

/**
 * The custom format shared by the groups (undefined for the default), or a problem sentence when one
 * query cannot serve them all.
 */
export function commonFormat(groups: readonly LogGroupChoice[]): { format: string | undefined } | { problem: string } {
  const problem = selectionProblem(groups);
  if (problem) {
    return { problem };
  }
  const byFormat = groupByFormat(groups);
  if (byFormat.size > 1) {
    const list = [...byFormat.entries()].map(([format, gs]) => `${gs.map((g) => g.name).join(', ')} (${format ? 'custom format' : 'default format'})`).join('; ');
    return { problem: `These log groups receive flow logs in different record formats, and one query can parse only one: ${list}. Query them separately.` };
  }
  const [format] = byFormat.keys();
  return { format: format || undefined };
}
