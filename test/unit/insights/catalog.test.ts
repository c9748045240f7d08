import * as assert from 'node:assert/strict';
import { CATALOG, catalogQuery, missingFields, undefinedPlaceholders } from '../../../src/insights/core/catalog';
import { fieldInfo } from '../../../src/flowlogs/fields';
import { withParsePrefix } from '../../../src/insights/core/parsePrefix';
import { COMMANDS, checkQuery, commandsOf, fillPlaceholders, placeholdersOf } from '../../../src/insights/core/queryText';
import { SAMPLE_FORMATS } from './formats';

/** The console's sample queries for VPC flow logs (../shared/docs/aws-facts.md), name -> query. */
const CONSOLE_SAMPLES: Readonly<Record<string, string>> = {
  'Average, min, and max byte transfers by source and destination IP addresses': 'stats avg(bytes), min(bytes), max(bytes) by srcAddr, dstAddr',
  'IP addresses using UDP transfer protocol': 'filter protocol=17 | stats count(*) by srcAddr',
  'Top 10 byte transfers by source and destination IP addresses': 'stats sum(bytes) as bytesTransferred by srcAddr, dstAddr | sort bytesTransferred desc | limit 10',
  'Top 20 source IP addresses with highest number of rejected requests': 'filter action="REJECT" | stats count(*) as numRejections by srcAddr | sort numRejections desc | limit 20',
  'Top 15 packet transfers across hosts': 'stats sum(packets) as packetsTransferred by srcAddr, dstAddr | sort packetsTransferred desc | limit 15',
  'Top 15 byte transfers for hosts on a subnet': 'filter isIpv4InSubnet(srcAddr, "192.0.2.0/24") | stats sum(bytes) as bytesTransferred by dstAddr | sort bytesTransferred desc | limit 15',
  'IP addresses where flow records were skipped': 'filter logStatus="SKIPDATA" | stats count(*) by bin(1h) as t | sort t',
};

/** Spacing-insensitive form of a query, to compare with the console's one-line versions. */
const squash = (q: string): string => q.replace(/\s+/g, '').toLowerCase();

/** A query with every placeholder replaced by its example value. */
function filled(id: string): string {
  const q = catalogQuery(id)!;
  return fillPlaceholders(q.query, Object.fromEntries((q.parameters ?? []).map((p) => [p.key, p.example])));
}

describe('Insights query catalogue', () => {
  it('has unique ids and names, and says in one sentence what each query answers', () => {
    assert.ok(CATALOG.length >= 25, `only ${CATALOG.length} queries`);
    assert.equal(new Set(CATALOG.map((q) => q.id)).size, CATALOG.length);
    assert.equal(new Set(CATALOG.map((q) => q.name)).size, CATALOG.length);
    for (const q of CATALOG) {
      assert.ok(q.name.trim().length > 5, q.id);
      assert.match(q.description, /^[A-Z].*[.:]$|^[A-Z].*\.$/, `${q.id}: description should be a sentence`);
      assert.ok(!q.description.slice(0, -1).includes('. '), `${q.id}: description should be one sentence`);
    }
  });

  it('contains every console sample, word for word', () => {
    for (const [name, query] of Object.entries(CONSOLE_SAMPLES)) {
      const q = CATALOG.find((c) => c.name === name);
      assert.ok(q, `missing sample "${name}"`);
      assert.equal(q.source, 'aws');
      const text = q.parameters ? filled(q.id) : q.query;
      assert.equal(squash(text), squash(query), name);
    }
  });

  it('covers what flow log users ask next', () => {
    for (const id of ['rejectedPorts', 'rejectedByInterface', 'trafficByProtocol', 'busiestInterfaces', 'bytesOverTime', 'betweenCidrs', 'sshRdpFromOutside']) {
      assert.ok(catalogQuery(id), id);
    }
    assert.match(catalogQuery('bytesOverTime')!.query, /\bbin\(/);
  });

  for (const q of CATALOG) {
    it(`${q.id}: is non-empty, balanced and made of known commands`, () => {
      const text = filled(q.id);
      assert.ok(text.trim().length > 0);
      assert.deepEqual(checkQuery(text), []);
      assert.deepEqual(checkQuery(q.query), [], 'the template itself');
      const commands = commandsOf(text);
      assert.ok(commands.length > 0);
      for (const c of commands) {
        assert.ok(COMMANDS.includes(c), `${q.id}: unknown command ${c}`);
      }
      assert.deepEqual(undefinedPlaceholders(q), []);
      assert.deepEqual(placeholdersOf(text), [], 'every placeholder filled');
      for (const p of q.parameters ?? []) {
        assert.ok(placeholdersOf(q.query).includes(p.key), `${q.id}: parameter ${p.key} is unused`);
        if (p.kind === 'cidr') {
          assert.match(p.example, /^\d+\.\d+\.\d+\.\d+\/\d+$/);
        }
      }
      for (const f of q.requires ?? []) {
        assert.ok(fieldInfo(f), `${q.id}: requires unknown field ${f}`);
      }
    });
  }

  it('stays balanced with the parse prefix of every sample custom format', () => {
    for (const [name, format] of Object.entries(SAMPLE_FORMATS)) {
      for (const q of CATALOG) {
        const text = withParsePrefix(filled(q.id), format);
        assert.deepEqual(checkQuery(text), [], `${q.id} with ${name}`);
        assert.equal(commandsOf(text)[0], 'parse', `${q.id} with ${name}`);
      }
    }
  });

  it('offers queries needing later fields only where the format has them', () => {
    const syn = catalogQuery('synWithoutReply')!;
    assert.deepEqual(missingFields(syn, ['version', 'srcaddr']), ['tcp-flags']);
    assert.equal(missingFields(syn, ['tcp-flags']), undefined);
    assert.equal(missingFields(catalogQuery('aws.topBytes')!, []), undefined);
  });
});
