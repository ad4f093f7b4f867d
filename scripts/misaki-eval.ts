/**
 * Compares kokoro-ts's English phonemes with misaki's (test/fixtures/misaki-en/reference.json, made by
 * scripts/misaki-reference.py): phoneme error rate of the espeak path and the misaki path, en-us and
 * en-gb, and how many homograph sentences say the homograph as misaki does.
 *   npm run build && node dist/scripts/misaki-eval.js [--diff]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib';
import type { FrontEnd } from '../src/text/frontend';
import { englishFrontEnd } from '../src/text/lang/english';
import { englishMisakiFrontEnd } from '../src/text/lang/english-misaki';
import type { Dialect } from '../src/text/kokoro-phonemes';
import { phonemeErrors } from '../src/text/phoneme-error';
import { EspeakPool } from '../src/text/phonemize';
import { TrackedText } from '../src/text/tracked';

export interface ReferenceSentence {
  readonly kind: string;
  readonly word: string | null;
  readonly text: string;
  readonly normalized: string;
  readonly us: string;
  readonly gb: string;
  readonly usRaw: string;
  readonly gbRaw: string;
  readonly usTokens: [string, string, string][];
  readonly gbTokens: [string, string, string][];
}

export const REFERENCE_DIR = join(ROOT, 'test', 'fixtures', 'misaki-en');

export function loadReference(): ReferenceSentence[] {
  return (JSON.parse(readFileSync(join(REFERENCE_DIR, 'reference.json'), 'utf8')) as { sentences: ReferenceSentence[] }).sentences;
}

/**
 * Where kokoro-ts reads the raw text otherwise than misaki on purpose (its normalizer), by name; a
 * sentence matching one is left out of the raw-text PER only. The main PER compares the same
 * normalized words, so needs no exclusions.
 */
