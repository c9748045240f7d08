/**
 * The `CREATE EXTERNAL TABLE` statement for a flow log delivered to S3, in the shape AWS publishes
 * (Amazon Athena User Guide, "Create a table for Amazon VPC flow logs", "... using partition
 * projection", "... in Apache Parquet format"): one column per field of the flow log's own format,
 * space-delimited text with the header line skipped or Parquet, and partition projection over the
 * delivery date (and hour), so no partitions ever need adding.
 *
 * Partitions, by layout (values are strings, as S3 folder names are):
 * - plain:  `day` (`yyyy/MM/dd`, a `date` projection from `projectionStart` to `NOW`) [+ `hour` (`00`-`23`)];
 *   `storage.location.template` = `<location>${day}/` or `<location>${day}/${hour}/`.
 * - Hive:   `year` (`yyyy`, a `date` projection by years from `projectionStart` to `NOW`), `month` (`01`-`12`),
 *   `day` (`01`-`31`) [+ `hour` (`00`-`23`)]; template `<location>year=${year}/month=${month}/day=${day}/[hour=${hour}/]`.
 */
import { fieldInfo } from '../flowlogs/fields';
import { athenaColumnType, ddlColumn } from './columns';

/** Options of {@link athenaFlowLogsTableDdl} (the contract in DESIGN.md). */
export interface FlowLogsTableOptions {
  /** `table` or `database.table`: lowercase letters, digits and underscores. */
  tableName: string;
  /** `s3://bucket/prefix/AWSLogs/<account>/vpcflowlogs/<region>/` (or its Hive-compatible form). */
  location: string;
  /** The flow log's fields, in record order (names such as `srcaddr`, `log-status`). */
  fields: string[];
  fileFormat: 'plain-text' | 'parquet';
  hiveCompatiblePartitions?: boolean;
  perHourPartition?: boolean;
  /** First day the projection covers, `yyyy/MM/dd`. Default `2021/01/01`. */
  projectionStart?: string;
}

/** How a table's partitions follow the S3 layout. */
export interface PartitionLayout {
  readonly hiveCompatiblePartitions?: boolean | undefined;
  readonly perHourPartition?: boolean | undefined;
}

/** The partition columns of a layout, outermost first. */
export function partitionColumns(layout: PartitionLayout): string[] {
  const hour = layout.perHourPartition === true ? ['hour'] : [];
  return layout.hiveCompatiblePartitions === true ? ['year', 'month', 'day', ...hour] : ['day', ...hour];
}

/** A validated table location. */
export interface TableLocation {
  readonly bucket: string;
  /** The user's prefix before `AWSLogs/` (`''` or ending in `/`). */
  readonly prefix: string;
  readonly accountId: string;
  readonly region: string;
  readonly hiveCompatiblePartitions: boolean;
  /** The location, normalised (ends in `/`). */
  readonly location: string;
}

const LOCATION = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/((?:[^/]+\/)*?)AWSLogs\/(?:(\d{12})\/vpcflowlogs\/([a-z0-9-]+)|aws-account-id=(\d{12})\/aws-service=vpcflowlogs\/aws-region=([a-z0-9-]+))\/?$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const TABLE_PART = /^[a-z0-9_]+$/;
const DAY = /^(\d{4})\/(\d{2})\/(\d{2})$/;

/**
 * Checks a flow log table location and reads its parts; throws an error saying what is wrong. Both the
 * plain and the Hive-compatible form are accepted; `hiveCompatiblePartitions` with a plain location gives
 * the Hive form of the same delivery (the files live there).
 */
export function parseTableLocation(location: string, hiveCompatiblePartitions?: boolean): TableLocation {
  const what = 'Athena table location failed';
  const text = location.trim();
  if (/['"\\\s]/.test(text)) {
    throw new Error(`${what}: "${location}" contains quotes, backslashes or spaces, which the table statement cannot hold`);
  }
  const m = LOCATION.exec(text);
  if (!m) {
    throw new Error(`${what}: "${location}" is not a flow log delivery location such as s3://bucket/prefix/AWSLogs/123456789012/vpcflowlogs/us-east-1/`);
  }
  const hiveForm = m[5] !== undefined;
  const accountId = (hiveForm ? m[5] : m[3])!;
  const region = (hiveForm ? m[6] : m[4])!;
  if (!REGION.test(region)) {
    throw new Error(`${what}: "${region}" in "${location}" is not a region name such as us-east-1`);
  }
  if (hiveForm && hiveCompatiblePartitions === false) {
    throw new Error(`${what}: "${location}" is a Hive-compatible location (aws-account-id=...), but hiveCompatiblePartitions is false`);
  }
  const hive = hiveForm || hiveCompatiblePartitions === true;
  const bucket = m[1]!;
  const prefix = m[2]!;
  const keyPrefix = hive
    ? `${prefix}AWSLogs/aws-account-id=${accountId}/aws-service=vpcflowlogs/aws-region=${region}/`
    : `${prefix}AWSLogs/${accountId}/vpcflowlogs/${region}/`;
  return { bucket, prefix, accountId, region, hiveCompatiblePartitions: hive, location: `s3://${bucket}/${keyPrefix}` };
}

/** Checks a `table` or `database.table` name; returns it quoted for DDL (`` `db`.`table` ``). */
export function ddlTableName(tableName: string): string {
  return checkedTableParts(tableName).map((p) => `\`${p}\``).join('.');
}

/** Checks a `table` or `database.table` name; returns it quoted for queries (`"db"."table"`). */
export function sqlTableName(tableName: string): string {
  return checkedTableParts(tableName).map((p) => `"${p}"`).join('.');
}

function checkedTableParts(tableName: string): string[] {
  const parts = tableName.split('.');
  if (parts.length > 2 || parts.some((p) => p === '')) {
    throw new Error(`Athena table name failed: "${tableName}" should be table or database.table`);
  }
  for (const p of parts) {
    if (!TABLE_PART.test(p)) {
      throw new Error(`Athena table name failed: "${p}" may only contain lowercase letters, digits and underscores`);
    }
    if (p.length > 255) {
      throw new Error(`Athena table name failed: "${p.slice(0, 20)}..." is longer than 255 characters`);
    }
  }
  return parts;
}

/** Checks the flow log fields of a table: known, each once, at least one. */
export function checkTableFields(fields: readonly string[]): void {
  if (fields.length === 0) {
    throw new Error('Athena table columns failed: the flow log format has no fields');
  }
  const unknown = fields.filter((f) => fieldInfo(f) === undefined);
  if (unknown.length > 0) {
    throw new Error(`Athena table columns failed: unknown flow log field${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `"${f}"`).join(', ')}`);
  }
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f)) {
      throw new Error(`Athena table columns failed: "${f}" appears more than once`);
    }
    seen.add(f);
  }
}

