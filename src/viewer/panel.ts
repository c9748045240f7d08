/**
 * The viewer's webview panels: one per source (opening a source that is already shown reveals its
 * panel), restored after a window reload by the serializer, each driven by a {@link ViewerController}.
 */
import * as vscode from 'vscode';
import type { AwsIpRangesService } from './awsRanges';
import { ViewerController } from './controller';
import { DocumentSource, FileSource, localFile, wholeFile } from './fileSources';
import { DEFAULT_MAX_DECOMPRESSED_MB, DEFAULT_MAX_RECORDS, type LoadLimits } from './loading';
import { createNonce, viewerHtml } from './html';
import { parseColumnPrefs, parseViewState, type ProbeAction, type ViewState } from './protocol';
import { sourceKind, type OpenViewerOptions, type RecordSource, type SourceResolver, type ViewerService } from './source';

/** The webview panel type (also the serializer's key and the `onWebviewPanel:` activation event). */
export const VIEWER_VIEW_TYPE = 'vpcFlowLogs.viewer';

/** globalState key: the columns the user chose last, for new panels. */
const COLUMNS_KEY = 'vpcFlowLogs.viewer.columns';
/**
 * workspaceState key: the source, filter and sort of recently shown panels. The webview's own state is
 * what the serializer gets, but it can be missing after a reload (VS Code for the Web saves it lazily);
 * then the panel is matched to this record by its title.
 */
const PANELS_KEY = 'vpcFlowLogs.viewer.panels';
const REMEMBERED_PANELS = 20;

interface RememberedPanel {
  readonly sourceId: string;
  readonly title: string;
  readonly filter?: unknown;
  readonly sort?: unknown;
  readonly format?: string;
}

/** Remembers the format a user chose for a file or document (the flow log editor's memory, when present). */
export interface FormatMemory {
  chosen(uri: vscode.Uri): string | undefined;
  choose(uri: vscode.Uri, format: string | undefined): Thenable<void>;
}

/** What the panels need from the rest of the extension. */
export interface ViewerDeps {
  readonly log: vscode.LogOutputChannel;
  readonly formats?: FormatMemory;
  /** AWS's IP ranges: public addresses are labelled with their AWS service and region. */
  readonly awsRanges?: AwsIpRangesService;
}

/** An open viewer panel and its controller. */
export interface ViewerPanelHandle {
  readonly panel: vscode.WebviewPanel;
  readonly controller: ViewerController;
}

/** The viewer service: opens panels on sources and restores them after a reload. */
export class ViewerPanels implements ViewerService, vscode.Disposable {
  private readonly panels = new Map<string, ViewerPanelHandle>();
  private readonly resolvers = new Map<string, SourceResolver>();
  private readonly changed = new vscode.EventEmitter<ViewerPanelHandle>();

  /** Fires when a panel is opened or restored (the integration tests wait for it). */
  readonly onDidOpen = this.changed.event;

