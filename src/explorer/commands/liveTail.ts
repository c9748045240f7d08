/**
 * "Start Live Tail": on a log group, a stream, an interface (its flow log's group and `eni-...` stream
 * prefix) or a flow log in the tree, or from the palette (several groups and an optional filter
 * pattern). Opens the viewer on a Live Tail source: records arrive parsed with the flow log's format.
 * Live Tail is billed per minute of session, so starting asks first (until told not to).
 */
import * as vscode from 'vscode';
import { LIVE_TAIL_MAX_GROUPS, LIVE_TAIL_MAX_PATTERN } from '../../aws/logs';
import { refArg } from '../../aws/refs';
import { registerCommand, withCancellableProgress } from '../../commands';
import { actionPattern } from '../../livetail/patterns';
import { LiveTailSource, liveTailSourceId, parseLiveTailSourceId, type LiveTailTarget } from '../../livetail/source';
import { createCloudWatchSource } from '../cloudwatchSource';
import type { RecordSource } from '../../viewer/source';
import { cloudWatchFlowLogFor, flowLogsCovering } from '../inventory';
import type { ExplorerParts } from './parts';

export const START_LIVE_TAIL = 'vpcFlowLogs.startLiveTail';
const SETTING_IDLE = 'liveTail.idleMinutes';
const SETTING_MAX = 'liveTail.maxRecords';
const SETTING_CONFIRM = 'liveTail.confirmStart';

