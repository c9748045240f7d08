/**
 * One Parquet-or-text read in a fresh process, so its peak RSS and time are its own:
 *   node out/bench/parquetChild.js text <file.log>        parseFile (streamed) into a store
 *   node out/bench/parquetChild.js parquet <file.parquet> parseParquet from ranged reads of the file
 * Prints one JSON line: ms, records, peak RSS (MB), the store's counted bytes, and a summary digest.
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { summarize, type FlowLogStore } from '../src/flowlogs';
import { parseParquet } from '../src/flowlogs/parquet';
import { parseFile } from '../src/flowlogs/stream';

/** Peak resident memory of this process (VmHWM: getrusage would count the forking parent's). */
function peakRssMB(): number {
  if (existsSync('/proc/self/status')) {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) {
      return Number(m[1]) / 1024;
    }
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** An AsyncBuffer over a file: each slice is one positioned read, as ranged GETs of an S3 object would be. */
function fileSource(path: string): { byteLength: number; slice(start: number, end?: number): ArrayBuffer } {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  process.on('exit', () => closeSync(fd));
  return {
    byteLength: size,
    slice(start: number, end = size): ArrayBuffer {
      const out = new Uint8Array(end - start);
      readSync(fd, out, 0, out.length, start);
      return out.buffer;
    },
  };
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if ((mode !== 'text' && mode !== 'parquet') || !file) {
    console.error('usage: parquetChild.js text|parquet <file>');
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  const store: FlowLogStore = mode === 'text' ? await parseFile(file) : await parseParquet(fileSource(file));
  const ms = performance.now() - started;
  const s = summarize(store);
  console.log(JSON.stringify({
    ms, records: store.count, maxRssMB: peakRssMB(), storeBytes: store.memoryBytes(), errors: store.errorCount,
    digest: { bytes: s.bytes, packets: s.packets, accept: s.accept, reject: s.reject, top: s.topTalkers.slice(0, 3) },
  }));
}

void main();
