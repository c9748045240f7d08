import type { AwsClientFactory } from './clientFactory';
import { AwsProblemError, describeAwsError } from './errors';

/** One page of a listing and the token of the next, `undefined` after the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken: string | undefined;
}

/**
 * A client's `send`, seen without its per-command overloads (which cannot be named generically); the
 * wrappers pair each command with its output type themselves.
 */
export interface Sender {
  send(command: unknown, options: { abortSignal?: AbortSignal | undefined }): Promise<unknown>;
}

/** Reads one page given the token returned by the previous one (`undefined` for the first). */
export type PageFunction<T> = (token: string | undefined) => Promise<Page<T>>;

/**
 * Runs one AWS call and turns any failure into an {@link AwsProblemError} whose message names the IAM
 * action and says what to do, so callers (tree nodes, commands) can show it as it is.
 */
export async function callAws<R>(aws: AwsClientFactory, action: string, run: () => Promise<R>): Promise<R> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AwsProblemError) {
      throw error;
    }
    // The connection is already resolved (run() needed it for the client); if even that failed, the
    // problem is described without it.
    const connection = await aws.connection().catch(() => undefined);
    throw new AwsProblemError(
      describeAwsError(error, {
        action,
        profile: connection?.profile,
        region: connection?.region,
        endpointUrl: connection?.endpointUrl,
      }),
    );
  }
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

/** Collects {@link allItems} into an array. */
export async function collect<T>(fetchPage: PageFunction<T>, maxPages = 100): Promise<T[]> {
  const items: T[] = [];
  for await (const item of allItems(fetchPage, maxPages)) {
    items.push(item);
  }
  return items;
}

/** Clamps a page size to what an API accepts. */
export function clampPageSize(size: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.floor(Number.isFinite(size) ? size : max)));
}
