// Record formats of the sample files (samples/), as DescribeFlowLogs would return them in LogFormat.
const f = (names: string): string => names.split(' ').map((n) => `\${${n}}`).join(' ');

const V5 = 'version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path';
const ECS = 'ecs-cluster-arn ecs-cluster-name ecs-container-instance-arn ecs-container-instance-id ecs-container-id ecs-second-container-id ecs-service-name ecs-task-definition-arn ecs-task-arn ecs-task-id';

export const SAMPLE_FORMATS: Readonly<Record<string, string>> = {
  /** samples/custom-v5.log */
  'custom-v5': f(V5),
  /** samples/all-fields-v8.log */
  'all-fields-v8': f(`${V5} ${ECS} reject-reason`),
  /** samples/s3-export-v3.log.gz (its header line) */
  's3-export-v3': f('version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status'),
};
