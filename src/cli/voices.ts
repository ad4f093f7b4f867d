import type { Command } from 'commander';
import Table from 'cli-table3';
import { describeVoice, listVoiceNames } from '../engine';
import { parseLangFlag } from './lang';
import { VOICE_NAMES } from '../download/registry';
import { resolveVoicesDir } from './paths';
import { resolveDataHome } from './data-home';
import { colourFor, writeStdout } from './io';
import { tableOptions } from '../report/table';
import { configFor } from './settings';

export function registerVoices(program: Command): void {
  program
    .command('voices')
    .description('list the installed voices; --all adds the downloadable ones')
    .option('--voices-dir <dir>', 'folder of voice packs (default: $KOKORO_VOICES_DIR, then ./voices, then the data folder\'s voices/)')
    .option('--all', 'also list the Kokoro v1.0 voices that are not installed (kokoro-ts download --voices NAME)')
    .option('--lang <code>', 'only this language\'s voices, installed or not (a letter or tag: f, fr, ja, pt-br...)')
    .option('--json', 'print JSON instead of a table')
    .action(async (flags: { json?: boolean; all?: boolean; lang?: string }, cmd: Command) => {
      const letter = flags.lang === undefined ? undefined : parseLangFlag(flags.lang);
      const config = await configFor(cmd, false);
      const dir = await resolveVoicesDir(config.values.voicesDir ?? undefined, process.cwd(), resolveDataHome());
      const installed = new Set(await listVoiceNames(dir));
      const every = flags.all || letter !== undefined ? [...new Set([...installed, ...VOICE_NAMES])] : [...installed];
      const names = every.filter((n) => letter === undefined || n.startsWith(letter)).sort();
      const rows = names.map((name) => ({ name, ...describeVoice(name), installed: installed.has(name), downloadable: VOICE_NAMES.includes(name) }));
      if (flags.json) {
        await writeStdout(`${JSON.stringify({ dir, voices: rows }, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        if (letter) return void (await writeStdout(`No voices for ${flags.lang} in ${dir}.\n`));
        await writeStdout(`No voices in ${dir}. Run kokoro-ts download --voices af_heart (or --voices all), or pass --voices-dir.\n`);
        return;
      }
      const t = new Table(tableOptions(colourFor(process.stdout), ['voice', 'language', 'gender', 'installed', 'downloadable']));
      for (const r of rows) t.push([r.name, r.language, r.gender, r.installed ? 'yes' : '-', r.downloadable ? 'yes' : '-']);
      await writeStdout(`Voices in ${dir}:\n${t.toString()}\n`);
    });
}
