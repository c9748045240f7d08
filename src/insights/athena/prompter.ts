/**
 * Every question the Athena commands ask, behind one interface: quick picks, input boxes and modals in
 * VS Code; scripted answers in the integration tests.
 */
import * as vscode from 'vscode';
import type { AthenaWorkGroup, FlowLogInfo } from '../../aws/models';
import type { CatalogQuery, QueryParameter } from '../core/catalog';
import type { TimeRange } from '../core/timeRange';
import { QuickPickPrompter } from '../ui/prompter';

export interface AthenaPrompter {
  /** Which flow log (those delivering to S3). */
  pickFlowLog(flowLogs: readonly FlowLogInfo[]): Promise<FlowLogInfo | undefined>;
  /** `database.table` for the flow log's table. */
  askTableName(initial: string): Promise<string | undefined>;
  pickWorkGroup(groups: readonly AthenaWorkGroup[], initial: string | undefined): Promise<string | undefined>;
  /** Where query results go, for a work group without a result location. */
  askOutputLocation(workGroup: string, initial: string): Promise<string | undefined>;
  /** A modal: true to go ahead. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  pickQuery(choices: readonly CatalogQuery[]): Promise<CatalogQuery | undefined>;
  askParameter(query: CatalogQuery, parameter: QueryParameter): Promise<string | undefined>;
  pickTimeRange(current?: string): Promise<TimeRange | undefined>;
  askSaveUri(defaultName: string, format: 'csv' | 'json'): Promise<vscode.Uri | undefined>;
}

const TABLE_NAME = /^(?:[a-z0-9_]+\.)?[a-z0-9_]+$/;

/** The prompter people see. */
export class QuickPickAthenaPrompter implements AthenaPrompter {
  private readonly insights = new QuickPickPrompter();

  async pickFlowLog(flowLogs: readonly FlowLogInfo[]): Promise<FlowLogInfo | undefined> {
    const picked = await vscode.window.showQuickPick(
      flowLogs.map((f) => ({
        label: f.name ?? f.id,
        description: `${f.resourceId} → ${(f.destination ?? '').replace(/^arn:[^:]+:s3:::/, 's3://')}`,
        detail: f.destinationOptions?.FileFormat === 'parquet' ? 'Parquet' : 'plain text',
        flowLog: f,
      })),
      { title: 'Athena: flow log', placeHolder: flowLogs.length ? 'Query which flow log (delivered to S3)?' : 'No flow log of this region delivers to S3' },
    );
    return picked?.flowLog;
  }

  askTableName(initial: string): Promise<string | undefined> {
    return Promise.resolve(vscode.window.showInputBox({
      title: 'Athena: table of the flow log',
      prompt: 'database.table (lowercase letters, digits and underscores)',
      value: initial,
      ignoreFocusOut: true,
      validateInput: (v) => (TABLE_NAME.test(v.trim()) ? undefined : 'database.table, with lowercase letters, digits and underscores only.'),
    })).then((v) => v?.trim());
  }

  async pickWorkGroup(groups: readonly AthenaWorkGroup[], initial: string | undefined): Promise<string | undefined> {
    const items = groups.map((g) => ({ label: g.name, description: [g.name === initial ? 'last used' : undefined, g.state === 'DISABLED' ? 'disabled' : undefined].filter(Boolean).join(' · '), detail: g.description }));
    items.sort((a, b) => (a.label === initial ? -1 : b.label === initial ? 1 : 0));
    const picked = await vscode.window.showQuickPick(items, { title: 'Athena: work group', placeHolder: 'Run in which work group? (it sets where results go and any data limits)' });
    return picked?.label;
  }

  askOutputLocation(workGroup: string, initial: string): Promise<string | undefined> {
    return Promise.resolve(vscode.window.showInputBox({
      title: `Athena: where the results go (work group ${workGroup} has no result location)`,
      prompt: 'An S3 location of yours, e.g. s3://aws-athena-query-results-123456789012-us-east-1/; Athena writes each query\'s results there',
      value: initial,
      ignoreFocusOut: true,
      validateInput: (v) => (/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(v.trim()) ? undefined : 'An S3 location such as s3://bucket/prefix/.'),
    })).then((v) => {
      const value = v?.trim();
      return value && !value.endsWith('/') ? `${value}/` : value;
    });
  }

  async confirm(message: string, detail: string, action: string): Promise<boolean> {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  }

  async pickQuery(choices: readonly CatalogQuery[]): Promise<CatalogQuery | undefined> {
    const picked = await vscode.window.showQuickPick(
      choices.map((q) => ({ label: q.name, detail: q.description, query: q })),
      { title: 'Athena: query', placeHolder: 'Choose a flow log question (run as Athena SQL over the chosen days only)', matchOnDetail: true },
    );
    return picked?.query;
  }

  askParameter(query: CatalogQuery, parameter: QueryParameter): Promise<string | undefined> {
    return this.insights.askParameter(query, parameter);
  }

  pickTimeRange(current?: string): Promise<TimeRange | undefined> {
    return this.insights.pickTimeRange(current);
  }

  askSaveUri(defaultName: string, format: 'csv' | 'json'): Promise<vscode.Uri | undefined> {
    return this.insights.askSaveUri(defaultName, format);
  }
}