  /** AWS's IP ranges, shared with the flow log editor's hovers. */
  get awsRanges(): AwsIpRangesService | undefined {
    return this.deps.awsRanges;
  }

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly deps: ViewerDeps,
  ) {
    this.resolvers.set('file', (id) => this.fileSource(vscode.Uri.parse(id.slice('file:'.length))));
    this.resolvers.set('document', async (id) => {
      const uri = vscode.Uri.parse(id.slice('document:'.length));
      const document = await vscode.workspace.openTextDocument(uri);
      return this.documentSource(document);
    });
  }

  /** Open panels, by source id. */
  get openPanels(): ReadonlyMap<string, ViewerPanelHandle> {
    return this.panels;
  }

  /** Opens a panel on a source, or reveals the one already showing it. */
  open(source: RecordSource, options: OpenViewerOptions = {}): Promise<void> {
    const existing = this.panels.get(source.id);
    if (existing) {
      existing.panel.reveal(undefined, options.preserveFocus);
      source.dispose?.();
      return Promise.resolve();
    }
    const panel = vscode.window.createWebviewPanel(
      VIEWER_VIEW_TYPE,
      source.title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus ?? false },
      this.webviewOptions(),
    );
    this.attach(panel, source, undefined);
    return Promise.resolve();
  }

  registerSourceResolver(kind: string, resolve: SourceResolver): vscode.Disposable {
    this.resolvers.set(kind, resolve);
    return new vscode.Disposable(() => {
      if (this.resolvers.get(kind) === resolve) {
        this.resolvers.delete(kind);
      }
    });
  }

  /** Restores a panel after a window reload from the webview's saved state. */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    panel.webview.options = this.webviewOptions();
    const saved = parseViewState(state) ?? this.remembered(panel.title);
    const resolve = saved ? this.resolvers.get(sourceKind(saved.sourceId)) : undefined;
    let source: RecordSource | undefined;
    try {
      source = saved && resolve ? await resolve(saved.sourceId) : undefined;
    } catch (error) {
      this.deps.log.warn(`Restoring the flow log viewer failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!saved || !source) {
      // Nothing to show (the file is gone, or the AWS explorer is not connected yet): say so rather than
      // leave an empty panel.
      panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none';"></head><body><p>This flow log (${escapeHtml(saved?.title ?? 'unknown')}) could not be reopened. Open it again from the VPC Flow Logs views or with "VPC Flow Logs: Open Flow Log File...".</p></body></html>`;
      return;
    }
    this.attach(panel, source, saved);
  }

  /** The most recent remembered panel with this title that is not open, as a view state. */
  private remembered(title: string): ViewState | undefined {
    const entry = this.rememberedPanels().find((p) => p.title === title && !this.panels.has(p.sourceId));
    return entry ? parseViewState({ ...entry, columns: this.context.globalState.get(COLUMNS_KEY) }) : undefined;
  }

  private rememberedPanels(): RememberedPanel[] {
    const list = this.context.workspaceState.get<unknown>(PANELS_KEY);
    return Array.isArray(list)
      ? list.filter((p): p is RememberedPanel => typeof p === 'object' && p !== null && typeof (p as RememberedPanel).sourceId === 'string' && typeof (p as RememberedPanel).title === 'string')
      : [];
  }

  private remember(entry: RememberedPanel): void {
    const others = this.rememberedPanels().filter((p) => p.sourceId !== entry.sourceId);
    void this.context.workspaceState.update(PANELS_KEY, [entry, ...others].slice(0, REMEMBERED_PANELS));
  }

  /** A file source, with the format the user chose for that file in the editor, if any. */
  fileSource(uri: vscode.Uri): FileSource {
    const file = uri.scheme === 'file' ? localFile(uri.fsPath) : wholeFile(async () => vscode.workspace.fs.readFile(uri));
    return new FileSource(uri.toString(), file, this.deps.formats?.chosen(uri), vscode.workspace.asRelativePath(uri));
  }

  /** A source reading an open document's text (unsaved edits included). */
  documentSource(document: vscode.TextDocument): DocumentSource {
    const title = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1) || document.uri.toString();
    return new DocumentSource(document.uri.toString(), title, () => document.getText(), this.deps.formats?.chosen(document.uri));
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) {
      panel.dispose();
    }
    this.changed.dispose();
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      // The host keeps the records; the webview is cheap to rebuild, so it need not stay alive hidden.
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist'), vscode.Uri.joinPath(this.context.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel, source: RecordSource, saved: ViewState | undefined): void {
    const webview = panel.webview;
    const asset = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, ...path)).toString();
    panel.title = source.title;
    panel.iconPath = { light: vscode.Uri.joinPath(this.context.extensionUri, 'media', 'viewer-light.svg'), dark: vscode.Uri.joinPath(this.context.extensionUri, 'media', 'viewer-dark.svg') };
    const formatUri = this.formatUri(source);
    let rememberTimer: ReturnType<typeof setTimeout> | undefined;
    let userFormat = saved?.format;
    const columns = parseColumnPrefs(this.context.globalState.get(COLUMNS_KEY));
    const controller = new ViewerController(
      source,
      {
        post: (message) => {
          void webview.postMessage(message);
        },
        copyText: async (text) => vscode.env.clipboard.writeText(text),
        saveExport: async (format, suggestedName, content) => {
          const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
          const target = await vscode.window.showSaveDialog({
            title: `Export flow log records as ${format.toUpperCase()}`,
            saveLabel: 'Export',
            ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, suggestedName) } : {}),
            filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
          });
          if (!target) {
            return undefined;
          }
          await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content()));
          return vscode.workspace.asRelativePath(target);
        },
        rememberColumns: (columns) => {
          void this.context.globalState.update(COLUMNS_KEY, columns);
        },
        rememberFormat: (_id, format) => {
          userFormat = format;
          if (formatUri) {
            void this.deps.formats?.choose(formatUri, format);
          }
        },
      },
      {
        ...(saved?.format ? { format: saved.format } : {}),
        ...(saved ? { state: saved } : {}),
        ...(columns ? { columns } : {}),
        log: (message) => this.deps.log.warn(message),
        limits: loadLimits(),
        ...(this.deps.awsRanges ? { awsRanges: () => this.deps.awsRanges?.current() } : {}),
        testHooks: this.context.extensionMode !== vscode.ExtensionMode.Production,
        onQuery: (filter, sort) => {
          // Written at most every half second while the user types.
          clearTimeout(rememberTimer);
          rememberTimer = setTimeout(() => this.remember({ sourceId: source.id, title: source.title, filter, sort, ...(userFormat ? { format: userFormat } : {}) }), 500);
        },
      },
    );
    const handle: ViewerPanelHandle = { panel, controller };
    this.panels.set(source.id, handle);
    const subscriptions = [
      webview.onDidReceiveMessage((message: unknown) => controller.receive(message)),
      panel.onDidChangeViewState((e) => controller.setVisible(e.webviewPanel.visible)),
    ];
    this.remember({ sourceId: source.id, title: source.title, ...(saved ? { filter: saved.filter, sort: saved.sort } : {}), ...(saved?.format ? { format: saved.format } : {}) });
    panel.onDidDispose(() => {
      clearTimeout(rememberTimer);
      controller.dispose();
      for (const s of subscriptions) {
        s.dispose();
      }
      if (this.panels.get(source.id) === handle) {
        this.panels.delete(source.id);
      }
    });
    webview.html = viewerHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('dist', 'webview.js'),
      styleUri: asset('media', 'viewer.css'),
      codiconsUri: asset('dist', 'codicons', 'codicon.css'),
      chartStyleUri: asset('dist', 'uPlot.min.css'),
      title: source.title,
    });
    void controller.whenLoaded().then(() => {
      const stats = controller.stats;
      const records = controller.records;
      if (stats && records) {
        this.deps.log.info(`Viewer: read ${records.count.toLocaleString('en-US')} records from ${source.title} in ${stats.parseMs.toFixed(0)} ms (${records.errorCount} bad lines)`);
      }
    });
    this.changed.fire(handle);
  }

  /** The URI whose remembered format a file or document source shares with the editor. */
  private formatUri(source: RecordSource): vscode.Uri | undefined {
    const kind = sourceKind(source.id);
    return kind === 'file' || kind === 'document' ? vscode.Uri.parse(source.id.slice(kind.length + 1)) : undefined;
  }

  /** Test helper: a probe of the webview of the panel showing a source. */
  async probe(sourceId: string, action: ProbeAction): Promise<unknown> {
    const handle = this.panels.get(sourceId);
    if (!handle) {
      throw new Error(`Viewer probe failed: no panel shows ${sourceId}`);
    }
    return handle.controller.probe(action);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The viewer's bounds on one load, from its settings. */
function loadLimits(): LoadLimits {
  const config = vscode.workspace.getConfiguration('vpcFlowLogs.viewer');
  return {
    maxDecompressedBytes: Math.max(1, config.get<number>('maxDecompressedMegabytes', DEFAULT_MAX_DECOMPRESSED_MB)) * 2 ** 20,
    maxRecords: Math.max(1, config.get<number>('maxRecords', DEFAULT_MAX_RECORDS)),
  };
}
