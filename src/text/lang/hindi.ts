import { espeakFrontEnd, LATIN_CLOSERS } from './espeak-language';

/**
 * Hindi (h): espeak hi. Sentences end at the danda । (and ॥) as well as . ? !; the danda itself is
 * not spoken as punctuation, as in misaki (espeak drops it). Numbers use the decimal point and
 * Indian grouping (1,00,000 is "ek lakh", which espeak reads).
 */
export const hindi = espeakFrontEnd({
  id: 'hi',
  label: 'Hindi',
  espeakVoice: 'hi',
  warmupText: 'नमस्ते।',
  terminators: '.!?…।॥',
  closers: LATIN_CLOSERS,
  silent: '।॥',
  words: {
    decimal: '.',
    minus: 'माइनस',
    and: 'और',
    decimalWord: 'दशमलव',
    time: (h, m) => (m === '00' ? `${h} बजे` : `${h} बजकर ${m} मिनट`),
    timeWord: 'बजे',
    currencies: {
      '₹': { one: 'रुपया', many: 'रुपये', subOne: 'पैसा', subMany: 'पैसे' },
      'Rs.': { one: 'रुपया', many: 'रुपये', subOne: 'पैसा', subMany: 'पैसे' },
      $: { one: 'डॉलर', many: 'डॉलर', subOne: 'सेंट', subMany: 'सेंट' },
      '€': { one: 'यूरो', many: 'यूरो', subOne: 'सेंट', subMany: 'सेंट' },
    },
    months: ['जनवरी', 'फ़रवरी', 'मार्च', 'अप्रैल', 'मई', 'जून', 'जुलाई', 'अगस्त', 'सितंबर', 'अक्टूबर', 'नवंबर', 'दिसंबर'],
    date: (d, m, y) => `${d} ${m} ${y}`,
  },
});
