import { espeakFrontEnd, LATIN_CLOSERS, LATIN_TERMINATORS } from './espeak-language';

/** Brazilian Portuguese (p): espeak pt-br; R$ is the real. */
export const portuguese = espeakFrontEnd({
  id: 'pt-br',
  label: 'Portuguese (BR)',
  espeakVoice: 'pt-br',
  warmupText: 'Olá.',
  terminators: LATIN_TERMINATORS,
  closers: LATIN_CLOSERS,
  words: {
    decimal: ',',
    minus: 'menos',
    and: 'e',
    decimalWord: 'vírgula',
    time: (h, m) => (m === '00' ? h : `${h} e ${m}`),
    currencies: {
      R$: { one: 'real', many: 'reais', subOne: 'centavo', subMany: 'centavos' },
      $: { one: 'dólar', many: 'dólares', subOne: 'centavo', subMany: 'centavos' },
      '€': { one: 'euro', many: 'euros', subOne: 'centavo', subMany: 'centavos' },
    },
    months: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
    date: (d, m, y) => `${d === '1' ? 'primeiro' : d} de ${m} de ${y}`,
  },
});
