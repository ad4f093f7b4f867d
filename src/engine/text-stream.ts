import { SentenceStream, type SentenceRules, type StreamedSentence } from '../text/sentence-stream';
import type { AudioChunk } from './engine';

export interface TextStreamOptions {
  /** How the text's language cuts sentences (the voice's front end). */
  readonly rules: SentenceRules;
  /** Longest a clause is held waiting for its sentence to end, in ms; null = until the sentence ends or the text does. */
  readonly flushAfterMs: number | null;
  /** One complete sentence (or a flushed clause) -> its chunks: the engine's or the engine host's synthesis. */
  readonly synthesize: (text: string) => AsyncIterable<AudioChunk>;
}

/**
 * Speech for text that is still being written (an LLM's reply, a pipe that keeps writing): each
 * sentence is synthesized as soon as it is complete in the incoming text, while the rest keeps
 * arriving, and its chunks are yielded in order as one stream. Chunk indices run across the whole
 * stream and spans point into everything received; `last` marks the final chunk only when the text
 * had ended by the time it was made (else the stream's end has no chunk of its own to carry it).
 * Stopping the iteration stops at the sentence in progress; the input is left unread from there.
 */
export async function* speakTextStream(texts: AsyncIterable<string>, o: TextStreamOptions): AsyncGenerator<AudioChunk> {
  const cutter = new SentenceStream(o.rules);
  const ready: StreamedSentence[] = [];
  let ended = false;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  const notify = (): void => {
    wake?.();
    wake = null;
  };
  const disarm = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  // The clock runs from when the held text began; a cut restarts it for what is left.
  const arm = (restart: boolean): void => {
    if (o.flushAfterMs === null || cutter.pending.trim() === '') return disarm();
    if (timer && !restart) return;
    disarm();
    timer = setTimeout(() => {
      timer = null;
      const flushed = cutter.flushClause();
      ready.push(...flushed);
      if (flushed.length > 0) arm(true);
      notify();
    }, o.flushAfterMs);
  };
  let stopped = false;
  const reading = (async () => {
    try {
      for await (const t of texts) {
        if (stopped) break;
        const done = cutter.push(t);
        ready.push(...done);
        arm(done.length > 0);
        if (done.length > 0) notify();
      }
      ready.push(...cutter.end());
    } catch (e) {
      failure = { error: e };
    } finally {
      ended = true;
      disarm();
      notify();
    }
  })();
  let index = 0;
  try {
    for (;;) {
      const s = ready.shift();
      if (s) {
        for await (const c of o.synthesize(s.text)) {
          const last = c.last && ended && ready.length === 0 && failure === null;
          yield { ...c, index: index++, last, spans: c.spans.map((p) => ({ tokens: p.tokens, text: [p.text[0] + s.start, p.text[1] + s.start] as const })) };
        }
        continue;
      }
      if (failure) throw (failure as { error: unknown }).error;
      if (ended) return;
      await new Promise<void>((ok) => (wake = ok));
    }
  } finally {
    stopped = true;
    disarm();
    if (ended) await reading;
  }
}
