import { EspeakProcess, MAX_LINE_BYTES } from './espeak';
import { kokoroPunctuationTracked, splitLongLine, splitPunctuation } from './punctuation';
import { TrackedText } from './tracked';
import { alignWords, type WordGroup } from './word-align';

/** Something that turns one line of words into espeak IPA lines (an espeak worker, or a fake in tests). */
export interface LinePhonemizer {
  phonemizeLine(text: string): Promise<string[]>;
}

/** espeak-ng, one worker per espeak voice (en-us, fr-fr, ...), each started on first use. */
export interface EspeakService {
  line(voice: string): Promise<LinePhonemizer>;
  close(): Promise<void>;
}

/** IPA of one stretch of words -> Kokoro symbols (a language's symbol mapping). */
export type SymbolMap = (ipa: string) => string;

/**
 * The words of one stretch (no punctuation) -> Kokoro symbols, tracked. espeak phonemizes the whole
 * stretch at once (it reads words in context) and separates words by spaces. When it gives as many
 * words as the stretch has, each word's phonemes point at that word (and each space at the gap
 * between words). When it runs words together or splits one, each written word is phonemized alone
 * as well and the two are aligned (word-align.ts): a merged group ("and the") points at the words it
 * says; only if that fails does the whole stretch become one group. The phonemes spoken are always
 * the in-context ones.
 */
async function phonemizeWords(line: LinePhonemizer, words: TrackedText, toKokoro: SymbolMap): Promise<TrackedText> {
  const flat = words.replace(/\s+/g, ' ').trim();
  const lines = await Promise.all(splitLongLine(flat.text, MAX_LINE_BYTES).map((l) => line.phonemizeLine(l)));
  const ipa = lines.flat().map((s) => s.trim()).filter(Boolean).join(' ');
  const whole = toKokoro(ipa);
  const spoken = ipa.split(/ +/).filter(Boolean).map(toKokoro);
  const written = [...flat.text.matchAll(/\S+/g)].map((m) => ({ from: m.index, to: m.index + m[0].length, text: m[0] }));
  if (spoken.join(' ') === whole && written.length > 0) {
    let groups: WordGroup[] | null = spoken.length === written.length ? spoken.map((_, i) => ({ spoken: [i, i + 1] as const, written: [i, i + 1] as const })) : null;
    if (!groups) {
      const alone = await Promise.all(written.map(async (w) => toKokoro((await line.phonemizeLine(w.text)).map((s) => s.trim()).filter(Boolean).join(' ')).replace(/ /g, '')));
      groups = alignWords(spoken, alone);
    }
    if (groups) return trackedGroups(flat, spoken, written, groups);
  }
  const [s, e] = flat.spanOf(0, flat.length);
  return TrackedText.uniform(whole, s, e);
}

/** Spoken word groups joined by spaces, each pointing at the written words it says, each space at the gap between groups. */
function trackedGroups(flat: TrackedText, spoken: readonly string[], written: readonly { from: number; to: number }[], groups: readonly WordGroup[]): TrackedText {
  const parts: TrackedText[] = [];
  groups.forEach((g, k) => {
    const first = written[g.written[0]]!;
    const last = written[g.written[1] - 1]!;
    if (k > 0) {
      const prev = written[groups[k - 1]!.written[1] - 1]!;
      parts.push(TrackedText.uniform(' ', flat.spanOf(prev.to, first.from)[0], flat.spanOf(first.from, first.from + 1)[0]));
    }
    const [s, e] = flat.spanOf(first.from, last.to);
    parts.push(TrackedText.uniform(spoken.slice(g.spoken[0], g.spoken[1]).join(' '), s, e));
  });
  return TrackedText.concat(parts);
}

/**
 * One normalized sentence -> Kokoro phonemes, each character pointing at the characters of
 * `text` it came from. The word stretches between punctuation are phonemized (espeak drops
 * punctuation) and the punctuation is put back as Kokoro spells it, since the model uses it for
 * prosody. Pure apart from the line phonemizer it is given.
 */
export async function phonemizeTracked(line: LinePhonemizer, text: string, toKokoro: SymbolMap): Promise<TrackedText> {
  const source = TrackedText.of(text);
  let at = 0;
  const pieces = splitPunctuation(text).map((p) => {
    const from = at;
    at += p.text.length;
    return { ...p, from, tracked: source.slice(from, at) };
  });
  const parts = await Promise.all(
    pieces.map(async (p) => {
      if (p.kind === 'punct') return { punct: true, from: p.from, text: kokoroPunctuationTracked(p.tracked) };
      if (!/[\p{L}\p{N}]/u.test(p.text)) return { punct: false, from: p.from, text: TrackedText.of('') };
      return { punct: false, from: p.from, text: await phonemizeWords(line, p.tracked, toKokoro) };
    }),
  );
  const out: TrackedText[] = [];
  let last = '';
  for (const part of parts) {
    if (part.text.length === 0) continue;
    if (!part.punct && last !== '' && !/[\s“"(—]$/.test(last)) out.push(TrackedText.uniform(' ', part.from, part.from));
    out.push(part.text);
    last = part.text.text;
  }
  return TrackedText.concat(out).replace(/\s+/g, ' ').trim();
}

/** Plain-string form of phonemizeTracked. */
export async function phonemizeWith(line: LinePhonemizer, text: string, toKokoro: SymbolMap): Promise<string> {
  return (await phonemizeTracked(line, text, toKokoro)).text;
}

/** The production espeak service: one espeak-ng WASM worker per espeak voice, created on first use. */
export class EspeakPool implements EspeakService {
  private readonly workers = new Map<string, EspeakProcess>();

  async line(voice: string): Promise<LinePhonemizer> {
    let w = this.workers.get(voice);
    if (!w) {
      w = new EspeakProcess(voice);
      this.workers.set(voice, w);
    }
    await w.ready;
    return w;
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.close()));
    this.workers.clear();
  }
}
