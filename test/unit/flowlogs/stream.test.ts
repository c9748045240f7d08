import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { createParser, parseFlowLogs, summarize, type FlowLogStore } from '../../../src/flowlogs';
import {
  TooLargeError, TruncatedError, fileChunks, parseFile, parseStream, readInto, summarizeFile,
} from '../../../src/flowlogs/stream';
import { ALL_FIELDS_V8_FORMAT, mixedDefaultText, sampleText } from './helpers';

/** Text with multibyte characters in text fields, IPv6, bad lines, CRLF and blank lines. */
function tricky(): string {
  const v8 = sampleText('all-fields-v8.log').trim().split('\n');
  const lines = v8.map((l, i) => {
    if (i % 5 === 1) {
      // ecs-cluster-name and ecs-service-name are free text: multibyte UTF-8 (2, 3 and 4 bytes).
      const f = l.split(' ');
      f[30] = 'clüster-東京';
      f[35] = 'svc-🙂-ñ';
      return f.join(' ');
    }
    if (i % 7 === 3) {
      return `${l} extra-é`;
    }
    if (i % 11 === 4) {
      return l.replace(' OK ', ' 🙂 ');
    }
    return i % 3 === 0 ? `${l}\r` : l;
  });
  lines.splice(10, 0, '', '   ', '<b>§</b>');
  return lines.join('\n');
}

function snapshot(store: FlowLogStore): unknown {
  return { fields: store.fields, objects: store.toObjects(), errors: store.errors, lines: store.lines };
}

