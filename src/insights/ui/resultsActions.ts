/**
 * What the buttons and links of a results panel do besides running the query again: open the query as a
 * query file, export the rows (CSV through the one CSV writer, or JSON), and open the flow log records
 * behind an address in the viewer.
 */
import * as vscode from 'vscode';
import { AddressRecordSource } from '../core/addressSource';
import { formatHeader } from '../core/queryText';
import { toCsv, toJson, type ResultTable } from '../core/results';
import { describeTimeRange, formatTimeRange, resolveTimeRange, type TimeRange } from '../core/timeRange';
import type { LogsApi } from '../../aws/logs';
import type { ViewerService } from '../../viewer/source';
import type { InsightsPrompter } from './prompter';
import type { ResultsPanel } from './resultsPanel';

/** What a results panel's actions need to know about its run. */
export interface RunDescription {
  readonly title: string;
  readonly query: string;
  readonly logGroups: readonly string[];
  readonly range: TimeRange;
  readonly format?: string | undefined;
}

/** Opens the query of a run in an editor, as a query file with its log groups and range in the header. */
export async function openQuery(request: Pick<RunDescription, 'title' | 'query' | 'logGroups' | 'range'>): Promise<vscode.TextEditor> {
  const header = formatHeader({ logGroups: request.logGroups, range: formatTimeRange(request.range) });
  const body = request.query.replace(/^(\s*#\s*(logGroups?|range|time)\s*:.*\n)+/i, '');
  const document = await vscode.workspace.openTextDocument({ language: 'logs-insights', content: `# ${request.title}\n${header}${body.endsWith('\n') ? body : `${body}\n`}` });
  return vscode.window.showTextDocument(document);
}

/** Writes a panel's results where the user chooses, as CSV or JSON. */
export async function exportResults(prompter: Pick<InsightsPrompter, 'askSaveUri'>, panel: ResultsPanel, table: ResultTable | undefined, format: 'csv' | 'json', title: string): Promise<void> {
  if (!table || table.rows.length === 0) {
    return;
  }
  const uri = await prompter.askSaveUri(`${title.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'insights-results'}.${format}`, format);
  if (!uri) {
    return;
  }
  try {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(format === 'csv' ? toCsv(table) : toJson(table)));
    panel.notice('info', `Exported ${table.rows.length} rows to ${vscode.workspace.asRelativePath(uri)}`);
  } catch (error) {
    void vscode.window.showErrorMessage(`Exporting the results failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Opens the flow log records that mention an address, over the run's log groups and time range. */
export async function openAddress(logs: LogsApi, viewer: ViewerService | undefined, address: string, request: RunDescription): Promise<void> {
  const { startTime, endTime } = resolveTimeRange(request.range, Date.now());
  const source = new AddressRecordSource(logs, {
    address,
    logGroups: request.logGroups,
    startTime,
    endTime,
    format: request.format,
    rangeText: describeTimeRange(request.range),
  });
  if (viewer) {
    await viewer.open(source);
    return;
  }
  // Without the viewer (it is optional here), show the records as a flow log document instead.
  try {
    const page = await source.loadInitial(new AbortController().signal);
    const document = await vscode.workspace.openTextDocument({ language: 'vpc-flow-log', content: `${(page.lines ?? []).join('\n')}\n` });
    await vscode.window.showTextDocument(document);
  } catch (error) {
    void vscode.window.showErrorMessage(`Opening the records of ${address} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
