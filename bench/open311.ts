// Open311 GeoReport v2 reads on a big complaints table (issue 14 §4): what an
// aggregator's poll costs. A PostgreSQL database of its own, generated in SQL
// (offices, --open311-complaints complaints over the last 90 days), dropped
// afterwards. Figures go in bench/README.md.
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Database } from "../src/db/database.ts";
import { createRepositories, createServices } from "../src/modules/registry.ts";
import { sha256 } from "../src/modules/users/auth.service.ts";
import { freshDatabase, log, stats } from "./lib.ts";

/** company → 4 regions → 16 circles → 32 divisions → 64 sub-divisions → 256 DCs. */
async function buildOffices(database: Database): Promise<void> {
  await sql`
    insert into org_units (code, kind, parent_id, name_en, name_hi, path)
      values ('B', 'company', null, 'Bench DISCOM', 'बेंच डिस्कॉम', '/B/');
    insert into org_units (code, kind, parent_id, name_en, name_hi, path)
      select 'R' || g, 'region', p.id, 'Region ' || g, 'क्षेत्र ' || g, p.path || 'R' || g || '/'
      from generate_series(1, 4) g, org_units p where p.code = 'B';
    insert into org_units (code, kind, parent_id, name_en, name_hi, path)
      select p.code || 'C' || g, 'circle', p.id, 'Circle ' || p.code || g, 'वृत्त ' || p.code || g, p.path || p.code || 'C' || g || '/'
      from generate_series(1, 4) g, org_units p where p.kind = 'region';
    insert into org_units (code, kind, parent_id, name_en, name_hi, path)
      select p.code || 'D' || g, 'division', p.id, 'Division ' || p.code || g, 'संभाग ' || p.code || g, p.path || p.code || 'D' || g || '/'
      from generate_series(1, 2) g, org_units p where p.kind = 'circle';
    insert into org_units (code, kind, parent_id, name_en, name_hi, path)
      select p.code || 'S' || g, 'subdivision', p.id, 'Sub-division ' || p.code || g, 'उपसंभाग ' || p.code || g, p.path || p.code || 'S' || g || '/'
      from generate_series(1, 2) g, org_units p where p.kind = 'division';
    insert into org_units (code, kind, parent_id, name_en, name_hi, path)
      select p.code || 'X' || g, 'dc', p.id, 'DC ' || p.code || g, 'वितरण केंद्र ' || p.code || g, p.path || p.code || 'X' || g || '/'
      from generate_series(1, 4) g, org_units p where p.kind = 'subdivision';
  `.execute(database.db);
}

/** `n` complaints spread evenly over the last 90 days and the DCs; 2% of them open (the newest). */
async function fillComplaints(database: Database, n: number): Promise<void> {
  const batch = 250_000;
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    await sql`
      with dcs as (select id, row_number() over (order by id) - 1 as i, count(*) over () as n from org_units where kind = 'dc')
      insert into complaints (number, consumer_id, dc_id, area_type, category_code, channel, priority, emergency, status,
                              registered_at, resolved_at, closed_at, due_at, resolution_code, updated_at, description, location)
      select 'BEN' || lpad(g::text, 9, '0'), null, d.id, 'urban', cat.code, 'open311', cat.priority, cat.emergency,
             case when g > ${n} * 0.98 then 'registered' else 'closed' end,
             t.at,
             case when g > ${n} * 0.98 then null else t.at + interval '3 hours' end,
             case when g > ${n} * 0.98 then null else t.at + interval '2 days' end,
             t.at + make_interval(mins => cat.urban_limit_minutes),
             case when g > ${n} * 0.98 then null else 'fuse_replaced' end,
             t.at, 'Bench report ' || g, 'Bench Road ' || (g % 500)
      from generate_series(${from}::int, ${to}::int) g
      cross join lateral (select now() - ((${n}::int - g) * (interval '90 days' / ${n}::int)) as at) t
      join dcs d on d.i = (g::bigint * 7919) % d.n
      join complaint_categories cat on cat.code = (array['no_supply','no_supply','no_supply','voltage','meter','billing','line_breakdown','dt_failure','safety_hazard','other'])[1 + (g / 7) % 10]`.execute(
      database.db,
    );
  }
  await database.bulk((s) => s.query("analyze complaints; analyze org_units"));
}

