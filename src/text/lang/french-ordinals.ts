import type { TrackedText } from '../tracked';

/**
 * French ordinals written with a letter (2e, 3ème, 21e, XXe, 1re), which espeak reads as a number and
 * a letter ("deux e"): said as words (deuxième, vingt et unième, vingtième, première). Pure.
 */
const UNITS = ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize'];
const TENS = ['', '', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante', 'soixante', 'quatre-vingt', 'quatre-vingt'];

function underHundred(n: number): string {
  if (n <= 16) return UNITS[n]!;
  if (n < 20) return `dix-${UNITS[n - 10]}`;
  const t = Math.floor(n / 10);
  const u = n % 10;
  if (t === 7) return u === 1 ? 'soixante et onze' : `soixante-${underHundred(10 + u)}`;
  if (t === 9) return `quatre-vingt-${underHundred(10 + u)}`;
  if (u === 0) return t === 8 ? 'quatre-vingts' : TENS[t]!;
  if (u === 1 && t !== 8) return `${TENS[t]} et un`;
  return `${TENS[t]}-${UNITS[u]}`;
}

/** French cardinal words for 0..999 999. */
export function frenchCardinal(n: number): string {
  if (n >= 1000) {
    const k = Math.floor(n / 1000);
    const rest = n % 1000;
    const head = k === 1 ? 'mille' : `${frenchCardinal(k).replace(/s$/, '')} mille`;
    return rest ? `${head} ${frenchCardinal(rest)}` : head;
  }
  if (n >= 100) {
    const h = Math.floor(n / 100);
    const rest = n % 100;
    const head = h === 1 ? 'cent' : `${UNITS[h]} cent${rest ? '' : 's'}`;
    return rest ? `${head} ${underHundred(rest)}` : head;
  }
  return underHundred(n);
}

/** 2 -> deuxième, 5 -> cinquième, 9 -> neuvième, 21 -> vingt et unième, 80 -> quatre-vingtième. */
export function frenchOrdinal(n: number, feminine = false): string {
  if (n === 1) return feminine ? 'première' : 'premier';
  const words = frenchCardinal(n).replace(/(vingt|cent)s$/, '$1');
  if (words.endsWith('cinq')) return `${words}uième`;
  if (words.endsWith('neuf')) return `${words.slice(0, -1)}vième`;
  if (words.endsWith('e')) return `${words.slice(0, -1)}ième`;
  return `${words}ième`;
}

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

export function fromRoman(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN[s[i]!]!;
    const next = ROMAN[s[i + 1] ?? ''] ?? 0;
    n += v < next ? -v : v;
  }
  return n;
}

export function frenchOrdinalsStage(text: TrackedText): TrackedText {
  return text
    .replace(/\b(\d{1,6})(re|ère|er|e|ème|ᵉ|ᵉʳ)(?![\p{L}\d])/gu, (_m, n: string, suffix: string) => frenchOrdinal(Number(n), suffix === 're' || suffix === 'ère'))
    .replace(/\b([IVXLC]{1,7})(e|ème|ᵉ)(?![\p{L}\d'’])/gu, (m, r: string) => ((r.length > 1 || /[IVX]/.test(r)) && /^(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$/.test(r) ? frenchOrdinal(fromRoman(r)) : m));
}
