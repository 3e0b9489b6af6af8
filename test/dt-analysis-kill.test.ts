// Trouble-call analysis survives a crash. The process that takes the calls
// queues the DT in the registration's own statement; if it dies with -9
// before any worker analysed them, the next worker to start finds the DT
// outage from the queue, with no further call. (The old in-memory queue lost
// them: the DT waited for its next call.)
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { type Database, openEmbedded } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { createRepositories } from "../src/modules/registry.ts";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "./factories.ts";
import { createTestDatabase, driverName, testDatabaseUrl } from "./helpers/db.ts";
import { signInOverHttp } from "./helpers/sign-in.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin/powerdesk.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pd-dt-kill-"));
const dataDir = path.join(dir, "data");
let database: (Database & { url?: string }) | undefined;
let tree: Tree;
const callers: string[] = [];
let child: ChildProcess | undefined;

async function seed(db: Database): Promise<void> {
  const repos = createRepositories(db);
  tree = await buildOrgTree(repos);
  for (let i = 0; i < 3; i++)
    callers.push((await buildConsumer(repos, tree, { dtCode: "TF1-T2" })).consumerNo);
  await buildUser(repos, tree, { login: "agent.kill", role: "agent" });
  await buildUser(repos, tree, { login: "sup.kill", role: "supervisor", orgCode: "T" });
}

before(async () => {
  if (testDatabaseUrl) {
    database = await createTestDatabase();
    await seed(database);
  } else {
    const db = await openEmbedded({ dataDir, command: "test" });
    try {
      await migrateToLatest(db.db);
      await seed(db);
    } finally {
      await db.close();
    }
  }
});
after(async () => {
  child?.kill("SIGKILL");
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts `powerdesk serve` in a role; resolves with its address once it listens. */
function serve(role: "api" | "all"): Promise<string> {
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, [bin, "serve", "--role", role], {
      cwd: dir,
      env: {
        ...process.env,
        ...(database?.url ? { DATABASE_URL: database.url } : { DATABASE_URL: "" }),
        DATA_DIR: dataDir,
        PORT: "0",
        HOST: "127.0.0.1",
        MQTT_URL: "",
        MQTT_PORT: "0",
        SMS_GATEWAY: "log",
        LOG_LEVEL: "warn",
      },
    });
    let out = "";
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`serve --role ${role} exited with ${code}:\n${out}`)));
  });
}

async function killHard(): Promise<void> {
  const c = child;
  if (!c) return;
  const gone = new Promise<void>((resolve) => c.once("exit", () => resolve()));
  c.kill("SIGKILL");
  await gone;
  child = undefined;
}

async function stop(): Promise<void> {
  const c = child;
  if (!c) return;
  const gone = new Promise<void>((resolve) => c.once("exit", () => resolve()));
  c.kill("SIGTERM");
  await gone;
  child = undefined;
}

interface OutageItem {
  id: number;
  scope: string;
  status: string;
  source: string;
  linkedComplaints: number;
  dt: { code: string } | null;
}

async function dtOutages(base: string, cookie: string): Promise<OutageItem[]> {
  const res = await fetch(`${base}/api/outages`, { headers: { cookie } });
  assert.equal(res.status, 200, await res.clone().text());
  const body = (await res.json()) as { items: OutageItem[] };
  return body.items.filter((o) => o.scope === "dt" && o.dt?.code === "TF1-T2");
}

/** Reads the database between processes (the embedded one takes one process at a time). */
async function inDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  if (database) return fn(database);
  const db = await openEmbedded({ dataDir, command: "test" });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

test(`[${driverName}] kill -9 between the third "no supply" call and its analysis: on restart the DT outage is found without another call`, async () => {
  // The calls come in through an API process; no worker runs to analyse them.
  let base = await serve("api");
  const agent = await signInOverHttp(base, "agent.kill");
  for (const consumerNo of callers) {
    const res = await fetch(`${base}/api/complaints`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base, cookie: agent },
      body: JSON.stringify({ consumerNo, categoryCode: "no_supply", description: "No light" }),
    });
    assert.equal(res.status, 201, await res.text());
  }
  await killHard();

  const queued = await inDatabase(async (db) => ({
    waiting: await createRepositories(db).dtAnalysis.waiting(),
    outages: await db.db.selectFrom("outages").select("id").execute(),
  }));
  assert.deepEqual(
    queued.waiting.map((w) => [Number(w.dt_id), w.requests]),
    [[tree.dts["TF1-T2"], 3]],
    "the DT waits in the queue, once, for its three calls",
  );
  assert.deepEqual(queued.outages, [], "not analysed before the kill");

  // A worker starts (here with the API in the same process): no new call.
  base = await serve("all");
  const supervisor = await signInOverHttp(base, "sup.kill");
  const deadline = Date.now() + 60_000;
  let found = await dtOutages(base, supervisor);
  while (found.length === 0) {
    assert.ok(Date.now() < deadline, "the restarted worker did not find the DT outage within a minute");
    await new Promise((r) => setTimeout(r, 50));
    found = await dtOutages(base, supervisor);
  }
  assert.equal(found.length, 1);
  assert.equal(found[0]?.status, "suspected");
  assert.equal(found[0]?.source, "complaints");
  assert.equal(found[0]?.linkedComplaints, 3);
  await stop();

  const left = await inDatabase((db) => createRepositories(db).dtAnalysis.waiting());
  assert.deepEqual(left, [], "analysed, the DT left the queue");
});
