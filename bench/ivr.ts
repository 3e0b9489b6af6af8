// The IVR during a storm (issue 14 §3), on PostgreSQL: POST /api/ivr/lookup
// over HTTP against `powerdesk serve --role api`, while no-supply complaints
// are registered alongside at a steady 100 a second over HTTP, with a tenth
// of the feeders off (live outages with an ETR). Two runs:
//  1. lookups at a steady rate (open loop: each one sent on schedule, so a
//     slow answer cannot hide the queue behind it): p50/p99 against the
//     target p99 < 50 ms;
//  2. lookups as fast as N clients can send them (closed loop): lookups/s.
// A database of its own (powerdesk_bench_ivr, dropped afterwards), with the
// demo DISCOM of --ivr-consumers (default 200,000) imported.
import fs from "node:fs";
import http from "node:http";
import { sql } from "kysely";
import { ROLE_PERMISSIONS } from "../src/modules/access/permissions.ts";
import type { Principal } from "../src/modules/access/principal.ts";
import { planDemo } from "../src/modules/demo/demo.generator.ts";
import { loadDemoUsers } from "../src/modules/demo/demo.service.ts";
import { createRepositories, createServices } from "../src/modules/registry.ts";
import { request, startServer } from "./complaints.ts";
import { adminUrl, ensureCsv, freshDatabase, importKind, log, stats } from "./lib.ts";

const DB_NAME = "powerdesk_bench_ivr";

interface Sample {
  ms: number;
  status: number;
}

/** CPU time (ms) a process has used: user + system, from /proc (Linux; 0 elsewhere). */
function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in ticks of 1/100 s
  } catch {
    return 0;
  }
}

