/** Waits for `done` at most `ms`; true when the time ran out first. */
export async function lateAfter(done: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = await Promise.race([done.then(() => false), new Promise<boolean>((ok) => (timer = setTimeout(() => ok(true), ms)))]);
  clearTimeout(timer);
  return late;
}
