import type { Command } from 'commander';
import Table from 'cli-table3';
import { describeVoice, listVoiceNames } from '../engine';
import { resolveVoicesDir } from './paths';
import { writeStdout } from './io';
import { configFor } from './settings';

export function registerVoices(program: Command): void {
  program
    .command('voices')
    .description('list the installed voices')
    .option('--voices-dir <dir>', 'folder of voice packs (default: $KOKORO_VOICES_DIR, then voices/)')
    .option('--json', 'print JSON instead of a table')
    .action(async (flags: { json?: boolean }, cmd: Command) => {
      const config = await configFor(cmd, false);
      const dir = await resolveVoicesDir(config.values.voicesDir ?? undefined, process.cwd());
      const rows = (await listVoiceNames(dir)).map((name) => ({ name, ...describeVoice(name) }));
      if (flags.json) {
        await writeStdout(`${JSON.stringify({ dir, voices: rows }, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        await writeStdout(`No voices in ${dir}. Put voice packs (NAME.bin) there or pass --voices-dir.\n`);
        return;
      }
      const t = new Table({ head: ['voice', 'language', 'gender'] });
      for (const r of rows) t.push([r.name, r.language, r.gender]);
      await writeStdout(`Voices in ${dir}:\n${t.toString()}\n`);
    });
}
