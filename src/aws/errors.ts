/** Kinds of AWS failure that a person can do something about, each with its own advice. */
export type AwsProblemKind =
  | 'noCredentials'
  | 'ssoExpired'
  | 'credentialsRejected'
  | 'accessDenied'
  | 'throttled'
  | 'noRegion'
  | 'regionNotEnabled'
  | 'unreachable'
  | 'timeout'
  | 'untrusted'
  | 'notFound'
  | 'invalidInput'
  | 'cancelled'
  /** A Live Tail session that AWS ended (its 3 hours are up, or a streaming error): restart it. */
  | 'sessionEnded'
  /** The endpoint does not offer the operation (an emulator without Live Tail). */
  | 'unsupported'
  | 'other';

/** A failure described for a person: what went wrong and what to do next. */
export interface AwsProblem {
  readonly kind: AwsProblemKind;
  /** One sentence, "<what> failed: <why>. <what to do>". Never contains credentials. */
  readonly message: string;
  /** The AWS error code or name, when there is one. */
  readonly code?: string;
  /** For `accessDenied`: the IAM action that was denied, e.g. `ec2:DescribeVpcs`. */
  readonly deniedAction?: string;
}

/** An error that already carries an AwsProblem (thrown by the extension's own code). */
export class AwsProblemError extends Error {
  readonly problem: AwsProblem;
  constructor(problem: AwsProblem) {
    super(problem.message);
    this.name = 'AwsProblemError';
    this.problem = problem;
  }
}

/** Where the failing call was made, to make the advice specific. */
export interface AwsCallContext {
  /** The IAM action of the call, e.g. `ec2:DescribeVpcs`. */
  readonly action: string;
  readonly profile?: string | undefined;
  readonly region?: string | undefined;
  readonly endpointUrl?: string | undefined;
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'LimitExceededException',
]);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess', 'Forbidden']);
const REJECTED = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const NOT_FOUND = /NotFound|NoSuchEntity|\.NotFound$/;
const NETWORK = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'TimeoutError']);

