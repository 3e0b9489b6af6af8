// Monthly survey sampling: the time to build a month's campaign (in every DC,
// 30 random consumers with a verified mobile, none sampled the month before)
// for a DISCOM of 6,000,000 consumers in 1,500 DCs. Figures go in
// bench/README.md.
import os from "node:os";
import { type Kysely, sql } from "kysely";
import type { Database } from "../src/db/database.ts";
import type { DB } from "../src/db/schema.ts";
import type { Principal } from "../src/modules/access/principal.ts";
import { createRepositories, createServices } from "../src/modules/registry.ts";
import { freshDatabase, log } from "./lib.ts";

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const n = (x: number) => x.toLocaleString("en-IN");

/**
 * Runs `fill` with the tables' plain indexes dropped, then builds them again
 * from their own definitions (the migrations'): one sort per index instead of
 * millions of inserts into it. Primary keys and unique constraints stay.
 */
export async function withoutIndexes<T>(
  db: Kysely<DB>,
  tables: string[],
  fill: () => Promise<T>,
): Promise<{ result: T; indexMs: number }> {
  const { rows } = await sql<{ name: string; def: string }>`
    select i.indexname as name, i.indexdef as def
    from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = any(${tables}::text[])
      and not exists (select 1 from pg_constraint c
                      where c.conindid = to_regclass(quote_ident(i.indexname)) and c.contype in ('p', 'u', 'x'))`.execute(
    db,
  );
  for (const r of rows) await sql`drop index ${sql.id(r.name)}`.execute(db);
  const result = await fill();
  const t0 = performance.now();
  await Promise.all(rows.map((r) => sql.raw(r.def).execute(db)));
  return { result, indexMs: performance.now() - t0 };
}

/**
 * An org tree under company SVY with a realistic fan-out (5 DCs a
 * sub-division, 5 sub-divisions a division, 5 divisions a circle, 4 circles a
 * region: 3 regions, 12 circles, 60 divisions, 300 sub-divisions for 1,500
 * DCs), codes SVY-R1, SVY-C1, SVY-D1, SVY-S1, SVY-DC1 and so on.
 */
export async function generateOrgTree(db: Kysely<DB>, dcs: number): Promise<Record<string, number>> {
  const subdivisions = Math.ceil(dcs / 5);
  const divisions = Math.ceil(subdivisions / 5);
  const circles = Math.ceil(divisions / 5);
  const regions = Math.ceil(circles / 4);
  await sql`insert into org_units (code, kind, parent_id, name_en, name_hi, path)
            values ('SVY', 'company', null, 'Survey Bench DISCOM', 'सर्वे बेंच डिस्कॉम', '/SVY/')`.execute(db);
  const levels = [
    { kind: "region", letter: "R", count: regions, en: "Region", hi: "क्षेत्र" },
    { kind: "circle", letter: "C", count: circles, en: "Circle", hi: "वृत्त" },
    { kind: "division", letter: "D", count: divisions, en: "Division", hi: "संभाग" },
    { kind: "subdivision", letter: "S", count: subdivisions, en: "Sub-division", hi: "उपसंभाग" },
    { kind: "dc", letter: "DC", count: dcs, en: "DC", hi: "वितरण केंद्र" },
  ];
  let parent: { letter: string; count: number } | undefined;
  for (const l of levels) {
    // Child j of count goes to parent 1 + (j - 1) * parents / count: contiguous, even blocks.
    const parentCode = parent
      ? sql`'SVY-' || ${parent.letter}::text || (1 + ((j - 1) * ${parent.count}::int) / ${l.count}::int)`
      : sql`'SVY'`;
    await sql`
      insert into org_units (code, kind, parent_id, name_en, name_hi, path)
      select c.code, ${l.kind}::text, p.id, ${l.en}::text || ' ' || j, ${l.hi}::text || ' ' || j, p.path || c.code || '/'
      from generate_series(1, ${l.count}::int) j
      cross join lateral (select 'SVY-' || ${l.letter}::text || j as code) c
      join org_units p on p.code = ${parentCode}`.execute(db);
    parent = l;
  }
  return { regions, circles, divisions, subdivisions, dcs };
}

/**
 * `consumers` consumers spread unevenly over the DCs (weights 1,000 to 7,000,
 * so about 1,000 to 7,000 each at 4,000 a DC on average), in one statement;
 * then mobiles: 70% of consumers verified, 15% unverified, 15% none. Every
 * 250th DC and the last are "thin" (1% verified: a mobile drive that has not
 * reached them), so some DCs have fewer eligible consumers than a sample.
 */
