/**
 * One pinyin syllable with its tone number -> Kokoro's symbols, as misaki's legacy Chinese G2P (the
 * one Kokoro-82M v1.0 was trained with) transcribes it (pure). The tables are the facts of misaki's
 * transcription.py (after pinyin-to-ipa): initials and finals in IPA, the tone (Chao letters) put
 * on the syllable's vowel, then misaki's rewrite to Kokoro's vocabulary: tone letters -> arrows
 * (1 →, 2 ↗, 3 ↓, 4 ↘, neutral none), syllabic ɻ̩/ɹ̩ (zhi, zi) -> ɨ, the non-syllabic mark dropped.
 * "0" in a final marks where the tone goes.
 */

const INITIALS: Record<string, string> = {
  b: 'p', p: 'pʰ', m: 'm', f: 'f', d: 't', t: 'tʰ', n: 'n', l: 'l', g: 'k', k: 'kʰ', h: 'x',
  j: 'ʨ', q: 'ʨʰ', x: 'ɕ', zh: 'ꭧ', ch: 'ꭧʰ', sh: 'ʂ', r: 'ɻ', z: 'ʦ', c: 'ʦʰ', s: 's',
};

const FINALS: Record<string, string> = {
  a: 'a0', ai: 'ai0', an: 'a0n', ang: 'a0ŋ', ao: 'au0', e: 'ɤ0', ei: 'ei0', en: 'ə0n', eng: 'ə0ŋ',
  i: 'i0', ia: 'ja0', ian: 'jɛ0n', iang: 'ja0ŋ', iao: 'jau0', ie: 'je0', in: 'i0n', iou: 'jou0',
  ing: 'i0ŋ', iong: 'jʊ0ŋ', ong: 'ʊ0ŋ', ou: 'ou0', u: 'u0', uei: 'wei0', ua: 'wa0', uai: 'wai0',
  uan: 'wa0n', uen: 'wə0n', uang: 'wa0ŋ', ueng: 'wə0ŋ', uo: 'wo0', o: 'wo0',
  ü: 'y0', üe: 'ɥe0', üan: 'ɥɛ0n', ün: 'y0n',
};

/** Whole syllables that are neither initial + final: interjections and syllabic nasals. */
const WHOLE: Record<string, string> = {
  er: 'ɚ0', o: 'ɔ0', ê: 'ɛ0', io: 'jɔ0', hm: 'hm0', hng: 'hŋ0', m: 'm0', n: 'n0', ng: 'ŋ0',
};

const TONES = ['', '→', '↗', '↓', '↘', ''];

/** y/w spellings and abbreviations -> the strict final (yu -> ü, wei -> uei, liu -> iou, jun -> ün). */
function strictFinal(initial: string, rest: string): string {
  let f = rest;
  if (initial === '') {
    if (f.startsWith('yu')) f = 'ü' + f.slice(2);
    else if (f.startsWith('yi')) f = f.slice(1);
    else if (f.startsWith('y')) f = 'i' + f.slice(1);
    else if (f.startsWith('wu')) f = f.slice(1);
    else if (f.startsWith('w')) f = 'u' + f.slice(1);
  }
  if ('jqx'.includes(initial) && initial !== '' && f.startsWith('u')) f = 'ü' + f.slice(1);
  if (initial !== '') {
    if (f === 'iu') f = 'iou';
    else if (f === 'ui') f = 'uei';
    else if (f === 'un') f = 'uen';
  }
  return f;
}

/**
 * "zhong1", "lü3", "lv3", "de5", "de0", "de" (neutral) -> Kokoro symbols ("ꭧʊ→ŋ"); null when the
 * syllable is not pinyin.
 */
export function syllableToKokoro(syllable: string): string | null {
  const m = /^([a-zêüv]+?)([0-5]?)$/.exec(syllable.toLowerCase().replace(/v/g, 'ü'));
  if (!m) return null;
  const body = m[1]!;
  const tone = TONES[Number(m[2] || '5')]!;
  let core = WHOLE[body];
  if (core === undefined) {
    const ini = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcs])?(.*)$/.exec(body)!;
    const initial = ini[1] ?? '';
    const final = strictFinal(initial, ini[2]!);
    let fin = FINALS[final];
    if (final === 'i' && ['zh', 'ch', 'sh', 'r', 'z', 'c', 's'].includes(initial)) fin = 'ɨ0';
    if (fin === undefined) return null;
    core = (INITIALS[initial] ?? '') + fin;
  }
  return core.replace('0', tone);
}
