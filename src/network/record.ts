/** Reading a parsed flow log record as a {@link Flow}, and what the record by itself says about its role. */
import { portName } from '../flowlogs/enrich';
import { TCP, UDP } from './match';
import type { Flow, Packet } from './types';

/**
 * A {@link Flow} from a parsed record (`parseFlowLogs(...).toObjects()`, field names as in the
 * format), or undefined when it lacks what the evaluator needs (NODATA, SKIPDATA, or a format without
 * addresses, protocol or interface).
 */
export function flowFromRecord(record: Readonly<Record<string, string | number | null | undefined>>, interfaceId?: string): Flow | undefined {
  const text = (name: string): string | undefined => {
    const v = record[name];
    return v === null || v === undefined ? undefined : String(v);
  };
  const num = (name: string): number | null => {
    const v = record[name];
    const n = typeof v === 'number' ? v : v === null || v === undefined || v === '' ? NaN : Number(v);
    return Number.isFinite(n) ? n : null;
  };
  const srcaddr = text('srcaddr');
  const dstaddr = text('dstaddr');
  const protocol = num('protocol');
  const eni = text('interface-id') ?? interfaceId;
  if (!srcaddr || !dstaddr || protocol === null || !eni) {
    return undefined;
  }
  const flow: Flow = { srcaddr, dstaddr, srcport: num('srcport'), dstport: num('dstport'), protocol, interfaceId: eni };
  const action = text('action');
  if (action === 'ACCEPT' || action === 'REJECT') {
    flow.action = action;
  }
  const direction = text('flow-direction');
  if (direction === 'ingress' || direction === 'egress') {
    flow.flowDirection = direction;
  }
  const reason = text('reject-reason');
  if (reason) {
    flow.rejectReason = reason;
  }
  const flags = num('tcp-flags');
  if (flags !== null) {
    flow.tcpFlags = flags;
  }
  return flow;
}

/** True for a port a service listens on: below 1024, or a well-known service port for the protocol. */
function isServicePort(port: number, protocol: number): boolean {
  return port < 1024 || portName(port, protocol) !== undefined;
}

/** How a record reads by itself: a SYN-ACK or a service port on the sending side make it an answer. */
export function readingFromRecord(flow: Flow): 'request' | 'reply' | undefined {
  if (flow.protocol === TCP && typeof flow.tcpFlags === 'number') {
    if ((flow.tcpFlags & 18) === 18) {
      return 'reply';
    }
    if (flow.tcpFlags & 2) {
      return 'request';
    }
  }
  if ((flow.protocol === TCP || flow.protocol === UDP) && typeof flow.srcport === 'number' && typeof flow.dstport === 'number') {
    const src = isServicePort(flow.srcport, flow.protocol);
    const dst = isServicePort(flow.dstport, flow.protocol);
    if (dst && !src) {
      return 'request';
    }
    if (src && !dst) {
      return 'reply';
    }
    if (src && dst && flow.srcport !== flow.dstport) {
      return flow.dstport < flow.srcport ? 'request' : 'reply';
    }
  }
  return undefined;
}

export function swap(p: Packet): Packet {
  return { srcaddr: p.dstaddr, dstaddr: p.srcaddr, srcport: p.dstport ?? null, dstport: p.srcport ?? null, protocol: p.protocol };
}

