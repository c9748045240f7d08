// A flow log's files in S3, under its node in the VPCs view: the months of its delivery newest first,
// then days, (hours with per-hour partitions), then the files, paged, with their sizes. Pure: no
// `vscode` at run time.
import { dateFoldersNewestFirst, parseDeliveryKey, type DateFolder, type DeliveryLayout } from '../../athena/s3Layout';
import type { S3PrefixRef, S3ObjectRef } from '../../aws/refs';
import type { S3ObjectInfo } from '../../aws/s3Models';
import { formatBytes } from '../../common/format';
import { escapeMarkdown as esc, mdBold, mdCode as code, mdTable as table } from '../../common/markdown';
import { COMMANDS, SETTINGS } from '../commandIds';
import type { ExplorerContext } from '../context';
import { formatUtc } from '../format';
import { contextValue, ErrorNode, MessageNode, NodeCache, PagedList, pagedRows, problemOf, type ExplorerNode, type NodeView } from './base';

/** Where a flow log's files are, and whose they are. */
export interface S3Delivery {
  readonly layout: DeliveryLayout;
  /** Only this flow log's files (several flow logs may deliver to one prefix). */
  readonly flowLogId: string | undefined;
  /** The region of the view (the bucket's region is found by S3's redirect when it differs). */
  readonly region: string;
}

/** A row in a day or hour folder: a deeper date folder or a file. */
type Entry = { readonly folder: DateFolder } | { readonly object: S3ObjectInfo };

const pad = (n: number): string => String(n).padStart(2, '0');

