/**
 * The shapes the webview kit works with: columns, rows and cells of a table, its sort, and the probes
 * the integration tests send. Shared by the viewer's protocol and the Logs Insights results protocol;
 * pure (no DOM, no vscode).
 */

/** How a column's values are shown. */
export type ColumnKind =
  | 'number'
  | 'count'
  | 'bytes'
  | 'time'
  | 'address'
  | 'port'
  | 'protocol'
  | 'action'
  | 'status'
  | 'interface'
  | 'flags'
  | 'text';

/** One column of the table: a field of the record format. */
export interface ColumnInfo {
  /** Field name as in the format, e.g. `srcaddr`. */
  readonly field: string;
  /** Readable header, e.g. "Source address". */
  readonly label: string;
  readonly kind: ColumnKind;
  /** One-line explanation, shown as the header's tooltip. */
  readonly description: string;
}

/** A raw field value: numbers for numeric fields, the exact text otherwise, null for `-`. */
export type Cell = string | number | null;

/** One record as the webview receives it. */
export interface RowData {
  /** Index of the record in the host's store: stable while the data does not change (see `generation`). */
  readonly id: number;
  /** Values in the order of the `loaded` message's columns. */
  readonly values: readonly Cell[];
  /** Short notes shown beside values, by column index: protocol and port names, address labels, flag names. */
  readonly notes?: Readonly<Record<number, string>>;
}

/** Sort order; null keeps the source's order. */
export interface SortState {
  readonly field: string;
  readonly descending: boolean;
}

/**
 * What the integration tests, which run in the extension host, may ask of the webview's real DOM. The
 * webview answers only when `init.testHooks` is set, which the panel does only outside production.
 */
export type ProbeAction =
  /** Elements matching a selector: their class, text and a few attributes. */
  | { readonly kind: 'query'; readonly selector: string }
  /** A computed style property of the first match. */
  | { readonly kind: 'style'; readonly selector: string; readonly property: string }
  /** Types into an input (sets its value and fires `input`). */
  | { readonly kind: 'input'; readonly selector: string; readonly value: string }
  | { readonly kind: 'click'; readonly selector: string }
  | { readonly kind: 'key'; readonly selector: string; readonly key: string };

/** One element as a probe reports it. */
export interface ProbedElement {
  readonly tag: string;
  readonly className: string;
  readonly text: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Number of element children (a line shown as text has none). */
  readonly children: number;
}
