/**
 * The flow log parser: a hand-written byte loop over UTF-8 input (strings are encoded in slices) that
 * validates every field and appends rows to a columnar store in batches. Input may arrive in chunks of
 * any size (a chunk may end inside a line or inside a multibyte character); memory is bounded by the
 * store, plus one partial line of at most `maxLineLength` bytes.
 */
import { type AddressColumn, type DictColumn, SEEDED_VALUES, type Column } from './columns';
import { fieldInfo } from './fields';
import { DEFAULT_FIELDS, FormatError, headerTokens, parseFormat } from './format';
import { decodeBytes } from './intern';
import { parseIPv6 } from './ip';
import { FlowLogStore, type ParseError } from './store';
import { SummaryAccumulator, summarize, type Summary, type SummaryOptions } from './summary';

/** Options for every way of parsing. */
export interface ParseOptions {
  /**
   * The records' format: a `${field} ...` string (`LogFormat`) or space-separated field names. Without
   * it, a header line at the top (S3 exports) is honoured, else the default format is assumed.
   */
  format?: string;
  /** How many errors to keep in `errors` (all are counted in `errorCount`). Default 100,000. */
  maxErrors?: number;
  /** Longest line accepted, in bytes; longer lines are errors and are not buffered. Default 65,536. */
  maxLineLength?: number;
}

/** Options for {@link createParser}. */
export interface ParserOptions extends ParseOptions {
  /**
   * Keep the records (default true). With false, rows are folded into a summary page by page and
   * dropped, so memory does not grow with the input: read `summary()` and `records` at the end.
   */
  store?: boolean;
  /** Summary options for `store: false` (top N, histogram bucket). */
  summary?: SummaryOptions;
  /**
   * The input is a later part of a larger one (a file split at a line boundary to be parsed on several
   * threads): bytes at its start are text, not a byte order mark. Give the `format` found at the top.
   */
  continued?: boolean;
}

/** What a parser does with the rows once parsed. */
export interface RowSink {
  /** Called with the store each time it holds `pageRows` or more rows, and at the end; may clear it. */
  page(store: FlowLogStore, final: boolean): void;
  /** Rows to collect before calling `page`. */
  readonly pageRows: number;
  /** Fields whose dictionaries must survive `store.clearRows()` (others are reset per page). */
  readonly keepFields: ReadonlySet<string>;
}

const BATCH = 512;
const PAGE_ROWS = 65_536;
// Fields whose dictionaries a streaming summary reads across pages; other dictionaries are reset per page.
const SUMMARY_FIELDS: ReadonlySet<string> = new Set(['srcaddr', 'dstaddr', 'interface-id', 'action', 'log-status']);

/** Folds each page of rows into a summary, then drops the rows. */
class SummarySink implements RowSink {
  readonly accumulator: SummaryAccumulator;
  readonly pageRows = PAGE_ROWS;
  readonly keepFields = SUMMARY_FIELDS;
  records = 0;

  constructor(options?: SummaryOptions) {
    this.accumulator = new SummaryAccumulator(options);
  }

  page(store: FlowLogStore): void {
    this.accumulator.add(store);
    this.records += store.count;
    for (const col of store.columns) {
      if (this.keepFields.has(col.name)) {
        col.clear();
      } else {
        col.reset();
      }
    }
  }
}
const K_INT = 0;
const K_ADDR = 1;
const K_DICT = 2;
const K_ACTION = 3;
const K_STATUS = 4;
const K_SKIP = 5;
// Why a field is bad (index into WHY).
const W_NUMBER = 0;
const W_LARGE = 1;
const W_RANGE = 2;
const W_ADDRESS = 3;
const W_ACTION = 4;
const W_STATUS = 5;
const WHY = ['is not a number', 'is too large', 'is out of range', 'is not an IPv4 or IPv6 address', 'is not ACCEPT, REJECT or -', 'is not OK, NODATA, SKIPDATA or -'];

// In the order of their fixed codes (SEEDED_VALUES), then "-": matchWord's result is the code.
const ACTIONS = [...SEEDED_VALUES['action']!, '-'];
const STATUSES = [...SEEDED_VALUES['log-status']!, '-'];
const CH_DASH = 45;
/** The UTF-8 byte order mark some editors write at the start of a file: not part of the first record. */
const BOM = Uint8Array.of(0xef, 0xbb, 0xbf);