/** `08:05` from a delivery file's name (UTC), or the name itself for any other key. */
export function objectLabel(key: string): string {
  const parsed = parseDeliveryKey(key);
  if (!parsed) {
    return key.slice(key.lastIndexOf('/') + 1);
  }
  const d = new Date(parsed.timestamp * 1000);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Whether a listed file belongs to the delivery (its flow log's files, or any file when none is named). */
function ofDelivery(delivery: S3Delivery, key: string): boolean {
  return !delivery.flowLogId || key.slice(key.lastIndexOf('/') + 1).includes(`_${delivery.flowLogId}_`);
}

/**
 * The months of a delivery, newest first: the year folders under its key prefix, then each year's
 * months. Undefined entries are never returned; an empty delivery gives a message row.
 */
export async function deliveryMonths(owner: ExplorerNode, context: ExplorerContext, delivery: S3Delivery, nodes: NodeCache): Promise<ExplorerNode[]> {
  const { layout } = delivery;
  try {
    const years = dateFoldersNewestFirst(layout, await context.s3.folders(layout.bucket, layout.keyPrefix));
    const months: DateFolder[] = [];
    for (const year of years) {
      months.push(...dateFoldersNewestFirst(layout, await context.s3.folders(layout.bucket, year.prefix)));
    }
    if (months.length === 0) {
      return [
        new MessageNode(owner, 'empty', {
          label: 'No files delivered yet',
          tooltip: `Nothing under ${code(`s3://${layout.bucket}/${layout.keyPrefix}`)}. Flow logs deliver to S3 about every 5 to 10 minutes once there is traffic; if nothing arrives, check the flow log's delivery status and the bucket policy.`,
        }),
      ];
    }
    return months.map((m) => {
      const id = `${owner.id}/${m.prefix.slice(layout.keyPrefix.length)}`;
      return nodes.get(id, () => new S3FolderNode(owner, id, context, delivery, m));
    });
  } catch (error) {
    const problem = problemOf(error, 's3:ListBucket');
    context.log(problem.message);
    return [new ErrorNode(owner, problem, () => context.changed(owner))];
  }
}

/** A month, day or hour of a delivery. Days and hours open in the viewer (every file in them). */
export class S3FolderNode implements ExplorerNode {
  private list: PagedList<Entry> | undefined;
  private readonly nodes = new NodeCache();

  constructor(
    readonly parent: ExplorerNode,
    readonly id: string,
    readonly context: ExplorerContext,
    readonly delivery: S3Delivery,
    readonly folder: DateFolder,
  ) {}

  /** Days and hours hold files (hours only with per-hour partitions); months hold days. */
  get opensInViewer(): boolean {
    return this.folder.level === 'day' || this.folder.level === 'hour';
  }

  get ref(): S3PrefixRef | undefined {
    const { layout, flowLogId, region } = this.delivery;
    return this.opensInViewer ? { kind: 's3Prefix', bucket: layout.bucket, prefix: this.folder.prefix, region, ...(flowLogId ? { flowLogId } : {}) } : undefined;
  }

  get resourceId(): string {
    return `s3://${this.delivery.layout.bucket}/${this.folder.prefix}`;
  }

  view(): NodeView {
    const f = this.folder;
    const files = this.list?.items.filter((e): e is { object: S3ObjectInfo } => 'object' in e && ofDelivery(this.delivery, e.object.key)) ?? [];
    const bytes = files.reduce((sum, e) => sum + e.object.size, 0);
    const more = this.list?.hasMore ? '+' : '';
    return {
      label: f.level === 'hour' ? f.label.slice(11) : f.label,
      description: files.length ? `${files.length}${more} files · ${formatBytes(bytes)}${more}` : undefined,
      tooltip: [
        mdBold(`${f.level === 'month' ? 'Month' : f.level === 'day' ? 'Day' : 'Hour'} ${esc(f.label)} (UTC)`),
        '',
        code(this.resourceId),
        this.opensInViewer ? '\nOpen it in the viewer to read every file in it (newest file first, older ones page by page).' : '',
      ].join('\n'),
      icon: { id: f.level === 'month' ? 'calendar' : f.level === 'day' ? 'folder' : 'clock' },
      contextValue: contextValue('s3Folder', { [f.level]: true, opens: this.opensInViewer }),
      collapsible: 'collapsed',
    };
  }

  invalidate(): void {
    this.list = undefined;
    this.nodes.clear();
  }

  /** The files of this folder loaded so far (this flow log's), in key (time) order. */
  loadedFiles(): S3ObjectInfo[] {
    return (this.list?.items ?? []).flatMap((e) => ('object' in e && ofDelivery(this.delivery, e.object.key) ? [e.object] : []));
  }

  async children(): Promise<ExplorerNode[]> {
    const { layout } = this.delivery;
    const pageSize = this.context.setting(SETTINGS.pageSize, 50);
    const list = (this.list ??= new PagedList(async (token) => {
      const page = await this.context.s3.listPage(layout.bucket, { prefix: this.folder.prefix, delimiter: '/', token, maxKeys: pageSize });
      return { items: [...dateFoldersNewestFirst(layout, page.prefixes).map((folder) => ({ folder })), ...page.objects.map((object) => ({ object }))], nextToken: page.nextToken };
    }));
    await list.ensureFirstPage();
    if (list.items.length === 0 && list.error !== undefined) {
      const problem = problemOf(list.error, 's3:ListBucket');
      this.context.log(problem.message);
      return [new ErrorNode(this, problem, () => {
        this.invalidate();
        this.context.changed(this);
      })];
    }
    // Date folders newest first (a listing returns them oldest first, page by page); files in time order.
    const folders = list.items.filter((e): e is { folder: DateFolder } => 'folder' in e).sort((a, b) => b.folder.start - a.folder.start);
    const rows: ExplorerNode[] = folders.map(({ folder }) => {
      const id = `${this.id}/${folder.prefix.slice(this.folder.prefix.length)}`;
      return this.nodes.get(id, () => new S3FolderNode(this, id, this.context, this.delivery, folder));
    });
    const filesList = list;
    rows.push(
      ...pagedRows(this, filesList, this.context, (e) => {
        const object = (e as { object: S3ObjectInfo }).object;
        const id = `${this.id}/${object.key.slice(this.folder.prefix.length)}`;
        const node = this.nodes.get(id, () => new S3ObjectNode(this, id, this.delivery, object));
        node.object = object;
        return node;
      }, 'files', 's3:ListBucket', (e) => 'object' in e && ofDelivery(this.delivery, e.object.key)),
    );
    if (rows.length === 0) {
      rows.push(new MessageNode(this, 'empty', { label: 'No files of this flow log here' }));
    }
    return rows;
  }
}

/** One delivered file: its time, size and format; click to open it in the viewer. */
export class S3ObjectNode implements ExplorerNode {
  constructor(
    readonly parent: ExplorerNode,
    readonly id: string,
    readonly delivery: S3Delivery,
    public object: S3ObjectInfo,
  ) {}

  get ref(): S3ObjectRef {
    return { kind: 's3Object', bucket: this.delivery.layout.bucket, key: this.object.key, region: this.delivery.region };
  }

  get resourceId(): string {
    return `s3://${this.delivery.layout.bucket}/${this.object.key}`;
  }

  arn(): string {
    return `arn:aws:s3:::${this.delivery.layout.bucket}/${this.object.key}`;
  }

  view(): NodeView {
    const o = this.object;
    const parsed = parseDeliveryKey(o.key);
    const kind = parsed ? (parsed.fileFormat === 'parquet' ? 'Parquet' : parsed.gzip ? 'text, gzip' : 'text') : undefined;
    return {
      label: objectLabel(o.key),
      description: [formatBytes(o.size), kind].filter(Boolean).join(' · '),
      tooltip: [
        mdBold(esc(o.key.slice(o.key.lastIndexOf('/') + 1))),
        '',
        table([
          ['Location', code(this.resourceId)],
          ['Size', `${formatBytes(o.size)} (${o.size.toLocaleString('en-US')} bytes)`],
          ['Format', kind],
          ['Flow log', parsed ? code(parsed.flowLogId) : undefined],
          ['Time in the name', parsed ? formatUtc(parsed.timestamp * 1000) : undefined],
          ['Last modified', o.lastModified ? formatUtc(o.lastModified) : undefined],
        ]),
        '\nClick to open its records in the viewer.',
      ].join('\n'),
      icon: { id: parsed?.fileFormat === 'parquet' ? 'table' : 'file-zip' },
      contextValue: contextValue('s3Object', { parquet: parsed?.fileFormat === 'parquet', arn: true }),
      collapsible: 'none',
      command: { command: COMMANDS.openS3Object, title: 'Open in Viewer', arguments: [this.ref] },
    };
  }
}
