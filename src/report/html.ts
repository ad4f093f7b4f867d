import type { ResultFile, ResultSet } from '../results/types';
import { batchLatency, batchThroughput, overheadRatio, rtfDistribution, runLine, stageSplit } from './html-bench';
import { environmentTable } from './html-env';
import { historyCharts } from './html-history';
import { tuneTemperature, tuneTrials } from './html-tune';
import { describeTrial, tuneSummary } from './tune-rows';
import { esc } from './svg/text';

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a202c; margin: 24px auto; max-width: 1240px; padding: 0 16px; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 4px; border-bottom: 1px solid #cbd5e0; padding-bottom: 3px; }
p.run, p.inputs { color: #4a5568; margin: 2px 0 10px; }
.stand-in-banner { background: #fff5f5; border: 1px solid #feb2b2; color: #9b2c2c; padding: 6px 10px; font-weight: 600; margin: 8px 0; }
table.environment { border-collapse: collapse; font-size: 12px; width: 100%; margin: 6px 0 4px; }
table.environment th, table.environment td { border: 1px solid #e2e8f0; padding: 3px 6px; text-align: left; vertical-align: top; }
table.environment th { background: #f7fafc; font-weight: 600; } .mono { font-family: ui-monospace, Menlo, monospace; }
td.stand-in-cell { color: #c53030; font-weight: 700; }
.column { display: flex; flex-direction: column; gap: 10px; }
.charts { display: flex; flex-wrap: wrap; gap: 14px 22px; align-items: flex-start; }
svg.chart { background: #fff; max-width: 100%; height: auto; font-size: 11px; font-family: inherit; }
svg .chart-title { font-size: 13px; font-weight: 600; fill: #1a202c; } svg .note { fill: #4a5568; font-size: 10.5px; }
svg .grid { stroke: #edf2f7; } svg .axis { stroke: #4a5568; } svg .tick { fill: #4a5568; } svg .axis-label { fill: #2d3748; font-weight: 600; }
svg .stand-in { fill: #c53030; fill-opacity: 0.2; font-size: 24px; font-weight: 800; letter-spacing: 1px; }
svg .value { fill: #2d3748; font-size: 10.5px; } svg .ref-label { font-size: 10.5px; font-weight: 600; }
svg .winner-label { font-weight: 700; } svg .trial-label { font-size: 10.5px; }
.temperature.unavailable { border: 1px dashed #a0aec0; color: #4a5568; padding: 14px 18px; width: 260px; font-weight: 600; }
.temperature small { font-weight: 400; }
pre.summary { background: #f7fafc; padding: 8px 10px; white-space: pre-wrap; font-size: 12.5px; }
`;

const charts = (items: readonly string[]): string => `<div class="charts">${items.join('\n')}</div>`;

function fileSection(f: ResultFile): string {
  const standIn = f.report.environment.model.standIn;
  const banner = standIn ? '<div class="stand-in-banner">STAND-IN model: these figures come from a generated graph that costs like Kokoro but does not speak. They are not Kokoro\'s.</div>' : '';
  const head = (what: string): string => `<section class="result" data-kind="${f.kind}" data-file="${esc(f.source.name)}"><h2>${what}: ${esc(f.source.name)}</h2>`;
  if (f.kind === 'bench') {
    return `${head('bench')}<p class="run">${esc(runLine(f.report, f.source))}</p>${banner}${charts([rtfDistribution(f.report, standIn), `<div class="column">${stageSplit(f.report, standIn)}${overheadRatio(f.report, standIn)}</div>`])}</section>`;
  }
  if (f.kind === 'batch') {
    return `${head('bench --batch')}<p class="run">${esc(runLine(f.report, f.source))}</p>${banner}${charts([batchThroughput(f.batch, standIn), batchLatency(f.batch, standIn)])}</section>`;
  }
  const r = f.report;
  const winner = r.winner === null ? 'no winner' : `winner: ${describeTrial(r.trials[r.winner]!.settings)}`;
  const e = r.environment;
  const line = `${e.model.standIn ? 'STAND-IN model (not Kokoro)' : 'real model'} ${e.model.path.split('/').pop() ?? ''}; case "${r.case.name}"; ${r.trials.length} of ${r.planned} trials; ${winner}; measured ${f.source.time}`;
  return `${head('tune')}<p class="run">${esc(line)}</p>${banner}${charts([tuneTrials(r, standIn), tuneTemperature(r, standIn)])}<pre class="summary">${esc(tuneSummary(r))}</pre></section>`;
}

/**
 * The whole report: one self-contained HTML page (inline styles, inline SVG, no scripts, nothing
 * fetched), environment first, then the history across bench runs, then each input's own charts.
 */
export function renderHtml(set: ResultSet, title = 'kokoro-ts report'): string {
  const history = historyCharts(set);
  const inputs = `${set.files.length} result file${set.files.length === 1 ? '' : 's'}: ${set.files.map((f) => f.source.name).join(', ')}${set.baseline ? `; baseline ${set.baseline.source.name}` : ''}`;
  const historySection = history.length
    ? `<section class="history"><h2>History across bench runs</h2><p class="run">x = each bench file in the order measured (environment time; the file's time for results that lack one), labelled with its git commit. Runs may differ in model and threads: hover a point for its settings.</p>${charts(history)}</section>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kokoro-ts report">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="inputs">${esc(inputs)}</p>
<section class="environments"><h2>Environment</h2>${environmentTable(set)}</section>
${historySection}
${set.files.map(fileSection).join('\n')}
</body>
</html>
`;
}
