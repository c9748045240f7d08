/**
 * The viewer's own loading path (issues 12 and 18), in the extension host's code run in plain Node: a
 * `FileSource` on a local file and the real `ViewerController`, with a host that records what it posts.
 * One case per fresh process, so peak RSS is its own:
 *
 *   node out/bench/viewerLoad.js open <file>     open -> first rows posted, open -> full summary posted
 *   node out/bench/viewerLoad.js rss <file>      open -> loaded; peak RSS beside the store's own bytes
 *   node out/bench/viewerLoad.js bomb <file.gz>  open -> the error message; peak RSS
 *   node out/bench/viewerLoad.js cancel <file>   Cancel sent once reading is under way -> loading stopped
 *
 * Prints one JSON line. `node out/bench/viewerLoad.js` alone generates the inputs and runs each case 5
 * times (BENCH_REPEAT), printing medians with the load average; VIEWER_LOAD_CASES=bomb,cancel picks cases.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ViewerController, type ViewerHost } from '../src/viewer/controller';
import { FileSource, localFile } from '../src/viewer/fileSources';
import { DEFAULT_MAX_DECOMPRESSED_MB, DEFAULT_MAX_RECORDS } from '../src/viewer/loading';
import { EMPTY_FILTER, type HostMessage } from '../src/viewer/protocol';
import { cache, corpus } from './corpora';

function peakRssMB(): number {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}

async function run(mode: string, file: string): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const at: Record<string, number> = {};
  let controller: ViewerController | undefined = undefined;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const host: ViewerHost = {
    post: (message: HostMessage) => {
      const t = performance.now() - t0;
      if (message.type === 'loaded' && at['loaded'] === undefined) {
        at['loaded'] = t;
        if (mode === 'open') {
          controller!.receive({ type: 'query', seq: 1, filter: { ...EMPTY_FILTER }, sort: null, start: 0, count: 100, summary: true });
        } else {
          resolveDone();
        }
      } else if (message.type === 'result' && at['firstRows'] === undefined) {
        at['firstRows'] = t;
      } else if (message.type === 'summary' && at['summary'] === undefined) {
        at['summary'] = t;
        resolveDone();
      } else if (message.type === 'notice') {
        at['messageMs'] = t;
        noticeText = message.message;
        if (mode === 'bomb' || mode === 'cancel') {
          resolveDone();
        }
      } else if (message.type === 'loading' && message.active && message.lines > 0 && mode === 'cancel' && at['cancelSent'] === undefined) {
        at['cancelSent'] = t;
        controller!.receive({ type: 'cancel' });
      }
    },
    copyText: () => Promise.resolve(),
    saveExport: () => Promise.resolve(undefined),
    rememberFormat: () => undefined,
  };
  let noticeText = '';
  controller = new ViewerController(new FileSource(`file://${file}`, localFile(file)), host, {
    limits: { maxDecompressedBytes: DEFAULT_MAX_DECOMPRESSED_MB * 2 ** 20, maxRecords: DEFAULT_MAX_RECORDS },
  });
  controller.receive({ type: 'ready' });
  await done;
  await controller.whenLoaded();
  const stoppedMs = performance.now() - t0;
  const store = controller.records;
  return {
    ...at, stoppedMs, records: store?.count ?? 0, storeMB: (store?.memoryBytes() ?? 0) / 2 ** 20, peakRssMB: peakRssMB(), notice: noticeText,
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

function fresh(mode: string, file: string): Record<string, number | string> {
  const r = spawnSync(process.execPath, [__filename, mode, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    throw new Error(r.stderr);
  }
  return { ...(JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number | string>), load: loadavg()[0]!.toFixed(1) };
}

async function all(): Promise<void> {
  const repeat = Math.max(1, Number(process.env['BENCH_REPEAT'] ?? 5));
  const bomb = join(cache, 'zeros-4gb.gz');
  if (!existsSync(bomb)) {
    // 4 GB of zeros: about 4 MB gzipped, twice the default bound.
    const one = gzipSync(Buffer.alloc(256 << 20));
    writeFileSync(bomb, Buffer.concat(Array.from({ length: 16 }, () => one)));
  }
  const cases: [string, string, string, (r: Record<string, number | string>) => string][] = [
    ['open', await corpus('default'), '1M records: open -> first rows, open -> full summary',
      (r) => `first rows ${fmt(r['firstRows'] as number)} ms, summary ${fmt(r['summary'] as number)} ms`],
    ['rss', await corpus('5m'), '5M records: peak RSS beside the store',
      (r) => `peak RSS ${fmt(r['peakRssMB'] as number)} MB, store ${fmt(r['storeMB'] as number)} MB, loaded in ${fmt(r['loaded'] as number)} ms`],
    ['bomb', bomb, '.gz bomb (4 GB of zeros): open -> message',
      (r) => `message after ${fmt(r['messageMs'] as number)} ms, peak RSS ${fmt(r['peakRssMB'] as number)} MB`],
    ['cancel', await corpus('5m'), '5M records: Cancel -> stopped',
      (r) => `stopped ${fmt((r['stoppedMs'] as number) - (r['cancelSent'] as number))} ms after Cancel`],
  ];
  const out: Record<string, unknown> = {};
  const only = process.env['VIEWER_LOAD_CASES']?.split(',');
  for (const [mode, file, title, show] of cases.filter(([m]) => !only || only.includes(m))) {
    console.log(`\n== ${title} (fresh processes, load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    const runs: Record<string, number | string>[] = [];
    for (let i = 0; i < repeat; i++) {
      const r = fresh(mode, file);
      runs.push(r);
      console.log(`  run ${i + 1}: ${show(r)}   (load ${r['load']})`);
    }
    const keys = Object.keys(runs[0]!).filter((k) => typeof runs[0]![k] === 'number');
    const med = Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k] as number))]));
    console.log(`  median: ${show(med)}${runs[0]!['notice'] ? `   message: "${String(runs[0]!['notice'])}"` : ''}`);
    out[mode] = { median: med, runs };
  }
  writeFileSync(join(cache, 'viewer-load.json'), JSON.stringify(out, null, 2));
}

if (require.main === module) {
  const [mode, file] = process.argv.slice(2);
  if (mode && file) {
    void run(mode, file).then((r) => console.log(JSON.stringify(r)));
  } else {
    void all();
  }
}
