import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { buildDashboardFixture, DASHBOARD_NOW } from "../../../test/helpers/dashboard-fixture.ts";
import { fixedClock } from "../../lib/clock.ts";
import type { DashboardDto } from "./dashboard.schemas.ts";

// The dashboard on a fixture of eight complaints whose figures are worked out
// by hand (test/helpers/dashboard-fixture.ts), read through the API as an SE
// of circle TC; and every figure's list link gives a list of as many.
let t: TestApp;
let tree: Tree;
let se: string;
let ae: string;
before(async () => {
  t = await createTestApp({ clock: fixedClock(DASHBOARD_NOW) });
  tree = await buildOrgTree(t.repos);
  await buildDashboardFixture(t.database, t.repos, tree);
  // Half the deltas folded into the rollups, half read as deltas: both paths count.
  await t.repos.rollups.fold("Asia/Kolkata", 10);
  se = await t.signIn((await buildUser(t.repos, tree, { login: "se.tc", role: "se", orgCode: "TC" })).login);
  ae = await t.signIn(
    (await buildUser(t.repos, tree, { login: "ae.ts1", role: "ae", orgCode: "TS1" })).login,
  );
});
after(() => t.close());

async function dashboard(cookie: string, query: string) {
  const res = await t.request({ method: "GET", url: `/api/dashboards/complaints?${query}`, cookie });
  return { status: res.statusCode, body: res.json() as DashboardDto };
}

test("a division's November: figures, percentiles and children as computed by hand", async () => {
  const { status, body: d } = await dashboard(se, "unit=TD&period=2026-11");
  assert.equal(status, 200);
  assert.deepEqual(
    d.path.map((u) => u.code),
    ["TC", "TD"],
  );
  assert.equal(d.childKind, "subdivision");
  assert.deepEqual(d.period, { key: "2026-11", from: "2026-11-01", to: "2026-11-30" });
  assert.deepEqual(d.totals, {
    received: 7,
    resolved: 4,
    resolvedLate: 1,
    slaPercent: 75,
    repeats: 1,
    reopened: 1,
    reopenRate: 14.3,
    openNow: 3,
    pendingBeyondLimit: 2,
    // Buckets (0,60] (60,120] (240,360] (2880,4320], one each: rank 2 ends the second; 3.6 is 60% into the fourth.
    medianMinutes: 120,
    p90Minutes: 3744,
  });
  assert.deepEqual(
    d.byCategory.map((c) => [c.code, c.received, c.resolved, c.slaPercent, c.medianMinutes, c.p90Minutes]),
    [
      ["no_supply", 6, 3, 66.7, 90, 324],
      ["billing", 1, 1, 100, 3600, 4176],
    ],
  );
  assert.deepEqual(
    d.byStatus.map((s) => [s.status, s.count]),
    [
      ["registered", 1],
      ["assigned", 1],
      ["resolved", 2],
      ["closed", 2],
      ["invalid", 1],
    ],
  );
  assert.deepEqual(
    d.byChannel.map((c) => [c.channel, c.count]),
    [
      ["call", 5],
      ["sms", 1],
      ["web", 1],
    ],
  );
  assert.deepEqual(
    d.children.map((c) => [
      c.unit.code,
      c.received,
      c.resolved,
      c.resolvedLate,
      c.slaPercent,
      c.openNow,
      c.pendingBeyondLimit,
    ]),
    [
      ["TS1", 5, 3, 1, 66.7, 1, 0],
      ["TS2", 2, 1, 0, 100, 2, 2],
    ],
  );
  assert.deepEqual(
    d.pendingByOfficer.map((o) => [o.officer?.login ?? null, o.officer?.role ?? null, o.count]),
    [
      [null, null, 1],
      ["lm.tdc2", "lineman", 1],
    ],
  );
  assert.equal(d.daily.length, 30);
  assert.equal(d.daily.at(-1)?.day, "2026-11-30");
  assert.deepEqual(
    d.daily.filter((x) => x.received || x.resolved).map((x) => [x.day, x.received, x.resolved, x.late]),
    [
      ["2026-11-02", 1, 1, 0],
      ["2026-11-03", 1, 1, 0],
      ["2026-11-04", 1, 1, 1],
      ["2026-11-05", 1, 0, 0],
      ["2026-11-07", 0, 1, 0],
      ["2026-11-10", 1, 0, 0],
      ["2026-11-19", 1, 0, 0],
      ["2026-11-20", 1, 0, 0],
    ],
  );
  assert.deepEqual(
    d.monthly.slice(-2).map((m) => [m.month, m.received, m.resolved, m.late]),
    [
      ["2026-10", 1, 0, 0],
      ["2026-11", 7, 4, 1],
    ],
  );
  assert.equal(d.monthly[0]?.month, "2025-12");
});

