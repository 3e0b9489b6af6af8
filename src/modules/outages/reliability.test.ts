import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { buildConsumer, buildOrgTree, buildUser } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { fixedClock } from "../../lib/clock.ts";
import { reliabilityIndices } from "./reliability.ts";

test("indices from interruptions: the IEEE 1366 example worked by hand", () => {
  // 1,000 customers; three sustained interruptions (200 for 90 min, 50 for 30 min,
  // 500 for 10 min) and one momentary one (300 for 2 min).
  const r = reliabilityIndices(
    [
      { customers: 200, minutes: 90 },
      { customers: 50, minutes: 30 },
      { customers: 500, minutes: 10 },
      { customers: 300, minutes: 2 },
    ],
    1000,
    3,
  );
  assert.equal(r.interruptions, 3);
  assert.equal(r.momentary, 1);
  assert.equal(r.saifi, 0.75); // (200 + 50 + 500) / 1000
  assert.equal(r.saidi, 24.5); // (18000 + 1500 + 5000) / 1000
  assert.equal(Number(r.caidi.toFixed(4)), 32.6667); // 24.5 / 0.75
  assert.equal(r.maifi, 0.3); // 300 / 1000
  // A threshold of 1 minute makes the 2-minute one sustained.
  assert.equal(reliabilityIndices([{ customers: 300, minutes: 2 }], 1000, 1).saifi, 0.3);
  assert.deepEqual(reliabilityIndices([], 0, 3).saifi, 0);
});

// From the outage records: TDC1 has 10 consumers (6 on TF1-T1, 4 on TF1-T2), TDC2 has 5 (TF2-T1).
const clock = fixedClock("2026-11-28T18:00:00+05:30");
let t: TestApp;
let je1: string;
let je2: string;
let viewer: string;

before(async () => {
  t = await createTestApp({ clock });
  const tree = await buildOrgTree(t.repos);
  for (let i = 0; i < 6; i++) await buildConsumer(t.repos, tree, { dtCode: "TF1-T1" });
  for (let i = 0; i < 4; i++) await buildConsumer(t.repos, tree, { dtCode: "TF1-T2" });
  for (let i = 0; i < 5; i++) await buildConsumer(t.repos, tree, { dtCode: "TF2-T1" });
  await buildConsumer(t.repos, tree, { dtCode: "TF2-T1", connectionStatus: "permanently_disconnected" });
  je1 = await t.signIn(
    (await buildUser(t.repos, tree, { login: "je.r1", role: "je", orgCode: "TDC1" })).login,
  );
  je2 = await t.signIn(
    (await buildUser(t.repos, tree, { login: "je.r2", role: "je", orgCode: "TDC2" })).login,
  );
  viewer = await t.signIn(
    (await buildUser(t.repos, tree, { login: "ee.r", role: "ee", orgCode: "TD" })).login,
  );
});
after(async () => t?.close());

async function interruption(
  cookie: string,
  element: { feederCode?: string; dtCode?: string },
  start: string,
  minutes: number,
) {
  const startedAt = new Date(start);
  const opened = await t.request({
    method: "POST",
    url: "/api/outages",
    cookie,
    payload: { ...element, startedAt: startedAt.toISOString() },
  });
  assert.equal(opened.statusCode, 201, opened.body);
  const id = opened.json().outage.id;
  const restored = await t.request({
    method: "POST",
    url: `/api/outages/${id}/actions`,
    cookie,
    payload: { action: "restore", at: new Date(startedAt.getTime() + minutes * 60_000).toISOString() },
  });
  assert.equal(restored.statusCode, 200, restored.body);
  return id as number;
}

test(`[${driverName}] SAIFI, SAIDI, CAIDI and MAIFI per DC and division from the outage records`, async () => {
  await interruption(je1, { feederCode: "TF1" }, "2026-11-03T10:00:00+05:30", 60); // 10 × 60
  await interruption(je1, { dtCode: "TF1-T2" }, "2026-11-10T10:00:00+05:30", 30); // 4 × 30
  await interruption(je1, { dtCode: "TF1-T1" }, "2026-11-12T10:00:00+05:30", 2); // momentary, 6
  await interruption(je2, { feederCode: "TF2" }, "2026-11-20T10:00:00+05:30", 90); // 5 × 90
  // Began in October (late at night, IST): counts in October only.
  await interruption(je2, { feederCode: "TF2" }, "2026-10-31T23:00:00+05:30", 120); // 5 × 120
  // A dismissed false alarm and a planned shutdown do not count by default.
  const planned = await t.request({
    method: "POST",
    url: "/api/outages/planned",
    cookie: je2,
    payload: {
      feederCode: "TF2",
      start: "2026-11-28T18:30:00+05:30",
      end: "2026-11-28T19:30:00+05:30",
      cause: "maintenance",
    },
  });
  assert.equal(planned.statusCode, 201, planned.body);

  const res = await t.request({
    method: "GET",
    url: "/api/reliability?level=dc&month=2026-11",
    cookie: viewer,
  });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.momentaryMinutes, 3);
  const dc1 = body.rows.find((r: { unit: { code: string } }) => r.unit.code === "TDC1");
  const dc2 = body.rows.find((r: { unit: { code: string } }) => r.unit.code === "TDC2");
  assert.equal(dc1.customersServed, 10);
  assert.equal(dc1.interruptions, 2);
  assert.equal(dc1.momentary, 1);
  assert.equal(dc1.saifi, 1.4); // (10 + 4) / 10
  assert.equal(dc1.saidi, 72); // (600 + 120) / 10
  assert.equal(Number(dc1.caidi.toFixed(2)), 51.43); // 72 / 1.4
  assert.equal(dc1.maifi, 0.6); // 6 / 10
  assert.equal(dc2.customersServed, 5, "the disconnected consumer is not served");
  assert.equal(dc2.saifi, 1);
  assert.equal(dc2.saidi, 90);
  assert.equal(dc2.caidi, 90);
  // Worst SAIDI first.
  assert.deepEqual(
    body.rows.map((r: { unit: { code: string } }) => r.unit.code),
    ["TDC2", "TDC1"],
  );
  // The whole division: 15 served, 19 customer interruptions, 1,170 customer minutes.
  assert.equal(Number(body.total.saifi.toFixed(4)), 1.2667);
  assert.equal(body.total.saidi, 78);
  assert.equal(Number(body.total.maifi.toFixed(2)), 0.4);

  const division = await t.request({
    method: "GET",
    url: "/api/reliability?level=division&month=2026-11",
    cookie: viewer,
  });
  assert.equal(division.json().rows[0].saidi, 78);

  const trend = await t.request({
    method: "GET",
    url: "/api/reliability/trend?level=dc&unit=TDC2&months=3",
    cookie: viewer,
  });
  assert.equal(trend.statusCode, 200, trend.body);
  assert.deepEqual(
    trend.json().points.map((p: { month: string; saidi: number }) => [p.month, p.saidi]),
    [
      ["2026-09", 0],
      ["2026-10", 120],
      ["2026-11", 90],
    ],
  );

  // A JE of TDC1 sees his DC only.
  const own = await t.request({ method: "GET", url: "/api/reliability?month=2026-11", cookie: je1 });
  assert.deepEqual(
    own.json().rows.map((r: { unit: { code: string } }) => r.unit.code),
    ["TDC1"],
  );
  const bad = await t.request({ method: "GET", url: "/api/reliability?month=2026-13", cookie: viewer });
  assert.equal(bad.statusCode, 400);
});
