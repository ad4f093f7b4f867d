import { espeakFrontEnd, LATIN_CLOSERS, LATIN_TERMINATORS } from './espeak-language';

/** Spanish (e): espeak es; ¿ ¡ open a sentence and stay with it. */
export const spanish = espeakFrontEnd({
  id: 'es',
  label: 'Spanish',
  espeakVoice: 'es',
  warmupText: 'Hola.',
  terminators: LATIN_TERMINATORS,
  closers: LATIN_CLOSERS,
  words: {
    decimal: ',',
    minus: 'menos',
    and: 'con',
    decimalWord: 'coma',
    time: (h, m) => (m === '00' ? h : `${h} y ${m}`),
    currencies: {
      $: { one: 'dólar', many: 'dólares', subOne: 'centavo', subMany: 'centavos' },
      '€': { one: 'euro', many: 'euros', subOne: 'céntimo', subMany: 'céntimos' },
      '£': { one: 'libra', many: 'libras', subOne: 'penique', subMany: 'peniques' },
    },
    months: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
    date: (d, m, y) => `${d} de ${m} de ${y}`,
  },
});
