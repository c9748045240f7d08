/**
 * The flow log engine: field catalogue, formats, a fast incremental parser into a columnar store,
 * views (filter, sort, window), summaries and enrichment. Pure: no `vscode`; only `stream.ts` needs
 * Node (files, gzip).
 *
 * Typical use:
 * ```ts
 * const store = parseFlowLogs(text, { format: flowLog.LogFormat });   // fields, count, errors, toObjects()
 * const rows = filter(store, { action: 'REJECT', dstaddr: '10.1.0.0/16', text: 'ssh' });
 * const sorted = sortView(store, rows, 'bytes', true);
 * for (const row of window(sorted, 0, 50)) { store.get(row, 'srcaddr'); store.line(row); }
 * const summary = summarize(store, rows);                              // totals, top talkers, histogram...
 * ```
 * Files, streams and `.gz` (Node only, so not re-exported here to keep this module browser-safe):
 * `import { parseFile, summarizeFile, parseStream } from './flowlogs/stream'`.
 */
export { FIELDS, fieldInfo, formatVersion, isNumericField, type FieldInfo, type FieldKind } from './fields';
export { DEFAULT_FIELDS, DEFAULT_FORMAT, FormatError, formatString, headerTokens, isDefaultFormat, parseFormat } from './format';
export { AddressColumn, DictColumn, IntColumn, type CellValue, type Column } from './columns';
export { FlowLogStore, type FlowLogObject, type ParseError } from './store';
export { FlowLogParser, createParser, parseFlowLogs, type ParseOptions, type ParserOptions } from './parser';
export { allRows, filter, sortView, window, type FilterSpec, type PortSpec, type RowView } from './query';
export {
  SummaryAccumulator, summarize, topTalkers,
  type AddressTotals, type Histogram, type HistogramBucket, type InterfaceTotals, type PortTotals, type Summary,
  type SummaryOptions, type Talker,
} from './summary';
export {
  describeValue, encryptionStatusMeaning, formatTimestamp, portName, protocolName, protocolNumber, tcpFlagNames,
  trafficPathMeaning,
} from './enrich';
export { formatIPv4, isIPAddress, matchAddress, parseCidr, parseIPv4, parseIPv6, type AddressPattern } from './ip';
export { isFlowLogHeader, isFlowLogRecord, looksLikeFlowLog } from './detect';
export { detectFormat, fittingFormats, formatSummary, wellKnownFormats, type FormatFit } from './formatFit';
