/**
 * Polls `probe` until it returns something truthy, and returns that; after
 * `ms` it fails naming what it waited for (`what` may be a function, to say
 * how far things got). For outcomes that arrive on their own (an SMSC's
 * submits, a worker's rows): the test waits for the outcome, never for a time.
 */
export async function until<T>(
  what: string | (() => string),
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === "function" ? what() : what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
