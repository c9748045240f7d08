import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isFlowLogHeader, isFlowLogRecord, looksLikeFlowLog } from '../../src/flowlogs/detect';

const samples = path.join(__dirname, '..', '..', '..', 'samples');

describe('flow log detection', () => {
  it('recognises the first line of every sample', () => {
    for (const file of fs.readdirSync(samples).filter((f) => f.endsWith('.log'))) {
      const first = fs.readFileSync(path.join(samples, file), 'utf8').split('\n')[0]!;
      assert.ok(looksLikeFlowLog(first), file);
    }
  });

  it('recognises an S3 export header', () => {
    assert.ok(isFlowLogHeader('version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status'));
    assert.ok(!isFlowLogHeader('version 2.3.1 released'));
  });

  it('does not claim ordinary log lines', () => {
    for (const line of [
      '2024-11-27 08:00:00 INFO server started on port 8080',
      '127.0.0.1 - - [27/Nov/2024:08:00:00 +0000] "GET / HTTP/1.1" 200 612',
      '',
      '3 apples and 4 oranges',
      'Nov 27 08:00:00 host sshd[123]: Accepted publickey for ec2-user',
    ]) {
      assert.ok(!looksLikeFlowLog(line), line);
    }
  });

  it('accepts a custom format without an interface id when it has an action', () => {
    assert.ok(isFlowLogRecord('5 10.1.5.112 10.2.15.210 REJECT'));
  });
});
