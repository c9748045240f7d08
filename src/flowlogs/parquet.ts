/**
 * VPC flow logs in Parquet (as S3 delivers them with `FileFormat: parquet`: one column per field, named
 * with underscores, Gzip-compressed pages inside) into the engine's columnar store, column by column:
 * each column chunk of a row group is fetched with one ranged read, its pages decoded with hyparquet's
 * page decoders (decompression, levels, dictionary indices), and folded into a Float64Array the size of
 * the row group, which is appended to the store's column. A dictionary is checked and interned once per
 * entry, and its indices become codes; nulls come from the definition levels. No object per record (nor
 * per value of a dictionary-encoded column) is ever built. The store then behaves as one the text parser
 * makes from the same records: same fields in the file's order, same values (numbers, exact text, null
 * for `-` or a Parquet null), same dictionaries, same summaries.
 *
 * A record with a value the text parser would refuse (a port above 65535, an action that is not ACCEPT
 * or REJECT, an address that is not one) is left out and reported in `errors`, its row number standing
 * in for the line number, as a bad line of text is.
 *
 * hyparquet and hyparquet-compressors are ES modules, loaded on first use. No Node API is used here: an
 * `AsyncBuffer` (byte length and async slices) is the input, so a file, an S3 object read by ranges or
 * a buffer in memory all work.
 */
// hyparquet is an ES module; this file compiles to CommonJS, so its types are imported as from `import()`.
import type { AsyncBuffer, FileMetaData } from 'hyparquet' with { 'resolution-mode': 'import' };
import { SEEDED_VALUES, type AddressColumn, type Column, type DictColumn } from './columns';
import { fieldInfo, type FieldInfo } from './fields';
import { decodeBytes } from './intern';
import { parseIPv6 } from './ip';
import { FlowLogStore, type ParseError } from './store';

/** Options for {@link parseParquet}. */
export interface ParquetParseOptions {
  /** Stops between columns (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Called after each column of each row group with the records read so far and the file's total. */
  onProgress?: (records: number, totalRecords: number) => void;
  /** How many errors to keep in `errors` (all are counted in `errorCount`). Default 100,000. */
  maxErrors?: number;
  /**
   * Decompressors by Parquet codec, over hyparquet-compressors' (pure JavaScript, so this module runs
   * anywhere); a Node host can hand in its native gunzip: `{ GZIP: (input) => zlib.gunzipSync(input) }`.
   */
  decompressors?: Partial<Record<'GZIP' | 'SNAPPY' | 'BROTLI' | 'ZSTD' | 'LZ4' | 'LZ4_RAW' | 'LZO', (input: Uint8Array, outputLength: number) => Uint8Array>>;
}

// The page decoders are hyparquet's own modules (its package exports `hyparquet/src/*.js`): reading
// pages directly skips the per-value arrays hyparquet's row assembly builds.
const importModules = () => Promise.all([
  import('hyparquet'), import('hyparquet-compressors'), import('hyparquet/src/column.js'), import('hyparquet/src/datapage.js'),
  import('hyparquet/src/plain.js'),
]);
type Modules = Awaited<ReturnType<typeof importModules>>;

interface Loaded {
  readonly hyparquet: Modules[0];
  readonly compressors: Modules[1]['compressors'];
  readonly parquetHeader: Modules[2]['parquetHeader'];
  readonly decompressPage: Modules[3]['decompressPage'];
  readonly readDataPage: Modules[3]['readDataPage'];
  readonly readDataPageV2: Modules[3]['readDataPageV2'];
  readonly readPlain: Modules[4]['readPlain'];
}

let modules: Promise<Loaded> | undefined;

/** hyparquet, its page decoders and its decompressors (ES modules), loaded once. */
function load(): Promise<Loaded> {
  modules ??= importModules().then(([hyparquet, c, column, datapage, plain]) => ({
    hyparquet, compressors: c.compressors, parquetHeader: column.parquetHeader, decompressPage: datapage.decompressPage,
    readDataPage: datapage.readDataPage, readDataPageV2: datapage.readDataPageV2, readPlain: plain.readPlain,
  }));
  return modules;
}

