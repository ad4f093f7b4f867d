import type { Command } from 'commander';
import { KEYS, KEY_NAMES, shownValue } from '../config/keys';
import { configFor } from './settings';
import { colourFor, writeStdout } from './io';
import { configListingTable } from '../report/listings';
import { prettyJson } from '../report/json';
import type { ConfigListing } from '../results/listings';
import { resolveDataHome } from './data-home';
import { locateModel, locateVoicesDir } from './paths';
import { resolveRuntime } from './runtime';

export function registerConfig(program: Command): void {
  program
    .command('config')
    .description('print the effective settings and where each comes from (defaults < override.json < KOKORO_* < flags)')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }, cmd: Command) => {
      const c = await configFor(cmd, false);
      const cwd = process.cwd();
      const home = resolveDataHome(process.env, cwd);
      const model = await locateModel(c.values.model ?? undefined, cwd, home);
      const voices = await locateVoicesDir(c.values.voicesDir ?? undefined, cwd, home);
      const runtime = await resolveRuntime(c.values.runtime, cwd, home);
      const files = { dataFolder: { path: home.dir, why: home.why }, model, voicesDir: voices, runtime: { path: runtime.dir ?? 'bundled onnxruntime-node', why: `runtime = ${c.values.runtime}: ${runtime.label}` } };
      const settings = Object.fromEntries(KEY_NAMES.map((k) => [k, { value: shownValue(k, c.values[k]), source: c.origins[k].layer, detail: c.origins[k].detail }]));
      const listing: ConfigListing = { overrideFile: c.overridePath, files, settings };
      await writeStdout(flags.json ? prettyJson(listing) : configListingTable(listing, Object.fromEntries(KEY_NAMES.map((k) => [k, KEYS[k].env])), colourFor(process.stdout)));
    });
}
