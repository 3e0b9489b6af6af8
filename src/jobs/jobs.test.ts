import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pino from "pino";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "../../test/factories.ts";
import { createTestDatabase, driverName } from "../../test/helpers/db.ts";
import type { Database } from "../db/database.ts";
import { createRepositories, createServices, type Repositories, type Services } from "../modules/registry.ts";
import { jobDefinitions } from "./registry.ts";
import { startScheduler, tickOf } from "./scheduler.ts";

let database: Database;
let repos: Repositories;
let services: Services;
let tree: Tree;
before(async () => {
  database = await createTestDatabase();
  repos = createRepositories(database);
  services = createServices(database, repos);
  tree = await buildOrgTree(repos);
});
after(async () => {
  await services?.close();
  await database?.close();
});

test(`[${driverName}] sessions.cleanup deletes expired sessions only`, async () => {
  const u = await buildUser(repos, tree);
  const now = new Date("2026-11-28T10:00:00Z");
  await repos.sessions.create(
    "old",
    u.id,
    new Date("2026-11-27T00:00:00Z"),
    new Date("2026-11-28T09:00:00Z"),
  );
  await repos.sessions.create(
    "live",
    u.id,
    new Date("2026-11-28T09:00:00Z"),
    new Date("2026-11-28T21:00:00Z"),
  );
  const job = jobDefinitions(repos, services, { databaseKind: database.kind, timeZone: "Asia/Kolkata" }).find(
    (j) => j.name === "sessions.cleanup",
  );
  assert.deepEqual(await job?.run(now), { deleted: 1 });
  assert.ok(await repos.sessions.findValid("live", now));
});

test("the embedded database gets statistics hourly and one vacuum in the 3 a.m. hour (it has no autovacuum)", async () => {
  const jobs = jobDefinitions(repos, services, { databaseKind: "embedded", timeZone: "Asia/Kolkata" });
  const job = jobs.find((j) => j.name === "embedded.maintenance");
  assert.ok(job);
  assert.deepEqual(await job.run(new Date("2026-11-28T05:00:00Z")), { analyzed: 1 }); // 10:30 IST
  assert.deepEqual(await job.run(new Date("2026-11-28T21:40:00Z")), { vacuumed: 1 }); // 03:10 IST
  assert.deepEqual(await job.run(new Date("2026-11-28T22:20:00Z")), { analyzed: 1 }); // 03:50 IST, same night
  assert.equal(
    jobDefinitions(repos, services, { databaseKind: "postgres", timeZone: "Asia/Kolkata" }).some(
      (j) => j.name === "embedded.maintenance",
    ),
    false,
  );
});

const job = (name: string) => {
  const found = jobDefinitions(repos, services, {
    databaseKind: database.kind,
    timeZone: "Asia/Kolkata",
  }).find((j) => j.name === name);
  assert.ok(found, name);
  return found;
};

test(`[${driverName}] outages.signals.cleanup keeps 30 days of SCADA and meter signals`, async () => {
  const now = new Date("2026-11-28T10:00:00Z");
  const day = 24 * 3600_000;
  const signal = (element: string, ageDays: number) => ({
    source: "scada" as const,
    element,
    event: "trip" as const,
    at: new Date(now.getTime() - ageDays * day),
    receivedAt: new Date(now.getTime() - ageDays * day),
    feederId: null,
    dtId: null,
    consumerId: null,
  });
  await repos.outages.recordSignals([signal("OLD", 31), signal("RECENT", 29)]);
  assert.deepEqual(await job("outages.signals.cleanup").run(now), { deleted: 1 });
  const left = await database.db.selectFrom("network_signals").select("element").execute();
  assert.deepEqual(
    left.map((r) => r.element),
    ["RECENT"],
  );
});

