import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, driverName } from "../../../test/helpers/db.ts";
import type { Database } from "../../db/database.ts";
import { ThrottleRepository, type ThrottleRule } from "./throttle.repository.ts";

let database: Database;
let throttle: ThrottleRepository;
const t0 = new Date("2026-12-02T09:00:00+05:30");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const rule: ThrottleRule = { windowMs: 15 * 60_000, limit: 5, lockMs: 60_000, maxLockMs: 8 * 60_000 };

before(async () => {
  database = await createTestDatabase();
  throttle = new ThrottleRepository(database.db);
});
after(async () => database?.close());

describe(`[${driverName}] throttle: attempts counted before the check`, () => {
  test("200 parallel attempts on one key: exactly the limit go ahead, the rest are refused with the lock's end", async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, () => throttle.attempt("login:burst", t0, rule)),
    );
    const allowed = results.filter((r) => r.allowed);
    assert.equal(allowed.length, 5);
    assert.deepEqual(allowed.map((r) => r.count).sort(), [1, 2, 3, 4, 5]);
    for (const r of results.filter((x) => !x.allowed))
      assert.equal(r.lockedUntil?.getTime(), at(1).getTime());
    assert.equal(await throttle.lockedUntil(["login:burst"], t0).then((d) => d?.getTime()), at(1).getTime());
  });

  test("each lock in a row doubles, up to the most; a reset forgets the back-off", async () => {
    const key = "login:backoff";
    const lockAfterFive = async (now: Date) => {
      for (let i = 0; i < 5; i++) assert.equal((await throttle.attempt(key, now, rule)).allowed, true);
      const refused = await throttle.attempt(key, now, rule);
      assert.equal(refused.allowed, false);
      return (refused.lockedUntil?.getTime() ?? 0) - now.getTime();
    };
    assert.equal(await lockAfterFive(at(0)), 60_000);
    // Still locked a moment later: refused, and not counted.
    assert.equal((await throttle.attempt(key, at(0.5), rule)).allowed, false);
    assert.equal(await lockAfterFive(at(1)), 2 * 60_000);
    assert.equal(await lockAfterFive(at(3)), 4 * 60_000);
    assert.equal(await lockAfterFive(at(7)), 8 * 60_000);
    assert.equal(await lockAfterFive(at(15)), 8 * 60_000, "never longer than maxLockMs");
    await throttle.reset(key);
    assert.equal(await lockAfterFive(at(23)), 60_000);
  });

  test("a window that has passed starts the count afresh; a refund gives back one attempt", async () => {
    const key = "track:10.0.0.9";
    for (let i = 0; i < 4; i++) await throttle.attempt(key, at(0), rule);
    assert.equal((await throttle.attempt(key, at(16), rule)).count, 1);
    for (let i = 0; i < 4; i++) await throttle.attempt(key, at(16), rule);
    await throttle.refund(key, at(16));
    const next = await throttle.attempt(key, at(16), rule);
    assert.deepEqual(next, { allowed: true, count: 5 });
    assert.equal((await throttle.attempt(key, at(16), rule)).allowed, false);
  });

  test("a key locked long ago starts its back-off afresh", async () => {
    const key = "login:forgotten";
    const lock = async (now: Date) => {
      for (let i = 0; i < 6; i++) await throttle.attempt(key, now, rule);
      return ((await throttle.lockedUntil([key], now))?.getTime() ?? 0) - now.getTime();
    };
    assert.equal(await lock(at(0)), 60_000);
    assert.equal(await lock(at(2)), 2 * 60_000);
    assert.equal(await lock(at(2 * 24 * 60)), 60_000);
  });
});
