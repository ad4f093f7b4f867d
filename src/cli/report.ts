import type { Command } from 'commander';
import { resolve } from 'node:path';
import { loadResultSet } from '../results/load';
import { renderHtml } from '../report/html';
import { writeOut } from '../report/export';
import { checkOutputPath } from './io';
import { exportIo } from './exports';

interface ReportFlags {
  output: string;
  baseline?: string;
  title?: string;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('charts of bench, bench --batch and tune JSON results (and their history) in one self-contained HTML file')
    .argument('<files...>', 'result JSON files, or folders of them (their *.json files)')
    .option('-o, --output <path>', 'HTML file to write, or - for stdout', 'report.html')
    .option('--baseline <file>', 'bench JSON drawn as the CI baseline in the history charts (default: a baseline*.json among the inputs)')
    .option('--title <text>', 'page title', 'kokoro-ts report')
    .action(async (files: string[], flags: ReportFlags) => {
      const cwd = process.cwd();
      const out = await checkOutputPath(flags.output, cwd);
      const set = await loadResultSet(files, cwd, flags.baseline ? flags.baseline : null);
      await writeOut(exportIo, out, renderHtml(set, flags.title));
      if (out !== '-') process.stderr.write(`Report: ${resolve(cwd, out)} (${set.files.length} result file${set.files.length === 1 ? '' : 's'}${set.baseline ? `, baseline ${set.baseline.source.name}` : ''})\n`);
    });
}
