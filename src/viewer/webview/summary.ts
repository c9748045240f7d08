/**
 * The summary panel for the current filter: totals, the ACCEPT/REJECT split, a time chart (uPlot) whose
 * bars narrow the time range when clicked (or dragged across), and top lists whose entries filter by
 * their value when clicked.
 */
import uPlot from 'uplot';
import type { FilterState, SummaryData } from '../protocol';
import { el, formatBytes, formatCount, formatTime, icon } from '../../webviewKit';
import { middleEllipsis, plural, shortLabel } from '../../webviewKit/labelText';

export interface SummaryEvents {
  /** Narrow the filter (a top-list entry was clicked). */
  filter(change: Partial<FilterState>): void;
  /** Narrow the time range to `[from, to)` (Unix seconds). */
  time(from: number, to: number): void;
  /** The panel's own hide button was pressed. */
  collapse(): void;
}

/** An entry of a top list: what it shows, its value, its tooltip and the filter a click applies. */
interface TopItem {
  readonly content: readonly (HTMLElement | string)[];
  readonly value: string;
  readonly title: string;
  readonly change: Partial<FilterState>;
}

/** An address with its short label beside it (`10.1.5.112 Instance 1`); long ids are shortened in the middle. */
function endpoint(address: string, label: string | undefined): HTMLElement {
  return el(
    'span',
    { className: 'ep' },
    el('span', { className: 'ep-addr', text: middleEllipsis(address) }),
    label ? el('span', { className: 'ep-label', text: shortLabel(label) }) : null,
  );
}

/** An address and its full label, for a tooltip. */
function described(address: string, label: string | undefined): string {
  return label ? `${address} — ${label}` : address;
}

const CHART_HEIGHT = 150;

/** A theme colour from VS Code's CSS variables, with a fallback for themes that do not define it. */
function themeColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

export class SummaryPanel {
  readonly element: HTMLElement;
  private readonly content: HTMLElement;
  private readonly chartBox: HTMLElement;
  private chart: uPlot | undefined;
  /** What the chart was built for (bucket size, time zone, theme): another value needs a new chart. */
  private chartKey = '';
  private bucket = { start: 0, step: 60, count: 0 };
  private data: SummaryData | undefined;
  private utc = true;

