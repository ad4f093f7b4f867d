import type { Command } from 'commander';
import { describeVoice, listVoiceNames } from '../engine';
import { parseLangFlag } from './lang';
import { VOICE_NAMES } from '../download/registry';
import { resolveVoicesDir } from './paths';
import { resolveDataHome } from './data-home';
import { colourFor, writeStdout } from './io';
import { voicesListingTable } from '../report/listings';
import { prettyJson } from '../report/json';
import type { VoicesListing } from '../results/listings';
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
      const listing: VoicesListing = { dir, voices: names.map((name) => ({ name, ...describeVoice(name), installed: installed.has(name), downloadable: VOICE_NAMES.includes(name) })) };
      await writeStdout(flags.json ? prettyJson(listing) : voicesListingTable(listing, flags.lang ?? null, colourFor(process.stdout)));
    });
}
