import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { startOfDay, startOfMonth, zonedParts, zonedTime } from "./time.ts";

const iso = (d: Date) => d.toISOString();

describe("startOfDay", () => {
  test("India: midnight IST is 18:30 UTC the day before", () => {
    assert.equal(
      iso(startOfDay(new Date("2026-11-20T10:00:00Z"), "Asia/Kolkata")),
      "2026-11-19T18:30:00.000Z",
    );
    // 20:00 UTC is already the next day in India.
    assert.equal(
      iso(startOfDay(new Date("2026-11-20T20:00:00Z"), "Asia/Kolkata")),
      "2026-11-20T18:30:00.000Z",
    );
  });

  test("London and New York on the days their clocks change", () => {
    // London: GMT to BST on 29 March 2026, back on 25 October.
    assert.equal(
      iso(startOfDay(new Date("2026-03-29T12:00:00Z"), "Europe/London")),
      "2026-03-29T00:00:00.000Z",
    );
    assert.equal(
      iso(startOfDay(new Date("2026-03-30T12:00:00Z"), "Europe/London")),
      "2026-03-29T23:00:00.000Z",
    );
    assert.equal(
      iso(startOfDay(new Date("2026-10-25T12:00:00Z"), "Europe/London")),
      "2026-10-24T23:00:00.000Z",
    );
    // New York: EST to EDT on 8 March 2026, back on 1 November.
    assert.equal(
      iso(startOfDay(new Date("2026-03-08T18:00:00Z"), "America/New_York")),
      "2026-03-08T05:00:00.000Z",
    );
    assert.equal(
      iso(startOfDay(new Date("2026-03-09T18:00:00Z"), "America/New_York")),
      "2026-03-09T04:00:00.000Z",
    );
    assert.equal(
      iso(startOfDay(new Date("2026-11-01T18:00:00Z"), "America/New_York")),
      "2026-11-01T04:00:00.000Z",
    );
  });

  test("Sydney on the day clocks go forward: the offset at local midnight, not at UTC midnight", () => {
    // AEST (+10) until 2 a.m. on 4 October 2026, then AEDT (+11). UTC midnight is already AEDT.
    const day = startOfDay(new Date("2026-10-04T05:00:00Z"), "Australia/Sydney");
    assert.equal(iso(day), "2026-10-03T14:00:00.000Z");
    const wall = zonedParts(day, "Australia/Sydney");
    assert.deepEqual([wall.day, wall.hour, wall.minute], [4, 0, 0]);
    // And back: AEDT until 3 a.m. on 5 April 2026.
    assert.equal(
      iso(startOfDay(new Date("2026-04-05T05:00:00Z"), "Australia/Sydney")),
      "2026-04-04T13:00:00.000Z",
    );
  });

  test("where clocks skip midnight itself, the day starts when they jump", () => {
    // Chile: 6 September 2026 begins at 01:00 CLST (-3), 04:00 UTC.
    const day = startOfDay(new Date("2026-09-06T15:00:00Z"), "America/Santiago");
    assert.equal(iso(day), "2026-09-06T04:00:00.000Z");
    const wall = zonedParts(day, "America/Santiago");
    assert.deepEqual([wall.day, wall.hour], [6, 1]);
  });

  test("every instant of a year lies in the day startOfDay gives it, in several zones", () => {
    for (const zone of [
      "Asia/Kolkata",
      "Europe/London",
      "America/New_York",
      "Australia/Sydney",
      "Pacific/Auckland",
    ]) {
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 7 * 3600_000) {
        const at = new Date(t);
        const start = startOfDay(at, zone);
        const p = zonedParts(at, zone);
        const s = zonedParts(start, zone);
        assert.deepEqual(
          [s.year, s.month, s.day, s.hour, s.minute],
          [p.year, p.month, p.day, 0, 0],
          `${zone} ${iso(at)}`,
        );
        assert.ok(start.getTime() <= t && t - start.getTime() < 25 * 3600_000, `${zone} ${iso(at)}`);
      }
    }
  });
});

describe("startOfMonth", () => {
  test("midnight of the first in the zone", () => {
    assert.equal(iso(startOfMonth("2026-11", "Asia/Kolkata")), "2026-10-31T18:30:00.000Z");
    assert.equal(iso(startOfMonth("2026-04", "Europe/London")), "2026-03-31T23:00:00.000Z");
  });
});

describe("zonedTime", () => {
  test("a wall-clock time around a change of clocks", () => {
    // New York, 8 March 2026: 01:30 is EST, 03:30 EDT; 02:30 does not exist and moves on by the gap.
    assert.equal(iso(zonedTime(2026, 3, 8, 1, 30, "America/New_York")), "2026-03-08T06:30:00.000Z");
    assert.equal(iso(zonedTime(2026, 3, 8, 3, 30, "America/New_York")), "2026-03-08T07:30:00.000Z");
    assert.equal(iso(zonedTime(2026, 3, 8, 2, 30, "America/New_York")), "2026-03-08T07:30:00.000Z");
    // Sydney, 4 October 2026: 01:00 is still AEST (+10).
    assert.equal(iso(zonedTime(2026, 10, 4, 1, 0, "Australia/Sydney")), "2026-10-03T15:00:00.000Z");
    assert.equal(iso(zonedTime(2026, 11, 20, 14, 35, "Asia/Kolkata")), "2026-11-20T09:05:00.000Z");
  });
});

describe("zonedParts", () => {
  test("the hour is 0-23 (midnight is 0, never 24)", () => {
    assert.equal(zonedParts(new Date("2026-11-19T18:30:00Z"), "Asia/Kolkata").hour, 0);
    assert.equal(zonedParts(new Date("2026-11-20T17:59:00Z"), "Asia/Kolkata").hour, 23);
  });
});