/** Sends `perSecond` requests a second for `seconds`, each on schedule whatever the earlier ones are doing. */
async function openLoop(
  perSecond: number,
  seconds: number,
  send: (i: number) => Promise<number>,
): Promise<{ samples: Sample[]; sent: number; elapsed: number }> {
  const samples: Sample[] = [];
  const pending = new Set<Promise<void>>();
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < seconds * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
    while (sent < due) {
      const i = sent++;
      const t0 = performance.now();
      const p: Promise<void> = send(i).then(
        (status) => {
          samples.push({ ms: performance.now() - t0, status });
          pending.delete(p);
        },
        () => {
          samples.push({ ms: performance.now() - t0, status: 0 });
          pending.delete(p);
        },
      );
      pending.add(p);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(pending);
  return { samples, sent, elapsed };
}

/** `clients` loops sending one request after another for `seconds`. */
async function closedLoop(
  clients: number,
  seconds: number,
  send: (i: number) => Promise<number>,
): Promise<{ samples: Sample[]; elapsed: number }> {
  const samples: Sample[] = [];
  let stop = false;
  let i = 0;
  const started = performance.now();
  const loop = async () => {
    while (!stop) {
      const t0 = performance.now();
      const status = await send(i++).catch(() => 0);
      samples.push({ ms: performance.now() - t0, status });
    }
  };
  const loops = Array.from({ length: clients }, () => loop());
  await new Promise((r) => setTimeout(r, seconds * 1000));
  stop = true;
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(loops);
  return { samples, elapsed };
}

function statuses(samples: Sample[]): string {
  const by: Record<string, number> = {};
  for (const s of samples) by[s.status] = (by[s.status] ?? 0) + 1;
  return Object.entries(by)
    .map(([k, v]) => `${k === "0" ? "failed" : k}: ${v}`)
    .join(", ");
}

export async function benchIvr(
  consumers: number,
  options: { lookupRates: number[]; complaintRate: number; clients: number; seconds: number },
): Promise<void> {
  await ensureCsv(consumers);
  const { database, cleanup } = await freshDatabase("postgres", DB_NAME);
  const url = new URL(adminUrl);
  url.pathname = `/${DB_NAME}`;
  let server: { url: string; pid: number; stop: () => Promise<void> } | undefined;
  // Lookups and complaints on connections of their own: neither waits for a socket the other holds.
  const agent = new http.Agent({ keepAlive: true });
  const complaintAgent = new http.Agent({ keepAlive: true });
  try {
    log(
      `\n## postgres: IVR lookup during a storm (${consumers.toLocaleString("en-IN")} consumers, ` +
        `${options.complaintRate} no-supply complaints/s registered alongside over HTTP, ${options.seconds} s a run)`,
    );
    for (const k of ["org", "network", "consumers"] as const) await importKind(database, consumers, k);
    const repos = createRepositories(database);
    await loadDemoUsers(repos, planDemo(consumers));
    const admin = await repos.users.findByLoginForAuth("admin");
    if (!admin) throw new Error("no demo admin");
    const company = await database.db
      .selectFrom("org_units")
      .selectAll()
      .where("kind", "=", "company")
      .executeTakeFirstOrThrow();
    const adminPrincipal: Principal = {
      kind: "user",
      id: admin.id,
      name: "bench admin",
      login: "admin",
      role: "admin",
      language: "en",
      orgUnitId: company.id,
      orgCode: company.code,
      orgKind: "company",
      orgPath: company.path,
      permissions: new Set(ROLE_PERMISSIONS.admin),
    };
    const services = createServices(database, repos);
    const { secret } = await services.users.createToken(adminPrincipal, {
      name: "bench IVR",
      scopes: ["ivr.use", "complaints.create"],
    });
    // The storm: a tenth of the feeders off, each with an ETR two hours on.
    const off = await sql<{ n: number }>`
      with f as (select id, dc_id from feeders where id % 10 = 0)
      insert into outages (kind, scope, feeder_id, dc_id, source, status, started_at, detected_at, confirmed_at, etr)
      select 'unplanned', 'feeder', f.id, f.dc_id, 'scada', 'confirmed', now(), now(), now(), now() + interval '2 hours'
      from f returning 1`.execute(database.db);
    const mobiles = (
      await sql<{
        mobile: string;
      }>`select mobile from consumer_mobiles order by random() limit 100000`.execute(database.db)
    ).rows.map((r) => r.mobile);
    const numbers = (
      await sql<{
        consumer_no: string;
      }>`select consumer_no from consumers order by random() limit 100000`.execute(database.db)
    ).rows.map((r) => r.consumer_no);
    // The import's writes out of the way first: a checkpoint in the middle of a run is not the IVR's doing.
    await sql`vacuum analyze`.execute(database.db);
    await sql`checkpoint`.execute(database.db);
    {
      // The service alone, in this process, one call at a time and no storm: what the database and
      // the service cost a lookup (the caller's limit, then the read and its record), without HTTP.
      const ivrToken = (await services.auth.principalFromToken(secret)) as Principal;
      const times: number[] = [];
      for (let i = 0; i < 1000; i++) {
        const t0 = performance.now();
        await services.ivr.lookup(ivrToken, mobiles[(i * 7919) % mobiles.length] as string);
        times.push(performance.now() - t0);
      }
      const st = stats(times);
      log(
        `IvrService.lookup in process, sequential, no storm: p50 ${st.p50.toFixed(2)} ms, p99 ${st.p99.toFixed(2)} ms (n ${st.n})`,
      );
    }
    await services.close();
    log(
      `${off.rows.length} feeders off; ${mobiles.length.toLocaleString("en-IN")} registered mobiles sampled (every 10th call from an unknown number)`,
    );

    server = await startServer(1, { env: { DATABASE_URL: url.toString() } });
    const base = server.url;
    const headers = { authorization: `Bearer ${secret}` };
    const lookup = async (i: number) => {
      const caller =
        i % 10 === 9 ? `98${String(10_000_000 + i).slice(-8)}` : (mobiles[i % mobiles.length] as string);
      return (await request(agent, `${base}/api/ivr/lookup`, "POST", { caller }, headers)).status;
    };
    let complaintNo = 0;
    const complaint = async () => {
      const consumerNo = numbers[complaintNo++ % numbers.length];
      return (
        await request(
          complaintAgent,
          `${base}/api/complaints`,
          "POST",
          { consumerNo, categoryCode: "no_supply", description: "bench storm" },
          headers,
        )
      ).status;
    };
    // Warm-up, both kinds of request: the server's compiled queries and caches, PostgreSQL's buffers.
    await Promise.all([openLoop(100, 10, lookup), openLoop(options.complaintRate, 10, complaint)]);

    log(
      "| run | lookups/s | p50 ms | p99 ms | max ms | lookups | complaints/s (p99 ms) |\n|---|---|---|---|---|---|---|",
    );
    const report = (
      name: string,
      l: { samples: Sample[]; elapsed: number },
      c: { samples: Sample[]; elapsed: number },
    ) => {
      const s = stats(l.samples.map((x) => x.ms));
      const cs = stats(c.samples.map((x) => x.ms));
      log(
        `| ${name} | ${(s.n / l.elapsed).toFixed(0)} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.max.toFixed(0)} | ${s.n} (${statuses(l.samples)}) | ${c.samples.length ? `${(cs.n / c.elapsed).toFixed(0)} (${cs.p99.toFixed(1)}; ${statuses(c.samples)})` : "none"} |`,
      );
    };
    {
      const idle = { samples: [] as Sample[], elapsed: 1 };
      const rate = options.lookupRates[0] ?? 50;
      // The API process's CPU per lookup, which the other sessions' load inflates far less than
      // latency. (PostgreSQL's is not measured: its pool's backends come and go with their counters.)
      const api0 = cpuMs(server.pid);
      const run = await openLoop(rate, options.seconds, lookup);
      const api = cpuMs(server.pid) - api0;
      report(`${rate} lookups/s on schedule, no storm (baseline)`, run, idle);
      log(`CPU per lookup (baseline run): API process ${(api / run.samples.length).toFixed(2)} ms`);
    }
    for (const rate of options.lookupRates) {
      const [l, c] = await Promise.all([
        openLoop(rate, options.seconds, lookup),
        openLoop(options.complaintRate, options.seconds, complaint),
      ]);
      report(`${rate} lookups/s on schedule`, l, c);
    }
    {
      const [l, c] = await Promise.all([
        closedLoop(options.clients, options.seconds, lookup),
        openLoop(options.complaintRate, options.seconds, complaint),
      ]);
      report(`as fast as ${options.clients} clients go`, l, c);
    }
    const calls = await sql<{ outcome: string; n: number }>`
      select outcome, count(*)::int as n from ivr_calls group by outcome order by outcome`.execute(
      database.db,
    );
    log(`ivr_calls by outcome: ${calls.rows.map((r) => `${r.outcome} ${r.n}`).join(", ")}`);
  } finally {
    agent.destroy();
    complaintAgent.destroy();
    await server?.stop();
    await database.close();
    await cleanup();
  }
}
