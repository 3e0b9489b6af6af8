import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { type Database, openEmbedded } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { createTestDatabase, driverName, testDatabaseUrl } from "./helpers/db.ts";
import { TestSmsc } from "./helpers/smsc.ts";
import { until as waitUntil } from "./helpers/until.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin/powerdesk.js");
const MESSAGES = 20_000;
const WINDOW = 10;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pd-sms-kill-"));
let smsc: TestSmsc;
let database: (Database & { url?: string }) | undefined;
let worker: ChildProcess | undefined;

/** A 20,000-consumer outage fan-out waiting in the outbox (one distinct mobile each). */
async function queueFanout(db: Database): Promise<void> {
  await sql`
    insert into outbox_sms (dedup_key, recipient, language, template, variables, body, urgent, related_type, related_id, created_at)
    select 'outage:1:notice:' || i, '7' || lpad(i::text, 9, '0'), 'en', 'outage_notice',
           '{"area": "Station Road", "since": "28 Nov, 2:05 pm", "etr": "28 Nov, 5:00 pm", "company": "MPEZ"}'::jsonb,
           'Power supply in your area (Station Road) is interrupted since 28 Nov, 2:05 pm. Expected restoration by 28 Nov, 5:00 pm. We regret the trouble. - MPEZ',
           true, 'outage', 1, now()
    from generate_series(1, ${MESSAGES}) i`.execute(db.db);
}

before(async () => {
  smsc = await new TestSmsc().start();
  smsc.receipts = false;
  if (testDatabaseUrl) {
    database = await createTestDatabase();
    await queueFanout(database);
  } else {
    const db = await openEmbedded({ dataDir: path.join(dir, "data"), command: "test" });
    try {
      await migrateToLatest(db.db);
      await queueFanout(db);
    } finally {
      await db.close();
    }
  }
});
after(async () => {
  worker?.kill("SIGKILL");
  await smsc?.stop();
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, [bin, "serve", "--role", "worker"], {
    cwd: dir,
    env: {
      ...process.env,
      ...(database?.url
        ? { DATABASE_URL: database.url }
        : { DATABASE_URL: "", DATA_DIR: path.join(dir, "data") }),
      SMS_GATEWAY: "smpp",
      SMPP_URL: smsc.url,
      SMPP_WINDOW: String(WINDOW),
      DLT_ENTITY_ID: "1201159100000000001",
      SMS_RATE: "0",
      // An hour: the restarted worker must take the dead one's claims back by its liveness, not by the lease.
      SMS_LEASE_SECONDS: "3600",
      MQTT_URL: "",
      MQTT_PORT: "0",
      LOG_LEVEL: "error",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", () => {});
  return child;
}

const until = (what: string, probe: () => boolean, ms: number) =>
  waitUntil(() => `${what} (${smsc.submitted.length} submits)`, probe, ms);

const distinct = () => new Set(smsc.submitted.map((s) => String(s.pdu.destination_addr))).size;

test(`[${driverName}] SIGKILL in the middle of a 20,000-SMS fan-out: a restarted worker takes the dead one's claims back at once (leases of an hour), every message is sent, at most the ones in flight twice`, async (t) => {
  worker = startWorker();
  await until("a quarter of the fan-out", () => smsc.submitted.length >= MESSAGES / 4, 120_000);
  worker.kill("SIGKILL");
  await new Promise<void>((resolve) => worker?.once("exit", () => resolve()));
  const atKill = smsc.submitted.length;
  assert.ok(atKill < MESSAGES, "killed before the end");

  worker = startWorker();
  await until("every message", () => distinct() >= MESSAGES, 180_000);
  // A graceful stop finishes what is in flight: once the process is gone nothing more can come.
  worker.kill("SIGTERM");
  await new Promise<void>((resolve) => worker?.once("exit", () => resolve()));
  worker = undefined;

  const twice = smsc.submitted.length - distinct();
  t.diagnostic(`submits at the kill: ${atKill}; in all: ${smsc.submitted.length}; sent twice: ${twice}`);
  assert.equal(distinct(), MESSAGES, "nothing lost");
  assert.ok(
    twice <= WINDOW,
    `sent twice: ${twice}; at most the window of ${WINDOW} can be in flight at the kill`,
  );

  const check = database ?? (await openEmbedded({ dataDir: path.join(dir, "data"), command: "test" }));
  try {
    const r = await sql<{ status: string; n: number }>`
      select status, count(*)::int as n from outbox_sms group by status`.execute(check.db);
    assert.deepEqual(
      r.rows.map((x) => [x.status, Number(x.n)]),
      [["sent", MESSAGES]],
    );
  } finally {
    if (!database) await check.close();
  }
});
