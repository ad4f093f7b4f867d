import { TrackedText } from './tracked';

/** A complete piece of the incoming text, with where it starts in everything received so far. */
export interface StreamedSentence {
  readonly text: string;
  /** UTF-16 offset of `text` in the whole stream. */
  readonly start: number;
}

/**
 * How a language reads text: the front end's own normalize and splitSentences, so a stream is cut
 * exactly where a whole text would be ("Dr. Smith" stays one sentence where the front end says so).
 */
export interface SentenceRules {
  normalize(text: TrackedText): TrackedText;
  splitSentences(text: TrackedText): TrackedText[];
}

/**
 * A word the splitter reads after the held text to learn whether its last sentence is complete: the
 * front end cuts before a following word only when the sentence before it has ended. It counts only
 * when the held text itself ends in a space ("$5." may yet become "$5.50").
 */
const PROBE = 'X';

/** Clause or sentence punctuation (and closing quotes or brackets after it): where a flush may cut. */
const LAST_MARK = /[,;:—–.!?…。！？，、；：।॥]["'”’»)\]]*(?=\s|$)/gu;

/**
 * Cuts text that arrives a few characters at a time into complete sentences (pure): `push` returns
 * the sentences the new text completed, holding the unfinished rest; `flushClause` gives up the held
 * text through its last punctuation mark (a clause that waited long enough); `end` gives up all of it.
 */
export class SentenceStream {
  private held = '';
  /** Offset of `held` in the whole stream. */
  private base = 0;

  constructor(private readonly rules: SentenceRules) {}

  /** Text received and not yet given up in a sentence. */
  get pending(): string {
    return this.held;
  }

  push(text: string): StreamedSentence[] {
    this.held += text;
    if (this.held.trim() === '') return [];
    const probed = TrackedText.of(this.held + PROBE);
    const pieces = this.rules.splitSentences(this.rules.normalize(probed)).filter((p) => p.text.trim() !== '');
    // Every piece but the last (the one holding the probe) is a complete sentence; each runs up to
    // where the next begins in the received text.
    const starts = pieces.map((p) => p.spanOf(0, p.length)[0]);
    const spaced = /\s$/.test(this.held);
    const out: StreamedSentence[] = [];
    let from = 0;
    for (let i = 1; i < pieces.length; i++) {
      const to = starts[i]!;
      if (to >= this.held.length && !spaced) break;
      if (to <= from) continue;
      out.push(...this.take(from, to));
      from = to;
    }
    this.drop(from);
    return out;
  }

  /** The held text through its last clause or sentence mark; nothing when it has none. */
  flushClause(): StreamedSentence[] {
    let cut = -1;
    for (const m of this.held.matchAll(LAST_MARK)) cut = m.index + m[0].length;
    if (cut <= 0) return [];
    const out = this.take(0, cut);
    this.drop(cut);
    return out;
  }

  /** Everything held: the stream has ended. */
  end(): StreamedSentence[] {
    const out = this.take(0, this.held.length);
    this.drop(this.held.length);
    return out;
  }

  private take(from: number, to: number): StreamedSentence[] {
    const raw = this.held.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    return text === '' ? [] : [{ text, start: this.base + from + lead }];
  }

  private drop(n: number): void {
    this.held = this.held.slice(n);
    this.base += n;
  }
}
