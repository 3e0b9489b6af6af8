// Import of N consumers from CSV, then consumer lookup latencies with them loaded.
import type { Database } from "../src/db/database.ts";
import { ROLE_PERMISSIONS } from "../src/modules/access/permissions.ts";
import type { Principal } from "../src/modules/access/principal.ts";
import { createRepositories, createServices } from "../src/modules/registry.ts";
import { importKind, log, stats } from "./lib.ts";

export async function benchImport(database: Database, consumers: number): Promise<void> {
  log(`\n## ${database.kind}: import`);
  for (const k of ["org", "network", "consumers"] as const) {
    const s = await importKind(database, consumers, k);
    log(
      `${k.padEnd(10)} ${s.rowsRead.toLocaleString("en-IN").padStart(10)} rows in ${s.seconds.toFixed(1).padStart(6)} s = ${Math.round(s.rowsRead / s.seconds).toLocaleString("en-IN")} rows/s`,
    );
    if (k === "consumers") {
      const again = await importKind(database, consumers, k);
      log(
        `consumers again (no-op): ${again.seconds.toFixed(1)} s, ${again.unchanged.toLocaleString("en-IN")} unchanged, ${again.inserted + again.updated} written`,
      );
    }
  }
}

export async function companyPrincipal(
  database: Database,
  role: Principal["role"] = "agent",
): Promise<Principal> {
  const company = await database.db
    .selectFrom("org_units")
    .selectAll()
    .where("kind", "=", "company")
    .executeTakeFirstOrThrow();
  return {
    kind: "user",
    id: 0,
    name: "bench",
    login: "bench",
    role,
    language: "en",
    orgUnitId: company.id,
    orgCode: company.code,
    orgKind: "company",
    orgPath: company.path,
    permissions: new Set(role === "integration" ? [] : ROLE_PERMISSIONS[role]),
  };
}

export async function benchLookups(database: Database, lookups: number): Promise<void> {
  const services = createServices(database, createRepositories(database));
  const agent = await companyPrincipal(database);
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
  log(`\n## ${database.kind}: lookup (ms)`);
  log("| query | n | found | p50 | p99 | max |\n|---|---|---|---|---|---|");
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
    const s = stats(times);
    log(
      `| ${kind} | ${s.n} | ${Math.round((100 * hits) / s.n)}% | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${s.max.toFixed(1)} |`,
    );
  }
}
