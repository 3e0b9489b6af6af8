import assert from "node:assert/strict";
import { test } from "node:test";
import { dueAt, levelAt, nextEscalationAt, reopenDueAt } from "./complaints.sla.ts";

const dt = { urban_limit_minutes: 24 * 60, rural_limit_minutes: 72 * 60, escalation_step_minutes: 720 };
const fuse = { urban_limit_minutes: 240, rural_limit_minutes: 720, escalation_step_minutes: 120 };

test("a rural DT failure registered at 10:00 is due at 10:00 three days later", () => {
  const at = new Date("2026-11-28T10:00:00+05:30");
  assert.equal(dueAt(at, dt, "rural").toISOString(), new Date("2026-12-01T10:00:00+05:30").toISOString());
  assert.equal(dueAt(at, dt, "urban").toISOString(), new Date("2026-11-29T10:00:00+05:30").toISOString());
});

test("the ladder: JE at the due time, then AE, EE, SE, CE one step apart, nothing after CE", () => {
  const due = new Date("2026-11-28T13:00:00Z");
  const at = (min: number) => new Date(due.getTime() + min * 60_000);
  assert.equal(levelAt(at(-1), due, fuse), 0);
  assert.equal(levelAt(at(0), due, fuse), 1);
  assert.equal(levelAt(at(119), due, fuse), 1);
  assert.equal(levelAt(at(120), due, fuse), 2);
  assert.equal(levelAt(at(240), due, fuse), 3);
  assert.equal(levelAt(at(100_000), due, fuse), 5);
  assert.equal(nextEscalationAt(due, 0, fuse)?.toISOString(), due.toISOString());
  assert.equal(nextEscalationAt(due, 2, fuse)?.toISOString(), at(240).toISOString());
  assert.equal(nextEscalationAt(due, 5, fuse), null);
});

test("a reopened complaint gets half the limit, at least an hour", () => {
  const at = new Date("2026-11-28T10:00:00Z");
  assert.equal(reopenDueAt(at, fuse, "urban", 50).getTime() - at.getTime(), 120 * 60_000);
  assert.equal(
    reopenDueAt(at, { ...fuse, urban_limit_minutes: 60 }, "urban", 50).getTime() - at.getTime(),
    60 * 60_000,
  );
});
