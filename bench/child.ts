/**
 * Benchmark work that must run in a fresh process (so its peak RSS and wall time are its own):
 *   node out/bench/child.js summarize <file>   streaming summary of a (gzipped) file, records not kept
 *   node out/bench/child.js top10 <file>       read a plain file in chunks, parse, print the top-10 talkers
 *   node out/bench/child.js top10-whole <file> the same, reading the whole file into one buffer first (before issue 18)
 *   node out/bench/child.js top10-2t <file>    the same, parsing the file's two halves on two threads
 * Prints one JSON line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseFlowLogs, topTalkers } from '../src/flowlogs';
import { createParser } from '../src/flowlogs/parser';
import { parseFileParallel } from '../src/flowlogs/parallel';
import { fileChunks, readInto, summarizeFile } from '../src/flowlogs/stream';

/**
 * Peak resident memory of this process image, in MB. On Linux, VmHWM from /proc: getrusage's maxrss
 * would include the parent's memory, which a forked child inherits until exec replaces it.
 */
function peakRssMB(): number {
  if (existsSync('/proc/self/status')) {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) {
      return Number(m[1]) / 1024;
    }
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  const started = performance.now();
  if (mode === 'summarize' && file) {
    let bytes = 0;
    const result = await summarizeFile(file, { onProgress: (b) => { bytes = b; } });
    const ms = performance.now() - started;
    console.log(JSON.stringify({
      ms, bytes, records: result.records, errorCount: result.errorCount, maxRssMB: peakRssMB(),
      top: result.summary.topTalkers.slice(0, 3), reject: result.summary.reject,
    }));
  } else if ((mode === 'top10' || mode === 'top10-whole' || mode === 'top10-2t') && file) {
    const store = mode === 'top10-whole' ? parseFlowLogs(readFileSync(file))
      : mode === 'top10-2t' ? await parseFileParallel(file, { threads: 2 })
        : (await readInto(createParser(), fileChunks(file))).parser.end();
    const top = topTalkers(store, undefined, 10);
    const ms = performance.now() - started;
    console.log(JSON.stringify({ ms, records: store.count, maxRssMB: peakRssMB(), top: top.map((t) => `${t.bytes} ${t.src} ${t.dst}`) }));
  } else {
    console.error('usage: child.js summarize|top10 <file>');
    process.exitCode = 2;
  }
}

void main();
