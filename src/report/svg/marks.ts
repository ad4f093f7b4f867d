import type { Plot } from './frame';
import { star, triangle } from './frame';
import { quartiles } from './scale';
import { num, px, tag, text, title } from './text';

/** Deterministic jitter in [-1, 1] for the i-th point of a strip (no Math.random: same input, same file). */
const jitter = (i: number): number => (((i * 0.618034) % 1) * 2 - 1);

export interface StripSpec {
  readonly series: string;
  readonly colour: string;
  /** Category index and offset from its centre, as a fraction of the band. */
  readonly at: number;
  readonly offset: number;
  readonly values: readonly number[];
  /** What each point is, for its tooltip. */
  readonly pointLabel: (v: number, i: number) => string;
  /** A run drawn apart (the cold one), as a triangle. */
  readonly cold?: { readonly value: number; readonly colour: string; readonly label: string };
}

/** Box (quartiles, median, min–max whiskers) with every run as a dot over it. */
export function boxStrip(p: Plot, s: StripSpec): string {
  const cx = p.x(s.at) + s.offset * p.band;
  const w = Math.min(28, p.band * 0.28);
  const q = quartiles(s.values);
  const box = s.values.length
    ? tag('line', { class: 'whisker', x1: cx, x2: cx, y1: p.y(q.min), y2: p.y(q.max), stroke: s.colour })
      + tag('rect', { class: 'box', x: cx - w / 2, y: p.y(q.q3), width: w, height: Math.max(1, p.y(q.q1) - p.y(q.q3)), fill: s.colour, 'fill-opacity': 0.18, stroke: s.colour },
        title(`${s.series}: median ${num(q.median)}, quartiles ${num(q.q1)}–${num(q.q3)}, range ${num(q.min)}–${num(q.max)} (${s.values.length} runs)`))
      + tag('line', { class: 'median', x1: cx - w / 2, x2: cx + w / 2, y1: p.y(q.median), y2: p.y(q.median), stroke: s.colour, 'stroke-width': 2.5 })
    : '';
  const dots = s.values.map((v, i) => tag('circle', { class: 'point', cx: cx + jitter(i) * w * 0.4, cy: p.y(v), r: 3, fill: s.colour, 'fill-opacity': 0.75 }, title(s.pointLabel(v, i)))).join('');
  const cold = s.cold ? tag('path', { class: 'point cold', d: triangle(cx + w / 2 + 7, p.y(s.cold.value), 5), fill: s.cold.colour }, title(s.cold.label)) : '';
  return tag('g', { class: 'series', 'data-series': s.series }, box + dots + cold);
}

export interface BandPoint {
  readonly at: number;
  readonly mid: number;
  readonly lo: number;
  readonly hi: number;
  readonly label: string;
}

/** A line through the points' mids with a shaded band lo–hi (noise) behind it. */
export function lineBand(p: Plot, series: string, colour: string, points: readonly BandPoint[], opts: { marker?: (pt: BandPoint) => boolean } = {}): string {
  const ok = points.filter((pt) => Number.isFinite(pt.mid));
  const up = ok.map((pt) => `${px(p.x(pt.at))} ${px(p.y(Number.isFinite(pt.hi) ? pt.hi : pt.mid))}`);
  const down = ok.map((pt) => `${px(p.x(pt.at))} ${px(p.y(Number.isFinite(pt.lo) ? pt.lo : pt.mid))}`).reverse();
  const band = ok.length > 1 ? tag('path', { class: 'band', d: `M${[...up, ...down].join('L')}Z`, fill: colour, 'fill-opacity': 0.16, stroke: 'none' })
    : ok.filter((pt) => Number.isFinite(pt.lo) && Number.isFinite(pt.hi)).map((pt) => tag('line', { class: 'band', x1: p.x(pt.at), x2: p.x(pt.at), y1: p.y(pt.lo), y2: p.y(pt.hi), stroke: colour, 'stroke-opacity': 0.35, 'stroke-width': 8 })).join('');
  const line = ok.length > 1 ? tag('polyline', { class: 'line', points: ok.map((pt) => `${px(p.x(pt.at))},${px(p.y(pt.mid))}`).join(' '), fill: 'none', stroke: colour, 'stroke-width': 2 }) : '';
  const dots = ok.map((pt) => opts.marker?.(pt)
    ? tag('path', { class: 'point marked', d: star(p.x(pt.at), p.y(pt.mid), 8), fill: colour }, title(pt.label))
    : tag('circle', { class: 'point', cx: p.x(pt.at), cy: p.y(pt.mid), r: 3.5, fill: colour }, title(pt.label))).join('');
  return tag('g', { class: 'series', 'data-series': series }, band + line + dots);
}

/** A horizontal reference across the plot (the CI baseline, ratio 1.0), labelled at one end (or not, for an empty label). */
export function refLine(p: Plot, value: number, label: string, cls: string, colour: string, side: 'left' | 'right' = 'right'): string {
  if (!Number.isFinite(value)) return '';
  return tag('g', { class: cls },
    tag('line', { class: `${cls}-line`, x1: p.left, x2: p.right, y1: p.y(value), y2: p.y(value), stroke: colour, 'stroke-width': 1.5, 'stroke-dasharray': '6 4' }, title(`${label}: ${num(value)}`))
    + (label === '' ? '' : text(side === 'right' ? p.right - 4 : p.left + 4, p.y(value) - 5, `${label} ${num(value)}`, { class: 'ref-label', 'text-anchor': side === 'right' ? 'end' : 'start', fill: colour })));
}

/** A dot at `mid` with a whisker lo–hi, per category. */
export function dotWhisker(p: Plot, series: string, colour: string, points: readonly BandPoint[]): string {
  return tag('g', { class: 'series', 'data-series': series }, points.map((pt) =>
    tag('line', { class: 'whisker', x1: p.x(pt.at), x2: p.x(pt.at), y1: p.y(pt.lo), y2: p.y(pt.hi), stroke: colour, 'stroke-width': 2 })
    + tag('circle', { class: 'point', cx: p.x(pt.at), cy: p.y(pt.mid), r: 5, fill: colour }, title(pt.label))
    + text(p.x(pt.at) + 9, p.y(pt.mid) + 4, num(pt.mid), { class: 'value' })).join(''));
}
