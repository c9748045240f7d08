/**
 * The S3 models the rest of the extension sees (objects, listings, buckets), built once from the SDK's
 * shapes. Kept beside `models.ts` (one type per resource) in a module of its own. Pure: type-only SDK
 * imports.
 */
import type * as S3 from '@aws-sdk/client-s3';

/** One object of a listing. */
export interface S3ObjectInfo {
  readonly key: string;
  /** Bytes. */
  readonly size: number;
  readonly lastModified: Date | undefined;
  readonly etag: string | undefined;
}

/** One page of `ListObjectsV2`: the objects and, with a delimiter, the "folders" (common prefixes). */
export interface S3Listing {
  readonly objects: S3ObjectInfo[];
  /** Common prefixes, each ending in the delimiter. */
  readonly prefixes: string[];
  /** The continuation token of the next page; undefined after the last. */
  readonly nextToken: string | undefined;
}

/** A bucket. */
export interface BucketInfo {
  readonly name: string;
  readonly createdAt: Date | undefined;
  /** Its region, when ListBuckets says (it does on AWS since 2024). */
  readonly region: string | undefined;
}

/** What `HeadObject` and `GetObject` say about an object. */
export interface S3ObjectHead {
  readonly size: number;
  readonly contentType: string | undefined;
  readonly lastModified: Date | undefined;
  readonly etag: string | undefined;
}

export function toS3Object(object: S3._Object): S3ObjectInfo {
  return { key: object.Key ?? '', size: object.Size ?? 0, lastModified: object.LastModified, etag: object.ETag };
}

export function toBucket(bucket: S3.Bucket): BucketInfo {
  return { name: bucket.Name ?? '', createdAt: bucket.CreationDate, region: bucket.BucketRegion || undefined };
}

/** `s3://bucket/key`. */
export function s3Uri(bucket: string, key = ''): string {
  return `s3://${bucket}/${key}`;
}

/**
 * A bucket and prefix typed by a person: `s3://bucket/prefix`, `bucket/prefix`, an S3 ARN, or an
 * `https://bucket.s3.region.amazonaws.com/prefix` / console-less path-style URL. Undefined when it names
 * no bucket.
 */
export function parseS3Location(text: string): { bucket: string; prefix: string } | undefined {
  let t = text.trim();
  const arn = /^arn:aws[a-z-]*:s3:::(.+)$/.exec(t);
  if (arn) {
    t = arn[1]!;
  } else if (/^s3:\/\//i.test(t)) {
    t = t.slice(5);
  } else {
    const virtual = /^https?:\/\/([^/]+)\.s3[.-][^/]*amazonaws\.com(?:\/(.*))?$/.exec(t);
    const path = /^https?:\/\/s3[.-][^/]*amazonaws\.com\/(.*)$/.exec(t);
    if (virtual) {
      t = `${virtual[1]}/${virtual[2] ?? ''}`;
    } else if (path) {
      t = path[1]!;
    }
  }
  const slash = t.indexOf('/');
  const bucket = slash < 0 ? t : t.slice(0, slash);
  const prefix = slash < 0 ? '' : t.slice(slash + 1);
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    return undefined;
  }
  return { bucket, prefix };
}
