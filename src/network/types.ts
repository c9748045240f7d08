/**
 * The shapes the evaluator reads and writes. Inputs are the EC2 API's own (as `@aws-sdk/client-ec2`
 * returns them, so the AWS layer hands its output in unchanged); only the flow and the explanation are
 * ours.
 */
import type {
  NetworkAcl, NetworkAclEntry, NetworkInterface, Route, RouteTable, SecurityGroupRule, Subnet, Vpc, VpcPeeringConnection,
} from '@aws-sdk/client-ec2';

/** One flow log record, seen at `interfaceId` (the record's `interface-id`). */
export interface Flow {
  srcaddr: string;
  dstaddr: string;
  srcport?: number | null;
  dstport?: number | null;
  /** IANA protocol number (1 ICMP, 6 TCP, 17 UDP, 58 ICMPv6). */
  protocol: number;
  interfaceId: string;
  action?: 'ACCEPT' | 'REJECT';
  /** The record's `flow-direction` (version 5 and later), when the format carries it. */
  flowDirection?: 'ingress' | 'egress';
  /** The record's `reject-reason` (version 8 and later): `BPA` for VPC Block Public Access. */
  rejectReason?: string;
  /** The record's `tcp-flags` (version 3 and later): tells a connection's opening side from its answer. */
  tcpFlags?: number | null;
}

/**
 * The network around the record. `interfaces`, `securityGroupRules` and `networkAcls` are what the
 * contract requires; the rest sharpens the answer when given: route tables for "no route", prefix list
 * entries (id -> CIDRs, from `GetManagedPrefixListEntries`), subnets and VPCs for their CIDR blocks
 * (same-subnet traffic, proposing a VPC's range in a fix), peering connections (their state and ends).
 */
export interface Network {
  interfaces: NetworkInterface[];
  securityGroupRules: SecurityGroupRule[];
  networkAcls: NetworkAcl[];
  routeTables?: RouteTable[];
  prefixLists?: Record<string, string[]>;
  subnets?: Subnet[];
  vpcs?: Vpc[];
  peeringConnections?: VpcPeeringConnection[];
}

/** What blocks a flow under today's rules (`allowed` when nothing does). */
export type Verdict = 'allowed' | 'security-group' | 'network-acl' | 'no-route' | 'block-public-access' | 'unknown';

/** A direction as seen by the record's interface. */
export type Direction = 'inbound' | 'outbound';

/**
 * One rule that decided. `id` is the security group rule id (`sgr-...`), or the group id when no rule
 * of the group matched (`action: 'deny'`: a group denies what none of its rules allows); the network
 * ACL id for an ACL entry (with `ruleNumber`, 32767 for the final `*` entry); the route table id for
 * a route.
 */
export interface DecidingRule {
  kind: 'security-group-rule' | 'network-acl-entry' | 'route';
  id: string;
  ruleNumber?: number;
  action?: 'allow' | 'deny';
  /** The security group the rule belongs to (and its name, from the interfaces' `Groups`). */
  groupId?: string;
  groupName?: string;
  /** True for an outbound (egress) security group rule or network ACL entry. */
  egress?: boolean;
  /** The interface whose security group, subnet ACL or subnet route table this is. */
  interfaceId?: string;
  subnetId?: string;
  /** A route's destination (CIDR or prefix list id) and target (`local`, `igw-...`, `pcx-...`, ...). */
  destination?: string;
  target?: string;
  /** The rule itself, for display. */
  securityGroupRule?: SecurityGroupRule;
  networkAclEntry?: NetworkAclEntry;
  route?: Route;
}

/** A packet as it travels: the record's own, or its answer with addresses and ports swapped. */
export interface Packet {
  srcaddr: string;
  dstaddr: string;
  srcport?: number | null;
  dstport?: number | null;
  protocol: number;
}

/** The evaluator's answer for one record. */
export interface Explanation {
  verdict: Verdict;
  /**
   * Direction, as seen by the record's interface, of the packets the verdict is about: the flow's own,
   * or its reply's when the reply is what is blocked (an inbound flow whose reply an outbound ACL entry
   * denies has `direction: 'outbound'`).
   */
  direction: Direction;
  /** The deciding rules: what blocks, or (allowed) every rule that lets the flow and its reply through. */
  rules: DecidingRule[];
  /** One sentence a person can act on. */
  text: string;
  /** The record's own direction as its interface saw it (`direction` differs when the reply is blocked). */
  recordDirection?: Direction;
  /** Whether the blocked packets open the connection (`flow`) or answer it (`reply`). */
  blocked?: 'flow' | 'reply';
  /** The packets the verdict is about, as they travel (the reply has addresses and ports swapped). */
  packet?: Packet;
  /**
   * How the record was read: as the packets that open a connection (`request`), or as the answer to a
   * connection the other side opened (`reply`: a SYN-ACK in `tcp-flags`, or a service port on the
   * sending side).
   */
  reading?: 'request' | 'reply';
  /** Where the decision is made: the record's interface (`local`) or the one at the other end (`peer`). */
  side?: 'local' | 'peer';
  /** The interface, subnet, network ACL or route table that decides. */
  interfaceId?: string;
  subnetId?: string;
  networkAclId?: string;
  routeTableId?: string;
  /** Further facts worth showing under the sentence: parts that could not be checked, assumptions. */
  notes: string[];
}
