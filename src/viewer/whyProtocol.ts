/**
 * Messages of "Why was this rejected?" between the viewer's host and its webview, beside the viewer's
 * own (protocol.ts): the details dialog asks with `explain` (the record as its fields), the host answers
 * with `explanation` (loading, the answer, or what went wrong), and a row's context menu makes the host
 * send `explainRecord` (open that record's details and ask). Pure: shared by both bundles.
 */
import type { WhyAnswer } from '../why/answer';

export type { WhyAnswer };

/** Host -> webview. */
export type WhyHostMessage =
  | {
      readonly type: 'explanation';
      readonly id: number;
      readonly state: 'loading' | 'answer' | 'error';
      readonly answer?: WhyAnswer;
      readonly message?: string;
    }
  | { readonly type: 'explainRecord'; readonly id: number };

/** Webview -> host: explain the record `id`, whose fields the details dialog shows. */
export interface WhyRequest {
  readonly type: 'explain';
  readonly id: number;
  /** Field name -> raw text, as in the details (`-` for absent). */
  readonly record: Readonly<Record<string, string>>;
}

/** Narrows an untrusted message to an `explain` request, or undefined for anything else. */
export function parseWhyRequest(value: unknown): WhyRequest | undefined {
  if (typeof value !== 'object' || value === null || (value as { type?: unknown }).type !== 'explain') {
    return undefined;
  }
  const { id, record } = value as { id?: unknown; record?: unknown };
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || typeof record !== 'object' || record === null || Array.isArray(record)) {
    return undefined;
  }
  const entries = Object.entries(record as Record<string, unknown>);
  if (entries.length > 200 || !entries.every(([k, v]) => k.length <= 100 && typeof v === 'string' && v.length <= 1000)) {
    return undefined;
  }
  return { type: 'explain', id, record: Object.fromEntries(entries) as Record<string, string> };
}

/** Whether a record (its `action` field) can be asked about. */
export function canExplain(record: Readonly<Record<string, string>>): boolean {
  const has = (f: string): boolean => !!record[f] && record[f] !== '-';
  return has('interface-id') && has('srcaddr') && has('dstaddr') && has('protocol') && (record['action'] === 'ACCEPT' || record['action'] === 'REJECT');
}
