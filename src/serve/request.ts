import { frontEndFor, languageLetter, parseVoiceSpec } from '../engine';
import { AUDIO_FORMATS, type AudioFormat } from '../audio/formats';
import { isEncoded } from '../audio/encode';
import { MAX_SPEED, MIN_SPEED } from '../spec';
import { closestNames } from '../util/suggest';
import { isKokoroError } from '../util/errors';
import { ApiError, badRequest } from './errors';
import { piecesOf } from '../engine';
import { INPUT_KINDS, voicesOf, type InputKind } from '../text/markup';

/** `model` values taken: ours, and OpenAI's names so their clients work unchanged. */
export const MODELS = ['kokoro', 'tts-1', 'tts-1-hd'] as const;

/** response_format values served now (every format, the compressed first as OpenAI lists them); OpenAI's others are refused by name. */
export const SERVED_FORMATS: readonly AudioFormat[] = [...AUDIO_FORMATS.filter(isEncoded), ...AUDIO_FORMATS.filter((f) => !isEncoded(f))];
const LATER_FORMATS = ['aac', 'flac'];

/** `stream_format` values: OpenAI's two (`sse`: `speech.audio.delta` events, then `speech.audio.done`). */
export const STREAM_FORMATS = ['audio', 'sse'] as const;
export type StreamFormat = (typeof STREAM_FORMATS)[number];

/** A checked `POST /v1/audio/speech` body. */
export interface SpeechRequest {
  readonly text: string;
  /** A voice name or blend whose every voice is installed. */
  readonly voice: string;
  readonly speed: number;
  readonly format: AudioFormat;
  /** Chunked transfer, a short first chunk, the streaming WAV header. */
  readonly stream: boolean;
  /** How a stream is sent: the audio bytes as they are, or server-sent events carrying them (base64) and word timings. */
  readonly streamFormat: StreamFormat;
  /** Word timings: in a JSON answer with the audio (base64), or in the events of an `sse` stream. */
  readonly timestamps: boolean;
  /** The language to read the text as (a letter); undefined: the voice's own. */
  readonly lang?: string;
  /** `input_type`: text (inline markup; SSML when it starts with <speak>, the default), ssml, or phonemes. */
  readonly inputKind: InputKind;
}

export interface SpeechContext {
  /** Installed voice names (voice packs in the voices folder). */
  readonly voices: readonly string[];
  readonly defaultVoice: string;
  readonly defaultSpeed: number;
  readonly maxChars: number;
  /** The workers' model exports durations (word timings). */
  readonly hasDurations: boolean;
}

function optional<T>(body: Record<string, unknown>, key: string, check: (v: unknown) => v is T, want: string): T | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!check(v)) throw badRequest(`'${key}' must be ${want}`, key, 'invalid_type');
  return v;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

/**
 * The voice (or blend) checked against the installed voices, with the closest names for a typo; the
 * text's language (`lang`, else the voice's own) must be one kokoro-ts speaks.
 */
export function checkVoice(spec: string, ctx: Pick<SpeechContext, 'voices'>, lang?: string): string {
  let parts;
  try {
    parts = parseVoiceSpec(spec);
  } catch (e) {
    throw badRequest(isKokoroError(e) ? `${e.message}${e.hint ? ` (${e.hint})` : ''}` : 'malformed voice', 'voice', 'invalid_voice');
  }
  for (const { name } of parts) {
    if (!ctx.voices.includes(name)) {
      const near = closestNames(name, ctx.voices, 3);
      const hint = near.length > 0 ? `; did you mean ${near.join(', ')}?` : '; GET /v1/audio/voices lists them';
      throw badRequest(`unknown voice "${name}"${hint}`, 'voice', 'voice_not_found');
    }
    try {
      frontEndFor(name, lang);
    } catch (e) {
      throw badRequest(isKokoroError(e) ? e.message : `voice "${name}" is of a language not spoken yet`, lang === undefined ? 'voice' : 'lang', 'unsupported_language');
    }
  }
  return spec;
}

/**
 * Checks an OpenAI speech body (pure). Unknown fields are ignored, as OpenAI clients send more
 * (`instructions`, ...); `response_format` defaults to wav (OpenAI's default is mp3: clients
 * that name no format get WAV here, as before mp3 was served).
 */