function field(error: unknown, name: string): string | undefined {
  if (typeof error === 'object' && error !== null && name in error) {
    const value = (error as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/** The HTTP status of an SDK error's response, when it has one. */
function statusOf(error: unknown): number | undefined {
  const metadata = typeof error === 'object' && error !== null ? (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata : undefined;
  return typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}

/** "the credentials of profile "dev"", or "the default credentials" (never "of the default credentials"). */
function credentialsOf(context: AwsCallContext): string {
  return context.profile ? `the credentials of profile "${context.profile}"` : 'the default credentials';
}

/**
 * Turns any error from an AWS call into a message a person can act on: expired SSO token -> the
 * `aws sso login` command to run; AccessDenied -> the denied action; throttling -> said plainly.
 */
export function describeAwsError(error: unknown, context: AwsCallContext): AwsProblem {
  if (error instanceof AwsProblemError) {
    return error.problem;
  }
  const name = field(error, 'name') ?? '';
  const code = field(error, 'Code') ?? field(error, 'code') ?? name;
  const raw = (field(error, 'message') ?? String(error)).replace(/\s+/g, ' ').trim();
  const what = `${context.action} failed`;
  const login = context.profile ? `aws sso login --profile ${context.profile}` : 'aws sso login';

  if (name === 'AbortError' || code === 'AbortError') {
    return { kind: 'cancelled', message: `${what}: cancelled.`, code };
  }
  if (code === 'SessionTimeoutException') {
    return { kind: 'sessionEnded', code, message: `${what}: the Live Tail session reached its 3-hour limit and AWS ended it. Restart it to go on watching.` };
  }
  if (code === 'SessionStreamingException') {
    return { kind: 'sessionEnded', code, message: `${what}: AWS ended the Live Tail session (${raw || code}). Restart it to go on watching.` };
  }
  if (statusOf(error) === 501 || code === 'NotImplemented' || code === 'UnknownOperationException') {
    const where = context.endpointUrl ? `the endpoint URL ${context.endpointUrl}` : `AWS in region "${context.region ?? '?'}"`;
    return { kind: 'unsupported', code, message: `${what}: ${where} does not offer this operation (${raw || code}).` };
  }
  if (/sso/i.test(raw) && /expired|invalid|refresh|token/i.test(raw)) {
    const session = context.profile ? `the SSO session of profile "${context.profile}"` : 'the SSO session of the default credentials';
    return { kind: 'ssoExpired', code, message: `${what}: ${session} has expired. Run "${login}" in a terminal, then refresh.` };
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials|credentials.*not found|no credentials/i.test(raw)) {
    return {
      kind: 'noCredentials',
      code,
      message: `${what}: no AWS credentials were found ${context.profile ? `for profile "${context.profile}"` : 'in the default credential chain'}. Choose a profile ("VPC Flow Logs: Choose AWS Profile") or configure one with "aws configure".`,
    };
  }
  if (EXPIRED.has(code)) {
    return { kind: 'ssoExpired', code, message: `${what}: ${credentialsOf(context)} have expired. Refresh them (for SSO: "${login}"), then refresh the view.` };
  }
  if (REJECTED.has(code)) {
    return { kind: 'credentialsRejected', code, message: `${what}: AWS rejected ${credentialsOf(context)} (${code}). Check the access key, or choose another profile.` };
  }
  if (DENIED.has(code) || /not authorized to perform/i.test(raw)) {
    const action = /not authorized to perform:? ([A-Za-z0-9-]+:[A-Za-z0-9]+)/.exec(raw)?.[1] ?? context.action;
    return {
      kind: 'accessDenied',
      code,
      deniedAction: action,
      message: `${what}: access denied. ${context.profile ? `Profile "${context.profile}" is` : 'The default credentials are'} not allowed ${action}; ask for that permission or choose another profile.`,
    };
  }
  if (THROTTLING.has(code)) {
    return { kind: 'throttled', code, message: `${what}: AWS is throttling requests (too many calls in a short time) and retries did not get through. Wait a minute, then try again.` };
  }
  if (code === 'OptInRequired') {
    return { kind: 'regionNotEnabled', code, message: `${what}: region ${context.region ?? ''} is not enabled for this account. Enable it in the account settings or choose another region.` };
  }
  if (NETWORK.has(code) || /getaddrinfo|ECONNREFUSED|connect ETIMEDOUT|socket hang up/i.test(raw)) {
    const message = context.endpointUrl
      ? `${what}: nothing answered at the endpoint URL ${context.endpointUrl}. Start the emulator, or clear the "vpcFlowLogs.endpointUrl" setting.`
      : `${what}: AWS in region "${context.region ?? '?'}" could not be reached. Check the region name and your network.`;
    return { kind: 'unreachable', code, message };
  }
  if (NOT_FOUND.test(code)) {
    return { kind: 'notFound', code, message: `${what}: ${raw}` };
  }
  if (/Invalid|Validation|Malformed|MissingParameter/.test(code)) {
    return { kind: 'invalidInput', code, message: `${what}: ${raw}` };
  }
  return { kind: 'other', code, message: `${what}: ${raw || code || 'unknown error'}` };
}

/** A request that got no answer within `timeoutMs`: said plainly, with where it was sent. */
export function timeoutProblem(context: AwsCallContext, timeoutMs: number): AwsProblem {
  const seconds = Math.round(timeoutMs / 100) / 10;
  const where = context.endpointUrl ? `the endpoint URL ${context.endpointUrl}` : `AWS in region "${context.region ?? '?'}"`;
  return {
    kind: 'timeout',
    code: 'TimeoutError',
    message: `${context.action} failed: ${where} did not answer within ${seconds} s. Check the network (or the emulator), then retry; the "vpcFlowLogs.aws.requestTimeoutSeconds" setting sets how long to wait.`,
  };
}

/** Why `what` cannot use AWS in Restricted Mode, in words the user can act on. */
export function untrustedProblem(what: string): AwsProblem {
  return {
    kind: 'untrusted',
    message: `${what} failed: AWS access is turned off in Restricted Mode, because a workspace's settings could send requests signed with your credentials elsewhere. Trust this workspace to use your AWS credentials.`,
  };
}

/** True when an error (raw or AwsProblemError) carries the AWS error code `code` (with or without `Exception`). */
export function hasAwsCode(error: unknown, code: string): boolean {
  const strip = (c: string | undefined): string | undefined => c?.replace(/Exception$/, '');
  if (error instanceof AwsProblemError) {
    return strip(error.problem.code) === strip(code);
  }
  if (typeof error === 'object' && error !== null) {
    const e = error as { name?: unknown; Code?: unknown; code?: unknown };
    return [e.Code, e.code, e.name].some((c) => typeof c === 'string' && strip(c) === strip(code));
  }
  return false;
}

/** The message of any error, for a person: an AWS problem's advice as it is, else the error's message. */
export function errorMessage(error: unknown): string {
  if (error instanceof AwsProblemError) {
    return error.problem.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** "<what> failed: <detail>", the one way every area reports a failure to the user. */
export function failureMessage(what: string, error: unknown): string {
  return `${what} failed: ${errorMessage(error)}`;
}

/** The problem behind any error, described for a person (`action` names what was being done). */
export function problemOf(error: unknown, action: string): AwsProblem {
  return error instanceof AwsProblemError ? error.problem : describeAwsError(error, { action });
}
