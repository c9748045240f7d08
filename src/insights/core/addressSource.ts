/**
 * "Open the records behind this address": a flow log viewer source that reads, with FilterLogEvents,
 * the events mentioning one address in the log groups and time range of a query. The filter pattern
 * (a quoted term) also matches longer addresses that start the same way (10.1.5.11 in 10.1.5.112), so
 * lines are kept only where the address is a whole field.
 */
import type { LogsApi } from '../../aws/logs';
import type { LoadProgress, RecordPage, RecordSource } from '../../viewer/source';

/** Most events read for one address (the viewer pages no further). */
export const MAX_ADDRESS_EVENTS = 10_000;

/** What an address source reads. */
export interface AddressQuery {
  readonly address: string;
  readonly logGroups: readonly string[];
  /** Unix seconds, inclusive. */
  readonly startTime: number;
  readonly endTime: number;
  /** The groups' custom `LogFormat`, when they have one. */
  readonly format?: string | undefined;
  /** e.g. "last hour". */
  readonly rangeText: string;
}

/** The source id: `insights:` then the query as JSON (the resolver rebuilds the source from it). */
export function addressSourceId(query: AddressQuery): string {
  return `insights:${JSON.stringify({ a: query.address, g: query.logGroups, s: query.startTime, e: query.endTime, f: query.format ?? '', r: query.rangeText })}`;
}

/** Reads a source id back, or undefined when it is not one of ours. */
export function parseAddressSourceId(id: string): AddressQuery | undefined {
  if (!id.startsWith('insights:')) {
    return undefined;
  }
  try {
    const v = JSON.parse(id.slice('insights:'.length)) as Record<string, unknown>;
    const groups = v['g'];
    if (typeof v['a'] !== 'string' || !Array.isArray(groups) || typeof v['s'] !== 'number' || typeof v['e'] !== 'number') {
      return undefined;
    }
    return {
      address: v['a'],
      logGroups: groups.filter((g): g is string => typeof g === 'string'),
      startTime: v['s'],
      endTime: v['e'],
      format: typeof v['f'] === 'string' && v['f'] ? v['f'] : undefined,
      rangeText: typeof v['r'] === 'string' ? v['r'] : '',
    };
  } catch {
    return undefined;
  }
}

/** True when `address` is one whole space-separated field of the line. */
export function lineHasAddress(line: string, address: string): boolean {
  let from = 0;
  for (;;) {
    const at = line.indexOf(address, from);
    if (at < 0) {
      return false;
    }
    const before = at === 0 ? ' ' : line[at - 1];
    const after = at + address.length >= line.length ? ' ' : line[at + address.length];
    if ((before === ' ' || before === '\t') && (after === ' ' || after === '\t' || after === '\r' || after === '\n')) {
      return true;
    }
    from = at + 1;
  }
}

export class AddressRecordSource implements RecordSource {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly format?: string;

  constructor(
    private readonly api: Pick<LogsApi, 'filterLogEvents'>,
    private readonly query: AddressQuery,
    readonly labels?: ReadonlyMap<string, string>,
  ) {
    this.id = addressSourceId(query);
    this.title = `${query.address} (flow logs)`;
    this.description = `Records mentioning ${query.address} in ${query.logGroups.join(', ')}${query.rangeText ? `, ${query.rangeText}` : ''} (FilterLogEvents)`;
    if (query.format) {
      this.format = query.format;
    }
  }

  async loadInitial(signal: AbortSignal, progress?: (progress: LoadProgress) => void): Promise<RecordPage> {
    const events: { timestamp: number; message: string }[] = [];
    let truncated = false;
    for (const logGroupName of this.query.logGroups) {
      let nextToken: string | undefined;
      let pages = 0;
      do {
        signal.throwIfAborted();
        const page = await this.api.filterLogEvents(
          {
            group: logGroupName,
            filterPattern: `"${this.query.address}"`,
            startTime: this.query.startTime * 1000,
            endTime: this.query.endTime * 1000 + 999,
            token: nextToken,
          },
          signal,
        );
        for (const e of page.items) {
          if (lineHasAddress(e.message, this.query.address)) {
            events.push({ timestamp: e.timestamp, message: e.message.replace(/\r?\n$/, '') });
          }
        }
        nextToken = page.nextToken;
        pages++;
        progress?.({ lines: events.length, message: `page ${pages} of ${logGroupName}` });
        if (events.length >= MAX_ADDRESS_EVENTS) {
          truncated = nextToken !== undefined;
          break;
        }
      } while (nextToken);
      if (events.length >= MAX_ADDRESS_EVENTS) {
        break;
      }
    }
    events.sort((a, b) => a.timestamp - b.timestamp);
    if (truncated) {
      progress?.({ lines: MAX_ADDRESS_EVENTS, message: `stopped at ${MAX_ADDRESS_EVENTS} records: narrow the time range to see the rest` });
    }
    return { lines: events.slice(0, MAX_ADDRESS_EVENTS).map((e) => e.message), hasOlder: false, hasNewer: false };
  }
}
