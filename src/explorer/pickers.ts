import * as vscode from 'vscode';
import { listProfiles, sharedConfigFiles } from '../aws/connection';
import type { LogsApi } from '../aws/logs';
import type { LogGroupInfo, LogStreamInfo } from '../aws/models';
import type { Settings } from '../settings';
import { formatRelative } from './format';
import type { Inventory } from './inventory';
import { looksLikeRegion, profileChoices, regionChoices, type Choice } from './pickerItems';

const BACK = Symbol('back');

interface ChoiceItem extends vscode.QuickPickItem {
  readonly value: string;
}

/**
 * One step of a multi-step picker: resolves to the chosen value, `BACK`, or undefined when dismissed.
 * `items` is called again as the user types, so a typed value can be offered.
 */
function pickStep(options: {
  title: string;
  placeholder: string;
  step?: number;
  totalSteps?: number;
  back?: boolean;
  items: (typed: string) => Choice[];
}): Promise<string | typeof BACK | undefined> {
  return new Promise((resolve) => {
    const quickPick = vscode.window.createQuickPick<ChoiceItem>();
    const toItems = (choices: Choice[]): ChoiceItem[] =>
      choices.map((c) => ({ label: c.label, description: c.description, detail: c.detail, value: c.value }));
    const initial = options.items('');
    quickPick.title = options.title;
    quickPick.placeholder = options.placeholder;
    quickPick.step = options.step;
    quickPick.totalSteps = options.totalSteps;
    quickPick.matchOnDescription = true;
    quickPick.items = toItems(initial);
    const picked = initial.findIndex((c) => c.picked);
    if (picked >= 0) {
      quickPick.activeItems = [quickPick.items[picked]!];
    }
    if (options.back) {
      quickPick.buttons = [vscode.QuickInputButtons.Back];
    }
    let done = false;
    const finish = (value: string | typeof BACK | undefined): void => {
      if (!done) {
        done = true;
        resolve(value);
        quickPick.dispose();
      }
    };
    quickPick.onDidChangeValue((typed) => {
      quickPick.items = toItems(options.items(typed));
    });
    quickPick.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) {
        finish(BACK);
      }
    });
    quickPick.onDidAccept(() => finish(quickPick.selectedItems[0]?.value));
    quickPick.onDidHide(() => finish(undefined));
    quickPick.show();
  });
}

/**
 * "Choose AWS Profile": the profiles of ~/.aws/config and ~/.aws/credentials, then the region for it;
 * both remembered in the settings (which reconnects the explorer).
 */
export async function selectProfile(settings: Settings, log: (message: string) => void): Promise<void> {
  const current = settings.connection;
  let profiles: string[] = [];
  try {
    profiles = await listProfiles();
  } catch (error) {
    log(`Listing AWS profiles failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { configFile, credentialsFile } = await sharedConfigFiles();
  for (;;) {
    const profile = await pickStep({
      title: 'Choose AWS Profile',
      placeholder: profiles.length ? 'Profile from ~/.aws/config and ~/.aws/credentials (or type a name)' : 'No profiles found in ~/.aws: type a profile name, or use the default chain',
      step: 1,
      totalSteps: 2,
      items: (typed) => {
        const choices = profileChoices(profiles, configFile, credentialsFile, current.profile);
        const name = typed.trim();
        return name && !profiles.includes(name) && /^[\w.@+-]+$/.test(name) ? [...choices, { label: name, description: 'a profile not in the files', value: name }] : choices;
      },
    });
    if (profile === undefined || profile === BACK) {
      return;
    }
    const profileRegion = configFile[profile || process.env['AWS_PROFILE'] || 'default']?.['region'];
    const region = await pickStep({
      title: `Choose AWS Region for ${profile || 'the default credentials'}`,
      placeholder: 'Region (type to filter, or type a region id)',
      step: 2,
      totalSteps: 2,
      back: true,
      items: (typed) => regionChoices(current.region, profileRegion, typed),
    });
    if (region === BACK) {
      continue;
    }
    if (region === undefined) {
      return;
    }
    await settings.update('profile', profile || undefined);
    await settings.update('region', region || undefined);
    return;
  }
}

/** "Choose AWS Region": remembered in the `vpcFlowLogs.region` setting. */
export async function selectRegion(settings: Settings): Promise<void> {
  const current = settings.connection;
  const { configFile } = await sharedConfigFiles();
  const profileRegion = configFile[current.profile || process.env['AWS_PROFILE'] || 'default']?.['region'];
  const region = await pickStep({
    title: 'Choose AWS Region',
    placeholder: 'Region (type to filter, or type a region id)',
    items: (typed) => regionChoices(current.region, profileRegion, typed),
  });
  if (region !== undefined && region !== BACK && (region === '' || looksLikeRegion(region))) {
    await settings.update('region', region || undefined);
  }
}

/** Flow log groups first, then the first page of the others: for commands run from the palette. */
export async function pickLogGroup(logs: LogsApi, inventory: Inventory, title: string): Promise<string | undefined> {
  const items = (async (): Promise<(vscode.QuickPickItem & { name: string })[]> => {
    const flowLogs = await inventory.flowLogs().catch(() => []);
    const flowGroups = [...new Set(flowLogs.map((f) => f.logGroupName).filter((g): g is string => !!g))].sort();
    const others: LogGroupInfo[] = (await logs.logGroupsPage({ limit: 50 })).items.filter((g) => !flowGroups.includes(g.name));
    return [
      ...flowGroups.map((name) => ({ label: `$(pulse) ${name}`, description: 'flow logs', name })),
      ...others.map((g) => ({ label: `$(folder-library) ${g.name}`, name: g.name })),
    ];
  })();
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Log group', matchOnDescription: true });
  return picked?.name;
}

/** The streams of a group, newest activity first (one page of 50). */
export async function pickStreams(logs: LogsApi, group: string, options: { many: boolean; title: string }): Promise<string[] | undefined> {
  type StreamItem = vscode.QuickPickItem & { name: string };
  const toItem = (s: LogStreamInfo): StreamItem => ({
    label: s.name,
    description: formatRelative(s.lastEventTime ?? s.lastIngestionTime) || 'no events',
    name: s.name,
  });
  const streams: Promise<StreamItem[]> = logs.logStreamsPage(group, undefined).then((p) => p.items.map(toItem));
  if (!options.many) {
    const picked = await vscode.window.showQuickPick<StreamItem>(streams, { title: options.title, placeHolder: `Stream of ${group}` });
    return picked ? [picked.name] : undefined;
  }
  const all: StreamItem = { label: '$(list-flat) All streams of the group', description: 'read together, newest hour first', name: '*' };
  const withAll: Promise<StreamItem[]> = streams.then((items) => [all, ...items]);
  const picked = await vscode.window.showQuickPick<StreamItem>(withAll, {
    title: options.title,
    placeHolder: `Streams of ${group} to read together`,
    canPickMany: true,
  });
  if (!picked?.length) {
    return undefined;
  }
  return picked.some((p) => p.name === '*') ? [] : picked.map((p) => p.name).slice(0, 100);
}
