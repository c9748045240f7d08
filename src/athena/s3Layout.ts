/**
 * Where VPC Flow Logs put their files in S3 (Amazon VPC User Guide, "Flow log files"): the key prefix
 * of a flow log's delivery, the prefixes of a day and an hour, the parts of an object key, and the
 * date folders a `ListObjectsV2` with a `/` delimiter returns, newest first. Pure.
 *
 * Plain layout:  `<prefix>/AWSLogs/<account>/vpcflowlogs/<region>/<yyyy>/<mm>/<dd>/[<hh>/]`
 * Hive layout:   `<prefix>/AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/aws-region=<region>/
 *                 year=<yyyy>/month=<mm>/day=<dd>/[hour=<hh>/]`
 * Object names:  `<account>_vpcflowlogs_<region>_<flow-log-id>_<yyyymmddThhmmZ>_<hash>.log.gz`
 *                (`.parquet` for Parquet; the timestamp is the end of the 5-minute delivery window).
 */

/** How a flow log writes to S3: `DestinationOptions` of `CreateFlowLogs`/`DescribeFlowLogs`, in the SDK's shape. */
export interface S3DestinationOptions {
  /** `plain-text` or `parquet` (the SDK types it as a string union that may grow). */
  readonly FileFormat?: string | undefined;
  readonly HiveCompatiblePartitions?: boolean | undefined;
  readonly PerHourPartition?: boolean | undefined;
}

/** A bucket and the key prefix the user chose (`''` or ending in `/`). */
export interface S3Destination {
  readonly bucket: string;
  readonly prefix: string;
}

/** Everything needed to find a flow log's files. */
export interface DeliveryLayout extends S3Destination {
  readonly accountId: string;
  readonly region: string;
  readonly fileFormat: 'plain-text' | 'parquet';
  readonly hiveCompatiblePartitions: boolean;
  readonly perHourPartition: boolean;
  /** Key prefix of the delivery, ending in `/`: `prefix/AWSLogs/<account>/vpcflowlogs/<region>/` or the Hive form. */
  readonly keyPrefix: string;
  /** `s3://bucket/<keyPrefix>`: the location an Athena table for these files uses. */
  readonly location: string;
}

/** A UTC calendar day. */
export interface UtcDay {
  readonly year: number;
  /** 1 to 12. */
  readonly month: number;
  /** 1 to 31. */
  readonly day: number;
}

