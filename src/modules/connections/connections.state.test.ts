import assert from "node:assert/strict";
import { test } from "node:test";
import { APPLICATION_STATUSES, type ApplicationStatus } from "../../db/schema.constants.ts";
import { DEFAULT_SOP_SETTINGS } from "./connections.constants.ts";
import {
  clockColumns,
  type MoveInput,
  type MoveSubject,
  normaliseAddress,
  offeredMoves,
  refuseMove,
  sopSettings,
} from "./connections.state.ts";

// The stages written out by hand, independent of APPLICATION_MOVES: from each
// status, where staff may move an application. Everything else is refused.
const EXPECTED: Record<ApplicationStatus, ApplicationStatus[]> = {
  applied: ["documents_complete", "rejected"],
  documents_complete: ["site_inspected", "rejected"],
  site_inspected: ["demand_note_issued", "rejected"],
  demand_note_issued: ["charges_paid", "rejected"],
  charges_paid: ["meter_installed", "rejected"],
  meter_installed: ["released"],
  released: [],
  rejected: [],
};

const complete = (status: ApplicationStatus): MoveSubject => ({
  status,
  documents: [
    { code: "identity_proof", received: true },
    { code: "photo", received: true },
  ],
  charges_demanded_rs: 4500,
  charges_paid_rs: 0,
});

/** A move with every input its guard wants. */
const satisfied = (to: ApplicationStatus): MoveInput => ({
  to,
  rejectReason: "no proof of ownership",
  chargesDemandedRs: 4500,
  chargesPaidRs: 4500,
});

test("every status × every target: allowed exactly per the stages, with the guards satisfied", () => {
  let checked = 0;
  for (const from of APPLICATION_STATUSES) {
    for (const to of APPLICATION_STATUSES) {
      const refusal = refuseMove(complete(from), satisfied(to));
      if (EXPECTED[from].includes(to)) assert.equal(refusal, undefined, `${from} → ${to} is allowed`);
      else {
        assert.equal(refusal?.status, 409, `${from} → ${to} is refused`);
        assert.equal(refusal?.field, "to");
      }
      checked++;
    }
    assert.deepEqual(offeredMoves(complete(from)), EXPECTED[from], `moves offered at ${from}`);
  }
  assert.equal(checked, APPLICATION_STATUSES.length ** 2);
});

test("every allowed move without the input its guard needs is refused naming the field", () => {
  const guarded: Partial<
    Record<
      ApplicationStatus,
      { subject?: Partial<MoveSubject>; input: MoveInput; field: string; status: number }[]
    >
  > = {
    documents_complete: [
      {
        subject: {
          documents: [
            { code: "photo", received: true },
            { code: "noc", received: false },
          ],
        },
        input: { to: "documents_complete" },
        field: "documents",
        status: 409,
      },
    ],
    demand_note_issued: [{ input: { to: "demand_note_issued" }, field: "chargesDemandedRs", status: 400 }],
    charges_paid: [
      { input: { to: "charges_paid", chargesPaidRs: 4499 }, field: "chargesPaidRs", status: 400 },
      // Without an amount, what was recorded before counts: nothing yet.
      { input: { to: "charges_paid" }, field: "chargesPaidRs", status: 400 },
    ],
    rejected: [
      { input: { to: "rejected" }, field: "rejectReason", status: 400 },
      { input: { to: "rejected", rejectReason: "   " }, field: "rejectReason", status: 400 },
    ],
  };
  let checked = 0;
  for (const from of APPLICATION_STATUSES) {
    for (const to of EXPECTED[from]) {
      for (const g of guarded[to] ?? []) {
        const r = refuseMove({ ...complete(from), ...g.subject }, g.input);
        assert.equal(r?.field, g.field, `${from} → ${to} without ${g.field}`);
        assert.equal(r?.status, g.status);
        checked++;
      }
    }
  }
  assert.ok(checked >= 10, `${checked} guarded moves checked`);
  // The guards that pass: a free connection, a payment recorded earlier, complete documents with none listed.
  assert.equal(
    refuseMove({ ...complete("site_inspected") }, { to: "demand_note_issued", chargesDemandedRs: 0 }),
    undefined,
  );
  assert.equal(
    refuseMove({ ...complete("demand_note_issued"), charges_paid_rs: 4500 }, { to: "charges_paid" }),
    undefined,
  );
  assert.equal(
    refuseMove({ ...complete("applied"), documents: [] }, { to: "documents_complete" }),
    undefined,
  );
  assert.equal(
    refuseMove(complete("meter_installed"), { to: "released" }),
    undefined,
    "no consumer number: one is created",
  );
});

