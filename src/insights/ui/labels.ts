/**
 * Names for the addresses in query results, so "10.1.5.112" reads "Instance 1 (eni-0a1b...)": the
 * account's network interfaces (their instance's Name tag, else their own name or description), the
 * VPCs' DNS resolvers and AWS's special addresses. Best effort: without EC2 permissions there are none.
 */
import type { Ec2Api } from '../../aws/ec2';
import type { NetworkInterfaceInfo } from '../../aws/models';
import { AddressLabels } from '../../viewer/labels';

function interfaceLabel(eni: NetworkInterfaceInfo, names: ReadonlyMap<string, string>): string {
  const owner = eni.instanceId ? (names.get(eni.instanceId) ?? eni.instanceId) : (eni.name ?? (eni.description || eni.interfaceType));
  return `${owner} (${eni.id})`;
}

/** Labels for the region's interface addresses (private and public); never throws. */
export async function loadAddressLabels(ec2: Ec2Api, signal?: AbortSignal): Promise<AddressLabels> {
  try {
    const [interfaces, vpcs] = await Promise.all([ec2.networkInterfaces({ maxPages: 5 }, signal), ec2.vpcs(undefined, signal).catch(() => [])]);
    const instanceIds = interfaces.map((e) => e.instanceId).filter((id): id is string => id !== undefined);
    const names = instanceIds.length ? await ec2.nameTags(instanceIds, signal).catch(() => new Map<string, string>()) : new Map<string, string>();
    const labels = new Map<string, string>();
    for (const eni of interfaces) {
      const label = interfaceLabel(eni, names);
      for (const address of [...eni.privateIps, ...eni.ipv6Addresses]) {
        labels.set(address, label);
      }
      for (const address of eni.publicIps) {
        labels.set(address, `${label}, public`);
      }
    }
    return new AddressLabels(labels, vpcs.flatMap((v) => v.cidrs));
  } catch {
    return new AddressLabels();
  }
}

/** The account's labels kept a few minutes, so runs in a row do not each list every interface. */
export class AddressLabelCache {
  private entry: { promise: Promise<AddressLabels>; at: number } | undefined;

  constructor(
    private readonly ec2: () => Ec2Api,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  get(): Promise<AddressLabels> {
    if (!this.entry || Date.now() - this.entry.at > this.ttlMs) {
      this.entry = { promise: loadAddressLabels(this.ec2()), at: Date.now() };
    }
    return this.entry.promise;
  }

  /** Forgets them (the profile or region changed). */
  reset(): void {
    this.entry = undefined;
  }
}
