/**
 * The one shared `send` every AWS request goes through, and the one pager. A service wrapper (ec2.ts,
 * logs.ts, iam.ts, sts.ts) names each operation once and calls `send` with it; `send` refuses in
 * Restricted Mode, gets the client from the factory, bounds the request by the request timeout and the
 * caller's abort signal, and turns any failure into an {@link AwsProblemError} whose message names the
 * IAM action and says what to do.
 */
import type { AwsClientFactory, ServiceKind } from './clientFactory';
import { AwsProblemError, describeAwsError, timeoutProblem, untrustedProblem } from './errors';
import { loadSdk, type Sdk } from './loadSdk';

/** One page of a listing and the token of the next, `undefined` after the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken: string | undefined;
}

/** Reads one page given the token returned by the previous one (`undefined` for the first). */
export type PageFunction<T> = (token: string | undefined) => Promise<Page<T>>;

/**
 * A client's `send`, seen without its per-command overloads (which cannot be named generically); the
 * wrappers pair each command with its output type themselves.
 */
interface Sender {
  send(command: unknown, options: { abortSignal?: AbortSignal | undefined }): Promise<unknown>;
}

/**
 * Sends one command: `operation` is the API name (`DescribeVpcs`), which with the service makes the IAM
 * action named in errors (`ec2:DescribeVpcs`); `command` builds the SDK command from the lazily loaded
 * SDK module of the service. `signal` cancels the request.
 *
 * In Restricted Mode nothing is sent (no client is even made). Every request has a deadline, the
 * request timeout, that covers the SDK's retries too: the HTTP handler's own timeouts make one attempt
 * fail, but the SDK retries a timed-out attempt, and a person waiting for a tree should hear after the
 * timeout, not five attempts later.
 */
export async function send<K extends ServiceKind, R>(
  aws: AwsClientFactory,
  kind: K,
  operation: string,
  command: (sdk: Sdk[K]) => object,
  signal?: AbortSignal,
): Promise<R> {
  const action = `${kind}:${operation}`;
  if (!aws.trusted()) {
    throw new AwsProblemError(untrustedProblem(action));
  }
  const timeoutMs = aws.requestTimeoutMs();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const abortSignal = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  try {
    signal?.throwIfAborted();
    const client = (await aws.client(kind)) as unknown as Sender;
    // Raced with the signal as well: whatever does not listen to it (credential providers, a retry
    // delay) must not keep the caller waiting.
    return (await untilAborted(Promise.resolve(client.send(command(loadSdk()[kind]), { abortSignal })), abortSignal)) as R;
  } catch (error) {
    if (error instanceof AwsProblemError) {
      throw error;
    }
    // The connection is already resolved (the client needed it); if even that failed, the problem is
    // described without it.
    const connection = await aws.connection().catch(() => undefined);
    const context = { action, profile: connection?.profile, region: connection?.region, endpointUrl: connection?.endpointUrl };
    throw new AwsProblemError(deadline.signal.aborted && !signal?.aborted ? timeoutProblem(context, timeoutMs) : describeAwsError(error, context));
  } finally {
    clearTimeout(timer);
  }
}

/** `promise`, or a rejection with an `AbortError` as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function abortError(): Error {
  return Object.assign(new Error('The request was aborted'), { name: 'AbortError' });
}

/**
 * Every item of a paged listing, page after page. Stops after `maxPages` (listings in the tree are
 * paged with "Load more"; this is for the small ones, such as flow logs or one VPC's route tables) and
 * when a service hands back the token it was given, which would otherwise loop forever.
 */
export async function* allItems<T>(fetchPage: PageFunction<T>, maxPages = 100): AsyncGenerator<T, void, undefined> {
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await fetchPage(token);
    yield* result.items;
    if (!result.nextToken || result.nextToken === token) {
      return;
    }
    token = result.nextToken;
  }
}

/** Collects {@link allItems} into an array, stopping once `maxItems` are read. */
export async function collect<T>(fetchPage: PageFunction<T>, maxPages = 100, maxItems = Number.POSITIVE_INFINITY): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages && items.length < maxItems; page++) {
    const result = await fetchPage(token);
    items.push(...result.items);
    if (!result.nextToken || result.nextToken === token) {
      break;
    }
    token = result.nextToken;
  }
  return items;
}

/** Clamps a page size to what an API accepts. */
export function clampPageSize(size: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.floor(Number.isFinite(size) ? size : max)));
}