  constructor(private readonly events: SummaryEvents) {
    this.chartBox = el('div', { className: 'chart', attrs: { role: 'img', 'aria-label': 'Records over time, ACCEPT and REJECT' } });
    this.content = el('div', { className: 'summary-content' });
    const hide = el(
      'button',
      { className: 'btn summary-hide', title: 'Hide the summary (the Summary button shows it again)', attrs: { type: 'button', 'aria-label': 'Hide the summary' } },
      icon('chevron-right'),
    );
    hide.addEventListener('click', () => this.events.collapse());
    this.element = el(
      'aside',
      { className: 'summary', attrs: { 'aria-label': 'Summary of the filtered records' } },
      el('div', { className: 'summary-head' }, el('h2', { text: 'Summary' }), hide),
      this.content,
    );
    new ResizeObserver(() => this.resizeChart()).observe(this.element);
    // The theme changes by swapping the body's class: redraw the chart in the new colours.
    new MutationObserver(() => this.drawChart(true)).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  setUtc(utc: boolean): void {
    this.utc = utc;
    if (this.data) {
      this.render(this.data);
    }
  }

  /** Shows a summary (call again for each filter change). */
  render(data: SummaryData): void {
    this.data = data;
    const total = data.accept.records + data.reject.records;
    const acceptShare = total ? data.accept.records / total : 0;
    const split = el('div', { className: 'split-bar', attrs: { role: 'img', 'aria-label': `${Math.round(acceptShare * 100)}% accepted, ${Math.round((1 - acceptShare) * 100)}% rejected` } });
    const accepted = el('span', { className: 'split-accept' });
    const rejected = el('span', { className: 'split-reject' });
    accepted.style.width = `${acceptShare * 100}%`;
    rejected.style.width = `${total ? (1 - acceptShare) * 100 : 0}%`;
    split.append(accepted, rejected);

    const parts: (HTMLElement | null)[] = [
      el(
        'div',
        { className: 'totals' },
        this.stat(data.records === 1 ? 'Record' : 'Records', formatCount(data.records)),
        this.stat(data.packets === 1 ? 'Packet' : 'Packets', formatCount(data.packets)),
        this.stat('Bytes', formatBytes(data.bytes), plural(data.bytes, 'byte')),
      ),
      el(
        'div',
        { className: 'split' },
        this.splitLine('accept', 'pass', 'ACCEPT', data.accept),
        this.splitLine('reject', 'circle-slash', 'REJECT', data.reject),
        data.noData || data.skipData
          ? el('div', { className: 'split-line muted', text: `NODATA ${formatCount(data.noData)} · SKIPDATA ${formatCount(data.skipData)}` })
          : null,
        split,
      ),
      el('h3', { text: 'Over time' }),
      this.chartBox,
      el('p', { className: 'hint', text: 'Click a bar (or drag across bars) to narrow the time range.' }),
      this.list(
        'Top talkers (bytes)',
        data.topTalkers.map((t) => ({
          // Source and destination each keep their label; a narrow panel wraps before the arrow.
          content: [endpoint(t.src, t.srcLabel), el('span', { className: 'ep-to' }, el('span', { className: 'arrow', text: '→' }), endpoint(t.dst, t.dstLabel))],
          value: formatBytes(t.bytes),
          title: `${described(t.src, t.srcLabel)}\n→ ${described(t.dst, t.dstLabel)}\n${plural(t.bytes, 'byte')}, ${plural(t.packets, 'packet')}, ${plural(t.records, 'record')}. Click to filter.`,
          change: { srcaddr: t.src, dstaddr: t.dst },
        })),
      ),
      this.list(
        'Top rejected sources',
        data.topRejectedSources.map((s) => ({
          content: [endpoint(s.address, s.label)],
          value: formatCount(s.records),
          title: `${described(s.address, s.label)}\n${plural(s.records, 'rejected record')}. Click to filter.`,
          change: { srcaddr: s.address, actions: ['REJECT'] },
        })),
      ),
      this.list(
        'Top rejected ports',
        data.topRejectedPorts.map((p) => ({
          content: [el('span', { className: 'ep' }, el('span', { className: 'ep-addr', text: String(p.port) }), p.name ? el('span', { className: 'ep-label', text: p.name }) : null)],
          value: formatCount(p.records),
          title: `${plural(p.records, 'rejected record')} to port ${p.port}${p.name ? ` (${p.name})` : ''}. Click to filter.`,
          change: { dstport: String(p.port), actions: ['REJECT'] },
        })),
      ),
      this.list(
        'Interfaces',
        data.interfaces.map((i) => ({
          content: [endpoint(i.id, i.name)],
          value: formatBytes(i.bytes),
          title: `${i.id}${i.name ? ` — ${i.name}` : ''}\n${plural(i.records, 'record')}, ${formatCount(i.rejected)} rejected, ${plural(i.bytes, 'byte')}. Click to filter.`,
          change: { interfaceId: i.id },
        })),
      ),
    ];
    this.content.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
    this.drawChart();
  }

  private stat(label: string, value: string, title?: string): HTMLElement {
    return el('div', { className: 'stat', ...(title ? { title } : {}) }, el('div', { className: 'stat-value', text: value }), el('div', { className: 'stat-label', text: label }));
  }

  private splitLine(kind: string, iconName: string, label: string, part: SummaryData['accept']): HTMLElement {
    return el(
      'div',
      { className: `split-line ${kind}`, title: `${plural(part.records, 'record')}, ${plural(part.bytes, 'byte')}` },
      icon(iconName),
      el('strong', { text: label }),
      ` ${plural(part.records, 'record')} · ${formatBytes(part.bytes)}`,
    );
  }

  private list(title: string, items: readonly TopItem[]): HTMLElement | null {
    if (items.length === 0) {
      return null;
    }
    const list = el('ol', { className: 'top-list' });
    for (const item of items) {
      const b = el('button', { className: 'top-item', title: item.title, attrs: { type: 'button' } }, el('span', { className: 'top-text' }, ...item.content), el('span', { className: 'top-value', text: item.value }));
      b.addEventListener('click', () => this.events.filter(item.change));
      list.append(el('li', {}, b));
    }
    return el('section', { className: 'top' }, el('h3', { text: title }), list);
  }

  private chartWidth(): number {
    return Math.max(160, this.chartBox.clientWidth || this.element.clientWidth - 24);
  }

  private resizeChart(): void {
    if (this.chart && this.chartBox.isConnected) {
      this.chart.setSize({ width: this.chartWidth(), height: CHART_HEIGHT });
    }
  }

  /**
   * Draws the chart: the uPlot instance is kept and given new data while the buckets' shape allows (a new
   * filter), and rebuilt only for a new theme, time zone or bucket size.
   */
  private drawChart(rebuild = false): void {
    const histogram = this.data?.histogram;
    if (!histogram || histogram.accept.length === 0 || this.element.hidden) {
      this.chart?.destroy();
      this.chart = undefined;
      this.chartKey = '';
      this.chartBox.replaceChildren(el('p', { className: 'hint', text: 'No timed records.' }));
      return;
    }
    const { start, step, accept, reject } = histogram;
    const xs = accept.map((_, i) => start + i * step);
    // Stacked bars: the REJECT series is drawn at ACCEPT + REJECT height first, ACCEPT over its lower part.
    const stacked = reject.map((r, i) => r + (accept[i] ?? 0));
    this.bucket = { start, step, count: xs.length };
    const key = `${step}|${this.utc}|${document.body.className}`;
    if (this.chart && !rebuild && key === this.chartKey) {
      this.chart.setData([xs, stacked, [...accept]]);
      this.chart.over.title = this.chartTitle();
      return;
    }
    this.chart?.destroy();
    this.chartKey = key;
    this.chartBox.replaceChildren();
    const foreground = themeColor('--vscode-foreground', '#ccc');
    const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
    const green = themeColor('--vscode-charts-green', '#89d185');
    const red = themeColor('--vscode-charts-red', '#f14c4c');
    const bars = uPlot.paths.bars?.({ size: [0.9, 40], gap: 1 });
    const utc = this.utc;
    // A drag ends with a click event too: remember that it was a drag so the click does not narrow again.
    let dragged = false;
    const options: uPlot.Options = {
      width: this.chartWidth(),
      height: CHART_HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      tzDate: (ts) => (utc ? uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC') : new Date(ts * 1000)),
      scales: { x: { time: true, range: (_u, min, max) => [min - step / 2, max + step / 2] } },
      axes: [
        { stroke: foreground, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, font: '10px sans-serif' },
        { stroke: foreground, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 40, font: '10px sans-serif' },
      ],
      series: [
        {},
        { label: 'REJECT', stroke: red, fill: red, width: 0, ...(bars ? { paths: bars } : {}), points: { show: false } },
        { label: 'ACCEPT', stroke: green, fill: green, width: 0, ...(bars ? { paths: bars } : {}), points: { show: false } },
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 3) {
              return;
            }
            dragged = true;
            const from = u.posToVal(u.select.left, 'x');
            const to = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            // Snap to whole buckets so the narrowed range matches the bars the user saw.
            const b = this.bucket;
            const first = Math.max(0, Math.round((from - b.start) / b.step));
            const last = Math.min(b.count - 1, Math.round((to - b.start) / b.step));
            if (last >= first) {
              this.events.time(b.start + first * b.step, b.start + (last + 1) * b.step);
            }
          },
        ],
      },
    };
    const chart = new uPlot(options, [xs, stacked, [...accept]], this.chartBox);
    chart.over.addEventListener('click', () => {
      const idx = chart.cursor.idx;
      if (dragged) {
        dragged = false;
        return;
      }
      if (idx !== null && idx !== undefined) {
        const b = this.bucket;
        this.events.time(b.start + idx * b.step, b.start + (idx + 1) * b.step);
      }
    });
    chart.over.title = this.chartTitle();
    this.chart = chart;
  }

  private chartTitle(): string {
    const { start, step } = this.bucket;
    const size = step >= 3600 ? `${step / 3600} h` : step >= 60 ? `${step / 60} min` : `${step} s`;
    return `Buckets of ${size} from ${formatTime(start, this.utc)}${this.utc ? ' UTC' : ''}`;
  }
}
