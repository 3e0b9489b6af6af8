// Outage benchmarks: red-alert latency under a storm of calls, the SMS
// fan-out of a 20,000-consumer feeder outage, and trouble-call analysis
// accuracy under storm load. Figures go in bench/README.md.
import http from "node:http";
import { sql } from "kysely";
import mqtt from "mqtt";
import pg from "pg";
import { type Database, openPostgres } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { fixedClock } from "../src/lib/clock.ts";
import { ROLE_PERMISSIONS } from "../src/modules/access/permissions.ts";
import type { Principal } from "../src/modules/access/principal.ts";
import type { ConsumerUpsertRow } from "../src/modules/consumers/consumers.repository.ts";
import { planDemo } from "../src/modules/demo/demo.generator.ts";
import { loadDemoUsers } from "../src/modules/demo/demo.service.ts";
import { createRepositories, createServices, type Repositories } from "../src/modules/registry.ts";
import { openSse } from "../test/helpers/sse.ts";
import { request, startServer } from "./complaints.ts";
import { adminUrl, freshDatabase, log, stats } from "./lib.ts";

const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;

/** A fresh database of its own for the outage suites (the 1M-consumer one stays as the import left it). */
async function scratchDatabase(kind: "postgres" | "embedded") {
  if (kind === "embedded") return freshDatabase("embedded");
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query("drop database if exists powerdesk_bench_outages with (force)");
  await admin.query("create database powerdesk_bench_outages");
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = "/powerdesk_bench_outages";
  const database = await openPostgres(u.toString(), { poolSize: 10 });
  await migrateToLatest(database.db);
  return { database, cleanup: async () => {} };
}

/** company → … → one DC, feeders F01..Fnn with DTs Fnn-T01.., consumers on each DT with a verified mobile. */
export async function buildNetwork(
  repos: Repositories,
  feeders: number,
  dtsPerFeeder: number,
  perDt: number,
) {
  const chain: [
    string,
    "company" | "region" | "circle" | "division" | "subdivision" | "dc",
    string | null,
  ][] = [
    ["B", "company", null],
    ["BR", "region", "B"],
    ["BC", "circle", "BR"],
    ["BD", "division", "BC"],
    ["BS", "subdivision", "BD"],
    ["BDC", "dc", "BS"],
  ];
  const org: Record<string, number> = {};
  for (const [code, kind, parentCode] of chain) {
    const { entry } = await repos.org.upsert({
      code,
      kind,
      parentCode,
      nameEn: `${code} unit`,
      nameHi: `${code} इकाई`,
    });
    org[code] = entry.id;
  }
  const dc = org.BDC as number;
  const ss = await repos.network.upsertSubstations([
    { code: "BSS", nameEn: "Bench SS", nameHi: "बेंच उपकेंद्र", dcId: dc },
  ]);
  const fcodes = Array.from({ length: feeders }, (_, i) => `BF${String(i + 1).padStart(2, "0")}`);
  const f = await repos.network.upsertFeeders(
    fcodes.map((code) => ({
      code,
      nameEn: `Feeder ${code}`,
      nameHi: `फीडर ${code}`,
      dcId: dc,
      substationId: ss.ids.get("BSS") as number,
    })),
  );
  const dtRows = fcodes.flatMap((fc) =>
    Array.from({ length: dtsPerFeeder }, (_, j) => ({
      code: `${fc}-T${String(j + 1).padStart(2, "0")}`,
      nameEn: `DT ${fc}-${j + 1}`,
      nameHi: `डीटी ${fc}-${j + 1}`,
      dcId: dc,
      feederId: f.ids.get(fc) as number,
      capacityKva: 100,
    })),
  );
  const d = await repos.network.upsertDts(dtRows);
  let n = 0;
  const consumers: { consumerNo: string; feeder: string; dt: string }[] = [];
  let batch: ConsumerUpsertRow[] = [];
  for (const dt of dtRows) {
    const fc = dt.code.slice(0, dt.code.indexOf("-"));
    for (let k = 0; k < perDt; k++) {
      n++;
      const consumerNo = `8${String(n).padStart(9, "0")}`;
      consumers.push({ consumerNo, feeder: fc, dt: dt.code });
      batch.push({
        consumerNo,
        name: `Bench Consumer ${n}`,
        address: "Bench Road",
        tariffCategory: "domestic",
        areaType: "urban",
        dcId: dc,
        feederId: f.ids.get(fc) as number,
        dtId: d.ids.get(dt.code) as number,
        meterNo: `BM${String(n).padStart(9, "0")}`,
        connectionStatus: "active",
        mobiles: [
          { mobile: `7${String(n).padStart(9, "0")}`, verified: true, language: n % 3 ? "hi" : "en" },
        ],
      });
      if (batch.length === 2000) {
        await repos.consumers.upsertBatch(batch);
        batch = [];
      }
    }
  }
  if (batch.length) await repos.consumers.upsertBatch(batch);
  await repos.network.analyze();
  return { org, dc, fcodes, consumers };
}

