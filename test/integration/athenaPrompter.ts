// Scripted answers for the Athena commands; a question without an answer fails the test instead of hanging.
import type * as vscode from 'vscode';
import type { AthenaWorkGroup, FlowLogInfo } from '../../src/aws/models';
import type { CatalogQuery, QueryParameter } from '../../src/insights/core/catalog';
import { parseTimeRange, type TimeRange } from '../../src/insights/core/timeRange';
import type { AthenaPrompter } from '../../src/insights/athena/prompter';

export interface AthenaScript {
  flowLog?: string[];
  tableName?: string[];
  workGroup?: string[];
  outputLocation?: string[];
  confirm?: boolean[];
  /** Catalogue ids. */
  query?: string[];
  range?: string[];
}

export class ScriptedAthenaPrompter implements AthenaPrompter {
  readonly asked: { question: string; offered?: unknown }[] = [];

  constructor(private readonly script: AthenaScript) {}

  private next<T>(question: string, list: T[] | undefined, offered?: unknown): T {
    this.asked.push({ question, offered });
    if (!list || list.length === 0) {
      throw new Error(`the script has no answer for "${question}"`);
    }
    return list.shift()!;
  }

  pickFlowLog(flowLogs: readonly FlowLogInfo[]): Promise<FlowLogInfo | undefined> {
    const id = this.next('flow log', this.script.flowLog, flowLogs);
    return Promise.resolve(flowLogs.find((f) => f.id === id));
  }

  askTableName(initial: string): Promise<string | undefined> {
    return Promise.resolve(this.next('table name', this.script.tableName, initial));
  }

  pickWorkGroup(groups: readonly AthenaWorkGroup[]): Promise<string | undefined> {
    const name = this.next('work group', this.script.workGroup, groups);
    return Promise.resolve(groups.find((g) => g.name === name)?.name);
  }

  askOutputLocation(workGroup: string, initial: string): Promise<string | undefined> {
    return Promise.resolve(this.next('output location', this.script.outputLocation, { workGroup, initial }));
  }

  confirm(message: string, detail: string): Promise<boolean> {
    return Promise.resolve(this.next('confirm', this.script.confirm, { message, detail }));
  }

  pickQuery(choices: readonly CatalogQuery[]): Promise<CatalogQuery | undefined> {
    const id = this.next('query', this.script.query, choices);
    const found = choices.find((q) => q.id === id);
    if (!found) {
      throw new Error(`the Athena query picker offered no "${id}"`);
    }
    return Promise.resolve(found);
  }

  askParameter(_query: CatalogQuery, parameter: QueryParameter): Promise<string | undefined> {
    this.asked.push({ question: `parameter:${parameter.key}` });
    return Promise.resolve(parameter.example);
  }

  pickTimeRange(current?: string): Promise<TimeRange | undefined> {
    return Promise.resolve(parseTimeRange(this.next('time range', this.script.range, current)));
  }

  askSaveUri(): Promise<vscode.Uri | undefined> {
    return Promise.resolve(undefined);
  }
}
