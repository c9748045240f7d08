/**
 * Every S3 operation the extension uses, named once: ListObjectsV2 (delimiter and continuation, for the
 * delivery folders of a flow log), GetObject (streamed, or one byte range for Parquet), HeadObject,
 * ListBuckets, GetBucketLocation, CreateBucket, GetBucketPolicy, PutBucketPolicy and DeleteBucketPolicy (for the policy
 * log delivery needs).
 */
import type * as S3 from '@aws-sdk/client-s3';
import type { AwsClientFactory } from './clientFactory';
import { AwsProblemError, hasAwsCode } from './errors';
import type { Sdk } from './loadSdk';
import { clampPageSize, collect, send } from './request';
import { toBucket, toS3Object, type BucketInfo, type S3Listing, type S3ObjectHead } from './s3Models';

/** Keys per ListObjectsV2 call at most. */
export const MAX_S3_LIST_PAGE = 1000;

/** Options of one ListObjectsV2 page. */
export interface ListOptions {
  readonly prefix?: string;
  /** `/` to list one folder level: deeper keys come back as common prefixes. */
  readonly delimiter?: string;
  readonly token?: string | undefined;
  readonly maxKeys?: number;
  readonly startAfter?: string;
}

/** An object being read: what S3 said about it and its bytes as they arrive. */
export interface S3ObjectStream extends S3ObjectHead {
  /** Chunks in order; aborting the signal given to `getObject` ends it with an error. */
  readonly body: AsyncIterable<Uint8Array>;
}

/** The S3 wrapper. Every failure is an `AwsProblemError` naming the IAM action. */
export class S3Api {
  constructor(private readonly aws: AwsClientFactory) {}

  private send<R>(operation: string, command: (sdk: Sdk['s3']) => object, signal?: AbortSignal): Promise<R> {
    return send<'s3', R>(this.aws, 's3', operation, command, signal);
  }

  /** One page of a bucket's keys under a prefix (keys in UTF-8 binary order, as S3 lists them). */
  async listPage(bucket: string, options: ListOptions = {}, signal?: AbortSignal): Promise<S3Listing> {
    const out = await this.send<S3.ListObjectsV2Output>(
      'ListObjectsV2',
      (sdk) =>
        new sdk.ListObjectsV2Command({
          Bucket: bucket,
          Prefix: options.prefix || undefined,
          Delimiter: options.delimiter,
          ContinuationToken: options.token,
          StartAfter: options.startAfter,
          MaxKeys: clampPageSize(options.maxKeys ?? MAX_S3_LIST_PAGE, 1, MAX_S3_LIST_PAGE),
        }),
      signal,
    );
    return {
      objects: (out.Contents ?? []).map(toS3Object),
      prefixes: (out.CommonPrefixes ?? []).map((p) => p.Prefix ?? '').filter((p) => p !== ''),
      nextToken: out.IsTruncated ? out.NextContinuationToken : undefined,
    };
  }

  /** Every common prefix one level below `prefix` (the "folders"), in key order. */
  async folders(bucket: string, prefix: string, signal?: AbortSignal): Promise<string[]> {
    const pages = await collect(async (token) => {
      const page = await this.listPage(bucket, { prefix, delimiter: '/', token }, signal);
      return { items: page.prefixes, nextToken: page.nextToken };
    });
    return pages;
  }

