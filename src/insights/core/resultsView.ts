/**
 * Turns query results into what the results webview shows: the viewer's column and row shapes (with
 * notes such as "TCP" beside protocol 6 and "SSH" beside port 22), the progress line, and plain
 * sentences for the row limit and for runs that did not complete. Pure, so it is unit tested.
 */
import { formatBytes } from '../../common/format';
import { portName, protocolName } from '../../flowlogs/enrich';
import type { ColumnInfo, RowData } from '../../viewer/protocol';
import { flowLogFieldOf } from './fields';
import type { QueryOutcome, QueryStatistics, QueryStatus } from './poll';
import type { RunState } from './resultsProtocol';
import type { ResultTable } from './results';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const count = (n: number): string => integer.format(n);

/** Column headers for the fields Logs Insights discovers in flow logs. */
const LABELS: Readonly<Record<string, string>> = {
  srcAddr: 'Source address',
  dstAddr: 'Destination address',
  srcPort: 'Source port',
  dstPort: 'Destination port',
  protocol: 'Protocol',
  packets: 'Packets',
  bytes: 'Bytes',
  action: 'Action',
  logStatus: 'Log status',
  interfaceId: 'Interface',
  accountId: 'Account',
  startTime: 'Start',
  endTime: 'End',
  '@timestamp': 'Timestamp',
  '@message': 'Message',
  '@logStream': 'Log stream',
  '@log': 'Log group',
};

function describeColumn(field: string): string {
  const flowField = flowLogFieldOf(field);
  if (flowField) {
    return `The flow log field ${flowField}.`;
  }
  const agg = /^(\w+)\((.*)\)$/.exec(field);
  if (agg) {
    const of = !agg[2] || agg[2] === '*' ? 'the matching records' : agg[2];
    return `${agg[1]} of ${of}, computed by the query.`;
  }
  return field.startsWith('@') ? 'A field Logs Insights adds to every log event.' : 'A field the query computes or names.';
}

/** The viewer's column descriptions for a result table. */
export function resultColumns(table: ResultTable): ColumnInfo[] {
  return table.columns.map((c) => ({
    field: c.field,
    label: LABELS[c.field] ?? c.field,
    kind: c.kind,
    description: describeColumn(c.field),
  }));
}

const NUMERIC_KINDS = new Set(['number', 'count', 'bytes', 'port', 'protocol', 'time']);

/**
 * The viewer's rows for a result table: numbers where the column is numeric (so they sort and format
 * as numbers), the text otherwise, with notes naming protocols and well-known ports, and the labels
 * given for addresses (for example the explorer's instance names).
 */
export function resultRows(table: ResultTable, labels?: (address: string) => string | undefined): RowData[] {
  const protocolIndex = table.columns.findIndex((c) => c.field === 'protocol');
  return table.rows.map((row, id) => {
    const notes: Record<number, string> = {};
    const values = row.map((value, i) => {
      const column = table.columns[i]!;
      // Flow logs write "-" for a value that does not apply (NODATA records): no value.
      if (value === null || (value === '-' && NUMERIC_KINDS.has(column.kind))) {
        return null;
      }
      if (NUMERIC_KINDS.has(column.kind) && /^-?\d+(\.\d+)?$/.test(value)) {
        const n = Number(value);
        if (column.kind === 'protocol') {
          const name = protocolName(n);
          if (name) {
            notes[i] = name;
          }
        } else if (column.kind === 'port') {
          const protocol = protocolIndex >= 0 ? Number(row[protocolIndex]) : undefined;
          const name = portName(n, protocol !== undefined && Number.isFinite(protocol) ? protocol : undefined);
          if (name) {
            notes[i] = name;
          }
        }
        return n;
      }
      if (column.kind === 'address' && labels) {
        const label = labels(value);
        if (label) {
          notes[i] = label;
        }
      }
      return value;
    });
    return { id, line: id + 1, values, ...(Object.keys(notes).length > 0 ? { notes } : {}) };
  });
}

/** The run state for a GetQueryResults status. */
export function runState(status: QueryStatus): RunState {
  switch (status) {
    case 'Scheduled':
      return 'starting';
    case 'Running':
      return 'running';
    case 'Complete':
      return 'complete';
    case 'Failed':
      return 'failed';
    case 'Cancelled':
      return 'cancelled';
    case 'Timeout':
      return 'timeout';
    default:
      return 'unknown';
  }
}

/** One line of progress: "Running: 1,204 records matched of 56,000 scanned (12.3 MiB) · 4 s". */
export function progressMessage(status: QueryStatus, statistics: QueryStatistics, elapsedMs: number, rows?: number): string {
  const parts: string[] = [];
  if (statistics.recordsMatched !== undefined || statistics.recordsScanned !== undefined) {
    parts.push(`${count(statistics.recordsMatched ?? 0)} records matched of ${count(statistics.recordsScanned ?? 0)} scanned`);
  }
  if (statistics.bytesScanned !== undefined) {
    parts.push(`${formatBytes(statistics.bytesScanned)} scanned`);
  }
  if (rows !== undefined && status === 'Complete') {
    parts.unshift(`${count(rows)} row${rows === 1 ? '' : 's'}`);
  }
  const what = status === 'Scheduled' ? 'Scheduled' : status === 'Running' ? 'Running' : status === 'Complete' ? 'Complete' : status;
  return `${what}${parts.length ? `: ${parts.join(' · ')}` : ''} · ${Math.round(elapsedMs / 1000)} s`;
}

/** The plain sentence shown when the rows stop at the limit, or null. */
export function limitNotice(outcome: Pick<QueryOutcome, 'truncated' | 'limit' | 'statistics'>): string | null {
  if (!outcome.truncated) {
    return null;
  }
  const matched = outcome.statistics.recordsMatched;
  const more = matched !== undefined && matched > outcome.limit ? ` (${count(matched)} records matched)` : '';
  return `Only the first ${count(outcome.limit)} rows are shown: the query returned as many rows as one query may${more}. Narrow the time range, filter more, or summarise with stats ... by to see everything.`;
}

/** What to tell the user about a run that did not complete, or null when it did. */
export function problemMessage(outcome: Pick<QueryOutcome, 'status' | 'cancelledByUser' | 'rows'>): string | null {
  const partial = outcome.rows.length > 0 ? ` The ${count(outcome.rows.length)} rows found until then are shown.` : '';
  switch (outcome.status) {
    case 'Complete':
      return null;
    case 'Cancelled':
      return outcome.cancelledByUser ? `Query cancelled: StopQuery was sent, so it no longer runs (or costs).${partial}` : `Query was cancelled in CloudWatch Logs.${partial}`;
    case 'Timeout':
      return `Query timed out: Logs Insights stops queries after 60 minutes. Narrow the time range or choose fewer log groups.${partial}`;
    case 'Failed':
      return `Query failed in CloudWatch Logs. Check the query text (field names, quotes), then run it again.${partial}`;
    default:
      return `Query status is Unknown: CloudWatch Logs no longer knows the query (results are kept for 7 days). Run it again.${partial}`;
  }
}
