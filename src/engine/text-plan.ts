import { MAX_SPEED, MIN_SPEED } from '../spec';
import { frontEndFor, languageLetter } from '../text/lang/registry';
import { withG2p, type G2p } from '../text/lang/g2p';
import { applyLexicon, EMPTY_LEXICON, withS, type Lexicon } from '../text/lexicon';
import { TrackedText } from '../text/tracked';
import { parseMarkup, type InputKind, type Piece, type SpanStyle } from '../text/markup';
import { isSsml, parseSsml, parseSsmlWithNotes } from '../text/ssml';
import type { FeedSentence, SentencePart, Voicing } from './chunk-feed';
import { parseVoiceSpec } from './voice-spec';

/** What a request's text is read with, before its own markup changes it. */
export interface PlanContext {
  readonly voice: string;
  readonly speed: number;
  /** The text's language (letter or tag); undefined: each voice's own. */
  readonly lang?: string;
  readonly g2p?: G2p;
  readonly lexicon?: Lexicon;
  /** Default 'text' (which is SSML when it starts with <speak>). */
  readonly input?: InputKind;
}

export interface Plan {
  readonly sentences: FeedSentence[];
  /** Silence before the first sentence (a break at the very start), seconds. */
  readonly leadingS: number;
  /** Every voice the text is spoken with (the request's and any its markup names). */
  readonly voices: string[];
}

/** The input as pieces, by its syntax (pure). */
export function piecesOf(text: string, input: InputKind = 'text', defaultLetter = 'a'): Piece[] {
  if (input === 'ssml' || (input === 'text' && isSsml(text))) return parseSsml(text, defaultLetter);
  return parseMarkup(text, input === 'phonemes');
}

/**
 * English "'s" right after given phonemes ("[Kokoro](/kˈOkəɹO/)'s"): the ending joins those phonemes
 * as English says it (withS) instead of being read as a letter; the text without it is returned.
 */
function possessiveAfterPhonemes(text: TrackedText, open: { parts: SentencePart[] } | null, letter: string): TrackedText {
  const last = open?.parts[open.parts.length - 1];
  const m = /^['’]s(?![\p{L}\p{M}\p{N}])/u.exec(text.text);
  if (!m || last?.kind !== 'phonemes' || (letter !== 'a' && letter !== 'b')) return text;
  const [s, e] = last.phonemes.spanOf(0, last.phonemes.length);
  open!.parts[open!.parts.length - 1] = { kind: 'phonemes', phonemes: TrackedText.uniform(withS(last.phonemes.text), s, e) };
  return text.slice(m[0].length);
}

/** What SSML input reads as plain text (elements outside the subset), for --verbose. */
export function inputNotes(text: string, input: InputKind = 'text'): string[] {
  return input === 'ssml' || (input === 'text' && isSsml(text)) ? parseSsmlWithNotes(text).notes : [];
}

const SENTENCE_END = /[.!?…]["”)]*\s*$/u;

/**
 * A request's text -> the sentences to speak (synchronous, no phonemizing): markup or SSML parsed into
 * pieces; each piece's voicing (voice, speed, front end) from its style and the request; text pieces
 * through the user lexicon, then the front end's normalizer and sentence splitter; given phonemes
 * kept inside the sentence they sit in. A change of voicing, a break or an SSML p/s ends a sentence
 * (and a change of voicing or a break a chunk); breaks in a row add up, one at the start is leading
 * silence.
 */
export function planText(text: string, ctx: PlanContext): Plan {
  const pieces = piecesOf(text, ctx.input, (ctx.lang === undefined ? ctx.voice[0] : languageLetter(ctx.lang)) ?? 'a');
  const lexicon = ctx.lexicon ?? EMPTY_LEXICON;
  const sentences: FeedSentence[] = [];
  const voices = new Set<string>([ctx.voice]);
  let leadingS = 0;
  let open: { parts: SentencePart[]; voicing: Voicing; hits: number } | null = null;
  let lastKey: string | null = null;
  const close = (): void => {
    if (open && open.parts.length > 0) sentences.push({ parts: open.parts, voicing: open.voicing, breakAfterS: null, endsChunk: false, lexiconHits: open.hits });
    open = null;
  };
  const endChunk = (breakS: number | null): void => {
    close();
    const last = sentences[sentences.length - 1];
    if (!last) {
      leadingS += breakS ?? 0;
      return;
    }
    const breakAfterS = breakS === null ? last.breakAfterS : (last.breakAfterS ?? 0) + breakS;
    sentences[sentences.length - 1] = { ...last, breakAfterS, endsChunk: true };
  };
  const cache = new Map<string, { voicing: Voicing; letter: string; key: string }>();
  const voicingOf = (style: SpanStyle): { voicing: Voicing; letter: string; key: string } => {
    const voice = style.voice ?? ctx.voice;
    const lang = style.lang ?? ctx.lang;
    const speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, ctx.speed * (style.rate ?? 1)));
    const key = `${voice}\u0000${lang ?? ''}\u0000${speed}`;
    let v = cache.get(key);
    if (!v) {
      const name = parseVoiceSpec(voice)[0]!.name;
      const frontEnd = withG2p(frontEndFor(name, lang), ctx.g2p);
      v = { voicing: { voice, speed, frontEnd }, letter: (lang === undefined ? name[0] : languageLetter(lang)) ?? '', key };
      cache.set(key, v);
    }
    return v;
  };
  for (const piece of pieces) {
    if (piece.kind === 'break') {
      endChunk(piece.seconds);
      continue;
    }
    if (piece.kind === 'boundary') {
      close();
      continue;
    }
    const { voicing, letter, key } = voicingOf(piece.style);
    voices.add(voicing.voice);
    if (lastKey !== null && key !== lastKey) endChunk(null);
    lastKey = key;
    const into = (): { parts: SentencePart[]; voicing: Voicing; hits: number } => (open ??= { parts: [], voicing, hits: 0 });
    if (piece.kind === 'phonemes') {
      if (piece.standalone) close();
      into().parts.push({ kind: 'phonemes', phonemes: piece.phonemes });
      if (piece.standalone) close();
      continue;
    }
    const { parts } = applyLexicon(possessiveAfterPhonemes(piece.text, open, letter), lexicon, letter);
    for (const part of parts) {
      if (part.kind === 'phonemes') {
        const o = into();
        o.parts.push(part);
        o.hits++;
        continue;
      }
      if (!/[\p{L}\p{N}]/u.test(part.text.text) && open === null) continue; // stray punctuation with no sentence to end
      const fe = voicing.frontEnd;
      const ss = fe.splitSentences(fe.normalize(part.text));
      ss.forEach((t, k) => {
        if (k > 0) close();
        into().parts.push({ kind: 'text', text: t });
      });
      if (SENTENCE_END.test(part.text.text)) close();
    }
  }
  close();
  return { sentences, leadingS, voices: [...voices] };
}