/** Registers "Start Live Tail" (with the viewer only: records are shown there). */
export function registerLiveTailCommands(context: vscode.ExtensionContext, parts: ExplorerParts): void {
  const { services, inventory, viewer } = parts;
  const { logs } = services.aws;
  const settings = services.settings;
  const open = new Set<LiveTailSource>();
  context.subscriptions.push({
    // Deactivation ends every session (panels also end theirs as they close).
    dispose: () => {
      for (const source of open) {
        source.dispose();
      }
      open.clear();
    },
  });

  const groupArn = async (name: string, signal?: AbortSignal): Promise<string | undefined> => (await logs.logGroup(name, signal))?.arn;

  /** Asks before a billed session, unless the user said not to ask again. */
  const confirm = async (what: string): Promise<boolean> => {
    if (!settings.get(SETTING_CONFIRM, true)) {
      return true;
    }
    const start = 'Start Live Tail';
    const always = 'Start, Don\'t Ask Again';
    const idle = settings.get(SETTING_IDLE, 15);
    const choice = await vscode.window.showInformationMessage(
      `Start a Live Tail session on ${what}?`,
      {
        modal: true,
        detail: `Live Tail is billed per minute of session (the free tier has 1,800 minutes a month). The session stops when you press Stop or close the panel${idle > 0 ? `, and after ${idle} minutes with the panel hidden` : ''}; AWS ends it after 3 hours.`,
      },
      start,
      always,
    );
    if (choice === always) {
      await settings.update(SETTING_CONFIRM, false);
    }
    return choice === start || choice === always;
  };

  /** The viewer's source for a session, with the flow log's format and the account's address labels. */
  const makeSource = async (target: LiveTailTarget, notStarted?: string): Promise<LiveTailSource> => {
    const first = target.groups[0]!;
    const single = target.streams?.length === 1 ? target.streams[0] : undefined;
    const [format, book] = await Promise.all([
      inventory.formatFor(first.name, single).catch(() => undefined),
      inventory.addressBook().catch(() => undefined),
    ]);
    const source: LiveTailSource = new LiveTailSource(target, {
      api: logs,
      idleMs: Math.max(0, settings.get(SETTING_IDLE, 15)) * 60_000,
      maxRecords: Math.max(1000, settings.get(SETTING_MAX, 200_000)),
      format,
      labels: book?.labels,
      vpcCidrs: book?.vpcCidrs,
      // Where the endpoint has no Live Tail: the first group's streams, followed by polling.
      fallback: () => deferredSource(createCloudWatchSource({ region: target.region, group: first.name, streams: [...(target.streams ?? [])] }, parts.sourceDeps(), inventory), source),
      notStarted,
      onDispose: () => open.delete(source),
    });
    open.add(source);
    return source;
  };

  const startOn = async (target: LiveTailTarget, what: string): Promise<void> => {
    if (!viewer) {
      return;
    }
    // A panel already on this target is shown again (its session restarted if it had stopped), not doubled.
    const shown = [...open].find((s) => s.id === liveTailSourceId(target));
    const running = shown && ['starting', 'live', 'paused'].includes(shown.status().state);
    if (!running && !(await confirm(what))) {
      return;
    }
    if (shown) {
      if (!running) {
        shown.control('restart');
      }
      // Opening a source whose panel is open reveals that panel (and drops the source given).
      await viewer.open({ id: shown.id, title: shown.title, loadInitial: () => Promise.resolve({ lines: [] }) });
      return;
    }
    await viewer.open(await makeSource(target));
  };

  if (viewer) {
    // A panel restored after a window reload shows its session as stopped: it ended with the window, and
    // a new one is billed, so only Restart starts it.
    context.subscriptions.push(
      viewer.registerSourceResolver('livetail', async (id) => {
        const parsed = parseLiveTailSourceId(id);
        if (!parsed) {
          return undefined;
        }
        const arns = await Promise.all(parsed.groupNames.map((name) => groupArn(name).catch(() => undefined)));
        if (arns.some((a) => !a)) {
          return undefined;
        }
        const { groupNames, ...rest } = parsed;
        const groups = groupNames.map((name, i) => ({ name, arn: arns[i]! }));
        return makeSource({ ...rest, groups }, 'The Live Tail session ended when the window reloaded. Restart starts a new one.');
      }),
    );
  }

  const register = (title: string, run: (arg?: unknown) => unknown): void => registerCommand(context, services, START_LIVE_TAIL, { title, aws: true }, run);

  register('Start Live Tail', async (arg) => {
    const { region } = await services.aws.connection();
    const ref = refArg(arg, ['logGroup', 'logStream', 'networkInterface', 'flowLog']);
    const where = ref?.region ?? region;
    if (!where) {
      void vscode.window.showWarningMessage('No AWS region is chosen: choose one with "VPC Flow Logs: Choose AWS Region".');
      return;
    }
    const withGroup = async (name: string, rest: Omit<LiveTailTarget, 'region' | 'groups'>, what: string): Promise<void> => {
      const arn = await withCancellableProgress(`Finding log group ${name}`, (signal) => groupArn(name, signal));
      if (!arn) {
        void vscode.window.showInformationMessage(`The log group ${name} does not exist in ${where}.`);
        return;
      }
      await startOn({ region: where, groups: [{ name, arn }], ...rest }, what);
    };
    switch (ref?.kind) {
      case 'logGroup':
        await withGroup(ref.name, {}, `the log group ${ref.name}`);
        return;
      case 'logStream':
        await withGroup(ref.group, { streams: [ref.name] }, `the stream ${ref.name}`);
        return;
      case 'flowLog': {
        const flowLog = (await inventory.flowLogs()).find((f) => f.id === ref.id);
        const group = flowLog?.logGroupName ?? ref.logGroupName;
        if (!group) {
          void vscode.window.showInformationMessage(`The flow log ${ref.id} does not deliver to CloudWatch Logs: Live Tail needs a log group.`);
          return;
        }
        await withGroup(group, {}, `the flow log ${ref.id} (log group ${group})`);
        return;
      }
      case 'networkInterface': {
        const eni = await inventory.interface(ref.id);
        const flowLog = eni ? cloudWatchFlowLogFor(eni, flowLogsCovering(eni, await inventory.flowLogs())) : undefined;
        if (!eni || !flowLog?.logGroupName) {
          void vscode.window.showInformationMessage(`No flow log delivers the records of ${ref.id} to CloudWatch Logs, so there is nothing to tail.`);
          return;
        }
        await withGroup(flowLog.logGroupName, { prefixes: [eni.id] }, `${eni.id} (streams ${eni.id}-… of ${flowLog.logGroupName})`);
        return;
      }
      default:
        await fromPalette(where);
    }
  });

  /** Several groups, then an optional filter pattern that names the flow log's fields. */
  const fromPalette = async (region: string): Promise<void> => {
    type GroupItem = vscode.QuickPickItem & { name: string; arn: string | undefined };
    const items = (async (): Promise<GroupItem[]> => {
      const flowLogs = await inventory.flowLogs().catch(() => []);
      const flowGroups = new Set(flowLogs.map((f) => f.logGroupName).filter((g): g is string => !!g));
      const page = await logs.logGroupsPage({ limit: 50 });
      const sorted = [...page.items].sort((a, b) => Number(flowGroups.has(b.name)) - Number(flowGroups.has(a.name)) || a.name.localeCompare(b.name));
      return sorted.map((g) => ({ label: `$(${flowGroups.has(g.name) ? 'pulse' : 'folder-library'}) ${g.name}`, description: flowGroups.has(g.name) ? 'flow logs' : '', name: g.name, arn: g.arn }));
    })();
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Start Live Tail (1/2): log groups',
      placeHolder: `Log groups to watch together (up to ${LIVE_TAIL_MAX_GROUPS})`,
      canPickMany: true,
      matchOnDescription: true,
    });
    if (!picked?.length) {
      return;
    }
    if (picked.length > LIVE_TAIL_MAX_GROUPS) {
      void vscode.window.showWarningMessage(`Live Tail watches at most ${LIVE_TAIL_MAX_GROUPS} log groups at once; ${picked.length} were chosen.`);
      return;
    }
    const groups = picked.filter((p): p is GroupItem & { arn: string } => !!p.arn).map((p) => ({ name: p.name, arn: p.arn }));
    const format = await inventory.formatFor(groups[0]!.name).catch(() => undefined);
    const pattern = await pickPattern(format);
    if (pattern === undefined) {
      return;
    }
    await startOn({ region, groups, ...(pattern ? { filterPattern: pattern } : {}) }, groups.length === 1 ? `the log group ${groups[0]!.name}` : `${groups.length} log groups`);
  };
}