export async function generateConsumers(db: Kysely<DB>, consumers: number): Promise<void> {
  await sql`
    insert into consumers (consumer_no, name, address, tariff_category, area_type, dc_id, meter_no, connection_status)
    select 'SV' || lpad(g::text, 8, '0'), 'Survey Consumer ' || g, 'Ward ' || (1 + g % 40),
           (array['domestic','domestic','domestic','domestic','domestic','domestic','domestic','non_domestic','agriculture','industrial'])[1 + g % 10],
           case when g % 3 = 0 then 'urban' else 'rural' end, d.id, 'SM' || lpad(g::text, 9, '0'), 'active'
    from (
      select id, ${consumers}::bigint * (cum - w) / total + 1 as lo, ${consumers}::bigint * cum / total as hi
      from (select id, w, (sum(w) over (order by id))::bigint as cum, (sum(w) over ())::bigint as total
            from (select id, 1000 + mod(hashint8(id)::bigint + 2147483648, 6001) as w
                  from org_units where kind = 'dc') x) y
    ) d
    cross join lateral generate_series(d.lo, d.hi) g`.execute(db);
  await sql`
    insert into consumer_mobiles (consumer_id, mobile, verified, verified_at, language)
    select c.id, (6 + c.id % 4)::text || lpad(c.id::text, 9, '0'), h.r < t.share,
           case when h.r < t.share then now() - make_interval(days => (c.id % 700)::int) end,
           case when c.id % 5 = 0 then 'en' else 'hi' end
    from consumers c
    join (select id, case when rank % 250 = 0 or rank = dcs then 1 else 70 end as share
          from (select id, row_number() over (order by id) as rank, count(*) over () as dcs
                from org_units where kind = 'dc') r) t on t.id = c.dc_id
    cross join lateral (select mod(hashint8(c.id)::bigint + 2147483648, 100) as r) h
    where h.r < 85`.execute(db);
}

/** Per DC: eligible consumers (a verified mobile, not in `excluding`'s sample) and the campaign's targets. */
async function checkCampaign(db: Kysely<DB>, campaign: number, excluding: number | null) {
  const { rows } = await sql<{
    dcs: number;
    exact: number;
    fewer: number;
    more: number;
    thin: number;
    ineligible: number;
    overlap: number;
    position: number | null;
  }>`
    with eligible as (
      select c.id, c.dc_id, row_number() over (partition by c.dc_id order by c.id) as rank, count(*) over (partition by c.dc_id) as n
      from consumers c
      where c.connection_status = 'active'
        and exists (select 1 from consumer_mobiles m where m.consumer_id = c.id and m.verified)
        and not exists (select 1 from survey_targets p where p.campaign_id = ${excluding} and p.consumer_id = c.id)
    ),
    per_dc as (
      select d.id, coalesce(e.n, 0) as eligible, coalesce(t.n, 0) as got
      from org_units d
      left join (select dc_id, count(*) as n from eligible group by dc_id) e on e.dc_id = d.id
      left join (select dc_id, count(*) as n from survey_targets where campaign_id = ${campaign} group by dc_id) t
        on t.dc_id = d.id
      where d.kind = 'dc'
    )
    select (select count(*) from per_dc)::int as dcs,
           (select count(*) from per_dc where got = least(30, eligible))::int as exact,
           (select count(*) from per_dc where got < least(30, eligible))::int as fewer,
           (select count(*) from per_dc where got > least(30, eligible))::int as more,
           (select count(*) from per_dc where eligible < 30)::int as thin,
           (select count(*) from survey_targets t join consumers c on c.id = t.consumer_id
              where t.campaign_id = ${campaign}
                and (c.dc_id <> t.dc_id or c.connection_status <> 'active'
                     or not exists (select 1 from consumer_mobiles m
                                    where m.consumer_id = t.consumer_id and m.mobile = t.mobile and m.verified)))::int as ineligible,
           (select count(*) from survey_targets t join survey_targets p on p.consumer_id = t.consumer_id
              where t.campaign_id = ${campaign} and p.campaign_id = ${excluding})::int as overlap,
           (select avg((e.rank - 0.5) / e.n) from survey_targets t join eligible e on e.id = t.consumer_id
              where t.campaign_id = ${campaign})::float8 as position`.execute(db);
  return rows[0];
}

export async function benchSurveySampling(consumers = 6_000_000, dcs = 1_500): Promise<void> {
  log(
    `\n## Survey sampling (PostgreSQL, a database of its own): ${n(consumers)} consumers in ${n(dcs)} DCs, 30 a DC`,
  );
  const { database, cleanup } = await freshDatabase("postgres", "powerdesk_bench_survey");
  try {
    await run(database, consumers, dcs);
  } finally {
    await database.close();
    await cleanup();
  }
}