test("documents complete is offered only once every document is received", () => {
  const missing = { ...complete("applied"), documents: [{ code: "photo", received: false }] };
  assert.deepEqual(offeredMoves(missing), ["rejected"]);
});

test("the clock: stage and release limits, the earlier escalates; paused awaiting payment; none once final", () => {
  const at = new Date("2026-12-05T04:30:00Z"); // 10:00 IST
  const day = 86_400_000;
  const base = {
    sop_area: "rural" as const,
    status_at: at,
    documents_complete_at: null,
    demand_note_at: null,
    charges_paid_at: null,
  };
  const applied = clockColumns({ ...base, status: "applied" }, DEFAULT_SOP_SETTINGS, at);
  assert.deepEqual(applied, {
    stage_due_at: new Date(at.getTime() + 2 * day),
    release_due_at: null,
    next_escalation_at: new Date(at.getTime() + 2 * day),
  });
  // A rural application with documents complete at 10:00 is due 15 days later.
  const docs = clockColumns(
    { ...base, status: "documents_complete", documents_complete_at: at },
    DEFAULT_SOP_SETTINGS,
    at,
  );
  assert.equal(docs.release_due_at?.toISOString(), new Date(at.getTime() + 15 * day).toISOString());
  assert.equal(docs.next_escalation_at?.getTime(), at.getTime() + 3 * day, "the stage's limit comes first");
  const noStageLimit = clockColumns(
    { ...base, status: "documents_complete", documents_complete_at: at },
    { ...DEFAULT_SOP_SETTINGS, stageDays: {} },
    at,
  );
  assert.equal(noStageLimit.stage_due_at, null);
  assert.equal(noStageLimit.next_escalation_at?.getTime(), at.getTime() + 15 * day);
  const later = new Date(at.getTime() + 4 * day);
  const paused = clockColumns(
    {
      ...base,
      status: "demand_note_issued",
      documents_complete_at: at,
      demand_note_at: new Date(at.getTime() + day),
    },
    DEFAULT_SOP_SETTINGS,
    later,
  );
  assert.equal(paused.next_escalation_at, null);
  assert.equal(paused.stage_due_at, null);
  assert.equal(paused.release_due_at?.getTime(), at.getTime() + 18 * day, "3 days waiting for payment added");
  for (const status of ["released", "rejected"] as const) {
    const c = clockColumns({ ...base, status, documents_complete_at: at }, DEFAULT_SOP_SETTINGS, later);
    assert.equal(c.next_escalation_at, null);
    assert.equal(c.stage_due_at, null);
  }
});

test("settings over the defaults; addresses compared without case, punctuation or spacing", () => {
  assert.deepEqual(sopSettings(undefined), DEFAULT_SOP_SETTINGS);
  const s = sopSettings({ releaseDays: { metro: 2 } as never, compensationRsPerDay: 50 });
  assert.deepEqual(s.releaseDays, { metro: 2, urban: 7, rural: 15 });
  assert.equal(s.compensationRsPerDay, 50);
  assert.equal(s.escalationStepHours, DEFAULT_SOP_SETTINGS.escalationStepHours);
  assert.equal(normaliseAddress("H.No. 7, Gandhi  Chowk"), normaliseAddress("h no 7 gandhi chowk"));
  assert.equal(normaliseAddress("म.नं. 7, गांधी चौक"), normaliseAddress("म नं 7 गांधी  चौक"));
  assert.notEqual(normaliseAddress("H.No. 7"), normaliseAddress("H.No. 8"));
});
