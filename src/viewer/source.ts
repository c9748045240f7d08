/**
 * What the flow log viewer reads records from. Files and editor documents are implemented by the viewer
 * itself; the AWS explorer implements this interface for CloudWatch log streams and log groups and
 * opens the viewer on them with {@link ViewerService.open}.
 *
 * Kept free of `vscode` imports so the viewer's controller, its tests and its benchmark run in plain Node.
 */

/** One page of raw flow log lines read from a source. */
export interface RecordPage {
  /**
   * The lines, in chronological order (a CloudWatch event's message is one line). An S3 export's header
   * line may come first in the initial page; it is honoured when the source has no {@link RecordSource.format}.
   * Give one of `lines`, `text`, `chunks` or `parquet`.
   */
  readonly lines?: readonly string[];
  /** The same as one text (or its UTF-8 bytes), lines separated by newlines: cheaper for whole files. */
  readonly text?: string | Uint8Array;
  /**
   * The page as bytes read in chunks (a file, an S3 object body), parsed as they arrive and never held
   * whole. The iterable stops when the signal fires.
   */
  readonly chunks?: (signal: AbortSignal) => AsyncIterable<Uint8Array>;
  /** `'gzip'` when {@link chunks} are gzip-compressed. */
  readonly compression?: 'gzip';
  /** Total bytes of the page when known (for progress). */
  readonly size?: number;
  /** A Parquet file or object, read column by column into the store (the `AsyncBuffer` shape of hyparquet). */
  readonly parquet?: { readonly byteLength: number; slice(start: number, end?: number): Promise<ArrayBuffer> | ArrayBuffer };
  /** How messages name what was read, e.g. `flow.log.gz`. */
  readonly name?: string;
  /** Whether older records exist before this page (meaningful for loadInitial and loadOlder). */
  readonly hasOlder?: boolean;
  /** Whether newer records exist after this page (meaningful for loadInitial and loadNewer). */
  readonly hasNewer?: boolean;
}

/** Progress of a long load, shown in the viewer beside its Cancel button. */
export interface LoadProgress {
  /** Lines (events) read so far by this load. */
  readonly lines: number;
  /** A short human-readable note, e.g. "page 3 of eni-0a1b...-all". */
  readonly message?: string;
}

/**
 * A source of flow log records.
 *
 * Every load receives an `AbortSignal` that fires when the user presses Cancel or closes the panel: stop
 * the remote work then and reject (any error is fine; the viewer ignores errors after an abort).
 */
export interface RecordSource {
  /**
   * Stable identity, `<kind>:<rest>`, e.g. `cloudwatch:us-west-2/my-group/eni-0a1b2c3d4e5f60718-all`.
   * The viewer reveals an open panel with the same id instead of opening another, and after a window
   * reload it asks the resolver registered for `<kind>` (see {@link ViewerService.registerSourceResolver})
   * to recreate the source from this id.
   */
  readonly id: string;
  /** Panel title, e.g. the stream or file name. */
  readonly title: string;
  /** A longer description shown under the toolbar, e.g. "log group X, region us-west-2". */
  readonly description?: string;
  /** The flow log's `LogFormat` (`${version} ${account-id} ...`) when known; otherwise a header line or the default format applies. */
  readonly format?: string;
  /**
   * Labels for addresses, e.g. `10.2.15.210` -> `Instance 2 (eni-0123...)`: the account's own network
   * interfaces and their instances' Name tags, known to the explorer.
   */
  readonly labels?: ReadonlyMap<string, string>;
  /** CIDR blocks of the VPCs involved (e.g. `10.1.0.0/16`): lets the viewer name each VPC's DNS resolver (base + 2). */
  readonly vpcCidrs?: readonly string[];
  /** True when {@link loadNewer} can be polled for new events ("follow" mode). */
  readonly canFollow?: boolean;

  /** Reads the first page (for CloudWatch: the newest events, or a chosen time range). */
  loadInitial(signal: AbortSignal, progress?: (progress: LoadProgress) => void): Promise<RecordPage>;
  /** Reads the page before the oldest one read so far. Absent when the source has no paging. */
  loadOlder?(signal: AbortSignal, progress?: (progress: LoadProgress) => void): Promise<RecordPage>;
  /** Reads events after the newest one read so far (an empty page when there are none yet). */
  loadNewer?(signal: AbortSignal, progress?: (progress: LoadProgress) => void): Promise<RecordPage>;
  /** Called when the viewer panel closes. */
  dispose?(): void;
}

/** Recreates a source from its {@link RecordSource.id} after a window reload; undefined when it no longer exists. */
export type SourceResolver = (id: string) => RecordSource | undefined | Promise<RecordSource | undefined>;

/** Options of {@link ViewerService.open}. */
export interface OpenViewerOptions {
  /** Keep focus where it is (e.g. in the explorer tree). */
  readonly preserveFocus?: boolean;
}

/**
 * The viewer as other areas of the extension use it; created by `registerViewer` and handed to them
 * through the services object built in `extension.ts`.
 */
export interface ViewerService {
  /** Opens (or reveals) a viewer panel on a source. */
  open(source: RecordSource, options?: OpenViewerOptions): Promise<void>;
  /**
   * Registers how sources of one kind (the part of the id before the first `:`) are recreated after a
   * window reload. Returns a disposable that unregisters it.
   */
  registerSourceResolver(kind: string, resolve: SourceResolver): { dispose(): void };
}

/** The `<kind>` part of a source id (`cloudwatch` in `cloudwatch:...`). */
export function sourceKind(id: string): string {
  const colon = id.indexOf(':');
  return colon < 0 ? id : id.slice(0, colon);
}
