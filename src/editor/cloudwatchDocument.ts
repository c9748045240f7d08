/**
 * CloudWatch log streams as read-only documents in the `vpc-flow-log` language, for people who prefer
 * text to the viewer: the newest events first, "Load older events" as a CodeLens at the top (and
 * "Load newer" beside it), read with GetLogEvents at the API maximum per call.
 */
import * as vscode from 'vscode';
import type { Connection } from '../aws/connection';
import { StreamEventReader } from '../aws/logReaders';
import type { LogsApi } from '../aws/logs';
import type { LogEvent } from '../aws/models';
import type { LogStreamRef } from '../aws/refs';

/** The URI scheme of stream documents. */
export const CLOUDWATCH_SCHEME = 'vpcflowlogs-cloudwatch';

/** Identifies a stream document. */
export interface StreamDocumentTarget {
  readonly region: string;
  readonly group: string;
  readonly stream: string;
}

/**
 * `vpcflowlogs-cloudwatch:/<stream>.flowlog?region=..&group=..&stream=..`: the tab shows the stream name,
 * and the `.flowlog` extension gives the document the flow log language, also when it is restored.
 */
export function streamDocumentUri(target: StreamDocumentTarget): vscode.Uri {
  return vscode.Uri.from({
    scheme: CLOUDWATCH_SCHEME,
    path: `/${target.stream.replace(/\//g, '_')}.flowlog`,
    query: new URLSearchParams({ region: target.region, group: target.group, stream: target.stream }).toString(),
  });
}

/** The stream a document URI stands for. */
export function parseStreamDocumentUri(uri: vscode.Uri): StreamDocumentTarget | undefined {
  if (uri.scheme !== CLOUDWATCH_SCHEME) {
    return undefined;
  }
  const query = new URLSearchParams(uri.query);
  const region = query.get('region');
  const group = query.get('group');
  const stream = query.get('stream');
  return region && group && stream ? { region, group, stream } : undefined;
}

/** What the documents need from the rest of the extension. */
export interface StreamDocumentDeps {
  readonly logs: LogsApi;
  connection(): Promise<Connection>;
  /** Events per GetLogEvents call (at most 10,000). */
  eventsPerRequest(): number;
  /** The flow log format of the stream, when the explorer knows it. */
  formatFor(group: string, stream: string): Promise<string | undefined>;
  /** Tells the flow log language a document's format (hovers and diagnostics use it). */
  setKnownFormat?(uri: vscode.Uri, format: string | undefined): void;
  /** Commands that open the stream in the viewer exist (the lens offers it). */
  readonly viewerCommand?: string;
  readonly log: vscode.LogOutputChannel;
}

interface StreamState {
  readonly target: StreamDocumentTarget;
  readonly reader: StreamEventReader;
  events: LogEvent[];
  hasOlder: boolean;
  loading: Promise<void> | undefined;
  ready: Promise<void>;
}

const utc = (time: number): string => new Date(time).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');

/** The content provider and the CodeLens of stream documents. */
export class CloudWatchDocuments implements vscode.TextDocumentContentProvider, vscode.CodeLensProvider, vscode.Disposable {
  private readonly states = new Map<string, StreamState>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly onDidChange = this.changed.event;
  readonly onDidChangeCodeLenses = this.lensesChanged.event;

  constructor(private readonly deps: StreamDocumentDeps) {
    this.subscriptions.push(
      vscode.workspace.onDidCloseTextDocument((document) => {
        // Closed: forget the events; opening it again reads the newest ones afresh.
        this.states.delete(document.uri.toString());
      }),
    );
  }

  /** Reads the newest events, then opens the document (failures reject, for the command to show). */
  async open(target: StreamDocumentTarget, options: { preview?: boolean; signal?: AbortSignal } = {}): Promise<vscode.TextEditor> {
    const uri = streamDocumentUri(target);
    await this.state(uri, target, options.signal).ready;
    const document = await vscode.workspace.openTextDocument(uri);
    const shown = document.languageId === 'vpc-flow-log' ? document : await vscode.languages.setTextDocumentLanguage(document, 'vpc-flow-log');
    return vscode.window.showTextDocument(shown, { preview: options.preview ?? false });
  }

  /** The events loaded for a document (for tests and the lens). */
  eventsOf(uri: vscode.Uri): readonly LogEvent[] | undefined {
    return this.states.get(uri.toString())?.events;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const target = parseStreamDocumentUri(uri);
    if (!target) {
      throw new Error(`Opening ${uri.toString()} failed: not a CloudWatch stream address.`);
    }
    const state = this.state(uri, target);
    await state.ready;
    return state.events.map((e) => e.message).join('\n') + (state.events.length ? '\n' : '');
  }

