/**
 * Charts of query results: horizontal bars for `stats ... by` (labels stay readable however long the
 * address pairs are), and a uPlot line chart for `stats ... by bin()`. Labels are text nodes, never markup.
 */
import { el, formatBytes, formatCount, formatTime } from '../../webviewKit';
import uPlot from 'uplot';
import type { BarChart, ChartData, ResultColumnKind, TimeChart } from '../core/results';

const HEIGHT = 180;

function themeColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

function formatValue(kind: ResultColumnKind, value: number): string {
  return kind === 'bytes' ? formatBytes(value) : Number.isInteger(value) ? formatCount(value) : value.toFixed(2);
}

export class ResultsChart {
  readonly element: HTMLElement;
  private plot: uPlot | undefined;
  private data: ChartData | null = null;

  /** @param select called with a result row index when a bar is clicked. */
  constructor(private readonly select: (row: number) => void) {
    this.element = el('section', { className: 'insights-chart', attrs: { 'aria-label': 'Chart of the results' } });
    new ResizeObserver(() => this.resize()).observe(this.element);
    // Themes change by swapping the body's class: redraw in the new colours.
    new MutationObserver(() => this.render(this.data)).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  /** Shows a chart (or hides the section for null). */
  render(data: ChartData | null): void {
    this.data = data;
    this.plot?.destroy();
    this.plot = undefined;
    this.element.replaceChildren();
    this.element.hidden = data === null;
    this.element.dataset['chart'] = data?.kind ?? 'none';
    if (data?.kind === 'bar') {
      this.renderBars(data);
    } else if (data?.kind === 'time') {
      this.renderTime(data);
    }
  }

  private renderBars(data: BarChart): void {
    const max = Math.max(1, ...data.bars.map((b) => b.value));
    const list = el('ol', { className: 'bars', attrs: { 'aria-label': `${data.valueField} by group` } });
    for (const bar of data.bars) {
      const share = Math.max(0, bar.value) / max;
      const value = formatValue(data.valueKind, bar.value);
      const item = el(
        'li',
        {},
        el(
          'button',
          { className: 'bar', title: `${bar.label}: ${value} (${data.valueField})`, attrs: { type: 'button', 'aria-label': `${bar.label}: ${value}` } },
          el('span', { className: 'bar-label', text: bar.label }),
          el('span', { className: 'bar-track' }, el('span', { className: 'bar-fill' })),
          el('span', { className: 'bar-value', text: value }),
        ),
      );
      (item.querySelector('.bar-fill') as HTMLElement).style.width = `${(share * 100).toFixed(2)}%`;
      item.querySelector('button')!.addEventListener('click', () => this.select(bar.row));
      list.append(item);
    }
    this.element.append(el('h2', { className: 'chart-title', text: data.valueField }), list);
  }

  private renderTime(data: TimeChart): void {
    const box = el('div', { className: 'time-chart', attrs: { role: 'img', 'aria-label': `${data.series.map((s) => s.field).join(', ')} over time` } });
    this.element.append(el('h2', { className: 'chart-title', text: `${data.series.map((s) => s.field).join(', ')} by ${data.timeField}` }), box);
    const palette = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-yellow'];
    const fallbacks = ['#3794ff', '#d18616', '#388a34', '#b180d7', '#e51400', '#cca700'];
    const foreground = themeColor('--vscode-foreground', '#888');
    const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
    const kind = data.series[0]?.kind ?? 'number';
    const options: uPlot.Options = {
      width: Math.max(200, this.element.clientWidth - 8),
      height: HEIGHT,
      legend: { show: data.series.length > 1 },
      cursor: { drag: { x: false, y: false } },
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      axes: [
        { stroke: foreground, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
        { stroke: foreground, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 84, values: (_u, vals) => vals.map((v) => formatValue(kind, v)) },
      ],
      series: [
        { value: (_u, v) => (v === null ? '' : `${formatTime(v, true)} UTC`) },
        ...data.series.map((s, i) => ({
          label: s.field,
          stroke: themeColor(palette[i % palette.length]!, fallbacks[i % fallbacks.length]!),
          width: 2,
          points: { show: data.times.length < 60 },
          value: (_u: uPlot, v: number | null) => (v === null ? '-' : formatValue(s.kind, v)),
        })),
      ],
    };
    this.plot = new uPlot(options, [[...data.times], ...data.series.map((s) => [...s.values])], box);
  }

  private resize(): void {
    if (this.plot) {
      this.plot.setSize({ width: Math.max(200, this.element.clientWidth - 8), height: HEIGHT });
    }
  }
}
