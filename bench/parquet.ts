/**
 * Writes flow log records as VPC Flow Logs delivers them in Parquet (Amazon VPC User Guide, "Flow log
 * records", Parquet data types): one column per field named with underscores, INT_32 for version,
 * ports, protocol, tcp-flags, traffic-path (and encryption-status), INT_64 for packets, bytes, start and
 * end, STRING otherwise; Gzip-compressed pages. Used by the Parquet tests (fixtures made from the same
 * records as the text fixtures) and by the benchmark. Node only (node:zlib for Gzip).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
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
  /**
   * Data page version: 2 (hyparquet-writer's own) or 1, the classic layout most Parquet writers (parquet-mr,
   * Arrow) use by default. Default 2. Version 1 needs the GZIP or UNCOMPRESSED codec.
   */
  dataPageVersion?: 1 | 2;
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
  const written = parquetWriteBuffer({
    columnData,
    codec,
    ...(codec === 'GZIP' ? { compressors: { GZIP: (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes)) } } : {}),
    rowGroupSize: options.rowGroupSize ?? 100_000,
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
  });
  return options.dataPageVersion === 1 ? toDataPageV1(written) : written;
}

const PAR1 = 0x31524150;

/**
 * The same file with every DATA_PAGE_V2 rewritten as a version 1 DATA_PAGE: definition levels (with their
 * length prefix) and values compressed together, as version 1 keeps them. Dictionary pages are copied;
 * page indexes are dropped (their offsets would be stale).
 */
export async function toDataPageV1(file: ArrayBuffer): Promise<ArrayBuffer> {
  const { parquetMetadata } = await import('hyparquet');
  const { parquetHeader } = await import('hyparquet/src/column.js');
  const { ByteWriter } = await import('hyparquet-writer');
  const { writePageHeader } = await import('hyparquet-writer/src/datapage.js');
  const { writeMetadata } = await import('hyparquet-writer/src/metadata.js');
  const metadata = parquetMetadata(file);
  // hyparquet-writer brings its own (older) hyparquet: the same shapes, typed apart.
  type WriterHeader = Parameters<typeof writePageHeader>[1];
  const out = new ByteWriter();
  out.appendUint32(PAR1);
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data!;
      if (meta.codec !== 'GZIP' && meta.codec !== 'UNCOMPRESSED') {
        throw new Error(`toDataPageV1: ${meta.codec} pages are not supported`);
      }
      const gzip = meta.codec === 'GZIP';
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      const reader = { view: new DataView(file), offset: start };
      const chunkStart = out.offset;
      let dataPageOffset: number | undefined;
      let dictionaryPageOffset: number | undefined;
      while (reader.offset < end) {
        const header = parquetHeader(reader);
        const body = new Uint8Array(file, reader.offset, header.compressed_page_size);
        reader.offset += header.compressed_page_size;
        const h2 = header.data_page_header_v2;
        if (header.type !== 'DATA_PAGE_V2' || !h2) {
          dictionaryPageOffset ??= header.type === 'DICTIONARY_PAGE' ? out.offset : undefined;
          writePageHeader(out, header as WriterHeader);
          out.appendBytes(body);
          continue;
        }
        const levels = h2.repetition_levels_byte_length + h2.definition_levels_byte_length;
        const packed = body.subarray(levels);
        const values = gzip && h2.is_compressed !== false && packed.length > 0 ? new Uint8Array(gunzipSync(packed)) : packed;
        const v1 = new Uint8Array((h2.definition_levels_byte_length > 0 ? 4 : 0) + h2.definition_levels_byte_length + values.length);
        let at = 0;
        if (h2.definition_levels_byte_length > 0) {
          new DataView(v1.buffer).setUint32(0, h2.definition_levels_byte_length, true);
          v1.set(body.subarray(h2.repetition_levels_byte_length, levels), 4);
          at = 4 + h2.definition_levels_byte_length;
        }
        v1.set(values, at);
        const compressed = gzip ? new Uint8Array(gzipSync(v1)) : v1;
        dataPageOffset ??= out.offset;
        writePageHeader(out, {
          type: 'DATA_PAGE', uncompressed_page_size: v1.length, compressed_page_size: compressed.length,
          data_page_header: { num_values: h2.num_values, encoding: h2.encoding, definition_level_encoding: 'RLE', repetition_level_encoding: 'RLE' },
        } as WriterHeader);
        out.appendBytes(compressed);
      }
      meta.data_page_offset = BigInt(dataPageOffset ?? chunkStart);
      if (dictionaryPageOffset !== undefined) {
        meta.dictionary_page_offset = BigInt(dictionaryPageOffset);
      } else {
        delete meta.dictionary_page_offset;
      }
      meta.total_compressed_size = BigInt(out.offset - chunkStart);
      delete meta.encoding_stats;
      chunk.file_offset = BigInt(chunkStart);
      delete chunk.offset_index_offset;
      delete chunk.offset_index_length;
      delete chunk.column_index_offset;
      delete chunk.column_index_length;
    }
  }
  const metaStart = out.offset;
  writeMetadata(out, metadata as Parameters<typeof writeMetadata>[1]);
  out.appendUint32(out.offset - metaStart);
  out.appendUint32(PAR1);
  return out.getBuffer();
}
