import Table from 'cli-table3';
import { basename } from 'node:path';
import type { ModelsReport } from '../bench/suite-run';
import { fx, ms } from './format';
import { tableOptions } from './table';

/** bench --models: per case, one row per model file, with each file's speed relative to the first. */
export function modelsTable(r: ModelsReport, colour: boolean): string {
  const t = new Table(tableOptions(colour, ['case', 'model', 'RTF median', 'p95', 'wall ms', 'model ms', 'overhead', 'wall / first', 'peak RSS MB']));
  const first = r.reports[0]!;
  for (const [i, c0] of first.cases.entries()) {
    for (const rep of r.reports) {
      const c = rep.cases[i];
      if (!c) continue;
      t.push([c.name, basename(rep.environment.model.path), fx(c.rtf.median), fx(c.rtf.p95), ms(c.wallMs.median), ms(c.stages.modelMs.median), fx(c.overheadRatio.median), fx(c.wallMs.median / c0.wallMs.median), fx(c.peakRssMb, 0)]);
    }
  }
  const e = first.environment;
  return `CPU ${e.cpu.brand}; onnxruntime-node ${e.onnxruntime}; intra-op ${e.session.intraOpNumThreads}; voice ${first.voice}; iterations interleaved across the files\n${t.toString()}\nwall / first: the case's median wall time on that file over the first file's (same run); peak RSS is the process's so far (all files loaded)\n`;
}
