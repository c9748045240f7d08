import * as assert from 'node:assert/strict';
import { DEFAULT_FIELDS, parseFormat } from '../../../src/flowlogs/format';
import { CATALOG, catalogQuery } from '../../../src/insights/core/catalog';
import { athenaCatalog, athenaCoverage, athenaQuery, athenaSupport, partitionPredicate, type AthenaQueryOptions } from '../../../src/athena';
import { ALL_FIELDS_V8_FORMAT } from '../flowlogs/helpers';

const FROM = Date.UTC(2024, 10, 27, 8) / 1000;
const TO = Date.UTC(2024, 10, 27, 9) / 1000;
const ALL_V8 = parseFormat(ALL_FIELDS_V8_FORMAT);

/** Options for a query: the example value of every parameter, a table with every field of version 8. */
function optionsFor(id: string, over: Partial<AthenaQueryOptions> = {}): AthenaQueryOptions {
  const q = catalogQuery(id)!;
  return {
    table: 'flowlogs.vpc_flow_logs', from: FROM, to: TO, fields: ALL_V8,
    parameters: Object.fromEntries((q.parameters ?? []).map((p) => [p.key, p.example])),
    ...over,
  };
}

/** Outside string literals and quoted names, every bracket closes; literals and names close too. */
function balanced(sql: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (const c of sql) {
    if (quote) {
      if (c === quote) {
        quote = undefined;
      }
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '(') {
      depth++;
    } else if (c === ')' && --depth < 0) {
      return false;
    }
  }
  return depth === 0 && quote === undefined;
}

/** The names a Logs Insights query gives its result columns: `as` aliases and the `by` fields (except bin()). */
function insightsColumns(query: string): string[] {
  const aliases = [...query.matchAll(/\bas\s+([A-Za-z_]\w*)/g)].map((m) => m[1]!);
  const by = /\bby\s+([^|]+)/.exec(query)?.[1]?.split(',').map((s) => s.trim()).filter((s) => /^[A-Za-z]\w*$/.test(s)) ?? [];
  return [...aliases, ...by];
}

