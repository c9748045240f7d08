/**
 * Names of flow log fields in Logs Insights. For log groups whose flow logs use the default format,
 * Logs Insights discovers fields itself under these names (per the CloudWatch Logs guide, "Supported logs
 * and discovered fields": `accountId`, `interfaceId`, `srcAddr`, `dstAddr`, `srcPort`, `dstPort`,
 * `protocol`, `packets`, `bytes`, `startTime`, `endTime`, `action`, `logStatus`, `version`). For custom
 * formats the extension generates a `parse` clause that creates the same names (and camelCase names for
 * the fields of later versions), so one query works on both.
 */

/** Flow log field (`${name}` in a format) -> Logs Insights field name, for every field of versions 2 to 10. */
const INSIGHTS_NAMES: Readonly<Record<string, string>> = {
  version: 'version',
  'account-id': 'accountId',
  'interface-id': 'interfaceId',
  srcaddr: 'srcAddr',
  dstaddr: 'dstAddr',
  srcport: 'srcPort',
  dstport: 'dstPort',
  protocol: 'protocol',
  packets: 'packets',
  bytes: 'bytes',
  // Discovered as startTime/endTime, not start/end: parse under the same names so queries agree.
  start: 'startTime',
  end: 'endTime',
  action: 'action',
  'log-status': 'logStatus',
  'vpc-id': 'vpcId',
  'subnet-id': 'subnetId',
  'instance-id': 'instanceId',
  'tcp-flags': 'tcpFlags',
  type: 'type',
  'pkt-srcaddr': 'pktSrcAddr',
  'pkt-dstaddr': 'pktDstAddr',
  region: 'region',
  'az-id': 'azId',
  'sublocation-type': 'sublocationType',
  'sublocation-id': 'sublocationId',
  'pkt-src-aws-service': 'pktSrcAwsService',
  'pkt-dst-aws-service': 'pktDstAwsService',
  'flow-direction': 'flowDirection',
  'traffic-path': 'trafficPath',
  'ecs-cluster-arn': 'ecsClusterArn',
  'ecs-cluster-name': 'ecsClusterName',
  'ecs-container-instance-arn': 'ecsContainerInstanceArn',
  'ecs-container-instance-id': 'ecsContainerInstanceId',
  'ecs-container-id': 'ecsContainerId',
  'ecs-second-container-id': 'ecsSecondContainerId',
  'ecs-service-name': 'ecsServiceName',
  'ecs-task-definition-arn': 'ecsTaskDefinitionArn',
  'ecs-task-arn': 'ecsTaskArn',
  'ecs-task-id': 'ecsTaskId',
  'reject-reason': 'rejectReason',
  'resource-id': 'resourceId',
  'encryption-status': 'encryptionStatus',
};

/** The default format's fields, in order (version 2). */
export const DEFAULT_FORMAT_FIELDS: readonly string[] = [
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol',
  'packets', 'bytes', 'start', 'end', 'action', 'log-status',
];

/**
 * The Logs Insights name of a flow log field: `srcaddr` -> `srcAddr`, `start` -> `startTime`; unknown
 * (future) fields get a camelCase name built the same way (`new-field` -> `newField`).
 */
export function insightsFieldName(field: string): string {
  return INSIGHTS_NAMES[field] ?? field.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The flow log field for a Logs Insights name (`srcAddr` -> `srcaddr`), or undefined when it is not one. */
export function flowLogFieldOf(insightsName: string): string | undefined {
  for (const [field, name] of Object.entries(INSIGHTS_NAMES)) {
    if (name === insightsName) {
      return field;
    }
  }
  return undefined;
}

/** Insights names of the fields that hold IP addresses (clicking one opens the matching records). */
export const ADDRESS_FIELDS: ReadonlySet<string> = new Set(['srcAddr', 'dstAddr', 'pktSrcAddr', 'pktDstAddr']);
