import type { Environment } from '../bench/types';
import type { ResultSet, ResultSource } from '../results/types';
import { esc } from './svg/text';

interface Row {
  readonly source: ResultSource;
  readonly kind: string;
  readonly env: Environment;
}

const cell = (s: string, cls?: string, tip?: string): string => `<td${cls ? ` class="${cls}"` : ''}${tip ? ` title="${esc(tip)}"` : ''}>${esc(s)}</td>`;

function row(r: Row): string {
  const e = r.env;
  const simd = Object.entries(e.simd ?? {}).filter(([, v]) => v).map(([k]) => k.toUpperCase()).join('/') || 'none';
  const threads = `intra ${e.session.intraOpNumThreads || 'auto'}, inter ${e.session.interOpNumThreads}, ${e.session.executionMode}`;
  return `<tr>${[
    cell(r.source.name, 'file', r.source.path),
    cell(r.kind),
    cell(`${r.source.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}${r.source.timeFrom === 'mtime' ? ' (file time)' : ''}`),
    cell(e.gitCommit ? e.gitCommit.slice(0, 10) : '-', 'mono', e.gitCommit ?? 'no git commit recorded'),
    cell(e.cpu.brand, undefined, e.cpu.id ?? ''),
    cell(`${e.cpu.physicalCores} / ${e.cpu.logicalCores}`),
    cell(simd),
    cell(e.os),
    cell(`Node ${e.node}, onnxruntime-node ${e.onnxruntime}`),
    cell(e.model.path.split('/').pop() ?? e.model.path, 'file', e.model.path),
    cell(`${e.model.sha256.slice(0, 12)}…`, 'mono', e.model.sha256),
    e.model.standIn ? cell('STAND-IN (not Kokoro)', 'stand-in-cell') : cell('real'),
    cell(threads),
  ].join('')}</tr>`;
}

/** The environment of every input, above the charts: what the figures were measured on. */
export function environmentTable(set: ResultSet): string {
  const rows: Row[] = set.files.map((f) => ({ source: f.source, kind: f.kind === 'bench' ? 'bench' : f.kind === 'batch' ? 'bench --batch' : 'tune', env: f.report.environment }));
  if (set.baseline) rows.push({ source: set.baseline.source, kind: 'CI baseline', env: set.baseline.report.environment });
  const head = ['file', 'kind', 'measured', 'git commit', 'CPU', 'cores (phys / logical)', 'SIMD', 'OS', 'runtime', 'model', 'sha256', 'model kind', 'session threads'];
  return `<table class="environment"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map(row).join('')}</tbody></table>`;
}
