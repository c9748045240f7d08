/**
 * The Logs Insights commands that run a query from the palette or a log group node (log groups, then a
 * query, then a time range) and from the history.
 */
import * as vscode from 'vscode';
import { refArg } from '../../aws/refs';
import { formatHeader } from '../core/queryText';
import { parseTimeRange } from '../core/timeRange';
import { choicesFor, commonFormat, flowLogFormats } from './formats';
import { openQuery } from './resultsActions';
import type { QueryChoice } from './prompter';
import { catalogChoices, chooseLogGroups, fillQuery, type CommandDeps } from './choose';

/** `vpcFlowLogs.runInsightsQuery`: log groups, then a query, then a time range; then it runs. */
export async function runInsightsQuery(deps: CommandDeps, arg?: unknown): Promise<void> {
  const fromNode = refArg(arg, ['logGroup'])?.name;
  const target = await chooseLogGroups(deps, fromNode ? [fromNode] : []);
  if (!target) {
    return;
  }
  const history = deps.history.list().filter((e) => e.logGroups.every((g) => target.groups.includes(g)));
  const choices: QueryChoice[] = [{ kind: 'own' }, { kind: 'editor' }, ...history.map((entry) => ({ kind: 'history' as const, entry })), ...catalogChoices(target.format)];
  const choice = await deps.prompter().pickQuery(choices);
  if (!choice) {
    return;
  }
  let title: string;
  let query: string | undefined;
  switch (choice.kind) {
    case 'editor': {
      const document = await vscode.workspace.openTextDocument({
        language: 'logs-insights',
        content: `# Logs Insights query: write it below, then use "Run query" above.\n${formatHeader({ logGroups: target.groups, range: '1h' })}stats sum(bytes) as bytesTransferred by srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 10\n`,
      });
      await vscode.window.showTextDocument(document);
      return;
    }
    case 'own':
      title = 'Logs Insights query';
      query = await deps.prompter().inputQuery();
      break;
    case 'history':
      title = choice.entry.title ?? 'Logs Insights query';
      query = choice.entry.query;
      break;
    case 'catalog':
      if (choice.unavailable) {
        void vscode.window.showErrorMessage(`Running "${choice.query.name}" failed: it ${choice.unavailable}, which the chosen log groups' flow logs do not record.`);
        return;
      }
      title = choice.query.name;
      query = await fillQuery(deps, choice.query);
      break;
    default: {
      const never: never = choice;
      return never;
    }
  }
  if (query === undefined || query.trim() === '') {
    return;
  }
  const lastRange = deps.history.list()[0]?.range;
  const range = await deps.prompter().pickTimeRange(lastRange);
  if (!range) {
    return;
  }
  deps.runner.start({ title, query, logGroups: target.groups, range, format: target.format });
}

/** `vpcFlowLogs.insights.showHistory`: run a past query again, open it, or clear the history. */
export async function showHistory(deps: CommandDeps): Promise<void> {
  const choice = await deps.prompter().pickHistory(deps.history.list());
  if (!choice) {
    return;
  }
  if (choice.action === 'clear') {
    await deps.history.clear();
    void vscode.window.showInformationMessage('The Logs Insights history of this workspace is cleared.');
    return;
  }
  const entry = choice.entry;
  const range = parseTimeRange(entry.range) ?? parseTimeRange('1h')!;
  if (choice.action === 'open') {
    await openQuery({ title: entry.title ?? 'Logs Insights query', query: entry.query, logGroups: entry.logGroups, range });
    return;
  }
  const formats = await flowLogFormats(deps.services.aws.ec2, deps.services.log);
  const common = commonFormat(choicesFor(entry.logGroups, formats));
  if ('problem' in common) {
    void vscode.window.showErrorMessage(`Running the query again failed: ${common.problem}`);
    return;
  }
  deps.runner.start({ title: entry.title ?? 'Logs Insights query', query: entry.query, logGroups: entry.logGroups, range, format: common.format });
}
