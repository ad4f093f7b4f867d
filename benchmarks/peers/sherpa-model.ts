/**
 * The model folder sherpa-onnx's Kokoro loader (OfflineTtsKokoroModelConfig) reads, built from our
 * own files; pure parts here, written to disk by prepare.ts:
 * - model.onnx: the model file with the metadata sherpa-onnx reads at load (sample_rate, n_speakers,
 *   has_espeak, style_dim, version, voice; speaker_names for its debug listing). version 2 selects
 *   its multi-language front end (espeak-ng for English, given lang "en-us"), as for the Kokoro v1.0
 *   files it publishes; weights and graph untouched.
 * - voices.bin: the voice packs, raw float32 [510, 1, 256] each, concatenated in speaker order
 *   (speaker id = position); sherpa-onnx checks the size against n_speakers x style_dim.
 * - tokens.txt: "SYMBOL ID" per line from Kokoro's vocabulary (a line that is only an id is the
 *   space symbol: sherpa-onnx reads a lone field as the id of " ").
 * The espeak-ng-data folder comes from the piper-phonemize wheel (setup.sh).
 */
import { onnx } from 'onnx-proto';
import { SAMPLE_RATE, STYLE_DIM, VOICE_PACK_BYTES, VOICE_ROWS } from '../../src/spec';

/** The language sherpa-onnx hands espeak-ng (its default when the config names none). */
export const SHERPA_LANG = 'en-us';

/** The metadata sherpa-onnx 1.13 reads from a Kokoro v1.0 model, for these speakers. */
export function sherpaMetadata(speakers: readonly string[]): Record<string, string> {
  if (speakers.length === 0) throw new Error('sherpa-onnx needs at least one voice');
  for (const s of speakers) if (s.includes(',')) throw new Error(`voice name ${JSON.stringify(s)} has a comma (speaker_names is comma-separated)`);
  return {
    model_type: 'kokoro',
    sample_rate: String(SAMPLE_RATE),
    n_speakers: String(speakers.length),
    has_espeak: '1',
    style_dim: `${VOICE_ROWS},1,${STYLE_DIM}`,
    version: '2',
    voice: SHERPA_LANG,
    speaker_names: speakers.join(','),
  };
}

/** Sets the metadata keys in place (replacing any with the same key, keeping the others). */
export function setMetadata(model: onnx.IModelProto, meta: Readonly<Record<string, string>>): void {
  const kept = (model.metadataProps ?? []).filter((p) => !Object.hasOwn(meta, p.key ?? ''));
  model.metadataProps = [...kept, ...Object.entries(meta).map(([key, value]) => ({ key, value }))];
}

/** tokens.txt: one "SYMBOL ID" line per vocabulary symbol, in id order. */
export function tokensTxt(vocab: ReadonlyMap<string, number>): string {
  const lines = [...vocab].sort((a, b) => a[1] - b[1]).map(([sym, id]) => {
    if (/\s/.test(sym) && sym !== ' ') throw new Error(`vocabulary symbol ${JSON.stringify(sym)} is whitespace other than the space`);
    return `${sym} ${id}`;
  });
  return `${lines.join('\n')}\n`;
}

/** voices.bin: the packs (each the bytes of one NAME.bin) concatenated in speaker order. */
export function voicesBin(packs: readonly Uint8Array[]): Buffer {
  packs.forEach((p, i) => {
    if (p.length !== VOICE_PACK_BYTES) throw new Error(`voice pack ${i} is ${p.length} bytes, not ${VOICE_PACK_BYTES}`);
  });
  return Buffer.concat(packs);
}
