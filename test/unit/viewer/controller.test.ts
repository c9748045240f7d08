import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFlowLogs } from '../../../src/flowlogs';
import { constantFields } from '../../../src/viewer/constantColumns';
import { ViewerController, toCsv, type ViewerHost } from '../../../src/viewer/controller';
import { FileSource, localFile } from '../../../src/viewer/fileSources';
import { EMPTY_FILTER, type FilterState, type HostMessage } from '../../../src/viewer/protocol';
import type { RecordPage, RecordSource } from '../../../src/viewer/source';

const samples = path.join(__dirname, '..', '..', '..', '..', 'samples');
const sampleLines = (name: string): string[] => fs.readFileSync(path.join(samples, name), 'utf8').split('\n').filter((l) => l.trim());

type Of<T extends HostMessage['type']> = Extract<HostMessage, { type: T }>;

/** A host that records what the controller sends. */
class FakeHost implements ViewerHost {
  readonly messages: HostMessage[] = [];
  readonly copied: string[] = [];
  readonly saved: { format: string; name: string; content: string }[] = [];
  formats: (string | undefined)[] = [];
  post(message: HostMessage): void {
    this.messages.push(message);
  }
  copyText(text: string): Promise<void> {
    this.copied.push(text);
    return Promise.resolve();
  }
  saveExport(format: 'csv' | 'json', name: string, content: () => string): Promise<string> {
    this.saved.push({ format, name, content: content() });
    return Promise.resolve(name);
  }
  rememberFormat(_id: string, format: string | undefined): void {
    this.formats.push(format);
  }
  last<T extends HostMessage['type']>(type: T): Of<T> {
    const found = this.messages.filter((m): m is Of<T> => m.type === type).pop();
    assert.ok(found, `no ${type} message`);
    return found;
  }
}

const fileSource = (name: string, format?: string): FileSource =>
  new FileSource(`file:///samples/${name}`, localFile(path.join(samples, name)), format);

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

/** Waits (at most 2 s) until the host has received a message of a type. */
async function until(host: FakeHost, type: HostMessage['type']): Promise<void> {
  for (let i = 0; i < 400 && !host.messages.some((m) => m.type === type); i++) {
    await tick();
  }
}

async function open(source: RecordSource, options = {}): Promise<{ controller: ViewerController; host: FakeHost }> {
  const host = new FakeHost();
  const controller = new ViewerController(source, host, options);
  controller.receive({ type: 'ready' });
  await controller.whenLoaded();
  return { controller, host };
}

const query = (seq: number, filter: Partial<FilterState> = {}, extra = {}) => ({
  type: 'query',
  seq,
  filter: { ...EMPTY_FILTER, ...filter },
  sort: null,
  start: 0,
  count: 100,
  summary: true,
  ...extra,
});

