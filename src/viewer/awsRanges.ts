/**
 * AWS's published IP ranges on the extension's side: fetched from AWS only when the user asks
 * ("VPC Flow Logs: Update AWS IP Ranges") or, when `vpcFlowLogs.awsIpRanges.autoUpdate` is on, at most
 * once a week; kept in the extension's global storage; read from there on first need. Never fetched in
 * Restricted Mode or while the extension's tests run. The viewer labels public addresses with them and
 * the flow log editor's hover names them.
 */
import * as vscode from 'vscode';
import { parseAwsIpRanges, type AwsIpRanges } from '../flowlogs/awsRanges';

/** Where AWS publishes its ranges. */
export const AWS_IP_RANGES_URL = 'https://ip-ranges.amazonaws.com/ip-ranges.json';
export const UPDATE_AWS_IP_RANGES_COMMAND = 'vpcFlowLogs.updateAwsIpRanges';
const AUTO_UPDATE_SETTING = 'awsIpRanges.autoUpdate';
const CACHE_FILE = 'ip-ranges.json';
/** globalState key: when the cached file was fetched (milliseconds since 1970). */
const FETCHED_AT_KEY = 'vpcFlowLogs.awsIpRanges.fetchedAt';
const WEEK_MS = 7 * 24 * 3600 * 1000;
/** The file is about 1.5 MB: a minute is ample even on a slow link. */
const FETCH_TIMEOUT_MS = 60_000;
/** Wait after activation before an automatic update, so it never competes with start-up. */
const AUTO_UPDATE_DELAY_MS = 15_000;

/** Reads the ranges' text from AWS (replaced in tests, which never fetch). */
export type FetchText = (url: string, signal: AbortSignal) => Promise<string>;

const fetchText: FetchText = async (url, signal) => {
  const response = await fetch(url, { signal });
  if (!response.ok) {
    throw new Error(`HTTP ${response.status} ${response.statusText}`);
  }
  return response.text();
};

/** The ranges as the rest of the extension uses them. */
export class AwsIpRangesService implements vscode.Disposable {
  private ranges: AwsIpRanges | undefined;
  private loading: Promise<AwsIpRanges | undefined> | undefined;
  private readonly changed = new vscode.EventEmitter<AwsIpRanges>();
  private autoTimer: ReturnType<typeof setTimeout> | undefined;

  /** Fires when new ranges are in use (after an update). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly fetch: FetchText = fetchText,
  ) {}

  /** The ranges, if read; the first call starts reading the cached copy, so later calls have them. */
  current(): AwsIpRanges | undefined {
    if (!this.ranges) {
      void this.ready();
    }
    return this.ranges;
  }

  /** Resolves to the ranges once the cached copy (if any) has been read. */
  ready(): Promise<AwsIpRanges | undefined> {
    if (this.ranges) {
      return Promise.resolve(this.ranges);
    }
    this.loading ??= this.readCache();
    return this.loading;
  }

  private get cacheUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.context.globalStorageUri, CACHE_FILE);
  }

  private async readCache(): Promise<AwsIpRanges | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(this.cacheUri);
    } catch {
      return undefined; // never fetched: nothing to label with
    }
    try {
      this.ranges ??= parseAwsIpRanges(new TextDecoder().decode(bytes));
    } catch (error) {
      this.log.warn(`Reading the cached AWS IP ranges failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return this.ranges;
  }

  /**
   * Reads new ranges, from AWS or from a file the user gives (a copy of ip-ranges.json, e.g. on a machine
   * without internet access), checks them, and keeps them in global storage. Throws when they cannot be
   * read; the ranges in use stay as they were then.
   */
  async update(from?: vscode.Uri, signal: AbortSignal = AbortSignal.timeout(FETCH_TIMEOUT_MS)): Promise<AwsIpRanges> {
    const text = from ? new TextDecoder().decode(await vscode.workspace.fs.readFile(from)) : await this.fetch(AWS_IP_RANGES_URL, signal);
    const ranges = parseAwsIpRanges(text);
    await vscode.workspace.fs.createDirectory(this.context.globalStorageUri);
    await vscode.workspace.fs.writeFile(this.cacheUri, new TextEncoder().encode(text));
    await this.context.globalState.update(FETCHED_AT_KEY, Date.now());
    this.ranges = ranges;
    this.loading = Promise.resolve(ranges);
    this.changed.fire(ranges);
    this.log.info(`AWS IP ranges of ${ranges.date} in use: ${ranges.size.toLocaleString('en-US')} prefixes, from ${from ? from.toString() : AWS_IP_RANGES_URL}`);
    return ranges;
  }

  /** Whether an automatic update may run now: the setting is on, the workspace trusted, not under test. */
  private mayAutoUpdate(): boolean {
    return (
      vscode.workspace.getConfiguration('vpcFlowLogs').get<boolean>(AUTO_UPDATE_SETTING, false) &&
      vscode.workspace.isTrusted &&
      this.context.extensionMode !== vscode.ExtensionMode.Test
    );
  }

  /** Updates in the background when allowed and the cached copy is a week old (or missing). */
  scheduleAutoUpdate(delayMs = AUTO_UPDATE_DELAY_MS): void {
    clearTimeout(this.autoTimer);
    if (!this.mayAutoUpdate()) {
      return;
    }
    const fetchedAt = this.context.globalState.get<number>(FETCHED_AT_KEY, 0);
    const due = fetchedAt + WEEK_MS - Date.now();
    this.autoTimer = setTimeout(
      () => {
        if (this.mayAutoUpdate()) {
          this.update().catch((error: unknown) => this.log.warn(`Updating AWS IP ranges failed: ${error instanceof Error ? error.message : String(error)}`));
        }
      },
      Math.max(delayMs, Math.min(due, 2 ** 31 - 1)),
    );
  }

  dispose(): void {
    clearTimeout(this.autoTimer);
    this.changed.dispose();
  }
}

/** Registers the ranges' service, its command and its setting; called from the viewer's `register`. */
export function registerAwsIpRanges(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): AwsIpRangesService {
  const service = new AwsIpRangesService(context, log);
  const run = async (from?: unknown): Promise<void> => {
    const file = from instanceof vscode.Uri ? from : undefined;
    if (!file && !vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Updating AWS IP ranges is off in Restricted Mode: trust this workspace first.');
      return;
    }
    const cancel = new AbortController();
    try {
      const ranges = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: file ? 'Reading AWS IP ranges…' : 'Fetching AWS IP ranges…', cancellable: true },
        (_progress, token) => {
          token.onCancellationRequested(() => cancel.abort());
          return service.update(file, AbortSignal.any([cancel.signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]));
        },
      );
      void vscode.window.showInformationMessage(
        `AWS IP ranges of ${ranges.date} (${ranges.size.toLocaleString('en-US')} prefixes) are in use: public addresses show their AWS service and region.`,
      );
    } catch (error) {
      // Cancelled by the user: the ranges in use stay, and there is nothing to report.
      if (!cancel.signal.aborted) {
        void vscode.window.showErrorMessage(`Updating AWS IP ranges failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  context.subscriptions.push(
    service,
    vscode.commands.registerCommand(UPDATE_AWS_IP_RANGES_COMMAND, run),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`vpcFlowLogs.${AUTO_UPDATE_SETTING}`)) {
        service.scheduleAutoUpdate();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => service.scheduleAutoUpdate()),
  );
  service.scheduleAutoUpdate();
  return service;
}
