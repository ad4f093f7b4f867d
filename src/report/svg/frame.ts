import { linear, niceTicks, type Scale } from './scale';
import { esc, num, px, tag, text } from './text';

/** A legend entry: a swatch of the series' colour and shape. */
export interface LegendItem {
  readonly label: string;
  readonly colour: string;
  readonly shape: 'dot' | 'triangle' | 'box' | 'line' | 'dash' | 'star';
}

/** A chart over categories (cases, files, trials, jobs values) on x and a measured value on y. */
export interface CategoryChart {
  /** data-chart attribute: what the chart shows (tests find charts by it). */
  readonly kind: string;
  readonly title: string;
  readonly categories: readonly string[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly yDomain: readonly [number, number];
  readonly legend?: readonly LegendItem[];
  /** Figures from a stand-in model: labelled on the chart itself. */
  readonly standIn?: boolean;
  /** Shown under the title (what the marks mean). */
  readonly note?: string;
  readonly width?: number;
  readonly height?: number;
}

/** What the chart body draws with: band centres on x, the y scale, the plot box. */
export interface Plot {
  readonly x: (i: number) => number;
  readonly band: number;
  readonly y: Scale;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export const STAND_IN_LABEL = 'STAND-IN model: not Kokoro';

function shape(s: LegendItem['shape'], x: number, y: number, colour: string): string {
  switch (s) {
    case 'dot': return tag('circle', { cx: x, cy: y, r: 4, fill: colour });
    case 'triangle': return tag('path', { d: triangle(x, y, 5), fill: colour });
    case 'star': return tag('path', { d: star(x, y, 6), fill: colour });
    case 'box': return tag('rect', { x: x - 6, y: y - 5, width: 12, height: 10, fill: colour, 'fill-opacity': 0.35, stroke: colour });
    case 'line': return tag('line', { x1: x - 8, y1: y, x2: x + 8, y2: y, stroke: colour, 'stroke-width': 2.5 });
    case 'dash': return tag('line', { x1: x - 8, y1: y, x2: x + 8, y2: y, stroke: colour, 'stroke-width': 2, 'stroke-dasharray': '4 3' });
  }
}

export const triangle = (x: number, y: number, r: number): string => `M${px(x)} ${px(y - r)}L${px(x + r)} ${px(y + r * 0.8)}L${px(x - r)} ${px(y + r * 0.8)}Z`;

export function star(x: number, y: number, r: number): string {
  const p = Array.from({ length: 10 }, (_, i) => {
    const a = (Math.PI / 5) * i - Math.PI / 2;
    const rr = i % 2 ? r * 0.45 : r;
    return `${px(x + rr * Math.cos(a))} ${px(y + rr * Math.sin(a))}`;
  });
  return `M${p.join('L')}Z`;
}

export function legend(items: readonly LegendItem[], x: number, y: number, maxRight: number): string {
  let cx = x;
  let cy = y;
  const parts = items.map((it) => {
    const w = 26 + it.label.length * 6.4;
    if (cx + w > maxRight && cx > x) {
      cx = x;
      cy += 16;
    }
    const g = tag('g', { class: 'legend-item' }, shape(it.shape, cx + 8, cy, it.colour) + text(cx + 20, cy + 4, it.label));
    cx += w;
    return g;
  });
  return tag('g', { class: 'legend' }, parts.join(''));
}

/** Rows the legend will take (so the plot starts below it). */
function legendRows(items: readonly LegendItem[], width: number): number {
  let rows = items.length ? 1 : 0;
  let cx = 0;
  for (const it of items) {
    const w = 26 + it.label.length * 6.4;
    if (cx + w > width && cx > 0) {
      rows++;
      cx = 0;
    }
    cx += w;
  }
  return rows;
}

/** The stand-in label, drawn across the plot: figures from a generated model must not pass for Kokoro's. */
export function standInMark(left: number, right: number, top: number, bottom: number): string {
  return text((left + right) / 2, (top + bottom) / 2, STAND_IN_LABEL, { class: 'stand-in', 'text-anchor': 'middle', 'dominant-baseline': 'middle' });
}

/** Axes, grid, labels, legend and title around `body(plot)`. */
export function categoryChart(c: CategoryChart, body: (p: Plot) => string): string {
  const width = c.width ?? 560;
  const height = c.height ?? 320;
  const rows = legendRows(c.legend ?? [], width - 70);
  const top = 30 + (c.note ? 15 : 0) + rows * 16 + 8;
  const n = Math.max(1, c.categories.length);
  // Labels wider than their band are slanted (one line); otherwise each \n starts a line of its own.
  const slanted = c.categories.some((s) => Math.max(...s.split('\n').map((l) => l.length)) * 6.4 > (width - 76) / n);
  const left = 62;
  const right = width - 14;
  const lines = Math.max(1, ...c.categories.map((s) => s.split('\n').length));
  const bottom = height - (slanted ? 86 : 34 + lines * 13);
  const [d0, d1] = c.yDomain;
  const y = linear(d0, d1, bottom, top);
  const band = (right - left) / n;
  const x = (i: number): number => left + band * (i + 0.5);
  const p: Plot = { x, band, y, left, right, top, bottom };
  const ticks = niceTicks(d0, d1).filter((t) => t >= d0 - 1e-12 && t <= d1 + 1e-12);
  const grid = ticks.map((t) => tag('line', { class: 'grid', x1: left, x2: right, y1: y(t), y2: y(t) }) + text(left - 6, y(t) + 4, num(t), { class: 'tick', 'text-anchor': 'end' })).join('');
  const cats = c.categories.map((s, i) => slanted
    ? text(x(i), bottom + 14, s.replace(/\n/g, ' '), { class: 'tick category', 'text-anchor': 'end', transform: `rotate(-30 ${px(x(i))} ${px(bottom + 14)})` })
    : tag('text', { x: x(i), y: bottom + 16, class: 'tick category', 'text-anchor': 'middle' },
      s.split('\n').map((l, k) => tag('tspan', { x: x(i), dy: k ? 13 : 0 }, esc(l))).join(''))).join('');
  const axes = tag('line', { class: 'axis', x1: left, x2: right, y1: bottom, y2: bottom }) + tag('line', { class: 'axis', x1: left, x2: left, y1: top, y2: bottom });
  const labels = text((left + right) / 2, height - 8, c.xLabel, { class: 'axis-label x', 'text-anchor': 'middle' })
    + text(14, (top + bottom) / 2, c.yLabel, { class: 'axis-label y', 'text-anchor': 'middle', transform: `rotate(-90 14 ${px((top + bottom) / 2)})` });
  const head = text(left, 18, c.title, { class: 'chart-title' }) + (c.note ? text(left, 33, c.note, { class: 'note' }) : '');
  const leg = c.legend?.length ? legend(c.legend, left, 30 + (c.note ? 15 : 0) + 8, right) : '';
  const mark = c.standIn ? standInMark(left, right, top, bottom) : '';
  return tag('svg', { xmlns: 'http://www.w3.org/2000/svg', class: 'chart', 'data-chart': c.kind, width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': c.title },
    `<title>${esc(c.title)}</title>${head}${leg}${grid}${mark}${axes}${cats}${labels}${body(p)}`);
}
