import type { TokenSpan } from './frontend';
import { ChunkPlanner } from './chunk-planner';
import { TrackedText } from './tracked';

/** One model call's phonemes (vocabulary symbols only: one code point = one token) and what they speak. */
export interface TextChunk {
  readonly phonemes: string;
  /** Consecutive token runs with the span of the original text each came from; they cover every token. */
  readonly spans: TokenSpan[];
}

/**
 * ChunkPlanner over tracked phonemes (pure): the very same cuts (balanced, see chunk-planner.ts), and
 * each chunk carries the spans of the original text its tokens came from. The planner sees plain
 * strings; each chunk it closes is found again at the front of the text pushed so far (the planner
 * only joins pieces with one space where the text had one or more), which gives every token its
 * source range. `finish()` ends a segment (an inline break or the end of the text).
 */
export class SpanChunker {
  private readonly planner: ChunkPlanner;
  private pending = TrackedText.of('');

  constructor(maxTokens: number, firstTokens: number = maxTokens) {
    this.planner = new ChunkPlanner(maxTokens, firstTokens);
  }

  /** Adds one sentence's phonemes (vocabulary symbols only, ranges in the original text). */
  push(sentence: TrackedText): TextChunk[] {
    const s = sentence.trim();
    if (s.text === '') return [];
    this.pending = this.pending.length === 0 ? s : TrackedText.concat([this.pending, TrackedText.uniform(' ', s.rangeAt(0)[0], s.rangeAt(0)[0]), s]);
    return this.planner.push(s.text).map((c) => this.take(c));
  }

  /** Closes the last chunk. */
  finish(): TextChunk[] {
    const out = this.planner.finish().map((c) => this.take(c));
    this.pending = TrackedText.of('');
    return out;
  }

  private take(chunk: string): TextChunk {
    const p = this.pending.text;
    let j = 0;
    while (p[j] === ' ') j++;
    const spans: { tokens: [number, number]; text: [number, number] }[] = [];
    let token = 0;
    for (const ch of chunk) {
      while (!p.startsWith(ch, j) && p[j] === ' ') j++;
      // A space the planner put where the text has none stands for nothing (an empty span here).
      const here = p.startsWith(ch, j);
      if (!here && ch !== ' ') throw new Error(`internal: chunk "${chunk}" is not a prefix of the planned text at ${j}`);
      const [s, e] = here ? this.pending.rangeAt(j) : this.pending.spanOf(j, j);
      const last = spans[spans.length - 1];
      if (last && last.text[0] === s && last.text[1] === e) last.tokens[1] = token + 1;
      else spans.push({ tokens: [token, token + 1], text: [s, e] });
      if (here) j += ch.length;
      token++;
    }
    this.pending = this.pending.slice(j);
    return { phonemes: chunk, spans };
  }
}
