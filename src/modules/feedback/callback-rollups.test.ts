import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { buildComplaint, buildOrgTree, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { CALLBACK_MEASURES, callbackMonths } from "./callback-rollups.repository.ts";

// The callback rollup (migration 20261208090000) against a direct count of
// the callbacks, per DC and month in India, after a seeded random mix of what
// happens to callbacks: created open, closed with each outcome and ratings,
// ratings changed, a closed one's outcome changed or reopened, moved to
// another DC, deleted; folds at random moments, and a rebuild at the end.
const TZ = "Asia/Kolkata";
let t: TestApp;
let tree: Tree;
before(async () => {
  t = await createTestApp();
  tree = await buildOrgTree(t.repos);
});
after(() => t.close());

type Figures = Record<string, number>;
const MEASURES = CALLBACK_MEASURES;

/** What the readers see: the rollup and its unfolded deltas, summed per month and DC; zero rows left out. */
async function fromRollup(from: Date, to: Date): Promise<Map<string, Figures>> {
  const r = await sql<Record<string, string | number>>`
    select month, dc_id, ${sql.raw(MEASURES.map((m) => `sum(${m})::int as ${m}`).join(", "))}
    from (${callbackMonths(from, to, TZ)}) u group by 1, 2`.execute(t.database.db);
  const out = new Map<string, Figures>();
  for (const row of r.rows) {
    const f = Object.fromEntries(MEASURES.map((m) => [m, Number(row[m])]));
    if (MEASURES.some((m) => f[m] !== 0)) out.set(`${row.month}|${row.dc_id}`, f);
  }
  return out;
}

/** The same figures counted from the callbacks themselves. */
async function direct(from: Date, to: Date): Promise<Map<string, Figures>> {
  const r = await sql<Record<string, string | number>>`
    select to_char(closed_at at time zone ${TZ}, 'YYYY-MM') as month, dc_id, count(*)::int as closed,
      (count(*) filter (where status = 'confirmed'))::int as confirmed,
      (count(*) filter (where status = 'not_fixed'))::int as not_fixed,
      (count(*) filter (where status = 'not_confirmed'))::int as not_confirmed,
      (count(*) filter (where status = 'cancelled'))::int as cancelled,
      coalesce(sum(time_rating), 0)::int as time_sum, count(time_rating)::int as time_n,
      coalesce(sum(overall_rating), 0)::int as overall_sum, count(overall_rating)::int as overall_n
    from callbacks where closed_at >= ${from} and closed_at < ${to} group by 1, 2`.execute(t.database.db);
  return new Map(
    r.rows.map((row) => [
      `${row.month}|${row.dc_id}`,
      Object.fromEntries(MEASURES.map((m) => [m, Number(row[m])])),
    ]),
  );
}

const sorted = (m: Map<string, Figures>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));

