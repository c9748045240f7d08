import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { DEFAULT_FIELDS, FlowLogStore, parseFlowLogs, summarize } from '../../../src/flowlogs';
import { parseFileParallel } from '../../../src/flowlogs/parallel';
import { parseFile } from '../../../src/flowlogs/stream';
import { mixedDefaultText } from './helpers';

const HEADER = DEFAULT_FIELDS.join(' ');

/**
 * An S3 export's awkward text: a header line, CRLF on some lines, bad lines, a repeated header, IPv6,
 * nulls, a byte order mark inside the text, a byte count that needs 64-bit floats in one half only, and a last line without a newline.
 */
function awkward(bom: boolean): string {
  const lines = mixedDefaultText(80, 7).trim().split('\n').map((l, i) => (i % 4 === 1 ? `${l}\r` : l));
  lines.splice(20, 0, 'not a flow log line', '', HEADER, '2 123456789012 eni-0a1b2c3d4e5f60718 10.1.5.112 10.1.9.4 443 8080 6 3 9007199254 1732694400 1732694460 ACCEPT OK');
  // A second file's byte order mark inside the text (files joined with cat): a bad line, wherever the split is.
  lines.splice(40, 0, `\ufeff${lines[41]!}`);
  lines.splice(60, 0, '2 123456789012 eni-0fedcba9876543210 10.1.5.112 10.1.9.4 twenty-two 22 6 3 120 1732694400 1732694460 ACCEPT OK\r');
  return `${bom ? '\ufeff' : ''}${HEADER}\n${lines.join('\n')}`;
}

function snapshot(store: FlowLogStore): unknown {
  return {
    fields: store.fields, objects: store.toObjects(), errors: store.errors, errorCount: store.errorCount, lines: store.lines,
    summary: summarize(store),
  };
}

describe('flow log files parsed on two threads', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vpcfl-parallel-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const bom of [false, true]) {
    it(`gives the one-thread store and summary wherever the file is split${bom ? ' (with a byte order mark)' : ''}`, async () => {
      const text = awkward(bom);
      const file = path.join(dir, `awkward-${bom}.log`);
      fs.writeFileSync(file, text);
      const one = await parseFile(file);
      assert.ok(one.count > 70 && one.errors.length >= 2, 'the text has records and bad lines');
      assert.equal(one.errors.filter((e) => e.text === 'not a flow log line').length, 1);
      const size = fs.statSync(file).size;
      const bytes = fs.readFileSync(file);
      // Every line start and the bytes around it (the split lands on the next line start), plus a few
      // offsets inside lines, the byte order mark and the header.
      const offsets = new Set<number>([0, 1, 2, 3, 4, size - 2, size - 1]);
      for (let i = 0; i < size; i++) {
        if (bytes[i] === 10 && (i % 13 === 0 || bytes[i + 1] === 0xef)) {
          offsets.add(i - 1).add(i).add(i + 1);
        }
      }
      let splits = 0;
      for (const splitAfter of offsets) {
        let started = false;
        const two = await parseFileParallel(file, { threads: 2, minBytes: 0, splitAfter, onWorker: () => { started = true; } });
        assert.deepEqual(snapshot(two), snapshot(one), `split after byte ${splitAfter}`);
        splits += started ? 1 : 0;
      }
      assert.ok(splits > 5, `a worker parsed the second part in ${splits} of ${offsets.size} splits`);
    });
  }

  it('keeps the error cap and the line numbers of the whole file', async () => {
    const good = mixedDefaultText(50, 3).trim().split('\n');
    const text = good.map((l, i) => (i % 5 === 0 ? `bad line ${i}` : l)).join('\n') + '\n';
    const file = path.join(dir, 'errors.log');
    fs.writeFileSync(file, text);
    const one = await parseFile(file, { maxErrors: 7 });
    const two = await parseFileParallel(file, { threads: 2, minBytes: 0, maxErrors: 7 });
    assert.deepEqual(snapshot(two), snapshot(one));
    assert.equal(two.errors.length, 7);
    assert.equal(two.errorCount, 10);
    assert.deepEqual(two.errors.map((e) => e.line), [1, 6, 11, 16, 21, 26, 31]);
  });

  it('reads gzip and small files on one thread, with the same result', async () => {
    const text = mixedDefaultText(200, 5);
    const file = path.join(dir, 'small.log.gz');
    fs.writeFileSync(file, gzipSync(text));
    let workers = 0;
    const store = await parseFileParallel(file, { threads: 2, minBytes: 0, onWorker: () => { workers++; } });
    assert.equal(workers, 0);
    assert.deepEqual(snapshot(store), snapshot(parseFlowLogs(text)));
  });

  it('stops the worker when cancelled', async () => {
    const file = path.join(dir, 'cancel.log');
    fs.writeFileSync(file, mixedDefaultText(20_000, 9));
    const controller = new AbortController();
    let worker: Worker | undefined;
    let exited: Promise<unknown> | undefined;
    const parsing = parseFileParallel(file, {
      threads: 2, minBytes: 0, signal: controller.signal,
      onWorker: (w) => {
        worker = w;
        exited = once(w, 'exit');
        controller.abort();
      },
    });
    await assert.rejects(parsing, { name: 'AbortError' });
    assert.ok(worker, 'a worker was started');
    await exited;
    assert.equal(worker.threadId, -1, 'the worker thread has ended');
  });

  it('surfaces an error thrown in the worker', async () => {
    const file = path.join(dir, 'worker-error.log');
    fs.writeFileSync(file, mixedDefaultText(500, 11));
    const failing = path.join(dir, 'failing-worker.js');
    fs.writeFileSync(failing, 'throw new Error("the disk went away");\n');
    await assert.rejects(parseFileParallel(file, { threads: 2, minBytes: 0, workerPath: failing }), /the disk went away/);
  });

  it('appends a store column by column with the values appended one by one would give', () => {
    const a = parseFlowLogs(mixedDefaultText(300, 21));
    // Other interfaces (dictionary codes to map) and a byte count that needs 64-bit floats.
    const bText = `${mixedDefaultText(300, 22).replace(/eni-0a1b2c3d4e5f60718/g, 'eni-0aaaaaaaaaaaaaaaa')}2 123456789012 eni-0b 10.1.5.112 - 443 - 6 3 99999999999 1732694400 1732694460 - OK\n`;
    const b = parseFlowLogs(bText);
    const expected = [...a.toObjects(), ...b.toObjects()];
    const copy = FlowLogStore.fromData(structuredClone(b.toData().data));
    assert.deepEqual(copy.toObjects(), b.toObjects());
    a.append(copy);
    assert.deepEqual(a.toObjects(), expected);
    assert.deepEqual(summarize(a), summarize(parseFlowLogs(mixedDefaultText(300, 21) + bText)));
  });
});
