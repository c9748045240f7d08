/**
 * How records are shown: column kinds and headers from the engine's field catalogue, the short notes
 * beside values (an address's label, a port's service, a protocol's name), rows for the table, the
 * summary with labels, and the fields of a record's details. Pure (no `vscode`).
 */
import {
  describeValue,
  fieldInfo,
  portName,
  protocolName,
  tcpFlagNames,
  type FlowLogStore,
  type RowView,
  type Summary,
} from '../flowlogs';
import type { AddressLabels } from './labels';
import type { Cell, ColumnInfo, ColumnKind, DetailField, RowData, SummaryData } from './protocol';

/** Short names for traffic-path values, for the table (the details view gives the full meaning). */
const TRAFFIC_PATH_SHORT: Readonly<Record<number, string>> = {
  1: 'same VPC',
  2: 'IGW or gateway endpoint',
  3: 'virtual private gateway',
  4: 'peering, same region',
  5: 'peering, other region',
  6: 'local gateway',
  7: 'gateway endpoint (Nitro)',
  8: 'IGW (Nitro)',
};

/** How a field is shown. */
export function columnKind(field: string): ColumnKind {
  switch (field) {
    case 'srcaddr':
    case 'dstaddr':
    case 'pkt-srcaddr':
    case 'pkt-dstaddr':
      return 'address';
    case 'srcport':
    case 'dstport':
      return 'port';
    case 'protocol':
      return 'protocol';
    case 'packets':
      return 'count';
    case 'bytes':
      return 'bytes';
    case 'start':
    case 'end':
      return 'time';
    case 'action':
      return 'action';
    case 'log-status':
      return 'status';
    case 'interface-id':
      return 'interface';
    case 'tcp-flags':
      return 'flags';
    default:
      return fieldInfo(field)?.kind === 'integer' ? 'number' : 'text';
  }
}

/** The columns of a format, with readable headers and tooltips from the engine's field catalogue. */
export function columnsFor(fields: readonly string[]): ColumnInfo[] {
  return fields.map((field) => {
    const info = fieldInfo(field);
    return { field, label: info?.title ?? field, kind: columnKind(field), description: info?.description ?? '' };
  });
}

/** Shows the records of one viewer with the labels it knows. */
export class Presenter {
  constructor(private readonly labels: AddressLabels) {}

  /** The note shown beside a value: an address's label, a port's service, a protocol's name, flags. */
  note(field: string, value: string | number, protocol: number | undefined): string | undefined {
    switch (columnKind(field)) {
      case 'address':
        return this.labels.get(String(value));
      case 'protocol':
        return protocolName(Number(value));
      case 'port':
        return portName(Number(value), protocol);
      case 'interface':
        return this.labels.interfaceName(String(value));
      case 'flags': {
        const n = Number(value);
        return n === 0 ? undefined : tcpFlagNames(n).join(' ');
      }
      default:
        return field === 'traffic-path' ? TRAFFIC_PATH_SHORT[Number(value)] : undefined;
    }
  }

  /** `{ note }` for a folded (constant) field's value, or nothing. */
  noted(field: string, value: Cell): { note?: string } {
    const note = value === null ? undefined : this.note(field, value, undefined);
    return note ? { note } : {};
  }

  /** Rows `start .. start + count` of a view, as the table shows them. */
  rows(store: FlowLogStore, view: RowView, start: number, count: number): RowData[] {
    const out: RowData[] = [];
    const end = Math.min(view.length, start + count);
    for (let p = Math.max(0, start); p < end; p++) {
      out.push(this.row(store, view[p]!));
    }
    return out;
  }

  /** One row with its values and their notes. */
  row(store: FlowLogStore, row: number): RowData {
    const fields = store.fields;
    const values: Cell[] = new Array<Cell>(fields.length);
    const notes: Record<number, string> = {};
    const protocolIndex = store.fieldIndex('protocol');
    const protocol = protocolIndex >= 0 ? store.get(row, protocolIndex) : null;
    for (let i = 0; i < fields.length; i++) {
      const value = store.get(row, i);
      values[i] = value;
      if (value === null) {
        continue;
      }
      const note = this.note(fields[i]!, value, typeof protocol === 'number' ? protocol : undefined);
      if (note) {
        notes[i] = note;
      }
    }
    return { id: row, values, notes };
  }

  /** A record's fields for the details view: value, meaning or label, and the field's description. */
  details(store: FlowLogStore, row: number): DetailField[] {
    const record = store.record(row);
    return store.fields.map((field, i) => {
      const info = fieldInfo(field);
      const value = store.get(row, i);
      const raw = store.text(row, i);
      let display = raw;
      if (value !== null) {
        const meaning = describeValue(field, value, record);
        const label = columnKind(field) === 'address' ? this.labels.get(raw) : undefined;
        const extra = label ?? (field === 'tcp-flags' && value === 0 ? 'no flags other than ACK (ACK-only flows show 0)' : meaning);
        display = extra && extra !== raw ? `${raw} — ${extra}` : raw;
      } else {
        display = '- (no value)';
      }
      return { field, label: info?.title ?? field, raw, display, description: info?.description ?? '' };
    });
  }

  /** The engine's summary with labels, as the webview shows it. */
  summary(s: Summary): SummaryData {
    const label = (address: string): { label?: string } => {
      const l = this.labels.get(address);
      return l ? { label: l } : {};
    };
    return {
      records: s.records,
      packets: s.packets,
      bytes: s.bytes,
      accept: { records: s.accept, bytes: s.acceptBytes },
      reject: { records: s.reject, bytes: s.rejectBytes },
      noData: s.nodata,
      skipData: s.skipdata,
      topTalkers: s.topTalkers.map((t) => {
        const srcLabel = this.labels.get(t.src);
        const dstLabel = this.labels.get(t.dst);
        return { ...t, ...(srcLabel ? { srcLabel } : {}), ...(dstLabel ? { dstLabel } : {}) };
      }),
      topRejectedSources: s.topRejectSources.map((a) => ({ address: a.address, records: a.records, ...label(a.address) })),
      topRejectedPorts: s.topRejectedPorts.map((p) => {
        const name = portName(p.port, p.protocol ?? undefined);
        return { port: p.port, records: p.records, ...(name ? { name } : {}) };
      }),
      interfaces: s.interfaces.map((i) => {
        const name = this.labels.interfaceName(i.interfaceId);
        return { id: i.interfaceId, records: i.records, bytes: i.bytes, rejected: i.reject, ...(name ? { name } : {}) };
      }),
      histogram: s.histogram
        ? {
            start: s.histogram.buckets[0]?.start ?? 0,
            step: s.histogram.bucketSeconds,
            accept: s.histogram.buckets.map((b) => b.accept),
            reject: s.histogram.buckets.map((b) => b.reject),
            other: [],
          }
        : null,
    };
  }
}
