/**
 * Every question the Logs Insights commands ask, behind one interface: the real one uses quick picks
 * and input boxes; the integration tests hand in scripted answers (quick picks cannot be clicked from
 * inside the extension host).
 */
import * as vscode from 'vscode';
import type { QueryDefinition } from '../../aws/models';
import { parameterProblem, type CatalogQuery, type QueryParameter } from '../core/catalog';
import type { HistoryEntry } from '../core/history';
import { MAX_LOG_GROUPS, formatKey, type LogGroupChoice } from '../core/logGroups';
import { TIME_PRESETS, describeTimeRange, parseTimeRange, type TimeRange } from '../core/timeRange';

/** What the query picker offers. */
export type QueryChoice =
  | { readonly kind: 'catalog'; readonly query: CatalogQuery; readonly unavailable?: string }
  | { readonly kind: 'history'; readonly entry: HistoryEntry }
  | { readonly kind: 'own' }
  | { readonly kind: 'editor' };

/** What to do with a history entry. */
export type HistoryChoice = { readonly action: 'run' | 'open'; readonly entry: HistoryEntry } | { readonly action: 'clear' };

export interface InsightsPrompter {
  /** Log groups to query (flow log groups first, up to 50); undefined when dismissed. */
  pickLogGroups(choices: readonly LogGroupChoice[], preselected: readonly string[]): Promise<string[] | undefined>;
  /** When the chosen groups use different record formats: which format's groups to query (index into `groups`). */
  pickFormatGroup(groups: readonly { readonly format: string; readonly names: readonly string[] }[]): Promise<number | undefined>;
  pickQuery(choices: readonly QueryChoice[]): Promise<QueryChoice | undefined>;
  /** A query typed in one line. */
  inputQuery(): Promise<string | undefined>;
  askParameter(query: CatalogQuery, parameter: QueryParameter): Promise<string | undefined>;
  pickTimeRange(current?: string): Promise<TimeRange | undefined>;
  pickDefinition(definitions: readonly QueryDefinition[]): Promise<QueryDefinition | undefined>;
  askDefinitionName(initial: string): Promise<string | undefined>;
  pickHistory(entries: readonly HistoryEntry[]): Promise<HistoryChoice | undefined>;
  /** Where to export results. */
  askSaveUri(defaultName: string, format: 'csv' | 'json'): Promise<vscode.Uri | undefined>;
}

const ago = (ms: number): string => {
  const minutes = Math.round((Date.now() - ms) / 60_000);
  return minutes < 1 ? 'just now' : minutes < 60 ? `${minutes} min ago` : minutes < 1440 ? `${Math.round(minutes / 60)} h ago` : `${Math.round(minutes / 1440)} d ago`;
};

/** The prompter people see: quick picks and input boxes. */
export class QuickPickPrompter implements InsightsPrompter {
  async pickLogGroups(choices: readonly LogGroupChoice[], preselected: readonly string[]): Promise<string[] | undefined> {
    type Item = vscode.QuickPickItem & { name?: string };
    const items: Item[] = [];
    let section: boolean | undefined;
    for (const c of choices) {
      const flow = c.formats.length > 0;
      if (flow !== section) {
        items.push({ label: flow ? 'Flow log groups' : 'Other log groups', kind: vscode.QuickPickItemKind.Separator });
        section = flow;
      }
      items.push({
        label: c.name,
        name: c.name,
        description: flow ? (c.formats.some((f) => formatKey(f) !== '') ? 'flow logs, custom format' : 'flow logs') : '',
        picked: preselected.includes(c.name),
        iconPath: new vscode.ThemeIcon(flow ? 'pulse' : 'output'),
      });
    }
    const picked = await new Promise<Item[] | undefined>((resolve) => {
      const qp = vscode.window.createQuickPick<Item>();
      qp.title = 'Logs Insights: log groups to query';
      qp.placeholder = `Choose up to ${MAX_LOG_GROUPS} log groups (flow log groups are listed first)`;
      qp.canSelectMany = true;
      qp.matchOnDescription = true;
      qp.items = items;
      qp.selectedItems = items.filter((i) => i.picked);
      const title = qp.title;
      qp.onDidChangeSelection((sel) => {
        // (QuickPick has no validation message in the oldest VS Code supported: say it in the title.)
        qp.title = sel.length > MAX_LOG_GROUPS ? `At most ${MAX_LOG_GROUPS} log groups per query: ${sel.length} chosen` : title;
      });
      qp.onDidAccept(() => {
        if (qp.selectedItems.length <= MAX_LOG_GROUPS) {
          resolve([...qp.selectedItems]);
          qp.hide();
        }
      });
      qp.onDidHide(() => {
        resolve(undefined);
        qp.dispose();
      });
      qp.show();
    });
    return picked?.map((i) => i.name!).filter((n) => n !== undefined);
  }