test("children add up to the parent at every level, and today's and the last 30 days' periods", async () => {
  for (const unit of ["TC", "TD", "TS1", "TS2"]) {
    const { body: d } = await dashboard(se, `unit=${unit}&period=last30`);
    const sum = (k: "received" | "resolved" | "openNow" | "pendingBeyondLimit") =>
      d.children.reduce((n, c) => n + c[k], 0);
    assert.ok(d.children.length > 0, unit);
    assert.equal(sum("received"), d.totals.received, `${unit} received`);
    assert.equal(sum("resolved"), d.totals.resolved, `${unit} resolved`);
    assert.equal(sum("openNow"), d.totals.openNow, `${unit} open`);
    assert.equal(sum("pendingBeyondLimit"), d.totals.pendingBeyondLimit, `${unit} pending`);
  }
  const dc = (await dashboard(se, "unit=TDC2&period=today")).body;
  assert.equal(dc.childKind, null);
  assert.deepEqual(dc.children, []);
  assert.deepEqual(
    dc.path.map((u) => u.code),
    ["TC", "TD", "TS2", "TDC2"],
  );
  assert.deepEqual([dc.totals.received, dc.totals.openNow, dc.totals.pendingBeyondLimit], [0, 2, 2]);
  const today = (await dashboard(se, "unit=TD&period=today")).body;
  assert.deepEqual(
    [today.period.from, today.period.to, today.totals.received],
    ["2026-11-20", "2026-11-20", 1],
  );
  const billing = (await dashboard(se, "unit=TD&period=2026-11&category=billing")).body;
  assert.deepEqual(
    [billing.totals.received, billing.totals.openNow, billing.totals.pendingBeyondLimit],
    [1, 1, 1],
  );
});

test("the default unit is the asker's own, and a unit outside his jurisdiction is a 404", async () => {
  assert.equal((await dashboard(se, "")).body.unit.code, "TC");
  assert.equal((await dashboard(ae, "")).body.unit.code, "TS1");
  assert.equal((await dashboard(ae, "unit=TS2")).status, 404);
  assert.equal((await dashboard(se, "unit=T")).status, 404);
  assert.equal((await dashboard(se, "unit=NOPE")).status, 404);
  const bad = await t.request({
    method: "GET",
    url: "/api/dashboards/complaints?period=2026-13",
    cookie: se,
  });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /period/);
  const agent = await t.signIn((await buildUser(t.repos, tree, { role: "agent", orgCode: "T" })).login);
  assert.equal((await dashboard(agent, "")).status, 403);
});

test("every figure's list shows as many complaints as the figure counts", async () => {
  const { body: d } = await dashboard(se, "unit=TD&period=2026-11");
  const figures: [string, number, string][] = [
    ...Object.entries(d.lists).map(
      ([k, q]) => [k, d.totals[k as keyof typeof d.totals] as number, q] as [string, number, string],
    ),
    ...d.byCategory.flatMap((c): [string, number, string][] => [
      [`${c.code} received`, c.received, c.lists.received],
      [`${c.code} resolved`, c.resolved, c.lists.resolved],
    ]),
    ...d.byStatus.map((s): [string, number, string] => [s.status, s.count, s.list]),
    ...d.byChannel.map((c): [string, number, string] => [c.channel, c.count, c.list]),
    ...d.children.flatMap((c): [string, number, string][] =>
      (["received", "resolved", "resolvedLate", "openNow", "pendingBeyondLimit"] as const).map((k) => [
        `${c.unit.code} ${k}`,
        c[k],
        c.lists[k],
      ]),
    ),
    ...d.pendingByOfficer.map((o): [string, number, string] => [
      o.officer?.login ?? "nobody",
      o.count,
      o.list,
    ]),
    ...d.daily.flatMap((x): [string, number, string][] => [
      [`${x.day} received`, x.received, x.lists.received],
      [`${x.day} resolved`, x.resolved, x.lists.resolved],
      [`${x.day} late`, x.late, x.lists.late],
    ]),
    ...d.monthly.map((m): [string, number, string] => [`${m.month} received`, m.received, m.lists.received]),
  ];
  for (const [what, count, query] of figures) {
    const res = await t.request({ method: "GET", url: `/api/complaints?${query}&limit=200`, cookie: se });
    assert.equal(res.statusCode, 200, `${what}: ${res.body}`);
    assert.equal(res.json().total, count, `${what}: ${query}`);
  }
});

test("the child units' table downloads as CSV with the figures on screen", async () => {
  const res = await t.request({
    method: "GET",
    url: "/api/dashboards/complaints/export?unit=TD&period=2026-11&format=csv",
    cookie: se,
  });
  assert.equal(res.statusCode, 200);
  const lines = res.body
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\n");
  assert.ok(lines.includes("TS2,TS2 unit,2,1,0,100,2,2"), lines.join("\n"));
  assert.ok(lines.some((l) => l.startsWith("Code,Office,Received")));
  const outside = await t.request({
    method: "GET",
    url: "/api/dashboards/complaints/export?unit=TS2&format=csv",
    cookie: ae,
  });
  assert.equal(outside.statusCode, 404);
});
