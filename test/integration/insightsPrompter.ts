// Scripted answers for the Logs Insights commands (quick picks cannot be clicked from inside the
// extension host). Each question takes the next answer of its kind; a question without an answer fails
// the test instead of hanging.
import type * as vscode from 'vscode';
import type { QueryDefinition } from '../../src/aws/models';
import type { CatalogQuery, QueryParameter } from '../../src/insights/core/catalog';
import type { HistoryEntry } from '../../src/insights/core/history';
import type { LogGroupChoice } from '../../src/insights/core/logGroups';
import { parseTimeRange, type TimeRange } from '../../src/insights/core/timeRange';
import type { HistoryChoice, InsightsPrompter, QueryChoice } from '../../src/insights/ui/prompter';

export interface InsightsScript {
  /** Log groups to pick (or a function of the choices and the preselection). */
  logGroups?: (string[] | ((choices: readonly LogGroupChoice[], preselected: readonly string[]) => string[] | undefined))[];
  formatGroup?: (number | ((groups: readonly { readonly format: string; readonly names: readonly string[] }[]) => number))[];
  /** A catalogue id, 'own', 'editor', or a history index as `history:0`. */
  query?: string[];
  ownQuery?: string[];
  parameters?: Record<string, string>;
  /** Range texts (`1h`, `start/end`). */
  range?: string[];
  definition?: string[];
  definitionName?: string[];
  history?: (HistoryChoice['action'] | `run:${number}` | `open:${number}`)[];
  saveUri?: vscode.Uri[];
}

export class ScriptedInsightsPrompter implements InsightsPrompter {
  /** What was asked, in order, with what was offered (for assertions). */
  readonly asked: { question: string; offered?: unknown }[] = [];

  constructor(private readonly script: InsightsScript) {}

  private next<T>(question: string, list: T[] | undefined): T {
    if (!list || list.length === 0) {
      throw new Error(`the script has no answer for "${question}"`);
    }
    return list.shift()!;
  }

  pickLogGroups(choices: readonly LogGroupChoice[], preselected: readonly string[]): Promise<string[] | undefined> {
    this.asked.push({ question: 'logGroups', offered: { choices, preselected } });
    const answer = this.next('log groups', this.script.logGroups);
    return Promise.resolve(typeof answer === 'function' ? answer(choices, preselected) : answer);
  }

  pickFormatGroup(groups: readonly { readonly format: string; readonly names: readonly string[] }[]): Promise<number | undefined> {
    this.asked.push({ question: 'formatGroup', offered: groups });
    const answer = this.next('format group', this.script.formatGroup);
    return Promise.resolve(typeof answer === 'function' ? answer(groups) : answer);
  }

  pickQuery(choices: readonly QueryChoice[]): Promise<QueryChoice | undefined> {
    this.asked.push({ question: 'query', offered: choices });
    const answer = this.next('query', this.script.query);
    if (answer.startsWith('history:')) {
      return Promise.resolve(choices.filter((c) => c.kind === 'history')[Number(answer.slice('history:'.length))]);
    }
    const found = choices.find((c) => (c.kind === 'catalog' ? c.query.id === answer : c.kind === answer));
    if (!found) {
      throw new Error(`the query picker offered no "${answer}"`);
    }
    return Promise.resolve(found);
  }

  inputQuery(): Promise<string | undefined> {
    this.asked.push({ question: 'ownQuery' });
    return Promise.resolve(this.next('own query', this.script.ownQuery));
  }

  askParameter(query: CatalogQuery, parameter: QueryParameter): Promise<string | undefined> {
    this.asked.push({ question: `parameter:${parameter.key}`, offered: query.id });
    return Promise.resolve(this.script.parameters?.[parameter.key] ?? parameter.example);
  }

  pickTimeRange(current?: string): Promise<TimeRange | undefined> {
    this.asked.push({ question: 'range', offered: current });
    const text = this.next('time range', this.script.range);
    return Promise.resolve(parseTimeRange(text));
  }

  pickDefinition(definitions: readonly QueryDefinition[]): Promise<QueryDefinition | undefined> {
    this.asked.push({ question: 'definition', offered: definitions });
    const name = this.next('definition', this.script.definition);
    return Promise.resolve(definitions.find((d) => d.name === name));
  }

  askDefinitionName(initial: string): Promise<string | undefined> {
    this.asked.push({ question: 'definitionName', offered: initial });
    return Promise.resolve(this.next('definition name', this.script.definitionName));
  }

  pickHistory(entries: readonly HistoryEntry[]): Promise<HistoryChoice | undefined> {
    this.asked.push({ question: 'history', offered: entries });
    const answer = this.next('history', this.script.history);
    if (answer === 'clear') {
      return Promise.resolve({ action: 'clear' });
    }
    const [action, index] = answer.split(':') as ['run' | 'open', string];
    return Promise.resolve({ action, entry: entries[Number(index)]! });
  }

  askSaveUri(): Promise<vscode.Uri | undefined> {
    this.asked.push({ question: 'saveUri' });
    return Promise.resolve(this.next('save location', this.script.saveUri));
  }
}