  async pickFormatGroup(groups: readonly { readonly format: string; readonly names: readonly string[] }[]): Promise<number | undefined> {
    const picked = await vscode.window.showQuickPick(
      groups.map((g, index) => ({
        label: g.names.join(', '),
        description: g.format === '' ? 'default format' : 'custom format',
        detail: g.format || undefined,
        index,
      })),
      { title: 'These log groups use different record formats', placeHolder: 'One query can parse only one format: query which log groups?' },
    );
    return picked?.index;
  }

  async pickQuery(choices: readonly QueryChoice[]): Promise<QueryChoice | undefined> {
    type Item = vscode.QuickPickItem & { choice?: QueryChoice };
    const items: Item[] = [];
    const section = (label: string): void => void items.push({ label, kind: vscode.QuickPickItemKind.Separator });
    const own = choices.filter((c) => c.kind === 'own' || c.kind === 'editor');
    const history = choices.filter((c): c is Extract<QueryChoice, { kind: 'history' }> => c.kind === 'history');
    const catalog = choices.filter((c): c is Extract<QueryChoice, { kind: 'catalog' }> => c.kind === 'catalog');
    for (const c of own) {
      items.push(
        c.kind === 'own'
          ? { label: '$(edit) Type a query…', detail: 'Logs Insights query language, e.g. filter action = "REJECT" | stats count(*) by srcAddr', choice: c, alwaysShow: true }
          : { label: '$(new-file) Write a query in an editor…', detail: 'Opens a .insights file with a Run query lens', choice: c, alwaysShow: true },
      );
    }
    if (history.length) {
      section('Recent');
      for (const c of history.slice(0, 5)) {
        items.push({ label: `$(history) ${c.entry.title ?? c.entry.query.split('\n')[0]}`, description: ago(c.entry.ranAt), detail: c.entry.query.replace(/\s*\n\s*/g, ' '), choice: c });
      }
    }
    for (const source of ['aws', 'extension'] as const) {
      section(source === 'aws' ? 'Samples from the CloudWatch console' : 'More flow log questions');
      for (const c of catalog.filter((x) => x.query.source === source)) {
        items.push({
          label: c.query.name,
          description: c.unavailable ?? '',
          detail: c.query.description,
          choice: c,
        });
      }
    }
    const picked = await vscode.window.showQuickPick(items, { title: 'Logs Insights: query', placeHolder: 'Choose a flow log query, or write your own', matchOnDetail: true });
    return picked?.choice;
  }

  inputQuery(): Promise<string | undefined> {
    return Promise.resolve(
      vscode.window.showInputBox({
        title: 'Logs Insights: query',
        prompt: 'Commands separated by |. Flow log fields: srcAddr, dstAddr, srcPort, dstPort, protocol, packets, bytes, action, logStatus, interfaceId…',
        placeHolder: 'filter action = "REJECT" | stats count(*) as rejections by srcAddr | sort rejections desc',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' ? 'Type a query.' : undefined),
      }),
    );
  }

  askParameter(query: CatalogQuery, parameter: QueryParameter): Promise<string | undefined> {
    return Promise.resolve(
      vscode.window.showInputBox({
        title: query.name,
        prompt: parameter.prompt,
        value: parameter.example,
        ignoreFocusOut: true,
        validateInput: (v) => parameterProblem(parameter, v),
      }),
    ).then((v) => v?.trim());
  }

