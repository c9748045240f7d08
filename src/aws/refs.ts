/**
 * Typed references to AWS resources: what the explorer's tree nodes carry and what commands take, so
 * no area has to look inside another's objects. A command also takes a plain id or name (from the
 * palette, a test or another command), and asks with a quick pick when it gets nothing. Pure.
 */

/** A VPC. */
export interface VpcRef {
  readonly kind: 'vpc';
  readonly id: string;
  /** The region it is in; undefined: the current connection's. */
  readonly region?: string | undefined;
}

/** A subnet. */
export interface SubnetRef {
  readonly kind: 'subnet';
  readonly id: string;
  readonly vpcId?: string | undefined;
  readonly region?: string | undefined;
}

/** A network interface. */
export interface InterfaceRef {
  readonly kind: 'networkInterface';
  readonly id: string;
  readonly region?: string | undefined;
}

/** A flow log, with what it watches and (for CloudWatch Logs) where it delivers. */
export interface FlowLogRef {
  readonly kind: 'flowLog';
  readonly id: string;
  readonly resourceId?: string | undefined;
  readonly logGroupName?: string | undefined;
  readonly region?: string | undefined;
}

/** A CloudWatch Logs log group. */
export interface LogGroupRef {
  readonly kind: 'logGroup';
  readonly name: string;
  readonly region?: string | undefined;
}

/** A log stream of a group. */
export interface LogStreamRef {
  readonly kind: 'logStream';
  readonly group: string;
  readonly name: string;
  readonly region?: string | undefined;
}

/** One S3 object (a flow log delivery file). */
export interface S3ObjectRef {
  readonly kind: 's3Object';
  readonly bucket: string;
  readonly key: string;
  /** The bucket's region when known; undefined: the current connection's (S3 redirects to the bucket's). */
  readonly region?: string | undefined;
}

/** The objects under an S3 key prefix (a delivery day or hour): the prefix ends in `/`. */
export interface S3PrefixRef {
  readonly kind: 's3Prefix';
  readonly bucket: string;
  readonly prefix: string;
  readonly region?: string | undefined;
  /** Only this flow log's files (several flow logs may deliver to one prefix). */
  readonly flowLogId?: string | undefined;
}

/** A security group, optionally one of its rules (`sgr-...`): what "reveal in the tree" takes. */
export interface SecurityGroupRef {
  readonly kind: 'securityGroup';
  readonly id: string;
  /** The VPC it belongs to; undefined: looked up from the interfaces that use it. */
  readonly vpcId?: string | undefined;
  readonly ruleId?: string | undefined;
  readonly region?: string | undefined;
}

/** A network ACL, optionally one of its entries (rule number and direction; 32767 is the final `*`). */
export interface NetworkAclRef {
  readonly kind: 'networkAcl';
  readonly id: string;
  readonly vpcId?: string | undefined;
  readonly ruleNumber?: number | undefined;
  readonly egress?: boolean | undefined;
  readonly region?: string | undefined;
}

export type ResourceRef = VpcRef | SubnetRef | InterfaceRef | FlowLogRef | LogGroupRef | LogStreamRef | S3ObjectRef | S3PrefixRef | SecurityGroupRef | NetworkAclRef;
export type RefKind = ResourceRef['kind'];
export type RefOf<K extends RefKind> = Extract<ResourceRef, { kind: K }>;

/** What carries a reference (a tree node); its `ref` is the contract, nothing else of it is read. */
export interface HasRef {
  readonly ref?: ResourceRef | undefined;
}

const ID_KIND: readonly (readonly [RegExp, 'vpc' | 'subnet' | 'networkInterface' | 'flowLog' | 'securityGroup' | 'networkAcl'])[] = [
  [/^vpc-[0-9a-f]+$/, 'vpc'],
  [/^sg-[0-9a-f]+$/, 'securityGroup'],
  [/^acl-[0-9a-f]+$/, 'networkAcl'],
  [/^subnet-[0-9a-f]+$/, 'subnet'],
  [/^eni-[0-9a-f]+$/, 'networkInterface'],
  [/^fl-[0-9a-f]+$/, 'flowLog'],
];

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** True for a well-formed reference. */
export function isRef(value: unknown): value is ResourceRef {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  switch (v['kind']) {
    case 'vpc':
    case 'subnet':
    case 'networkInterface':
    case 'flowLog':
    case 'securityGroup':
    case 'networkAcl':
      return isString(v['id']);
    case 'logGroup':
      return isString(v['name']);
    case 'logStream':
      return isString(v['group']) && isString(v['name']);
    case 's3Object':
      return isString(v['bucket']) && isString(v['key']);
    case 's3Prefix':
      return isString(v['bucket']) && typeof v['prefix'] === 'string';
    default:
      return false;
  }
}

/** The reference a plain id or name stands for: EC2 ids by their prefix, a log group by its name or ARN. */
export function parseRef(text: string, kinds: readonly RefKind[]): ResourceRef | undefined {
  const trimmed = text.trim();
  const kind = ID_KIND.find(([pattern]) => pattern.test(trimmed))?.[1];
  if (kind) {
    return kinds.includes(kind) ? { kind, id: trimmed } : undefined;
  }
  if (kinds.includes('logGroup') && trimmed) {
    const fromArn = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(trimmed)?.[1];
    return trimmed.startsWith('arn:') && !fromArn ? undefined : { kind: 'logGroup', name: fromArn ?? trimmed };
  }
  return undefined;
}

/**
 * The reference of one of `kinds` that a command was given: a reference, a node carrying one, or a plain
 * id or name. Undefined for anything else (the command then asks, or does nothing).
 */
export function refArg<K extends RefKind>(arg: unknown, kinds: readonly K[]): RefOf<K> | undefined {
  const ref = isRef(arg) ? arg : isRef((arg as HasRef | undefined)?.ref) ? (arg as Required<HasRef>).ref : typeof arg === 'string' ? parseRef(arg, kinds) : undefined;
  return ref && (kinds as readonly RefKind[]).includes(ref.kind) ? (ref as RefOf<K>) : undefined;
}

/** The id or name of a resource, for messages and the clipboard. */
export function refLabel(ref: ResourceRef): string {
  switch (ref.kind) {
    case 'logGroup':
      return ref.name;
    case 'logStream':
      return ref.name;
    case 's3Object':
      return `s3://${ref.bucket}/${ref.key}`;
    case 's3Prefix':
      return `s3://${ref.bucket}/${ref.prefix}`;
    default:
      return ref.id;
  }
}