describe('viewer controller', () => {
  it('waits for the webview to be ready, then sends init and the loaded data', async () => {
    const host = new FakeHost();
    const controller = new ViewerController(fileSource('tutorial-vpc1-default.log'), host);
    await controller.whenLoaded();
    assert.equal(host.messages.length, 0, 'posted before the ready handshake');
    controller.receive({ type: 'ready' });
    assert.deepEqual(host.messages.map((m) => m.type), ['init', 'loading', 'loaded']);
    const loaded = host.last('loaded');
    assert.equal(loaded.total, sampleLines('tutorial-vpc1-default.log').length);
    assert.equal(loaded.formatOrigin, 'default');
    assert.equal(loaded.columns.find((c) => c.field === 'srcaddr')?.label, 'Source address');
    assert.equal(loaded.columns.find((c) => c.field === 'bytes')?.kind, 'bytes');
    controller.dispose();
  });

  it('answers a query with the count, the first window of rows and then a summary', async () => {
    const { controller, host } = await open(fileSource('tutorial-vpc1-default.log'));
    const lines = sampleLines('tutorial-vpc1-default.log');
    controller.receive(query(1, { actions: ['REJECT'] }, { count: 10 }));
    const result = host.last('result');
    const rejects = lines.filter((l) => l.split(/\s+/)[12] === 'REJECT');
    assert.equal(result.count, rejects.length);
    assert.equal(result.rows.length, 10);
    assert.ok(result.rows.every((r) => r.values[12] === 'REJECT'));
    assert.deepEqual(result.rows[0]?.values.map(String), rejects[0]!.split(/\s+/));
    await until(host, 'summary');
    const summary = host.last('summary');
    assert.equal(summary.seq, 1);
    assert.equal(summary.summary.reject.records, rejects.length);
    assert.equal(summary.summary.accept.records, 0);
    controller.dispose();
  });

  it('sends further windows only for the latest query', async () => {
    const { controller, host } = await open(fileSource('tutorial-vpc1-default.log'));
    controller.receive(query(1, {}, { count: 100 }));
    controller.receive({ type: 'rows', seq: 1, start: 300, count: 100 });
    const rows = host.last('rows');
    assert.equal(rows.start, 300);
    assert.equal(rows.rows.length, 100);
    assert.equal(rows.rows[0]?.id, 300);
    controller.receive(query(2, { actions: ['REJECT'] }));
    const before = host.messages.length;
    controller.receive({ type: 'rows', seq: 1, start: 0, count: 100 });
    assert.equal(host.messages.length, before, 'answered rows of a stale query');
    controller.dispose();
  });

  it('notes protocol and port names, flag names and address labels beside values', async () => {
    const source: RecordSource = {
      id: 'test:notes',
      title: 'notes',
      labels: new Map([['10.2.15.210', 'Instance 2']]),
      loadInitial: () =>
        Promise.resolve({
          lines: ['${version} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} ${action}'.replace(/\$\{([^}]+)\}/g, '$1'), '3 10.1.5.112 10.2.15.210 40000 22 6 19 ACCEPT'],
        }),
    };
    const { controller, host } = await open(source);
    controller.receive(query(1));
    const row = host.last('result').rows[0]!;
    assert.deepEqual(row.notes, { 2: 'Instance 2', 4: 'SSH', 5: 'TCP', 6: 'FIN SYN ACK' });
    controller.receive({ type: 'details', id: 0 });
    const details = host.last('details');
    assert.equal(details.fields.find((f) => f.field === 'tcp-flags')?.display, '19 — FIN, SYN, ACK');
    assert.ok(details.fields.every((f) => f.description.length > 0), 'a field is not explained');
    controller.dispose();
  });

  it('copies records as lines and exports the filtered rows', async () => {
    const { controller, host } = await open(fileSource('tutorial-vpc1-default.log'));
    const lines = sampleLines('tutorial-vpc1-default.log');
    controller.receive({ type: 'copy', ids: [0, 2] });
    await tick();
    assert.deepEqual(host.copied, [`${lines[0]}\n${lines[2]}`]);
    controller.receive(query(1, { dstport: '22' }));
    controller.receive({ type: 'export', format: 'csv' });
    controller.receive({ type: 'export', format: 'json' });
    await tick();
    const [csv, json] = host.saved;
    const expected = lines.filter((l) => l.split(/\s+/)[6] === '22');
    assert.equal(csv?.name, 'tutorial-vpc1-default.csv');
    const csvLines = csv.content.trim().split('\r\n');
    assert.equal(csvLines[0], 'version,account-id,interface-id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log-status');
    assert.equal(csvLines.length, expected.length + 1);
    assert.equal(csvLines[1], expected[0]!.split(/\s+/).join(','));
    const objects = JSON.parse(json!.content) as Record<string, unknown>[];
    assert.equal(objects.length, expected.length);
    assert.equal(objects[0]?.['dstport'], 22);
    assert.equal(objects[0]?.['account-id'], '123456789012');
    controller.dispose();
  });

  it('quotes CSV fields that need it', () => {
    const store = parseFlowLogs('version ecs-cluster-name action\n7 "odd,name" ACCEPT\n');
    assert.equal(toCsv(store, Uint32Array.of(0)), 'version,ecs-cluster-name,action\r\n7,"""odd,name""",ACCEPT\r\n');
  });

  it('lists bad lines with their numbers and reads a format the user sets', async () => {
    const { controller, host } = await open(fileSource('custom-v5.log'));
    const lines = sampleLines('custom-v5.log');
    const first = host.last('loaded');
    assert.equal(first.total, 0);
    assert.equal(first.errorCount, lines.length);
    assert.equal(first.errors[0]?.line, 1);
    controller.receive({ type: 'setFormat', format: '${nonsense}' });
    assert.match(host.last('notice').message, /^Setting the format failed: .*nonsense/);
    const format =
      '${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status} ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${flow-direction} ${traffic-path}';
    controller.receive({ type: 'setFormat', format });
    await controller.whenLoaded();
    const loaded = host.last('loaded');
    assert.equal(loaded.total, lines.length);
    assert.equal(loaded.errorCount, 0);
    assert.equal(loaded.formatOrigin, 'user');
    assert.deepEqual(host.formats, [format]);
    controller.dispose();
  });

  it('pages older and newer records, cancels a load, and follows while visible', async () => {
    const lines = sampleLines('tutorial-vpc1-default.log');
    let older: ((page: RecordPage) => void) | undefined;
    let newer = 0;
    const source: RecordSource = {
      id: 'test:pages',
      title: 'pages',
      canFollow: true,
      loadInitial: () => Promise.resolve({ lines: lines.slice(100, 300), hasOlder: true }),
      loadOlder: (signal) =>
        new Promise((resolve, reject) => {
          older = resolve;
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
      loadNewer: () => {
        newer++;
        return Promise.resolve({ lines: newer === 1 ? lines.slice(300) : [] });
      },
    };
    const { controller, host } = await open(source, { followIntervalMs: 10 });
    assert.deepEqual(host.last('init').paging, { older: true, newer: true, follow: true });
    assert.equal(host.last('loaded').hasOlder, true);

    controller.receive({ type: 'load', direction: 'older' });
    assert.equal(host.last('loading').active, true);
    controller.receive({ type: 'cancel' });
    await controller.whenLoaded();
    assert.equal(host.last('loading').active, false);
    assert.equal(host.last('notice').message, 'Loading cancelled.');
    assert.equal(host.last('loaded').total, 200);

    controller.receive({ type: 'load', direction: 'older' });
    older!({ lines: lines.slice(0, 100), hasOlder: false });
    await controller.whenLoaded();
    const afterOlder = host.last('loaded');
    assert.equal(afterOlder.total, 300);
    assert.equal(afterOlder.hasOlder, false);
    controller.receive(query(5, {}, { count: 1 }));
    assert.deepEqual(host.last('result').rows[0]?.values.map(String), lines[0]!.split(/\s+/));

    controller.receive({ type: 'follow', on: true });
    assert.equal(host.last('follow').on, true);
    await controller.whenLoaded();
    assert.equal(host.last('loaded').total, lines.length);
    controller.setVisible(false);
    const calls = newer;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(newer, calls, 'polled while hidden');
    controller.setVisible(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.ok(newer > calls, 'did not poll while visible');
    controller.dispose();
  });

  it('says which fields have one value in every loaded record, and stops saying it when a page makes them vary', async () => {
    const lines = sampleLines('tutorial-vpc1-default.log');
    // The same records seen from another interface and account: a later page that makes those vary.
    const other = lines.slice(0, 20).map((l) => l.replace('123456789012', '210987654321').replace('eni-0a1b2c3d4e5f60718', 'eni-0fedcba9876543210'));
    const source: RecordSource = {
      id: 'test:constants',
      title: 'constants',
      labels: new Map([['10.1.5.112', 'web-1 (eni-0a1b2c3d4e5f60718)']]),
      loadInitial: () => Promise.resolve({ lines }),
      loadNewer: () => Promise.resolve({ lines: other }),
    };
    const { controller, host } = await open(source);
    const constants = host.last('loaded').constants ?? [];
    assert.deepEqual(
      constants.map((c) => [c.field, c.value, c.note]),
      [
        ['version', 2, undefined],
        ['account-id', '123456789012', undefined],
        ['interface-id', 'eni-0a1b2c3d4e5f60718', 'web-1'],
      ],
    );
    controller.receive({ type: 'load', direction: 'newer' });
    await controller.whenLoaded();
    assert.equal(host.last('loaded').total, lines.length + other.length);
    assert.deepEqual((host.last('loaded').constants ?? []).map((c) => c.field), ['version']);
  });

  it('finds one value in every row of each kind of column, nulls included', () => {
    const store = parseFlowLogs(['2 1 eni-a 10.0.0.1 - 1 - 6 1 1 1 2 ACCEPT OK', '2 1 eni-a 10.0.0.1 - 1 - 6 1 1 1 3 ACCEPT OK'].join('\n'));
    assert.deepEqual(
      constantFields(store).map((c) => c.field),
      ['version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'action', 'log-status'],
    );
    const mixed = parseFlowLogs(['2 1 eni-a 2600:1f14::1 - 1 - 6 1 1 1 2 ACCEPT OK', '2 1 eni-a 2600:1f14::2 10.0.0.1 1 22 6 1 1 1 2 ACCEPT OK'].join('\n'));
    assert.deepEqual(constantFields(mixed).map((c) => c.field), ['version', 'account-id', 'interface-id', 'srcport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status']);
  });

  it('parses a big page in slices, showing progress, and can be cancelled while parsing', async () => {
    const line = sampleLines('tutorial-vpc1-default.log')[0]!;
    const big = `${line}\n`.repeat(120_000);
    let reads = 0;
    const source: RecordSource = { id: 'test:big', title: 'big', loadInitial: () => Promise.resolve({ text: reads++ === 0 ? line : big }) };
    const { controller, host } = await open(source);
    assert.equal(host.last('loaded').total, 1);
    controller.receive({ type: 'load', direction: 'refresh' });
    for (let i = 0; i < 400 && !host.messages.some((m) => m.type === 'loading' && m.message.endsWith('%')); i++) {
      await tick();
    }
    const progress = host.messages.find((m): m is Of<'loading'> => m.type === 'loading' && m.message.endsWith('%'));
    assert.ok(progress && progress.lines > 0, 'no parse progress');
    controller.receive({ type: 'cancel' });
    await controller.whenLoaded();
    assert.equal(host.last('notice').message, 'Loading cancelled.');
    assert.equal(host.last('loaded').total, 1, 'a cancelled parse replaced the records');
    controller.receive({ type: 'load', direction: 'refresh' });
    await controller.whenLoaded();
    assert.equal(host.last('loaded').total, 120_000);
    controller.dispose();
  });

  it('shows a load failure and an empty table instead of loading for ever', async () => {
    const source: RecordSource = { id: 'test:fail', title: 'broken', loadInitial: () => Promise.reject(new Error('AccessDenied: logs:GetLogEvents')) };
    const { controller, host } = await open(source);
    assert.equal(host.last('notice').message, 'Loading broken failed: AccessDenied: logs:GetLogEvents');
    assert.equal(host.last('loaded').total, 0);
    controller.dispose();
  });

  it('ignores invalid messages and says so in the log', async () => {
    const logged: string[] = [];
    const { controller, host } = await open(fileSource('malformed.log'), { log: (m: string) => logged.push(m) });
    const before = host.messages.length;
    controller.receive({ type: 'details', id: 'all' });
    controller.receive('<script>');
    assert.equal(host.messages.length, before);
    assert.equal(logged.length, 2);
    controller.dispose();
  });

  it('reads gzipped S3 exports by their content', async () => {
    const { controller, host } = await open(fileSource('s3-export-v3.log.gz'));
    const loaded = host.last('loaded');
    assert.equal(loaded.formatOrigin, 'header');
    assert.ok(loaded.total > 0);
    assert.equal(loaded.errorCount, 0);
    assert.ok(loaded.columns.some((c) => c.field === 'pkt-srcaddr'));
    controller.dispose();
  });
});
