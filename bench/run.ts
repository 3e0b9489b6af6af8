// Benchmarks of the foundation (npm run bench). Figures go in bench/README.md.
//
//   npm run bench -- [--consumers 1000000] [--driver postgres|embedded|both] [--lookups 2000]
//
// 1. Import of N consumers from CSV (org, network, then consumers), rows/s, on
//    PostgreSQL (BENCH_DATABASE_URL's server, database powerdesk_bench, dropped
//    and recreated) and on embedded PGlite (a fresh directory).
// 2. Consumer lookup with N consumers loaded, through the same service the API
//    uses: exact consumer number, mobile, meter number, partial name; p50/p99.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Database, openEmbedded, openPostgres } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { consumersImporter } from "../src/modules/consumers/consumers.import.ts";
import { writeDemoCsv } from "../src/modules/demo/demo.service.ts";
import { csvSource, openFile } from "../src/modules/imports/csv-source.ts";
import type { Importer } from "../src/modules/imports/import.types.ts";
import { runImport } from "../src/modules/imports/runner.ts";
import { networkImporter } from "../src/modules/network/network.import.ts";
import { orgImporter } from "../src/modules/org/org.import.ts";
import { createRepositories, createServices } from "../src/modules/registry.ts";
import { ROLE_PERMISSIONS } from "../src/modules/users/permissions.ts";
import type { Principal } from "../src/modules/users/principal.ts";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const consumers = Number(arg("--consumers", "1000000"));
const driver = arg("--driver", "both");
const lookups = Number(arg("--lookups", "2000"));
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const outDir = path.resolve("bench/out");
const csvDir = path.join(outDir, `demo-${consumers}`);

function log(s: string) {
  process.stdout.write(`${s}\n`);
}

async function ensureCsv() {
  if (fs.existsSync(path.join(csvDir, "consumers.csv"))) return;
  log(`writing demo CSV files for ${consumers.toLocaleString("en-IN")} consumers to ${csvDir}...`);
  await writeDemoCsv(csvDir, consumers);
}

