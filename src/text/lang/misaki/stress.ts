/**
 * misaki's phoneme alphabet facts and its stress rules (misaki 0.9.4 en.py: apply_stress,
 * stress_weight), pure. Stress marks: ˈ primary, ˌ secondary, placed before the stressed vowel.
 */
export const PRIMARY = 'ˈ';
export const SECONDARY = 'ˌ';
export const VOWELS = new Set('AIOQWYaiuæɑɒɔəɛɜɪʊʌᵻ');
export const CONSONANTS = new Set('bdfhjklmnpstvwzðŋɡɹɾʃʒʤʧθ');
/** American vowels before which a t between vowels flaps (ɾ, written T by Kokoro v1.0). */
export const US_TAUS = new Set('AIOWYiuæɑəɛɪɹʊʌ');
const DIPHTHONGS = new Set('AIOQWYʤʧ');

/** A stress level as misaki passes it: undefined = leave as is. */
export type Stress = number | undefined;

const hasVowel = (ps: string): boolean => [...ps].some((c) => VOWELS.has(c));
const hasStress = (ps: string): boolean => ps.includes(PRIMARY) || ps.includes(SECONDARY);

/** Each stress mark moved to just before the first vowel at or after it. */
function restress(ps: string): string {
  const chars = [...ps];
  const keyed = chars.map((c, i) => {
    if (c !== PRIMARY && c !== SECONDARY) return { c, k: i };
    const j = chars.findIndex((v, n) => n >= i && VOWELS.has(v));
    return { c, k: j < 0 ? i : j - 0.5 };
  });
  return keyed.sort((a, b) => a.k - b.k).map((x) => x.c).join('');
}

/**
 * misaki's apply_stress: < -1 strips stress; -1 (or 0/-0.5 with a primary) demotes primary to
 * secondary; 0/0.5/1 on unstressed phonemes adds a secondary; >= 1 promotes a lone secondary; > 1 on
 * unstressed phonemes adds a primary.
 */
export function applyStress(ps: string, stress: Stress): string {
  if (stress === undefined) return ps;
  if (stress < -1) return ps.replaceAll(PRIMARY, '').replaceAll(SECONDARY, '');
  if (stress === -1 || ((stress === 0 || stress === -0.5) && ps.includes(PRIMARY))) {
    return ps.replaceAll(SECONDARY, '').replaceAll(PRIMARY, SECONDARY);
  }
  if ((stress === 0 || stress === 0.5 || stress === 1) && !hasStress(ps)) {
    return hasVowel(ps) ? restress(SECONDARY + ps) : ps;
  }
  if (stress >= 1 && !ps.includes(PRIMARY) && ps.includes(SECONDARY)) return ps.replaceAll(SECONDARY, PRIMARY);
  if (stress > 1 && !hasStress(ps)) return hasVowel(ps) ? restress(PRIMARY + ps) : ps;
  return ps;
}

/** Phoneme weight for choosing which part of a compound keeps its primary stress (diphthongs count 2). */
export function stressWeight(ps: string): number {
  let w = 0;
  for (const c of ps) w += DIPHTHONGS.has(c) ? 2 : 1;
  return w;
}
