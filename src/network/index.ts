/**
 * Why a flow was rejected or allowed: security groups, network ACLs and routes, evaluated the way AWS
 * does, against the EC2 API's own shapes. Pure: no `vscode`, no SDK at run time (its types only).
 *
 * ```ts
 * const network = { interfaces, securityGroupRules, networkAcls, routeTables, prefixLists };
 * const why = explainFlow(flowFromRecord(record)!, network);   // verdict, direction, rules, text
 * const fix = suggestFix(flow, network, why);                   // CLI command, console words, warning
 * const causes = groupRejectedByCause(explained);               // "security group sg-... (db): 38 flows ..."
 * const flagged = riskyRules(network.securityGroupRules);       // SSH, RDP, databases open to the internet
 * ```
 */
export type { DecidingRule, Direction, Explanation, Flow, Network, Packet, Verdict } from './types';
export { explainFlow } from './explain';
export { flowFromRecord } from './record';
export { suggestFix, type FixSuggestion } from './fix';
export { ADMIN_PORTS, riskyRules, type RiskyRule } from './risky';
export { coveringCidr, groupRejectedByCause, summarizeAddresses, type CauseGroup, type ExplainedFlow } from './causes';
export {
  describeNetworkAclEntry, describeRoute, describeSecurityGroupRule, icmpTypeName, protocolLabel, ruleTrafficLabel, rulePeerLabel,
  trafficLabel,
} from './format';
export { IMPLICIT_DENY_RULE_NUMBER, orderedAclEntries, ruleProtocol } from './match';
export { isPrivateAddress, networkAclForSubnet, routeTableForSubnet } from './model';
