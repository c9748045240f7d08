/**
 * Writes flow log records as VPC Flow Logs delivers them in Parquet (Amazon VPC User Guide, "Flow log
 * records", Parquet data types): one column per field named with underscores, INT_32 for version,
 * ports, protocol, tcp-flags, traffic-path (and encryption-status), INT_64 for packets, bytes, start and
 * end, STRING otherwise; Gzip-compressed pages. Used by the Parquet tests (fixtures made from the same
 * records as the text fixtures) and by the benchmark. Node only (node:zlib for Gzip).
 */
import { gzipSync } from 'node:zlib';
import type { FlowLogStore } from '../src/flowlogs/store';

/** Options for {@link flowLogParquet}. */
export interface ParquetWriteOptions {
  /** Rows per row group. Default 100,000. */
  rowGroupSize?: number;
  /** Target page size in bytes (hyparquet-writer's default is 1 MB). */
  pageSize?: number;
  /** How `-` is written in text columns: a Parquet null (default) or the text "-". */
  dash?: 'null' | 'text';
  /** Compression of the pages. Default GZIP, as AWS delivers. */
  codec?: 'GZIP' | 'SNAPPY' | 'UNCOMPRESSED';
  /** Extra columns that are not flow log fields (name -> values). */
  extra?: Record<string, (string | null)[]>;
  /** Values to write instead of the store's for some cells: field -> row -> value (to make bad records). */
  override?: Record<string, Record<number, string | number | bigint | null>>;
}

const INT32 = new Set(['version', 'srcport', 'dstport', 'protocol', 'tcp-flags', 'traffic-path', 'encryption-status']);
const INT64 = new Set(['packets', 'bytes', 'start', 'end']);

/** The Parquet physical type AWS gives a field. */
export function parquetType(field: string): 'INT32' | 'INT64' | 'STRING' {
  return INT32.has(field) ? 'INT32' : INT64.has(field) ? 'INT64' : 'STRING';
}

/** The records of a store as a Parquet file (an ArrayBuffer). */
export async function flowLogParquet(store: FlowLogStore, options: ParquetWriteOptions = {}): Promise<ArrayBuffer> {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const n = store.count;
  const columnData = store.fields.map((field) => {
    const type = parquetType(field);
    const col = store.column(field)!;
    const data: (string | number | bigint | null)[] = new Array<string | number | bigint | null>(n);
    for (let r = 0; r < n; r++) {
      const v = col.get(r);
      data[r] = v === null ? (type === 'STRING' && options.dash === 'text' ? '-' : null) : type === 'INT64' ? BigInt(v) : v;
    }
    for (const [row, value] of Object.entries(options.override?.[field] ?? {})) {
      data[Number(row)] = value;
    }
    return { name: field.replace(/-/g, '_'), data, type };
  });
  for (const [name, data] of Object.entries(options.extra ?? {})) {
    columnData.push({ name, data, type: 'STRING' });
  }
  const codec = options.codec ?? 'GZIP';
  return parquetWriteBuffer({
    columnData,
    codec,
    ...(codec === 'GZIP' ? { compressors: { GZIP: (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes)) } } : {}),
    rowGroupSize: options.rowGroupSize ?? 100_000,
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
  });
}
