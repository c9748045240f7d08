import type * as vscode from 'vscode';
import type { Aws } from './aws';
import type { Settings } from './settings';

/**
 * What the areas of the extension share, built once in `activate()` and passed to each area's
 * `register` function (no globals, so tests can hand in their own).
 */
export interface Services {
  readonly settings: Settings;
  /**
   * The one AWS layer: the connection and one wrapper per service, on one shared send. Every area
   * reaches AWS only through it; clients are rebuilt when the connection settings change.
   */
  readonly aws: Aws;
  /** The "VPC Flow Logs" output channel. Never write credentials or tokens to it. */
  readonly log: vscode.LogOutputChannel;
}
