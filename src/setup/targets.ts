/**
 * What a command was invoked on: a tree node of the explorer (VPC, subnet, interface or flow log), a
 * plain id (from another command or a test), or nothing (the palette, which then asks). Pure.
 */

/** AWS ids the setup commands act on. */
export type IdPrefix = 'vpc-' | 'subnet-' | 'eni-' | 'fl-';

const ID = /^(vpc|subnet|eni|fl)-[0-9a-f]+$/;

// Field names under which explorer nodes (or their models, as EC2 returns them) may carry the id, the
// most specific first: an interface node also knows its VPC, a flow log node its resource.
const ID_KEYS = [
  'flowLogId',
  'FlowLogId',
  'networkInterfaceId',
  'NetworkInterfaceId',
  'eniId',
  'interfaceId',
  'subnetId',
  'SubnetId',
  'vpcId',
  'VpcId',
  'resourceId',
  'ResourceId',
];
const NESTED_KEYS = ['model', 'resource', 'data', 'item', 'flowLog', 'networkInterface', 'eni', 'subnet', 'vpc', 'value'];

function matches(value: unknown, prefixes: readonly IdPrefix[]): value is string {
  return typeof value === 'string' && ID.test(value) && prefixes.some((p) => value.startsWith(p));
}

/**
 * The first id with one of `prefixes` found in `target`: the string itself, a known field of the node or
 * of its model (two levels deep), or the last matching segment of a path-like node id
 * (`us-west-2/vpc-1/eni-2`).
 */
export function targetId(target: unknown, prefixes: readonly IdPrefix[], depth = 0): string | undefined {
  if (matches(target, prefixes)) {
    return target;
  }
  if (typeof target === 'string') {
    return target
      .split('/')
      .reverse()
      .find((part) => matches(part, prefixes));
  }
  if (typeof target !== 'object' || target === null || depth > 2) {
    return undefined;
  }
  const record = target as Record<string, unknown>;
  for (const key of ID_KEYS) {
    if (matches(record[key], prefixes)) {
      return record[key];
    }
  }
  for (const key of NESTED_KEYS) {
    const found = targetId(record[key], prefixes, depth + 1);
    if (found) {
      return found;
    }
  }
  if (typeof record['id'] === 'string') {
    return targetId(record['id'], prefixes, depth + 1);
  }
  return undefined;
}