/** A UTC day and hour. */
export interface UtcHour extends UtcDay {
  /** 0 to 23. */
  readonly hour: number;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The UTC day of a Unix time in seconds. */
export function utcDayOf(seconds: number): UtcDay {
  const d = new Date(seconds * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The UTC hour of a Unix time in seconds. */
export function utcHourOf(seconds: number): UtcHour {
  const d = new Date(seconds * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours() };
}

/** Unix seconds at the start of a UTC day (or hour). */
export function utcSeconds(t: UtcDay | UtcHour): number {
  return Date.UTC(t.year, t.month - 1, t.day, 'hour' in t ? t.hour : 0) / 1000;
}

/** `2024-11-27` (or `2024-11-27 08:00` for an hour). */
export function formatUtcDay(t: UtcDay | UtcHour): string {
  const day = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
  return 'hour' in t ? `${day} ${pad(t.hour)}:00` : day;
}

/**
 * The bucket and prefix of an S3 destination ARN (`LogDestination` of a flow log): `arn:aws:s3:::bucket`
 * or `arn:aws:s3:::bucket/prefix` (other partitions too, e.g. `arn:aws-cn:s3:::`). Throws with a message
 * that says what is wrong.
 */
export function parseS3DestinationArn(arn: string): S3Destination {
  const m = /^arn:aws[a-z-]*:s3:::([^/]+)(?:\/(.*))?$/.exec(arn.trim());
  if (!m) {
    throw new Error(`S3 destination failed: "${arn}" is not an S3 bucket ARN such as arn:aws:s3:::my-bucket/prefix`);
  }
  const bucket = m[1]!;
  if (!BUCKET.test(bucket)) {
    throw new Error(`S3 destination failed: "${bucket}" is not a valid bucket name`);
  }
  const parts = (m[2] ?? '').split('/').filter((p) => p !== '');
  if (parts.includes('AWSLogs')) {
    throw new Error('S3 destination failed: the prefix cannot contain AWSLogs, a name VPC Flow Logs reserves');
  }
  return { bucket, prefix: parts.length > 0 ? `${parts.join('/')}/` : '' };
}

/**
 * The delivery layout of a flow log with an S3 destination, from its `LogDestination` ARN, the account
 * that owns the flow log, its region and its `DestinationOptions`.
 */
export function deliveryLayout(destinationArn: string, accountId: string, region: string, options: S3DestinationOptions = {}): DeliveryLayout {
  const { bucket, prefix } = parseS3DestinationArn(destinationArn);
  if (!ACCOUNT.test(accountId)) {
    throw new Error(`S3 delivery layout failed: "${accountId}" is not a 12-digit account ID`);
  }
  if (!REGION.test(region)) {
    throw new Error(`S3 delivery layout failed: "${region}" is not a region name such as us-east-1`);
  }
  const hive = options.HiveCompatiblePartitions === true;
  const keyPrefix = hive
    ? `${prefix}AWSLogs/aws-account-id=${accountId}/aws-service=vpcflowlogs/aws-region=${region}/`
    : `${prefix}AWSLogs/${accountId}/vpcflowlogs/${region}/`;
  return {
    bucket, prefix, accountId, region,
    fileFormat: options.FileFormat === 'parquet' ? 'parquet' : 'plain-text',
    hiveCompatiblePartitions: hive,
    perHourPartition: options.PerHourPartition === true,
    keyPrefix,
    location: `s3://${bucket}/${keyPrefix}`,
  };
}

type LayoutShape = Pick<DeliveryLayout, 'keyPrefix' | 'hiveCompatiblePartitions'>;

/** The key prefix of one day's files (with per-hour partitions, the hours are folders below it). */
export function dayPrefix(layout: LayoutShape, day: UtcDay): string {
  const { year, month } = day;
  return layout.hiveCompatiblePartitions
    ? `${layout.keyPrefix}year=${pad(year, 4)}/month=${pad(month)}/day=${pad(day.day)}/`
    : `${layout.keyPrefix}${pad(year, 4)}/${pad(month)}/${pad(day.day)}/`;
}

/** The key prefix of one hour's files (only for flow logs with per-hour partitions). */
export function hourPrefix(layout: LayoutShape, hour: UtcHour): string {
  return `${dayPrefix(layout, hour)}${layout.hiveCompatiblePartitions ? 'hour=' : ''}${pad(hour.hour)}/`;
}

/**
 * The prefixes to read for records delivered in [from, to] (Unix seconds), newest first: one per day, or
 * one per hour with per-hour partitions.
 */
export function prefixesForRange(layout: Pick<DeliveryLayout, 'keyPrefix' | 'hiveCompatiblePartitions' | 'perHourPartition'>, from: number, to: number): string[] {
  const out: string[] = [];
  if (!(to >= from)) {
    return out;
  }
  const step = layout.perHourPartition ? 3600 : 86400;
  const first = layout.perHourPartition ? utcSeconds(utcHourOf(from)) : utcSeconds(utcDayOf(from));
  for (let t = layout.perHourPartition ? utcSeconds(utcHourOf(to)) : utcSeconds(utcDayOf(to)); t >= first; t -= step) {
    out.push(layout.perHourPartition ? hourPrefix(layout, utcHourOf(t)) : dayPrefix(layout, utcDayOf(t)));
  }
  return out;
}

/** What an object key of a flow log delivery says about the object. */
export interface DeliveryKey {
  /** The user's prefix before `AWSLogs/` (`''` or ending in `/`). */
  readonly prefix: string;
  readonly accountId: string;
  readonly region: string;
  readonly hiveCompatiblePartitions: boolean;
  /** The date folders of the key (the hour only with per-hour partitions). */
  readonly folder: UtcDay & { readonly hour?: number };
  readonly flowLogId: string;
  /** The time in the file name (`yyyymmddThhmmZ`), Unix seconds. */
  readonly timestamp: number;
  readonly hash: string;
  readonly fileFormat: 'plain-text' | 'parquet';
  /** True for gzip-compressed text (`.log.gz`). */
  readonly gzip: boolean;
}

const KEY = new RegExp(
  '^((?:[^/]+/)*?)AWSLogs/(?:(\\d{12})/vpcflowlogs/([a-z0-9-]+)|aws-account-id=(\\d{12})/aws-service=vpcflowlogs/aws-region=([a-z0-9-]+))/' +
  '(?:year=)?(\\d{4})/(?:month=)?(\\d{2})/(?:day=)?(\\d{2})/(?:(?:hour=)?(\\d{2})/)?' +
  '(\\d{12})_vpcflowlogs_([a-z0-9-]+)_(fl-[0-9a-f]+)_(\\d{8}T\\d{4}Z)_([0-9a-zA-Z]+)\\.(log\\.gz|log|log\\.parquet|parquet|gz\\.parquet)$',
);

/**
 * The parts of a flow log object key (either layout, with or without per-hour folders), or undefined
 * for a key that is not a flow log delivery (or whose folders and name disagree on account or region).
 */
export function parseDeliveryKey(key: string): DeliveryKey | undefined {
  const m = KEY.exec(key);
  if (!m) {
    return undefined;
  }
  const hive = m[4] !== undefined;
  const accountId = (hive ? m[4] : m[2])!;
  const region = (hive ? m[5] : m[3])!;
  // Hive folders are named key=value throughout; a mix of both styles is not a delivery key.
  const folders = key.slice(m[1]!.length).split('/');
  const dateFolders = folders.slice(4, folders.length - 1);
  if (dateFolders.some((f) => f.includes('=') !== hive)) {
    return undefined;
  }
  if (m[10] !== accountId || m[11] !== region) {
    return undefined;
  }
  const [year, month, day] = [Number(m[6]), Number(m[7]), Number(m[8])];
  const hour = m[9] === undefined ? undefined : Number(m[9]);
  if (month < 1 || month > 12 || day < 1 || (hour !== undefined && hour > 23) || new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) {
    return undefined;
  }
  const ts = m[13]!;
  const timestamp = Date.UTC(Number(ts.slice(0, 4)), Number(ts.slice(4, 6)) - 1, Number(ts.slice(6, 8)), Number(ts.slice(9, 11)), Number(ts.slice(11, 13))) / 1000;
  const ext = m[15]!;
  return {
    prefix: m[1]!, accountId, region, hiveCompatiblePartitions: hive,
    folder: hour === undefined ? { year, month, day } : { year, month, day, hour },
    flowLogId: m[12]!, timestamp, hash: m[14]!,
    fileFormat: ext.endsWith('parquet') ? 'parquet' : 'plain-text',
    gzip: ext === 'log.gz',
  };
}

/** One date folder of a delivery, from a `ListObjectsV2` common prefix. */
export interface DateFolder {
  /** The common prefix itself (ends in `/`). */
  readonly prefix: string;
  readonly level: 'year' | 'month' | 'day' | 'hour';
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
  readonly hour?: number;
  /** `2024`, `2024-11`, `2024-11-27` or `2024-11-27 08:00`. */
  readonly label: string;
  /** Unix seconds: the start of the folder's period (inclusive) and its end (exclusive). */
  readonly start: number;
  readonly end: number;
}

const LEVELS = ['year', 'month', 'day', 'hour'] as const;

/**
 * A common prefix below a delivery's key prefix as a date folder (`2024/`, `2024/11/27/08/`, or the Hive
 * `year=2024/month=11/`...), or undefined when it is not one.
 */
export function parseDateFolder(layout: LayoutShape, prefix: string): DateFolder | undefined {
  if (!prefix.startsWith(layout.keyPrefix) || !prefix.endsWith('/')) {
    return undefined;
  }
  const parts = prefix.slice(layout.keyPrefix.length, -1).split('/');
  if (parts.length < 1 || parts.length > 4) {
    return undefined;
  }
  const values: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const name = LEVELS[i]!;
    const m = (layout.hiveCompatiblePartitions ? new RegExp(`^${name}=(\\d+)$`) : /^(\d+)$/).exec(parts[i]!);
    if (!m || m[1]!.length !== (i === 0 ? 4 : 2)) {
      return undefined;
    }
    values.push(Number(m[1]));
  }
  const [year, month = 1, day = 1, hour = 0] = values;
  const level = LEVELS[parts.length - 1]!;
  const start = Date.UTC(year!, month - 1, day, hour) / 1000;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || new Date(start * 1000).getUTCDate() !== day) {
    return undefined;
  }
  const end = level === 'year' ? Date.UTC(year! + 1, 0, 1) / 1000
    : level === 'month' ? Date.UTC(year!, month, 1) / 1000
      : level === 'day' ? start + 86400 : start + 3600;
  const label = level === 'year' ? pad(year!, 4)
    : level === 'month' ? `${pad(year!, 4)}-${pad(month)}`
      : level === 'day' ? formatUtcDay({ year: year!, month, day }) : formatUtcDay({ year: year!, month, day, hour });
  return {
    prefix, level, year: year!, label, start, end,
    ...(parts.length > 1 ? { month } : {}), ...(parts.length > 2 ? { day } : {}), ...(parts.length > 3 ? { hour } : {}),
  };
}

/**
 * The date folders among `ListObjectsV2` common prefixes (strings or the SDK's `{ Prefix }`), newest
 * first; prefixes that are not date folders of the delivery are left out.
 */
export function dateFoldersNewestFirst(layout: LayoutShape, commonPrefixes: readonly (string | { readonly Prefix?: string | undefined })[]): DateFolder[] {
  const out: DateFolder[] = [];
  for (const p of commonPrefixes) {
    const prefix = typeof p === 'string' ? p : p.Prefix;
    const folder = prefix === undefined ? undefined : parseDateFolder(layout, prefix);
    if (folder) {
      out.push(folder);
    }
  }
  return out.sort((a, b) => b.start - a.start || b.end - a.end);
}
