/**
 * Athena columns for flow log fields, as AWS's published DDL names and types them (Amazon Athena User
 * Guide, "Query Amazon VPC flow logs"): one column per field, hyphens as underscores, `int` for version,
 * ports, tcp_flags and traffic_path, `bigint` for protocol, packets, bytes, start and end, `string` for
 * the rest. Fields added after that DDL was written follow the same rule by kind: `encryption-status`
 * is a small integer like `traffic-path` (`int`), `resource-id` an identifier (`string`).
 */
import { FIELDS, fieldInfo } from '../flowlogs/fields';

/** An Athena column type used for flow log fields. */
export type AthenaColumnType = 'int' | 'bigint' | 'string';

const INT_FIELDS: ReadonlySet<string> = new Set(['version', 'srcport', 'dstport', 'tcp-flags', 'traffic-path', 'encryption-status']);
const BIGINT_FIELDS: ReadonlySet<string> = new Set(['protocol', 'packets', 'bytes', 'start', 'end']);

/** Words Athena reserves that flow log columns use, quoted wherever they appear (AWS quotes `end`). */
const RESERVED: ReadonlySet<string> = new Set(['end']);

/** The Athena column name of a flow log field: `log-status` -> `log_status`. */
export function athenaColumnName(field: string): string {
  return field.replace(/-/g, '_');
}

/** The flow log field of an Athena column name (`log_status` -> `log-status`), or undefined. */
export function flowLogFieldOfColumn(column: string): string | undefined {
  const name = column.toLowerCase().replace(/_/g, '-');
  return fieldInfo(name) ? name : undefined;
}

/** The Athena type of a flow log field (throws for a field the catalogue does not know). */
export function athenaColumnType(field: string): AthenaColumnType {
  const info = fieldInfo(field);
  if (!info) {
    throw new Error(`Athena column failed: unknown flow log field "${field}"`);
  }
  if (INT_FIELDS.has(field)) {
    return 'int';
  }
  if (BIGINT_FIELDS.has(field)) {
    return 'bigint';
  }
  return 'string';
}

/** The column as DDL writes it: backticks around reserved words (`` `end` ``). */
export function ddlColumn(field: string): string {
  const name = athenaColumnName(field);
  return RESERVED.has(name) ? `\`${name}\`` : name;
}

/** The column as a query (Trino SQL) writes it: double quotes around reserved words (`"end"`). */
export function sqlColumn(field: string): string {
  const name = athenaColumnName(field);
  return RESERVED.has(name) ? `"${name}"` : name;
}

/** Every catalogue field with its Athena column and type, for documentation and checks. */
export function athenaColumns(): { field: string; column: string; type: AthenaColumnType }[] {
  return FIELDS.map((f) => ({ field: f.name, column: athenaColumnName(f.name), type: athenaColumnType(f.name) }));
}