test(`[${driverName}] outages.notices finishes outage SMS a crash left unwritten`, async () => {
  for (const mobile of ["9827100001", "9827100002"])
    await buildConsumer(repos, tree, {
      dtCode: "TF2-T1",
      mobiles: [{ mobile, verified: true, language: "hi" }],
    });
  const trip = await services.outages.scada("TF2", "trip", new Date(), "test");
  await services.idle();
  const sms = () =>
    database.db
      .selectFrom("outbox_sms")
      .select("recipient")
      .where("related_type", "=", "outage")
      .where("related_id", "=", trip.outageId as number)
      .execute();
  assert.equal((await sms()).length, 2);
  // As if the process died between the outage's commit and the expansion.
  await database.db
    .deleteFrom("outbox_sms")
    .where("related_id", "=", trip.outageId as number)
    .execute();
  await database.db.updateTable("outage_notices").set({ expanded_at: null, recipients: null }).execute();
  const r = await job("outages.notices").run(new Date());
  assert.deepEqual(r, { notices: 1, messages: 2 });
  assert.equal((await sms()).length, 2);
  assert.deepEqual(await job("outages.notices").run(new Date()), { notices: 0, messages: 0 });
});

test(`[${driverName}] two worker processes' schedulers run each tick of a job once, not once each`, async () => {
  const at = new Date("2026-12-03T10:00:05Z");
  let runs = 0;
  const job = {
    name: "test.once-per-tick",
    everyMs: 60_000,
    async run() {
      runs++;
      return { runs };
    },
  };
  const ticks: { worker: string; tick: number; ran: boolean }[] = [];
  let seen: () => void = () => {};
  const bothTicked = new Promise<void>((resolve) => {
    seen = () => {
      if (ticks.length === 2) resolve();
    };
  });
  const logger = pino({ level: "silent" });
  // Two schedulers with their own claim, as two processes on one database would have.
  const workers = ["worker-a", "worker-b"].map((worker) =>
    startScheduler([job], logger, {
      clock: () => at,
      claim: (name, tick, now) => repos.jobRuns.claim(name, tick, worker, now),
      onTick: (_name, tick, ran) => {
        ticks.push({ worker, tick, ran });
        seen();
      },
    }),
  );
  await bothTicked;
  await Promise.all(workers.map((w) => w.stop()));
  assert.equal(runs, 1);
  assert.deepEqual(ticks.map((t) => t.ran).sort(), [false, true]);
  assert.equal(ticks[0]?.tick, tickOf(job, at));
  assert.equal(ticks[1]?.tick, tickOf(job, at));
  const rows = await database.db.selectFrom("job_runs").selectAll().where("job", "=", job.name).execute();
  assert.deepEqual(
    rows.map((r) => [Number(r.tick), r.claimed_by]),
    [[tickOf(job, at), ticks.find((t) => t.ran)?.worker]],
  );
  // The next minute is a new tick: claimed again, by whichever asks first.
  assert.equal(await repos.jobRuns.claim(job.name, tickOf(job, at) + 1, "worker-b", at), true);
  assert.equal(await repos.jobRuns.claim(job.name, tickOf(job, at) + 1, "worker-a", at), false);
  assert.equal(await repos.jobRuns.purge(new Date(at.getTime() + 1)), 2);
});

test("a job that claims its own rows (everyProcess) runs at each tick in every worker, with no job_runs claim", async () => {
  const at = new Date("2026-12-03T10:00:05Z");
  const ranIn: string[] = [];
  const claims: string[] = [];
  const logger = pino({ level: "silent" });
  const done = ["worker-a", "worker-b"].map(
    (worker) =>
      new Promise<void>((resolve) => {
        const s = startScheduler(
          [
            {
              name: "test.every-process",
              everyMs: 60_000,
              everyProcess: true,
              async run() {
                ranIn.push(worker);
                return undefined;
              },
            },
          ],
          logger,
          {
            clock: () => at,
            claim: async (name) => {
              claims.push(name);
              return false;
            },
            onTick: () => void s.stop().then(resolve),
          },
        );
      }),
  );
  await Promise.all(done);
  assert.deepEqual(ranIn.sort(), ["worker-a", "worker-b"]);
  assert.deepEqual(claims, []);
});
