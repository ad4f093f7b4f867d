/** The report's colours, one meaning each. */
export const COLOUR = {
  warm: '#2b6cb0',
  cold: '#dd6b20',
  raw: '#718096',
  frontEnd: '#d69e2e',
  model: '#2b6cb0',
  sink: '#38a169',
  winner: '#2f855a',
  baseline: '#c53030',
  reference: '#4a5568',
  hot: '#c53030',
} as const;

/** Colours for several series (cases in one chart, percentiles). */
export const SERIES = ['#2b6cb0', '#dd6b20', '#2f855a', '#805ad5', '#b83280', '#319795', '#975a16', '#4a5568'] as const;
export const seriesColour = (i: number): string => SERIES[i % SERIES.length]!;
