/**
 * The viewer's record source for flow log files in S3: one object, or every file of a delivery day or
 * hour. One page per object: the newest first, older ones with "Load older", files delivered since with
 * "Load newer". A page streams the object's body (`chunks`, gzip-compressed for `.log.gz`) or reads a
 * Parquet object column by column through ranged GETs (`parquet`), so no object is held whole beside the
 * store. No `vscode` import: it runs in plain Node tests.
 */
import { parseDeliveryKey } from '../athena/s3Layout';
import type { S3ObjectRef, S3PrefixRef } from '../aws/refs';
import type { S3Api } from '../aws/s3';
import type { S3ObjectInfo } from '../aws/s3Models';
import { formatBytes } from '../common/format';
import type { LoadProgress, RecordPage, RecordSource } from '../viewer/source';

/** What the source reads with. */
export interface S3SourceDeps {
  readonly s3: S3Api;
}

/** The source's id: `s3:<region>/<bucket>/<key or prefix>`, with `#<flow log id>` for a prefix limited to one flow log. */
export function s3SourceId(ref: S3ObjectRef | S3PrefixRef): string {
  const where = `${ref.region ?? ''}/${ref.bucket}/${ref.kind === 's3Object' ? ref.key : ref.prefix}`;
  return `s3:${where}${ref.kind === 's3Prefix' && ref.flowLogId ? `#${ref.flowLogId}` : ''}`;
}