/** An `AsyncBuffer` over bytes in memory (hyparquet wants slices as ArrayBuffers). */
export function bufferSource(bytes: Uint8Array | ArrayBuffer): AsyncBuffer {
  if (bytes instanceof ArrayBuffer) {
    return bytes;
  }
  return {
    byteLength: bytes.byteLength,
    slice: (start: number, end?: number) => bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + (end ?? bytes.byteLength)) as ArrayBuffer,
  };
}

/** The flow log field of a Parquet column name (`log_status` -> `log-status`), or undefined. */
export function parquetColumnField(column: string): string | undefined {
  const name = column.toLowerCase().replace(/_/g, '-');
  return fieldInfo(name) ? name : undefined;
}

/** The flow log fields of a Parquet file's top-level columns, in the file's order, and the columns that are not flow log fields. */
export function parquetFlowLogColumns(metadata: FileMetaData): { fields: string[]; columns: string[]; ignored: string[] } {
  const fields: string[] = [];
  const columns: string[] = [];
  const ignored: string[] = [];
  const schema = metadata.schema;
  // A flat schema: the root, then one element per column (a nested column has children and is skipped).
  for (let i = 1; i < schema.length; i++) {
    const el = schema[i]!;
    const field = el.num_children || el.repetition_type === 'REPEATED' ? undefined : parquetColumnField(el.name);
    if (field === undefined || fields.includes(field)) {
      ignored.push(el.name);
      i += el.num_children ?? 0;
      continue;
    }
    fields.push(field);
    columns.push(el.name);
  }
  return { fields, columns, ignored };
}

/** Bad values of a row group: the first problem of each bad row. */
class BadRows {
  readonly flags: Uint8Array;
  count = 0;
  readonly messages = new Map<number, string>();

  constructor(rows: number) {
    this.flags = new Uint8Array(rows);
  }

  mark(row: number, message: string): void {
    if (this.flags[row] === 0) {
      this.flags[row] = 1;
      this.count++;
      this.messages.set(row, message);
    }
  }
}

const CH_DASH = 45;
const encoder = new TextEncoder();

/** A value as the error message quotes it (like the text parser: JSON, at most 40 characters). */
function quote(v: unknown): string {
  const text = v instanceof Uint8Array ? decodeBytes(v, 0, Math.min(v.length, 160)) : String(v);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** Digits only, as the text parser reads a number: the value, -1 for `-`, NaN otherwise. */
function bytesNumber(b: Uint8Array): number {
  if (b.length === 1 && b[0] === CH_DASH) {
    return -1;
  }
  if (b.length === 0 || b.length > 15) {
    return Number.NaN;
  }
  let v = 0;
  for (let i = 0; i < b.length; i++) {
    const d = b[i]! - 48;
    if (d >>> 0 > 9) {
      return Number.NaN;
    }
    v = v * 10 + d;
  }
  return v;
}

/** An integer column's values into `out` (NaN for null). */
function foldIntegers(data: ArrayLike<unknown>, at: number, out: Float64Array, info: FieldInfo, bad: BadRows): void {
  const max = info.max ?? Number.MAX_SAFE_INTEGER;
  const n = data.length;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < n; i++) {
      // Beyond 2^53 the number is inexact, but then it is above every field's maximum anyway.
      const x = Number(data[i]!);
      if (x >= 0 && x <= max) {
        out[at + i] = x;
      } else {
        out[at + i] = Number.NaN;
        bad.mark(at + i, `${info.name}: ${quote(data[i])} ${x > Number.MAX_SAFE_INTEGER ? 'is too large' : `is out of range (0-${max})`}`);
      }
    }
    return;
  }
  if (data instanceof Int32Array || data instanceof Uint32Array || data instanceof Uint16Array || data instanceof Uint8Array || data instanceof Int16Array || data instanceof Int8Array) {
    for (let i = 0; i < n; i++) {
      const v = data[i]!;
      if (v >= 0 && v <= max) {
        out[at + i] = v;
      } else {
        out[at + i] = Number.NaN;
        bad.mark(at + i, `${info.name}: ${quote(v)} is out of range (0-${max})`);
      }
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = data[i];
    let x: number;
    if (typeof v === 'number') {
      x = Number.isInteger(v) ? v : Number.NaN;
    } else if (typeof v === 'bigint') {
      x = Number(v);
      x = x > Number.MAX_SAFE_INTEGER ? Number.POSITIVE_INFINITY : x;
    } else if (v === null || v === undefined) {
      out[at + i] = Number.NaN;
      continue;
    } else if (v instanceof Uint8Array) {
      x = bytesNumber(v);
      if (x === -1) {
        out[at + i] = Number.NaN;
        continue;
      }
    } else {
      x = Number.NaN;
    }
    if (x >= 0 && x <= max) {
      out[at + i] = x;
    } else {
      out[at + i] = Number.NaN;
      const why = x !== x ? 'is not a number' : x === Number.POSITIVE_INFINITY ? 'is too large' : `is out of range (0-${max})`;
      bad.mark(at + i, `${info.name}: ${quote(v)} ${why}`);
    }
  }
}