/** An optional filter pattern: none, only REJECT, only ACCEPT (naming the format's fields), or typed. */
async function pickPattern(format: string | undefined): Promise<string | undefined> {
  type PatternItem = vscode.QuickPickItem & { pattern: string | null };
  const reject = actionPattern(format, 'REJECT');
  const accept = actionPattern(format, 'ACCEPT');
  const choice = await vscode.window.showQuickPick<PatternItem>(
    [
      { label: 'All records', description: 'no filter pattern', pattern: '' },
      { label: 'Only REJECT', detail: reject, pattern: reject },
      { label: 'Only ACCEPT', detail: accept, pattern: accept },
      { label: 'Filter pattern…', description: 'CloudWatch Logs filter pattern syntax', pattern: null },
    ],
    { title: 'Start Live Tail (2/2): filter pattern', placeHolder: 'AWS applies the pattern before sending records' },
  );
  if (!choice) {
    return undefined;
  }
  if (choice.pattern !== null) {
    return choice.pattern;
  }
  return vscode.window.showInputBox({
    title: 'Start Live Tail (2/2): filter pattern',
    prompt: `A CloudWatch Logs filter pattern (at most ${LIVE_TAIL_MAX_PATTERN} characters), e.g. one naming the flow log's fields`,
    value: reject,
    validateInput: (text) => (text.length > LIVE_TAIL_MAX_PATTERN ? `${text.length} characters: at most ${LIVE_TAIL_MAX_PATTERN} are allowed.` : undefined),
  });
}

/**
 * The CloudWatch source a session falls back to, made once its format and labels are known: until
 * then, the live source's own (empty) pages.
 */
function deferredSource(made: Promise<RecordSource>, live: LiveTailSource): RecordSource {
  let ready: RecordSource | undefined;
  void made.then((s) => (ready = s), () => undefined);
  return {
    id: live.id,
    title: live.title,
    canFollow: true,
    loadInitial: async (signal, progress) => (ready ?? (await made)).loadInitial(signal, progress),
    loadNewer: async (signal, progress) => {
      const source = ready ?? (await made);
      return source.loadNewer ? source.loadNewer(signal, progress) : { lines: [] };
    },
    dispose: () => ready?.dispose?.(),
  };
}
