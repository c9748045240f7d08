/**
 * What an Athena query costs: Athena (SQL queries, not provisioned capacity) bills the bytes a query
 * scans, rounded up to the next megabyte, at least 10 MB per query, at a price per terabyte ($5 in most
 * regions; DDL statements and failed queries are free; a cancelled query is billed for what it scanned).
 * AWS counts these units in powers of two, as the rest of the extension shows sizes (KiB, MiB, GiB).
 */

const MIB = 2 ** 20;
const TIB = 2 ** 40;

/** Options of {@link athenaCostEstimate}. */
export interface CostOptions {
  /** US dollars per terabyte scanned. Default 5. */
  pricePerTb?: number;
}

/** What a query's scan is billed as. */
export interface CostEstimate {
  /** Bytes the query scanned (as `GetQueryExecution` reports `DataScannedInBytes`). */
  readonly bytesScanned: number;
  /** Bytes billed: rounded up to the megabyte, at least 10 MB. */
  readonly billedBytes: number;
  /** US dollars. */
  readonly dollars: number;
}

/** The billed bytes and dollars of a query that scanned `bytesScanned` bytes. */
export function athenaCostEstimate(bytesScanned: number, options: CostOptions = {}): CostEstimate {
  const price = options.pricePerTb ?? 5;
  if (!Number.isFinite(bytesScanned) || bytesScanned < 0) {
    throw new Error(`Athena cost estimate failed: ${bytesScanned} is not a number of bytes`);
  }
  if (!Number.isFinite(price) || price < 0) {
    throw new Error(`Athena cost estimate failed: ${price} is not a price per terabyte`);
  }
  const billedBytes = Math.max(10, Math.ceil(bytesScanned / MIB)) * MIB;
  return { bytesScanned, billedBytes, dollars: (billedBytes / TIB) * price };
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes in binary units with one decimal where it helps: `512 B`, `1.2 GiB`, `35 MiB`. */
export function formatScannedBytes(bytes: number): string {
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  const text = u === 0 || v >= 100 ? Math.round(v).toString() : v.toFixed(1).replace(/\.0$/, '');
  return `${text} ${UNITS[u]}`;
}

/** Dollars with one significant digit below a cent (`$0.006`), else cents (`$1.25`). */
export function formatDollars(dollars: number): string {
  if (dollars === 0) {
    return '$0';
  }
  if (dollars < 0.01) {
    const rounded = Number(dollars.toPrecision(1));
    return `$${rounded.toFixed(Math.min(10, Math.max(2, -Math.floor(Math.log10(rounded)))))}`;
  }
  return `$${dollars.toFixed(2)}`;
}

/** One line for a running or finished query: `1.2 GiB scanned, about $0.006`. */
export function formatScanCost(bytesScanned: number, options: CostOptions = {}): string {
  const { dollars } = athenaCostEstimate(bytesScanned, options);
  return `${formatScannedBytes(bytesScanned)} scanned, about ${formatDollars(dollars)}`;
}