/** A dotted-quad IPv4 address in bytes as the text parser accepts it, as a number; -1 when it is not one. */
function ipv4Bytes(b: Uint8Array): number {
  const len = b.length;
  if (len < 7 || len > 15) {
    return -1;
  }
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < len; i++) {
    const c = b[i]!;
    if (c === 46) {
      if (digits === 0 || digits > 3 || octet > 255) {
        return -1;
      }
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      const d = c - 48;
      // A digit after a leading 0 ("010") is not a dotted quad as AWS writes it.
      if (d >>> 0 > 9 || (digits > 0 && octet === 0)) {
        return -1;
      }
      octet = octet * 10 + d;
      digits++;
    }
  }
  return dots === 3 && digits > 0 && digits <= 3 && octet <= 255 ? value * 256 + octet : -1;
}

/**
 * An address column's values into `out`, as the parser's scratch holds them: the IPv4 number, minus the
 * interned code of an IPv6 address, NaN for null.
 */
function foldAddresses(data: ArrayLike<unknown>, at: number, out: Float64Array, col: AddressColumn, bad: BadRows): void {
  const n = data.length;
  let prev: unknown = undefined;
  let prevValue = 0;
  let prevBad = false;
  // As for words: the values of a dictionary's arrays, by identity, while that pays.
  let seen: Map<unknown, number> | undefined = new Map<unknown, number>();
  for (let i = 0; i < n; i++) {
    let v = data[i];
    // Dictionary-encoded columns repeat the same array for the same value.
    if (v === prev && v !== undefined) {
      out[at + i] = prevValue;
      if (prevBad) {
        bad.mark(at + i, `${col.name}: ${quote(v)} is not an IPv4 or IPv6 address`);
      }
      continue;
    }
    if (seen !== undefined) {
      const known = seen.get(v);
      if (known !== undefined) {
        out[at + i] = prevValue = known;
        prev = v;
        prevBad = false;
        continue;
      }
      if (i === 4096 && seen.size > 2048) {
        seen = undefined;
      }
    }
    if (typeof v === 'string') {
      v = encoder.encode(v);
    }
    let value: number;
    let isBad = false;
    if (v === null || v === undefined) {
      value = Number.NaN;
    } else if (v instanceof Uint8Array) {
      value = ipv4Bytes(v);
      if (value < 0) {
        if (v.length === 1 && v[0] === CH_DASH) {
          value = Number.NaN;
        } else {
          const code = ipv6Code(col, v);
          value = code === 0 ? Number.NaN : -code;
          isBad = code === 0;
        }
      }
    } else {
      value = Number.NaN;
      isBad = true;
    }
    out[at + i] = value;
    if (isBad) {
      bad.mark(at + i, `${col.name}: ${quote(v)} is not an IPv4 or IPv6 address`);
    } else if (seen !== undefined && v === data[i] && v !== null && v !== undefined) {
      seen.set(v, value);
    }
    prev = data[i];
    prevValue = value;
    prevBad = isBad;
  }
}