async function agentPrincipal(database: Database, repos: Repositories): Promise<Principal> {
  await repos.users.upsertBatch([
    {
      login: "bench.agent",
      name: "Bench agent",
      role: "agent",
      orgUnitId: (await repos.org.findByCode("B"))?.id as number,
      phone: null,
      language: "en",
      active: true,
      passwordHash: "x",
    },
  ]);
  const u = await repos.users.findByLoginForAuth("bench.agent");
  const org = await sql<{
    id: number;
    path: string;
  }>`select id, path from org_units where code = 'B'`.execute(database.db);
  return {
    kind: "user",
    id: u?.id as number,
    name: "Bench agent",
    login: "bench.agent",
    role: "agent",
    language: "en",
    orgUnitId: org.rows[0]?.id as number,
    orgCode: "B",
    orgKind: "company",
    orgPath: org.rows[0]?.path as string,
    permissions: new Set(ROLE_PERMISSIONS.agent),
  };
}

// ---------------------------------------------------------------------------

/** One feeder of 20,000 consumers trips: how long until its 20,000 outage SMS are in the outbox. */
export async function benchFanout(kind: "postgres" | "embedded", rounds = 3): Promise<void> {
  const { database, cleanup } = await scratchDatabase(kind);
  try {
    const repos = createRepositories(database);
    log(`\n## Outage SMS fan-out (${kind}): one feeder, 20,000 consumers with a verified mobile`);
    const t0 = performance.now();
    await buildNetwork(repos, 1, 40, 500);
    log(`network and 20,000 consumers loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const clock = fixedClock("2026-11-28T10:00:00+05:30");
    const services = createServices(database, repos, { clock });
    const rows: string[] = [];
    for (let r = 1; r <= rounds; r++) {
      clock.advance(3600_000);
      const start = performance.now();
      const trip = await services.outages.scada("BF01", "trip", clock(), "bench");
      const committed = performance.now() - start;
      await services.idle();
      const fanned = performance.now() - start;
      const n = await sql<{
        n: number;
      }>`select count(*)::int as n from outbox_sms where related_type = 'outage' and related_id = ${trip.outageId}`.execute(
        database.db,
      );
      rows.push(
        `| ${r} | ${fmt(committed)} | ${fmt(fanned)} | ${(n.rows[0]?.n ?? 0).toLocaleString("en-IN")} | ${Math.round(((n.rows[0]?.n ?? 0) / fanned) * 1000).toLocaleString("en-IN")} |`,
      );
      clock.advance(600_000);
      await services.outages.scada("BF01", "close", clock(), "bench");
      await services.idle();
    }
    log("| round | trip committed (red alert can go) | all SMS rows written | rows | rows/s |");
    log("|---|---|---|---|---|");
    for (const r of rows) log(r);
    await services.close();
  } finally {
    await database.close();
    await cleanup();
  }
}

// ---------------------------------------------------------------------------

/**
 * Trouble-call analysis under storm load, in simulated time: 5,000 calls
 * over 10 minutes across 50 feeders (10 DTs of 40 consumers each). The truth:
 * 6 feeder outages and 25 DT outages (at most one per other feeder), starting
 * in the first five minutes. Calls: half the consumers behind a feeder outage
 * and 60% behind a DT outage call "no supply", some twice; single-consumer
 * faults elsewhere (at most two callers per DT) and calls of other categories
 * from anyone make up the rest. Eight calls are in flight at a time.
 */
export async function benchTroubleCalls(kind: "postgres" | "embedded", total = 5000): Promise<void> {
  const { database, cleanup } = await scratchDatabase(kind);
  try {
    const repos = createRepositories(database);
    log(
      `\n## Trouble-call analysis under storm load (${kind}): ${total.toLocaleString("en-IN")} calls over 10 minutes, 50 feeders`,
    );
    const net = await buildNetwork(repos, 50, 10, 40);
    let seed = 42;
    const rnd = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 4294967296;
    };
    const shuffled = [...net.fcodes].sort(() => rnd() - 0.5);
    const feederOut = new Set(shuffled.slice(0, 6));
    const dtOut = new Set(
      shuffled.slice(6, 31).map((f) => `${f}-T${String(1 + Math.floor(rnd() * 10)).padStart(2, "0")}`),
    );
    const startOf = new Map<string, number>();
    for (const e of [...feederOut, ...dtOut]) startOf.set(e, rnd() * 300_000);
    const calls: { at: number; consumerNo: string; category: string }[] = [];
    const behind = (c: { feeder: string; dt: string }) =>
      feederOut.has(c.feeder) ? c.feeder : dtOut.has(c.dt) ? c.dt : undefined;
    for (const c of net.consumers) {
      const el = behind(c);
      if (!el) continue;
      const share = feederOut.has(el) ? 0.5 : 0.6;
      if (rnd() >= share) continue;
      const s = startOf.get(el) as number;
      const at = s + 30_000 + rnd() * (600_000 - s - 30_000);
      calls.push({ at, consumerNo: c.consumerNo, category: "no_supply" });
      if (rnd() < 0.2)
        calls.push({
          at: Math.min(599_000, at + 60_000 + rnd() * 120_000),
          consumerNo: c.consumerNo,
          category: "no_supply",
        });
    }
    // Single faults: at most two callers on any DT not behind an outage.
    const perDt = new Map<string, number>();
    const quiet = net.consumers.filter((c) => !behind(c));
    const noise = Math.min(Math.round(total * 0.15), quiet.length);
    for (let i = 0; i < noise; i++) {
      const c = quiet[Math.floor(rnd() * quiet.length)] as (typeof quiet)[number];
      if ((perDt.get(c.dt) ?? 0) >= 2) continue;
      perDt.set(c.dt, (perDt.get(c.dt) ?? 0) + 1);
      calls.push({ at: rnd() * 600_000, consumerNo: c.consumerNo, category: "no_supply" });
    }
    const others = ["meter", "billing", "voltage"];
    while (calls.length < total) {
      const c = net.consumers[Math.floor(rnd() * net.consumers.length)] as (typeof net.consumers)[number];
      calls.push({
        at: rnd() * 600_000,
        consumerNo: c.consumerNo,
        category: others[Math.floor(rnd() * 3)] as string,
      });
    }
    calls.sort((a, b) => a.at - b.at);

    const t0 = new Date("2026-11-28T16:00:00+05:30").getTime();
    const clock = fixedClock(new Date(t0));
    const services = createServices(database, repos, { clock });
    const principal = await agentPrincipal(database, repos);
    const wall = performance.now();
    const latencies: number[] = [];
    let next = 0;
    let failed = 0;
    const worker = async () => {
      while (next < calls.length) {
        const call = calls[next++] as (typeof calls)[number];
        const at = t0 + call.at;
        if (clock().getTime() < at) clock.set(new Date(at));
        const s = performance.now();
        try {
          await services.complaints.create(principal, {
            consumerNo: call.consumerNo,
            categoryCode: call.category,
            description: "storm",
          });
        } catch {
          failed++;
        }
        latencies.push(performance.now() - s);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await services.idle();
    const seconds = (performance.now() - wall) / 1000;

    const found = await sql<{ scope: string; code: string; status: string; source: string; linked: number }>`
      select o.scope, coalesce(d.code, f.code) as code, o.status, o.source,
             (select count(*)::int from complaints c
              where c.outage_id = o.id or c.outage_id in (select m.id from outages m where m.merged_into = o.id)) as linked
      from outages o join feeders f on f.id = o.feeder_id left join dts d on d.id = o.dt_id
      where o.status <> 'merged'`.execute(database.db);
    const detected = new Set(found.rows.map((o) => o.code));
    const missedFeeders = [...feederOut].filter((f) => !detected.has(f));
    const missedDts = [...dtOut].filter((d) => !detected.has(d));
    const invented = found.rows.filter((o) => !feederOut.has(o.code) && !dtOut.has(o.code));
    const noSupply = calls.filter((c) => c.category === "no_supply").length;
    const linked = found.rows.reduce((n, o) => n + o.linked, 0);
    const lat = stats(latencies);
    log(
      `${calls.length.toLocaleString("en-IN")} calls (${noSupply.toLocaleString("en-IN")} "no supply") in ${seconds.toFixed(1)} s of wall time ` +
        `(${Math.round(calls.length / seconds)} calls/s, registration p50 ${fmt(lat.p50)}, p99 ${fmt(lat.p99)}; ${failed} refused)`,
    );
    log("| | truth | detected | missed | invented |");
    log("|---|---|---|---|---|");
    log(
      `| feeder outages | ${feederOut.size} | ${found.rows.filter((o) => o.scope === "feeder" && feederOut.has(o.code)).length} | ${missedFeeders.length} | ${invented.filter((o) => o.scope === "feeder").length} |`,
    );
    log(
      `| DT outages | ${dtOut.size} | ${found.rows.filter((o) => o.scope === "dt" && dtOut.has(o.code)).length} | ${missedDts.length} | ${invented.filter((o) => o.scope === "dt").length} |`,
    );
    const byNo = new Map(net.consumers.map((c) => [c.consumerNo, c]));
    const behindCallers = new Set(
      calls
        .filter(
          (c) =>
            c.category === "no_supply" && behind(byNo.get(c.consumerNo) as { feeder: string; dt: string }),
        )
        .map((c) => c.consumerNo),
    ).size;
    log(
      `"no supply" complaints linked to an outage (or to a DT outage merged into it, resolved with it): ${linked.toLocaleString("en-IN")} of ${behindCallers.toLocaleString("en-IN")} consumers who called from behind one (repeat calls join the first complaint)`,
    );
    if (missedFeeders.length || missedDts.length)
      log(`missed: ${[...missedFeeders, ...missedDts].join(", ")}`);
    if (invented.length) log(`invented: ${invented.map((o) => `${o.scope} ${o.code}`).join(", ")}`);
    await services.close();
  } finally {
    await database.close();
    await cleanup();
  }
}

// ---------------------------------------------------------------------------

/**
 * Red-alert latency: `powerdesk serve --role all` on the imported bench
 * database and a real broker; a supervisor's SSE stream open; 200 feeders
 * trip one after another over MQTT while an agent registers "no supply"
 * complaints at 100/s over HTTP from consumers elsewhere. Latency is MQTT
 * publish → the `outage` event read at the SSE client.
 */
export async function benchAlertLatency(
  database: Database,
  consumers: number,
  trips = 200,
  rate = 100,
): Promise<void> {
  const mqttUrl = process.env.BENCH_MQTT_URL ?? "mqtt://127.0.0.1:1883";
  const prefix = `bench${Date.now() % 100000}`;
  log(
    `\n## Red-alert latency: ${trips} SCADA trips over MQTT (${mqttUrl}) while ${rate} "no supply" calls/s come in over HTTP`,
  );
  const feeders = await sql<{ code: string }>`
    select f.code from feeders f
    where exists (select 1 from consumers c where c.feeder_id = f.id)
      and not exists (select 1 from outages o where o.feeder_id = f.id and o.status in ('suspected', 'confirmed', 'in_progress'))
    order by md5(f.code) limit ${trips}`.execute(database.db);
  // A fresh start: what an earlier run left open (complaints would be repeat calls, outages would cover the trips).
  await sql`update complaints set status = 'closed', closed_at = now(), next_escalation_at = null
            where status in ('registered', 'assigned', 'attended', 'waiting')`.execute(database.db);
  await sql`update outages set status = case kind when 'planned' then 'cancelled' else 'restored' end,
              restored_at = case kind when 'planned' then null else now() end
            where status in ('suspected', 'confirmed', 'in_progress', 'scheduled')`.execute(database.db);
  await sql`vacuum analyze complaints`.execute(database.db);
  const tripCodes = feeders.rows.map((r) => r.code);
  await loadDemoUsers(createRepositories(database), planDemo(consumers));
  const callers = await sql<{ consumer_no: string }>`
    select c.consumer_no from consumers c join feeders f on f.id = c.feeder_id
    where f.code <> all(${tripCodes}) and c.connection_status = 'active'
    order by md5(c.consumer_no) limit 20000`.execute(database.db);
  const numbers = callers.rows.map((r) => r.consumer_no);

  const server = await startServer(1, {
    role: "all",
    env: { MQTT_URL: mqttUrl, MQTT_TOPIC_PREFIX: prefix },
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  try {
    const signIn = async (login: string) => {
      const r = await request(
        agent,
        `${server.url}/api/auth/sign-in`,
        "POST",
        { login, password: "demo1912" },
        {
          origin: server.url,
        },
      );
      if (r.status !== 200) throw new Error(`sign-in as ${login}: ${r.status} ${r.body}`);
      return String(r.headers["set-cookie"]).split(";")[0] ?? "";
    };
    const supervisor = await signIn("supervisor");
    const agentCookie = await signIn("agent1");
    const sse = await openSse(`${server.url}/api/events`, { cookie: supervisor, origin: server.url });
    await sse.waitFor((e) => e.event === "snapshot", 30_000);
    const client = await mqtt.connectAsync(mqttUrl);

    // The storm of calls, paced at `rate` per second.
    let storming = true;
    const callTimes: number[] = [];
    const statuses: Record<string, number> = {};
    const inFlight = new Set<Promise<void>>();
    const storm = (async () => {
      const begun = performance.now();
      for (let n = 0; storming; n++) {
        const wait = begun + (n * 1000) / rate - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const s = performance.now();
        const p = request(
          agent,
          `${server.url}/api/complaints`,
          "POST",
          { consumerNo: numbers[n % numbers.length], categoryCode: "no_supply", description: "storm" },
          { origin: server.url, cookie: agentCookie },
        )
          .then((r) => {
            statuses[r.status] = (statuses[r.status] ?? 0) + 1;
            callTimes.push(performance.now() - s);
          })
          .catch(() => {
            statuses.error = (statuses.error ?? 0) + 1;
          })
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await Promise.all(inFlight);
      return (performance.now() - begun) / 1000;
    })();
    await new Promise((r) => setTimeout(r, 3000)); // the storm is under way

    const latencies: number[] = [];
    let missed = 0;
    for (const code of tripCodes) {
      const t0 = performance.now();
      await client.publishAsync(
        `${prefix}/scada/feeders/${code}`,
        JSON.stringify({ event: "trip", at: new Date().toISOString() }),
        {
          qos: 1,
        },
      );
      try {
        const e = await sse.waitFor(
          (x) =>
            x.event === "outage" &&
            x.receivedAt >= t0 &&
            (x.data as { feeder: { code: string } | null; scope: string }).feeder?.code === code &&
            (x.data as { scope: string }).scope === "feeder",
          10_000,
        );
        latencies.push(e.receivedAt - t0);
      } catch {
        missed++;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    storming = false;
    const stormSeconds = await storm;
    const calls = Object.values(statuses).reduce((a, b) => a + b, 0);
    const l = stats(latencies);
    const c = stats(callTimes);
    log(`| red alerts | p50 | p99 | max | missed |`);
    log(`|---|---|---|---|---|`);
    log(`| ${latencies.length} | ${fmt(l.p50)} | ${fmt(l.p99)} | ${fmt(l.max)} | ${missed} |`);
    log(
      `storm: ${calls.toLocaleString("en-IN")} calls in ${stormSeconds.toFixed(0)} s (${(calls / stormSeconds).toFixed(0)}/s; ` +
        `answers ${JSON.stringify(statuses)}; p50 ${fmt(c.p50)}, p99 ${fmt(c.p99)})`,
    );
    for (const code of tripCodes)
      await client.publishAsync(
        `${prefix}/scada/feeders/${code}`,
        JSON.stringify({ event: "close", at: new Date().toISOString() }),
        {
          qos: 1,
        },
      );
    await new Promise((r) => setTimeout(r, 3000));
    await client.endAsync();
    sse.close();
  } finally {
    agent.destroy();
    await server.stop();
  }
}
