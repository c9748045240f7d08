import * as vscode from 'vscode';
import { DEFAULT_CONNECT_TIMEOUT_SECONDS, DEFAULT_REQUEST_TIMEOUT_SECONDS, type ConnectionSettings } from './aws/connection';

const SECTION = 'vpcFlowLogs';

/** Settings that change how AWS is reached: clients are rebuilt when one changes. */
const CONNECTION_KEYS = ['profile', 'region', 'endpointUrl', 'aws.connectTimeoutSeconds', 'aws.requestTimeoutSeconds'];

/** Typed access to the extension's settings, in one place. */
export class Settings implements vscode.Disposable {
  private readonly connectionChanged = new vscode.EventEmitter<void>();
  private readonly listener: vscode.Disposable;

  /** Fires when the profile, region, endpoint URL or a timeout changes. */
  readonly onDidChangeConnection = this.connectionChanged.event;

  constructor() {
    this.listener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (CONNECTION_KEYS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`))) {
        this.connectionChanged.fire();
      }
    });
  }

  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /**
   * Profile, region, endpoint and timeouts as configured (empty strings: the SDK's defaults). In
   * Restricted Mode VS Code ignores the workspace's values of the first three (they are restricted
   * configurations), so a cloned repository cannot redirect requests signed with the user's credentials.
   */
  get connection(): ConnectionSettings {
    const config = this.config;
    return {
      profile: config.get<string>('profile', ''),
      region: config.get<string>('region', ''),
      endpointUrl: config.get<string>('endpointUrl', ''),
      connectTimeoutSeconds: config.get<number>('aws.connectTimeoutSeconds', DEFAULT_CONNECT_TIMEOUT_SECONDS),
      requestTimeoutSeconds: config.get<number>('aws.requestTimeoutSeconds', DEFAULT_REQUEST_TIMEOUT_SECONDS),
    };
  }

  /** Reads any other setting of the extension, e.g. `get('logGroups.showAll', false)`. */
  get<T>(key: string, fallback: T): T {
    return this.config.get<T>(key, fallback);
  }

  /** Stores a choice where the user would look for it: the workspace if it sets the key, else user settings. */
  async update(key: string, value: unknown): Promise<void> {
    const inspected = this.config.inspect(key);
    const target =
      inspected?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : inspected?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await this.config.update(key, value, target);
  }

  dispose(): void {
    this.listener.dispose();
    this.connectionChanged.dispose();
  }
}
