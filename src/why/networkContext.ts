/**
 * The network around each VPC, read when a record of that VPC is first explained and kept for a few
 * minutes (rules change rarely, and a person asks about many records in a row); dropped when the
 * profile, region or endpoint changes. No `vscode`: the command around it shows the progress.
 */
import type { Aws } from '../aws';
import type { Network } from '../network';

/** How long a VPC's network is reused before it is read again. */
export const NETWORK_TTL_MS = 5 * 60_000;

interface Entry {
  readonly at: number;
  readonly network: Promise<Network & { vpcIds: string[] }>;
}

export class NetworkContexts {
  private readonly byVpc = new Map<string, Entry>();
  /** Interface id -> VPC id, learnt from the networks read and from DescribeNetworkInterfaces. */
  private readonly vpcOfInterface = new Map<string, string>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly aws: Pick<Aws, 'ec2' | 'ec2Network' | 'onDidReset'>,
    private readonly now: () => number = Date.now,
  ) {
    this.subscription = aws.onDidReset(() => this.clear());
  }

  /** Forgets every network read (the next question reads them again). */
  clear(): void {
    this.byVpc.clear();
    this.vpcOfInterface.clear();
  }

  /** Forgets one VPC's network (the tree's refresh): the next question reads it again. */
  forget(vpcId: string): void {
    this.byVpc.delete(vpcId);
  }

  /** Whether the network of the interface's VPC is at hand, without reading anything. */
  cached(interfaceId: string): boolean {
    const vpcId = this.vpcOfInterface.get(interfaceId);
    const entry = vpcId ? this.byVpc.get(vpcId) : undefined;
    return !!entry && this.now() - entry.at < NETWORK_TTL_MS;
  }

  /** The VPC an interface belongs to, or undefined when the account has no such interface (any more). */
  async vpcOf(interfaceId: string, signal?: AbortSignal): Promise<string | undefined> {
    const known = this.vpcOfInterface.get(interfaceId);
    if (known) {
      return known;
    }
    const [eni] = await this.aws.ec2.networkInterfaces({ ids: [interfaceId] }, signal);
    if (eni?.vpcId) {
      this.vpcOfInterface.set(interfaceId, eni.vpcId);
    }
    return eni?.vpcId;
  }

  /** The network around a VPC (and the VPCs it peers with), from the cache when fresh. */
  forVpc(vpcId: string, signal?: AbortSignal): Promise<Network & { vpcIds: string[] }> {
    const entry = this.byVpc.get(vpcId);
    if (entry && this.now() - entry.at < NETWORK_TTL_MS) {
      return entry.network;
    }
    const network = this.aws.ec2Network.network(vpcId, signal);
    this.byVpc.set(vpcId, { at: this.now(), network });
    network.then(
      (n) => {
        for (const eni of n.interfaces) {
          if (eni.NetworkInterfaceId && eni.VpcId) {
            this.vpcOfInterface.set(eni.NetworkInterfaceId, eni.VpcId);
          }
        }
      },
      // A failed read (denied, cancelled) is not kept: the next question tries again.
      () => {
        if (this.byVpc.get(vpcId)?.network === network) {
          this.byVpc.delete(vpcId);
        }
      },
    );
    return network;
  }

  /** The network around the interface's VPC, or undefined when the interface is not in this account and region. */
  async forInterface(interfaceId: string, signal?: AbortSignal): Promise<(Network & { vpcIds: string[] }) | undefined> {
    const vpcId = await this.vpcOf(interfaceId, signal);
    return vpcId ? this.forVpc(vpcId, signal) : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.clear();
  }
}
