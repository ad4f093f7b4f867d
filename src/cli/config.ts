import type { Command } from 'commander';
import Table from 'cli-table3';
import { KEYS, KEY_NAMES, shownValue } from '../config/keys';
import { configFor } from './settings';
import { colourFor, writeStdout } from './io';
import { tableOptions } from '../report/table';
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
      if (flags.json) {
        const rows = Object.fromEntries(KEY_NAMES.map((k) => [k, { value: shownValue(k, c.values[k]), source: c.origins[k].layer, detail: c.origins[k].detail }]));
        await writeStdout(`${JSON.stringify({ overrideFile: c.overridePath, files, settings: rows }, null, 2)}\n`);
        return;
      }
      const where = [
        `Data folder: ${home.dir} (${home.why})`,
        `Model: ${model ? `${model.path} (${model.why})` : 'none found (kokoro-ts download)'}`,
        `Voices: ${voices.path} (${voices.why})`,
        `Runtime: ${files.runtime.path} (${files.runtime.why})`,
      ];
      await writeStdout(`${where.join('\n')}\n`);
      const t = new Table(tableOptions(colourFor(process.stdout), ['setting', 'value', 'source', 'environment variable']));
      for (const k of KEY_NAMES) {
        const o = c.origins[k];
        t.push([k, JSON.stringify(shownValue(k, c.values[k])), o.layer === 'default' ? 'default' : `${o.layer}: ${o.detail}`, KEYS[k].env]);
      }
      await writeStdout(`Override file: ${c.overridePath}\n${t.toString()}\n`);
    });
}