/** The reference an id stands for (after a window reload), or undefined. */
export function parseS3SourceId(id: string): S3ObjectRef | S3PrefixRef | undefined {
  const m = /^s3:([^/]*)\/([^/]+)\/([^#]*)(?:#(fl-[0-9a-f]+))?$/.exec(id);
  if (!m) {
    return undefined;
  }
  const region = m[1] || undefined;
  const path = m[3]!;
  return path === '' || path.endsWith('/')
    ? { kind: 's3Prefix', bucket: m[2]!, prefix: path, region, ...(m[4] ? { flowLogId: m[4] } : {}) }
    : { kind: 's3Object', bucket: m[2]!, key: path, region };
}

/** Whether a key is a flow log file the viewer reads (text, gzip text or Parquet). */
export function isFlowLogFile(key: string): boolean {
  return /\.(log|log\.gz|gz|txt|parquet)$/i.test(key);
}

/** A flow log object or prefix in S3 as a viewer source. */
export class S3RecordSource implements RecordSource {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly canFollow: boolean;
  /** The prefix's files (this flow log's) in key order, as last listed. */
  private files: S3ObjectInfo[] | undefined;
  /** Indexes into `files` of the oldest and newest object read. */
  private oldest = -1;
  private newest = -1;

  constructor(
    readonly ref: S3ObjectRef | S3PrefixRef,
    private readonly deps: S3SourceDeps,
  ) {
    this.id = s3SourceId(ref);
    const path = ref.kind === 's3Object' ? ref.key : ref.prefix;
    const parts = path.replace(/\/$/, '').split('/');
    this.title = ref.kind === 's3Object' ? parts[parts.length - 1]! : `${this.folderLabel(path)} (S3)`;
    this.description = `s3://${ref.bucket}/${path}${ref.kind === 's3Prefix' && ref.flowLogId ? `, files of ${ref.flowLogId}` : ''}`;
    // A day or hour may still be receiving files.
    this.canFollow = ref.kind === 's3Prefix';
  }

  /** `2024-11-27` or `2024-11-27 08:00` for delivery folders, else the last folder name. */
  private folderLabel(prefix: string): string {
    const m = /(?:year=)?(\d{4})\/(?:month=)?(\d{2})\/(?:day=)?(\d{2})\/(?:(?:hour=)?(\d{2})\/)?$/.exec(prefix);
    if (m) {
      return `${m[1]}-${m[2]}-${m[3]}${m[4] ? ` ${m[4]}:00` : ''}`;
    }
    const parts = prefix.replace(/\/$/, '').split('/');
    return parts[parts.length - 1] || this.ref.bucket;
  }

  /** Lists the prefix's flow log files (every page), keeping this flow log's, in key (time) order. */
  private async list(signal: AbortSignal, progress?: (p: LoadProgress) => void): Promise<S3ObjectInfo[]> {
    if (this.ref.kind === 's3Object') {
      const head = await this.deps.s3.headObject(this.ref.bucket, this.ref.key, signal);
      if (!head) {
        throw new Error(`s3:GetObject failed: there is no object s3://${this.ref.bucket}/${this.ref.key} (it may have been deleted or expired).`);
      }
      return [{ key: this.ref.key, size: head.size, lastModified: head.lastModified, etag: head.etag }];
    }
    const ref = this.ref;
    const files: S3ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.deps.s3.listPage(ref.bucket, { prefix: ref.prefix, token }, signal);
      files.push(...page.objects.filter((o) => isFlowLogFile(o.key) && (!ref.flowLogId || o.key.includes(`_${ref.flowLogId}_`))));
      progress?.({ lines: 0, message: `listing s3://${ref.bucket}/${ref.prefix}: ${files.length} files` });
      token = page.nextToken;
    } while (token);
    // Per-hour folders list in key order too; sorting by the time in the name keeps mixed layouts in order.
    const time = (key: string): number => parseDeliveryKey(key)?.timestamp ?? 0;
    return files.sort((a, b) => time(a.key) - time(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async loadInitial(signal: AbortSignal, progress?: (p: LoadProgress) => void): Promise<RecordPage> {
    this.files = await this.list(signal, progress);
    if (this.files.length === 0) {
      this.oldest = this.newest = -1;
      return { lines: [], hasOlder: false, hasNewer: false };
    }
    this.oldest = this.newest = this.files.length - 1;
    return this.page(this.files[this.newest]!, signal, progress, { hasOlder: this.oldest > 0, hasNewer: false });
  }

  loadOlder(signal: AbortSignal, progress?: (p: LoadProgress) => void): Promise<RecordPage> {
    if (!this.files || this.oldest <= 0) {
      return Promise.resolve({ lines: [], hasOlder: false });
    }
    this.oldest--;
    return Promise.resolve(this.page(this.files[this.oldest]!, signal, progress, { hasOlder: this.oldest > 0 }));
  }

  async loadNewer(signal: AbortSignal, progress?: (p: LoadProgress) => void): Promise<RecordPage> {
    if (this.ref.kind === 's3Object' || !this.files) {
      return { lines: [], hasNewer: false };
    }
    const newestKey = this.files[this.newest]?.key;
    const files = await this.list(signal);
    const at = newestKey === undefined ? -1 : files.findIndex((f) => f.key === newestKey);
    // Files that appeared before the newest one read (a late delivery) shift the indexes; keep them.
    this.oldest += Math.max(0, at - this.newest);
    this.files = files;
    this.newest = at;
    if (this.newest + 1 >= files.length) {
      return { lines: [], hasNewer: false };
    }
    this.newest++;
    if (this.oldest < 0) {
      this.oldest = this.newest;
    }
    return this.page(files[this.newest]!, signal, progress, { hasNewer: this.newest + 1 < files.length });
  }

  /** One object as a page: streamed text (gzip or not) or Parquet read by ranges. */
  private page(object: S3ObjectInfo, signal: AbortSignal, progress: ((p: LoadProgress) => void) | undefined, flags: Pick<RecordPage, 'hasOlder' | 'hasNewer'>): RecordPage {
    const { bucket } = this.ref;
    const { s3 } = this.deps;
    const name = object.key.slice(object.key.lastIndexOf('/') + 1);
    const index = this.files?.indexOf(object) ?? 0;
    progress?.({ lines: 0, message: `${name} (${formatBytes(object.size)}${this.files && this.files.length > 1 ? `, file ${index + 1} of ${this.files.length}` : ''})` });
    const parquet = /\.parquet$/i.test(object.key);
    if (parquet) {
      return {
        name, size: object.size, ...flags,
        parquet: { byteLength: object.size, slice: (start, end) => s3.getRange(bucket, object.key, start, end ?? object.size, signal).then(exactBuffer) },
      };
    }
    return {
      name, size: object.size, ...flags,
      ...(/\.gz$/i.test(object.key) ? { compression: 'gzip' as const } : {}),
      chunks: (stop) => streamObject(s3, bucket, object.key, AbortSignal.any([signal, stop])),
    };
  }
}

/** A Uint8Array's bytes as an ArrayBuffer of exactly that length (hyparquet wants ArrayBuffers). */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : (bytes.slice().buffer);
}

async function* streamObject(s3: S3Api, bucket: string, key: string, signal: AbortSignal): AsyncGenerator<Uint8Array, void, undefined> {
  const object = await s3.getObject(bucket, key, signal);
  yield* object.body;
}
