import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { buildOrgTree, buildUser } from "../../test/factories.ts";
import { createTestDatabase, driverName } from "../../test/helpers/db.ts";
import type { Database } from "../db/database.ts";
import { createRepositories, createServices, type Repositories, type Services } from "../modules/registry.ts";
import { jobDefinitions } from "./registry.ts";

let database: Database;
let repos: Repositories;
let services: Services;
before(async () => {
  database = await createTestDatabase();
  repos = createRepositories(database);
  services = createServices(database, repos);
});
after(async () => database?.close());

test(`[${driverName}] sessions.cleanup deletes expired sessions only`, async () => {
  const tree = await buildOrgTree(repos);
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