/** The interned code of an IPv6 address in an address column's dictionary, 0 when it is not one. */
function ipv6Code(col: AddressColumn, b: Uint8Array): number {
  const known = col.altStrings.lookup(b, 0, b.length);
  if (known !== 0) {
    return known;
  }
  if (b.length > 64 || !b.includes(58) || parseIPv6(decodeBytes(b, 0, b.length)) === undefined) {
    return 0;
  }
  return col.altStrings.intern(b, 0, b.length);
}

/** 1-based index of the word in `words` equal to the bytes, or 0. */
function matchWord(b: Uint8Array, words: readonly string[]): number {
  outer: for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    if (word.length !== b.length) {
      continue;
    }
    for (let k = 0; k < b.length; k++) {
      if (b[k] !== word.charCodeAt(k)) {
        continue outer;
      }
    }
    return w + 1;
  }
  return 0;
}

/** True when the bytes hold a space or a control character (never inside a field of a text record). */
function hasSeparator(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) {
    if (b[i]! <= 32) {
      return true;
    }
  }
  return false;
}

/**
 * An id, enum or text column's values into `out` as interned codes (0 for null or `-`); action and
 * log-status must be one of their words, as the text parser requires.
 */
function foldWords(data: ArrayLike<unknown>, at: number, out: Float64Array, col: DictColumn, bad: BadRows): void {
  const n = data.length;
  const seeded = SEEDED_VALUES[col.name];
  let prev: unknown = undefined;
  let prevCode = 0;
  let prevWhy: string | undefined;
  // A dictionary-encoded column repeats the dictionary's arrays: their codes, by identity. A column of
  // distinct values (plain encoding) would only fill the map, so it is dropped when it stops hitting.
  let seen: Map<unknown, number> | undefined = new Map<unknown, number>();
  for (let i = 0; i < n; i++) {
    let v = data[i];
    if (v === prev && v !== undefined) {
      out[at + i] = prevCode;
      if (prevWhy !== undefined) {
        bad.mark(at + i, `${col.name}: ${quote(v)} ${prevWhy}`);
      }
      continue;
    }
    prev = v;
    if (seen !== undefined) {
      const known = seen.get(v);
      if (known !== undefined) {
        out[at + i] = prevCode = known;
        prevWhy = undefined;
        continue;
      }
      if (i === 4096 && seen.size > 2048) {
        seen = undefined;
      }
    }
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') {
      v = encoder.encode(String(v));
    }
    let code = 0;
    let why: string | undefined;
    if (v instanceof Uint8Array) {
      if (v.length === 1 && v[0] === CH_DASH) {
        code = 0;
      } else if (seeded) {
        code = matchWord(v, seeded);
        why = code === 0 ? (col.name === 'action' ? 'is not ACCEPT, REJECT or -' : 'is not OK, NODATA, SKIPDATA or -') : undefined;
      } else if (v.length === 0 || hasSeparator(v)) {
        why = v.length === 0 ? 'is empty' : 'contains a space or a control character';
      } else {
        code = col.dict.intern(v, 0, v.length);
      }
    } else if (v !== null && v !== undefined) {
      why = 'is not text';
    }
    out[at + i] = code;
    if (why !== undefined) {
      bad.mark(at + i, `${col.name}: ${quote(v)} ${why}`);
    } else if (seen !== undefined && v === data[i]) {
      seen.set(v, code);
    }
    prevCode = code;
    prevWhy = why;
  }
}

/** Folds one decoded chunk of a column into `out` from row `at` of the row group. */
function fold(col: Column, data: ArrayLike<unknown>, at: number, out: Float64Array, bad: BadRows): void {
  switch (col.kind) {
    case 'integer':
      foldIntegers(data, at, out, col.info, bad);
      break;
    case 'address':
      foldAddresses(data, at, out, col as AddressColumn, bad);
      break;
    default:
      foldWords(data, at, out, col as DictColumn, bad);
  }
}

/** Moves the good rows of `values` to its front; returns how many there are. */
function compact(values: Float64Array, rows: number, flags: Uint8Array): number {
  let w = 0;
  for (let r = 0; r < rows; r++) {
    if (flags[r] === 0) {
      values[w++] = values[r]!;
    }
  }
  return w;
}

