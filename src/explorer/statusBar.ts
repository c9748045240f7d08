import * as vscode from 'vscode';
import type { Aws } from '../aws';
import { mdCode } from '../common/markdown';
import { COMMANDS } from './commandIds';

const REGION_SOURCE: Record<string, string> = {
  setting: 'the vpcFlowLogs.region setting',
  profile: "the profile's config",
  environment: 'AWS_REGION',
  none: 'nowhere: choose one',
};

/**
 * The profile and region in the status bar; clicking it chooses them. Shown from the first time an
 * explorer view is visible (resolving the connection loads the SDK, which activation must not do).
 */
export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('vpcFlowLogs.connection', vscode.StatusBarAlignment.Left, 10);
  private shown = false;
  private generation = 0;

  constructor(private readonly aws: Aws) {
    this.item.name = 'VPC Flow Logs: AWS connection';
    this.item.command = COMMANDS.selectProfile;
    this.item.text = '$(cloud) AWS';
  }

  /** Shows the item (once) and fills it in. */
  show(): void {
    if (!this.shown) {
      this.shown = true;
      this.item.show();
      void this.update();
    }
  }

  /** Reads the connection again (after a change of profile, region or endpoint). */
  async update(): Promise<void> {
    if (!this.shown) {
      return;
    }
    const generation = ++this.generation;
    try {
      const connection = await this.aws.connection();
      if (generation !== this.generation) {
        return;
      }
      const profile = connection.profile ?? 'default';
      this.item.text = `$(cloud) ${profile} · ${connection.region ?? 'no region'}${connection.endpointUrl ? ' · custom endpoint' : ''}`;
      this.item.backgroundColor = connection.region ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
      const tooltip = new vscode.MarkdownString(
        [
          '**VPC Flow Logs: AWS connection**',
          '',
          `Profile: ${mdCode(profile)}${connection.profile ? '' : ' (the default credential chain)'}`,
          '',
          `Region: ${connection.region ? mdCode(connection.region) : 'none'}, from ${REGION_SOURCE[connection.regionSource] ?? connection.regionSource}`,
          ...(connection.endpointUrl ? ['', `Endpoint: ${mdCode(connection.endpointUrl)}`] : []),
          '',
          'Click to choose the profile and region.',
        ].join('\n'),
      );
      this.item.tooltip = tooltip;
    } catch (error) {
      this.item.text = '$(cloud) AWS: not configured';
      this.item.tooltip = `Reading the AWS configuration failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
