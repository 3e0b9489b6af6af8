import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, principalOf, type TestApp } from "../../../test/helpers/app.ts";
import type { ApplicationStatus, SopArea } from "../../db/schema.ts";
import { fixedClock } from "../../lib/clock.ts";
import { DEFAULT_SOP_SETTINGS } from "./connections.constants.ts";
import { sopSchedule } from "./connections.escalation.ts";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const at = (s: string) => new Date(`${s}+05:30`);
const clock = fixedClock(at("2026-12-01T10:00:00"));
const JE = "9811200001";
const AE = "9811200002";
const EE = "9811200003";
let t: TestApp;
let tree: Tree;
let seq = 0;

const db = () => t.database.db;

/** An application as the core leaves it: its stage timestamps and the schedule the core sets from sopSchedule. */
async function application(over: {
  status: ApplicationStatus;
  sopArea?: SopArea;
  statusAt: Date;
  documentsCompleteAt?: Date | null;
  demandNoteAt?: Date | null;
  chargesPaidAt?: Date | null;
  releasedAt?: Date | null;
  nextEscalationAt?: Date | null;
  releaseDueAt?: Date | null;
}): Promise<{ id: number; number: string }> {
  seq++;
  const number = `NCTST2612${String(seq).padStart(6, "0")}`;
  const clockInput = {
    status: over.status,
    sop_area: over.sopArea ?? "rural",
    status_at: over.statusAt,
    documents_complete_at: over.documentsCompleteAt ?? null,
    demand_note_at: over.demandNoteAt ?? null,
    charges_paid_at: over.chargesPaidAt ?? null,
  };
  const s = sopSchedule(clockInput, DEFAULT_SOP_SETTINGS, over.statusAt);
  const row = await db()
    .insertInto("connection_applications")
    .values({
      number,
      applicant_name: "Ramesh Patel",
      mobile: "9826000000",
      address: "12 Station Road",
      dc_id: tree.org.TDC1 as number,
      sop_area: over.sopArea ?? "rural",
      category: "domestic",
      load_kw: 2,
      status: over.status,
      reject_reason: over.status === "rejected" ? "no ownership proof" : null,
      source: "call",
      applied_at: new Date(over.statusAt.getTime() - DAY),
      status_at: over.statusAt,
      documents_complete_at: over.documentsCompleteAt ?? null,
      demand_note_at: over.demandNoteAt ?? null,
      charges_paid_at: over.chargesPaidAt ?? null,
      released_at: over.releasedAt ?? null,
      rejected_at: over.status === "rejected" ? over.statusAt : null,
      stage_due_at: s.stageDueAt,
      release_due_at: over.releaseDueAt !== undefined ? over.releaseDueAt : s.releaseDueAt,
      next_escalation_at: over.nextEscalationAt !== undefined ? over.nextEscalationAt : s.nextEscalationAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), number };
}

async function state(id: number) {
  return db()
    .selectFrom("connection_applications")
    .select(["escalation_level", "breached_at", "compensation_rs", "next_escalation_at", "release_due_at"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

async function events(id: number) {
  return db()
    .selectFrom("connection_application_events")
    .select(["action", "note", "changes"])
    .where("application_id", "=", id)
    .orderBy("id")
    .execute();
}

async function smsTo(phone: string, number: string) {
  const rows = await db()
    .selectFrom("outbox_sms")
    .select(["body", "recipient"])
    .where("template", "=", "connection_escalated")
    .where("recipient", "=", phone)
    .execute();
  return rows.filter((r) => r.body.includes(number));
}

const sweep = () => t.services.connectionEscalation.escalateDue(200);

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "nc.je", role: "je", orgCode: "TDC1", phone: JE });
  await buildUser(t.repos, tree, { login: "nc.ae", role: "ae", orgCode: "TS1", phone: AE });
  await buildUser(t.repos, tree, { login: "nc.ee", role: "ee", orgCode: "TD", phone: EE });
  // Another sub-division's AE is not on this DC's ladder.
  await buildUser(t.repos, tree, { login: "nc.ae2", role: "ae", orgCode: "TS2", phone: "9811200009" });
});
after(async () => t?.close());

