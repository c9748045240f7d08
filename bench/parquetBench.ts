/**
 * The Parquet reader's benchmark section (`npm run bench`; BENCH_SKIP_PARQUET=1 skips it): the same
 * default-format records as the text benchmark, written once as Gzip Parquet the way VPC Flow Logs
 * delivers it (AWS's column types, Gzip, version 1 data pages as common writers make them), read into a store by `parseParquet` and by the text parser from the same records in
 * alternating rounds (records/s, wall and CPU), the stores' memory per record, and the peak RSS of a
 * fresh process reading each file (text streamed with parseFile, Parquet by ranged reads).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseFlowLogs, summarize, type FlowLogStore } from '../src/flowlogs';
import { parseParquet } from '../src/flowlogs/parquet';
import { flowLogParquet } from './parquet';

/** Rows per row group of the benchmark file (hyparquet-writer's steady size). */
const ROW_GROUP = 100_000;

const gc = (globalThis as { gc?: () => void }).gc;
const collect = (): void => {
  gc?.();
  gc?.();
};
const memory = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, digits = 2): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mrec = (records: number, ms: number): string => `${fmt(records / ms / 1000)} M rec/s`;
const line = (label: string, ...cols: string[]): void => console.log(`  ${label.padEnd(34)} ${cols.join('   ')}`);

interface Runs {
  wall: number[];
  cpu: number[];
}

async function timed<T>(runs: Runs, fn: () => T | Promise<T>): Promise<T> {
  collect();
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  runs.wall.push(performance.now() - t);
  const used = process.cpuUsage(c);
  runs.cpu.push((used.user + used.system) / 1000);
  return value;
}

function child(mode: 'text' | 'parquet', file: string): { wallMs: number; result: Record<string, unknown> } {
  const started = performance.now();
  const r = spawnSync(process.execPath, [join(__dirname, 'parquetChild.js'), mode, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wallMs = performance.now() - started;
  if (r.status !== 0) {
    throw new Error(`parquetChild ${mode} failed: ${r.stderr}`);
  }
  return { wallMs, result: JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown> };
}

/** GC, and time for V8 to release freed array buffers (it does so after the collection, concurrently). */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Measured bytes per record a store holds (heap + array buffers, after GC), and what it counts. */
async function storeBytes(make: () => FlowLogStore | Promise<FlowLogStore>): Promise<{ measured: number; counted: number }> {
  await settle();
  const before = memory();
  let held: FlowLogStore | undefined = await make();
  await settle();
  const measured = (memory() - before) / held.count;
  const counted = held.memoryBytes() / held.count;
  held = undefined;
  void held;
  return { measured, counted };
}

/** Runs the section on the text benchmark's records; returns its figures for results.json. */
export async function parquetSection(text: string, options: { cache: string; records: number; repeat: number }): Promise<Record<string, unknown>> {
  const { cache, records, repeat } = options;
  const logFile = join(cache, `default-${records}.log`);
  const parquetFile = join(cache, `default-${records}-rg${ROW_GROUP}-v1.parquet`);
  console.log(`\n== Parquet: the same ${records.toLocaleString('en-US')} default-format records as Gzip Parquet (version 1 pages, row groups of ${ROW_GROUP.toLocaleString('en-US')}), read into the store beside the text parser, ${repeat} alternating rounds`);
  const buffer = Buffer.from(text);
  const textStore = parseFlowLogs(buffer);
  if (!existsSync(logFile) || statSync(logFile).size !== buffer.length) {
    writeFileSync(logFile, buffer);
  }
  if (!existsSync(parquetFile)) {
    const t = performance.now();
    writeFileSync(`${parquetFile}.partial`, new Uint8Array(await flowLogParquet(textStore, { rowGroupSize: ROW_GROUP, dataPageVersion: 1 })));
    renameSync(`${parquetFile}.partial`, parquetFile);
    console.log(`  (wrote ${parquetFile} once in ${fmt((performance.now() - t) / 1000, 1)} s; reused by later runs)`);
  }
  const bytes = new Uint8Array(readFileSync(parquetFile));
  line('files', `text ${fmt(buffer.length / 1e6, 1)} MB`, `Parquet (Gzip) ${fmt(bytes.length / 1e6, 1)} MB`);

  // Warm-up, and the check that both give the same records and summary.
  const fromParquet = await parseParquet(bytes);
  const same = fromParquet.count === textStore.count && JSON.stringify(summarize(fromParquet)) === JSON.stringify(summarize(textStore));
  line('same records and summary as text', same ? 'yes' : 'NO', `${fromParquet.count.toLocaleString('en-US')} records`);

  const text_: Runs = { wall: [], cpu: [] };
  const parquet: Runs = { wall: [], cpu: [] };
  for (let k = 0; k < repeat; k++) {
    await timed(text_, () => parseFlowLogs(buffer));
    await timed(parquet, () => parseParquet(bytes));
  }
  const n = textStore.count;
  const show = (r: Runs): string[] => [mrec(n, median(r.wall)), `${fmt(median(r.wall), 0)} ms median`, `best ${mrec(n, Math.min(...r.wall))}`, `CPU ${mrec(n, median(r.cpu))}`];
  line('parseParquet (bytes in memory)', ...show(parquet));
  line('parseFlowLogs (same records, text)', ...show(text_));
  const ratio = median(text_.wall.map((w, k) => parquet.wall[k]! / w));
  line('ratio', `Parquet takes ${fmt(ratio, 2)}x the text parser's time (median of rounds, wall)`);

  const mp = await storeBytes(() => parseParquet(bytes));
  const mt = await storeBytes(() => parseFlowLogs(buffer));
  line('store bytes/record', `Parquet ${fmt(mp.counted, 1)} B counted, ${fmt(mp.measured, 1)} B measured`, `text ${fmt(mt.counted, 1)} B counted, ${fmt(mt.measured, 1)} B measured`);

  const pc = child('parquet', parquetFile);
  const tc = child('text', logFile);
  const rss = (r: { result: Record<string, unknown> }): number => r.result['maxRssMB'] as number;
  line('fresh process, file to store', `Parquet ${fmt(rss(pc), 0)} MB peak RSS, ${fmt(pc.result['ms'] as number, 0)} ms`, `text (parseFile, streamed) ${fmt(rss(tc), 0)} MB peak RSS, ${fmt(tc.result['ms'] as number, 0)} ms`);
  const digestSame = JSON.stringify(pc.result['digest']) === JSON.stringify(tc.result['digest']);
  line('', `same summary in both processes: ${digestSame ? 'yes' : 'NO'}`, `(load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);

  return {
    records: n, rowGroup: ROW_GROUP, textMB: buffer.length / 1e6, parquetMB: bytes.length / 1e6, same, digestSame,
    parquetMs: median(parquet.wall), parquetBestMs: Math.min(...parquet.wall), parquetCpuMs: median(parquet.cpu),
    textMs: median(text_.wall), textBestMs: Math.min(...text_.wall), textCpuMs: median(text_.cpu),
    parquetRecPerSec: n / median(parquet.wall) * 1000, textRecPerSec: n / median(text_.wall) * 1000, ratio,
    parquetBytesPerRecord: mp, textBytesPerRecord: mt,
    childParquet: { ...pc.result, wallMs: pc.wallMs }, childText: { ...tc.result, wallMs: tc.wallMs },
  };
}