function checkProjectionStart(start: string): { year: string } {
  const m = DAY.exec(start);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (!m || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 2015) {
    throw new Error(`Athena partition projection failed: projectionStart "${start}" is not a date such as 2021/01/01`);
  }
  return { year: m[1]! };
}

/**
 * The `CREATE EXTERNAL TABLE` statement for flow logs delivered to S3 at `location`, with one column per
 * field of the flow log's format (hyphens become underscores, as in AWS's DDL), the header line skipped
 * for plain text, and partition projection over the delivery date (and hour). Throws an error saying
 * what is wrong with a table name, location, field list or projection start that cannot be used.
 */
export function athenaFlowLogsTableDdl(options: FlowLogsTableOptions): string {
  const table = ddlTableName(options.tableName);
  checkTableFields(options.fields);
  if (options.fileFormat !== 'plain-text' && options.fileFormat !== 'parquet') {
    throw new Error(`Athena table format failed: "${String(options.fileFormat)}" is neither plain-text nor parquet`);
  }
  const where = parseTableLocation(options.location, options.hiveCompatiblePartitions);
  const start = options.projectionStart ?? '2021/01/01';
  const { year } = checkProjectionStart(start);
  const perHour = options.perHourPartition === true;
  const hive = where.hiveCompatiblePartitions;
  const location = where.location;

  const columns = options.fields.map((f) => `  ${ddlColumn(f)} ${athenaColumnType(f)}`);
  const partitions = partitionColumns({ hiveCompatiblePartitions: hive, perHourPartition: perHour });
  const properties: [string, string][] = [];
  if (options.fileFormat === 'plain-text') {
    properties.push(['skip.header.line.count', '1']);
  }
  properties.push(['projection.enabled', 'true']);
  if (hive) {
    properties.push(
      ['projection.year.type', 'date'],
      ['projection.year.format', 'yyyy'],
      ['projection.year.range', `${year},NOW`],
      ['projection.year.interval', '1'],
      ['projection.year.interval.unit', 'YEARS'],
      ['projection.month.type', 'integer'],
      ['projection.month.range', '1,12'],
      ['projection.month.digits', '2'],
      ['projection.day.type', 'integer'],
      ['projection.day.range', '1,31'],
      ['projection.day.digits', '2'],
    );
  } else {
    properties.push(
      ['projection.day.type', 'date'],
      ['projection.day.format', 'yyyy/MM/dd'],
      ['projection.day.range', `${start},NOW`],
      ['projection.day.interval', '1'],
      ['projection.day.interval.unit', 'DAYS'],
    );
  }
  if (perHour) {
    properties.push(['projection.hour.type', 'integer'], ['projection.hour.range', '0,23'], ['projection.hour.digits', '2']);
  }
  const template = hive
    ? `${location}year=\${year}/month=\${month}/day=\${day}/${perHour ? 'hour=${hour}/' : ''}`
    : `${location}\${day}/${perHour ? '${hour}/' : ''}`;
  properties.push(['storage.location.template', template]);

  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS ${table} (`,
    columns.join(',\n'),
    ')',
    `PARTITIONED BY (${partitions.map((p) => `\`${p}\` string`).join(', ')})`,
    ...(options.fileFormat === 'parquet' ? ['STORED AS PARQUET'] : ['ROW FORMAT DELIMITED', "FIELDS TERMINATED BY ' '"]),
    `LOCATION '${location}'`,
    'TBLPROPERTIES (',
    properties.map(([k, v]) => `  "${k}"="${v}"`).join(',\n'),
    ')',
  ].join('\n');
}