/** Incremental parser: `push` chunks (strings or bytes), then `end()` for the store. */
export class FlowLogParser {
  /** The store being filled; undefined until the format is known (first non-blank line, or `end`). */
  store: FlowLogStore | undefined;
  private readonly explicit: string[] | undefined;
  private readonly maxErrors: number;
  private readonly maxLine: number;
  private readonly sink: RowSink | undefined;
  private formatError: string | undefined;

  private names: string[] = [];
  private nFields = 0;
  private kinds = new Int32Array(0);
  private maxes = new Float64Array(0);
  private cols: Column[] = [];
  private firstName = new Uint8Array(0);
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);
  private scratch = new Float64Array(0);
  /** Positions of the fields that are not integers or addresses (checked or interned after a line). */
  private textFields = new Int32Array(0);
  private batchRows = 0;

  private lineNo = 0;
  private carry = new Uint8Array(256);
  private carryLen = 0;
  private skipping = false;
  private skippedBytes = 0;
  private pendingSurrogate = '';
  private encodeBuf = new Uint8Array(0);
  private readonly encoder = new TextEncoder();
  private ended = false;
  private expected = 0;
  /** Bytes of a byte order mark matched at the very start of the input; -1 once past the start. */
  private bom = 0;

  constructor(options: ParserOptions = {}, sink?: RowSink) {
    this.maxErrors = options.maxErrors ?? 100_000;
    this.maxLine = options.maxLineLength ?? 65_536;
    this.sink = sink ?? (options.store === false ? new SummarySink(options.summary) : undefined);
    if (options.continued) {
      this.bom = -1;
    }
    if (options.format !== undefined) {
      try {
        this.explicit = parseFormat(options.format);
      } catch (e) {
        this.explicit = undefined;
        this.formatError = e instanceof Error ? e.message : String(e);
      }
    }
    if (this.explicit) {
      this.resolve(this.explicit);
    }
  }

  /** True when a header line at the top (an S3 export's) named the fields. */
  headerFormat = false;

  /** Lines read so far (including blank and partial-last lines once ended). */
  get lines(): number {
    return this.lineNo;
  }

  /** Records parsed so far (in `store: false` mode, including those already summarised and dropped). */
  get records(): number {
    const kept = this.store?.count ?? 0;
    return this.sink instanceof SummarySink ? this.sink.records + kept : kept;
  }

  /**
   * The summary of every record so far: accumulated page by page in `store: false` mode (complete
   * after `end()`), else computed from the store.
   */
  summary(options?: SummaryOptions): Summary {
    if (this.sink instanceof SummarySink) {
      if (this.store && this.store.count > 0) {
        this.sink.page(this.store);
      }
      return this.sink.accumulator.result();
    }
    return summarize(this.store ?? new FlowLogStore([]), undefined, options);
  }

  /** A hint: about how many lines are coming (the store's arrays are sized once, not grown). */
  expectLines(lines: number): void {
    this.expected = lines;
    this.store?.reserve(lines);
  }

  /** Parses a chunk: a string, or bytes (UTF-8) such as a Buffer. */
  push(chunk: string | Uint8Array): void {
    if (this.ended) {
      throw new Error('Flow log parser: push() after end()');
    }
    if (this.formatError !== undefined) {
      return;
    }
    if (typeof chunk === 'string') {
      this.pushString(chunk);
    } else {
      this.pushBytes(chunk);
    }
    this.flush();
  }

  /** Forgets a partial last line (input stopped on purpose mid-line): `end()` will not report it as a bad line. */
  dropPartialLine(): void {
    this.carryLen = 0;
    this.skipping = false;
    this.bom = -1;
  }

  /** Finishes: parses a last line without a newline, and returns the store. */
  end(): FlowLogStore {
    if (!this.ended) {
      this.ended = true;
      if (this.bom > 0 && this.formatError === undefined) {
        // The input ended inside what could have been a byte order mark: those bytes are text.
        const head = BOM.slice(0, this.bom);
        this.bom = -1;
        this.pushBytes(head);
      }
      if (this.pendingSurrogate !== '' && this.formatError === undefined) {
        // A lone high surrogate ended the text: it becomes U+FFFD, as any invalid UTF-16 does.
        const bytes = this.encoder.encode(this.pendingSurrogate);
        this.pendingSurrogate = '';
        this.pushBytes(bytes);
      }
      if (this.formatError === undefined) {
        if (this.skipping) {
          this.skipping = false;
          this.tooLong(++this.lineNo, this.skippedBytes, this.carry, 0, this.carryLen);
          this.carryLen = 0;
        } else if (this.carryLen > 0) {
          const n = this.carryLen;
          this.carryLen = 0;
          this.block(this.carry, 0, n, true);
        }
      }
      if (!this.store) {
        this.resolve(this.formatError !== undefined ? [] : this.explicit ?? [...DEFAULT_FIELDS]);
      }
      const store = this.store!;
      if (this.formatError !== undefined) {
        this.addError(0, this.formatError, undefined, 0, 0);
      }
      this.flush();
      store.lines = this.lineNo;
      this.maybePage(true);
      if (!this.sink) {
        store.trim();
      }
    }
    return this.store!;
  }

  private pushString(text: string): void {
    if (this.pendingSurrogate !== '') {
      text = this.pendingSurrogate + text;
      this.pendingSurrogate = '';
    }
    const SLICE = 1 << 18;
    if (this.encodeBuf.length < SLICE * 3) {
      this.encodeBuf = new Uint8Array(SLICE * 3);
    }
    for (let i = 0; i < text.length; ) {
      let j = Math.min(text.length, i + SLICE);
      const last = text.charCodeAt(j - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        // Keep a pair together: the low half is in the next slice or the next chunk.
        j--;
        if (j === text.length - 1) {
          this.pendingSurrogate = text.slice(j);
        }
        if (j === i) {
          break;
        }
      }
      const { written } = this.encoder.encodeInto(text.slice(i, j), this.encodeBuf);
      this.pushBytes(this.encodeBuf.subarray(0, written));
      i = j === text.length - 1 && this.pendingSurrogate !== '' ? text.length : j;
    }
  }

  private pushBytes(input: Uint8Array): void {
    if (this.bom >= 0) {
      const rest = this.skipBom(input);
      if (rest === undefined) {
        return;
      }
      input = rest;
    }
    // One element type in the hot loop, whatever the caller passed (Buffer, Uint8Array subclass...).
    const bytes = input.constructor === Uint8Array ? input : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    let pos = 0;
    const len = bytes.length;
    if (this.carryLen > 0 || this.skipping) {
      const nl = bytes.indexOf(10);
      this.addToCarry(bytes, 0, nl < 0 ? len : nl);
      if (nl < 0) {
        return;
      }
      const n = this.carryLen;
      this.carryLen = 0;
      if (this.skipping) {
        this.skipping = false;
        this.tooLong(++this.lineNo, this.skippedBytes, this.carry, 0, n);
      } else {
        this.block(this.carry, 0, n, true);
      }
      pos = nl + 1;
    }
    pos = this.block(bytes, pos, len, false);
    if (pos < len) {
      this.addToCarry(bytes, pos, len);
    }
  }

  /**
   * Drops a UTF-8 byte order mark at the start of the input, even one split across chunks. Returns the
   * bytes to parse, or undefined when the chunk ended inside a possible mark.
   */
  private skipBom(input: Uint8Array): Uint8Array | undefined {
    const before = this.bom;
    let k = 0;
    while (k < input.length && this.bom < 3 && input[k] === BOM[this.bom]) {
      k++;
      this.bom++;
    }
    if (this.bom === 3) {
      this.bom = -1;
      return input.subarray(k);
    }
    if (k === input.length) {
      return undefined;
    }
    // Not a mark: the bytes matched in earlier chunks are text, before this chunk.
    this.bom = -1;
    if (before === 0) {
      return input;
    }
    const joined = new Uint8Array(before + input.length);
    joined.set(BOM.subarray(0, before));
    joined.set(input, before);
    return joined;
  }

  /**
   * Parses the lines of `buf[start..end)`; with `final`, text after the last newline is a line too.
   * Returns where the unparsed rest (a partial last line) starts.
   */
  private block(buf: Uint8Array, start: number, end: number, final: boolean): number {
    let i = start;
    while (!this.store && i < end) {
      let nl = buf.indexOf(10, i);
      if (nl < 0 || nl >= end) {
        if (!final) {
          return i;
        }
        nl = end;
      }
      this.firstLine(buf, i, nl);
      i = nl + 1;
    }
    return i < end ? this.parseLines(buf, i, end, final) : end;
  }

  /** A line before the format is known: blank, an S3 header, or the first record. */
  private firstLine(buf: Uint8Array, start: number, end: number): void {
    let k = start;
    while (k < end && buf[k]! <= 32) {
      k++;
    }
    if (k === end) {
      this.lineNo++;
      return;
    }
    const tokens = headerTokens(decodeBytes(buf, start, end));
    if (tokens) {
      this.lineNo++;
      try {
        this.resolve(parseFormat(tokens.join(' ')));
        this.headerFormat = true;
      } catch (e) {
        this.resolve([...DEFAULT_FIELDS]);
        this.addError(this.lineNo, `Header line: ${e instanceof FormatError ? e.message : String(e)}`, buf, start, end);
      }
      return;
    }
    this.resolve([...DEFAULT_FIELDS]);
    this.parseLines(buf, start, end, true);
  }

  /**
   * The hot loop: splits lines, tokenizes, validates and stores each record in one pass over the
   * bytes. Every byte <= 32 (space, tab, CR, other controls) separates fields; LF ends a line.
   */
  private parseLines(buf: Uint8Array, start: number, end: number, final: boolean): number {
    const nFields = this.nFields;
    const kinds = this.kinds;
    const maxes = this.maxes;
    const starts = this.starts;
    const ends = this.ends;
    const scratch = this.scratch;
    const textFields = this.textFields;
    const maxLine = this.maxLine;
    // A header line starts with the first field's name: only such lines need a closer look.
    const headerByte = this.firstName[0] ?? -1;
    let i = start;
    while (i < end) {
      const ls = i;
      const base = this.batchRows * nFields;
      let f = 0;
      let bad = -1;
      let why = 0;
      let badS = 0;
      let badE = 0;
      let eol = false;
      let first = 0;
      let c = 0;
      for (;;) {
        while (i < end) {
          c = buf[i]!;
          if (c > 32) {
            break;
          }
          if (c === 10) {
            eol = true;
            break;
          }
          i++;
        }
        if (eol || i >= end) {
          break;
        }
        const s = i;
        if (f === 0) {
          first = c;
        }
        const kind = f < nFields ? kinds[f]! : K_SKIP;
        if (kind === K_INT) {
          let v = 0;
          let ok = true;
          for (; i < end; i++) {
            c = buf[i]!;
            if (c <= 32) {
              break;
            }
            const d = c - 48;
            if (d >>> 0 > 9) {
              ok = false;
            }
            v = v * 10 + d;
          }
          if (ok && i - s <= 15) {
            if (v <= maxes[f]!) {
              scratch[base + f] = v;
            } else if (bad < 0) {
              bad = f;
              why = W_RANGE;
            }
          } else if (i - s === 1 && buf[s] === CH_DASH) {
            scratch[base + f] = NaN;
          } else if (bad < 0) {
            bad = f;
            why = ok ? W_LARGE : W_NUMBER;
          }
        } else if (kind === K_ADDR) {
          let value = 0;
          let octet = 0;
          let digits = 0;
          let dots = 0;
          let ok = true;
          for (; i < end; i++) {
            c = buf[i]!;
            if (c <= 32) {
              break;
            }
            if (c === 46) {
              if (digits === 0 || digits > 3 || octet > 255) {
                ok = false;
              }
              value = value * 256 + octet;
              octet = 0;
              digits = 0;
              dots++;
            } else {
              const d = c - 48;
              // A digit after a leading 0 ("010") is not a dotted quad as AWS writes it.
              if (d >>> 0 > 9 || (digits > 0 && octet === 0)) {
                ok = false;
              }
              octet = octet * 10 + d;
              digits++;
            }
          }
          if (ok && dots === 3 && digits > 0 && digits <= 3 && octet <= 255 && i - s <= 15) {
            scratch[base + f] = value * 256 + octet;
          } else if (i - s === 1 && buf[s] === CH_DASH) {
            scratch[base + f] = NaN;
          } else {
            const code = this.ipv6Code(this.cols[f] as AddressColumn, buf, s, i);
            if (code !== 0) {
              scratch[base + f] = -code;
            } else if (bad < 0) {
              bad = f;
              why = W_ADDRESS;
            }
          }
        } else {
          // Text, ids, enums and extra fields: found here, checked or interned below.
          for (; i < end; i++) {
            if (buf[i]! <= 32) {
              break;
            }
          }
          if (f < nFields) {
            starts[f] = s;
            ends[f] = i;
          }
        }
        if (bad === f && badE === 0) {
          badS = s;
          badE = i;
        }
        f++;
      }
      if (!eol && !final) {
        return ls;
      }
      const le = i;
      i = le + 1;
      const lineNo = ++this.lineNo;
      if (f === 0) {
        continue;
      }
      if (le - ls > maxLine) {
        this.tooLong(lineNo, le - ls, buf, ls, le);
        continue;
      }
      if (f !== nFields) {
        if (first === headerByte && this.isHeader(buf, ls, le)) {
          continue;
        }
        const what = f === 1 && nFields > 1 ? 'not a flow log record' : f < nFields ? `${plural(nFields - f, 'field')} missing` : `${plural(f - nFields, 'field')} too many`;
        this.addError(lineNo, `Expected ${nFields} fields, found ${f}: ${what}`, buf, ls, le);
        continue;
      }
      if (first === headerByte && this.isHeader(buf, ls, le)) {
        continue;
      }
      for (let k = 0; k < textFields.length && bad < 0; k++) {
        const t = textFields[k]!;
        const kind = kinds[t]!;
        if (kind === K_ACTION || kind === K_STATUS) {
          const words = kind === K_ACTION ? ACTIONS : STATUSES;
          const code = matchWord(buf, starts[t]!, ends[t]!, words);
          if (code === 0) {
            bad = t;
            why = kind === K_ACTION ? W_ACTION : W_STATUS;
            badS = starts[t]!;
            badE = ends[t]!;
          }
          scratch[base + t] = code === words.length ? 0 : code;
        }
      }
      if (bad >= 0) {
        this.addError(lineNo, `${this.names[bad]}: ${quote(buf, badS, badE)} ${WHY[why]}${why === W_RANGE ? ` (0-${maxes[bad]})` : ''}`, buf, ls, le);
        continue;
      }
      // Interned only once the whole line is known to be good, so bad lines add no dictionary entries.
      for (let k = 0; k < textFields.length; k++) {
        const t = textFields[k]!;
        if (kinds[t] === K_DICT) {
          const s = starts[t]!;
          const e = ends[t]!;
          scratch[base + t] = e - s === 1 && buf[s] === CH_DASH ? 0 : (this.cols[t] as DictColumn).dict.internRepeated(buf, s, e);
        }
      }
      if (++this.batchRows === BATCH) {
        this.flush();
      }
    }
    return end;
  }

  private addToCarry(bytes: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.skipping) {
      this.skippedBytes += n;
      return;
    }
    if (this.carryLen + n > this.maxLine) {
      // Too long to be a record: keep the first bytes for the error, count and drop the rest.
      this.skipping = true;
      this.skippedBytes = this.carryLen + n;
      const keep = Math.min(n, Math.max(0, 1024 - this.carryLen));
      this.ensureCarry(this.carryLen + keep);
      this.carry.set(bytes.subarray(start, start + keep), this.carryLen);
      this.carryLen += keep;
      return;
    }
    this.ensureCarry(this.carryLen + n);
    this.carry.set(bytes.subarray(start, end), this.carryLen);
    this.carryLen += n;
  }

  private ensureCarry(n: number): void {
    if (n > this.carry.length) {
      const b = new Uint8Array(Math.max(n, this.carry.length * 2));
      b.set(this.carry.subarray(0, this.carryLen));
      this.carry = b;
    }
  }

  private resolve(fields: string[]): void {
    this.names = fields;
    this.nFields = fields.length;
    this.store = new FlowLogStore(fields);
    if (this.expected > 0 && !this.sink) {
      this.store.reserve(this.expected);
    }
    this.cols = [...this.store.columns];
    this.kinds = new Int32Array(this.nFields);
    this.maxes = new Float64Array(this.nFields);
    for (let f = 0; f < this.nFields; f++) {
      const info = fieldInfo(fields[f]!)!;
      this.maxes[f] = info.max ?? Number.MAX_SAFE_INTEGER;
      if (info.kind === 'integer') {
        this.kinds[f] = K_INT;
      } else if (info.kind === 'address') {
        this.kinds[f] = K_ADDR;
      } else if (info.name === 'action') {
        this.kinds[f] = K_ACTION;
      } else if (info.name === 'log-status') {
        this.kinds[f] = K_STATUS;
      } else {
        this.kinds[f] = K_DICT;
      }
    }
    this.firstName = this.encoder.encode(fields[0] ?? '');
    this.textFields = Int32Array.from(fields.map((_, f) => f).filter((f) => this.kinds[f]! >= K_DICT));
    this.starts = new Int32Array(this.nFields + 1);
    this.ends = new Int32Array(this.nFields + 1);
    this.scratch = new Float64Array(BATCH * this.nFields);
    this.batchRows = 0;
  }

  /** True for a repeated header line (concatenated S3 exports); an error if it names other fields. */
  private isHeader(buf: Uint8Array, start: number, end: number): boolean {
    const name = this.firstName;
    let s = start;
    while (s < end && buf[s]! <= 32) {
      s++;
    }
    for (let k = 0; k < name.length; k++) {
      if (buf[s + k] !== name[k]) {
        return false;
      }
    }
    if (s + name.length < end && buf[s + name.length]! > 32) {
      return false;
    }
    const tokens = headerTokens(decodeBytes(buf, start, end));
    if (!tokens) {
      return false;
    }
    if (!tokens.every((t, k) => t === this.names[k])) {
      this.addError(this.lineNo, `Header line for a different format (${tokens.join(' ')}); records here use ${this.names.join(' ')}`, buf, start, end);
    }
    return true;
  }

  private ipv6Code(col: AddressColumn, buf: Uint8Array, s: number, e: number): number {
    const known = col.altStrings.lookup(buf, s, e);
    if (known !== 0) {
      return known;
    }
    let colon = false;
    for (let k = s; k < e; k++) {
      if (buf[k] === 58) {
        colon = true;
        break;
      }
    }
    if (!colon || e - s > 64 || parseIPv6(decodeBytes(buf, s, e)) === undefined) {
      return 0;
    }
    return col.altStrings.intern(buf, s, e);
  }

  private flush(): void {
    const n = this.batchRows;
    if (n === 0) {
      return;
    }
    const nFields = this.nFields;
    for (let f = 0; f < nFields; f++) {
      this.cols[f]!.appendBatch(this.scratch, nFields, f, n);
    }
    this.batchRows = 0;
    this.maybePage(false);
  }

  private maybePage(final: boolean): void {
    const sink = this.sink;
    const store = this.store;
    if (!sink || !store || (!final && store.count < sink.pageRows)) {
      return;
    }
    sink.page(store, final);
  }

  private tooLong(lineNo: number, length: number, buf: Uint8Array, start: number, end: number): void {
    if (!this.store) {
      this.resolve(this.explicit ?? [...DEFAULT_FIELDS]);
    }
    this.addError(lineNo, `Line is ${length} bytes long, more than any flow log record (limit ${this.maxLine})`, buf, start, Math.min(end, start + 1000));
  }

  private addError(line: number, message: string, buf: Uint8Array | undefined, start: number, end: number): void {
    const store = this.store!;
    store.errorCount++;
    if (store.errors.length < this.maxErrors) {
      const error: ParseError = buf ? { line, message, text: decodeBytes(buf, start, Math.min(end, start + 1000)) } : { line, message };
      store.errors.push(error);
    }
  }
}

