/**
 * The Logs Insights commands that ask questions: run a query (log groups, query, time range), the
 * history, saved query definitions (open and save), and new query files. Questions go through the
 * injectable prompter; errors become "<what> failed: <detail>" messages.
 */
import * as vscode from 'vscode';
import { hasAwsCode } from '../aws/errors';
import { refArg } from '../aws/refs';
import { reportFailure } from '../commands';
import { CATALOG, missingFields, type CatalogQuery } from '../insights/catalog';
import { DEFAULT_FIELDS, parseFormat } from '../flowlogs/format';
import { groupByFormat, orderLogGroups, selectionProblem, type LogGroupChoice } from '../insights/logGroups';
import { fillPlaceholders, formatHeader, parseHeader, setHeader, withoutHeader } from '../insights/queryText';
import { formatTimeRange, parseTimeRange } from '../insights/timeRange';
import type { Services } from '../services';
import { choicesFor, commonFormat, flowLogFormats } from './formats';
import type { HistoryStore } from './historyStore';
import type { InsightsPrompter, QueryChoice } from './prompter';
import type { InsightsRunner } from './runner';

/** What the commands share. */
export interface CommandDeps {
  readonly services: Services;
  readonly runner: InsightsRunner;
  readonly history: HistoryStore;
  readonly prompter: () => InsightsPrompter;
}

/** All log groups with their flow log formats, flow log groups first; undefined (after a message) on failure. */
async function loadChoices(deps: CommandDeps): Promise<LogGroupChoice[] | undefined> {
  const { aws } = deps.services;
  try {
    const [groups, formats] = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Listing log groups…' }, () =>
      Promise.all([aws.logs.logGroups(), flowLogFormats(aws.ec2, deps.services.log)]),
    );
    const choices: LogGroupChoice[] = groups.map((g) => ({ name: g.name, formats: formats.get(g.name) ?? [], ...(g.storedBytes !== undefined ? { storedBytes: g.storedBytes } : {}) }));
    const names = new Set(groups.map((g) => g.name));
    // Flow log groups beyond the first thousand listed still belong at the top of the list.
    for (const name of formats.keys()) {
      if (!names.has(name)) {
        choices.push({ name, formats: formats.get(name) ?? [] });
      }
    }
    return orderLogGroups(choices);
  } catch (error) {
    void reportFailure(deps.services, 'Listing log groups', error);
    return undefined;
  }
}

/** Asks for the log groups; returns them with their common format, or undefined. */
async function chooseLogGroups(deps: CommandDeps, preselected: readonly string[]): Promise<{ groups: string[]; format: string | undefined } | undefined> {
  const choices = await loadChoices(deps);
  if (!choices) {
    return undefined;
  }
  if (choices.length === 0) {
    void vscode.window.showInformationMessage('Running a Logs Insights query failed: this account and region have no log groups. Create a flow log that delivers to CloudWatch Logs first.');
    return undefined;
  }
  const initial = preselected.length ? preselected : choices.filter((c) => c.formats.length > 0).slice(0, 1).map((c) => c.name);
  const names = await deps.prompter().pickLogGroups(choices, initial);
  if (!names || names.length === 0) {
    return undefined;
  }
  const picked = choices.filter((c) => names.includes(c.name));
  const problem = selectionProblem(picked);
  if (problem) {
    void vscode.window.showErrorMessage(`Running a Logs Insights query failed: ${problem}`);
    return undefined;
  }
  const byFormat = [...groupByFormat(picked).entries()];
  if (byFormat.length === 1) {
    return { groups: names, format: byFormat[0]![0] || undefined };
  }
  const index = await deps.prompter().pickFormatGroup(byFormat.map(([format, gs]) => ({ format, names: gs.map((g) => g.name) })));
  const chosen = index === undefined ? undefined : byFormat[index];
  return chosen ? { groups: chosen[1].map((g) => g.name), format: chosen[0] || undefined } : undefined;
}

/** Asks the parameters of a catalogue query; the filled query, or undefined when dismissed. */
async function fillQuery(deps: CommandDeps, query: CatalogQuery): Promise<string | undefined> {
  const values: Record<string, string> = {};
  for (const parameter of query.parameters ?? []) {
    const value = await deps.prompter().askParameter(query, parameter);
    if (value === undefined) {
      return undefined;
    }
    values[parameter.key] = value;
  }
  return fillPlaceholders(query.query, values);
}

