import { join } from 'node:path';
import type { ExportIo, ExportPlan } from '../report/export';
import { atomicWriteFile } from '../util/fs';
import { KokoroError } from '../util/errors';
import { checkOutputPath, colourFor, writeStdout, writeTo } from './io';
import { checkDataDirWritable } from './paths';
import { resolveDataHome, resultsIn } from './data-home';

/**
 * --json, --markdown and --html resolved and their folders checked before any work. `defaultJson`:
 * without --json the JSON goes to the data folder's bench-results/NAME-TIMESTAMP.json (bench), or
 * nowhere (null: tune).
 */
export async function resolveExports(f: { json?: string; markdown?: string; html?: string }, cwd: string, defaultJson: string | null): Promise<ExportPlan> {
  let json: string | null = null;
  if (f.json) json = await checkOutputPath(f.json, cwd);
  else if (defaultJson !== null) {
    const home = resolveDataHome(process.env, cwd);
    const dir = resultsIn(home);
    checkDataDirWritable(dir, home);
    json = join(dir, `${defaultJson}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  }
  const markdown = f.markdown ? await checkOutputPath(f.markdown, cwd) : null;
  if (f.html === '-' && f.json === '-') throw new KokoroError('usage', '--html - and --json - cannot both write to stdout', 'write one of them to a file');
  const html = f.html === undefined ? null : await checkOutputPath(f.html, cwd);
  return { json, markdown, html };
}

/** The exporters' writes: files atomically, the streams as the process has them. */
export const exportIo: ExportIo = {
  writeFile: atomicWriteFile,
  stdout: writeStdout,
  stderr: (text) => writeTo(process.stderr, text),
  colour: (stream) => colourFor(stream === 'stdout' ? process.stdout : process.stderr),
};
