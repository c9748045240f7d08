/**
 * The worker of {@link parseFileParallel} (parallel.ts): parses one byte range of a file into a store
 * and sends it back as transferred arrays. Built to `dist/parseWorker.js` (esbuild.mjs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PartReply, PartRequest } from './parallel';
import { FlowLogParser } from './parser';
import { CHUNK_BYTES, fileChunks, readInto } from './stream';

async function run(request: PartRequest): Promise<void> {
  const parser = new FlowLogParser({
    format: request.format, maxErrors: request.maxErrors, maxLineLength: request.maxLineLength, continued: true,
  });
  await readInto(parser, fileChunks(request.path, undefined, CHUNK_BYTES, request.start, request.end), { gzip: false });
  const { data, transfer } = parser.end().toData();
  const reply: PartReply = { data };
  parentPort!.postMessage(reply, transfer);
}

run(workerData as PartRequest).catch((error: unknown) => {
  const reply: PartReply = { error: error instanceof Error ? error.message : String(error) };
  parentPort!.postMessage(reply);
});
