import type { Command } from 'commander';
import Table from 'cli-table3';
import { describeVoice, listVoiceNames } from '../engine';
import { VOICE_NAMES } from '../download/registry';
import { resolveVoicesDir } from './paths';
import { colourFor, writeStdout } from './io';
import { tableOptions } from '../report/table';
import { configFor } from './settings';

export function registerVoices(program: Command): void {
  program
    .command('voices')
    .description('list the installed voices; --all adds the downloadable ones')
    .option('--voices-dir <dir>', 'folder of voice packs (default: $KOKORO_VOICES_DIR, then voices/)')
    .option('--all', 'also list the Kokoro v1.0 voices that are not installed (kokoro-ts download --voices NAME)')
    .option('--json', 'print JSON instead of a table')
    .action(async (flags: { json?: boolean; all?: boolean }, cmd: Command) => {
      const config = await configFor(cmd, false);
      const dir = await resolveVoicesDir(config.values.voicesDir ?? undefined, process.cwd());
      const installed = new Set(await listVoiceNames(dir));
      const names = flags.all ? [...new Set([...installed, ...VOICE_NAMES])].sort() : [...installed].sort();
      const rows = names.map((name) => ({ name, ...describeVoice(name), installed: installed.has(name), downloadable: VOICE_NAMES.includes(name) }));
      if (flags.json) {
        await writeStdout(`${JSON.stringify({ dir, voices: rows }, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        await writeStdout(`No voices in ${dir}. Run kokoro-ts download --voices af_heart (or --voices all), or pass --voices-dir.\n`);
        return;
      }
      const t = new Table(tableOptions(colourFor(process.stdout), ['voice', 'language', 'gender', 'installed', 'downloadable']));
      for (const r of rows) t.push([r.name, r.language, r.gender, r.installed ? 'yes' : '-', r.downloadable ? 'yes' : '-']);
      await writeStdout(`Voices in ${dir}:\n${t.toString()}\n`);
    });
}
