/**
 * `vpcFlowLogs.scaffoldIamRole`: opens the trust policy and the permissions policy of a flow logs
 * delivery role as JSON, and a guide (AWS CLI, CloudFormation, what every part means) as Markdown.
 * Fills in the account and region when the credentials work; otherwise uses placeholders and says so.
 * Creates nothing in AWS.
 */
import { AwsProblemError, errorMessage } from '../aws/errors';
import { scaffoldDocuments, type ScaffoldDocuments } from '../iam/guide';
import type { SetupDeps } from './deps';

/** How long to wait for STS before falling back to placeholders (offline, the SDK retries a while). */
export const IDENTITY_TIMEOUT_MS = 5000;

/** What the scaffold produced. */
export interface ScaffoldResult {
  readonly documents: ScaffoldDocuments;
  readonly accountId?: string;
  readonly region?: string;
  /** Why placeholders were used, when they were. */
  readonly offlineReason?: string;
}

function shortReason(error: unknown): string {
  if (error instanceof AwsProblemError) {
    switch (error.problem.kind) {
      case 'noCredentials':
        return 'no AWS credentials were found';
      case 'noRegion':
        return 'no AWS region is set';
      case 'unreachable':
        return 'AWS could not be reached';
      case 'cancelled':
        return 'AWS did not answer in time';
      case 'ssoExpired':
        return 'the credentials have expired';
      case 'credentialsRejected':
        return 'AWS rejected the credentials';
      case 'accessDenied':
        return 'sts:GetCallerIdentity was denied';
      default:
        break;
    }
  }
  const message = errorMessage(error);
  return /abort|timeout/i.test(message) ? 'AWS did not answer in time' : message.replace(/\.$/, '');
}

/** The command. `options.offline` (a reason) skips AWS and uses placeholders. */
export async function scaffoldIamRoleCommand(deps: SetupDeps, options: { offline?: string } = {}): Promise<ScaffoldResult> {
  let accountId: string | undefined;
  let region: string | undefined;
  let offlineReason = options.offline;
  await deps.host.progress('Looking up your AWS account…', async (_report, signal) => {
    if (offlineReason) {
      return;
    }
    try {
      region = (await deps.aws.connection()).region;
      accountId = (await deps.aws.sts.callerIdentity(AbortSignal.any([signal, AbortSignal.timeout(IDENTITY_TIMEOUT_MS)]))).accountId;
    } catch (error) {
      offlineReason = shortReason(error);
      deps.host.log(`Scaffold IAM role: using placeholders: ${errorMessage(error)}`);
    }
  });
  if (!region && !offlineReason) {
    offlineReason = 'no AWS region is set';
  }
  const documents = scaffoldDocuments({ accountId, region, offlineReason });
  await deps.host.openScaffold(documents);
  const message = documents.hasPlaceholders
    ? `IAM policies for VPC Flow Logs opened with placeholders (${offlineReason ?? 'account unknown'}): replace ${[!accountId ? '<ACCOUNT_ID>' : '', !region ? '<REGION>' : ''].filter(Boolean).join(' and ')} before use. The guide tab explains every part.`
    : `IAM policies for VPC Flow Logs opened for account ${accountId} in ${region}. The guide tab has the AWS CLI commands, a CloudFormation template and what every part means.`;
  void deps.prompter.notify({ id: 'scaffoldIamRole.done', kind: documents.hasPlaceholders ? 'warning' : 'info', message });
  return { documents, accountId, region, offlineReason };
}
