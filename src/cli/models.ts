import type { Command } from 'commander';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { installedModels } from '../download/installed';
import { addDurationsRecorded } from '../download/durations';
import { colourFor, writeStdout } from './io';
import { modelsListingTable } from '../report/listings';
import { prettyJson } from '../report/json';
import type { ModelsListing } from '../results/listings';
import { locateModel, modelPlaces } from './paths';
import { resolveDataHome, resultsIn } from './data-home';
import { configFor } from './settings';
import { hardwareFacts } from '../bench/env';
import { lastMeasured } from '../results/last-rtf';

/** Where `models add-durations IN` writes without OUT: IN's name with -durations, beside it. */
export function durationsPathFor(input: string): string {
  const ext = extname(input) || '.onnx';
  return join(dirname(input), `${basename(input, ext)}-durations${ext}`);
}

export function registerModels(program: Command): void {
  const models = program
    .command('models')
    .description('list installed model files: variant, size, sha256, whether verified; add-durations edits one')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }, cmd: Command) => {
      const cwd = process.cwd();
      const home = resolveDataHome(process.env, cwd);
      const config = await configFor(cmd, false);
      const places = modelPlaces(cwd, home);
      const listed = await installedModels(places.map((p) => p.dir));
      const models = listed.map((r) => ({ ...r, foundIn: places.find((p) => join(p.dir, basename(r.path)) === r.path)?.why ?? null }));
      const listing: ModelsListing = { dataFolder: home, lookedIn: places, inUse: await locateModel(config.values.model ?? undefined, cwd, home), models };
      if (flags.json) return writeStdout(prettyJson(listing));
      // The bench results are read only for a table with rows to put them in.
      const last = models.length ? await lastMeasured([resultsIn(home), join(cwd, 'benchmarks', 'results')], await hardwareFacts()) : new Map();
      await writeStdout(modelsListingTable(listing, last, colourFor(process.stdout)));
    });
  models
    .command('add-durations')
    .description("write a copy of a model that also returns Kokoro's per-token durations (for word timings, captions, pauses); the audio is checked to be bit-identical")
    .argument('<in>', 'model file')
    .argument('[out]', 'where to write (default: IN-durations.onnx beside it; give IN itself to edit in place)')
    .action(async (input: string, output: string | undefined) => {
      const inPath = resolve(process.cwd(), input);
      const outPath = output ? resolve(process.cwd(), output) : durationsPathFor(inPath);
      const r = await addDurationsRecorded(inPath, outPath);
      const checks = r.verified.cases.map((c) => `speed ${c.speed}: ${c.frames} frames x 600 = ${c.samples} samples${c.bitIdentical === true ? ', audio bit-identical' : ''}`).join('; ');
      if (r.status === 'already') process.stderr.write(`${input} already returns durations (${r.outputName}); ${outPath === inPath ? 'left as it is' : `copied to ${outPath}`}. ${checks}\n`);
      else process.stderr.write(`Wrote ${outPath}: output ${r.outputName} ${r.shape} = ${r.tensor} (${r.chain.join(' > ')}). Checked: ${checks}\n`);
    });
}
