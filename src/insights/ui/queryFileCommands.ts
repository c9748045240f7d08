/**
 * The commands of query files (`.insights`): new from the catalogue, run with the log groups and range
 * of the header (asking for what is missing), choose them, and open or save the account's saved query
 * definitions.
 */
import * as vscode from 'vscode';
import { hasAwsCode } from '../../aws/errors';
import { reportFailure } from '../../commands';
import { formatHeader, parseHeader, setHeader, withoutHeader } from '../core/queryText';
import { formatTimeRange, parseTimeRange } from '../core/timeRange';
import { choicesFor, commonFormat, flowLogFormats } from './formats';
import type { QueryChoice } from './prompter';
import { catalogChoices, chooseLogGroups, fillQuery, type CommandDeps } from './choose';

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
