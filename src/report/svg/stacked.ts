import { esc, num, tag, text, title } from './text';
import { legend, standInMark, type LegendItem } from './frame';

export interface StackPart {
  readonly label: string;
  readonly colour: string;
}

export interface StackRow {
  readonly label: string;
  /** One value per part, in the parts' order. */
  readonly values: readonly number[];
}

export interface StackedChart {
  readonly kind: string;
  readonly title: string;
  readonly parts: readonly StackPart[];
  readonly rows: readonly StackRow[];
  /** Unit of the values, for the labels ("ms"). */
  readonly unit: string;
  readonly xLabel: string;
  readonly standIn?: boolean;
  readonly width?: number;
}

/** Horizontal bars, one per row, split into parts as shares of the row's total; the values written beside. */
export function stackedBars(c: StackedChart): string {
  const width = c.width ?? 560;
  const left = 70;
  const right = width - 14;
  const top = 50;
  const barH = 20;
  const gap = 26;
  const bottom = top + c.rows.length * (barH + gap);
  const height = bottom + 34;
  const scale = (f: number): number => left + f * (right - left);
  const rows = c.rows.map((r, ri) => {
    const total = r.values.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0) || 1;
    const y = top + ri * (barH + gap);
    let acc = 0;
    const segs = r.values.map((v, i) => {
      const part = c.parts[i]!;
      const f0 = acc / total;
      acc += Number.isFinite(v) ? v : 0;
      const w = Math.max(0, scale(acc / total) - scale(f0));
      return tag('rect', { class: 'segment', 'data-part': part.label, x: scale(f0), y, width: Math.max(w, v > 0 ? 1.5 : 0), height: barH, fill: part.colour },
        title(`${r.label} ${part.label}: ${num(v)} ${c.unit} (${((v / total) * 100).toFixed(1)}%)`));
    }).join('');
    const detail = r.values.map((v, i) => `${c.parts[i]!.label} ${num(v)} ${c.unit} (${((v / total) * 100).toFixed(1)}%)`).join(' · ');
    return tag('g', { class: 'series', 'data-series': r.label },
      text(left - 6, y + barH / 2 + 4, r.label, { class: 'tick category', 'text-anchor': 'end' }) + segs
      + text(left, y + barH + 13, detail, { class: 'value' }));
  }).join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => tag('line', { class: 'grid', x1: scale(f), x2: scale(f), y1: top - 4, y2: bottom }) + text(scale(f), bottom + 12, `${f * 100}%`, { class: 'tick', 'text-anchor': 'middle' })).join('');
  const items: LegendItem[] = c.parts.map((p) => ({ label: p.label, colour: p.colour, shape: 'box' }));
  return tag('svg', { xmlns: 'http://www.w3.org/2000/svg', class: 'chart', 'data-chart': c.kind, width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': c.title },
    `<title>${esc(c.title)}</title>${text(left, 18, c.title, { class: 'chart-title' })}${legend(items, left, 36, right)}${ticks}`
    + (c.standIn ? standInMark(left, right, top, bottom) : '') + rows
    + text((left + right) / 2, height - 6, c.xLabel, { class: 'axis-label x', 'text-anchor': 'middle' })
  );
}