function plural(n: number, word: string): string {
  return n === 1 ? `1 ${word}` : `${n} ${word}s`;
}

/** 1-based index of the word in `words` equal to the bytes, or 0. */
function matchWord(buf: Uint8Array, s: number, e: number, words: readonly string[]): number {
  const len = e - s;
  outer: for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    if (word.length !== len) {
      continue;
    }
    for (let k = 0; k < len; k++) {
      if (buf[s + k] !== word.charCodeAt(k)) {
        continue outer;
      }
    }
    return w + 1;
  }
  return 0;
}

/** A field's text for a message: quoted and escaped, at most 40 characters. */
function quote(buf: Uint8Array, s: number, e: number): string {
  const text = decodeBytes(buf, s, Math.min(e, s + 160));
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(short);
}

/**
 * An incremental parser: `push` chunks (strings, Buffers, any chunk boundaries), then `end()`. With
 * `store: false` it keeps no records, only a running summary (`summary()`, `records`).
 */
export function createParser(options?: ParserOptions): FlowLogParser {
  return new FlowLogParser(options);
}

/**
 * Parses flow log text (or UTF-8 bytes) into a store: `fields`, `count`, `errors`, `toObjects()`.
 * Never throws for bad input: a line that does not fit the format is an entry in `errors` (1-based
 * line number, what is wrong); blank lines are skipped. An unusable `format` option is an error at
 * line 0 and no records.
 */
export function parseFlowLogs(text: string | Uint8Array, options?: ParseOptions): FlowLogStore {
  const parser = new FlowLogParser(options);
  parser.expectLines(countLines(text));
  parser.push(text);
  return parser.end();
}

/** Lines in a text: an upper bound on its records, to size the store's arrays once. */
function countLines(text: string | Uint8Array): number {
  let n = 1;
  if (typeof text === 'string') {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      n++;
    }
  } else {
    for (let i = text.indexOf(10); i >= 0; i = text.indexOf(10, i + 1)) {
      n++;
    }
  }
  return n;
}