  async pickTimeRange(current?: string): Promise<TimeRange | undefined> {
    type Item = vscode.QuickPickItem & { text?: string };
    const items: Item[] = [
      ...TIME_PRESETS.map((p) => ({ label: p.label, description: p.text === current ? `${p.text} (current)` : p.text, text: p.text })),
      { label: '$(calendar) Custom range…', description: 'start and end in UTC' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Logs Insights: time range', placeHolder: 'The narrower the range, the less the query scans (and costs)' });
    if (!picked) {
      return undefined;
    }
    if (picked.text) {
      return parseTimeRange(picked.text);
    }
    const now = new Date();
    const hourAgo = new Date(now.getTime() - 3600_000);
    const fmt = (d: Date): string => d.toISOString().slice(0, 16).replace('T', ' ');
    const text = await vscode.window.showInputBox({
      title: 'Logs Insights: custom time range (UTC)',
      prompt: 'start/end, e.g. 2024-11-27 08:00/2024-11-27 09:30 (add +01:00 for another zone)',
      value: `${fmt(hourAgo)}/${fmt(now)}`,
      ignoreFocusOut: true,
      validateInput: (v) => (parseTimeRange(v) ? undefined : 'Two date-times separated by /, the end after the start.'),
    });
    const range = text ? parseTimeRange(text) : undefined;
    return range;
  }

  async pickDefinition(definitions: readonly QueryDefinition[]): Promise<QueryDefinition | undefined> {
    const picked = await vscode.window.showQuickPick(
      definitions.map((d) => ({ label: d.name, description: d.logGroupNames.join(', '), detail: d.queryString.replace(/\s*\n\s*/g, ' '), definition: d })),
      { title: 'Logs Insights: saved queries of the account', placeHolder: definitions.length ? 'Open which saved query?' : 'No saved queries in this account and region', matchOnDetail: true },
    );
    return picked?.definition;
  }

  askDefinitionName(initial: string): Promise<string | undefined> {
    return Promise.resolve(
      vscode.window.showInputBox({
        title: 'Save the query in the account (PutQueryDefinition)',
        prompt: 'Name; use / for folders, e.g. flow-logs/top-talkers',
        value: initial,
        validateInput: (v) => (v.trim() === '' ? 'A name is needed.' : v.length > 255 ? 'At most 255 characters.' : undefined),
      }),
    ).then((v) => v?.trim());
  }

  askSaveUri(defaultName: string, format: 'csv' | 'json'): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return Promise.resolve(
      vscode.window.showSaveDialog({
        title: `Export the results as ${format.toUpperCase()}`,
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, defaultName) } : {}),
        filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      }),
    );
  }

  async pickHistory(entries: readonly HistoryEntry[]): Promise<HistoryChoice | undefined> {
    type Item = vscode.QuickPickItem & { entry?: HistoryEntry; clear?: boolean };
    const open: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: 'Open in an editor' };
    const items: Item[] = entries.map((e) => ({
      label: e.title ?? e.query.split('\n')[0]!,
      description: `${ago(e.ranAt)} · ${e.logGroups.join(', ')} · ${(() => {
        const r = parseTimeRange(e.range);
        return r ? describeTimeRange(r) : e.range;
      })()}${e.status ? ` · ${e.status}${e.rows !== undefined ? `, ${e.rows} rows` : ''}` : ''}`,
      detail: e.query.replace(/\s*\n\s*/g, ' '),
      entry: e,
      buttons: [open],
    }));
    if (entries.length) {
      items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(clear-all) Clear the history', clear: true });
    }
    return new Promise<HistoryChoice | undefined>((resolve) => {
      const qp = vscode.window.createQuickPick<Item>();
      qp.title = 'Logs Insights: history (this workspace)';
      qp.placeholder = entries.length ? 'Run a query again (or open it with the file button)' : 'No queries run in this workspace yet';
      qp.items = items;
      qp.matchOnDetail = true;
      qp.onDidTriggerItemButton((e) => {
        if (e.item.entry) {
          resolve({ action: 'open', entry: e.item.entry });
          qp.hide();
        }
      });
      qp.onDidAccept(() => {
        const item = qp.selectedItems[0];
        resolve(item?.clear ? { action: 'clear' } : item?.entry ? { action: 'run', entry: item.entry } : undefined);
        qp.hide();
      });
      qp.onDidHide(() => {
        resolve(undefined);
        qp.dispose();
      });
      qp.show();
    });
  }
}