/** GET requests (and a few neighbours) through the service, as the routes call it: p50/p99 in ms. */
export async function benchOpen311(complaints: number, runs: number): Promise<void> {
  log(
    `\n## postgres: Open311 GET requests with ${complaints.toLocaleString("en-IN")} complaints in 90 days (ms)`,
  );
  const { database, cleanup } = await freshDatabase("postgres", "powerdesk_bench_open311");
  try {
    const t0 = performance.now();
    await buildOffices(database);
    await fillComplaints(database, complaints);
    log(`filled in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const repos = createRepositories(database);
    const services = createServices(database, repos);
    const office = async (kind: string) =>
      database.db
        .selectFrom("org_units")
        .select(["id", "code"])
        .where("kind", "=", kind as "dc")
        .orderBy("id")
        .limit(1)
        .executeTakeFirstOrThrow();
    const key = async (orgUnitId: number) => {
      const secret = `pd_${randomBytes(24).toString("base64url")}`;
      await repos.tokens.create({
        name: `bench ${orgUnitId}`,
        tokenHash: sha256(secret),
        prefix: secret.slice(0, 10),
        orgUnitId,
        scopes: ["complaints.read", "complaints.create"],
        // created_by may be null (no user made these); the repository types it for users.
        createdBy: null as unknown as number,
      });
      return secret;
    };
    const companyKey = await key((await office("company")).id);
    const circleKey = await key((await office("circle")).id);
    const dcKey = await key((await office("dc")).id);
    const some = await database.db
      .selectFrom("complaints")
      .select("number")
      .orderBy("id", "desc")
      .limit(50)
      .execute();
    const ids = some.map((r) => r.number).join(",");
    let ip = 0;
    // A new address each time: the public limit is per address, and its count is part of the cost.
    const addr = () => {
      ip++;
      return `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`;
    };
    const o = services.open311;
    const cases: [string, () => Promise<unknown>][] = [
      ["public: newest 1,000 (last 90 days)", () => o.list({}, addr())],
      ["public: one service_code", () => o.list({ service_code: "meter" }, addr())],
      ["public: status=open", () => o.list({ status: "open" }, addr())],
      [
        "public: one day (start_date, end_date)",
        () =>
          o.list(
            {
              start_date: new Date(Date.now() - 30 * 86_400_000).toISOString(),
              end_date: new Date(Date.now() - 29 * 86_400_000).toISOString(),
            },
            addr(),
          ),
      ],
      ["public: 50 ids (service_request_id)", () => o.list({ service_request_id: ids }, addr())],
      ["company key: newest 1,000, full fields", () => o.list({ api_key: companyKey }, "10.250.0.1")],
      ["circle key: newest 1,000", () => o.list({ api_key: circleKey }, "10.250.0.2")],
      ["DC key: newest 1,000", () => o.list({ api_key: dcKey }, "10.250.0.3")],
      ["DC key: status=open", () => o.list({ api_key: dcKey, status: "open" }, "10.250.0.3")],
      ["public: services list", () => o.services(undefined, addr())],
    ];
    log("| read | rows | p50 | p99 | max |\n|---|---|---|---|---|");
    for (const [name, run] of cases) {
      for (let i = 0; i < 5; i++) await run();
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < runs; i++) {
        const t1 = performance.now();
        const r = (await run()) as { rows?: unknown[]; categories?: unknown[] };
        times.push(performance.now() - t1);
        rows = r.rows?.length ?? r.categories?.length ?? 0;
      }
      const s = stats(times);
      log(`| ${name} | ${rows} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.max.toFixed(1)} |`);
    }
    await services.close();
  } finally {
    await database.close();
    await cleanup();
  }
}
