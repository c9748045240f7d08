/**
 * The Markdown guide that accompanies the scaffolded policies: what each part of both documents is
 * for, the same setup as AWS CLI commands, and as a CloudFormation template. Pure text generation.
 */
import {
  FLOW_LOGS_DELIVERY_ACTIONS,
  FLOW_LOGS_SERVICE_PRINCIPAL,
  flowLogArn,
  flowLogsPermissionsPolicy,
  flowLogsTrustPolicy,
  logGroupArn,
  partitionOf,
  policyJson,
} from './index';

/** Placeholders used when the account or region is not known (offline, no credentials). */
export const ACCOUNT_PLACEHOLDER = '<ACCOUNT_ID>';
export const REGION_PLACEHOLDER = '<REGION>';
export const RESOURCE_PLACEHOLDER = '<VPC_ID>';

/** Default names, also offered by the create commands. */
export const DEFAULT_ROLE_NAME = 'VPCFlowLogsDeliveryRole';
export const DEFAULT_POLICY_NAME = 'VPCFlowLogsDelivery';
export const DEFAULT_LOG_GROUP_NAME = 'VPCFlowLogsGroup';

/** File names the CLI commands of the guide refer to (and the editor tabs are titled with). */
export const TRUST_POLICY_FILE = 'flow-logs-trust-policy.json';
export const PERMISSIONS_POLICY_FILE = 'flow-logs-permissions-policy.json';
export const GUIDE_FILE = 'flow-logs-iam-guide.md';

/** What the scaffold knows; absent values become placeholders. */
export interface ScaffoldContext {
  readonly accountId?: string;
  readonly region?: string;
  /** Why the account or region is missing, said at the top of the guide (e.g. "no credentials"). */
  readonly offlineReason?: string;
  readonly roleName?: string;
  readonly policyName?: string;
  readonly logGroupName?: string;
  /** The resource the flow log is for (`vpc-...`, `subnet-...`, `eni-...`), if one was chosen. */
  readonly resourceId?: string;
}

/** The three scaffolded documents. */
export interface ScaffoldDocuments {
  /** The trust policy, as JSON IAM accepts. */
  readonly trustPolicy: string;
  /** The permissions policy, as JSON IAM accepts. */
  readonly permissionsPolicy: string;
  /** The guide, Markdown. */
  readonly guide: string;
  /** True when placeholders stand in for the account or region. */
  readonly hasPlaceholders: boolean;
}

function resourceType(resourceId: string): 'VPC' | 'Subnet' | 'NetworkInterface' {
  return resourceId.startsWith('subnet-') ? 'Subnet' : resourceId.startsWith('eni-') ? 'NetworkInterface' : 'VPC';
}

/** Builds the two policies and the guide for an account and region (or placeholders). */
export function scaffoldDocuments(context: ScaffoldContext = {}): ScaffoldDocuments {
  const accountId = context.accountId || ACCOUNT_PLACEHOLDER;
  const region = context.region || REGION_PLACEHOLDER;
  const hasPlaceholders = !context.accountId || !context.region;
  const trust = flowLogsTrustPolicy({ accountId, region });
  // The documented policy: `*`, so the role serves flow logs to any log group (the guide shows the
  // narrower form too).
  const permissions = flowLogsPermissionsPolicy();
  return {
    trustPolicy: policyJson(trust),
    permissionsPolicy: policyJson(permissions),
    guide: guideMarkdown({ ...context, accountId, region }, hasPlaceholders),
    hasPlaceholders,
  };
}

