import type { Command } from 'commander';
import Table from 'cli-table3';
import { KEYS, KEY_NAMES, shownValue } from '../config/keys';
import { configFor } from './settings';
import { colourFor, writeStdout } from './io';
import { tableOptions } from '../report/table';

export function registerConfig(program: Command): void {
  program
    .command('config')
    .description('print the effective settings and where each comes from (defaults < override.json < KOKORO_* < flags)')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }, cmd: Command) => {
      const c = await configFor(cmd, false);
      if (flags.json) {
        const rows = Object.fromEntries(KEY_NAMES.map((k) => [k, { value: shownValue(k, c.values[k]), source: c.origins[k].layer, detail: c.origins[k].detail }]));
        await writeStdout(`${JSON.stringify({ overrideFile: c.overridePath, settings: rows }, null, 2)}\n`);
        return;
      }
      const t = new Table(tableOptions(colourFor(process.stdout), ['setting', 'value', 'source', 'environment variable']));
      for (const k of KEY_NAMES) {
        const o = c.origins[k];
        t.push([k, JSON.stringify(shownValue(k, c.values[k])), o.layer === 'default' ? 'default' : `${o.layer}: ${o.detail}`, KEYS[k].env]);
      }
      await writeStdout(`Override file: ${c.overridePath}\n${t.toString()}\n`);
    });
}
