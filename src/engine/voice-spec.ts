import { KokoroError } from '../util/errors';

/** One voice in a blend, with its normalized weight (weights of a blend sum to 1). */
export interface VoiceWeight {
  readonly name: string;
  readonly weight: number;
}

const NAME = /^[a-z][a-z0-9_]*$/i;

function badBlend(spec: string, why: string): KokoroError {
  return new KokoroError(
    'voice-blend',
    `malformed voice blend "${spec}": ${why}`,
    'write a blend as af_bella:0.6,af_nicole:0.4 or af_bella(2)+af_sky(1); a bare name has weight 1',
  );
}

function parsePart(spec: string, part: string, form: 'colon' | 'paren'): { name: string; weight: number } {
  const p = part.trim();
  const m = form === 'colon' ? /^([^:()]+?)\s*(?::\s*([^:]+))?$/.exec(p) : /^([^()]+?)\s*(?:\(\s*([^()]+)\s*\))?$/.exec(p);
  if (!m) throw badBlend(spec, `cannot read "${p}"`);
  const name = (m[1] ?? '').trim();
  if (!NAME.test(name)) throw badBlend(spec, `"${name}" is not a voice name`);
  const weight = m[2] === undefined ? 1 : Number(m[2]);
  if (!Number.isFinite(weight) || weight <= 0) throw badBlend(spec, `weight "${m[2]}" of ${name} must be a positive number`);
  return { name, weight };
}

/**
 * Parses a voice or a blend: "af_nicole", "af_bella:0.6,af_nicole:0.4" or "af_bella(2)+af_sky(1)".
 * Weights are normalized to sum to 1; a name given twice adds its weights.
 */
export function parseVoiceSpec(spec: string): VoiceWeight[] {
  const s = spec.trim();
  if (s === '') throw badBlend(spec, 'empty');
  const hasPlus = s.includes('+');
  const hasComma = s.includes(',');
  if (hasPlus && hasComma) throw badBlend(spec, 'mixes "," and "+" forms');
  const parts = hasPlus ? s.split('+') : s.split(',');
  if (parts.some((p) => p.trim() === '')) throw badBlend(spec, 'empty part');
  const form = hasPlus || /\(/.test(s) ? 'paren' : 'colon';
  const raw = parts.map((p) => parsePart(spec, p, form));
  const merged = new Map<string, number>();
  for (const { name, weight } of raw) merged.set(name, (merged.get(name) ?? 0) + weight);
  const total = [...merged.values()].reduce((a, b) => a + b, 0);
  return [...merged].map(([name, weight]) => ({ name, weight: weight / total }));
}

/** Canonical text for a parsed blend, e.g. "af_bella:0.6,af_nicole:0.4" (a single voice is its name). */
export function formatVoiceSpec(voices: readonly VoiceWeight[]): string {
  if (voices.length === 1) return voices[0]!.name;
  return voices.map((v) => `${v.name}:${Number(v.weight.toFixed(4))}`).join(',');
}
