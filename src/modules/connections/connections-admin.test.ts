import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import type { ApplicationStatus } from "../../db/schema.ts";
import { fixedClock } from "../../lib/clock.ts";
import { DEFAULT_SOP_SETTINGS } from "./connections.constants.ts";

const at = (s: string) => new Date(`${s}+05:30`);
const clock = fixedClock(at("2026-12-20T10:00:00"));
let t: TestApp;
let tree: Tree;
const cookies = new Map<string, string>();
let seq = 0;

async function call(login: string, method: "GET" | "PUT", url: string, payload?: unknown) {
  let c = cookies.get(login);
  if (!c) {
    c = await t.signIn(login);
    cookies.set(login, c);
  }
  const res = await t.request({ method, url, cookie: c, ...(payload ? { payload: payload as object } : {}) });
  return { status: res.statusCode, body: res.json() };
}

async function application(dc: string, status: ApplicationStatus, extra: Record<string, unknown> = {}) {
  seq++;
  await t.database.db
    .insertInto("connection_applications")
    .values({
      number: `NCRPT2612${String(seq).padStart(6, "0")}`,
      applicant_name: "Sita Devi",
      mobile: "9826000001",
      address: "4 Mandi Road",
      dc_id: tree.org[dc] as number,
      sop_area: "urban",
      category: "domestic",
      load_kw: 1,
      status,
      reject_reason: status === "rejected" ? "duplicate" : null,
      source: "call",
      applied_at: at("2026-12-01T10:00:00"),
      status_at: at("2026-12-02T10:00:00"),
      ...extra,
    })
    .execute();
}

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "ncr.admin", role: "admin" });
  await buildUser(t.repos, tree, { login: "ncr.agent", role: "agent" });
  await buildUser(t.repos, tree, { login: "ncr.je2", role: "je", orgCode: "TDC2" });
  await buildUser(t.repos, tree, { login: "ncr.ee", role: "ee", orgCode: "TD" });
  await application("TDC1", "applied");
  await application("TDC1", "site_inspected", {
    release_due_at: at("2026-12-10T10:00:00"),
    breached_at: at("2026-12-10T10:00:00"),
    compensation_rs: 1000,
  });
  // Waiting for the applicant's payment: its stored limit passed, but its clock is paused.
  await application("TDC1", "demand_note_issued", { release_due_at: at("2026-12-10T10:00:00") });
  await application("TDC2", "applied");
  await application("TDC2", "released", { released_at: at("2026-12-05T10:00:00"), compensation_rs: 200 });
  await application("TDC2", "released", { released_at: at("2026-11-05T10:00:00") });
  await application("TDC2", "rejected");
});
after(async () => t?.close());

describe("new connections' settings and reports", () => {
  test("everyone who sees applications reads the settings; only an admin keeping tariffs changes them", async () => {
    const got = await call("ncr.agent", "GET", "/api/connections/settings");
    assert.equal(got.status, 200);
    assert.deepEqual(got.body.releaseDays, DEFAULT_SOP_SETTINGS.releaseDays);
    assert.deepEqual(got.body.stageDays, DEFAULT_SOP_SETTINGS.stageDays, "every stage limit in the answer");
    const changed = {
      ...got.body,
      releaseDays: { metro: 2, urban: 5, rural: 10 },
      compensationRsPerDay: 250,
    };
    assert.equal((await call("ncr.agent", "PUT", "/api/connections/settings", changed)).status, 403);
    const put = await call("ncr.admin", "PUT", "/api/connections/settings", changed);
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.compensationRsPerDay, 250);
    assert.equal((await call("ncr.agent", "GET", "/api/connections/settings")).body.releaseDays.rural, 10);
    const bad = await call("ncr.admin", "PUT", "/api/connections/settings", {
      ...changed,
      stageDays: { released: 3 },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, "stageDays.released");
    const worse = await call("ncr.admin", "PUT", "/api/connections/settings", {
      ...changed,
      escalationStepHours: 0,
    });
    assert.equal(worse.status, 400);
    for (const body of [
      { ...changed, stageDays: { foo: 3 } },
      { ...changed, stageDays: { applied: 1e12 } },
      { ...changed, releaseDays: { metro: 2 } },
      { ...changed, extra: true },
    ]) {
      const r = await call("ncr.admin", "PUT", "/api/connections/settings", body);
      assert.equal(r.status, 400, JSON.stringify(body));
    }
    await call("ncr.admin", "PUT", "/api/connections/settings", DEFAULT_SOP_SETTINGS);
  });

  test("the report: pending by stage per office below the viewer, beyond SoP, released this month, compensation", async () => {
    const all = await call("ncr.ee", "GET", "/api/connections/reports");
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.equal(all.body.month, "2026-12");
    assert.deepEqual(
      all.body.rows.map((r: { office: { code: string } }) => r.office.code),
      ["TS1", "TS2"],
      "the division's EE sees its sub-divisions",
    );
    const ts1 = all.body.rows[0];
    assert.equal(ts1.pending.applied, 1);
    assert.equal(ts1.pending.site_inspected, 1);
    assert.equal(ts1.pending.demand_note_issued, 1);
    assert.equal(ts1.pendingTotal, 3);
    assert.equal(ts1.beyondSop, 1, "not the one whose clock waits for the applicant");
    assert.equal(ts1.compensationRs, 1000);
    const ts2 = all.body.rows[1];
    assert.equal(ts2.pendingTotal, 1);
    assert.equal(ts2.releasedThisMonth, 1, "November's release is not this month's");
    assert.equal(ts2.compensationRs, 200);
    assert.equal(all.body.totals.pendingTotal, 4);

    const nov = await call("ncr.ee", "GET", "/api/connections/reports?month=2026-11");
    assert.equal(nov.body.totals.releasedThisMonth, 1);

    const dc = await call("ncr.ee", "GET", "/api/connections/reports?dc=TDC1");
    assert.deepEqual(
      dc.body.rows.map((r: { office: { code: string } }) => r.office.code),
      ["TDC1"],
    );

    const je = await call("ncr.je2", "GET", "/api/connections/reports");
    assert.deepEqual(
      je.body.rows.map((r: { office: { code: string } }) => r.office.code),
      ["TDC2"],
      "a JE sees his DC",
    );
    const outside = await call("ncr.je2", "GET", "/api/connections/reports?dc=TDC1");
    assert.equal(outside.status, 400);
    assert.equal(outside.body.field, "dc");
    assert.equal((await call("ncr.ee", "GET", "/api/connections/reports?month=2026-13")).status, 400);
  });
});
