import { espeakFrontEnd, LATIN_CLOSERS, LATIN_TERMINATORS } from './espeak-language';

/** Italian (i): espeak it. */
export const italian = espeakFrontEnd({
  id: 'it',
  label: 'Italian',
  espeakVoice: 'it',
  warmupText: 'Ciao.',
  terminators: LATIN_TERMINATORS,
  closers: LATIN_CLOSERS,
  words: {
    decimal: ',',
    minus: 'meno',
    and: 'e',
    decimalWord: 'virgola',
    time: (h, m) => (m === '00' ? h : `${h} e ${m}`),
    currencies: {
      '€': { one: 'euro', many: 'euro', subOne: 'centesimo', subMany: 'centesimi' },
      $: { one: 'dollaro', many: 'dollari', subOne: 'centesimo', subMany: 'centesimi' },
      '£': { one: 'sterlina', many: 'sterline', subOne: 'penny', subMany: 'pence' },
    },
    months: ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
    date: (d, m, y) => `${d === '1' ? 'primo' : d} ${m} ${y}`,
  },
});
