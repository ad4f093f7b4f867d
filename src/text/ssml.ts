import { SaxesParser } from 'saxes';
import { KokoroError } from '../util/errors';
import { espeakToKokoroMisaki } from './espeak-symbols';
import { espeakToKokoro } from './kokoro-phonemes';
import { languageLetter } from './lang/registry';
import { checkedBreak, checkPhonemes, positionOf, trackedPhonemes, type Piece, type SpanStyle } from './markup';
import { sayAs } from './say-as';
import { TrackedText } from './tracked';

/** Whether a text is SSML by its look: it starts with <speak> (after an XML declaration, if any). */
export function isSsml(text: string): boolean {
  return /^\s*(?:<\?xml[^>]*\?>\s*)?<speak[\s>/]/u.test(text);
}

/** SSML break strengths, in seconds. */
const STRENGTH: Record<string, number> = { none: 0, 'x-weak': 0.1, weak: 0.25, medium: 0.5, strong: 0.75, 'x-strong': 1 };
/** SSML prosody rate words, as speed multipliers. */
const RATES: Record<string, number> = { 'x-slow': 0.5, slow: 0.75, medium: 1, default: 1, fast: 1.25, 'x-fast': 1.5 };
export const MIN_RATE = 0.5;
export const MAX_RATE = 2;

/** Elements whose content is said another way (their text is not read as it is written). */
type Capture = 'phoneme' | 'sub' | 'say-as';

interface Frame {
  readonly name: string;
  readonly style: SpanStyle;
  readonly capture: Capture | null;
  readonly attrs: Readonly<Record<string, string>>;
  /** Where the element's tag starts and its content starts, in the input. */
  readonly tagAt: number;
  readonly contentFrom: number;
}

const ENTITY = /&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/giu;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Raw XML text -> its characters, each entity standing for the whole reference (tracked). */
function decoded(raw: TrackedText): TrackedText {
  return raw.replace(ENTITY, (_m, hex?: string, dec?: string, name?: string) => (hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : NAMED[name!.toLowerCase()]!));
}

/** IPA (as SSML writes it: tie bars, stress marks) -> Kokoro symbols, through the espeak maps the front ends use. */
export function ipaToKokoro(ipa: string, letter: string): string {
  let s = ipa.normalize('NFC').replace(/[/[\]]/g, '').replace(/[\u0361\u035c]/g, '^').replace(/'/g, 'ˈ').replace(/g/g, 'ɡ');
  // Untied diphthongs and affricates as espeak ties them, so each becomes Kokoro's one symbol.
  s = s.replace(/([eaoɔə])(?=[ɪʊ])/g, '$1^').replace(/([dt])(?=[ʒʃ])/g, '$1^').replace(/\^\^/g, '^');
  if (letter === 'a' || letter === 'b') return espeakToKokoro(s, letter === 'a' ? 'en-us' : 'en-gb');
  return espeakToKokoroMisaki(s);
}

function rateOf(raw: string, fail: (why: string) => KokoroError): number {
  const v = raw.trim().toLowerCase();
  const r = RATES[v] ?? (/^\d+(?:\.\d+)?%$/.test(v) ? Number(v.slice(0, -1)) / 100 : /^\d+(?:\.\d+)?$/.test(v) ? Number(v) : NaN);
  if (!Number.isFinite(r) || r < MIN_RATE || r > MAX_RATE) throw fail(`prosody rate "${raw}" is out of range: use ${MIN_RATE} to ${MAX_RATE} (or 50% to 200%, x-slow .. x-fast)`);
  return r;
}

function breakOf(attrs: Readonly<Record<string, string>>, fail: (why: string) => KokoroError): number {
  if (attrs.time !== undefined) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$/iu.exec(attrs.time);
    if (!m) throw fail(`break time "${attrs.time}" is not like 800ms or 1.5s`);
    return checkedBreak(m[2]!.toLowerCase() === 'ms' ? Number(m[1]) / 1000 : Number(m[1]), `<break time="${attrs.time}"/>`);
  }
  const s = STRENGTH[(attrs.strength ?? 'medium').toLowerCase()];
  if (s === undefined) throw fail(`break strength "${attrs.strength}" is not one of ${Object.keys(STRENGTH).join(', ')}`);
  return s;
}

/**
 * SSML (the subset kokoro-ts reads) -> pieces (pure), every offset in the original input, and notes
 * on what was read as plain text. Read: speak, p and s (sentence ends), break (time, strength),
 * prosody rate, phoneme (alphabet ipa or x-kokoro, ph), sub alias, voice name, lang xml:lang (also
 * xml:lang on any element), say-as interpret-as (+ format for dates). Any other element is read as
 * its text. Malformed XML is one error with its line and column. `defaultLetter`: the language of
 * text no element names one for (the request's), which decides how say-as reads.
 */
