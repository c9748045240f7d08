/**
 * The Logs Insights query catalogue as Athena SQL (Trino dialect): every catalogue entry, keyed by its
 * id, gets an SQL form that answers the same question with the same result columns (named as Logs
 * Insights names them, so one results view shows both), over a flow log table made by
 * {@link athenaFlowLogsTableDdl}. Each query is bounded to a time range twice: by partition predicates,
 * so Athena reads only the days (and hours) in which the range's records were delivered, and by the
 * records' `start`, as Logs Insights bounds `@timestamp`.
 *
 * The catalogue (src/insights/catalog.ts) stays the one list of questions: an entry added there without
 * an SQL form here, or an explicit reason why it has none, fails the unit tests.
 */
import { DEFAULT_FIELDS } from '../flowlogs/format';
import { CATALOG, catalogQuery, parameterProblem, type CatalogQuery } from '../insights/core/catalog';
import { sqlColumn } from './columns';
import { checkTableFields, sqlTableName, type PartitionLayout } from './ddl';
import { DEFAULT_DELIVERY_LAG_SECONDS, partitionPredicate } from './partitions';

/** Options of {@link athenaQuery}. */
export interface AthenaQueryOptions extends PartitionLayout {
  /** `table` or `database.table`, as created by the table statement. */
  readonly table: string;
  /** Time range of the records' `start`, Unix seconds, both ends inclusive (as StartQuery's). */
  readonly from: number;
  readonly to: number;
  /** The table's flow log fields (its format); default: the default format's. */
  readonly fields?: readonly string[] | undefined;
  /** Values of the query's `{{placeholders}}`, by key. */
  readonly parameters?: Readonly<Record<string, string>> | undefined;
  /** How far past `to` files may still hold the range's records. Default one hour. */
  readonly deliveryLagSeconds?: number | undefined;
}

/** What an SQL form is built from. */
interface SqlContext {
  /** The quoted table name. */
  readonly table: string;
  /** `WHERE` with the partition and record bounds, and the query's own conditions. */
  where(...conditions: string[]): string;
  /** A column by flow log field name (`interface-id` -> `interface_id`, `end` -> `"end"`). */
  col(field: string): string;
  /** A parameter's value as a checked SQL string literal. */
  param(key: string): string;
  /** True when the field holds an IPv4 address inside the CIDR parameter (false for IPv6, `-`, null). */
  inSubnet(field: string, key: string): string;
  /** The record's `start` as Logs Insights shows `@timestamp`: `2024-11-27 08:00:00.000`. */
  readonly timestamp: string;
  /** The record's `start` rounded down to a multiple of `seconds`, shown as `@timestamp` is. */
  bin(seconds: number): string;
}

/** The SQL form of a catalogue entry, or why there is none. */
type SqlForm =
  | { readonly fields: readonly string[]; readonly sql: (q: SqlContext) => string }
  | { readonly unsupported: string };

/** Result rows Logs Insights returns at most; queries without a limit of their own get this one. */
const MAX_ROWS = 10_000;

const as = (expr: string, name: string): string => `${expr} AS "${name}"`;
const lines = (...parts: string[]): string => parts.filter((p) => p !== '').join('\n');

/** `stats <aggregates> by <groups> [| sort <column> desc] [| limit n]` as SQL. */
function stats(q: SqlContext, options: { groups: [string, string][]; aggregates: [string, string][]; conditions?: string[]; orderBy?: string; limit?: number }): string {
  const groups = options.groups.map(([field, name]) => as(q.col(field), name));
  const aggregates = options.aggregates.map(([expr, name]) => as(expr, name));
  return lines(
    `SELECT ${[...groups, ...aggregates].join(', ')}`,
    `FROM ${q.table}`,
    q.where(...(options.conditions ?? [])),
    options.groups.length > 0 ? `GROUP BY ${options.groups.map(([field]) => q.col(field)).join(', ')}` : '',
    options.orderBy ? `ORDER BY "${options.orderBy}" DESC` : '',
    `LIMIT ${options.limit ?? MAX_ROWS}`,
  );
}

/** `stats <aggregates> by bin(...)` as SQL: one row per time bin, oldest first. */
function overTime(q: SqlContext, seconds: number, binName: string, aggregates: [string, string][], conditions: string[] = []): string {
  return lines(
    `SELECT ${[as(q.bin(seconds), binName), ...aggregates.map(([expr, name]) => as(expr, name))].join(', ')}`,
    `FROM ${q.table}`,
    q.where(...conditions),
    'GROUP BY 1',
    'ORDER BY 1',
    `LIMIT ${MAX_ROWS}`,
  );
}

