/**
 * Names of flow log fields in Logs Insights. For log groups whose flow logs use the default format,
 * Logs Insights discovers fields itself under these names (per the CloudWatch Logs guide, "Supported logs
 * and discovered fields": `accountId`, `interfaceId`, `srcAddr`, `dstAddr`, `srcPort`, `dstPort`,
 * `protocol`, `packets`, `bytes`, `startTime`, `endTime`, `action`, `logStatus`, `version`). For custom
 * formats the extension generates a `parse` clause that creates the same names (and camelCase names for
 * the fields of later versions), so one query works on both. The discovered names live in the engine's
 * field catalogue (`insightsName`); later fields get their camelCase names.
 */
import { DEFAULT_FIELDS, FIELDS, fieldInfo } from '../../flowlogs';

/** Later fields whose plain camelCase would hide that they are addresses, named like srcAddr/dstAddr. */
const ADDRESS_NAMES: Readonly<Record<string, string>> = { 'pkt-srcaddr': 'pktSrcAddr', 'pkt-dstaddr': 'pktDstAddr' };

/** The default format's fields, in order (version 2). */
export const DEFAULT_FORMAT_FIELDS: readonly string[] = DEFAULT_FIELDS;

/**
 * The Logs Insights name of a flow log field: `srcaddr` -> `srcAddr`, `start` -> `startTime`; unknown
 * (future) fields get a camelCase name built the same way (`new-field` -> `newField`).
 */
export function insightsFieldName(field: string): string {
  return fieldInfo(field)?.insightsName ?? ADDRESS_NAMES[field] ?? field.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The flow log field for a Logs Insights name (`srcAddr` -> `srcaddr`), or undefined when it is not one. */
export function flowLogFieldOf(insightsName: string): string | undefined {
  return FIELDS.find((field) => insightsFieldName(field.name) === insightsName)?.name;
}

/** Insights names of the fields that hold IP addresses (clicking one opens the matching records). */
export const ADDRESS_FIELDS: ReadonlySet<string> = new Set(['srcAddr', 'dstAddr', 'pktSrcAddr', 'pktDstAddr']);
