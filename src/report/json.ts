import type { Reporter } from './reporter';

/** Results as their files hold them: two-space indented, one newline at the end. */
export const prettyJson = (r: unknown): string => `${JSON.stringify(r, null, 2)}\n`;

export const jsonReporter: Reporter = { report: prettyJson, comparison: prettyJson, tune: prettyJson };
