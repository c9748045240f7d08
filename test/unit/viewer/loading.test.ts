import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ViewerController, type ViewerHost } from '../../../src/viewer/controller';
import { FileSource, localFile } from '../../../src/viewer/fileSources';
import { EMPTY_FILTER, type HostMessage } from '../../../src/viewer/protocol';
import type { RecordSource } from '../../../src/viewer/source';

const samples = path.join(__dirname, '..', '..', '..', '..', 'samples');
const sample = fs.readFileSync(path.join(samples, 'tutorial-vpc1-default.log'), 'utf8');
const sampleLines = sample.split('\n').filter((l) => l.trim());

type Of<T extends HostMessage['type']> = Extract<HostMessage, { type: T }>;

class Host implements ViewerHost {
  readonly messages: HostMessage[] = [];
  post(message: HostMessage): void {
    this.messages.push(message);
  }
  copyText(): Promise<void> {
    return Promise.resolve();
  }
  saveExport(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }
  rememberFormat(): void {}
  all<T extends HostMessage['type']>(type: T): Of<T>[] {
    return this.messages.filter((m): m is Of<T> => m.type === type);
  }
  last<T extends HostMessage['type']>(type: T): Of<T> {
    const found = this.all(type).pop();
    assert.ok(found, `no ${type} message`);
    return found;
  }
}

async function open(source: RecordSource, options = {}): Promise<{ controller: ViewerController; host: Host }> {
  const host = new Host();
  const controller = new ViewerController(source, host, options);
  controller.receive({ type: 'ready' });
  await controller.whenLoaded();
  return { controller, host };
}

/** The records the viewer shows, as text lines (first `count`). */
function shownLines(controller: ViewerController, host: Host, count: number): string[] {
  controller.receive({ type: 'query', seq: 1, filter: { ...EMPTY_FILTER }, sort: null, start: 0, count, summary: false });
  return host.last('result').rows.map((r) => r.values.map((v) => (v === null ? '-' : String(v))).join(' '));
}

describe('viewer file loading: streamed, bounded, cancellable', () => {
  let dir = '';
  const file = (name: string, bytes: Uint8Array | string): FileSource => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, bytes);
    return new FileSource(`file://${p}`, localFile(p));
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'viewer-loading-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a .gz bomb stops at the decompressed-size setting with a message naming the setting, and shows an empty table', async () => {
    const source = file('bomb.log.gz', gzipSync(Buffer.alloc(256 << 20)));
    const { controller, host } = await open(source, { limits: { maxDecompressedBytes: 16 * 2 ** 20 } });
    const notice = host.last('notice');
    assert.equal(notice.level, 'error');
    assert.match(notice.message, /^Loading bomb\.log\.gz failed: bomb\.log\.gz decompresses to more than 16\.0 MiB .*vpcFlowLogs\.viewer\.maxDecompressedMegabytes/);
    assert.equal(host.last('loaded').total, 0);
    controller.dispose();
  });

  it('a truncated .gz shows every record before the cut and says it is truncated, and where', async () => {
    const text = sample.repeat(200);
    const gz = gzipSync(text);
    const cut = Math.floor(gz.length * 0.6);
    const { controller, host } = await open(file('cut.log.gz', gz.subarray(0, cut)));
    const loaded = host.last('loaded');
    const notice = host.last('notice');
    assert.match(notice.message, new RegExp(`^cut\\.log\\.gz is truncated after ${cut.toLocaleString('en-US')} bytes \\(${loaded.total.toLocaleString('en-US')} records read\\): showing the records before the cut\\.$`));
    const all = text.split('\n').filter((l) => l.trim());
    assert.ok(loaded.total > all.length / 3 && loaded.total < all.length, `${loaded.total} of ${all.length} records`);
    const rows = shownLines(controller, host, 20);
    assert.deepEqual(rows, all.slice(0, 20).map((l) => l.trim().split(/\s+/).join(' ')));
    controller.dispose();
  });

  it('a file starting with a UTF-8 byte order mark keeps its first record (plain and gzipped)', async () => {
    for (const [name, bytes] of [['bom.log', Buffer.from(`\uFEFF${sample}`)], ['bom.log.gz', gzipSync(`\uFEFF${sample}`)]] as const) {
      const { controller, host } = await open(file(name, bytes));
      const loaded = host.last('loaded');
      assert.equal(loaded.errorCount, 0, name);
      assert.equal(loaded.total, sampleLines.length, name);
      assert.deepEqual(shownLines(controller, host, 1), [sampleLines[0]!.trim().split(/\s+/).join(' ')], name);
      controller.dispose();
    }
  });

  it('an S3 header line read in chunks names the fields and the format shows as "header"', async () => {
    const gz = fs.readFileSync(path.join(samples, 's3-export-v3.log.gz'));
    const { controller, host } = await open(file('s3.log.gz', gz));
    const loaded = host.last('loaded');
    assert.equal(loaded.formatOrigin, 'header');
    assert.equal(loaded.errorCount, 0);
    assert.ok(loaded.total > 0);
    controller.dispose();
  });

  it('Cancel stops reading a large file part way, and says so', async () => {
    const big = sample.repeat(4000);
    const p = path.join(dir, 'big.log');
    fs.writeFileSync(p, big);
    const host = new Host();
    const controller = new ViewerController(new FileSource(`file://${p}`, localFile(p)), host);
    controller.receive({ type: 'ready' });
    for (let i = 0; i < 2000 && !host.all('loading').some((m) => m.active && m.lines > 0); i++) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    controller.receive({ type: 'cancel' });
    await controller.whenLoaded();
    assert.equal(host.last('notice').message, 'Loading cancelled.');
    assert.equal(host.last('loading').active, false);
    assert.equal(host.all('loaded').length, 0, 'a cancelled first load showed half-read records');
    const progress = host.all('loading').filter((m) => m.active && m.lines > 0);
    assert.ok(progress.length > 0 && progress.every((m) => /^Reading big\.log: \d+%$/.test(m.message)), 'progress in percent of the file');
    assert.ok(Math.max(...progress.map((m) => m.lines)) < sampleLines.length * 4000, 'read to the end');
    controller.dispose();
  });

  it('past the record setting it shows the first records and says the file has more', async () => {
    const text = sample.repeat(50);
    const { controller, host } = await open(file('many.log', text), { limits: { maxRecords: 1000 } });
    const loaded = host.last('loaded');
    assert.ok(loaded.total >= 1000 && loaded.total < sampleLines.length * 50, `${loaded.total} records`);
    assert.equal(loaded.errorCount, 0, 'the line cut at the stop is not a bad line');
    assert.match(host.last('notice').message, new RegExp(`^Showing the first ${loaded.total.toLocaleString('en-US')} records of many\\.log: it has more than the setting vpcFlowLogs\\.viewer\\.maxRecords \\(1,000\\) allows in memory\\.$`));
    controller.dispose();
  });
});