  /**
   * Reads an object as a stream of chunks. `range` asks for bytes [start, end] (inclusive, as HTTP
   * ranges are). The request timeout covers the answer's headers; the body then flows until it ends or
   * `signal` aborts, which closes the connection.
   */
  async getObject(bucket: string, key: string, signal?: AbortSignal, range?: { start: number; end?: number }): Promise<S3ObjectStream> {
    const out = await this.send<S3.GetObjectOutput>(
      'GetObject',
      (sdk) => new sdk.GetObjectCommand({ Bucket: bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end ?? ''}` } : {}) }),
      signal,
    );
    const body = out.Body as (AsyncIterable<Uint8Array> & { destroy?: (error?: Error) => void }) | undefined;
    if (!body) {
      throw new AwsProblemError({ kind: 'other', message: `s3:GetObject failed: S3 returned no body for s3://${bucket}/${key}.` });
    }
    return {
      size: out.ContentLength ?? 0,
      contentType: out.ContentType,
      lastModified: out.LastModified,
      etag: out.ETag,
      body: abortable(body, signal),
    };
  }

  /** The bytes [start, end) of an object (a ranged GetObject), e.g. a Parquet footer or column chunk. */
  async getRange(bucket: string, key: string, start: number, end: number, signal?: AbortSignal): Promise<Uint8Array> {
    if (end <= start) {
      return new Uint8Array(0);
    }
    const object = await this.getObject(bucket, key, signal, { start, end: end - 1 });
    const bytes = await readAll(object.body, signal);
    if (bytes.length !== end - start) {
      throw new AwsProblemError({ kind: 'other', message: `s3:GetObject failed: asked for ${end - start} bytes of s3://${bucket}/${key} from byte ${start}, got ${bytes.length}.` });
    }
    return bytes;
  }

  /** What S3 says about an object without reading it; undefined when there is no such key. */
  async headObject(bucket: string, key: string, signal?: AbortSignal): Promise<S3ObjectHead | undefined> {
    try {
      const out = await this.send<S3.HeadObjectOutput>('HeadObject', (sdk) => new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }), signal);
      return { size: out.ContentLength ?? 0, contentType: out.ContentType, lastModified: out.LastModified, etag: out.ETag };
    } catch (error) {
      if (hasAwsCode(error, 'NotFound') || hasAwsCode(error, 'NoSuchKey')) {
        return undefined;
      }
      throw error;
    }
  }

  /** The account's buckets, by name. */
  async buckets(signal?: AbortSignal): Promise<BucketInfo[]> {
    const all = await collect(async (token) => {
      const out = await this.send<S3.ListBucketsOutput>('ListBuckets', (sdk) => new sdk.ListBucketsCommand({ MaxBuckets: 1000, ...(token ? { ContinuationToken: token } : {}) }), signal);
      return { items: (out.Buckets ?? []).map(toBucket), nextToken: out.ContinuationToken };
    });
    return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The region a bucket is in (S3 says `''` for us-east-1, for historical reasons). */
  async bucketRegion(bucket: string, signal?: AbortSignal): Promise<string> {
    const out = await this.send<S3.GetBucketLocationOutput>('GetBucketLocation', (sdk) => new sdk.GetBucketLocationCommand({ Bucket: bucket }), signal);
    return out.LocationConstraint || 'us-east-1';
  }

  /** Creates a bucket in `region` (us-east-1 takes no location constraint; every other region needs one). */
  async createBucket(bucket: string, region: string, signal?: AbortSignal): Promise<void> {
    await this.send<S3.CreateBucketOutput>(
      'CreateBucket',
      (sdk) =>
        new sdk.CreateBucketCommand({
          Bucket: bucket,
          ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as S3.BucketLocationConstraint } }),
        }),
      signal,
    );
  }

  /** The bucket's policy (JSON text), or undefined when it has none. */
  async bucketPolicy(bucket: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const out = await this.send<S3.GetBucketPolicyOutput>('GetBucketPolicy', (sdk) => new sdk.GetBucketPolicyCommand({ Bucket: bucket }), signal);
      return out.Policy;
    } catch (error) {
      if (hasAwsCode(error, 'NoSuchBucketPolicy')) {
        return undefined;
      }
      throw error;
    }
  }

  /** Removes the bucket's policy (to restore a bucket that had none). */
  async deleteBucketPolicy(bucket: string, signal?: AbortSignal): Promise<void> {
    await this.send<unknown>('DeleteBucketPolicy', (sdk) => new sdk.DeleteBucketPolicyCommand({ Bucket: bucket }), signal);
  }

  /** Replaces the bucket's policy. */
  async putBucketPolicy(bucket: string, policy: string, signal?: AbortSignal): Promise<void> {
    await this.send<unknown>('PutBucketPolicy', (sdk) => new sdk.PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }), signal);
  }
}

/** The chunks of `body`, ending with an AbortError (and the connection closed) when `signal` aborts. */
async function* abortable(body: AsyncIterable<Uint8Array> & { destroy?: (error?: Error) => void }, signal?: AbortSignal): AsyncGenerator<Uint8Array, void, undefined> {
  const onAbort = (): void => body.destroy?.(Object.assign(new Error('The request was aborted'), { name: 'AbortError' }));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    signal?.throwIfAborted();
    for await (const chunk of body) {
      yield chunk;
    }
    signal?.throwIfAborted();
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // A reader that stops early (a bound reached) must not leave the connection open.
    body.destroy?.();
  }
}

/** Every chunk of a stream in one array. */
export async function readAll(body: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of body) {
    signal?.throwIfAborted();
    chunks.push(chunk);
    length += chunk.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
