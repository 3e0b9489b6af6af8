import assert from "node:assert/strict";
import { test } from "node:test";
import { dayOf, fromZonedInput, monthOf, toZonedInput } from "../web/src/time.ts";

test("web time: India keeps +05:30, as the screens always read it", () => {
  assert.equal(fromZonedInput("2026-11-28T14:05", "Asia/Kolkata"), "2026-11-28T08:35:00.000Z");
  assert.equal(toZonedInput(new Date("2026-11-28T08:35:00Z"), "Asia/Kolkata"), "2026-11-28T14:05");
  assert.equal(dayOf(new Date("2026-11-28T19:00:00Z"), "Asia/Kolkata"), "2026-11-29");
  assert.equal(monthOf(new Date("2026-11-30T19:00:00Z"), "Asia/Kolkata"), "2026-12");
  assert.equal(fromZonedInput("", "Asia/Kolkata"), undefined);
  assert.equal(fromZonedInput("not a time", "Asia/Kolkata"), undefined);
});

test("web time: another zone, on both sides of a DST change", () => {
  // New York: EDT (-4) until 1 Nov 2026 02:00, EST (-5) after.
  assert.equal(fromZonedInput("2026-10-31T12:00", "America/New_York"), "2026-10-31T16:00:00.000Z");
  assert.equal(fromZonedInput("2026-11-02T12:00", "America/New_York"), "2026-11-02T17:00:00.000Z");
  assert.equal(toZonedInput(new Date("2026-11-02T17:00:00Z"), "America/New_York"), "2026-11-02T12:00");
  assert.equal(dayOf(new Date("2026-11-02T03:30:00Z"), "America/New_York"), "2026-11-01");
  for (const v of ["2026-03-07T23:30", "2026-03-09T08:15", "2026-07-04T00:00"])
    assert.equal(toZonedInput(new Date(fromZonedInput(v, "America/New_York") ?? ""), "America/New_York"), v);
});