/** The catalogue as choices for a format (queries needing absent fields are marked). */
export function catalogChoices(format: string | undefined): QueryChoice[] {
  const fields = format ? parseFormat(format) : DEFAULT_FIELDS;
  return CATALOG.map((query) => {
    const missing = missingFields(query, fields);
    return missing ? { kind: 'catalog', query, unavailable: `needs ${missing.join(', ')} in the record format` } : { kind: 'catalog', query };
  });
}

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
    await deps.runner.openQuery({ title: entry.title ?? 'Logs Insights query', query: entry.query, logGroups: entry.logGroups, range });
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

/** `vpcFlowLogs.insights.newQueryFile`: a query file from the catalogue (or empty), log groups asked when it runs. */
export async function newQueryFile(deps: CommandDeps): Promise<void> {
  const choice = await deps.prompter().pickQuery([{ kind: 'own' }, ...catalogChoices(undefined).map((c) => ({ ...c, unavailable: undefined }) as QueryChoice)]);
  if (!choice) {
    return;
  }
  // The first line names the query: VS Code titles an untitled editor with it.
  let title = '# Logs Insights query: "Run query" above asks for the log groups and time range.\n';
  let body = '';
  if (choice.kind === 'catalog') {
    const filled = await fillQuery(deps, choice.query);
    if (filled === undefined) {
      return;
    }
    title = `# ${choice.query.name}: ${choice.query.description}\n`;
    body = `${filled}\n`;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'logs-insights', content: `${title}${formatHeader({ range: '1h' })}${body}` });
  await vscode.window.showTextDocument(document);
}

/** `vpcFlowLogs.insights.openSavedQuery`: a saved query definition of the account, opened as a query file. */
export async function openSavedQuery(deps: CommandDeps): Promise<vscode.TextEditor | undefined> {
  let definitions;
  try {
    definitions = await deps.services.aws.logs.queryDefinitions();
  } catch (error) {
    void reportFailure(deps.services, 'Listing saved queries', error);
    return undefined;
  }
  const definition = await deps.prompter().pickDefinition(definitions);
  if (!definition) {
    return undefined;
  }
  const header = formatHeader({ name: definition.name, logGroups: definition.logGroupNames, range: '1h', definitionId: definition.id });
  const document = await vscode.workspace.openTextDocument({ language: 'logs-insights', content: `${header}${definition.queryString.endsWith('\n') ? definition.queryString : `${definition.queryString}\n`}` });
  return vscode.window.showTextDocument(document);
}

/** Replaces a document's whole text (keeps it an untitled or file document as it is). */
export async function replaceText(document: vscode.TextDocument, text: string): Promise<void> {
  if (document.getText() === text) {
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  await vscode.workspace.applyEdit(edit);
}

/** The query document a command works on: the one given, else the active Logs Insights editor's. */
export async function queryDocument(uri: unknown): Promise<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) {
    // openTextDocument returns the live document for the URI; a search of textDocuments could find a
    // closed untitled document whose name ("Untitled-1") a new one has taken.
    return vscode.workspace.openTextDocument(uri);
  }
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'logs-insights') {
    return active;
  }
  void vscode.window.showErrorMessage('Running the query failed: open a Logs Insights query file (.insights) first.');
  return undefined;
}

/** A title for a query file: its file name, or for an untitled one the title comment on its first line. */
function baseName(document: vscode.TextDocument): string {
  if (!document.isUntitled) {
    return (document.uri.path.split('/').pop() ?? 'query').replace(/\.insights$/, '');
  }
  const first = /^#\s*([^:\n]{3,80}?)\s*(?::|$)/.exec(document.lineAt(0).text)?.[1];
  return first && !/^(logGroups?|range|time|name|definition)$/i.test(first) ? first : 'Logs Insights query';
}

