// The scale-out path as it is deployed: API and worker processes, each a
// `powerdesk serve --role ...` of its own, on one PostgreSQL. A SCADA trip
// heard by the workers reaches live screens on every API process; complaints
// register through any of them; each recurring job runs once per tick, not
// once per worker.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import mqtt from "mqtt";
import type { Database } from "../src/db/database.ts";
import { jobDefinitions } from "../src/jobs/registry.ts";
import { type EmbeddedBroker, startEmbeddedBroker } from "../src/modules/outages/mqtt.ingest.ts";
import { createRepositories, type Repositories, type Services } from "../src/modules/registry.ts";
import { buildConsumer, buildOrgTree, buildUser } from "./factories.ts";
import { testMqttUrl } from "./helpers/app.ts";
import { createTestDatabase, testDatabaseUrl } from "./helpers/db.ts";
import { signInOverHttp } from "./helpers/sign-in.ts";
import { openSse, type SseClient } from "./helpers/sse.ts";

const skip = testDatabaseUrl
  ? false
  : "needs PostgreSQL (TEST_DATABASE_URL): the embedded database is one process by design (DATA_DIR is locked)";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin/powerdesk.js");

interface Proc {
  name: string;
  child: ChildProcess;
  /** Every line it printed. */
  lines: string[];
  /** Resolves with the next line that matches (or one already printed). */
  line(match: RegExp): Promise<RegExpExecArray>;
  /** Resolves when it prints its next line. */
  next(): Promise<void>;
}

const procs: Proc[] = [];
let database: (Database & { url?: string }) | undefined;
let broker: EmbeddedBroker | undefined;
let dir: string;

function start(name: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [bin, "serve", ...args], {
    env: { ...process.env, ...env },
    cwd: dir,
  });
  const lines: string[] = [];
  const waiters = new Set<{ match: RegExp; resolve: (m: RegExpExecArray) => void }>();
  let rest = "";
  const onData = (d: Buffer) => {
    rest += d;
    const parts = rest.split("\n");
    rest = parts.pop() ?? "";
    for (const l of parts) {
      lines.push(l);
      for (const w of waiters) {
        const m = w.match.exec(l);
        if (m) {
          waiters.delete(w);
          w.resolve(m);
        }
      }
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<never>((_, reject) =>
    child.on("exit", (code) => reject(new Error(`${name} exited with ${code}:\n${lines.join("\n")}`))),
  );
  exited.catch(() => {});
  const proc: Proc = {
    name,
    child,
    lines,
    line(match) {
      for (const l of lines) {
        const m = match.exec(l);
        if (m) return Promise.resolve(m);
      }
      return Promise.race([
        new Promise<RegExpExecArray>((resolve) => waiters.add({ match, resolve })),
        exited,
      ]);
    },
    next() {
      return Promise.race([
        new Promise<void>((resolve) => waiters.add({ match: /^/, resolve: () => resolve() })),
        exited,
      ]);
    },
  };
  procs.push(proc);
  return proc;
}

let apis: string[] = [];
let workers: Proc[] = [];
let publish: (topic: string, payload: unknown) => Promise<void>;
let closePublisher: () => Promise<void> = async () => {};
let supervisor: string;
let agent: string;
let repos: Repositories;

before(async () => {
  if (skip) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pd-scale-"));
  database = await createTestDatabase();
  repos = createRepositories(database);
  const tree = await buildOrgTree(repos);
  await buildConsumer(repos, tree, { consumerNo: "7301000001" });
  await buildConsumer(repos, tree, { consumerNo: "7301000002" });
  await buildConsumer(repos, tree, { consumerNo: "7302000001", dtCode: "TF2-T1" });
  await buildUser(repos, tree, { login: "sup.scale", role: "supervisor", orgCode: "T" });
  await buildUser(repos, tree, { login: "agent.scale", role: "agent" });
  await buildUser(repos, tree, { login: "lm.scale", role: "lineman", orgCode: "TDC1", phone: "9000000071" });

  if (!testMqttUrl) broker = await startEmbeddedBroker(0, "127.0.0.1");
  const mqttUrl = testMqttUrl ?? (broker as EmbeddedBroker).url;
  const prefix = `pdscale/${process.pid}-${randomBytes(3).toString("hex")}`;
  const env = {
    DATABASE_URL: database.url as string,
    DATA_DIR: path.join(dir, "data"),
    PORT: "0",
    HOST: "127.0.0.1",
    MQTT_URL: mqttUrl,
    MQTT_TOPIC_PREFIX: prefix,
    SMS_GATEWAY: "log",
    LOG_LEVEL: "warn",
  };
  // Two API processes and two workers (one worker would run each job once whatever the code did).
  const api = [start("api-1", ["--role", "api"], env), start("api-2", ["--role", "api"], env)];
  workers = [
    start("worker-1", ["--role", "worker"], { ...env, LOG_LEVEL: "debug" }),
    start("worker-2", ["--role", "worker"], { ...env, LOG_LEVEL: "debug" }),
  ];
  apis = await Promise.all(
    api.map(async (p) => {
      const m = await p.line(/listening on http:\/\/localhost:(\d+)/);
      return `http://127.0.0.1:${m[1]}`;
    }),
  );
  await Promise.all(workers.map((w) => w.line(/PowerDesk worker running/)));

  const publisher = await mqtt.connectAsync(mqttUrl, {
    clientId: `pdscale-${randomBytes(4).toString("hex")}`,
  });
  publish = async (topic, payload) => {
    await publisher.publishAsync(`${prefix}/${topic}`, JSON.stringify(payload), { qos: 1 });
  };
  closePublisher = () => publisher.endAsync();
  supervisor = await signInOverHttp(apis[0] as string, "sup.scale");
  agent = await signInOverHttp(apis[1] as string, "agent.scale");
});

after(async () => {
  await closePublisher();
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.child.exitCode !== null) return resolve();
          p.child.on("exit", () => resolve());
          p.child.kill("SIGTERM");
        }),
    ),
  );
  await broker?.close();
  await database?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("a feeder trip over MQTT reaches the live screens of both API processes", { skip }, async () => {
  // The supervisor's one session, a screen on each API process.
  const screens: SseClient[] = [];
  try {
    for (const base of apis) {
      const sse = await openSse(`${base}/api/events`, { cookie: supervisor });
      screens.push(sse);
      await sse.waitFor((e) => e.event === "snapshot");
    }
    await publish("scada/feeders/TF1", { event: "trip", at: new Date().toISOString() });
    const alerts = await Promise.all(
      screens.map((s) =>
        s.waitFor(
          (e) => e.event === "outage" && (e.data as { feeder?: { code: string } }).feeder?.code === "TF1",
          60_000,
        ),
      ),
    );
    for (const a of alerts) assert.equal((a.data as { status: string }).status, "confirmed");
    const ids = alerts.map((a) => (a.data as { id: number }).id);
    assert.equal(ids[0], ids[1], "both screens show the same outage");
    // Both workers heard the trip; the outage is still one.
    const open = await (database as Database).db
      .selectFrom("outages")
      .select("id")
      .where("feeder_id", "is not", null)
      .where("status", "in", ["suspected", "confirmed"])
      .execute();
    assert.deepEqual(
      open.map((o) => o.id),
      [ids[0]],
    );
  } finally {
    for (const s of screens) s.close();
  }
});

