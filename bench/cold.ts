/**
 * The first open, cold (issue 18): every figure from a fresh process, median of BENCH_REPEAT rounds (default
 * 5) in which the engine and its baselines run in turn, so that they meet the same load on a shared machine;
 * the load average is printed beside each figure. Corpora from bench/corpora.ts.
 *
 *   node out/bench/cold.js [top10] [gz1m] [gz1gb]   (default: all)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { cache, corpus, type CorpusName } from './corpora';

const REPEAT = Math.max(1, Number(process.env['BENCH_REPEAT'] ?? 5));
const AWK = spawnSync('sh', ['-c', 'command -v mawk'], { encoding: 'utf8' }).status === 0 ? 'mawk' : 'awk';
const AWK_TOP = `${AWK} '{b[$4" "$5]+=$10} END{for(k in b) printf "%.0f %s\\n", b[k], k}' | sort -rn | head`;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

interface Run { ms: number; load: string; out: string }

function shell(cmd: string): Run {
  const t = performance.now();
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t;
  if (r.status !== 0) {
    throw new Error(`${cmd}: ${r.stderr}`);
  }
  return { ms, load: loadavg()[0]!.toFixed(1), out: r.stdout };
}

function child(mode: string, file: string): Run {
  return shell(`'${process.execPath}' '${join(__dirname, 'child.js')}' ${mode} '${file}'`);
}

/** Runs each contender once per round, in turn; prints medians with the load average of each run. */
function rounds(title: string, contenders: Record<string, () => Run>): Record<string, { ms: number; runs: Run[] }> {
  console.log(`\n== ${title} (fresh processes, median of ${REPEAT}, load average now ${load()})`);
  const runs: Record<string, Run[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let i = 0; i < REPEAT; i++) {
    for (const [name, run] of Object.entries(contenders)) {
      runs[name]!.push(run());
    }
  }
  const out: Record<string, { ms: number; runs: Run[] }> = {};
  for (const [name, rs] of Object.entries(runs)) {
    out[name] = { ms: median(rs.map((r) => r.ms)), runs: rs };
    console.log(`  ${name.padEnd(44)} ${fmt(out[name].ms).padStart(7)} ms   runs ${rs.map((r) => fmt(r.ms)).join(', ')}   load ${rs.map((r) => r.load).join(', ')}`);
  }
  return out;
}

const results: Record<string, unknown> = {};

async function top10(name: CorpusName): Promise<void> {
  const file = await corpus(name);
  const one = 'engine, chunks, one thread';
  const two = 'engine, halves on two threads';
  const awk = `${AWK} one-liner | sort -rn | head`;
  const r = rounds(`file -> top 10 talkers, ${name} corpus, 1,000,000 records`, {
    [one]: () => child('top10', file),
    [two]: () => child('top10-2t', file),
    [awk]: () => shell(`${AWK_TOP.replace('|', `'${file}' |`)}`),
  });
  const last = (k: string): { top: string[]; maxRssMB: number } => JSON.parse(r[k]!.runs[0]!.out.trim().split('\n').pop()!) as { top: string[]; maxRssMB: number };
  const awkTop = r[awk]!.runs[0]!.out.trim().split('\n');
  const awkMs = r[awk]!.ms;
  for (const k of [one, two]) {
    const engine = last(k);
    const same = engine.top.every((t, i) => awkTop[i] === t);
    console.log(`  ${k}: same top 10 as awk: ${same ? 'yes' : 'NO'}; ${fmt(awkMs / r[k]!.ms, 2)}x awk's speed (goal >= 2x); peak RSS ${fmt(engine.maxRssMB)} MB`);
    results[`top10-${name}-${k === one ? '1t' : '2t'}`] = { ms: r[k]!.ms, awkMs, same, ratio: awkMs / r[k]!.ms, rss: engine.maxRssMB, runs: r[k]!.runs.map((x) => [x.ms, x.load]) };
  }
  console.log(`  two threads against one: ${fmt(r[one]!.ms / r[two]!.ms, 2)}x`);
}

async function gz(name: CorpusName, label: string): Promise<void> {
  let file = await corpus(name);
  if (!file.endsWith('.gz')) {
    const gzFile = `${file}.gz`;
    if (!existsSync(gzFile)) {
      shell(`gzip -6 -c '${file}' > '${gzFile}'`);
    }
    file = gzFile;
  }
  const r = rounds(`${label}: streaming summary of a .gz (records not kept)`, {
    'engine summarizeFile (gunzip and parse on two threads)': () => child('summarize', file),
    'zcat > /dev/null': () => shell(`zcat '${file}' > /dev/null`),
    [`zcat | ${AWK} top talkers`]: () => shell(`zcat '${file}' | ${AWK_TOP}`),
  });
  const engine = JSON.parse(r['engine summarizeFile (gunzip and parse on two threads)']!.runs[0]!.out.trim().split('\n').pop()!) as { records: number; maxRssMB: number };
  const ms = r['engine summarizeFile (gunzip and parse on two threads)']!.ms;
  console.log(`  ${fmt(engine.records)} records: engine ${fmt(engine.records / ms / 1000, 2)} M records/s (goal >= 2), zcat alone ${fmt(engine.records / r['zcat > /dev/null']!.ms / 1000, 2)} M lines/s; peak RSS ${fmt(engine.maxRssMB)} MB`);
  results[`gz-${name}`] = { ms, records: engine.records, recPerSec: engine.records / ms * 1000, zcatMs: r['zcat > /dev/null']!.ms, zcatAwkMs: r[`zcat | ${AWK} top talkers`]!.ms, rss: engine.maxRssMB };
}

async function main(): Promise<void> {
  const parts = process.argv.slice(2);
  const want = (p: string): boolean => parts.length === 0 || parts.includes(p);
  if (want('top10')) {
    await top10('default');
    await top10('concentrated');
  }
  if (want('gz1m')) {
    await gz('concentrated', '1,000,000 records gzipped');
  }
  if (want('gz1gb')) {
    await gz('1gb', '1 GB (uncompressed) gzipped');
  }
  writeFileSync(join(cache, 'cold.json'), JSON.stringify(results, null, 2));
}

void main();