test("the rollup equals a direct count after a random mix of closes, changes, moves and deletes", async () => {
  let seed = 20261208;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const db = t.database.db;
  const dcs = [tree.org.TDC1 as number, tree.org.TDC2 as number];
  const complaint = (await buildComplaint(t.database, tree)).id;
  // Around the turn of October to November in India (18:30 UTC on the 31st is midnight there).
  const base = new Date("2026-10-31T12:00:00Z").getTime();
  const when = () => new Date(base + Math.floor(rand() * 48) * 15 * 60_000);
  const rating = () => (rand() < 0.3 ? null : 1 + Math.floor(rand() * 5));
  const outcome = () => pick(["confirmed", "not_fixed", "not_confirmed", "cancelled"] as const);
  const ids: number[] = [];
  let round = 0;
  const ops = { create: 0, close: 0, rate: 0, change: 0, reopen: 0, move: 0, delete: 0, fold: 0 };
  const from = new Date("2026-09-30T18:30:00Z");
  const to = new Date("2026-11-30T18:30:00Z");

  for (let step = 0; step < 240; step++) {
    const r = rand();
    const id = ids.length ? pick(ids) : undefined;
    if (r < 0.3 || id === undefined) {
      const closed = rand() < 0.5;
      const status = closed ? outcome() : "open";
      const at = when();
      const row = await db
        .insertInto("callbacks")
        .values({
          complaint_id: complaint,
          round: ++round,
          dc_id: pick(dcs),
          status,
          priority: 1,
          resolved_at: at,
          next_attempt_at: at,
          window_ends_at: at,
          created_at: at,
          closed_at: closed ? at : null,
          time_rating: closed ? rating() : null,
          overall_rating: closed ? rating() : null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(Number(row.id));
      ops.create++;
    } else if (r < 0.45) {
      await db
        .updateTable("callbacks")
        .set({ status: outcome(), closed_at: when(), time_rating: rating(), overall_rating: rating() })
        .where("id", "=", id)
        .execute();
      ops.close++;
    } else if (r < 0.55) {
      await db
        .updateTable("callbacks")
        .set({ time_rating: rating(), overall_rating: rating() })
        .where("id", "=", id)
        .execute();
      ops.rate++;
    } else if (r < 0.65) {
      await db.updateTable("callbacks").set({ status: outcome() }).where("id", "=", id).execute();
      ops.change++;
    } else if (r < 0.72) {
      await db
        .updateTable("callbacks")
        .set({ status: "open", closed_at: null, time_rating: null, overall_rating: null })
        .where("id", "=", id)
        .execute();
      ops.reopen++;
    } else if (r < 0.8) {
      await db
        .updateTable("callbacks")
        .set({ dc_id: pick(dcs) })
        .where("id", "=", id)
        .execute();
      ops.move++;
    } else if (r < 0.87) {
      await db.deleteFrom("callbacks").where("id", "=", id).execute();
      ids.splice(ids.indexOf(id), 1);
      ops.delete++;
    } else {
      await t.repos.callbackRollups.fold(TZ, 1 + Math.floor(rand() * 20));
      ops.fold++;
    }
    if (step % 20 === 19)
      assert.deepEqual(sorted(await fromRollup(from, to)), sorted(await direct(from, to)));
  }
  for (const [op, n] of Object.entries(ops)) assert.ok(n > 3, `the mix did ${op} only ${n} times`);
  const expected = sorted(await direct(from, to));
  assert.deepEqual(
    expected.map(([k]) => k.slice(0, 7)).filter((m, i, a) => a.indexOf(m) === i),
    ["2026-10", "2026-11"],
    "both months have closed callbacks",
  );

  await t.repos.callbackRollups.foldAll(TZ);
  const left = await sql<{ n: number }>`select count(*)::int as n from callback_rollup_deltas`.execute(db);
  assert.equal(left.rows[0]?.n, 0);
  assert.deepEqual(sorted(await fromRollup(from, to)), expected, "folded");

  const rebuilt = await t.repos.callbackRollups.rebuild(TZ);
  assert.equal(
    rebuilt.callbacks,
    expected.reduce((n, [, f]) => n + (f.closed ?? 0), 0),
  );
  assert.deepEqual(sorted(await fromRollup(from, to)), expected, "rebuilt");
});

test("a month is cut in the DISCOM's zone: 23:59 and 00:00 in India fall in different months", async () => {
  const db = t.database.db;
  const dc = tree.org.TDC1 as number;
  const complaint = (await buildComplaint(t.database, tree)).id;
  const closes = [new Date("2026-08-31T18:29:00Z"), new Date("2026-08-31T18:30:00Z")];
  for (const [i, at] of closes.entries())
    await db
      .insertInto("callbacks")
      .values({
        complaint_id: complaint,
        round: 100 + i,
        dc_id: dc,
        status: "confirmed",
        priority: 1,
        resolved_at: at,
        next_attempt_at: at,
        window_ends_at: at,
        created_at: at,
        closed_at: at,
        overall_rating: 5,
      })
      .execute();
  const from = new Date("2026-07-31T18:30:00Z");
  const to = new Date("2026-09-30T18:30:00Z");
  const before = sorted(await fromRollup(from, to));
  assert.deepEqual(
    before.map(([k, f]) => [k, f.closed, f.overall_sum]),
    [
      [`2026-08|${dc}`, 1, 5],
      [`2026-09|${dc}`, 1, 5],
    ],
  );
  await t.repos.callbackRollups.foldAll(TZ);
  assert.deepEqual(sorted(await fromRollup(from, to)), before, "the same once folded");
});
