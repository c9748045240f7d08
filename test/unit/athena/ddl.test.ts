import * as assert from 'node:assert/strict';
import { FIELDS } from '../../../src/flowlogs/fields';
import { DEFAULT_FIELDS, parseFormat } from '../../../src/flowlogs/format';
import { athenaColumnType, athenaFlowLogsTableDdl, parseTableLocation, type FlowLogsTableOptions } from '../../../src/athena';
import { ALL_FIELDS_V8_FORMAT, CUSTOM_V5_FORMAT } from '../flowlogs/helpers';

// AWS's published statements, as printed on the Amazon Athena User Guide pages named above each (the
// references the generated DDL is compared with, column by column).

/** "Create a table for Amazon VPC flow logs and query it" (vpc-flow-logs-create-table-statement): versions 2 to 5, plain text. */
const AWS_TEXT_DDL = `
CREATE EXTERNAL TABLE IF NOT EXISTS \`vpc_flow_logs\` (
     version int,
     account_id string,
     interface_id string,
     srcaddr string,
     dstaddr string,
     srcport int,
     dstport int,
     protocol bigint,
     packets bigint,
     bytes bigint,
     start bigint,
     \`end\` bigint,
     action string,
     log_status string,
     vpc_id string,
     subnet_id string,
     instance_id string,
     tcp_flags int,
     type string,
     pkt_srcaddr string,
     pkt_dstaddr string,
     region string,
     az_id string,
     sublocation_type string,
     sublocation_id string,
     pkt_src_aws_service string,
     pkt_dst_aws_service string,
     flow_direction string,
     traffic_path int
)
PARTITIONED BY (\`date\` date)
ROW FORMAT DELIMITED
FIELDS TERMINATED BY ' '
LOCATION 's3://amzn-s3-demo-bucket/prefix/AWSLogs/{account_id}/vpcflowlogs/{region_code}/'
TBLPROPERTIES ("skip.header.line.count"="1");
`;

/**
 * "Create tables for flow logs in Apache Parquet format using partition projection"
 * (vpc-flow-logs-partition-projection-parquet-example): no `region` column (it is a partition there).
 */
const AWS_PARQUET_PROJECTION_DDL = `
CREATE EXTERNAL TABLE IF NOT EXISTS test_table_vpclogs_parquet (
  version int,
  account_id string,
  interface_id string,
  srcaddr string,
  dstaddr string,
  srcport int,
  dstport int,
  protocol bigint,
  packets bigint,
  bytes bigint,
  start bigint,
  \`end\` bigint,
  action string,
  log_status string,
  vpc_id string,
  subnet_id string,
  instance_id string,
  tcp_flags int,
  type string,
  pkt_srcaddr string,
  pkt_dstaddr string,
  az_id string,
  sublocation_type string,
  sublocation_id string,
  pkt_src_aws_service string,
  pkt_dst_aws_service string,
  flow_direction string,
  traffic_path int
)
PARTITIONED BY (region string, date string, hour string)
ROW FORMAT SERDE
'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT
'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT
'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://amzn-s3-demo-bucket/prefix/AWSLogs/{account_id}/vpcflowlogs/'
TBLPROPERTIES (
"EXTERNAL"="true",
"skip.header.line.count" = "1",
"projection.enabled" = "true",
"projection.region.type" = "enum",
"projection.region.values" = "us-east-1,us-west-2,ap-south-1,eu-west-1",
"projection.date.type" = "date",
"projection.date.range" = "2021/01/01,NOW",
"projection.date.format" = "yyyy/MM/dd",
"projection.hour.type" = "integer",
"projection.hour.range" = "00,23",
"projection.hour.digits" = "2",
"storage.location.template" = "s3://amzn-s3-demo-bucket/prefix/AWSLogs/\${account_id}/vpcflowlogs/\${region}/\${date}/\${hour}"
)
`;

/** "Create and query a table for Amazon VPC flow logs using partition projection" (vpc-flow-logs-partition-projection): its TBLPROPERTIES. */
const AWS_TEXT_PROJECTION_PROPERTIES = `
TBLPROPERTIES
(
"skip.header.line.count"="1",
"projection.enabled" = "true",
"projection.accid.type" = "enum",
"projection.accid.values" = "$ACCID_1,$ACCID_2",
"projection.region.type" = "enum",
"projection.region.values" = "$REGION_1,$REGION_2,$REGION_3",
"projection.day.type" = "date",
"projection.day.range" = "$START_RANGE,NOW",
"projection.day.format" = "yyyy/MM/dd",
"storage.location.template" = "s3://amzn-s3-demo-bucket/AWSLogs/\${accid}/vpcflowlogs/\${region}/\${day}"
)`;

