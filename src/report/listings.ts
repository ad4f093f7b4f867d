import Table from 'cli-table3';
import type { LastMeasured } from '../results/last-rtf';
import type { ConfigListing, ModelsListing, VoicesListing } from '../results/listings';
import { tableOptions } from './table';

/** `models`: where it looked, the default, and one row per file with the last bench RTF measured for it on this CPU. */
export function modelsListingTable(l: ModelsListing, last: ReadonlyMap<string, LastMeasured>, colour: boolean): string {
  const lookedIn = l.lookedIn.map((p) => `${p.dir} (${p.why})`).join(', then ');
  if (l.models.length === 0) return `No model files in ${lookedIn}. Run: kokoro-ts download\n`;
  const t = new Table(tableOptions(colour, ['file', 'found in', 'variant', 'MB', 'sha256', 'verified', 'last RTF here']));
  for (const r of l.models) {
    const m = last.get(r.sha256);
    const rtf = m ? `${m.rtf.toFixed(3)} (${m.caseName}, ${m.threads || 'auto'} threads, ort ${m.onnxruntime}, ${m.timestamp.slice(0, 10)})` : '-';
    t.push([r.path, r.foundIn ?? '-', r.variant, (r.bytes / 1e6).toFixed(1), `${r.sha256.slice(0, 16)}…`, r.verified ?? 'no', rtf]);
  }
  const use = l.inUse ? `In use by default: ${l.inUse.path} (${l.inUse.why})` : 'In use by default: none';
  return `Looked in ${lookedIn}.\n${use}\n${t.toString()}\nlast RTF here: the newest kokoro-ts bench result for the file on this CPU (the data folder's bench-results/, ./benchmarks/results/), its longest case\n`;
}

/** `config`: the files in use, then each setting with its source and its environment variable (`envNames`, by key). */
export function configListingTable(l: ConfigListing, envNames: Readonly<Record<string, string>>, colour: boolean): string {
  const f = l.files;
  const t = new Table(tableOptions(colour, ['setting', 'value', 'source', 'environment variable']));
  for (const [k, s] of Object.entries(l.settings)) t.push([k, JSON.stringify(s.value), s.source === 'default' ? 'default' : `${s.source}: ${s.detail}`, envNames[k] ?? '']);
  return [
    `Data folder: ${f.dataFolder.path} (${f.dataFolder.why})`,
    `Model: ${f.model ? `${f.model.path} (${f.model.why})` : 'none found (kokoro-ts download)'}`,
    `Voices: ${f.voicesDir.path} (${f.voicesDir.why})`,
    `Runtime: ${f.runtime.path} (${f.runtime.why})`,
    `Override file: ${l.overrideFile}`,
    `${t.toString()}\n`,
  ].join('\n');
}

/** `voices`: a row per voice; `lang` is the --lang the list was cut to, for the message when it is empty. */
export function voicesListingTable(l: VoicesListing, lang: string | null, colour: boolean): string {
  if (l.voices.length === 0) {
    return lang !== null ? `No voices for ${lang} in ${l.dir}.\n` : `No voices in ${l.dir}. Run kokoro-ts download --voices af_heart (or --voices all), or pass --voices-dir.\n`;
  }
  const t = new Table(tableOptions(colour, ['voice', 'language', 'gender', 'installed', 'downloadable']));
  for (const r of l.voices) t.push([r.name, r.language, r.gender, r.installed ? 'yes' : '-', r.downloadable ? 'yes' : '-']);
  return `Voices in ${l.dir}:\n${t.toString()}\n`;
}
