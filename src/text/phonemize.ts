import { EspeakProcess, MAX_LINE_BYTES } from './espeak';
import { espeakToKokoro, type Dialect } from './kokoro-phonemes';
import { kokoroPunctuation, splitLongLine, splitPunctuation } from './punctuation';

export type { Dialect } from './kokoro-phonemes';

/** Text (already normalized) -> Kokoro phonemes, for one dialect. */
export interface Phonemizer {
  phonemize(text: string, dialect: Dialect): Promise<string>;
  /** Optional: get ready for a dialect ahead of first use. */
  warm?(dialect: Dialect): Promise<void>;
  close(): Promise<void>;
}

/** Something that turns one line of words into espeak IPA lines (the worker, or a fake in tests). */
export interface LinePhonemizer {
  phonemizeLine(text: string): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Phonemizes the word stretches of a text and keeps its punctuation, then applies Kokoro's
 * post-processing. Pure apart from the line phonemizer it is given.
 */
export async function phonemizeWith(line: LinePhonemizer, text: string, dialect: Dialect): Promise<string> {
  const pieces = splitPunctuation(text);
  const parts = await Promise.all(
    pieces.map(async (p) => {
      if (p.kind === 'punct') return { punct: true, text: kokoroPunctuation(p.text) };
      if (!/[\p{L}\p{N}]/u.test(p.text)) return { punct: false, text: '' };
      const lines = await Promise.all(splitLongLine(p.text.replace(/\s+/g, ' ').trim(), MAX_LINE_BYTES).map((l) => line.phonemizeLine(l)));
      return { punct: false, text: espeakToKokoro(lines.flat().map((s) => s.trim()).filter(Boolean).join(' '), dialect) };
    }),
  );
  let out = '';
  for (const part of parts) {
    if (part.text === '') continue;
    if (!part.punct && out !== '' && !/[\s“"(—]$/.test(out)) out += ' ';
    out += part.text;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** The production phonemizer: one espeak-ng WASM worker per dialect, created on first use. */
export class EspeakPhonemizer implements Phonemizer {
  private readonly workers = new Map<Dialect, EspeakProcess>();

  /** Starts the worker for a dialect ahead of use (its WASM takes ~0.2 s to compile). */
  warm(dialect: Dialect): Promise<void> {
    return this.worker(dialect).ready;
  }

  private worker(dialect: Dialect): EspeakProcess {
    let w = this.workers.get(dialect);
    if (!w) {
      w = new EspeakProcess(dialect);
      this.workers.set(dialect, w);
    }
    return w;
  }

  async phonemize(text: string, dialect: Dialect): Promise<string> {
    const w = this.worker(dialect);
    await w.ready;
    return phonemizeWith(w, text, dialect);
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.close()));
    this.workers.clear();
  }
}