interface ParsedDdl {
  table: string;
  columns: [string, string][];
  partitions: [string, string][];
  storage: 'text' | 'parquet';
  delimiter?: string;
  location: string;
  properties: Map<string, string>;
}

const unquote = (name: string): string => name.replace(/^`|`$/g, '');

/** Reads the parts of a flow log CREATE TABLE statement (enough of the grammar for AWS's and ours). */
function parseDdl(ddl: string): ParsedDdl {
  const text = ddl.trim();
  const head = /^CREATE EXTERNAL TABLE IF NOT EXISTS (\S+) \(([\s\S]*?)\n\)\s*\nPARTITIONED BY \(([^)]*)\)/.exec(text);
  assert.ok(head, `not a CREATE EXTERNAL TABLE statement:\n${text.slice(0, 200)}`);
  const pairs = (list: string): [string, string][] => list.split(',').map((c) => c.trim()).filter((c) => c !== '').map((c) => {
    const [name, type] = c.split(/\s+/);
    return [unquote(name!), type!];
  });
  const properties = new Map<string, string>();
  const props = /TBLPROPERTIES\s*\(([\s\S]*)\)\s*;?\s*$/.exec(text)?.[1] ?? '';
  for (const m of props.matchAll(/["']([^"']+)["']\s*=\s*["']([^"']*)["']/g)) {
    properties.set(m[1]!, m[2]!);
  }
  const parquet = /STORED AS PARQUET|ParquetHiveSerDe/.test(text);
  const delimiter = /FIELDS TERMINATED BY '([^']*)'/.exec(text)?.[1];
  return {
    table: head[1]!, columns: pairs(head[2]!), partitions: pairs(head[3]!), storage: parquet ? 'parquet' : 'text',
    ...(delimiter !== undefined ? { delimiter } : {}),
    location: /LOCATION\s+'([^']+)'/.exec(text)?.[1] ?? '', properties,
  };
}

const LOCATION = 's3://my-flow-logs/vpc1/AWSLogs/123456789012/vpcflowlogs/us-east-1/';
const options = (over: Partial<FlowLogsTableOptions> = {}): FlowLogsTableOptions => ({
  tableName: 'vpc_flow_logs', location: LOCATION, fields: [...DEFAULT_FIELDS], fileFormat: 'plain-text', ...over,
});

