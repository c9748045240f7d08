/**
 * The one AWS layer, as the rest of the extension holds it (in `Services`): the connection, one wrapper
 * per service, and the client factory underneath. Every AWS request of every area goes through one of
 * these wrappers and the shared `send` in ./request.ts; nothing outside src/aws imports the SDK.
 */
import { AthenaApi } from './athena';
import type { AwsClientFactory } from './clientFactory';
import type { Connection } from './connection';
import { Ec2Api } from './ec2';
import { Ec2NetworkApi } from './ec2Network';
import { untrustedProblem, type AwsProblem } from './errors';
import { IamApi } from './iam';
import { LogsApi } from './logs';
import { S3Api } from './s3';
import { StsApi } from './sts';

export class Aws {
  readonly ec2: Ec2Api;
  /** The network's rules in the EC2 API's own shapes, for the flow evaluator, and Reachability Analyzer. */
  readonly ec2Network: Ec2NetworkApi;
  readonly logs: LogsApi;
  readonly iam: IamApi;
  readonly sts: StsApi;
  readonly athena: AthenaApi;
  readonly s3: S3Api;

  constructor(readonly factory: AwsClientFactory) {
    this.ec2 = new Ec2Api(factory);
    this.ec2Network = new Ec2NetworkApi(factory);
    this.logs = new LogsApi(factory);
    this.iam = new IamApi(factory);
    this.sts = new StsApi(factory);
    this.athena = new AthenaApi(factory);
    this.s3 = new S3Api(factory);
  }

  /**
   * Whether AWS may be used: the one decision, made from workspace trust. Commands ask it before they
   * start; the shared send refuses every request when it says no.
   */
  trusted(): boolean {
    return this.factory.trusted();
  }

  /** Why `what` cannot use AWS in Restricted Mode, in words the user can act on. */
  trustProblem(what: string): AwsProblem {
    return untrustedProblem(what);
  }

  /** The current profile, region and endpoint. */
  connection(): Promise<Connection> {
    return this.factory.connection();
  }

  /** Whether credentials are set up for the current profile, judged from files and environment (no request). */
  credentialsConfigured(): Promise<boolean> {
    return this.factory.credentialsConfigured();
  }

  /** Forgets clients and credentials; call when the profile, region or endpoint changes. */
  reset(): void {
    this.factory.reset();
  }

  /** Calls `listener` after each `reset()`, i.e. whenever views must reload with new clients. */
  onDidReset(listener: () => void): { dispose(): void } {
    return this.factory.onDidReset(listener);
  }
}
