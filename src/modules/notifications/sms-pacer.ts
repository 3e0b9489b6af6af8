/**
 * Paces SMS parts so that no sliding window of `windowMs` holds more than
 * the rate: a log of the parts granted in the last window, counted at the
 * moment they are granted (just before the submit), so a timer that fires
 * late can never let two sends through on one slot. Grants are also spread
 * evenly (one part every windowMs / rate from the real grant time): a late
 * timer is not made up for with a burst.
 *
 * The window is a little longer than a second by default (1,050 ms): an
 * operator counts at its end, and parts sent evenly can arrive a few
 * milliseconds closer together than they left. Per process: `SMS_RATE` is
 * what one worker sends.
 */
/**
 * How much lateness the even spacing makes up for. None: on a loaded
 * machine (bench/README.md) any catch-up, even 10 ms, let bursts reach the
 * SMSC closer together than they left and pushed its count over the rate.
 */
const CATCH_UP_MS = 0;

export class SmsPacer {
  private readonly log: { at: number; parts: number }[] = [];
  private inWindow = 0;
  private nextAt = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  readonly windowMs: number;

  constructor(
    readonly rate: number,
    options: { now?: () => number; sleep?: (ms: number) => Promise<void>; windowMs?: number } = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.windowMs = options.windowMs ?? 1050;
  }

  private expire(now: number): void {
    while (this.log.length && (this.log[0] as { at: number }).at <= now - this.windowMs) {
      this.inWindow -= (this.log.shift() as { parts: number }).parts;
    }
  }

  /** When `parts` more fit under `limit`: the time enough of the log has left the window. */
  private fitsAt(parts: number, limit: number, now: number): number {
    // A message longer than the limit itself goes alone, into an empty window.
    const need = Math.min(parts, limit);
    let left = this.inWindow;
    if (left + need <= limit) return now;
    for (const e of this.log) {
      left -= e.parts;
      if (left + need <= limit) return e.at + this.windowMs;
    }
    return now;
  }

  /**
   * Waits until `parts` may go without more than `limit` (default: the rate)
   * in any window, and counts them as sent now. A rate of 0 is no limit.
   * One caller at a time (the dispatcher's loop).
   */
  async take(parts: number, limit = this.rate): Promise<void> {
    if (!this.rate || limit <= 0) return;
    const interval = (parts * this.windowMs) / limit;
    for (;;) {
      const now = this.now();
      this.expire(now);
      const fits = this.fitsAt(parts, limit, now);
      // The window is a hard bound; the spacing a soft one (timers fire in whole milliseconds).
      if (fits <= now && this.nextAt - now < 1) {
        this.log.push({ at: now, parts });
        this.inWindow += parts;
        this.nextAt = Math.max(this.nextAt, now - CATCH_UP_MS) + interval;
        return;
      }
      await this.sleep(Math.max(1, Math.max(fits, this.nextAt) - now));
    }
  }

  /** Parts counted in the window ending now. */
  used(): number {
    this.expire(this.now());
    return this.inWindow;
  }
}

/** The most parts in any window of `windowMs` (inclusive ends) over times sorted or not: what an SMSC counts. */
export function maxInWindow(events: { at: number; parts?: number }[], windowMs = 1000): number {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  let max = 0;
  let sum = 0;
  let start = 0;
  for (const e of sorted) {
    sum += e.parts ?? 1;
    while ((sorted[start] as { at: number }).at < e.at - windowMs + 1e-9) {
      sum -= sorted[start]?.parts ?? 1;
      start++;
    }
    max = Math.max(max, sum);
  }
  return max;
}