describe('flow log streaming', () => {
  const text = tricky();
  const bytes = Buffer.from(text, 'utf8');
  const whole = parseFlowLogs(text, { format: ALL_FIELDS_V8_FORMAT });

  it('the tricky text has records, errors and multibyte text', () => {
    assert.ok(whole.count > 30);
    assert.ok(whole.errors.length >= 10);
    assert.ok(whole.toObjects().some((o) => o['ecs-service-name'] === 'svc-🙂-ñ'));
    assert.ok(whole.errors.some((e) => e.text === '<b>§</b>'));
  });

  for (const size of [1, 2, 3, 5, 7, 64, 1000, 4096]) {
    it(`byte chunks of ${size} (boundaries inside lines and inside multibyte characters) give identical results`, () => {
      const parser = createParser({ format: ALL_FIELDS_V8_FORMAT });
      for (let i = 0; i < bytes.length; i += size) {
        parser.push(bytes.subarray(i, i + size));
      }
      assert.deepEqual(snapshot(parser.end()), snapshot(whole));
    });
  }

  for (const size of [1, 3, 17, 500]) {
    it(`string chunks of ${size} UTF-16 units (split surrogate pairs) give identical results`, () => {
      const parser = createParser({ format: ALL_FIELDS_V8_FORMAT });
      for (let i = 0; i < text.length; i += size) {
        parser.push(text.slice(i, i + size));
      }
      assert.deepEqual(snapshot(parser.end()), snapshot(whole));
    });
  }

  it('random chunk sizes over a larger mixed text give identical results', () => {
    const big = Buffer.from(mixedDefaultText(20_000, 21));
    const expected = snapshot(parseFlowLogs(big));
    const parser = createParser();
    let seed = 12345;
    for (let i = 0; i < big.length;) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const n = 1 + (seed % 9000);
      parser.push(big.subarray(i, i + n));
      i += n;
    }
    assert.deepEqual(snapshot(parser.end()), expected);
  });

  it('a line longer than maxLineLength is one error and is not buffered', () => {
    const parser = createParser({ maxLineLength: 1000 });
    parser.push('2 123456789012 eni-1 1.1.1.1 2.2.2.2 1 2 6 1 1 1 2 ACCEPT OK\n');
    for (let i = 0; i < 100; i++) {
      parser.push('x'.repeat(10_000));
    }
    parser.push('\n2 123456789012 eni-1 1.1.1.1 2.2.2.2 1 2 6 1 1 1 2 REJECT OK\n');
    parser.push('y'.repeat(5000));
    const store = parser.end();
    assert.equal(store.count, 2);
    assert.deepEqual(store.errors.map((e) => e.line), [2, 4]);
    assert.match(store.errors[0]!.message, /Line is 1000000 bytes long/);
    assert.match(store.errors[1]!.message, /Line is 5000 bytes long/);
    assert.ok(store.errors[0]!.text!.length <= 1000);
  });

  it('reads Node streams and gzipped files, auto-detecting gzip', async () => {
    const text = mixedDefaultText(5000, 4);
    const expected = snapshot(parseFlowLogs(text));
    const gz = gzipSync(text);
    const fromStream = await parseStream(Readable.from([gz.subarray(0, 100), gz.subarray(100)]));
    assert.deepEqual(snapshot(fromStream.end()), expected);
    const plain = await parseStream(Readable.from([text.slice(0, 999), text.slice(999)]));
    assert.deepEqual(snapshot(plain.end()), expected);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlogs-'));
    try {
      const file = path.join(dir, 'x.log.gz');
      fs.writeFileSync(file, Buffer.concat([gzipSync(text.slice(0, 1000)), gzipSync(text.slice(1000))]));
      assert.deepEqual(snapshot(await parseFile(file)), expected, 'multi-member gzip, as S3 may write');
      const summary = await summarizeFile(file);
      assert.deepEqual(summary.summary, summarize(parseFlowLogs(text)));
      assert.equal(summary.records, 5000);
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(parseFile(file, { signal: controller.signal }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a UTF-8 byte order mark at the start is dropped, even split across chunks; elsewhere it is text', () => {
    const text = mixedDefaultText(50, 8);
    const expected = snapshot(parseFlowLogs(text));
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    assert.deepEqual(snapshot(parseFlowLogs(withBom)), expected);
    assert.deepEqual(snapshot(parseFlowLogs(`\uFEFF${text}`)), expected);
    for (const size of [1, 2, 4]) {
      const parser = createParser();
      for (let i = 0; i < withBom.length; i += size) {
        parser.push(withBom.subarray(i, i + size));
      }
      assert.deepEqual(snapshot(parser.end()), expected, `chunks of ${size}`);
    }
    // With a header line after the mark, the header still names the fields.
    const header = parseFlowLogs('\uFEFFversion srcaddr dstaddr action\n2 1.1.1.1 2.2.2.2 ACCEPT\n');
    assert.deepEqual(header.fields, ['version', 'srcaddr', 'dstaddr', 'action']);
    assert.equal(header.count, 1);
    assert.equal(header.errorCount, 0);
    // A lone 0xEF 0xBB at the start is not a mark: the line is an error, not silently dropped.
    const partial = parseFlowLogs(Buffer.from([0xef, 0xbb, 0x20, 0x0a]));
    assert.equal(partial.errorCount, 1);
  });

  describe('files in chunks, gzip bounds and truncation', () => {
    let dir = '';
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlogs-'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reads a file in chunks of a reused buffer, lines cut anywhere, with the same records', async () => {
      const text = mixedDefaultText(3000, 9);
      const file = path.join(dir, 'plain.log');
      fs.writeFileSync(file, text);
      const result = await readInto(createParser(), fileChunks(file, undefined, 4093));
      assert.deepEqual(snapshot(result.parser.end()), snapshot(parseFlowLogs(text)));
      assert.equal(result.bytes, Buffer.byteLength(text));
      assert.equal(result.gzip, false);
    });

    it('a truncated gzip keeps every record before the cut and says where it was cut', async () => {
      const text = mixedDefaultText(20_000, 10);
      const gz = gzipSync(text);
      const file = path.join(dir, 'cut.log.gz');
      fs.writeFileSync(file, gz.subarray(0, Math.floor(gz.length / 2)));
      await assert.rejects(parseFile(file), (e: unknown) => e instanceof TruncatedError && /truncated after [\d,]+ bytes/.test(e.message));
      const result = await readInto(createParser(), fileChunks(file, undefined, 1000), { truncated: 'keep' });
      const store = result.parser.end();
      assert.ok(result.truncated instanceof TruncatedError);
      assert.equal(result.truncated.compressedBytes, Math.floor(gz.length / 2));
      // Every complete record before the cut is kept, the same as parsing that much of the text.
      const prefix = text.slice(0, result.bytes);
      const expected = parseFlowLogs(prefix);
      assert.ok(store.count > 5000, `${store.count} records kept`);
      assert.deepEqual(store.toObjects(), expected.toObjects());
    });

    it('a gzip bomb stops at the decompressed bound with a clear error, without decompressing the rest', async () => {
      const file = path.join(dir, 'zeros.gz');
      fs.writeFileSync(file, gzipSync(Buffer.alloc(64 << 20)));
      let parsed = 0;
      await assert.rejects(
        readInto(createParser(), fileChunks(file), { maxDecompressedBytes: 8 << 20, onProgress: (b) => { parsed = b; } }),
        (e: unknown) => e instanceof TooLargeError && /decompresses to more than 8\.0 MiB/.test(e.message),
      );
      assert.ok(parsed <= 8 << 20, `${parsed} bytes parsed`);
    });

    it('Cancel stops a gzip read and a plain read with the abort reason', async () => {
      const file = path.join(dir, 'zeros2.gz');
      fs.writeFileSync(file, gzipSync(Buffer.alloc(32 << 20, 0x0a)));
      for (const name of ['zeros2.gz', 'plain.log']) {
        const controller = new AbortController();
        let chunks = 0;
        const reading = readInto(createParser(), fileChunks(path.join(dir, name), controller.signal, 1024), {
          signal: controller.signal,
          onProgress: () => {
            if (++chunks === 3) {
              controller.abort(new Error('cancelled by the user'));
            }
          },
        });
        await assert.rejects(reading, /cancelled by the user/);
        assert.equal(chunks, 3, name);
      }
    });
  });

  it('push after end is a programming error', () => {
    const parser = createParser();
    parser.end();
    assert.throws(() => parser.push('x'), /after end/);
  });
});
