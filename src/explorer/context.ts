import type { Connection } from '../aws/connection';
import type { Ec2Api } from '../aws/ec2';
import type { LogsApi } from '../aws/logs';
import type { S3Api } from '../aws/s3';
import type { Network } from '../network';
import type { Inventory } from './inventory';
import type { ExplorerNode } from './nodes/base';

/** Which of the two views a node lives in. */
export type ViewKind = 'vpcs' | 'logGroups';

/** A connection problem that leaves a view empty, so its welcome content (with a fix) shows. */
/** `noSetup`: neither a region nor credentials, as on a first run without AWS (one welcome says both). */
export type ConnectionProblem = 'noCredentials' | 'noRegion' | 'noSetup';

/**
 * What nodes may use: the AWS wrappers, the shared inventory and a few hooks into their view. Handed
 * to each node (no globals), so the unit tests give nodes a context of their own.
 */
export interface ExplorerContext {
  readonly view: ViewKind;
  readonly ec2: Ec2Api;
  readonly logs: LogsApi;
  readonly s3: S3Api;
  readonly inventory: Inventory;
  connection(): Promise<Connection>;
  /** Whether credentials are set up for the connection's profile (read from files and environment, no request). */
  credentialsConfigured(): Promise<boolean>;
  /** Whether AWS may be used (false in Restricted Mode): the AWS layer's one decision. */
  trusted(): boolean;
  /** A setting under `vpcFlowLogs.`. */
  setting<T>(key: string, fallback: T): T;
  /** Re-renders a node and its children; `undefined` re-renders the whole view. */
  changed(node: ExplorerNode | undefined): void;
  /** The view's filter text ('' when none). */
  filterText(): string;
  /** Reports the problem that keeps the view empty, or that it is gone. */
  setConnectionProblem(problem: ConnectionProblem | undefined): void;
  /** Whether the flow log setup area is there to offer "Create flow log" (it is optional to the explorer). */
  canCreateFlowLog(): boolean;
  /**
   * The network around a VPC (its interfaces' security group rules, network ACLs, routes, and those of
   * the VPCs it peers with), read once and shared with "Why was this rejected?" (`src/why/networkContext.ts`).
   */
  network(vpcId: string): Promise<Network & { vpcIds: string[] }>;
  /** Drops a VPC's network, so the next `network` reads it again (a refresh). */
  forgetNetwork(vpcId: string): void;
  /** Writes a warning to the output channel. */
  log(message: string): void;
}