/** `vpcFlowLogs.insights.saveQuery`: PutQueryDefinition from a query file; the id goes into its header. */
export async function saveQuery(deps: CommandDeps, uri?: unknown): Promise<string | undefined> {
  const document = await queryDocument(uri);
  if (!document) {
    return undefined;
  }
  let header = parseHeader(document.getText());
  const name = header.name ?? (await deps.prompter().askDefinitionName(baseName(document)));
  if (!name) {
    return undefined;
  }
  let logGroups = header.logGroups;
  if (!logGroups || logGroups.length === 0) {
    logGroups = (await chooseLogGroups(deps, []))?.groups;
    if (!logGroups) {
      return undefined;
    }
  }
  const queryString = withoutHeader(document.getText());
  const { logs } = deps.services.aws;
  let id: string;
  try {
    try {
      id = await logs.putQueryDefinition({ ...(header.definitionId ? { id: header.definitionId } : {}), name, queryString, logGroupNames: logGroups });
    } catch (error) {
      // The definition was deleted in the meantime: save it as a new one.
      if (header.definitionId && hasAwsCode(error, 'ResourceNotFoundException')) {
        id = await logs.putQueryDefinition({ name, queryString, logGroupNames: logGroups });
      } else {
        throw error;
      }
    }
  } catch (error) {
    void reportFailure(deps.services, 'Saving the query', error);
    return undefined;
  }
  header = { ...header, name, logGroups, definitionId: id };
  await replaceText(document, setHeader(document.getText(), header));
  void vscode.window.showInformationMessage(`Saved the query "${name}" in the account's Logs Insights queries.`);
  return id;
}

/** `vpcFlowLogs.insights.runQueryFile`: runs a query file with the log groups and range of its header, asking for what is missing. */
export async function runQueryFile(deps: CommandDeps, uri?: unknown): Promise<void> {
  const document = await queryDocument(uri);
  if (!document) {
    return;
  }
  let header = parseHeader(document.getText());
  let changed = false;
  let format: string | undefined;
  if (!header.logGroups || header.logGroups.length === 0) {
    const target = await chooseLogGroups(deps, []);
    if (!target) {
      return;
    }
    header = { ...header, logGroups: target.groups };
    format = target.format;
    changed = true;
  } else {
    const formats = await flowLogFormats(deps.services.aws.ec2, deps.services.log);
    const common = commonFormat(choicesFor(header.logGroups, formats));
    if ('problem' in common) {
      void vscode.window.showErrorMessage(`Running the query failed: ${common.problem}`);
      return;
    }
    format = common.format;
  }
  let range = header.range ? parseTimeRange(header.range) : undefined;
  if (header.range && !range) {
    void vscode.window.showWarningMessage(`The range "${header.range}" in the header is not readable (use 15m, 1h, 1d or start/end in ISO 8601): choose one.`);
  }
  if (!range) {
    range = await deps.prompter().pickTimeRange(header.range);
    if (!range) {
      return;
    }
    header = { ...header, range: formatTimeRange(range) };
    changed = true;
  }
  if (changed) {
    // The answers go into the header, so the next run (and the reader) knows them.
    await replaceText(document, setHeader(document.getText(), header));
  }
  deps.runner.start({ title: header.name ?? baseName(document), query: document.getText(), logGroups: header.logGroups!, range, format, origin: document.uri });
}

/** `vpcFlowLogs.insights.chooseLogGroups`: sets the log groups in a query file's header. */
export async function chooseFileLogGroups(deps: CommandDeps, uri?: unknown): Promise<void> {
  const document = await queryDocument(uri);
  if (!document) {
    return;
  }
  const target = await chooseLogGroups(deps, parseHeader(document.getText()).logGroups ?? []);
  if (target) {
    await replaceText(document, setHeader(document.getText(), { logGroups: target.groups }));
  }
}

/** `vpcFlowLogs.insights.chooseTimeRange`: sets the time range in a query file's header. */
export async function chooseFileTimeRange(deps: CommandDeps, uri?: unknown): Promise<void> {
  const document = await queryDocument(uri);
  if (!document) {
    return;
  }
  const range = await deps.prompter().pickTimeRange(parseHeader(document.getText()).range);
  if (range) {
    await replaceText(document, setHeader(document.getText(), { range: formatTimeRange(range) }));
  }
}
