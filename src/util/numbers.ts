import { InvalidValue } from './errors';

/** What a number must be: whole or not, its bounds, and what it counts (said in the reason). */
export interface NumberRule {
  readonly whole?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** e.g. 'seconds': "must be a number of seconds from 0 to 10". */
  readonly of?: string;
}

/**
 * The one number parser of settings and flags: a number from text (a flag, a variable) or from JSON,
 * checked against `rule`; anything else throws InvalidValue saying what the value must be.
 */
export function parseNumber(raw: unknown, rule: NumberRule = {}): number {
  const v = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof v !== 'number' || !Number.isFinite(v) || (rule.whole && !Number.isSafeInteger(v)) || v < (rule.min ?? -Infinity) || v > (rule.max ?? Infinity)) {
    throw new InvalidValue(`must be ${numberWanted(rule)}`);
  }
  return v;
}

function numberWanted(r: NumberRule): string {
  const what = r.whole ? 'a whole number' : r.of ? `a number of ${r.of}` : 'a number';
  return `${what}${r.min !== undefined ? ` from ${r.min}` : ''}${r.max !== undefined ? ` to ${r.max}` : ''}`;
}