type Decoder = Parameters<Loaded['readDataPage']>[2];
type ColumnChunkMeta = NonNullable<FileMetaData['row_groups'][number]['columns'][number]['meta_data']>;

/** Where a null goes in a column's scratch: NaN for numbers and addresses, code 0 for words. */
const nullOf = (col: Column): number => (col.kind === 'integer' || col.kind === 'address' ? Number.NaN : 0);

/**
 * Reads one column chunk (`rows` rows of a flat column) into `out`: one ranged read, then its pages. A
 * dictionary page is folded once, entry by entry; a data page gives dictionary indices (looked up in the
 * folded dictionary) or plain values (folded), placed by its definition levels with nulls in between.
 */
async function readChunk(loaded: Loaded, file: AsyncBuffer, meta: ColumnChunkMeta, decoder: Decoder, col: Column, rows: number, out: Float64Array, bad: BadRows): Promise<void> {
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  const buffer = await file.slice(start, start + Number(meta.total_compressed_size));
  const reader = { view: new DataView(buffer), offset: 0 };
  const maxDefinition = decoder.schemaPath.slice(1).filter((t) => t.element.repetition_type !== 'REQUIRED').length;
  const none = nullOf(col);
  let dictionary: Float64Array | undefined;
  let dictionaryBad: BadRows | undefined;
  let row = 0;
  while (row < rows && reader.offset < buffer.byteLength) {
    const header = loaded.parquetHeader(reader);
    const compressed = new Uint8Array(buffer, reader.offset, header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') {
      const entries = header.dictionary_page_header?.num_values ?? 0;
      const page = loaded.decompressPage(compressed, header.uncompressed_page_size, meta.codec, decoder.compressors);
      const values = loaded.readPlain({ view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 }, meta.type, entries, decoder.element.type_length);
      dictionary = new Float64Array(entries);
      dictionaryBad = new BadRows(entries);
      fold(col, values as ArrayLike<unknown>, 0, dictionary, dictionaryBad);
      continue;
    }
    let page: { definitionLevels: ArrayLike<number> | undefined; dataPage: ArrayLike<unknown> };
    let encoding: string;
    let count: number;
    if (header.type === 'DATA_PAGE' && header.data_page_header) {
      const daph = header.data_page_header;
      const bytes = loaded.decompressPage(compressed, header.uncompressed_page_size, meta.codec, decoder.compressors);
      page = loaded.readDataPage(bytes, daph, decoder);
      encoding = daph.encoding;
      count = daph.num_values;
    } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
      page = loaded.readDataPageV2(compressed, header, decoder);
      encoding = header.data_page_header_v2.encoding;
      count = header.data_page_header_v2.num_values;
    } else {
      // Index pages and the like hold no values.
      continue;
    }
    count = Math.min(count, rows - row);
    const defs = page.definitionLevels !== undefined && page.definitionLevels.length > 0 ? page.definitionLevels : undefined;
    const values = page.dataPage;
    if (encoding.endsWith('_DICTIONARY')) {
      if (!dictionary || !dictionaryBad) {
        throw new Error(`Reading Parquet failed: column ${decoder.pathInSchema.join('.')} uses a dictionary it does not have`);
      }
      const flags = dictionaryBad.count > 0 ? dictionaryBad.flags : undefined;
      for (let i = 0, k = 0; i < count; i++) {
        if (defs !== undefined && defs[i]! < maxDefinition) {
          out[row + i] = none;
          continue;
        }
        const index = values[k++] as number;
        out[row + i] = dictionary[index]!;
        if (flags !== undefined && flags[index] === 1) {
          bad.mark(row + i, dictionaryBad.messages.get(index)!);
        }
      }
    } else if (defs === undefined) {
      fold(col, values, row, out, bad);
    } else {
      // Plain values of the non-null rows only: fold them apart, then spread them over the rows.
      const folded = new Float64Array(values.length);
      const foldedBad = new BadRows(values.length);
      fold(col, values, 0, folded, foldedBad);
      for (let i = 0, k = 0; i < count; i++) {
        if (defs[i]! < maxDefinition) {
          out[row + i] = none;
        } else {
          if (foldedBad.flags[k] === 1) {
            bad.mark(row + i, foldedBad.messages.get(k)!);
          }
          out[row + i] = folded[k++]!;
        }
      }
    }
    row += count;
  }
  if (row < rows) {
    throw new Error(`Reading Parquet failed: column ${decoder.pathInSchema.join('.')} has ${row} values for ${rows} rows`);
  }
}