export function parseSpeechRequest(raw: unknown, ctx: SpeechContext): SpeechRequest {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('the request body must be a JSON object', null, 'invalid_body');
  const body = raw as Record<string, unknown>;
  const model = optional(body, 'model', isString, 'a string');
  if (model !== undefined && !(MODELS as readonly string[]).includes(model)) {
    throw badRequest(`unknown model "${model}"; use one of ${MODELS.join(', ')}`, 'model', 'model_not_found');
  }
  const input = body.input;
  if (input === undefined || input === null) throw badRequest("'input' is required", 'input', 'missing_required_parameter');
  if (typeof input !== 'string') throw badRequest("'input' must be a string", 'input', 'invalid_type');
  if (input.trim() === '') throw badRequest("'input' is empty", 'input', 'empty_input');
  if (input.length > ctx.maxChars) {
    throw new ApiError(413, `'input' is ${input.length} characters; this server takes at most ${ctx.maxChars}`, 'input', 'input_too_long');
  }
  const langCode = optional(body, 'lang', isString, 'a language code such as en-us, es or a');
  const lang = langCode === undefined ? undefined : languageLetter(langCode);
  if (langCode !== undefined && lang === undefined) throw badRequest(`unknown language "${langCode}"`, 'lang', 'unsupported_language');
  const voice = checkVoice(optional(body, 'voice', isString, 'a voice name or blend') ?? ctx.defaultVoice, ctx, lang);
  const speed = optional(body, 'speed', isNumber, 'a number') ?? ctx.defaultSpeed;
  if (speed < MIN_SPEED || speed > MAX_SPEED) throw badRequest(`'speed' ${speed} is out of range: use ${MIN_SPEED} to ${MAX_SPEED}`, 'speed', 'invalid_speed');
  const fmt = optional(body, 'response_format', isString, 'a string') ?? 'wav';
  const format = SERVED_FORMATS.find((f) => f === fmt);
  if (format === undefined) {
    const why = LATER_FORMATS.includes(fmt) ? `is not served yet` : 'is unknown';
    throw badRequest(`response_format "${fmt}" ${why}; supported: ${SERVED_FORMATS.join(', ')}`, 'response_format', 'unsupported_format');
  }
  const sf = optional(body, 'stream_format', isString, 'a string') ?? 'audio';
  const streamFormat = STREAM_FORMATS.find((f) => f === sf);
  if (streamFormat === undefined) throw badRequest(`stream_format "${sf}" is not served; use ${STREAM_FORMATS.join(' or ')}`, 'stream_format', 'unsupported_format');
  // Events are a stream by nature (as at OpenAI): "sse" needs no "stream": true.
  const stream = (optional(body, 'stream', isBoolean, 'true or false') ?? false) || streamFormat === 'sse';
  const timestamps = optional(body, 'timestamps', isBoolean, 'true or false') ?? false;
  if (timestamps && stream && streamFormat === 'audio') {
    throw badRequest("'timestamps' cannot ride a bare audio stream; drop 'stream', or stream events with word timings: \"stream_format\": \"sse\"", 'timestamps', 'unsupported_combination');
  }
  if (timestamps && !ctx.hasDurations) {
    throw badRequest("word timings need a model with durations, and this server's model has none (add them: kokoro-ts models add-durations MODEL)", 'timestamps', 'timestamps_unavailable');
  }
  const kind = optional(body, 'input_type', isString, `one of ${INPUT_KINDS.join(', ')}`) ?? 'text';
  const inputKind = INPUT_KINDS.find((k) => k === kind);
  if (inputKind === undefined) throw badRequest(`input_type "${kind}" is unknown; use one of ${INPUT_KINDS.join(', ')}`, 'input_type', 'invalid_input_type');
  checkMarkup(input, inputKind, ctx, lang);
  return { text: input, voice, speed, format, stream, streamFormat, timestamps, inputKind, ...(lang !== undefined ? { lang } : {}) };
}

/** The input's markup, SSML or phonemes checked before any work: malformed, an unknown symbol, an unknown voice in a tag (400). */
function checkMarkup(input: string, kind: InputKind, ctx: SpeechContext, lang: string | undefined): void {
  let pieces;
  try {
    pieces = piecesOf(input, kind);
  } catch (e) {
    if (!isKokoroError(e)) throw e;
    throw badRequest(`${e.message}${e.hint ? ` (${e.hint})` : ''}`, 'input', 'invalid_markup');
  }
  for (const v of voicesOf(pieces)) {
    try {
      checkVoice(v, ctx, lang);
    } catch (e) {
      if (e instanceof ApiError) throw badRequest(`in 'input': ${e.message}`, 'input', 'voice_not_found');
      throw e;
    }
  }
}

/** Content-Type per served format (24 kHz 16-bit mono). */
export function contentTypeOf(format: AudioFormat): string {
  switch (format) {
    case 'wav':
      return 'audio/wav';
    case 'pcm':
      return 'audio/pcm;rate=24000;encoding=signed-int;bits=16;channels=1';
    case 'mp3':
      return 'audio/mpeg';
    case 'opus':
      // An Ogg Opus file (RFC 7845 section 9), which browsers play; audio/opus names bare RTP packets.
      return 'audio/ogg; codecs=opus';
  }
}
