/**
 * The query history of the workspace, kept in `workspaceState` (last 50 runs, newest first).
 */
import type * as vscode from 'vscode';
import { addToHistory, parseHistory, updateHistory, type HistoryEntry } from '../core/history';

const KEY = 'vpcFlowLogs.insights.history';

export class HistoryStore {
  constructor(private readonly state: vscode.Memento) {}

  list(): HistoryEntry[] {
    return parseHistory(this.state.get<unknown>(KEY));
  }

  async add(entry: HistoryEntry): Promise<void> {
    await this.state.update(KEY, addToHistory(this.list(), entry));
  }

  async update(ranAt: number, change: Pick<HistoryEntry, 'status' | 'rows'>): Promise<void> {
    await this.state.update(KEY, updateHistory(this.list(), ranAt, change));
  }

  async clear(): Promise<void> {
    await this.state.update(KEY, []);
  }
}
