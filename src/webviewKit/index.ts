/**
 * The webview kit: what the flow log viewer's page and the Logs Insights results page share. The
 * virtualised table, element helpers that only ever set text (never markup), how values are shown, and
 * the answers to the integration tests' probes. Import from here, not from the files behind it.
 */
export { button, clear, el, icon, type ElementProps } from './dom';
export { cellText, cellTitle, formatBytes, formatCount, formatTime, isNumericKind, parseTime, utcOffset } from './format';
export { middleEllipsis, plural, shortLabel } from './labelText';
export { probeAnswer, runProbe } from './probe';
export { BLOCK, RowCache } from './rowCache';
export { ROW_HEIGHT, VirtualTable, type TableColumn, type TableEvents } from './table';
export type { Cell, ColumnInfo, ColumnKind, ProbeAction, ProbedElement, RowData, SortState } from './types';
