/**
 * Japanese kana -> Kokoro's symbols, as misaki's default Japanese G2P (its cutlet port, the one
 * Kokoro's pipeline builds for j voices) spells a word's pronunciation (pure). The table is the fact
 * of that G2P: one kana or a kana + small kana per sound, long-vowel mark -> ː, っ -> ʔ (glottal
 * stop), ん by what follows (m before m/p/b, ŋ before k/g, ɲ before ɲ/ʨ/ʥ, n before n/t/d/ɾ/z,
 * else ɴ), unknown characters -> nothing.
 */

const SINGLE = [
  'ぁa', 'あa', 'ぃi', 'いi', 'ぅɯ', 'うɯ', 'ぇe', 'えe', 'ぉo', 'おo',
  'かka', 'がɡa', 'きkʲi', 'ぎɡʲi', 'くkɯ', 'ぐɡɯ', 'けke', 'げɡe', 'こko', 'ごɡo',
  'さsa', 'ざʣa', 'しɕi', 'じʥi', 'すsɨ', 'ずzɨ', 'せse', 'ぜʣe', 'そso', 'ぞʣo',
  'たta', 'だda', 'ちʨi', 'ぢʥi', 'つʦɨ', 'づzɨ', 'てte', 'でde', 'とto', 'どdo',
  'なna', 'にɲi', 'ぬnɯ', 'ねne', 'のno',
  'はha', 'ばba', 'ぱpa', 'ひçi', 'びbʲi', 'ぴpʲi', 'ふɸɯ', 'ぶbɯ', 'ぷpɯ', 'へhe', 'べbe', 'ぺpe', 'ほho', 'ぼbo', 'ぽpo',
  'まma', 'みmʲi', 'むmɯ', 'めme', 'もmo', 'ゃja', 'やja', 'ゅjɯ', 'ゆjɯ', 'ょjo', 'よjo',
  'らɾa', 'りɾʲi', 'るɾɯ', 'れɾe', 'ろɾo', 'ゎβa', 'わβa', 'ゐi', 'ゑe', 'をo', 'ゔvɯ', 'ゕka', 'ゖke',
  'ヷva', 'ヸvʲi', 'ヹve', 'ヺvo',
];

const DOUBLE = [
  'いぇje', 'うぃβi', 'うぇβe', 'うぉβo', 'きぇkʲe', 'きゃkʲa', 'きゅkʲɨ', 'きょkʲo', 'ぎゃɡʲa', 'ぎゅɡʲɨ', 'ぎょɡʲo',
  'くぁkᵝa', 'くぃkᵝi', 'くぇkᵝe', 'くぉkᵝo', 'ぐぁɡᵝa', 'ぐぃɡᵝi', 'ぐぇɡᵝe', 'ぐぉɡᵝo',
  'しぇɕe', 'しゃɕa', 'しゅɕɨ', 'しょɕo', 'じぇʥe', 'じゃʥa', 'じゅʥɨ', 'じょʥo',
  'ちぇʨe', 'ちゃʨa', 'ちゅʨɨ', 'ちょʨo', 'ぢゃʥa', 'ぢゅʥɨ', 'ぢょʥo',
  'つぁʦa', 'つぃʦʲi', 'つぇʦe', 'つぉʦo', 'てぃtʲi', 'てゅtʲɨ', 'でぃdʲi', 'でゅdʲɨ', 'とぅtɯ', 'どぅdɯ',
  'にぇɲe', 'にゃɲa', 'にゅɲɨ', 'にょɲo', 'ひぇçe', 'ひゃça', 'ひゅçɨ', 'ひょço',
  'びゃbʲa', 'びゅbʲɨ', 'びょbʲo', 'ぴゃpʲa', 'ぴゅpʲɨ', 'ぴょpʲo',
  'ふぁɸa', 'ふぃɸʲi', 'ふぇɸe', 'ふぉɸo', 'ふゅɸʲɨ', 'ふょɸʲo', 'みゃmʲa', 'みゅmʲɨ', 'みょmʲo',
  'りゃɾʲa', 'りゅɾʲɨ', 'りょɾʲo', 'ゔぁva', 'ゔぃvʲi', 'ゔぇve', 'ゔぉvo', 'ゔゅbʲɨ', 'ゔょbʲo',
];

export const KANA: ReadonlyMap<string, string> = new Map([
  ...SINGLE.map((e) => [e[0]!, e.slice(1)] as const),
  ...DOUBLE.map((e) => [e.slice(0, 2), e.slice(2)] as const),
]);

const SMALL = new Set('ゃゅょぁぃぅぇぉ');

/** Katakana -> hiragana (ヷ-ヺ, which have no hiragana, and ー stay). */
export function toHiragana(text: string): string {
  return text.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

function nasal(next: string | undefined): string {
  const n = next === undefined ? undefined : KANA.get(next);
  if (n === undefined) return 'ɴ';
  if ('mpb'.includes(n[0]!)) return 'm';
  if ('kɡ'.includes(n[0]!)) return 'ŋ';
  if (/^[ɲʨʥ]/.test(n)) return 'ɲ';
  if ('ntdɾz'.includes(n[0]!)) return 'n';
  return 'ɴ';
}

/** One character of a word's kana, given its neighbours. */
function mora(prev: string | undefined, kana: string, next: string | undefined): string {
  if ('ゝヽ'.includes(kana)) return prev === undefined ? '' : mora(undefined, prev, kana);
  if ('〃々ゞヾ'.includes(kana)) return '';
  if (prev !== undefined && KANA.has(prev + kana)) return KANA.get(prev + kana)!;
  if (next !== undefined && KANA.has(kana + next)) return '';
  if (next !== undefined && SMALL.has(next)) return kana === 'っ' ? '' : (KANA.get(kana) ?? '').slice(0, -1) + (KANA.get(next) ?? '');
  if (SMALL.has(kana)) return '';
  if (kana === 'ー') return 'ː';
  if (kana === 'っ') return 'ʔ';
  if (kana === 'ん') return nasal(next);
  return KANA.get(kana) ?? '';
}

/** A word's pronunciation in kana (hiragana or katakana) -> Kokoro symbols: トーキョー -> toːkʲoː. */
export function kanaToKokoro(kana: string): string {
  const chars = [...toHiragana(kana)];
  return chars.map((c, i) => mora(chars[i - 1], c, chars[i + 1])).join('');
}