const SRC_DST: [string, string][] = [['srcaddr', 'srcAddr'], ['dstaddr', 'dstAddr']];
const sum = (q: SqlContext, field: string): string => `sum(${q.col(field)})`;

/** The SQL form of every catalogue entry, by catalogue id. */
const SQL: Readonly<Record<string, SqlForm>> = {
  'aws.avgMinMaxBytes': {
    fields: ['srcaddr', 'dstaddr', 'bytes'],
    sql: (q) => stats(q, { groups: SRC_DST, aggregates: [[`avg(${q.col('bytes')})`, 'avg(bytes)'], [`min(${q.col('bytes')})`, 'min(bytes)'], [`max(${q.col('bytes')})`, 'max(bytes)']] }),
  },
  'aws.udpSources': {
    fields: ['srcaddr', 'protocol'],
    sql: (q) => stats(q, { groups: [['srcaddr', 'srcAddr']], aggregates: [['count(*)', 'count(*)']], conditions: [`${q.col('protocol')} = 17`] }),
  },
  'aws.topBytes': {
    fields: ['srcaddr', 'dstaddr', 'bytes'],
    sql: (q) => stats(q, { groups: SRC_DST, aggregates: [[sum(q, 'bytes'), 'bytesTransferred']], orderBy: 'bytesTransferred', limit: 10 }),
  },
  'aws.topRejectedSources': {
    fields: ['srcaddr', 'action'],
    sql: (q) => stats(q, { groups: [['srcaddr', 'srcAddr']], aggregates: [['count(*)', 'numRejections']], conditions: [`${q.col('action')} = 'REJECT'`], orderBy: 'numRejections', limit: 20 }),
  },
  'aws.topPackets': {
    fields: ['srcaddr', 'dstaddr', 'packets'],
    sql: (q) => stats(q, { groups: SRC_DST, aggregates: [[sum(q, 'packets'), 'packetsTransferred']], orderBy: 'packetsTransferred', limit: 15 }),
  },
  'aws.subnetTopBytes': {
    fields: ['srcaddr', 'dstaddr', 'bytes'],
    sql: (q) => stats(q, { groups: [['dstaddr', 'dstAddr']], aggregates: [[sum(q, 'bytes'), 'bytesTransferred']], conditions: [q.inSubnet('srcaddr', 'subnet')], orderBy: 'bytesTransferred', limit: 15 }),
  },
  'aws.skippedRecords': {
    fields: ['log-status', 'start'],
    sql: (q) => overTime(q, 3600, 't', [['count(*)', 'count(*)']], [`${q.col('log-status')} = 'SKIPDATA'`]),
  },
  'aws.connectionPerRecord': {
    fields: ['interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'bytes', 'start'],
    // Logs Insights' `dedup` keeps the first record of each connection in the sorted order: the latest.
    sql: (q) => {
      const key = ['srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol'].map((f) => q.col(f)).join(', ');
      return lines(
        'SELECT "@timestamp", "srcAddr", "dstAddr", "srcPort", "dstPort", "protocol", "bytes"',
        'FROM (',
        `  SELECT ${[as(q.timestamp, '@timestamp'), as(q.col('srcaddr'), 'srcAddr'), as(q.col('dstaddr'), 'dstAddr'), as(q.col('srcport'), 'srcPort'),
          as(q.col('dstport'), 'dstPort'), as(q.col('protocol'), 'protocol'), as(q.col('bytes'), 'bytes'), as(q.col('start'), 'startTime'),
          `row_number() OVER (PARTITION BY ${key} ORDER BY ${q.col('start')} DESC) AS "connectionRank"`].join(', ')}`,
        `  FROM ${q.table}`,
        `  ${q.where(`${q.col('interface-id')} = ${q.param('interfaceId')}`).replace(/\n/g, '\n  ')}`,
        ')',
        'WHERE "connectionRank" = 1',
        'ORDER BY "startTime" DESC',
        'LIMIT 20',
      );
    },
  },
  'aws.natTopSenders': {
    fields: ['srcaddr', 'dstaddr', 'bytes'],
    sql: (q) => stats(q, { groups: SRC_DST, aggregates: [[sum(q, 'bytes'), 'bytesTransferred']], conditions: [`${q.col('dstaddr')} = ${q.param('natAddress')}`, q.inSubnet('srcaddr', 'vpcCidr')], orderBy: 'bytesTransferred', limit: 10 }),
  },
  'aws.natBothWays': {
    fields: ['srcaddr', 'dstaddr', 'bytes'],
    sql: (q) => stats(q, {
      groups: SRC_DST, aggregates: [[sum(q, 'bytes'), 'bytesTransferred']], orderBy: 'bytesTransferred', limit: 10,
      conditions: [`(${q.col('dstaddr')} = ${q.param('natAddress')} AND ${q.inSubnet('srcaddr', 'vpcCidr')}) OR (${q.col('srcaddr')} = ${q.param('natAddress')} AND ${q.inSubnet('dstaddr', 'vpcCidr')})`],
    }),
  },
  'aws.natUploads': {
    fields: ['srcaddr', 'dstaddr', 'bytes'],
    sql: (q) => stats(q, { groups: SRC_DST, aggregates: [[sum(q, 'bytes'), 'bytesTransferred']], conditions: [`${q.col('srcaddr')} = ${q.param('natAddress')}`, `NOT ${q.inSubnet('dstaddr', 'vpcCidr')}`], orderBy: 'bytesTransferred', limit: 10 }),
  },
  'aws.natDownloads': {
    fields: ['srcaddr', 'dstaddr', 'bytes'],
    sql: (q) => stats(q, { groups: SRC_DST, aggregates: [[sum(q, 'bytes'), 'bytesTransferred']], conditions: [`${q.col('dstaddr')} = ${q.param('natAddress')}`, `NOT ${q.inSubnet('srcaddr', 'vpcCidr')}`], orderBy: 'bytesTransferred', limit: 10 }),
  },
  'rejectedPorts': {
    fields: ['dstport', 'protocol', 'action'],
    sql: (q) => stats(q, { groups: [['dstport', 'dstPort'], ['protocol', 'protocol']], aggregates: [['count(*)', 'rejections']], conditions: [`${q.col('action')} = 'REJECT'`], orderBy: 'rejections', limit: 20 }),
  },
  'rejectedByInterface': {
    fields: ['interface-id', 'bytes', 'action'],
    sql: (q) => stats(q, { groups: [['interface-id', 'interfaceId']], aggregates: [['count(*)', 'rejections'], [sum(q, 'bytes'), 'bytesRejected']], conditions: [`${q.col('action')} = 'REJECT'`], orderBy: 'rejections', limit: 25 }),
  },
  'trafficByProtocol': {
    fields: ['protocol', 'bytes', 'packets'],
    sql: (q) => stats(q, { groups: [['protocol', 'protocol']], aggregates: [[sum(q, 'bytes'), 'bytesTransferred'], [sum(q, 'packets'), 'packetsTransferred'], ['count(*)', 'records']], orderBy: 'bytesTransferred' }),
  },
  'busiestInterfaces': {
    fields: ['interface-id', 'bytes', 'packets'],
    sql: (q) => stats(q, { groups: [['interface-id', 'interfaceId']], aggregates: [[sum(q, 'bytes'), 'bytesTransferred'], [sum(q, 'packets'), 'packetsTransferred'], ['count(*)', 'records']], orderBy: 'bytesTransferred', limit: 20 }),
  },
  'bytesOverTime': {
    fields: ['bytes', 'start'],
    sql: (q) => overTime(q, 300, 'bin(5m)', [[sum(q, 'bytes'), 'bytesTransferred']]),
  },
  'rejectionsOverTime': {
    fields: ['action', 'start'],
    sql: (q) => overTime(q, 300, 'bin(5m)', [['count(*)', 'rejections']], [`${q.col('action')} = 'REJECT'`]),
  },
  'acceptVsReject': {
    fields: ['action', 'log-status', 'packets', 'bytes'],
    sql: (q) => stats(q, { groups: [['action', 'action'], ['log-status', 'logStatus']], aggregates: [['count(*)', 'records'], [sum(q, 'packets'), 'packetsTransferred'], [sum(q, 'bytes'), 'bytesTransferred']] }),
  },
  'betweenCidrs': {
    fields: ['srcaddr', 'dstaddr', 'action', 'bytes', 'packets'],
    sql: (q) => stats(q, {
      groups: [...SRC_DST, ['action', 'action']], aggregates: [[sum(q, 'bytes'), 'bytesTransferred'], [sum(q, 'packets'), 'packetsTransferred']], orderBy: 'bytesTransferred', limit: 100,
      conditions: [`(${q.inSubnet('srcaddr', 'cidrA')} AND ${q.inSubnet('dstaddr', 'cidrB')}) OR (${q.inSubnet('srcaddr', 'cidrB')} AND ${q.inSubnet('dstaddr', 'cidrA')})`],
    }),
  },
  'sshRdpFromOutside': {
    fields: ['srcaddr', 'dstaddr', 'dstport', 'protocol', 'action', 'bytes'],
    sql: (q) => stats(q, {
      groups: [...SRC_DST, ['dstport', 'dstPort'], ['action', 'action']], aggregates: [['count(*)', 'attempts'], [sum(q, 'bytes'), 'bytesTransferred']], orderBy: 'attempts', limit: 50,
      conditions: [`${q.col('protocol')} = 6`, `${q.col('dstport')} IN (22, 3389)`, `NOT ${q.inSubnet('srcaddr', 'vpcCidr')}`],
    }),
  },
  'oneAddress': {
    fields: ['srcaddr', 'dstaddr', 'dstport', 'protocol', 'action', 'bytes'],
    sql: (q) => stats(q, {
      groups: [...SRC_DST, ['dstport', 'dstPort'], ['protocol', 'protocol'], ['action', 'action']], aggregates: [[sum(q, 'bytes'), 'bytesTransferred'], ['count(*)', 'records']], orderBy: 'bytesTransferred', limit: 100,
      conditions: [`${q.col('srcaddr')} = ${q.param('address')} OR ${q.col('dstaddr')} = ${q.param('address')}`],
    }),
  },
  'icmp': {
    fields: ['srcaddr', 'dstaddr', 'protocol', 'action', 'packets'],
    sql: (q) => stats(q, { groups: [...SRC_DST, ['action', 'action']], aggregates: [['count(*)', 'records'], [sum(q, 'packets'), 'packetsTransferred']], conditions: [`${q.col('protocol')} IN (1, 58)`], orderBy: 'records', limit: 50 }),
  },
  'latestRejected': {
    fields: ['interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'action', 'start'],
    sql: (q) => lines(
      `SELECT ${[as(q.timestamp, '@timestamp'), as(q.col('interface-id'), 'interfaceId'), as(q.col('srcaddr'), 'srcAddr'), as(q.col('dstaddr'), 'dstAddr'),
        as(q.col('srcport'), 'srcPort'), as(q.col('dstport'), 'dstPort'), as(q.col('protocol'), 'protocol'), as(q.col('packets'), 'packets'),
        as(q.col('bytes'), 'bytes'), as(q.col('action'), 'action')].join(', ')}`,
      `FROM ${q.table}`,
      q.where(`${q.col('action')} = 'REJECT'`),
      `ORDER BY ${q.col('start')} DESC`,
      'LIMIT 100',
    ),
  },
  'synWithoutReply': {
    fields: ['srcaddr', 'dstaddr', 'dstport', 'tcp-flags'],
    sql: (q) => stats(q, { groups: [...SRC_DST, ['dstport', 'dstPort']], aggregates: [['count(*)', 'attempts']], conditions: [`${q.col('tcp-flags')} = 2`], orderBy: 'attempts', limit: 25 }),
  },
  'byDirection': {
    fields: ['flow-direction', 'action', 'bytes'],
    sql: (q) => stats(q, { groups: [['flow-direction', 'flowDirection'], ['action', 'action']], aggregates: [[sum(q, 'bytes'), 'bytesTransferred'], ['count(*)', 'records']] }),
  },
  'awsServices': {
    fields: ['pkt-dst-aws-service', 'bytes'],
    sql: (q) => stats(q, { groups: [['pkt-dst-aws-service', 'pktDstAwsService']], aggregates: [[sum(q, 'bytes'), 'bytesTransferred']], conditions: [`${q.col('pkt-dst-aws-service')} <> '-'`], orderBy: 'bytesTransferred' }),
  },
  'blockPublicAccess': {
    fields: ['srcaddr', 'dstaddr', 'dstport', 'reject-reason'],
    sql: (q) => stats(q, { groups: [...SRC_DST, ['dstport', 'dstPort']], aggregates: [['count(*)', 'rejections']], conditions: [`${q.col('reject-reason')} = 'BPA'`], orderBy: 'rejections', limit: 50 }),
  },
};

/** Whether a catalogue query has an SQL form: `{ supported: true, fields }`, or why not. */
export function athenaSupport(catalogId: string): { supported: true; fields: readonly string[] } | { supported: false; reason: string } {
  const form = SQL[catalogId];
  if (!form) {
    return { supported: false, reason: catalogQuery(catalogId) ? 'it has no SQL form yet' : 'there is no such catalogue query' };
  }
  return 'unsupported' in form ? { supported: false, reason: form.unsupported } : { supported: true, fields: form.fields };
}

/** The catalogue queries that have an SQL form and can run on a table with these fields. */
export function athenaCatalog(fields: readonly string[] = DEFAULT_FIELDS): CatalogQuery[] {
  return CATALOG.filter((q) => {
    const support = athenaSupport(q.id);
    return support.supported && support.fields.every((f) => fields.includes(f));
  });
}

/** An IPv4 CIDR as the first and last address, as 32-bit numbers. */
function cidrRange(cidr: string): [number, number] {
  const [ip, bits] = cidr.split('/');
  const octets = ip!.split('.').map(Number);
  const n = Number(bits);
  const value = ((octets[0]! * 256 + octets[1]!) * 256 + octets[2]!) * 256 + octets[3]!;
  const size = 2 ** (32 - n);
  const first = Math.floor(value / size) * size;
  return [first, first + size - 1];
}

/**
 * The Athena SQL of a catalogue query over a flow log table, for records whose `start` is in
 * [from, to], reading only the partitions delivered in that range. Throws an error saying why when the
 * query has no SQL form, needs a field the table's format lacks, or misses a parameter value.
 */
export function athenaQuery(catalogId: string, options: AthenaQueryOptions): string {
  const query = catalogQuery(catalogId);
  const name = query ? `"${query.name}"` : `"${catalogId}"`;
  const support = athenaSupport(catalogId);
  if (!query || !support.supported) {
    throw new Error(`Athena query failed: ${name} cannot run on Athena: ${support.supported ? 'there is no such catalogue query' : support.reason}`);
  }
  const fields = options.fields ?? DEFAULT_FIELDS;
  checkTableFields(fields);
  const missing = support.fields.filter((f) => !fields.includes(f));
  if (missing.length > 0) {
    throw new Error(`Athena query failed: ${name} needs the ${missing.join(', ')} field${missing.length > 1 ? 's' : ''}, which this table's flow log format does not have`);
  }
  const form = SQL[catalogId] as Extract<SqlForm, { fields: readonly string[] }>;
  const table = sqlTableName(options.table);
  const partitions = partitionPredicate(options, options.from, options.to, options.deliveryLagSeconds ?? DEFAULT_DELIVERY_LAG_SECONDS);
  const timeField = fields.includes('start') ? 'start' : fields.includes('end') ? 'end' : undefined;
  const records = timeField ? `${sqlColumn(timeField)} BETWEEN ${Math.floor(options.from)} AND ${Math.floor(options.to)}` : undefined;
  const param = (key: string): string => {
    const def = query.parameters?.find((p) => p.key === key);
    const value = options.parameters?.[key]?.trim();
    if (!def) {
      throw new Error(`Athena query failed: ${name} has no parameter ${key}`);
    }
    const problem = value === undefined ? 'A value is needed.' : parameterProblem(def, value);
    if (problem !== undefined) {
      throw new Error(`Athena query failed: ${def.prompt}: ${problem}`);
    }
    return value!;
  };
  const ipv4 = (col: string): string => [1, 2, 3, 4]
    .map((k, i) => `TRY_CAST(split_part(${col}, '.', ${k}) AS bigint)${i < 3 ? ` * ${2 ** (8 * (3 - i))}` : ''}`)
    .join(' + ');
  const context: SqlContext = {
    table,
    where: (...conditions) => {
      const all = [partitions, ...(records ? [records] : []), ...conditions.map((c) => (/\bOR\b/.test(c) ? `(${c})` : c))];
      return `WHERE ${all.join('\n  AND ')}`;
    },
    col: (field) => sqlColumn(field),
    param: (key) => `'${param(key).replace(/'/g, "''")}'`,
    inSubnet: (field, key) => {
      const [first, last] = cidrRange(param(key));
      // Logs Insights' isIpv4InSubnet is false for IPv6 addresses and `-`; TRY_CAST makes those null, and
      // COALESCE turns null into false, so that `NOT` keeps them as Logs Insights does.
      return `COALESCE((${ipv4(sqlColumn(field))}) BETWEEN ${first} AND ${last}, false)`;
    },
    timestamp: `format_datetime(from_unixtime(${sqlColumn('start')}), 'yyyy-MM-dd HH:mm:ss.SSS')`,
    bin: (seconds) => `format_datetime(from_unixtime(${sqlColumn('start')} - ${sqlColumn('start')} % ${seconds}), 'yyyy-MM-dd HH:mm:ss.SSS')`,
  };
  return form.sql(context);
}

/** The catalogue ids with an SQL form, and those without one with the reason (for docs and tests). */
export function athenaCoverage(): { supported: string[]; unsupported: { id: string; reason: string }[] } {
  const supported: string[] = [];
  const unsupported: { id: string; reason: string }[] = [];
  for (const q of CATALOG) {
    const s = athenaSupport(q.id);
    if (s.supported) {
      supported.push(q.id);
    } else {
      unsupported.push({ id: q.id, reason: s.reason });
    }
  }
  return { supported, unsupported };
}