/** The quoted output names of the outer SELECT. */
function sqlColumns(sql: string): string[] {
  const select = /^SELECT ([\s\S]*?)\nFROM/.exec(sql)![1]!;
  return [...select.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
}

describe('Athena SQL for the query catalogue', () => {
  it('gives every catalogue query an SQL form, or says explicitly why it has none', () => {
    const { supported, unsupported } = athenaCoverage();
    assert.equal(supported.length + unsupported.length, CATALOG.length);
    for (const u of unsupported) {
      assert.ok(u.reason.length > 10, `${u.id}: a reason is needed`);
      assert.throws(() => athenaQuery(u.id, optionsFor(u.id)), new RegExp(`cannot run on Athena: ${u.reason}`));
    }
    // Today every catalogue entry has one: a new entry without one shows up here.
    assert.deepEqual(unsupported, []);
    assert.equal(supported.length, CATALOG.length);
  });

  for (const q of CATALOG) {
    it(`${q.id}: is balanced SQL over the table, bounded by partitions and by the records' start, with Logs Insights' column names`, () => {
      const sql = athenaQuery(q.id, optionsFor(q.id));
      assert.ok(balanced(sql), sql);
      assert.match(sql, /\bFROM "flowlogs"\."vpc_flow_logs"\n/);
      assert.ok(sql.includes(partitionPredicate({}, FROM, TO)), 'partition predicate');
      assert.ok(sql.includes(`start BETWEEN ${FROM} AND ${TO}`), 'record bounds');
      const limit = Number(/\nLIMIT (\d+)$/.exec(sql)?.[1]);
      assert.ok(limit > 0 && limit <= 10_000, `LIMIT ${limit}`);
      const insightsLimit = /\|\s*limit\s+(\d+)/.exec(q.query)?.[1];
      if (insightsLimit) {
        assert.equal(limit, Number(insightsLimit));
      }
      const columns = sqlColumns(sql);
      for (const name of insightsColumns(q.query)) {
        assert.ok(columns.includes(name), `${name} missing from ${columns.join(', ')}`);
      }
      if (/\bbin\((\d+)([mh])\)/.test(q.query) && !/\bas\s+t\b/.test(q.query)) {
        assert.ok(columns.includes(/\bbin\(\d+[mh]\)/.exec(q.query)![0]));
      }
      // Parameters end up as literals; nothing is left as a placeholder.
      assert.doesNotMatch(sql, /\{\{/);
      for (const p of q.parameters ?? []) {
        if (p.kind !== 'cidr') {
          assert.ok(sql.includes(`'${p.example}'`), p.key);
        }
      }
      const sort = /\|\s*sort\s+(\w+)\s+desc/.exec(q.query)?.[1];
      if (sort && sort !== 'timestamp') {
        assert.match(sql, new RegExp(`ORDER BY "${sort}" DESC`));
      }
    });
  }

  it('turns isIpv4InSubnet into a range of IPv4 numbers that IPv6 and "-" never match', () => {
    const sql = athenaQuery('aws.subnetTopBytes', optionsFor('aws.subnetTopBytes', { parameters: { subnet: '192.0.2.0/24' } }));
    // 192.0.2.0 = 3221225984; a /24 holds 256 addresses.
    assert.match(sql, /COALESCE\(\(TRY_CAST\(split_part\(srcaddr, '\.', 1\) AS bigint\) \* 16777216 \+ .*\) BETWEEN 3221225984 AND 3221226239, false\)/);
    const outside = athenaQuery('aws.natUploads', optionsFor('aws.natUploads', { parameters: { natAddress: '10.0.0.10', vpcCidr: '10.0.0.0/8' } }));
    assert.match(outside, /NOT COALESCE\(.*dstaddr.*BETWEEN 167772160 AND 184549375, false\)/);
  });

  it('dedups connections with a window over the latest record, as Logs Insights\' sort then dedup does', () => {
    const sql = athenaQuery('aws.connectionPerRecord', optionsFor('aws.connectionPerRecord', { parameters: { interfaceId: 'eni-0a1b2c3d4e5f60718' } }));
    assert.match(sql, /row_number\(\) OVER \(PARTITION BY srcaddr, dstaddr, srcport, dstport, protocol ORDER BY start DESC\)/);
    assert.match(sql, /interface_id = 'eni-0a1b2c3d4e5f60718'/);
    assert.match(sql, /WHERE "connectionRank" = 1\nORDER BY "startTime" DESC\nLIMIT 20$/);
  });

  it('shows times and time bins as Logs Insights does, bins of the catalogue\'s size', () => {
    const bins = athenaQuery('bytesOverTime', optionsFor('bytesOverTime'));
    assert.match(bins, /format_datetime\(from_unixtime\(start - start % 300\), 'yyyy-MM-dd HH:mm:ss\.SSS'\) AS "bin\(5m\)"/);
    assert.match(bins, /GROUP BY 1\nORDER BY 1\n/);
    assert.match(athenaQuery('aws.skippedRecords', optionsFor('aws.skippedRecords')), /start % 3600\), .*\) AS "t"/);
    assert.match(athenaQuery('latestRejected', optionsFor('latestRejected')), /format_datetime\(from_unixtime\(start\), 'yyyy-MM-dd HH:mm:ss\.SSS'\) AS "@timestamp"/);
  });

  it('reads only the partitions of the range, in the table\'s layout', () => {
    const hourly = athenaQuery('aws.topBytes', optionsFor('aws.topBytes', { perHourPartition: true, deliveryLagSeconds: 0 }));
    assert.match(hourly, /WHERE day = '2024\/11\/27' AND hour BETWEEN '08' AND '09'\n/);
    const hive = athenaQuery('aws.topBytes', optionsFor('aws.topBytes', { hiveCompatiblePartitions: true, deliveryLagSeconds: 0 }));
    assert.match(hive, /WHERE year = '2024' AND month = '11' AND day = '27'\n/);
  });

  it('bounds the records by `end` when the format has no `start`, and only by partitions without either', () => {
    const fields = DEFAULT_FIELDS.filter((f) => f !== 'start');
    assert.match(athenaQuery('aws.topBytes', optionsFor('aws.topBytes', { fields })), /AND "end" BETWEEN \d+ AND \d+/);
    const neither = athenaQuery('aws.topBytes', optionsFor('aws.topBytes', { fields: fields.filter((f) => f !== 'end') }));
    assert.doesNotMatch(neither, /BETWEEN \d+ AND \d+/);
  });

  it('says which field a query needs when the table\'s format lacks it, and offers only the queries that can run', () => {
    assert.throws(() => athenaQuery('synWithoutReply', optionsFor('synWithoutReply', { fields: [...DEFAULT_FIELDS] })),
      /Athena query failed: "Connection attempts that got no answer" needs the tcp-flags field, which this table's flow log format does not have/);
    assert.throws(() => athenaQuery('bytesOverTime', optionsFor('bytesOverTime', { fields: ['srcaddr', 'bytes'] })), /needs the start field/);
    const offered = athenaCatalog(DEFAULT_FIELDS).map((q) => q.id);
    assert.ok(offered.includes('aws.topBytes'));
    assert.ok(!offered.includes('synWithoutReply') && !offered.includes('byDirection') && !offered.includes('awsServices') && !offered.includes('blockPublicAccess'));
    assert.equal(athenaCatalog(ALL_V8).length, CATALOG.length);
  });

  it('refuses unknown queries, missing or bad parameters and values that would break out of a literal', () => {
    assert.throws(() => athenaQuery('nope', optionsFor('aws.topBytes')), /"nope" cannot run on Athena: there is no such catalogue query/);
    assert.equal(athenaSupport('nope').supported, false);
    assert.throws(() => athenaQuery('oneAddress', optionsFor('oneAddress', { parameters: {} })), /IP address: A value is needed/);
    assert.throws(() => athenaQuery('oneAddress', optionsFor('oneAddress', { parameters: { address: "10.0.0.1' OR '1'='1" } })), /IP address: An IP address such as/);
    assert.throws(() => athenaQuery('aws.subnetTopBytes', optionsFor('aws.subnetTopBytes', { parameters: { subnet: '10.0.0.0/33' } })), /An IPv4 CIDR block/);
    assert.throws(() => athenaQuery('aws.connectionPerRecord', optionsFor('aws.connectionPerRecord', { parameters: { interfaceId: "eni-1'; DROP" } })), /network interface ID/);
    assert.throws(() => athenaQuery('aws.topBytes', optionsFor('aws.topBytes', { table: 'flow-logs' })), /table name failed/);
    assert.throws(() => athenaQuery('aws.topBytes', optionsFor('aws.topBytes', { from: TO, to: FROM })), /time range .* is empty/);
  });
});
