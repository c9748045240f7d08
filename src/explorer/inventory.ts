import type { Ec2Api } from '../aws/ec2';
import type { FlowLogInfo, NetworkInterfaceInfo, VpcInfo } from '../aws/models';

/**
 * The flow logs that cover an interface, most specific first: one on the interface itself, then its
 * subnet's, then its VPC's.
 */
export function flowLogsCovering(eni: Pick<NetworkInterfaceInfo, 'id' | 'subnetId' | 'vpcId'>, flowLogs: readonly FlowLogInfo[]): FlowLogInfo[] {
  const rank = (f: FlowLogInfo): number => (f.resourceId === eni.id ? 0 : f.resourceId === eni.subnetId ? 1 : f.resourceId === eni.vpcId ? 2 : 9);
  return flowLogs.filter((f) => rank(f) < 9).sort((a, b) => rank(a) - rank(b));
}

/** The CloudWatch flow log to open for an interface: the most specific, preferring ALL traffic. */
export function cloudWatchFlowLogFor(eni: Pick<NetworkInterfaceInfo, 'id' | 'subnetId' | 'vpcId'>, flowLogs: readonly FlowLogInfo[]): FlowLogInfo | undefined {
  const candidates = flowLogsCovering(eni, flowLogs).filter((f) => f.destinationType === 'cloud-watch-logs' && f.logGroupName);
  return candidates.find((f) => f.trafficType === 'ALL') ?? candidates[0];
}

/** The stream a flow log writes an interface's records to: `eni-<id>-all` (or `-accept`, `-reject`). */
export function streamNameFor(eniId: string, flowLog: Pick<FlowLogInfo, 'trafficType'>): string {
  return `${eniId}-${flowLog.trafficType.toLowerCase()}`;
}

/** The interface id in a flow log stream name (`eni-0a1b...-all` -> `eni-0a1b...`). */
export function interfaceOfStream(stream: string): string | undefined {
  return /^(eni-[0-9a-f]+)-(all|accept|reject)$/.exec(stream)?.[1];
}

/** Labels for addresses in records, and the VPC CIDRs (for naming each VPC's DNS resolver). */
export interface AddressBook {
  /** Private and public IPs -> `Instance 2 (eni-...)`. */
  readonly labels: Map<string, string>;
  readonly vpcCidrs: string[];
}

/** The label of an interface's addresses: its instance's or its own Name, or its description. */
export function interfaceLabel(eni: NetworkInterfaceInfo, instanceName: string | undefined): string {
  const name = instanceName ?? eni.name ?? (eni.description ? eni.description.slice(0, 40) : undefined);
  return name ? `${name} (${eni.id})` : eni.id;
}

/**
 * Region-wide facts shared by both views and the sources they open: the flow logs, every interface
 * (for address labels and filtering), instance names. Loaded on first need and kept until a refresh of
 * a whole view or a change of connection; a failed load is not kept, so a retry asks again.
 */
export class Inventory {
  private flowLogsPromise: Promise<FlowLogInfo[]> | undefined;
  private interfacesPromise: Promise<NetworkInterfaceInfo[]> | undefined;
  private vpcsPromise: Promise<VpcInfo[]> | undefined;
  private readonly instanceNameCache = new Map<string, string | null>();
  private readonly interfaceCache = new Map<string, NetworkInterfaceInfo>();

