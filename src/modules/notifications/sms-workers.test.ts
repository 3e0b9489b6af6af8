import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, driverName } from "../../../test/helpers/db.ts";
import type { Database } from "../../db/database.ts";
import { DeliveryRepository } from "./delivery.repository.ts";
import { workerLiveness } from "./delivery.ts";

let database: Database;
let repo: DeliveryRepository;
const now = new Date("2026-12-03T10:00:00+05:30");
// Leases an hour long: only liveness can give the rows back in this test.
const inAnHour = new Date(now.getTime() + 3_600_000);

before(async () => {
  database = await createTestDatabase();
  repo = new DeliveryRepository(database.db);
});
after(async () => {
  await database?.close();
});

async function queue(n: number, tag: string) {
  await database.db
    .insertInto("outbox_sms")
    .values(
      Array.from({ length: n }, (_, i) => ({
        dedup_key: `workers:${tag}:${i}`,
        recipient: `98260${String(i).padStart(5, "0")}`,
        language: "en" as const,
        template: "test_plain",
        variables: "{}",
        body: "Liveness test. - MPEZ",
        urgent: true,
        created_at: now,
      })),
    )
    .execute();
}

const statuses = async (tag: string) =>
  (
    await database.db
      .selectFrom("outbox_sms")
      .select(["status", "claimed_by"])
      .where("dedup_key", "like", `workers:${tag}:%`)
      .execute()
  ).map((r) => `${r.status}:${r.claimed_by ?? "-"}`);

test(`[${driverName}] a dead worker's claims go back to the queue at once, a live one's stay`, async () => {
  await queue(5, "a");
  const a = await workerLiveness(database, repo, () => now);
  const claimed = await repo.claim(5, now, inAnHour, false, a.id);
  assert.equal(claimed.length, 5);

  const b = await workerLiveness(database, repo, () => now);
  assert.notEqual(a.id, b.id);
  assert.equal(await repo.reclaimDead(b.id), 0, "a live worker's claims are left alone");
  assert.deepEqual(await statuses("a"), Array(5).fill(`sending:${a.id}`));
  // A worker does not take back its own.
  assert.equal(await repo.reclaimDead(a.id), 0);

  // A dies: its lock goes with its session.
  await a.release();
  assert.equal(await repo.reclaimDead(b.id), 5);
  assert.deepEqual(await statuses("a"), Array(5).fill("pending:-"));
  const rows = await database.db.selectFrom("sms_workers").select("id").execute();
  assert.deepEqual(
    rows.map((r) => r.id),
    [b.id],
    "the dead worker's row is gone",
  );
  // And B sends them.
  const again = await repo.claim(5, now, inAnHour, false, b.id);
  assert.equal(again.length, 5);
  await b.release();
});

test(`[${driverName}] a worker whose claims were given back cannot mark them: the worker that took them records the send`, async () => {
  await queue(2, "b");
  const a = await workerLiveness(database, repo, () => now);
  const [first, second] = await repo.claim(2, now, inAnHour, false, a.id);
  assert.ok(first && second);
  // A's lock connection drops (an idle cut): B finds it dead and takes its claims.
  await a.release();
  const b = await workerLiveness(database, repo, () => now);
  // (The earlier test's rows, left with its released worker, come back too.)
  assert.ok((await repo.reclaimDead(b.id)) >= 2);
  const again = await repo.claim(20, now, inAnHour, false, b.id);
  assert.ok([first.id, second.id].every((id) => again.some((m) => m.id === id)));

  // A, still running, finishes its submits: nothing of B's claim changes.
  await repo.markSentMany([{ id: first.id, smscIds: ["A-1"] }], "smpp", now, a.id);
  await repo.markFailed(second.id, "from A", "failed", a.id);
  await repo.markRetry(second.id, "from A", inAnHour, a.id);
  assert.deepEqual(await statuses("b"), Array(2).fill(`sending:${b.id}`));
  const aParts = await database.db
    .selectFrom("sms_parts")
    .select("id")
    .where("smsc_id", "=", "A-1")
    .execute();
  assert.equal(aParts.length, 0);

  // B's own marks land.
  await repo.markSentMany([{ id: first.id, smscIds: ["B-1"] }], "smpp", now, b.id);
  await repo.markFailed(second.id, "from B", "failed", b.id);
  assert.deepEqual((await statuses("b")).sort(), ["failed:" + b.id, "sent:" + b.id].sort());
  await b.release();
});