async function importKind(database: Database, kind: "org" | "network" | "consumers") {
  const repos = createRepositories(database);
  const importer = (
    kind === "org"
      ? orgImporter(repos.org)
      : kind === "network"
        ? networkImporter(repos.network, repos.org)
        : consumersImporter(repos.consumers, repos.network, repos.org)
  ) as Importer<unknown>;
  const { stream } = openFile(path.join(csvDir, `${kind}.csv`));
  const src = csvSource(stream);
  const s = await runImport(importer, src.records, { header: src.header });
  if (s.rejected) throw new Error(`${kind}: ${s.rejected} rows rejected: ${s.errors[0]?.reason}`);
  return s;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function benchLookups(database: Database) {
  const services = createServices(database, createRepositories(database));
  const company = await database.db
    .selectFrom("org_units")
    .selectAll()
    .where("kind", "=", "company")
    .executeTakeFirstOrThrow();
  const agent: Principal = {
    kind: "user",
    id: 0,
    name: "bench",
    login: "bench",
    role: "agent",
    language: "en",
    orgUnitId: company.id,
    orgCode: company.code,
    orgKind: "company",
    orgPath: company.path,
    permissions: new Set(ROLE_PERMISSIONS.agent),
  };
  const subdivision = await database.db
    .selectFrom("org_units")
    .selectAll()
    .where("kind", "=", "subdivision")
    .orderBy("id")
    .offset(7)
    .limit(1)
    .executeTakeFirstOrThrow();
  const ae: Principal = {
    ...agent,
    role: "ae",
    orgUnitId: subdivision.id,
    orgCode: subdivision.code,
    orgKind: "subdivision",
    orgPath: subdivision.path,
  };
  const sample = await database.db
    .selectFrom("consumers as c")
    .leftJoin("consumer_mobiles as m", "m.consumer_id", "c.id")
    .select(["c.consumer_no", "c.meter_no", "c.name", "m.mobile"])
    .where("c.id", "in", (eb) =>
      eb.selectFrom("consumers").select("id").orderBy(eb.fn("random")).limit(lookups),
    )
    .execute();
  const rnd = (n: number) => Math.floor(Math.random() * n);
  const partial = (name: string) => {
    const words = name.split(" ").filter((w) => w.length >= 4);
    const w = words[rnd(words.length)] ?? name;
    const len = Math.min(w.length, 4 + rnd(3));
    const start = rnd(w.length - len + 1);
    return w.slice(start, start + len).toLowerCase();
  };
  const fullName = (name: string) => {
    const words = name.split(" ");
    return `${words[0]} ${words[words.length - 1]}`.toLowerCase();
  };
  const cases: Record<string, { who: Principal; queries: string[] }> = {
    "consumer number": { who: agent, queries: sample.map((s) => s.consumer_no) },
    "mobile (typed +91 98...)": {
      who: agent,
      queries: sample
        .filter((s) => s.mobile)
        .map((s) => `+91 ${s.mobile?.slice(0, 5)} ${s.mobile?.slice(5)}`),
    },
    "meter number": { who: agent, queries: sample.map((s) => s.meter_no ?? s.consumer_no) },
    "partial name (one word, 4-6 letters)": { who: agent, queries: sample.map((s) => partial(s.name)) },
    "name (first + surname)": { who: agent, queries: sample.map((s) => fullName(s.name)) },
    "partial name, AE's sub-division only": { who: ae, queries: sample.map((s) => partial(s.name)) },
  };
  const rows: { kind: string; n: number; p50: number; p99: number; max: number; hits: number }[] = [];
  for (const [kind, { who, queries }] of Object.entries(cases)) {
    for (const q of queries.slice(0, 50)) await services.consumers.lookup(who, q, 20); // warm-up
    const times: number[] = [];
    let hits = 0;
    for (const q of queries) {
      const t0 = performance.now();
      const r = await services.consumers.lookup(who, q, 20);
      times.push(performance.now() - t0);
      if (r.items.length) hits++;
    }
    times.sort((a, b) => a - b);
    rows.push({
      kind,
      n: times.length,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      max: times[times.length - 1] ?? 0,
      hits,
    });
  }
  return rows;
}

async function runOn(kind: "postgres" | "embedded") {
  let database: Database;
  let cleanup = async () => {};
  if (kind === "postgres") {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query("drop database if exists powerdesk_bench with (force)");
    await admin.query("create database powerdesk_bench");
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = "/powerdesk_bench";
    database = await openPostgres(u.toString());
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pd-bench-"));
    database = await openEmbedded({ dataDir: dir, command: "bench" });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  try {
    await migrateToLatest(database.db);
    log(`\n## ${kind}: import`);
    for (const k of ["org", "network", "consumers"] as const) {
      const s = await importKind(database, k);
      log(
        `${k.padEnd(10)} ${s.rowsRead.toLocaleString("en-IN").padStart(10)} rows in ${s.seconds.toFixed(1).padStart(6)} s = ${Math.round(s.rowsRead / s.seconds).toLocaleString("en-IN")} rows/s`,
      );
      if (k === "consumers") {
        const again = await importKind(database, k);
        log(
          `consumers again (no-op): ${again.seconds.toFixed(1)} s, ${again.unchanged.toLocaleString("en-IN")} unchanged, ${again.inserted + again.updated} written`,
        );
      }
    }
    if (kind === "postgres") await database.bulk((s) => s.query("analyze"));
    log(`\n## ${kind}: lookup with ${consumers.toLocaleString("en-IN")} consumers (ms)`);
    log("| query | n | found | p50 | p99 | max |\n|---|---|---|---|---|---|");
    for (const r of await benchLookups(database)) {
      log(
        `| ${r.kind} | ${r.n} | ${Math.round((100 * r.hits) / r.n)}% | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(1)} |`,
      );
    }
  } finally {
    await database.close();
    await cleanup();
  }
}

log(
  `PowerDesk bench: ${consumers.toLocaleString("en-IN")} consumers, ${os.cpus().length} × ${os.cpus()[0]?.model}, node ${process.version}, ${new Date().toISOString()}`,
);
await ensureCsv();
if (driver === "postgres" || driver === "both") await runOn("postgres");
if (driver === "embedded" || driver === "both") await runOn("embedded");
