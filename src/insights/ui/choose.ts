/**
 * What the Logs Insights commands ask before a query runs: the log groups (flow log groups first, with
 * the record format their flow logs use) and a catalogue query's parameters.
 */
import * as vscode from 'vscode';
import { reportFailure } from '../../commands';
import { CATALOG, missingFields, type CatalogQuery } from '../core/catalog';
import { DEFAULT_FIELDS, parseFormat } from '../../flowlogs/format';
import { groupByFormat, orderLogGroups, selectionProblem, type LogGroupChoice } from '../core/logGroups';
import { fillPlaceholders } from '../core/queryText';
import type { Services } from '../../services';
import { flowLogFormats } from './formats';
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
export async function chooseLogGroups(deps: CommandDeps, preselected: readonly string[]): Promise<{ groups: string[]; format: string | undefined } | undefined> {
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
export async function fillQuery(deps: CommandDeps, query: CatalogQuery): Promise<string | undefined> {
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
