/** Milliseconds from an arbitrary origin; injectable so timing code can be tested. */
export type Clock = () => number;
export const hrClock: Clock = () => performance.now();
