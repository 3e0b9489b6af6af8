import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { buildConsumer, buildOrgTree, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";

// The survey rollup (migration 20261208090100) against a direct count of the
// targets, per month and DC, after a seeded random mix of what happens to
// targets: a campaign's sampling in one statement, answers, changed answers,
// refusals, a desk leasing many at once, moves between DCs, deletes and a
// campaign deleted with its targets.
let t: TestApp;
let tree: Tree;
before(async () => {
  t = await createTestApp();
  tree = await buildOrgTree(t.repos);
});
after(() => t.close());

const MEASURES = [
  "sampled",
  "answered",
  "regular",
  "regular_n",
  "meter",
  "meter_n",
  "on_time",
  "on_time_n",
  "correct",
  "correct_n",
];
type Rows = [string, number[]][];

async function fromRollup(): Promise<Rows> {
  const r = await sql<Record<string, string | number>>`
    select k.month || '|' || t.dc_id as key, ${sql.raw(MEASURES.map((m) => `sum(t.${m})::int as ${m}`).join(", "))}
    from survey_rollup t join survey_campaigns k on k.id = t.campaign_id group by 1 order by 1`.execute(
    t.database.db,
  );
  return r.rows
    .map((x) => [String(x.key), MEASURES.map((m) => Number(x[m]))] as [string, number[]])
    .filter(([, v]) => v.some((n) => n !== 0));
}

async function direct(): Promise<Rows> {
  const r = await sql<Record<string, string | number>>`
    select k.month || '|' || t.dc_id as key, count(*)::int as sampled,
      (count(*) filter (where t.status = 'answered'))::int as answered,
      (count(*) filter (where t.regular_supply))::int as regular, count(t.regular_supply)::int as regular_n,
      (count(*) filter (where t.meter_read))::int as meter, count(t.meter_read)::int as meter_n,
      (count(*) filter (where t.bill_on_time))::int as on_time, count(t.bill_on_time)::int as on_time_n,
      (count(*) filter (where t.bill_correct))::int as correct, count(t.bill_correct)::int as correct_n
    from survey_targets t join survey_campaigns k on k.id = t.campaign_id group by 1 order by 1`.execute(
    t.database.db,
  );
  return r.rows.map((x) => [String(x.key), MEASURES.map((m) => Number(x[m]))]);
}

test("the survey rollup equals a direct count after a random mix of sampling, answers, leases, moves and deletes", async () => {
  let seed = 1208;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const db = t.database.db;
  const dcs = [tree.org.TDC1 as number, tree.org.TDC2 as number];
  const consumers: number[] = [];
  for (let i = 0; i < 6; i++) {
    const c = await buildConsumer(t.repos, tree, { dtCode: i % 2 ? "TF2-T1" : "TF1-T1" });
    const row = await db
      .selectFrom("consumers")
      .select("id")
      .where("consumer_no", "=", c.consumerNo)
      .executeTakeFirstOrThrow();
    consumers.push(Number(row.id));
  }
  const campaign = async (month: string) => {
    const k = await db
      .insertInto("survey_campaigns")
      .values({ month, seed: "t", sample_size: 5, created_at: new Date("2026-11-01T00:00:00Z") })
      .returning("id")
      .executeTakeFirstOrThrow();
    const id = Number(k.id);
    // The sampling: every consumer in one statement, as the campaign job does.
    await sql`
      insert into survey_targets (campaign_id, consumer_id, dc_id, mobile, language, next_attempt_at)
      select ${id}, c.id, c.dc_id, '9000000000', 'hi', now() from consumers c
      where c.id = any(${sql.val(consumers)}::bigint[])`.execute(db);
    return id;
  };
  const campaigns = [await campaign("2026-09"), await campaign("2026-10"), await campaign("2026-11")];
  const yesNo = () => (rand() < 0.25 ? null : rand() < 0.7);
  const targetIds = async () =>
    (await db.selectFrom("survey_targets").select("id").execute()).map((r) => Number(r.id));
  const ops = { answer: 0, change: 0, refuse: 0, lease: 0, move: 0, delete: 0 };

  for (let step = 0; step < 150; step++) {
    const ids = await targetIds();
    const id = pick(ids);
    const r = rand();
    if (r < 0.35) {
      await db
        .updateTable("survey_targets")
        .set({
          status: "answered",
          regular_supply: yesNo(),
          meter_read: yesNo(),
          bill_on_time: yesNo(),
          bill_correct: yesNo(),
        })
        .where("id", "=", id)
        .execute();
      ops.answer++;
    } else if (r < 0.5) {
      await db.updateTable("survey_targets").set({ bill_correct: yesNo() }).where("id", "=", id).execute();
      ops.change++;
    } else if (r < 0.62) {
      await db
        .updateTable("survey_targets")
        .set({ status: pick(["refused", "unanswered", "pending"] as const) })
        .where("id", "=", id)
        .execute();
      ops.refuse++;
    } else if (r < 0.8) {
      // A desk claiming several at once: no counted column moves.
      await db
        .updateTable("survey_targets")
        .set({ attempts: sql`attempts + 1`, lease_until: new Date("2026-11-02T00:00:00Z") })
        .where("campaign_id", "=", pick(campaigns))
        .execute();
      ops.lease++;
    } else if (r < 0.93) {
      await db
        .updateTable("survey_targets")
        .set({ dc_id: pick(dcs) })
        .where("id", "=", id)
        .execute();
      ops.move++;
    } else {
      await db.deleteFrom("survey_targets").where("id", "=", id).execute();
      ops.delete++;
    }
    if (step % 15 === 14) assert.deepEqual(await fromRollup(), await direct(), `after step ${step}`);
  }
  for (const [op, n] of Object.entries(ops)) assert.ok(n > 3, `the mix did ${op} only ${n} times`);
  const now = await direct();
  assert.ok(
    now.some(([, v]) => (v[1] ?? 0) > 0 && (v[3] ?? 0) > 0),
    "some answers were counted",
  );

  // A campaign deleted takes its targets with it (cascade): its month drops out.
  await db
    .deleteFrom("survey_campaigns")
    .where("id", "=", campaigns[0] as number)
    .execute();
  const left = await direct();
  assert.ok(!left.some(([k]) => k.startsWith("2026-09")));
  assert.deepEqual(await fromRollup(), left);
});