  constructor(
    private readonly ec2: Ec2Api,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Forgets everything (the next use asks AWS again). */
  clear(): void {
    this.flowLogsPromise = undefined;
    this.interfacesPromise = undefined;
    this.vpcsPromise = undefined;
    this.instanceNameCache.clear();
    this.interfaceCache.clear();
  }

  /** Every flow log of the region. */
  flowLogs(): Promise<FlowLogInfo[]> {
    return (this.flowLogsPromise ??= this.keepOnSuccess(this.ec2.flowLogs(), () => (this.flowLogsPromise = undefined)));
  }

  /** Every VPC of the region. */
  vpcs(): Promise<VpcInfo[]> {
    return (this.vpcsPromise ??= this.keepOnSuccess(this.ec2.vpcs(), () => (this.vpcsPromise = undefined)));
  }

  /** Every network interface of the region (up to 20,000). */
  interfaces(): Promise<NetworkInterfaceInfo[]> {
    return (this.interfacesPromise ??= this.keepOnSuccess(
      this.ec2.networkInterfaces().then((enis) => {
        for (const eni of enis) {
          this.interfaceCache.set(eni.id, eni);
        }
        return enis;
      }),
      () => (this.interfacesPromise = undefined),
    ));
  }

  /** Remembers interfaces read elsewhere (a VPC's page), so lookups by id need no call. */
  remember(enis: readonly NetworkInterfaceInfo[]): void {
    for (const eni of enis) {
      this.interfaceCache.set(eni.id, eni);
    }
  }

  /** One interface by id; undefined when it does not exist (any longer). */
  async interface(id: string): Promise<NetworkInterfaceInfo | undefined> {
    return (await this.interfacesById([id])).get(id);
  }

  /** Interfaces by id, in one call for those not seen yet; ids that do not exist are left out. */
  async interfacesById(ids: readonly string[]): Promise<Map<string, NetworkInterfaceInfo>> {
    const missing = [...new Set(ids)].filter((id) => !this.interfaceCache.has(id));
    if (missing.length) {
      this.remember(await this.ec2.networkInterfaces({ ids: missing }));
    }
    const found = new Map<string, NetworkInterfaceInfo>();
    for (const id of ids) {
      const eni = this.interfaceCache.get(id);
      if (eni) {
        found.set(id, eni);
      }
    }
    return found;
  }

  /**
   * Name tags of instances. A failure (e.g. DescribeTags denied) is logged and leaves names out: names
   * are a nicety, never a reason to hide the interfaces.
   */
  async instanceNames(ids: readonly (string | undefined)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    const missing = wanted.filter((id) => !this.instanceNameCache.has(id));
    if (missing.length) {
      try {
        const names = await this.ec2.nameTags(missing);
        for (const id of missing) {
          this.instanceNameCache.set(id, names.get(id) ?? null);
        }
      } catch (error) {
        this.log(`Instance names are not shown: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const result = new Map<string, string>();
    for (const id of wanted) {
      const name = this.instanceNameCache.get(id);
      if (name) {
        result.set(id, name);
      }
    }
    return result;
  }

  /** Labels for every interface address of the region, and the VPCs' CIDR blocks. */
  async addressBook(): Promise<AddressBook> {
    const [enis, vpcs] = await Promise.all([this.interfaces(), this.vpcs()]);
    const names = await this.instanceNames(enis.map((e) => e.instanceId));
    const labels = new Map<string, string>();
    for (const eni of enis) {
      const label = interfaceLabel(eni, eni.instanceId ? names.get(eni.instanceId) : undefined);
      for (const address of [...eni.privateIps, ...eni.publicIps, ...eni.ipv6Addresses]) {
        labels.set(address, label);
      }
    }
    return { labels, vpcCidrs: [...new Set(vpcs.flatMap((v) => v.cidrs))] };
  }

  /**
   * The record format of a log group's flow logs: the one format they share, or (when they differ) the
   * one of the flow log that covers the stream's interface. Undefined when unknown (the viewer then
   * falls back to the default format).
   */
  async formatFor(group: string, stream?: string): Promise<string | undefined> {
    const delivering = (await this.flowLogs()).filter((f) => f.logGroupName === group);
    const formats = [...new Set(delivering.map((f) => f.logFormat).filter((f): f is string => !!f))];
    if (formats.length <= 1) {
      return formats[0];
    }
    const eniId = stream ? interfaceOfStream(stream) : undefined;
    const eni = eniId ? await this.interface(eniId).catch(() => undefined) : undefined;
    return eni ? flowLogsCovering(eni, delivering)[0]?.logFormat : undefined;
  }

  private keepOnSuccess<T>(promise: Promise<T>, forget: () => void): Promise<T> {
    promise.catch(forget);
    return promise;
  }
}
