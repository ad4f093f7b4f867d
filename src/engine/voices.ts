import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_STYLE_ROW, STYLE_DIM, VOICE_PACK_BYTES, VOICE_ROWS } from '../spec';
import { ExitCode, KokoroError } from '../util/errors';
import { closestNames } from '../util/suggest';
import type { VoiceWeight } from './voice-spec';

/** A voice pack: VOICE_ROWS style vectors of STYLE_DIM floats, one per phoneme-token count. */
export interface VoicePack {
  readonly name: string;
  readonly data: Float32Array;
}

/** The style vector for a chunk of `tokenCount` phoneme tokens (pads excluded), row capped at 509. */
export function styleRow(pack: VoicePack, tokenCount: number): Float32Array {
  const row = Math.max(0, Math.min(Math.floor(tokenCount), MAX_STYLE_ROW));
  return pack.data.subarray(row * STYLE_DIM, (row + 1) * STYLE_DIM);
}

/** Weighted sum of packs (weights already normalized). */
export function blendPacks(packs: readonly VoicePack[], weights: readonly number[]): Float32Array {
  const out = new Float32Array(VOICE_ROWS * STYLE_DIM);
  packs.forEach((p, k) => {
    const w = weights[k]!;
    for (let i = 0; i < out.length; i++) out[i]! += w * p.data[i]!;
  });
  return out;
}

export async function listVoiceNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.bin')).map((f) => f.slice(0, -4)).sort();
  } catch {
    return [];
  }
}

/** Loads and checks `dir/NAME.bin`. */
export async function loadVoicePack(dir: string, name: string): Promise<VoicePack> {
  const path = join(dir, `${name}.bin`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    const installed = await listVoiceNames(dir);
    const near = closestNames(name, installed, 3);
    throw new KokoroError(
      'voice-unknown',
      `unknown voice "${name}" (no ${path})`,
      installed.length === 0
        ? `no voices in ${dir}: put voice packs (NAME.bin) there or pass --voices-dir`
        : near.length > 0
          ? `did you mean ${near.join(', ')}? (kokoro-ts voices lists them)`
          : 'kokoro-ts voices lists the installed voices',
    );
  }
  if (bytes.length !== VOICE_PACK_BYTES) {
    throw new KokoroError(
      'voice-size',
      `voice file ${path} is ${bytes.length} bytes; a Kokoro voice pack is float32 [${VOICE_ROWS}, ${STYLE_DIM}] = ${VOICE_PACK_BYTES} bytes`,
      'download the voice again',
      ExitCode.Io,
    );
  }
  const data = new Float32Array(VOICE_ROWS * STYLE_DIM);
  Buffer.from(data.buffer).set(bytes);
  return { name, data };
}

/** Loads the packs of a blend and mixes them; a single voice is returned as is. */
export async function loadVoice(dir: string, voices: readonly VoiceWeight[]): Promise<VoicePack> {
  const packs = await Promise.all(voices.map((v) => loadVoicePack(dir, v.name)));
  if (packs.length === 1) return packs[0]!;
  const name = voices.map((v) => `${v.name}:${Number(v.weight.toFixed(4))}`).join(',');
  return { name, data: blendPacks(packs, voices.map((v) => v.weight)) };
}