async function run(database: Database, consumers: number, dcs: number): Promise<void> {
  const db = database.db;
  const t0 = performance.now();
  const org = await generateOrgTree(db, dcs);
  const { indexMs } = await withoutIndexes(db, ["consumers", "consumer_mobiles"], () =>
    generateConsumers(db, consumers),
  );
  const t1 = performance.now();
  // A live table has long been vacuumed (hint bits set, visibility map built): without this the first
  // campaign's scan would rewrite every freshly loaded page and be timed for it.
  await sql`vacuum analyze`.execute(db);
  const t2 = performance.now();
  const counts = (
    await sql<{ consumers: number; mobiles: number; verified: number; min: number; max: number }>`
      select (select count(*) from consumers)::int as consumers,
             (select count(*) from consumer_mobiles)::int as mobiles,
             (select count(*) from consumer_mobiles where verified)::int as verified,
             min(n)::int as min, max(n)::int as max
      from (select count(*) as n from consumers group by dc_id) x`.execute(db)
  ).rows[0];
  log(
    `org: ${org.regions} regions, ${org.circles} circles, ${org.divisions} divisions, ${org.subdivisions} sub-divisions, ${n(dcs)} DCs; ` +
      `${n(counts?.consumers ?? 0)} consumers (${n(counts?.min ?? 0)} to ${n(counts?.max ?? 0)} a DC), ` +
      `${n(counts?.mobiles ?? 0)} mobiles, ${n(counts?.verified ?? 0)} verified`,
  );
  log(
    `generated in ${secs(t1 - t0)} (of which indexes ${secs(indexMs)}), vacuum analyze ${secs(t2 - t1)}: not the measured figure`,
  );

  const services = createServices(database, createRepositories(database), {
    clock: () => new Date("2026-12-01T02:00:00+05:30"),
  });
  let previous: number | null = null;
  for (const month of ["2026-12", "2027-01"]) {
    const s0 = performance.now();
    const c = await services.survey.buildCampaign(month, { seed: "bench" });
    const ms = performance.now() - s0;
    // The machine's load, since a shared machine's other work shows in the figure.
    log(
      `campaign ${month}: ${n(c.sampled)} consumers sampled in ${n(c.dcs)} DCs in ${secs(ms)} (load average ${os.loadavg()[0]?.toFixed(1)})`,
    );
    const check = await checkCampaign(db, c.id, previous);
    if (check) {
      const ok = check.exact === check.dcs && check.ineligible === 0 && check.overlap === 0;
      log(
        `  check${ok ? "" : " FAILED"}: ${check.exact} of ${check.dcs} DCs got min(30, eligible)` +
          (check.fewer ? `, ${check.fewer} got fewer` : "") +
          (check.more ? `, ${check.more} got more` : "") +
          ` (${check.thin} DCs have fewer than 30 eligible); ${check.ineligible} targets not eligible (inactive, another DC, or the mobile not verified)` +
          (previous === null ? "" : `; ${check.overlap} also sampled the month before`) +
          `; mean position in their DC's eligible list ${check.position?.toFixed(3)} (uniform: 0.500)`,
      );
    }
    previous = c.id;
  }

  // The scorecards over those two months, answered as the demo answers (about seven in ten).
  await sql`
    update survey_targets t set status = 'answered', answered_via = 'call', answered_at = now(),
      supply_hours = 16 + (t.id % 9), interruptions = t.id % 6,
      regular_supply = 16 + (t.id % 9) >= 20 and t.id % 6 <= 4,
      meter_read = t.id % 5 <> 0, bill_on_time = t.id % 4 <> 0, bill_correct = t.id % 7 <> 0
    where t.id % 10 < 7`.execute(db);
  await sql`analyze survey_targets`.execute(db);
  const company = await db
    .selectFrom("org_units")
    .select(["id", "code", "path"])
    .where("kind", "=", "company")
    .executeTakeFirstOrThrow();
  const officer: Principal = {
    kind: "user",
    id: 0,
    name: "bench",
    login: null,
    role: "admin",
    language: "en",
    orgUnitId: Number(company.id),
    orgCode: company.code,
    orgKind: "company",
    orgPath: company.path,
    permissions: new Set(["survey.read"]),
  };
  const median = async (run: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s0 = performance.now();
      await run();
      times.push(performance.now() - s0);
    }
    return times.sort((a, b) => a - b)[2] ?? 0;
  };
  const dcCards = await median(() => services.survey.scorecards(officer, "2027-01", "dc"));
  const regionCards = await median(() => services.survey.scorecards(officer, "2027-01", "region"));
  const trend = await median(() => services.survey.trend(officer, company.code, 12));
  log(
    `scorecards (median of 5): ${n(dcs)} DCs of a month ${Math.round(dcCards)} ms; regions ${Math.round(regionCards)} ms; ` +
      `the company's 12-month trend ${Math.round(trend)} ms`,
  );
}
