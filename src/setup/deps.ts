/**
 * What the setup commands depend on, passed in (no globals) so unit tests run the flows in plain Node
 * with a stubbed SDK and scripted answers, and integration tests run them in the real host.
 */
import type { Aws } from '../aws';
import { AwsProblemError, errorMessage } from '../aws/errors';
import type { ScaffoldDocuments } from '../iam/guide';
import type { Prompter } from './prompter';

/** The workbench side effects of the setup commands. */
export interface SetupHost {
  /** Runs `task` under a progress notification titled `title`; its Cancel aborts `signal`. */
  progress<T>(title: string, task: (report: (message: string) => void, signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Opens the scaffolded policies (JSON) side by side and the guide (Markdown) as a third tab. */
  openScaffold(documents: ScaffoldDocuments): Promise<void>;
  /** Opens a generated JSON document (e.g. a bucket policy) read-only, named `fileName`, beside the editor. */
  openDocument(fileName: string, text: string): Promise<void>;
  /** Reloads the VPCs view after a flow log was created or deleted. */
  refreshExplorer(): Promise<void>;
  /** A line in the output channel: what was created or deleted, and how to undo it. */
  log(message: string): void;
}

/** Everything a setup flow needs. */
export interface SetupDeps {
  readonly aws: Aws;
  readonly prompter: Prompter;
  readonly host: SetupHost;
  /** Waits between retries; tests pass one that does not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The account and region new resources will belong to. */
export interface Whereabouts {
  readonly accountId: string;
  /** Undefined when no region is configured (IAM is global; EC2 and Logs then cannot be called). */
  readonly region: string | undefined;
}

/** Looks up the account (STS) and region; reports a failure as `<what> failed: ...` and returns undefined. */
export async function whereabouts(deps: SetupDeps, what: string): Promise<Whereabouts | undefined> {
  try {
    return await deps.host.progress('Looking up your AWS account…', async (_report, signal) => {
      const connection = await deps.aws.connection();
      const identity = await deps.aws.sts.callerIdentity(signal);
      return { accountId: identity.accountId, region: connection.region };
    });
  } catch (error) {
    if (error instanceof AwsProblemError && error.problem.kind === 'cancelled') {
      deps.host.log(`${what}: cancelled while looking up the account.`);
      return undefined;
    }
    await deps.prompter.notify({ id: 'setup.noAccount', kind: 'error', message: `${what} failed: ${errorMessage(error)}` });
    return undefined;
  }
}

/** Something a half-finished setup left behind, with the confirmed action that removes it. */
export interface Leftover {
  /** What it is, e.g. `IAM role VPCFlowLogsDeliveryRole (arn:...)`. */
  readonly description: string;
  /** The button that removes it, e.g. `Delete Role VPCFlowLogsDeliveryRole`. */
  readonly action: string;
  /** How to remove it by hand (logged), e.g. the AWS CLI commands. */
  readonly manual: string;
  /** Asks (modal) and removes it; true when it is gone. */
  remove(): Promise<boolean>;
}

/**
 * Reports a failure after something was already created: says what exists now and offers to remove
 * each piece (one confirmed action each), repeating the offer for what is left.
 */
export async function reportHalfWay(deps: SetupDeps, failure: string, leftovers: Leftover[]): Promise<void> {
  let remaining = [...leftovers];
  for (const leftover of remaining) {
    deps.host.log(`Left behind: ${leftover.description}. To remove it by hand: ${leftover.manual}`);
  }
  let message = `${failure} What exists now: ${remaining.map((l) => l.description).join('; ')}. Remove ${remaining.length === 1 ? 'it' : 'them'} below, or keep ${remaining.length === 1 ? 'it' : 'them'} and try again.`;
  while (remaining.length > 0) {
    const chosen = await deps.prompter.notify({ id: 'setup.halfWay', kind: 'error', message, actions: remaining.map((l) => l.action) });
    const leftover = remaining.find((l) => l.action === chosen);
    if (!leftover) {
      return;
    }
    if (await leftover.remove()) {
      remaining = remaining.filter((l) => l !== leftover);
      message = `Still there: ${remaining.map((l) => l.description).join('; ')}.`;
    }
  }
}
