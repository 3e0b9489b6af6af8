import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { buildComplaint, buildOrgTree, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";

// The rollups' plumbing end to end on one complaint: the trigger's deltas,
// the fold into days and months in the DISCOM's time zone, a change moving
// counts between statuses and days, and the compensation register's entry.
let t: TestApp;
let tree: Tree;
const TZ = "Asia/Kolkata";
before(async () => {
  t = await createTestApp();
  tree = await buildOrgTree(t.repos);
});
after(() => t.close());

test("a complaint's life moves its counts between days and statuses, and its breach enters the register", async () => {
  const dc = tree.org.TDC1 as number;
  // 17:30 UTC is 23:00 in India: the 30th there. Its 4-hour limit ends at 03:00 on the 1st (the breach's day).
  const c = await buildComplaint(t.database, tree, { registered_at: new Date("2026-11-30T17:30:00Z") });
  const q = {
    grain: "day" as const,
    from: "2026-11-01",
    to: "2026-12-31",
    dcIds: [dc],
    groupBy: ["period"] as const,
  };
  let rows = await t.repos.rollups.counts({ ...q, groupBy: ["period"] }, TZ);
  assert.deepEqual(
    rows.map((r) => [r.period, r.received, r.st_registered]),
    [["2026-11-30", 1, 1]],
    "unfolded deltas are counted",
  );
  await t.repos.rollups.foldAll(TZ);
  assert.equal(await t.repos.rollups.pending(), 0);
  await sql`update complaints set status = 'resolved', resolved_at = ${new Date("2026-12-01T02:00:00Z")},
    breached_at = due_at, compensation_rs = 200 where id = ${c.id}`.execute(t.database.db);
  rows = await t.repos.rollups.counts({ ...q, groupBy: ["period"] }, TZ);
  assert.deepEqual(
    rows.map((r) => [
      r.period,
      r.received,
      r.st_registered,
      r.st_resolved,
      r.resolved,
      r.resolved_late,
      r.breached,
    ]),
    [
      ["2026-11-30", 1, 0, 1, 0, 0, 0],
      ["2026-12-01", 0, 0, 0, 1, 1, 1],
    ],
  );
  await t.repos.rollups.foldAll(TZ);
  const months = await t.repos.rollups.counts(
    { ...q, grain: "month", groupBy: ["period", "category_code"] },
    TZ,
  );
  assert.deepEqual(
    months.map((r) => [r.period, r.category_code, r.received, r.resolved, r.h4 + r.h5]),
    [
      ["2026-11-01", "no_supply", 1, 0, 0],
      ["2026-12-01", "no_supply", 0, 1, 1],
    ],
  );
  const entries = await t.database.db.selectFrom("compensation_entries").selectAll().execute();
  assert.equal(entries.length, 1);
  assert.equal(entries[0]?.due_rs, 200);
  assert.equal(Number(entries[0]?.complaint_id), c.id);
});

test("per-unit rollups: a unit counts everything below it, folded or not, and children side by side", async () => {
  const { TDC1, TDC2, TS1, TS2, TD, T } = tree.org as Record<string, number>;
  const at = new Date("2026-10-10T06:00:00Z");
  await buildComplaint(t.database, tree, {
    registered_at: at,
    dc_id: TDC2 as number,
    category_code: "billing",
  });
  const q = {
    grain: "month" as const,
    from: "2026-10-01",
    to: "2026-10-01",
    unitIds: [TS1 as number, TS2 as number],
    groupBy: ["unit_id"] as const,
  };
  const before = await t.repos.rollups.counts({ ...q, groupBy: ["unit_id"] }, TZ);
  await t.repos.rollups.foldAll(TZ);
  const after = await t.repos.rollups.counts({ ...q, groupBy: ["unit_id"] }, TZ);
  assert.deepEqual(before, after, "the same figures before and after the fold");
  assert.deepEqual(
    after.map((r) => [r.unit_id, r.received]),
    [[TS2, 1]],
  );
  const whole = await t.repos.rollups.counts(
    {
      grain: "day",
      from: "2026-10-10",
      to: "2026-10-10",
      unitIds: [T as number, TD as number, TDC1 as number, TDC2 as number],
      groupBy: ["unit_id"],
    },
    TZ,
  );
  assert.deepEqual(
    whole.map((r) => [r.unit_id, r.received]).sort((a, b) => Number(a[0]) - Number(b[0])),
    [
      [T, 1],
      [TD, 1],
      [TDC2, 1],
    ].sort((a, b) => Number(a[0]) - Number(b[0])),
  );
});
