import type { Command } from 'commander';
import { resolve } from 'node:path';
import { loadResultSet } from '../results/load';
import type { ResultSet } from '../results/types';
import { renderHtml } from '../report/html';
import { atomicWriteFile } from '../util/fs';
import { KokoroError } from '../util/errors';
import { checkOutputPath, writeStdout } from './io';

interface ReportFlags {
  output: string;
  baseline?: string;
  title?: string;
}

/** Writes the HTML report of `set` to `out` (an absolute path from checkOutputPath, or - for stdout), atomically. */
export async function writeHtmlReport(set: ResultSet, out: string, title?: string): Promise<void> {
  const html = renderHtml(set, title);
  if (out === '-') await writeStdout(html);
  else await atomicWriteFile(out, html);
}

/** --html with --json -: both cannot have stdout. */
export async function htmlPath(html: string | undefined, json: string | null | undefined, cwd: string): Promise<string | null> {
  if (html === undefined) return null;
  if (html === '-' && json === '-') throw new KokoroError('usage', '--html - and --json - cannot both write to stdout', 'write one of them to a file');
  return checkOutputPath(html, cwd);
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
      await writeHtmlReport(set, out, flags.title);
      if (out !== '-') process.stderr.write(`Report: ${resolve(cwd, out)} (${set.files.length} result file${set.files.length === 1 ? '' : 's'}${set.baseline ? `, baseline ${set.baseline.source.name}` : ''})\n`);
    });
}
