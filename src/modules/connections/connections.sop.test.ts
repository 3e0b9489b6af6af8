import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ApplicationStatus, SopArea } from "../../db/schema.ts";
import { type ConnectionSopSettings, DEFAULT_SOP_SETTINGS } from "./connections.constants.ts";
import { compensationDue, sopSchedule, sopSettingsFrom } from "./connections.escalation.ts";
import { daysLate, releaseDueAt, type SopClockInput, stageDueAt } from "./connections.sop.ts";

const DAY = 86_400_000;
const at = (s: string) => new Date(`${s}+05:30`);

function app(
  over: Partial<SopClockInput> & { sop_area: SopArea; status?: ApplicationStatus },
): SopClockInput {
  return {
    status: "documents_complete",
    status_at: at("2026-12-01T10:00:00"),
    documents_complete_at: at("2026-12-01T10:00:00"),
    demand_note_at: null,
    charges_paid_at: null,
    ...over,
  };
}

describe("the SoP clock", () => {
  test("a rural application with documents complete at 10:00 is due exactly 15 days later at 10:00", () => {
    const due = releaseDueAt(app({ sop_area: "rural" }), DEFAULT_SOP_SETTINGS, at("2026-12-02T00:00:00"));
    assert.deepEqual(due, at("2026-12-16T10:00:00"));
  });

  test("metro 3 days, urban 7", () => {
    const now = at("2026-12-01T12:00:00");
    assert.deepEqual(
      releaseDueAt(app({ sop_area: "metro" }), DEFAULT_SOP_SETTINGS, now),
      at("2026-12-04T10:00:00"),
    );
    assert.deepEqual(
      releaseDueAt(app({ sop_area: "urban" }), DEFAULT_SOP_SETTINGS, now),
      at("2026-12-08T10:00:00"),
    );
  });

  test("no clock before the documents are complete", () => {
    const a = app({ sop_area: "rural", status: "applied", documents_complete_at: null });
    assert.equal(releaseDueAt(a, DEFAULT_SOP_SETTINGS, at("2026-12-30T10:00:00")), null);
  });

  test("the days a demand note waits for the payment are not counted", () => {
    // Demand note on the 3rd at 10:00, paid on the 8th at 10:00: five days added.
    const paid = app({
      sop_area: "rural",
      status: "charges_paid",
      demand_note_at: at("2026-12-03T10:00:00"),
      charges_paid_at: at("2026-12-08T10:00:00"),
    });
    assert.deepEqual(
      releaseDueAt(paid, DEFAULT_SOP_SETTINGS, at("2026-12-09T00:00:00")),
      at("2026-12-21T10:00:00"),
    );
    // Still waiting: the limit moves with now, and no escalation is scheduled.
    const waiting = app({
      sop_area: "rural",
      status: "demand_note_issued",
      demand_note_at: at("2026-12-03T10:00:00"),
    });
    const now = at("2026-12-20T10:00:00");
    assert.deepEqual(releaseDueAt(waiting, DEFAULT_SOP_SETTINGS, now), at("2027-01-02T10:00:00"));
    const s = sopSchedule(waiting, DEFAULT_SOP_SETTINGS, now);
    assert.equal(s.nextEscalationAt, null);
    assert.equal(s.stageDueAt, null);
  });

  test("settings per state change it", () => {
    const state: ConnectionSopSettings = sopSettingsFrom({ releaseDays: { metro: 2, urban: 5, rural: 10 } });
    assert.equal(
      state.compensationRsPerDay,
      DEFAULT_SOP_SETTINGS.compensationRsPerDay,
      "unset keys keep defaults",
    );
    const due = releaseDueAt(app({ sop_area: "rural" }), state, at("2026-12-02T00:00:00"));
    assert.deepEqual(due, at("2026-12-11T10:00:00"));
    const partial = sopSettingsFrom({ releaseDays: { urban: 4 } as ConnectionSopSettings["releaseDays"] });
    assert.equal(partial.releaseDays.urban, 4);
    assert.equal(partial.releaseDays.rural, 15);
  });

  test("a stage's internal limit counts from when the stage was reached; none while the applicant pays", () => {
    const a = app({ sop_area: "urban", status: "site_inspected", status_at: at("2026-12-02T09:00:00") });
    assert.deepEqual(stageDueAt(a, DEFAULT_SOP_SETTINGS), at("2026-12-04T09:00:00"));
    assert.equal(stageDueAt({ ...a, status: "demand_note_issued" }, DEFAULT_SOP_SETTINGS), null);
    assert.equal(stageDueAt({ ...a, status: "released" }, DEFAULT_SOP_SETTINGS), null);
  });

  test("compensation counts each day or part late", () => {
    const due = at("2026-12-16T10:00:00");
    assert.equal(daysLate(due, due), 0);
    assert.equal(compensationDue(due, DEFAULT_SOP_SETTINGS, new Date(due.getTime() + 1)), 100);
    assert.equal(compensationDue(due, DEFAULT_SOP_SETTINGS, new Date(due.getTime() + DAY)), 100);
    assert.equal(compensationDue(due, DEFAULT_SOP_SETTINGS, new Date(due.getTime() + DAY + 1)), 200);
  });

  test("the schedule climbs one rung per step past the earlier limit, up to the CE", () => {
    // Documents complete (stage limit 3 days) on the 1st at 10:00; urban release limit the 8th.
    const a = app({ sop_area: "urban" });
    const before = sopSchedule(a, DEFAULT_SOP_SETTINGS, at("2026-12-02T10:00:00"));
    assert.equal(before.level, 0);
    assert.deepEqual(before.nextEscalationAt, at("2026-12-04T10:00:00"));
    const first = sopSchedule(a, DEFAULT_SOP_SETTINGS, at("2026-12-04T10:00:00"));
    assert.equal(first.level, 1);
    assert.deepEqual(first.nextEscalationAt, at("2026-12-05T10:00:00"));
    const late = sopSchedule(a, DEFAULT_SOP_SETTINGS, at("2026-12-20T10:00:00"));
    assert.equal(late.level, 5, "the CE at most");
    // Top of the ladder: the next look is for another day of compensation.
    assert.deepEqual(late.nextEscalationAt, new Date(at("2026-12-20T10:00:00").getTime() + 1));
  });
});
