/**
 * The commands that open flow log records: an interface's flow log, a stream (in the viewer or as a
 * document), several streams of a log group together, and older or newer events of a stream document.
 * They take typed references (what tree nodes carry) or plain ids, and ask with quick picks otherwise.
 */
import * as vscode from 'vscode';
import { refArg } from '../../aws/refs';
import { registerCommand, withCancellableProgress } from '../../commands';
import { CLOUDWATCH_SCHEME, parseStreamDocumentUri } from '../../editor/cloudwatchDocument';
import { createCloudWatchSource, type CloudWatchTarget } from '../cloudwatchSource';
import { COMMANDS } from '../commandIds';
import { cloudWatchFlowLogFor, flowLogsCovering, streamNameFor } from '../inventory';
import { pickLogGroup, pickStreams } from '../pickers';
import type { ExplorerParts } from './parts';

/** Opens CloudWatch records in the viewer, or one stream as a document. */
export type OpenRecords = (target: CloudWatchTarget, mode: 'viewer' | 'text') => Promise<void>;

/** Registers the commands that open records; returns `openRecords` for the explorer's API. */
export function registerRecordCommands(context: vscode.ExtensionContext, parts: ExplorerParts): OpenRecords {
  const { services, inventory, documents, viewer } = parts;
  const { logs } = services.aws;
  const warn = (message: string): void => services.log.warn(message);
  const register = (id: string, title: string, run: (arg?: unknown) => unknown): void => registerCommand(context, services, id, { title, aws: true }, run);

  const currentRegion = async (): Promise<string | undefined> => {
    const { region } = await services.aws.connection();
    if (!region) {
      void vscode.window.showWarningMessage('No AWS region is chosen.', 'Choose Region').then((choice) => choice && vscode.commands.executeCommand(COMMANDS.selectRegion));
    }
    return region;
  };

  /** Opens records in the viewer (or, for one stream, as a document when asked or when there is no viewer). */
  const openRecords: OpenRecords = async (target, mode) => {
    const name = target.streams.length === 1 ? target.streams[0]! : target.group;
    if (mode === 'viewer' && viewer) {
      const source = await withCancellableProgress(`Opening ${name}`, () => createCloudWatchSource(target, parts.sourceDeps(), inventory, warn));
      await viewer.open(source);
    } else if (target.streams.length === 1) {
      await withCancellableProgress(`Reading ${name}`, (signal) => documents.open({ region: target.region, group: target.group, stream: target.streams[0]! }, { signal }));
    } else {
      void vscode.window.showInformationMessage('Several streams can be read together in the flow log viewer only.');
    }
  };

  /** The stream a command was run on: a stream reference or node, or picked (from the palette). */
  const streamTarget = async (arg: unknown, title: string): Promise<CloudWatchTarget | undefined> => {
    const ref = refArg(arg, ['logStream']);
    const region = ref?.region ?? (await currentRegion());
    if (!region) {
      return undefined;
    }
    if (ref) {
      return { region, group: ref.group, streams: [ref.name] };
    }
    const group = await pickLogGroup(logs, inventory, title);
    const streams = group ? await pickStreams(logs, group, { many: false, title }) : undefined;
    return group && streams ? { region, group, streams } : undefined;
  };

  register(COMMANDS.openInterfaceFlowLog, 'Open the flow log records', async (arg) => {
    const ref = refArg(arg, ['networkInterface']);
    if (!ref) {
      return;
    }
    const eni = await inventory.interface(ref.id);
    if (!eni) {
      void vscode.window.showInformationMessage(`The network interface ${ref.id} does not exist any more (its instance may have been terminated).`);
      return;
    }
    const [flowLogs, names] = await Promise.all([inventory.flowLogs(), inventory.instanceNames([eni.instanceId])]);
    const instanceName = eni.instanceId ? names.get(eni.instanceId) : undefined;
    const who = `${eni.id}${instanceName ? ` (${instanceName})` : ''}`;
    const coverage = flowLogsCovering(eni, flowLogs);
    const flowLog = cloudWatchFlowLogFor(eni, coverage);
    if (!flowLog?.logGroupName) {
      const elsewhere = coverage[0];
      if (elsewhere) {
        void vscode.window.showInformationMessage(
          `The flow log ${elsewhere.id} of ${who} delivers to ${elsewhere.destinationType === 's3' ? 'Amazon S3' : 'Kinesis Data Firehose'}, not CloudWatch Logs. Download its files and open them with "VPC Flow Logs: Open Flow Log File".`,
        );
        return;
      }
      const choice = await vscode.window.showInformationMessage(`No flow log covers ${who}: its traffic is not recorded.`, ...(parts.canCreateFlowLog ? ['Create Flow Log…'] : []));
      if (choice) {
        await vscode.commands.executeCommand(COMMANDS.createFlowLog, ref);
      }
      return;
    }
    const group = flowLog.logGroupName;
    const stream = streamNameFor(eni.id, flowLog);
    const exists = (await logs.logStreamsByPrefix(group, stream)).some((s) => s.name === stream);
    if (!exists) {
      void vscode.window.showInformationMessage(
        `No records of ${who} yet: the log group ${group} has no stream ${stream}. Flow logs deliver about 10 minutes after traffic starts; if it stays empty, check the flow log's delivery status.`,
      );
      return;
    }
    const region = ref.region ?? (await currentRegion());
    if (region) {
      await openRecords({ region, group, streams: [stream] }, 'viewer');
    }
  });

  register(COMMANDS.openStream, 'Open the log stream', async (arg) => {
    const target = await streamTarget(arg, 'Open Log Stream');
    if (target) {
      await openRecords(target, 'viewer');
    }
  });

  register(COMMANDS.openStreamAsText, 'Open the log stream as text', async (arg) => {
    const target = await streamTarget(arg, 'Open Log Stream as Text');
    if (target) {
      await openRecords(target, 'text');
    }
  });

  register(COMMANDS.openLogGroup, 'Open the log group', async (arg) => {
    const ref = refArg(arg, ['logGroup']);
    const region = ref?.region ?? (await currentRegion());
    const group = ref?.name ?? (region ? await pickLogGroup(logs, inventory, 'Open Log Group Streams') : undefined);
    if (!region || !group) {
      return;
    }
    const streams = await pickStreams(logs, group, { many: true, title: `Open streams of ${group}` });
    if (streams) {
      await openRecords({ region, group, streams }, viewer ? 'viewer' : 'text');
    }
  });

  const extendDocument = (direction: 'older' | 'newer') => async (arg?: unknown) => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== CLOUDWATCH_SCHEME || !parseStreamDocumentUri(uri)) {
      void vscode.window.showInformationMessage('Open a CloudWatch log stream as text first ("VPC Flow Logs: Open Log Stream as Text").');
      return;
    }
    await withCancellableProgress(`Loading ${direction} events`, (signal) => (direction === 'older' ? documents.loadOlder(uri, signal) : documents.loadNewer(uri, signal)));
  };
  register(COMMANDS.loadOlderEvents, 'Load older events', extendDocument('older'));
  register(COMMANDS.loadNewerEvents, 'Load newer events', extendDocument('newer'));

  return openRecords;
}