describe("the SoP escalation sweep", () => {
  test("a missed stage limit climbs the ladder one rung per step, each an entry and an SMS; sweeps are idempotent", async () => {
    const start = at("2026-12-01T10:00:00");
    clock.set(start);
    const a = await application({
      status: "documents_complete",
      statusAt: start,
      documentsCompleteAt: start,
    });

    clock.set(new Date(start.getTime() + 3 * DAY - 1));
    await sweep();
    assert.equal((await events(a.id)).length, 0, "nothing before the stage's limit");

    clock.set(new Date(start.getTime() + 3 * DAY));
    await sweep();
    let s = await state(a.id);
    assert.equal(s.escalation_level, 1);
    assert.deepEqual(s.next_escalation_at, new Date(start.getTime() + 4 * DAY));
    assert.deepEqual(
      (await events(a.id)).map((e) => e.action),
      ["escalated"],
    );
    assert.equal((await smsTo(JE, a.number)).length, 1, "the JE of the DC hears");
    assert.equal((await smsTo(AE, a.number)).length, 0);

    await sweep();
    clock.advance(HOUR);
    await sweep();
    assert.equal((await events(a.id)).length, 1, "the same rung is never climbed twice");
    assert.equal((await smsTo(JE, a.number)).length, 1);

    clock.set(new Date(start.getTime() + 4 * DAY));
    await sweep();
    s = await state(a.id);
    assert.equal(s.escalation_level, 2);
    assert.equal((await smsTo(AE, a.number)).length, 1, "then the sub-division's AE");
    assert.equal((await smsTo("9811200009", a.number)).length, 0, "not another sub-division's");
    assert.equal(s.breached_at, null, "a stage's limit is no breach of the SoP: no compensation");
    assert.equal(s.compensation_rs, 0);
  });

  test("the release limit passing records the breach and the compensation, kept up to date while late", async () => {
    const start = at("2026-12-01T10:00:00");
    clock.set(start);
    // Charges paid: its stage limit (5 days) and the rural release limit (15 days).
    const a = await application({
      status: "charges_paid",
      statusAt: start,
      documentsCompleteAt: new Date(start.getTime() - 10 * DAY),
      demandNoteAt: new Date(start.getTime() - 2 * DAY),
      chargesPaidAt: start,
    });
    // Release due: documents (-10 d) + 15 d + 2 d waiting for the payment = start + 7 d.
    const due = new Date(start.getTime() + 7 * DAY);
    assert.deepEqual((await state(a.id)).release_due_at, due);

    clock.set(new Date(due.getTime() + 2 * HOUR));
    const r = await sweep();
    assert.ok(r.breached >= 1);
    let s = await state(a.id);
    assert.deepEqual(s.breached_at, due);
    assert.equal(s.compensation_rs, 100, "a part of a day counts as a day");
    const breach = (await events(a.id)).filter((e) => e.action === "breached");
    assert.equal(breach.length, 1);
    assert.match(breach[0]?.note ?? "", /Rs 100/);

    clock.set(new Date(due.getTime() + 2 * DAY + HOUR));
    await sweep();
    s = await state(a.id);
    assert.equal(s.compensation_rs, 300);
    assert.equal((await events(a.id)).filter((e) => e.action === "breached").length, 1, "one breach");
    const before = (await events(a.id)).length;
    await sweep();
    assert.equal((await events(a.id)).length, before, "a second sweep at the same time changes nothing");
    assert.equal((await state(a.id)).compensation_rs, 300);
  });

  test("a stage moved on while the release is late keeps its rung: the officers told are not told again", async () => {
    const start = at("2026-12-01T10:00:00");
    clock.set(start);
    const a = await application({
      status: "documents_complete",
      sopArea: "metro",
      statusAt: new Date(start.getTime() - 4 * DAY),
      documentsCompleteAt: new Date(start.getTime() - 4 * DAY),
    });
    // Stage limit (3 days) passed a day ago, the metro release limit (3 days) too: JE, then AE.
    await sweep();
    assert.equal((await state(a.id)).escalation_level, 2);
    assert.equal((await smsTo(JE, a.number)).length, 1);
    assert.equal((await smsTo(AE, a.number)).length, 1);

    await buildUser(t.repos, tree, { login: "nc.je.move", role: "je", orgCode: "TDC1" });
    const je = await principalOf(t, await t.signIn("nc.je.move"));
    await t.services.connections.move(je, a.number, { to: "site_inspected" });
    assert.equal((await state(a.id)).escalation_level, 2, "still late: the ladder stays where it was");

    clock.advance(HOUR);
    await sweep();
    assert.equal((await smsTo(JE, a.number)).length, 1, "the JE is not told again");
    assert.equal((await smsTo(AE, a.number)).length, 1, "nor the AE");
    clock.advance(DAY);
    await sweep();
    assert.equal((await smsTo(EE, a.number)).length, 1, "the ladder goes on from where it was: the EE");
  });

  test("released late by the core: the final compensation is settled once", async () => {
    const start = at("2026-12-01T10:00:00");
    const due = new Date(start.getTime() + 3 * DAY);
    clock.set(new Date(start.getTime() + 5 * DAY));
    const a = await application({
      status: "released",
      sopArea: "metro",
      statusAt: new Date(start.getTime() + 5 * DAY - HOUR),
      documentsCompleteAt: start,
      releasedAt: new Date(start.getTime() + 5 * DAY - HOUR),
      releaseDueAt: due,
      nextEscalationAt: null,
    });
    await sweep();
    let s = await state(a.id);
    assert.equal(s.compensation_rs, 200, "released 1 day 23 hours late: two days");
    assert.deepEqual(s.breached_at, due);
    await sweep();
    clock.advance(DAY);
    await sweep();
    s = await state(a.id);
    assert.equal(s.compensation_rs, 200, "final at release");
    assert.deepEqual(
      (await events(a.id)).map((e) => e.action),
      ["compensation"],
    );
  });

  test("nothing for paused or final applications", async () => {
    const start = at("2026-12-01T10:00:00");
    clock.set(new Date(start.getTime() + 40 * DAY));
    const paused = await application({
      status: "demand_note_issued",
      statusAt: start,
      documentsCompleteAt: start,
      demandNoteAt: start,
      nextEscalationAt: start,
    });
    const rejected = await application({ status: "rejected", statusAt: start, nextEscalationAt: start });
    const releasedOnTime = await application({
      status: "released",
      statusAt: new Date(start.getTime() + 2 * DAY),
      documentsCompleteAt: start,
      releasedAt: new Date(start.getTime() + 2 * DAY),
      nextEscalationAt: start,
    });
    await sweep();
    for (const a of [paused, rejected, releasedOnTime]) {
      assert.deepEqual(await events(a.id), [], a.number);
      const s = await state(a.id);
      assert.equal(s.escalation_level, 0);
      assert.equal(s.compensation_rs, 0);
      assert.equal(s.next_escalation_at, null, "off the sweep's index");
      for (const phone of [JE, AE, EE]) assert.equal((await smsTo(phone, a.number)).length, 0);
    }
  });
});