export function parseSsmlWithNotes(input: string, defaultLetter = 'a'): { pieces: Piece[]; notes: string[] } {
  const source = TrackedText.of(input);
  const pieces: Piece[] = [];
  const notes: string[] = [];
  const stack: Frame[] = [];
  let at = 0; // end of the last markup consumed
  const failAt = (offset: number) => (why: string): KokoroError => new KokoroError('bad-text', `SSML at ${positionOf(input, offset)}: ${why}`, 'see README, "Controlling speech": the SSML elements read');
  const top = (): Frame | undefined => stack[stack.length - 1];
  const textUpTo = (end: number): void => {
    const f = top();
    if (end > at && f && f.capture === null) {
      const t = decoded(source.slice(at, end));
      if (t.text.trim() !== '') pieces.push({ kind: 'text', text: t, style: f.style });
    }
  };
  const letterOf = (style: SpanStyle): string => (style.lang !== undefined ? languageLetter(style.lang) ?? '' : style.voice?.[0] ?? defaultLetter);

  const parser = new SaxesParser({ position: true });
  parser.on('error', (e) => {
    const m = /^(\d+):(\d+): (.*)$/su.exec(e.message);
    throw new KokoroError('bad-text', m ? `malformed SSML at line ${m[1]}, column ${m[2]}: ${m[3]}` : `malformed SSML: ${e.message}`, 'check that every element is closed and attributes are quoted');
  });
  const markup = (end: number): number => {
    const start = input.lastIndexOf('<', end - 1);
    textUpTo(start);
    at = end;
    return start;
  };
  parser.on('opentag', (tag) => {
    const tagAt = markup(parser.position);
    const fail = failAt(tagAt);
    const attrs = tag.attributes as Record<string, string>;
    const parent = top();
    if (!parent && tag.name !== 'speak') throw fail(`the root element must be <speak>, not <${tag.name}>`);
    let style: SpanStyle = parent?.style ?? {};
    const lang = attrs['xml:lang'];
    if (lang !== undefined) {
      if (!languageLetter(lang)) throw fail(`unknown language xml:lang="${lang}"`);
      style = { ...style, lang };
    }
    let capture: Capture | null = parent?.capture ? parent.capture : null;
    if (!parent?.capture) {
      switch (tag.name) {
        case 'speak':
        case 'lang':
          break;
        case 'p':
        case 's':
          pieces.push({ kind: 'boundary' });
          break;
        case 'break':
          pieces.push({ kind: 'break', seconds: breakOf(attrs, fail) });
          break;
        case 'prosody':
          if (attrs.rate !== undefined) style = { ...style, rate: rateOf(attrs.rate, fail) };
          for (const a of Object.keys(attrs)) if (a !== 'rate') notes.push(`SSML at ${positionOf(input, tagAt)}: prosody ${a} is not read (only rate)`);
          break;
        case 'voice':
          if (!attrs.name) throw fail('<voice> needs a name (a voice or blend, e.g. bf_emma)');
          style = { ...style, voice: attrs.name.trim() };
          break;
        case 'phoneme':
          if (!attrs.ph) throw fail('<phoneme> needs ph (the phonemes)');
          if ((attrs.alphabet ?? 'ipa') !== 'ipa' && attrs.alphabet !== 'x-kokoro') throw fail(`phoneme alphabet "${attrs.alphabet}" is not read (use ipa or x-kokoro)`);
          capture = 'phoneme';
          break;
        case 'sub':
          if (attrs.alias === undefined) throw fail('<sub> needs an alias (what to say)');
          capture = 'sub';
          break;
        case 'say-as':
          if (!attrs['interpret-as']) throw fail('<say-as> needs interpret-as');
          capture = 'say-as';
          break;
        default:
          notes.push(`SSML at ${positionOf(input, tagAt)}: <${tag.name}> is not in the subset kokoro-ts reads; its text is read as text`);
      }
    }
    stack.push({ name: tag.name, style, capture: parent?.capture ? null : capture, attrs, tagAt, contentFrom: at });
    if (parent?.capture) stack[stack.length - 1] = { ...stack[stack.length - 1]!, capture: parent.capture };
  });
  parser.on('closetag', (tag) => {
    const end = parser.position;
    const selfClosing = tag.isSelfClosing;
    const tagAt = selfClosing ? input.lastIndexOf('<', end - 1) : markup(end);
    at = end;
    const f = stack.pop()!;
    if (f.name === 'p' || f.name === 's') pieces.push({ kind: 'boundary' });
    const parent = top();
    if (f.capture === null || parent?.capture) return; // not a capturing element, or nested inside one
    const contentTo = selfClosing ? f.contentFrom : tagAt;
    const content = decoded(source.slice(f.contentFrom, contentTo));
    const span: readonly [number, number] = contentTo > f.contentFrom ? [f.contentFrom, contentTo] : [f.tagAt, end];
    const fail = failAt(f.tagAt);
    if (f.capture === 'sub') {
      pieces.push({ kind: 'text', text: TrackedText.uniform(f.attrs.alias!, span[0], span[1]), style: f.style });
    } else if (f.capture === 'say-as') {
      const letter = letterOf(f.style);
      const words = sayAs(f.attrs['interpret-as']!, content.text, f.attrs.format, letter === 'a' || letter === 'b', fail);
      pieces.push({ kind: 'text', text: TrackedText.uniform(words, span[0], span[1]), style: f.style });
    } else {
      const ph = f.attrs.alphabet === 'x-kokoro' ? f.attrs.ph! : ipaToKokoro(f.attrs.ph!, letterOf(f.style));
      try {
        checkPhonemes(ph, ph, 0);
      } catch (e) {
        throw fail(`phoneme ph="${f.attrs.ph}"${f.attrs.alphabet === 'x-kokoro' ? '' : ` (as Kokoro symbols "${ph}")`}: ${e instanceof Error ? e.message.replace(/ at line 1, column \d+/, '') : String(e)}`);
      }
      pieces.push({ kind: 'phonemes', phonemes: trackedPhonemes(TrackedText.uniform(ph, span[0], span[1]), ph, span), style: f.style, standalone: false });
    }
  });
  for (const ev of ['comment', 'processinginstruction', 'doctype'] as const) {
    parser.on(ev, () => {
      const end = input.indexOf('>', Math.max(0, parser.position - 1)) + 1;
      markup(end);
    });
  }
  parser.write(input).close();
  return { pieces, notes };
}

/** `defaultLetter`: the language of text no element names one for (the request's). */
export function parseSsml(input: string, defaultLetter = 'a'): Piece[] {
  return parseSsmlWithNotes(input, defaultLetter).pieces;
}
