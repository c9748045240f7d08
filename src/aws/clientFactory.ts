import type { AthenaClient } from '@aws-sdk/client-athena';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import { credentialSourceFound, resolveConnection, timeoutsOf, type Connection, type ConnectionSettings } from './connection';
import { AwsProblemError } from './errors';
import { loadSdk, type Sdk } from './loadSdk';

type CredentialProvider = ReturnType<Sdk['fromNodeProviderChain']>;

/** Options that apply to every client. */
export interface ClientFactoryOptions {
  /** Sent as the SDK's custom user agent, so requests from the extension can be told apart in CloudTrail. */
  readonly userAgent: string;
  /** Attempts per call including the first; the SDK backs off between them (throttling is normal for Logs). */
  readonly maxAttempts?: number;
  /** The environment to resolve the default profile and region from (tests pass their own). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Whether the workspace is trusted (VS Code's Restricted Mode). The one decision whether AWS may be
   * used: commands ask it first, and the shared send refuses every request while it says no.
   */
  readonly isTrusted?: () => boolean;
}

/** The services the extension talks to; each names its module in ./sdk.ts and its IAM action prefix. */
export type ServiceKind = 'ec2' | 'logs' | 'iam' | 'sts' | 's3' | 'athena';

/** The SDK client of each service. */
export interface ClientOf {
  ec2: EC2Client;
  logs: CloudWatchLogsClient;
  iam: IAMClient;
  sts: STSClient;
  s3: S3Client;
  athena: AthenaClient;
}
type AnyClient = ClientOf[ServiceKind];

/**
 * The one place AWS clients are made. Clients are cached per (profile, region, endpoint) and dropped by
 * `reset()` when any of those settings change, so the next call builds fresh ones with the new
 * credentials. Nothing else in the extension reads credentials or the environment.
 */
export class AwsClientFactory {
  private connectionPromise: Promise<Connection> | undefined;
  private readonly clients = new Map<string, AnyClient>();
  private readonly credentialProviders = new Map<string, CredentialProvider>();
  private readonly resetListeners = new Set<() => void>();

  constructor(
    private readonly getSettings: () => ConnectionSettings,
    private readonly options: ClientFactoryOptions,
  ) {}

  /** Whether AWS may be used at all (see {@link ClientFactoryOptions.isTrusted}). */
  trusted(): boolean {
    return this.options.isTrusted?.() ?? true;
  }

  /** How long a request may take, retries included, before the shared send gives it up (ms). */
  requestTimeoutMs(): number {
    return timeoutsOf(this.getSettings()).requestMs;
  }

  /** The current profile, region and endpoint (cached until `reset()`). */
  connection(): Promise<Connection> {
    this.connectionPromise ??= resolveConnection(this.getSettings(), this.options.env ?? process.env);
    return this.connectionPromise;
  }

  /** Whether credentials are set up for the current profile (see {@link credentialSourceFound}); no request is sent. */
  async credentialsConfigured(): Promise<boolean> {
    const connection = await this.connection();
    return credentialSourceFound(connection.profile, this.options.env ?? process.env);
  }

  /** Forgets clients and credentials; call when the profile, region or endpoint changes. */
  reset(): void {
    this.connectionPromise = undefined;
    for (const client of this.clients.values()) {
      client.destroy();
    }
    this.clients.clear();
    this.credentialProviders.clear();
    for (const listener of [...this.resetListeners]) {
      listener();
    }
  }

  /** Calls `listener` after each `reset()`, i.e. whenever views must reload with new clients. */
  onDidReset(listener: () => void): { dispose(): void } {
    this.resetListeners.add(listener);
    return { dispose: () => this.resetListeners.delete(listener) };
  }

  ec2(): Promise<EC2Client> {
    return this.client('ec2');
  }

  logs(): Promise<CloudWatchLogsClient> {
    return this.client('logs');
  }

  iam(): Promise<IAMClient> {
    return this.client('iam');
  }

  sts(): Promise<STSClient> {
    return this.client('sts');
  }

  /**
   * The client of a service for the current connection. Only the shared `send` (./request.ts) sends
   * commands with it: that is where errors, trust and timeouts are handled for every request.
   */
  async client<K extends ServiceKind>(kind: K): Promise<ClientOf[K]> {
    const connection = await this.connection();
    // IAM is a global service: any region signs for it, so it works before a region is chosen.
    const region = connection.region ?? (kind === 'iam' ? 'us-east-1' : undefined);
    if (!region) {
      throw new AwsProblemError({
        kind: 'noRegion',
        message: 'No AWS region is set: choose one with "VPC Flow Logs: Choose AWS Region", or set a region for the profile.',
      });
    }
    const key = `${kind}|${connection.profile ?? ''}|${region}|${connection.endpointUrl ?? ''}`;
    const cached = this.clients.get(key);
    if (cached) {
      return cached as ClientOf[K];
    }
    const sdk = loadSdk();
    const { connectMs, requestMs } = timeoutsOf(this.getSettings());
    const config = {
      region,
      credentials: this.credentials(connection.profile),
      maxAttempts: this.options.maxAttempts ?? 5,
      retryMode: 'adaptive',
      customUserAgent: this.options.userAgent,
      // Without these an endpoint that accepts a connection and never answers holds a request forever.
      requestHandler: { connectionTimeout: connectMs, requestTimeout: requestMs, throwOnRequestTimeout: true },
      // A bucket in another region than the connection's answers with a redirect naming its region:
      // the SDK then signs for that region and retries, so flow logs of any region's bucket read.
      ...(kind === 's3' ? { followRegionRedirects: true } : {}),
      ...(connection.endpointUrl
        ? {
            endpoint: connection.endpointUrl,
            // Emulators serve every operation on one host: no `stream-` prefix for StartLiveTail etc.
            disableHostPrefix: true,
            // ...and every bucket under one host: `http://host/bucket/key`, not `http://bucket.host/key`.
            ...(kind === 's3' ? { forcePathStyle: true } : {}),
          }
        : {}),
    };
    const constructors: { readonly [S in ServiceKind]: new (c: typeof config) => ClientOf[S] } = {
      ec2: sdk.ec2.EC2Client,
      logs: sdk.logs.CloudWatchLogsClient,
      iam: sdk.iam.IAMClient,
      sts: sdk.sts.STSClient,
      s3: sdk.s3.S3Client,
      athena: sdk.athena.AthenaClient,
    };
    const client = new constructors[kind](config);
    this.clients.set(key, client);
    return client;
  }

  /**
   * A chosen profile is read from the shared files (static keys, SSO, assume-role, credential_process);
   * otherwise the SDK's full chain (environment, `AWS_PROFILE`, SSO, container and instance roles).
   */
  private credentials(profile: string | undefined): CredentialProvider {
    const key = profile ?? '';
    let provider = this.credentialProviders.get(key);
    if (!provider) {
      const sdk = loadSdk();
      provider = profile ? sdk.fromIni({ profile, ignoreCache: true }) : sdk.fromNodeProviderChain({ ignoreCache: true });
      this.credentialProviders.set(key, provider);
    }
    return provider;
  }
}
