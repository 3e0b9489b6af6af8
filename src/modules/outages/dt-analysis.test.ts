import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestDatabase, driverName } from "../../../test/helpers/db.ts";
import type { Database } from "../../db/database.ts";
import { StagedWrites } from "../../db/staged-writes.ts";
import { fixedClock } from "../../lib/clock.ts";
import { ROLE_PERMISSIONS } from "../access/permissions.ts";
import type { Principal } from "../access/principal.ts";
import { createRepositories, createServices, type Repositories } from "../registry.ts";
import { dtAnalysisBackoffMs, dtAnalysisQueue } from "./dt-analysis.queue.ts";
import { DtAnalysisRepository } from "./dt-analysis.repository.ts";

const clock = fixedClock("2026-11-28T14:00:00+05:30");
let database: Database;
let repos: Repositories;
let tree: Tree;
let agent: Principal;
const callers: Record<string, string[]> = {};

before(async () => {
  database = await createTestDatabase();
  repos = createRepositories(database);
  tree = await buildOrgTree(repos);
  for (const dt of ["TF1-T1", "TF1-T2", "TF2-T1"]) {
    callers[dt] = [];
    for (let i = 0; i < 4; i++)
      callers[dt]?.push((await buildConsumer(repos, tree, { dtCode: dt })).consumerNo);
  }
  const company = await database.db
    .selectFrom("org_units")
    .selectAll()
    .where("kind", "=", "company")
    .executeTakeFirstOrThrow();
  const user = await buildUser(repos, tree, { role: "agent" });
  agent = {
    kind: "user",
    id: user.id,
    name: "test agent",
    login: "agent",
    role: "agent",
    language: "en",
    orgUnitId: company.id,
    orgCode: company.code,
    orgKind: "company",
    orgPath: company.path,
    permissions: new Set(ROLE_PERMISSIONS.agent),
  };
});
after(async () => {
  await database?.close();
});

const noSupply = (services: ReturnType<typeof createServices>, consumerNo: string) =>
  services.complaints.create(agent, { consumerNo, categoryCode: "no_supply", description: "No light" });

const dtOutages = (dt: string) =>
  database.db
    .selectFrom("outages")
    .select(["id", "status", "source"])
    .where("dt_id", "=", tree.dts[dt] as number)
    .where("scope", "=", "dt")
    .execute();

test(`[${driverName}] an API process queues the DT with the call and analyses nothing; a worker's drain finds the outage`, async () => {
  const api = createServices(database, repos, { clock, analysesCalls: false });
  try {
    for (const c of callers["TF1-T1"]?.slice(0, 3) ?? []) await noSupply(api, c);
    await api.idle();
    const waiting = await repos.dtAnalysis.waiting();
    assert.deepEqual(
      waiting.map((w) => [Number(w.dt_id), w.requests]),
      [[tree.dts["TF1-T1"], 3]],
      "one row for the DT however many calls",
    );
    assert.deepEqual(await dtOutages("TF1-T1"), [], "the API process analyses nothing");
  } finally {
    await api.close();
  }
  // As the worker's outages.dt_analysis job does.
  const worker = createServices(database, repos, { clock });
  try {
    assert.deepEqual(await worker.dtAnalysis.drain(), { analysed: 1, failed: 0 });
    const found = await dtOutages("TF1-T1");
    assert.equal(found.length, 1);
    assert.equal(found[0]?.source, "complaints");
    assert.deepEqual(await repos.dtAnalysis.waiting(), [], "analysed, the DT leaves the queue");
  } finally {
    await worker.close();
  }
});

test(`[${driverName}] a worker process analyses its own calls at once; services.idle() waits for it`, async () => {
  const services = createServices(database, repos, { clock });
  try {
    for (const c of callers["TF2-T1"]?.slice(0, 3) ?? []) await noSupply(services, c);
    await services.idle();
    assert.equal((await dtOutages("TF2-T1")).length, 1);
    assert.deepEqual(await repos.dtAnalysis.waiting(), []);
  } finally {
    await services.close();
  }
});

test(`[${driverName}] a failed analysis waits its back-off, then runs again; a call meanwhile makes it run once more`, async () => {
  const dtId = tree.dts["TF1-T2"] as number;
  const repo = new DtAnalysisRepository(database.db);
  const queue = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const stage = new StagedWrites();
      DtAnalysisRepository.stage(stage, dtId, clock());
      await stage.flush(database.db);
    }
  };
  let fail = true;
  const runs: number[] = [];
  const q = dtAnalysisQueue(
    repo,
    async (id) => {
      runs.push(id);
      if (fail) throw new Error("database went away");
      // A call on the DT while it is analysed: its caller may not have been counted.
      if (runs.length === 2) await queue(1);
    },
    { clock, by: "test-worker" },
  );
  await queue(2);
  assert.deepEqual(await q.drain(), { analysed: 0, failed: 1 });
  let [row] = await repo.waiting();
  assert.equal(row?.attempts, 1);
  assert.equal(row?.last_error, "Error: database went away");
  assert.equal(row?.run_after?.getTime(), clock().getTime() + dtAnalysisBackoffMs(1));
  assert.equal(row?.claimed_by, null);
  assert.deepEqual(await q.drain(), { analysed: 0, failed: 0 }, "not before its back-off");

  fail = false;
  clock.advance(dtAnalysisBackoffMs(1));
  assert.deepEqual(await q.drain(), { analysed: 2, failed: 0 }, "again after a call during the analysis");
  assert.deepEqual(runs, [dtId, dtId, dtId]);
  assert.deepEqual(await repo.waiting(), []);

  // A claim whose worker died passes to another when its lease runs out, not before.
  await queue(1);
  assert.equal((await repo.claim("dead-worker", clock(), 60_000, 10)).length, 1);
  assert.deepEqual(await q.drain(), { analysed: 0, failed: 0 });
  clock.advance(60_000);
  assert.deepEqual(await q.drain(), { analysed: 1, failed: 0 });
  [row] = await repo.waiting();
  assert.equal(row, undefined);
  assert.deepEqual([1, 2, 3, 10].map(dtAnalysisBackoffMs), [5_000, 10_000, 20_000, 600_000]);
});
