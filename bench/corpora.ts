/**
 * The benchmark's input files, generated deterministically once and cached in .cache/bench/ (not in
 * git): the project's corpus (50,000 external peers, about 550,000 distinct pairs), a concentrated one
 * (most bytes between a few hosts, as in a real VPC), a 5M-record plain file, and the 1 GB gzipped file.
 *
 *   node out/bench/corpora.js [default|concentrated|5m|1gb]...   generates what is missing
 */
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { FlowLogGenerator } from './generate';

export const cache = join(__dirname, '..', '..', '.cache', 'bench');
const GB = 1 << 30;

/** The corpora: file name, generator, records (or uncompressed bytes for the gzipped one). */
export const CORPORA = {
  default: { file: 'default-1000000.log', make: () => new FlowLogGenerator(42), records: 1_000_000 },
  // 200 interfaces, 2,000 external peers: a few hundred thousand pairs, the heavy ones far heavier.
  concentrated: { file: 'concentrated-1000000.log', make: () => new FlowLogGenerator(44, 200, 2000), records: 1_000_000 },
  '5m': { file: 'default-5000000.log', make: () => new FlowLogGenerator(45), records: 5_000_000 },
  '1gb': { file: 'default-1gb.log.gz', make: () => new FlowLogGenerator(7), bytes: GB },
} as const;

export type CorpusName = keyof typeof CORPORA;

/** The path of a corpus, generated first when it is not cached yet. */
export async function corpus(name: CorpusName): Promise<string> {
  mkdirSync(cache, { recursive: true });
  const spec = CORPORA[name];
  const path = join(cache, spec.file);
  if (existsSync(path)) {
    return path;
  }
  const tmp = `${path}.partial`;
  const gen = spec.make();
  const out = createWriteStream(tmp);
  const gzip = 'bytes' in spec ? createGzip({ level: 6 }) : undefined;
  const sink = gzip ?? out;
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gzip?.on('error', reject);
  });
  gzip?.pipe(out);
  let written = 0;
  let records = 0;
  const more = (): boolean => ('bytes' in spec ? written < spec.bytes : records < spec.records);
  while (more()) {
    const n = 'records' in spec ? Math.min(10_000, spec.records - records) : 10_000;
    const chunk = gen.defaultLines(n);
    records += n;
    written += Buffer.byteLength(chunk);
    if (!sink.write(chunk)) {
      await new Promise<void>((resolve) => sink.once('drain', () => resolve()));
    }
  }
  sink.end();
  await done;
  renameSync(tmp, path);
  return path;
}

if (require.main === module) {
  void (async () => {
    const names = (process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(CORPORA)) as CorpusName[];
    for (const name of names) {
      const t = performance.now();
      console.log(`${name}: ${await corpus(name)} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    }
  })();
}