function guideMarkdown(context: ScaffoldContext & { accountId: string; region: string }, hasPlaceholders: boolean): string {
  const { accountId, region } = context;
  const roleName = context.roleName || DEFAULT_ROLE_NAME;
  const policyName = context.policyName || DEFAULT_POLICY_NAME;
  const logGroup = context.logGroupName || DEFAULT_LOG_GROUP_NAME;
  const resourceId = context.resourceId || RESOURCE_PLACEHOLDER;
  const partition = partitionOf(context.region);
  const roleArn = `arn:${partition}:iam::${accountId}:role/${roleName}`;
  const narrow = policyJson(flowLogsPermissionsPolicy({ logGroupArn: logGroupArn(region, accountId, logGroup) }));
  const lines: string[] = [];
  const add = (...more: string[]): void => {
    lines.push(...more);
  };

  add('# IAM role for VPC Flow Logs to CloudWatch Logs', '');
  add(
    'A flow log that delivers to CloudWatch Logs needs an IAM role that the flow logs service can assume, with permission to write to the log group. The IAM console has no "VPC Flow Logs" entry in its list of AWS services, so the role needs a custom trust policy: the two JSON tabs next to this one hold both documents, ready to paste into the console (Create role > Custom trust policy, then Add permissions > Create inline policy > JSON) or to save as files for the AWS CLI commands below.',
    '',
  );
  if (hasPlaceholders) {
    const missing = [
      accountId === ACCOUNT_PLACEHOLDER ? `\`${ACCOUNT_PLACEHOLDER}\` with your 12-digit account id` : '',
      region === REGION_PLACEHOLDER ? `\`${REGION_PLACEHOLDER}\` with the region of your VPC (e.g. \`us-west-2\`)` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    add(
      `> **Placeholders.** ${context.offlineReason ? `The account could not be looked up (${context.offlineReason}), so these` : 'These'} documents contain placeholders: replace ${missing} before using them. \`aws sts get-caller-identity --query Account --output text\` prints the account id.`,
      '',
    );
  } else {
    add(`Account \`${accountId}\`, region \`${region}\`.`, '');
  }

  add('## The trust policy (who may assume the role)', '');
  add('```json', flowLogsTrustPolicyText(accountId, region), '```', '');
  add(
    '- `"Version": "2012-10-17"`: the current version of the IAM policy language. Without it IAM falls back to the 2008 version, which does not understand policy variables.',
    `- \`"Effect": "Allow"\` with \`"Principal": {"Service": "${FLOW_LOGS_SERVICE_PRINCIPAL}"}\`: the flow logs service, and nobody else, may use this role. This is the part the console cannot fill in for you.`,
    '- `"Action": "sts:AssumeRole"`: what the service does with the role: it obtains temporary credentials for it when it delivers records.',
    `- \`"Condition"\`: protection against the *confused deputy* problem, which AWS recommends. Without it, the flow logs service would assume the role for any flow log that names it, including one in another account that learned the role's ARN. \`"StringEquals": {"aws:SourceAccount": "${accountId}"}\` admits only flow logs owned by your account; \`"ArnLike": {"aws:SourceArn": "${flowLogArn(accountId, region)}"}\` admits only flow logs (\`vpc-flow-log/...\`) in this region. The \`*\` stands for the flow log id, which does not exist yet: once the flow log is created you may replace it with its id (\`fl-...\`) so the role serves that flow log only (\`aws iam update-assume-role-policy\`).`,
    '',
  );

  add('## The permissions policy (what the role may do)', '');
  add('```json', policyJson(flowLogsPermissionsPolicy()).trimEnd(), '```', '');
  add(
    '- `logs:CreateLogGroup`: the service creates the log group if it does not exist (for example after someone deleted it).',
    '- `logs:CreateLogStream`: each network interface gets its own log stream in the group, named `eni-...-all` (or `-accept` / `-reject`), created when its first records arrive.',
    '- `logs:PutLogEvents`: writes the flow log records into those streams.',
    '- `logs:DescribeLogGroups`: the service checks that the log group exists.',
    '- `logs:DescribeLogStreams`: the service looks up the streams it writes to.',
    '- `"Resource": "*"`: the form in the AWS guide; the role can then deliver to any log group, so one role serves all your flow logs.',
    '',
    `To limit the role to one log group (here \`${logGroup}\`), use this instead. Writing and reading streams is limited to the group (its ARN with the trailing \`:*\` covers its streams); \`DescribeLogGroups\` lists log groups and cannot be limited to one, so it and \`CreateLogGroup\` get the account's log groups in the region:`,
    '',
    '```json',
    narrow.trimEnd(),
    '```',
    '',
    `The person (or role) who creates the flow log also needs \`iam:PassRole\` on \`${roleArn}\`, besides \`ec2:CreateFlowLogs\`.`,
    '',
  );

  const regionFlag = ` --region ${region}`;
  add('## The same with the AWS CLI', '');
  add(`Save the two JSON tabs as \`${TRUST_POLICY_FILE}\` and \`${PERMISSIONS_POLICY_FILE}\` (File > Save As), then:`, '');
  add(
    '```sh',
    '# 1. The role, with the custom trust policy',
    `aws iam create-role --role-name ${roleName} \\`,
    `  --assume-role-policy-document file://${TRUST_POLICY_FILE} \\`,
    '  --description "Lets VPC Flow Logs deliver flow log records to CloudWatch Logs"',
    '',
    '# 2. Its permissions, as an inline policy',
    `aws iam put-role-policy --role-name ${roleName} --policy-name ${policyName} \\`,
    `  --policy-document file://${PERMISSIONS_POLICY_FILE}`,
    '',
    '# 3. The log group (retention: records older than 30 days are deleted; omit for "never expire")',
    `aws logs create-log-group --log-group-name ${logGroup}${regionFlag}`,
    `aws logs put-retention-policy --log-group-name ${logGroup} --retention-in-days 30${regionFlag}`,
    '',
    '# 4. The flow log: all traffic, 1-minute aggregation, default record format',
    `aws ec2 create-flow-logs --resource-type ${resourceType(resourceId)} --resource-ids ${resourceId} \\`,
    '  --traffic-type ALL --max-aggregation-interval 60 \\',
    `  --log-destination-type cloud-watch-logs --log-group-name ${logGroup} \\`,
    `  --deliver-logs-permission-arn ${roleArn}${regionFlag}`,
    '',
    '# Check delivery a few minutes later: DeliverLogsStatus should be SUCCESS',
    `aws ec2 describe-flow-logs --filter Name=resource-id,Values=${resourceId}${regionFlag}`,
    '```',
    '',
    'Clean-up, when you are done (forgotten resources cost money):',
    '',
    '```sh',
    `aws ec2 delete-flow-logs --flow-log-ids <FLOW_LOG_ID>${regionFlag}`,
    `aws logs delete-log-group --log-group-name ${logGroup}${regionFlag}`,
    `aws iam delete-role-policy --role-name ${roleName} --policy-name ${policyName}`,
    `aws iam delete-role --role-name ${roleName}`,
    '```',
    '',
  );

  add('## The same with CloudFormation', '');
  add('The template makes the log group, the role (scoped to that log group) and the flow log for one VPC:', '');
  add(...cloudFormationTemplate(roleName, policyName, logGroup), '');

  add('## In this extension', '');
  add(
    '- **VPC Flow Logs: Create IAM Role for Flow Logs** creates this role for you, after showing both documents.',
    '- **VPC Flow Logs: Create Flow Log** walks through the whole setup (resource, traffic, interval, log group, role, record format) and creates what is missing.',
    '- **VPC Flow Logs: Delete Flow Log** removes a flow log again.',
    '',
  );
  return `${lines.join('\n').trimEnd()}\n`;
}

function flowLogsTrustPolicyText(accountId: string, region: string): string {
  return policyJson(flowLogsTrustPolicy({ accountId, region })).trimEnd();
}

function cloudFormationTemplate(roleName: string, policyName: string, logGroup: string): string[] {
  const actions = (list: readonly string[], indent: string): string[] => list.map((a) => `${indent}- ${a}`);
  return [
    '```yaml',
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Description: VPC flow log to CloudWatch Logs, with its delivery role',
    'Parameters:',
    '  VpcId:',
    '    Type: AWS::EC2::VPC::Id',
    'Resources:',
    '  FlowLogsLogGroup:',
    '    Type: AWS::Logs::LogGroup',
    '    Properties:',
    `      LogGroupName: ${logGroup}`,
    '      RetentionInDays: 30',
    '  FlowLogsDeliveryRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    `      RoleName: ${roleName}`,
    '      AssumeRolePolicyDocument:',
    "        Version: '2012-10-17'",
    '        Statement:',
    '          - Effect: Allow',
    '            Principal:',
    `              Service: ${FLOW_LOGS_SERVICE_PRINCIPAL}`,
    '            Action: sts:AssumeRole',
    '            Condition:',
    '              StringEquals:',
    "                aws:SourceAccount: !Ref AWS::AccountId",
    '              ArnLike:',
    "                aws:SourceArn: !Sub 'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*'",
    '      Policies:',
    `        - PolicyName: ${policyName}`,
    '          PolicyDocument:',
    "            Version: '2012-10-17'",
    '            Statement:',
    '              - Effect: Allow',
    '                Action:',
    ...actions(FLOW_LOGS_DELIVERY_ACTIONS.filter((a) => a !== 'logs:CreateLogGroup' && a !== 'logs:DescribeLogGroups'), '                  '),
    "                Resource: !Sub 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${FlowLogsLogGroup}:*'",
    '              - Effect: Allow',
    '                Action:',
    ...actions(['logs:CreateLogGroup', 'logs:DescribeLogGroups'], '                  '),
    "                Resource: !Sub 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*'",
    '  FlowLog:',
    '    Type: AWS::EC2::FlowLog',
    '    Properties:',
    '      ResourceType: VPC',
    '      ResourceId: !Ref VpcId',
    '      TrafficType: ALL',
    '      MaxAggregationInterval: 60',
    '      LogDestinationType: cloud-watch-logs',
    '      LogGroupName: !Ref FlowLogsLogGroup',
    '      DeliverLogsPermissionArn: !GetAtt FlowLogsDeliveryRole.Arn',
    'Outputs:',
    '  FlowLogId:',
    '    Value: !Ref FlowLog',
    '```',
  ];
}