test("complaints register through either API process and each sees the other's", { skip }, async () => {
  const numbers: string[] = [];
  for (const [i, base] of apis.entries()) {
    const res = await fetch(`${base}/api/complaints`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base, cookie: agent },
      body: JSON.stringify({
        consumerNo: i === 0 ? "7301000002" : "7302000001",
        categoryCode: "meter",
        subcategoryCode: "stopped",
        description: `registered through API process ${i + 1}`,
      }),
    });
    const body = (await res.json()) as { complaint?: { number: string } };
    assert.equal(res.status, 201, JSON.stringify(body));
    numbers.push(body.complaint?.number as string);
  }
  assert.notEqual(numbers[0], numbers[1]);
  for (const [i, number] of numbers.entries()) {
    const other = apis[1 - i] as string;
    const res = await fetch(`${other}/api/complaints/${number}`, { headers: { cookie: agent } });
    assert.equal(res.status, 200, `${number} from API process ${2 - i}`);
  }
});

test("each recurring job runs once per tick across both workers, not once per worker", { skip }, async () => {
  // Jobs that claim their own rows (the trouble-call analysis queue) run in every worker at every tick.
  const jobs = jobDefinitions({} as Repositories, {} as Services, {
    databaseKind: "postgres",
    timeZone: "Asia/Kolkata",
  }).filter((j) => !j.everyProcess);
  type Tick = { job: string; tick: number; ran: boolean; worker: string };
  const ticks = (): Tick[] =>
    workers.flatMap((w) =>
      w.lines.flatMap((l) => {
        if (!l.includes('"job tick"')) return [];
        const j = JSON.parse(l) as { job: string; tick: number; ran: boolean };
        if (!jobs.some((x) => x.name === j.job)) return [];
        return [{ job: j.job, tick: j.tick, ran: j.ran, worker: w.name }];
      }),
    );
  // Both workers started together, so both looked at each job's first tick. A job whose two
  // first looks fell either side of a tick boundary is seen again at its next tick: waited
  // for when that is at most a minute away.
  const shared = (all: Tick[], job: string) => {
    const mine = all.filter((t) => t.job === job);
    return mine.filter((t) => mine.some((u) => u.tick === t.tick && u.worker !== t.worker));
  };
  const settled = () => {
    const all = ticks();
    return jobs.every((j) => {
      const seenBy = new Set(all.filter((t) => t.job === j.name).map((t) => t.worker));
      if (seenBy.size < 2) return false;
      return shared(all, j.name).length > 0 || j.everyMs > 60_000;
    });
  };
  const deadline = Date.now() + 150_000;
  while (!settled()) {
    if (Date.now() > deadline)
      assert.fail(`the workers did not both look at every job's tick:\n${JSON.stringify(ticks(), null, 1)}`);
    // Waits for the next line either worker prints.
    await Promise.race(workers.map((w) => w.next()));
  }
  const all = ticks();
  const byTick = new Map<string, Tick[]>();
  for (const t of all) byTick.set(`${t.job}@${t.tick}`, [...(byTick.get(`${t.job}@${t.tick}`) ?? []), t]);
  let sharedTicks = 0;
  for (const [key, list] of byTick) {
    assert.ok(list.filter((t) => t.ran).length <= 1, `${key} ran in ${list.length} workers`);
    if (new Set(list.map((t) => t.worker)).size === 2) {
      sharedTicks++;
      assert.equal(list.filter((t) => t.ran).length, 1, `${key}: one worker runs it, the other skips it`);
    }
  }
  assert.ok(sharedTicks >= jobs.filter((j) => j.everyMs <= 60_000).length);
  const runs = await (database as Database).db.selectFrom("job_runs").select(["job", "tick"]).execute();
  for (const t of all.filter((x) => x.ran))
    assert.ok(
      runs.some((r) => r.job === t.job && Number(r.tick) === t.tick),
      `${t.job}@${t.tick} is in job_runs`,
    );
});
