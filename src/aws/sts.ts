/** The one STS operation the extension uses, named once: GetCallerIdentity (whose account is this?). */
import type * as STS from '@aws-sdk/client-sts';
import type { AwsClientFactory } from './clientFactory';
import { AwsProblemError } from './errors';
import type { CallerIdentity } from './models';
import { send } from './request';

/** The STS wrapper. Every failure is an `AwsProblemError` naming the IAM action. */
export class StsApi {
  constructor(private readonly aws: AwsClientFactory) {}

  /** Who the credentials belong to. `signal` bounds the wait (offline, the SDK would retry for a while). */
  async callerIdentity(signal?: AbortSignal): Promise<CallerIdentity> {
    const result = await send<'sts', STS.GetCallerIdentityResponse>(this.aws, 'sts', 'GetCallerIdentity', (sdk) => new sdk.GetCallerIdentityCommand({}), signal);
    if (!result.Account) {
      throw new AwsProblemError({ kind: 'other', message: 'sts:GetCallerIdentity failed: STS returned no account id.' });
    }
    return { accountId: result.Account, arn: result.Arn ?? '' };
  }
}