/**
 * Reads a VPC flow log Parquet file into a store, row group by row group and column by column. The
 * store's fields are the file's flow log columns in order (`log_status` -> `log-status`); other columns
 * are ignored (and named in an error at line 0). Rejects when the file is not Parquet, has no flow log
 * column, or the signal aborts.
 */
export async function parseParquet(source: AsyncBuffer | ArrayBuffer | Uint8Array, options: ParquetParseOptions = {}): Promise<FlowLogStore> {
  const loaded = await load();
  const compressors = options.decompressors ? { ...loaded.compressors, ...options.decompressors } : loaded.compressors;
  const file = source instanceof Uint8Array ? bufferSource(source) : source;
  const { signal, onProgress } = options;
  const maxErrors = options.maxErrors ?? 100_000;
  signal?.throwIfAborted();
  let metadata: FileMetaData;
  try {
    metadata = await loaded.hyparquet.parquetMetadataAsync(file);
  } catch (e) {
    throw new Error(`Reading Parquet failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const { fields, columns, ignored } = parquetFlowLogColumns(metadata);
  if (fields.length === 0) {
    throw new Error(`Reading Parquet failed: no column is a flow log field (columns: ${ignored.slice(0, 10).join(', ') || 'none'})`);
  }
  const store = new FlowLogStore(fields);
  const addError = (error: ParseError): void => {
    store.errorCount++;
    if (store.errors.length < maxErrors) {
      store.errors.push(error);
    }
  };
  if (ignored.length > 0) {
    addError({ line: 0, message: `Parquet columns that are not flow log fields were ignored: ${ignored.join(', ')}` });
  }
  const tree = loaded.hyparquet.parquetSchema(metadata);
  const decoders: Decoder[] = columns.map((name) => {
    const child = tree.children.find((c) => c.element.name === name)!;
    return {
      pathInSchema: [name], type: child.element.type!, element: child.element, schemaPath: [tree, child], codec: 'UNCOMPRESSED',
      parsers: {} as Decoder['parsers'], compressors,
    };
  });
  const total = Number(metadata.num_rows);
  store.reserve(total);
  const cols = store.columns;
  let scratch = new Float64Array(0);

  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    const base = store.count;
    if (scratch.length < rows) {
      scratch = new Float64Array(rows);
    }
    const bad = new BadRows(rows);
    /** Column `f` of the group into the scratch. */
    const readInto = async (f: number, marks: BadRows): Promise<void> => {
      const decoder = decoders[f]!;
      const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === columns[f]);
      if (!chunk?.meta_data) {
        throw new Error(`Reading Parquet failed: row group ${metadata.row_groups.indexOf(group) + 1} has no column ${columns[f]}`);
      }
      await readChunk(loaded, file, chunk.meta_data, { ...decoder, codec: chunk.meta_data.codec }, cols[f]!, rows, scratch, marks);
    };
    for (let f = 0; f < cols.length; f++) {
      signal?.throwIfAborted();
      await readInto(f, bad);
      cols[f]!.appendBatch(scratch, 1, 0, rows);
      onProgress?.(groupStart + Math.floor((rows * (f + 1)) / cols.length), total);
    }
    if (bad.count > 0) {
      // Rare (AWS writes valid files): undo the group and append its good rows only, column by column again.
      store.truncate(base);
      for (let f = 0; f < cols.length; f++) {
        signal?.throwIfAborted();
        await readInto(f, new BadRows(rows));
        cols[f]!.appendBatch(scratch, 1, 0, compact(scratch, rows, bad.flags));
      }
      for (const [row, message] of [...bad.messages].sort((a, b) => a[0] - b[0])) {
        addError({ line: groupStart + row + 1, message });
      }
    }
    groupStart += rows;
  }
  store.lines = total;
  store.trim();
  onProgress?.(total, total);
  return store;
}