  /** Prepends the page before the oldest event shown. */
  loadOlder(uri: vscode.Uri, signal?: AbortSignal): Promise<void> {
    return this.extend(uri, async (state) => {
      const page = await state.reader.older(signal);
      state.events = [...page.events, ...state.events];
      state.hasOlder = page.hasOlder;
      return page.events.length;
    });
  }

  /** Appends events that arrived since the newest one shown. */
  loadNewer(uri: vscode.Uri, signal?: AbortSignal): Promise<void> {
    return this.extend(uri, async (state) => {
      const events = await state.reader.newer(signal);
      state.events = [...state.events, ...events];
      return events.length;
    });
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const state = this.states.get(document.uri.toString());
    if (!state) {
      return [];
    }
    const top = new vscode.Range(0, 0, 0, 0);
    const lens = (title: string, command = '', args: unknown[] = []): vscode.CodeLens => new vscode.CodeLens(top, { title, command, arguments: args });
    const { events } = state;
    const lenses: vscode.CodeLens[] = [];
    if (state.loading) {
      lenses.push(lens('$(loading~spin) Loading…'));
    } else {
      lenses.push(state.hasOlder ? lens('$(arrow-up) Load older events', 'vpcFlowLogs.loadOlderEvents', [document.uri]) : lens('Start of the stream'));
    }
    const first = events[0];
    const last = events[events.length - 1];
    lenses.push(lens(first && last ? `${events.length.toLocaleString('en-US')} events, ${utc(first.timestamp)} to ${utc(last.timestamp)} UTC` : 'No events in this stream yet'));
    if (!state.loading) {
      lenses.push(lens('$(arrow-down) Load newer events', 'vpcFlowLogs.loadNewerEvents', [document.uri]));
    }
    if (this.deps.viewerCommand) {
      const { region, group, stream } = state.target;
      const ref: LogStreamRef = { kind: 'logStream', region, group, name: stream };
      lenses.push(lens('$(table) Open in Viewer', this.deps.viewerCommand, [ref]));
    }
    return lenses;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    this.changed.dispose();
    this.lensesChanged.dispose();
    this.states.clear();
  }

  private state(uri: vscode.Uri, target: StreamDocumentTarget, signal?: AbortSignal): StreamState {
    const key = uri.toString();
    let state = this.states.get(key);
    if (!state) {
      const reader = new StreamEventReader(this.deps.logs, target.group, target.stream, { limit: this.deps.eventsPerRequest() });
      const created: StreamState = { target, reader, events: [], hasOlder: true, loading: undefined, ready: Promise.resolve() };
      created.ready = (async () => {
        const { region } = await this.deps.connection();
        if (region !== target.region) {
          throw new Error(`Reading ${target.stream} failed: it is in region ${target.region}, but the explorer is connected to ${region ?? 'no region'}. Choose ${target.region} with "VPC Flow Logs: Choose AWS Region".`);
        }
        const [page, format] = await Promise.all([reader.initial(signal), this.deps.formatFor(target.group, target.stream).catch(() => undefined)]);
        created.events = page.events;
        created.hasOlder = page.hasOlder;
        this.deps.setKnownFormat?.(uri, format);
        this.lensesChanged.fire();
      })();
      // A failed first read is not kept: opening the document again retries.
      created.ready.catch(() => this.states.delete(key));
      this.states.set(key, created);
      state = created;
    }
    return state;
  }

  private async extend(uri: vscode.Uri, load: (state: StreamState) => Promise<number>): Promise<void> {
    const state = this.states.get(uri.toString());
    if (!state) {
      throw new Error('Loading events failed: the stream document is not open.');
    }
    if (state.loading) {
      // One load at a time: a second click joins the first.
      return state.loading;
    }
    state.loading = (async () => {
      this.lensesChanged.fire();
      try {
        const added = await load(state);
        if (added > 0) {
          this.changed.fire(uri);
        }
      } finally {
        state.loading = undefined;
        this.lensesChanged.fire();
      }
    })();
    return state.loading;
  }
}

/** Registers the `vpcflowlogs-cloudwatch:` documents and their CodeLens. */
export function registerCloudWatchDocuments(context: vscode.ExtensionContext, deps: StreamDocumentDeps): CloudWatchDocuments {
  const documents = new CloudWatchDocuments(deps);
  context.subscriptions.push(
    documents,
    vscode.workspace.registerTextDocumentContentProvider(CLOUDWATCH_SCHEME, documents),
    vscode.languages.registerCodeLensProvider({ scheme: CLOUDWATCH_SCHEME }, documents),
  );
  return documents;
}
