import assert from "node:assert/strict";
import { test } from "node:test";
import { maxInWindow, SmsPacer } from "./sms-pacer.ts";

/** A clock the test moves: sleeping moves it, by more than asked when timers fire late. */
function fakeTime(lateness: () => number) {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms + lateness();
    },
    pass: (ms: number) => {
      t += ms;
    },
  };
}

// A fixed sequence standing in for random lateness, so a failure replays.
function sequence(values: number[]) {
  let i = 0;
  return () => values[i++ % values.length] as number;
}

test("no sliding second holds more parts than the rate, whatever the timers' lateness and message lengths", async () => {
  for (const rate of [1, 7, 20, 100, 1000]) {
    const time = fakeTime(sequence([0, 0, 35, 0, 120, 3, 0, 0, 600, 1]));
    const pacer = new SmsPacer(rate, { now: time.now, sleep: time.sleep });
    const sent: { at: number; parts: number }[] = [];
    const lengths = sequence([1, 3, 2, 1, 1, 3, 2]);
    for (let i = 0; i < 3 * rate + 20; i++) {
      const parts = lengths();
      await pacer.take(parts);
      sent.push({ at: time.now(), parts });
      // The submit itself and the loop around it take time too, now and then a lot.
      time.pass(i % 11 === 0 ? 40 : 0);
    }
    const partsLimit = Math.max(rate, 3); // a message longer than the rate goes alone
    assert.ok(
      maxInWindow(sent, pacer.windowMs) <= partsLimit,
      `rate ${rate}: ${maxInWindow(sent, pacer.windowMs)} parts in one window`,
    );
    assert.ok(maxInWindow(sent, 1000) <= partsLimit);
  }
});

test("a halved limit (the SMSC throttles) waits for the window to drain to it", async () => {
  const time = fakeTime(() => 0);
  const pacer = new SmsPacer(10, { now: time.now, sleep: time.sleep });
  const sent: { at: number; parts: number }[] = [];
  for (let i = 0; i < 10; i++) {
    await pacer.take(1);
    sent.push({ at: time.now(), parts: 1 });
  }
  const halvedFrom = time.now();
  for (let i = 0; i < 10; i++) {
    await pacer.take(1, 5);
    sent.push({ at: time.now(), parts: 1 });
  }
  assert.ok(maxInWindow(sent, pacer.windowMs) <= 10);
  assert.ok(
    maxInWindow(
      sent.filter((s) => s.at > halvedFrom),
      pacer.windowMs,
    ) <= 5,
  );
});

test("rate 0 is no limit", async () => {
  const time = fakeTime(() => 0);
  const pacer = new SmsPacer(0, { now: time.now, sleep: time.sleep });
  for (let i = 0; i < 1000; i++) await pacer.take(3);
  assert.equal(time.now(), 0);
});

test("maxInWindow counts half-open windows of parts", () => {
  assert.equal(maxInWindow([]), 0);
  assert.equal(
    maxInWindow([
      { at: 0, parts: 2 },
      { at: 999, parts: 1 },
      { at: 1000, parts: 5 },
    ]),
    6,
  );
  assert.equal(maxInWindow([{ at: 0 }, { at: 500 }, { at: 500 }]), 3);
});
