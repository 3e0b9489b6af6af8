/** Time is injected so SLA, session and throttle logic can be tested by moving the clock. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock for tests: starts at `start` and moves only when told. */
export function fixedClock(
  start: Date | string,
): Clock & { advance(ms: number): void; set(d: Date | string): void } {
  let now = new Date(start).getTime();
  const clock = (() => new Date(now)) as Clock & { advance(ms: number): void; set(d: Date | string): void };
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (d) => {
    now = new Date(d).getTime();
  };
  return clock;
}
