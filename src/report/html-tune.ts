import { basename } from 'node:path';
import type { TuneReport, TuneTrial } from '../tune/types';
import { hottest } from '../tune/types';
import { categoryChart, star } from './svg/frame';
import { boxStrip, dotWhisker, refLine } from './svg/marks';
import { COLOUR } from './svg/palette';
import { domainOf } from './svg/scale';
import { num, tag, text } from './svg/text';

/** "intra 2 · seq", "auto · par · inter 2". */
export function trialLabel(t: TuneTrial): string {
  const s = t.settings;
  const intra = s.intraOpNumThreads === 0 ? 'auto' : `intra ${s.intraOpNumThreads}`;
  const variant = [s.modelPath !== undefined ? basename(s.modelPath).replace(/\.onnx$/, '') : '', s.maxChunkTokens !== undefined ? `chunks ${s.maxChunkTokens}` : '', s.sessions !== undefined ? `sessions ${s.sessions}` : ''].filter(Boolean).join(' · ');
  const threads = s.executionMode === 'parallel' ? `${intra} · par\ninter ${s.interOpNumThreads}` : `${intra}\nsequential`;
  return variant ? `${variant}\n${threads}` : threads;
}

/** RTF of every run of every trial (box + strip), the winner in green with a star and its name above. */
export function tuneTrials(r: TuneReport, standIn: boolean): string {
  const rtf = r.trials.map((t) => t.result.samples.wallMs.map((v) => v / 1000 / t.result.audioSeconds));
  const domain = domainOf([...rtf.flat(), ...r.trials.map((t) => t.result.rtf.median)], { zero: true });
  return categoryChart({
    kind: 'tune-trials',
    title: `RTF per thread setting, case "${r.case.name}" (lower is faster)`,
    note: `${r.iterations} runs after ${r.warmup} warm-up per trial; ≈ best = within noise of the best`,
    categories: r.trials.map(trialLabel),
    xLabel: 'ONNX Runtime setting (trial)',
    yLabel: 'RTF (synthesis s / audio s)',
    yDomain: [domain[0], domain[1] * 1.12],
    standIn,
    legend: [
      { label: 'runs of a trial', colour: COLOUR.warm, shape: 'dot' },
      { label: 'winner', colour: COLOUR.winner, shape: 'star' },
      ...(r.trials.some((t) => t.hot) ? [{ label: 'HOT (may be throttled)', colour: COLOUR.hot, shape: 'dot' as const }] : []),
    ],
  }, (p) => r.trials.map((t, i) => {
    const won = i === r.winner;
    const colour = won ? COLOUR.winner : t.hot ? COLOUR.hot : COLOUR.warm;
    const marks = [won ? 'WINNER' : r.tied.includes(i) ? '≈ best' : '', t.current ? 'current' : ''].filter(Boolean).join(' · ');
    const top = p.y(Math.max(...rtf[i]!, t.result.rtf.median)) - 12;
    const label = marks ? text(p.x(i), top, marks, { class: won ? 'winner-label' : 'trial-label', 'text-anchor': 'middle', fill: colour }) : '';
    const starMark = won ? tag('path', { class: 'winner', d: star(p.x(i), top - 18, 8), fill: COLOUR.winner }) : '';
    return boxStrip(p, {
      series: trialLabel(t).replace('\n', ' '), colour, at: i, offset: 0, values: rtf[i]!,
      pointLabel: (v, k) => `${trialLabel(t).replace('\n', ' ')} run ${k + 1}: RTF ${num(v)}`,
    }) + label + starMark;
  }).join(''));
}

/** CPU temperature before and after each trial (hottest reading), with the guard's limit; or a plain "unavailable". */
export function tuneTemperature(r: TuneReport, standIn: boolean): string {
  if (r.temperature === 'unavailable') {
    return `<div class="temperature unavailable" data-chart="tune-temperature">temperature: unavailable<br><small>this machine has no sensor that can be read: no thermal guard was possible, and no readings are made up</small></div>`;
  }
  const before = r.trials.map((t) => hottest(t.before));
  const after = r.trials.map((t) => hottest(t.after));
  const v = [...before, ...after].filter((x): x is number => x !== null);
  return categoryChart({
    kind: 'tune-temperature',
    title: 'CPU temperature around each trial (hottest sensor)',
    note: `dot = after the trial, whisker from the reading before; the sweep pauses at ${r.guard.maxTempC} °C`,
    categories: r.trials.map(trialLabel),
    xLabel: 'trial',
    yLabel: 'temperature (°C)',
    yDomain: domainOf(v, { include: [r.guard.maxTempC] }),
    standIn,
    width: 420,
  }, (p) => refLine(p, r.guard.maxTempC, 'pause at', 'reference', COLOUR.hot)
    + dotWhisker(p, 'temperature', COLOUR.cold, r.trials.map((t, i) => ({
      at: i, mid: after[i] ?? NaN, lo: Math.min(before[i] ?? NaN, after[i] ?? NaN), hi: Math.max(before[i] ?? NaN, after[i] ?? NaN),
      label: `${trialLabel(t).replace('\n', ' ')}: ${before[i] ?? 'n/a'} → ${after[i] ?? 'n/a'} °C`,
    })).filter((pt) => Number.isFinite(pt.mid))));
}