export const DELIBERATE_DIFFERENCES: readonly { readonly name: string; readonly match: RegExp }[] = [
  { name: 'units: km, kg, °C... read as words (misaki spells the letters)', match: /\d\s?(?:km|kg|m|cm|mm|°[CF]?|%)(?![\w])/ },
  { name: 'times: 3:30 pm -> three thirty p m, 9:00 -> nine o\'clock', match: /\d:\d\d|\d\s?[ap]m\b/i },
  { name: 'years and decades: 1990 -> nineteen ninety, 1960s -> nineteen sixties', match: /\b1[1-9]\d\d|\b20\d\d/ },
  { name: 'money with magnitudes and pence: £1.2m, 50 cents, €15.75', match: /[$£€]\s?\d[\d,.]*\s?[mbk]?\b/i },
  { name: 'decimals and long numbers: 3.14159 -> three point one four one five nine', match: /\d\.\d|\d,\d\d\d/ },
  { name: 'ordinals: 21st, 4th', match: /\d(?:st|nd|rd|th)\b/ },
  { name: 'abbreviations: Dr., St., Mt., Prof., Sgt., e.g., i.e., etc., vs.', match: /\b(?:Dr|St|Mt|Prof|Sgt|Mr|Mrs|vs|etc)\.|\be\.g\.|\bi\.e\./ },
  { name: 'e-mail addresses and URLs spelled', match: /@|https?:\/\// },
  { name: 'negative numbers: -5 -> minus five', match: /(?<![\w-])-\d/ },
];

async function phonemesOf(fe: FrontEnd, text: string, espeak: EspeakPool): Promise<TrackedText[]> {
  const line = await espeak.line(fe.espeakVoice);
  return Promise.all(fe.splitSentences(fe.normalize(TrackedText.of(text))).map((s) => fe.phonemize(s.text, line)));
}

/** The phonemes spoken for the first occurrence of `word` (case-insensitive) in `text`, from tracked output. */
export function wordPhonemes(text: string, tracked: readonly TrackedText[], word: string): string | null {
  const m = new RegExp(`\\b${word}\\b`, 'i').exec(text);
  if (!m) return null;
  for (const t of tracked) {
    let out = '';
    for (let i = 0; i < t.length; i++) {
      const [s, e] = t.rangeAt(i);
      if (s >= m.index && e <= m.index + word.length && e > s) out += t.text[i];
    }
    if (out) return out.trim();
  }
  return null;
}

export interface PathFigures {
  edits: number;
  tokens: number;
  rawEdits: number;
  rawTokens: number;
  /** Homograph sentences the tag rules were written against ('homographs'). */
  homographsRight: number;
  homographs: number;
  /** Homograph sentences written after the rules, not used to write them ('homographs-heldout'). */
  heldoutRight: number;
  heldout: number;
  identical: number;
  sentences: number;
  /** Sentences kokoro-ts now normalizes otherwise than when the reference was recorded: left out of the main PER. */
  stale: string[];
  diffs: string[];
}

/** One path (espeak or misaki) and dialect against the reference. */
export async function evaluate(path: 'espeak' | 'misaki', dialect: Dialect, sentences: readonly ReferenceSentence[], espeak: EspeakPool): Promise<PathFigures> {
  const fe = path === 'misaki' ? englishMisakiFrontEnd(dialect) : englishFrontEnd(dialect);
  const key = dialect === 'en-us' ? 'us' : 'gb';
  const f: PathFigures = { edits: 0, tokens: 0, rawEdits: 0, rawTokens: 0, homographsRight: 0, homographs: 0, heldoutRight: 0, heldout: 0, identical: 0, sentences: 0, stale: [], diffs: [] };
  for (const s of sentences) {
    const tracked = await phonemesOf(fe, s.text, espeak);
    const ours = tracked.map((t) => t.text).join(' ');
    const ref = s[key];
    // misaki read the words we wrote then; where we now write other words, its reading of the old ones is no reference.
    const normalized = fe.normalize(TrackedText.of(s.text)).text;
    if (normalized !== s.normalized) f.stale.push(`${s.normalized} -> ${normalized}`);
    else {
      const e = phonemeErrors(ours, ref);
      f.edits += e.edits;
      f.tokens += e.length;
      f.sentences++;
      if (e.edits === 0) f.identical++;
      else f.diffs.push(`${s.normalized}\n  ours ${ours}\n  ref  ${ref.replace(/\s+/g, ' ').trim()}`);
    }
    if (!DELIBERATE_DIFFERENCES.some((d) => d.match.test(s.text))) {
      const r = phonemeErrors(ours, s[`${key}Raw`]);
      f.rawEdits += r.edits;
      f.rawTokens += r.length;
    }
    if (s.word) {
      const heldout = s.kind === 'homographs-heldout';
      if (heldout) f.heldout++;
      else f.homographs++;
      const refWord = s[`${key}Tokens`].find(([t]) => t.toLowerCase() === s.word)?.[2];
      const ourWord = wordPhonemes(s.normalized, tracked, s.word);
      if (refWord !== undefined && ourWord === refWord) {
        if (heldout) f.heldoutRight++;
        else f.homographsRight++;
      } else f.diffs.push(`HOMOGRAPH ${s.word}: ${s.text}: ours ${ourWord} ref ${refWord}`);
    }
  }
  return f;
}

const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(2)}%`;

async function main(): Promise<void> {
  const sentences = loadReference();
  const espeak = new EspeakPool();
  const showDiff = process.argv.includes('--diff');
  console.log(`${sentences.length} sentences, ${sentences.filter((s) => s.word).length} of them homograph sentences; reference: misaki 0.9.4 on kokoro-ts's normalized text`);
  console.log('path    dialect  PER     PER(raw, named exclusions)  identical  homographs  held-out homographs  stale');
  for (const dialect of ['en-us', 'en-gb'] as const) {
    for (const path of ['espeak', 'misaki'] as const) {
      const f = await evaluate(path, dialect, sentences, espeak);
      console.log(`${path.padEnd(7)} ${dialect}    ${pct(f.edits, f.tokens).padEnd(7)} ${pct(f.rawEdits, f.rawTokens).padEnd(27)} ${String(f.identical).padEnd(10)} ${`${f.homographsRight}/${f.homographs}`.padEnd(11)} ${`${f.heldoutRight}/${f.heldout}`.padEnd(20)} ${f.stale.length}`);
      if (showDiff && path === 'misaki') console.log([...f.diffs, ...f.stale.map((x) => `STALE ${x}`)].join('\n'));
    }
  }
  await espeak.close();
}
if (require.main === module) void main();
