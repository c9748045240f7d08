/**
 * "Why was this rejected?" (and "Why was this allowed?"): explains one flow log record with today's
 * security groups, network ACLs and routes around its interface. The viewer asks through `explain`
 * (its details dialog and its rows' context menu); the flow log editor's hover and the palette run the
 * `vpcFlowLogs.explainRecord` command, whose answer is a message with the change to make.
 */
import * as vscode from 'vscode';
import { AwsProblemError } from '../aws/errors';
import { registerCommand, withCancellableProgress } from '../commands';
import { DEFAULT_FIELDS } from '../flowlogs';
import { explainFlow, flowFromRecord, suggestFix } from '../network';
import type { Services } from '../services';
import { whyAnswer, whyAnswerText, whyQuestion, type WhyAnswer } from './answer';
import { NetworkContexts } from './networkContext';

export const EXPLAIN_COMMANDS = { rejected: 'vpcFlowLogs.explainRecord', allowed: 'vpcFlowLogs.explainAllowedRecord' } as const;

/** A record as field name -> raw text (`-` for absent), as the viewer's details and the editor have it. */
export type RecordFields = Readonly<Record<string, string>>;

/** What the viewer and the editor use. */
export interface WhyApi {
  /** Explains one record; reads the network around its interface first (with progress) unless it is cached. */
  explain(record: RecordFields): Promise<WhyAnswer>;
  /** The cached networks (tests clear them after changing the fake account's rules). */
  readonly networks: NetworkContexts;
}

/** Where the command was asked from: a viewer row's context menu, a hover link, or nothing (the palette). */
interface ExplainArgument {
  /** The viewer's rows put their record's id here (`data-vscode-context`). */
  readonly recordId?: number;
  /** A hover link passes the record itself. */
  readonly record?: RecordFields;
}

export interface WhyDeps {
  /** Opens the active viewer panel's details of a record with its explanation; false without a viewer panel. */
  readonly explainInViewer: (recordId: number) => boolean;
}

/** Why the record cannot be explained at all, in words a person can act on. */
class NotExplainable extends Error {}

/** Registers the commands; returns what the viewer and the editor use. */
export function registerWhy(context: vscode.ExtensionContext, services: Services, deps: WhyDeps): WhyApi {
  const networks = new NetworkContexts(services.aws);
  context.subscriptions.push(networks);

  const explain = async (record: RecordFields): Promise<WhyAnswer> => {
    if (!services.aws.trusted()) {
      throw new AwsProblemError(services.aws.trustProblem('Reading the security groups and network ACLs'));
    }
    const clean = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== '-' && v !== ''));
    const flow = flowFromRecord(clean);
    if (!flow) {
      throw new NotExplainable('This record has no addresses, protocol or interface to explain (a NODATA or SKIPDATA record, or a format without them).');
    }
    const read = (signal?: AbortSignal) => networks.forInterface(flow.interfaceId, signal);
    const network = networks.cached(flow.interfaceId)
      ? await read()
      : await withCancellableProgress(`Reading security groups, network ACLs and routes around ${flow.interfaceId}`, (signal) => read(signal));
    if (!network) {
      const connection = await services.aws.connection().catch(() => undefined);
      throw new NotExplainable(`Interface ${flow.interfaceId} is not in this account's region ${connection?.region ?? ''} (or no longer exists): choose the profile and region the record came from.`.replace('  ', ' '));
    }
    const why = explainFlow(flow, network);
    return whyAnswer(flow, network, why, suggestFix(flow, network, why));
  };

  const showAnswer = async (answer: WhyAnswer): Promise<void> => {
    const copy = answer.fix ? 'Copy AWS CLI Command' : undefined;
    const picked = await vscode.window.showInformationMessage(`${answer.question} ${answer.headline}.`, { modal: true, detail: whyAnswerText(answer) }, ...(copy ? [copy] : []));
    if (picked && picked === copy && answer.fix) {
      await vscode.env.clipboard.writeText(answer.fix.command);
    }
  };

  const run = async (argument?: ExplainArgument): Promise<void> => {
    if (typeof argument?.recordId === 'number' && deps.explainInViewer(argument.recordId)) {
      return;
    }
    let record = argument?.record;
    if (!record) {
      const line = await vscode.window.showInputBox({
        title: 'Why was this rejected?',
        prompt: 'A flow log record in the default format (version 2)',
        placeHolder: '2 123456789012 eni-... 10.1.5.112 10.2.15.210 0 0 1 6 504 1732694462 1732694523 REJECT OK',
        ignoreFocusOut: true,
      });
      if (!line?.trim()) {
        return;
      }
      const values = line.trim().split(/\s+/);
      record = Object.fromEntries(DEFAULT_FIELDS.map((f, i) => [f, values[i] ?? '-']));
    }
    try {
      await showAnswer(await explain(record));
    } catch (error) {
      if (error instanceof NotExplainable) {
        void vscode.window.showWarningMessage(`${whyQuestion(record['action'])} ${error.message}`);
        return;
      }
      throw error;
    }
  };

  for (const id of [EXPLAIN_COMMANDS.rejected, EXPLAIN_COMMANDS.allowed]) {
    registerCommand(context, services, id, { title: 'Explaining the record', aws: true }, run);
  }
  return { explain, networks };
}

/** The message for a failure to explain (a denied permission names what to add). */
export function explainFailure(error: unknown): string {
  if (error instanceof AwsProblemError && error.problem.kind === 'accessDenied' && error.problem.deniedAction) {
    return `The rules could not be read: add ${error.problem.deniedAction} to your IAM policy (with ec2:DescribeSecurityGroupRules, ec2:DescribeNetworkAcls, ec2:DescribeRouteTables, ec2:DescribeNetworkInterfaces, ec2:DescribeSubnets, ec2:DescribeVpcs, ec2:DescribeVpcPeeringConnections and ec2:GetManagedPrefixListEntries). ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
