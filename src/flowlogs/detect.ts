/**
 * Cheap checks on one line of text: is this a flow log record or an S3 export header? Used to give
 * `.log`/`.txt` files the flow log language by content without claiming ordinary logs.
 */

const HEADER = /^version(?:[ \t]+[a-z][a-z0-9-]*)+[ \t]*$/;
const HEADER_FIELD = /(?:^|[ \t])(?:account-id|interface-id|srcaddr|dstaddr|vpc-id|action|log-status)(?=[ \t]|$)/;
const VERSION = /^\d{1,2}$/;
const AWS_ID = /^(?:eni|vpc|subnet|i)-[0-9a-f]{8,17}$/;
const STATUS = /^(?:ACCEPT|REJECT|OK|NODATA|SKIPDATA)$/;

/** True for the header line S3 exports start with, e.g. `version account-id interface-id ...`. */
export function isFlowLogHeader(line: string): boolean {
  const text = line.trim();
  return HEADER.test(text) && HEADER_FIELD.test(text);
}

/**
 * True when a line looks like a flow log record of any format: a version number first, then at least
 * three more fields among which an AWS resource id or an action/log-status word.
 */
export function isFlowLogRecord(line: string): boolean {
  const tokens = line.trim().split(/[ \t]+/);
  if (tokens.length < 4 || !VERSION.test(tokens[0] ?? '')) {
    return false;
  }
  let id = false;
  let status = false;
  for (const token of tokens) {
    id ||= AWS_ID.test(token);
    status ||= STATUS.test(token);
  }
  return id || status;
}

/** True when the first line of a text says it is flow logs (a record or an S3 export header). */
export function looksLikeFlowLog(firstLine: string): boolean {
  return isFlowLogHeader(firstLine) || isFlowLogRecord(firstLine);
}