describe('Athena table DDL', () => {
  it('has the columns of AWS\'s published text DDL, column by column, for the same fields (versions 2 to 5)', () => {
    const aws = parseDdl(AWS_TEXT_DDL);
    const fields = aws.columns.map(([name]) => name.replace(/_/g, '-'));
    assert.equal(fields.length, 29);
    const ours = parseDdl(athenaFlowLogsTableDdl(options({ fields })));
    assert.equal(ours.columns.length, aws.columns.length);
    aws.columns.forEach(([name, type], i) => {
      assert.deepEqual(ours.columns[i], [name, type], `column ${i + 1} (${name})`);
    });
    // Quoted the same way: `end` is a reserved word.
    assert.match(athenaFlowLogsTableDdl(options({ fields })), /^ {2}`end` bigint,$/m);
    // Stored as AWS stores text flow logs.
    assert.equal(ours.storage, 'text');
    assert.equal(ours.delimiter, aws.delimiter);
    assert.equal(ours.properties.get('skip.header.line.count'), aws.properties.get('skip.header.line.count'));
  });

  it('has the columns of AWS\'s published Parquet DDL, column by column, and stores Parquet without a header line to skip', () => {
    const aws = parseDdl(AWS_PARQUET_PROJECTION_DDL);
    const fields = aws.columns.map(([name]) => name.replace(/_/g, '-'));
    const ddl = athenaFlowLogsTableDdl(options({ fields, fileFormat: 'parquet', perHourPartition: true }));
    const ours = parseDdl(ddl);
    assert.deepEqual(ours.columns, aws.columns);
    assert.equal(ours.storage, 'parquet');
    assert.match(ddl, /^STORED AS PARQUET$/m);
    assert.doesNotMatch(ddl, /FIELDS TERMINATED BY|skip\.header/);
  });

  it('projects partitions as AWS\'s published projection DDL does: date yyyy/MM/dd from 2021/01/01 to NOW, two-digit hours, a location template', () => {
    const aws = parseDdl(AWS_PARQUET_PROJECTION_DDL).properties;
    const awsText = parseDdl(`CREATE EXTERNAL TABLE IF NOT EXISTS t (\n  x int\n)\nPARTITIONED BY (day string)\n${AWS_TEXT_PROJECTION_PROPERTIES}`).properties;
    const ours = parseDdl(athenaFlowLogsTableDdl(options({ perHourPartition: true }))).properties;
    assert.equal(ours.get('projection.enabled'), aws.get('projection.enabled'));
    // AWS names the date partition `date` in one example and `day` in the other; ours is `day`.
    assert.equal(ours.get('projection.day.type'), aws.get('projection.date.type'));
    assert.equal(ours.get('projection.day.format'), aws.get('projection.date.format'));
    assert.equal(ours.get('projection.day.format'), awsText.get('projection.day.format'));
    assert.equal(ours.get('projection.day.range'), aws.get('projection.date.range'));
    assert.equal(ours.get('projection.hour.type'), aws.get('projection.hour.type'));
    assert.equal(ours.get('projection.hour.digits'), aws.get('projection.hour.digits'));
    assert.equal(ours.get('projection.hour.range')!.split(',').map(Number).join(), aws.get('projection.hour.range')!.split(',').map(Number).join());
    // The template is the location followed by the partitions, as AWS's (whose location stops above the region).
    assert.equal(ours.get('storage.location.template'), `${LOCATION}\${day}/\${hour}/`);
    assert.match(aws.get('storage.location.template')!, /\/\$\{date\}\/\$\{hour\}$/);
    assert.match(awsText.get('storage.location.template')!, /\/\$\{day\}$/);
  });

  it('types every field of the catalogue as AWS does: int for version, ports, tcp_flags, traffic_path; bigint for protocol, packets, bytes, start, end', () => {
    const aws = new Map(parseDdl(AWS_TEXT_DDL).columns);
    for (const f of FIELDS) {
      const type = athenaColumnType(f.name);
      const published = aws.get(f.name.replace(/-/g, '_'));
      if (published !== undefined) {
        assert.equal(type, published, f.name);
      } else if (f.kind === 'integer') {
        // Later fields (encryption-status) follow the rule for small integers like traffic-path.
        assert.equal(type, 'int', f.name);
      } else {
        assert.equal(type, 'string', f.name);
      }
    }
  });

  it('has one column per field of the flow log\'s own format, in its order, for the sample formats', () => {
    for (const format of [CUSTOM_V5_FORMAT, ALL_FIELDS_V8_FORMAT]) {
      const fields = parseFormat(format);
      const ours = parseDdl(athenaFlowLogsTableDdl(options({ fields })));
      assert.deepEqual(ours.columns.map(([name]) => name), fields.map((f) => f.replace(/-/g, '_')));
    }
    const all = parseDdl(athenaFlowLogsTableDdl(options({ fields: FIELDS.map((f) => f.name) })));
    assert.equal(all.columns.length, FIELDS.length);
  });

  it('partitions by day (and hour) with the plain layout, reading from the location', () => {
    const daily = parseDdl(athenaFlowLogsTableDdl(options()));
    assert.deepEqual(daily.partitions, [['day', 'string']]);
    assert.equal(daily.location, LOCATION);
    assert.equal(daily.properties.get('storage.location.template'), `${LOCATION}\${day}/`);
    assert.equal(daily.properties.has('projection.hour.type'), false);
    const hourly = parseDdl(athenaFlowLogsTableDdl(options({ perHourPartition: true })));
    assert.deepEqual(hourly.partitions, [['day', 'string'], ['hour', 'string']]);
  });

  it('partitions by year, month, day (and hour) with Hive-compatible prefixes, years projected from the start year to NOW', () => {
    const hive = 's3://my-flow-logs/vpc1/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/';
    const parsed = parseDdl(athenaFlowLogsTableDdl(options({ location: hive, hiveCompatiblePartitions: true, perHourPartition: true, projectionStart: '2023/06/01' })));
    assert.deepEqual(parsed.partitions.map(([n]) => n), ['year', 'month', 'day', 'hour']);
    assert.equal(parsed.location, hive);
    assert.equal(parsed.properties.get('storage.location.template'), `${hive}year=\${year}/month=\${month}/day=\${day}/hour=\${hour}/`);
    assert.equal(parsed.properties.get('projection.year.type'), 'date');
    assert.equal(parsed.properties.get('projection.year.range'), '2023,NOW');
    assert.equal(parsed.properties.get('projection.year.interval.unit'), 'YEARS');
    for (const p of ['month', 'day', 'hour']) {
      assert.equal(parsed.properties.get(`projection.${p}.type`), 'integer', p);
      assert.equal(parsed.properties.get(`projection.${p}.digits`), '2', p);
    }
    // Given the plain location (the contract's form), the Hive flag reads the Hive folders of the same delivery.
    assert.equal(parseDdl(athenaFlowLogsTableDdl(options({ hiveCompatiblePartitions: true }))).location, hive);
  });

  it('starts the projection at projectionStart', () => {
    const parsed = parseDdl(athenaFlowLogsTableDdl(options({ projectionStart: '2024/11/01' })));
    assert.equal(parsed.properties.get('projection.day.range'), '2024/11/01,NOW');
  });

  it('quotes a database-qualified table name', () => {
    assert.equal(parseDdl(athenaFlowLogsTableDdl(options({ tableName: 'flowlogs_db.vpc1_logs' }))).table, '`flowlogs_db`.`vpc1_logs`');
  });

  it('refuses what would make a wrong or broken statement, saying what is wrong', () => {
    const cases: [Partial<FlowLogsTableOptions>, RegExp][] = [
      [{ tableName: 'VPC-Flow-Logs' }, /table name failed: "VPC-Flow-Logs" may only contain lowercase letters, digits and underscores/],
      [{ tableName: 'a.b.c' }, /table name failed: "a\.b\.c" should be table or database\.table/],
      [{ tableName: '' }, /table name failed/],
      [{ tableName: 'x; DROP TABLE y' }, /table name failed/],
      [{ location: 's3://my-flow-logs/vpc1/' }, /location failed: "s3:\/\/my-flow-logs\/vpc1\/" is not a flow log delivery location/],
      [{ location: 'https://my-flow-logs.s3.amazonaws.com/AWSLogs/123456789012/vpcflowlogs/us-east-1/' }, /location failed/],
      [{ location: 's3://my-flow-logs/AWSLogs/12345/vpcflowlogs/us-east-1/' }, /location failed/],
      [{ location: "s3://my-flow-logs/it's/AWSLogs/123456789012/vpcflowlogs/us-east-1/" }, /location failed: .* contains quotes/],
      [{ location: 's3://my-flow-logs/AWSLogs/123456789012/vpcflowlogs/useast/' }, /location failed: "useast" .* is not a region name/],
      [{ location: 's3://logs-b1/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/', hiveCompatiblePartitions: false }, /Hive-compatible location .* hiveCompatiblePartitions is false/],
      [{ fields: [] }, /columns failed: the flow log format has no fields/],
      [{ fields: ['version', 'src-addr', 'colour'] }, /columns failed: unknown flow log fields "src-addr", "colour"/],
      [{ fields: ['version', 'srcaddr', 'srcaddr'] }, /columns failed: "srcaddr" appears more than once/],
      [{ projectionStart: '2021-01-01' }, /projection failed: projectionStart "2021-01-01" is not a date/],
      [{ projectionStart: '2021/02/30' }, /projection failed/],
      [{ fileFormat: 'csv' as 'parquet' }, /format failed: "csv" is neither plain-text nor parquet/],
    ];
    for (const [over, message] of cases) {
      assert.throws(() => athenaFlowLogsTableDdl(options(over)), message, JSON.stringify(over));
    }
  });

  it('reads a location\'s parts, adding the trailing slash, in both layouts', () => {
    assert.deepEqual(parseTableLocation('s3://logs-b1/AWSLogs/123456789012/vpcflowlogs/eu-west-3'), {
      bucket: 'logs-b1', prefix: '', accountId: '123456789012', region: 'eu-west-3', hiveCompatiblePartitions: false,
      location: 's3://logs-b1/AWSLogs/123456789012/vpcflowlogs/eu-west-3/',
    });
    const hive = parseTableLocation('s3://logs-b1/a/b/AWSLogs/aws-account-id=210987654321/aws-service=vpcflowlogs/aws-region=us-gov-west-1/');
    assert.equal(hive.prefix, 'a/b/');
    assert.equal(hive.accountId, '210987654321');
    assert.equal(hive.region, 'us-gov-west-1');
    assert.equal(hive.hiveCompatiblePartitions, true);
  });
});
