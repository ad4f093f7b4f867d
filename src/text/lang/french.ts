import type { TrackedText } from '../tracked';
import { frenchOrdinalsStage } from './french-ordinals';
import { espeakFrontEnd, LATIN_CLOSERS, LATIN_TERMINATORS } from './espeak-language';

/** French clock times written with h: 10h30 -> 10 heures 30, 1h -> 1 heure (espeak says "h"). */
function frenchTimes(text: TrackedText): TrackedText {
  return text.replace(/\b(\d{1,2})\s?h\s?(\d{2})?\b/g, (m, h: string, min: string | undefined) => {
    if (Number(h) > 24 || (min !== undefined && Number(min) > 59)) return m;
    const hours = `${Number(h)} ${Number(h) === 1 ? 'heure' : 'heures'}`;
    return min && min !== '00' ? `${hours} ${Number(min)}` : hours;
  });
}

/** French (f): espeak fr-fr; « » quotes (closing after a space: « Oui ! »); ordinals as words (21e, XXe). */
export const french = espeakFrontEnd({
  id: 'fr',
  label: 'French',
  espeakVoice: 'fr-fr',
  warmupText: 'Bonjour.',
  terminators: LATIN_TERMINATORS,
  closers: LATIN_CLOSERS,
  words: {
    decimal: ',',
    minus: 'moins',
    and: 'et',
    decimalWord: 'virgule',
    time: (h, m) => `${h} ${h === '1' ? 'heure' : 'heures'}${m === '00' ? '' : ` ${m}`}`,
    currencies: {
      '€': { one: 'euro', many: 'euros', subOne: 'centime', subMany: 'centimes' },
      $: { one: 'dollar', many: 'dollars', subOne: 'cent', subMany: 'cents' },
      '£': { one: 'livre', many: 'livres', subOne: 'penny', subMany: 'pence' },
    },
    months: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
    date: (d, m, y) => `${d === '1' ? 'premier' : d} ${m} ${y}`,
    extra: (t) => frenchOrdinalsStage(frenchTimes(t)),
  },
});
