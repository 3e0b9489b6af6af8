// A DISCOM's complaint history for the report benchmarks (issue 16): an org
// tree (bench/survey.ts generateOrgTree, company SVY), consumers, a lineman per
// DC, and N complaints spread over the last `days` days, generated in SQL on
// PostgreSQL. Loaded with the complaints' triggers off and the plain indexes
// dropped (one sort per index afterwards instead of N inserts into each), then
// the rollups and the compensation register are built from the rows in one
// pass each, as the triggers would have kept them.
//
// The mix (by hash of the row number, so the same N gives the same history):
// - categories: no supply 45%, billing 12%, line breakdown 10%, meter 10%,
//   voltage 8%, DT 5%, cable 3%, other 3%, new connection 2%, hazard 2%;
// - channels: call 70%, SMS 8%, WhatsApp 8%, web 5%, walk-in 3%, social 2%,
//   field 2%, API 2%; urban or rural as the consumer;
// - older than 3 days: closed 80%, resolved 14%, invalid 3%, duplicate 3%;
//   the last 3 days: half still open (registered, assigned, attended,
//   waiting), half resolved;
// - time to resolve: 85% within the limit, the rest up to 5 times over it
//   (breached, with the category's compensation); 2% were reopened once;
//   3% are repeats (a third complaint in 30 days).
import { type Kysely, sql } from "kysely";
import { type Database, openPostgres } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import type { DB } from "../src/db/schema.ts";
import { ROLLUP_MEASURES } from "../src/modules/reports/rollups.repository.ts";
import { adminUrl, freshDatabase, log } from "./lib.ts";
import { generateOrgTree, withoutIndexes } from "./survey.ts";

export interface HistoryOptions {
  complaints: number;
  /** DCs in the org tree (5 a sub-division, 5 sub-divisions a division, …). */
  dcs?: number;
  consumers?: number;
  /** Days of history, ending now. */
  days?: number;
  timeZone?: string;
  /** Rows per INSERT statement (progress is logged after each). */
  chunk?: number;
}

export interface History {
  companyId: number;
  /** Codes of a region, a circle, a division, a sub-division and a DC, for drill-down figures. */
  sample: { region: string; circle: string; division: string; subdivision: string; dc: string };
  dcs: number;
  complaints: number;
  loadMs: number;
  rollupMs: number;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Loads the history into an empty, migrated PostgreSQL database. */
export async function loadHistory(database: Database, options: HistoryOptions): Promise<History> {
  if (database.kind !== "postgres") throw new Error("loadHistory generates its data in PostgreSQL's SQL");
  const db = database.db as Kysely<DB>;
  const n = options.complaints;
  const dcCount = options.dcs ?? 1_500;
  const consumers = options.consumers ?? Math.max(30_000, Math.min(600_000, Math.ceil(n / 30)));
  const days = options.days ?? 1_095;
  const tz = options.timeZone ?? "Asia/Kolkata";
  const chunk = options.chunk ?? 1_000_000;
  const t0 = performance.now();

  await generateOrgTree(db, dcCount);
  await sql`
    insert into consumers (consumer_no, name, address, tariff_category, area_type, dc_id, meter_no, connection_status)
    select 'HC' || lpad(g::text, 8, '0'), 'History Consumer ' || g, 'Ward ' || (1 + g % 40), 'domestic',
           case when g % 3 = 0 then 'urban' else 'rural' end, d.id, 'HM' || lpad(g::text, 9, '0'), 'active'
    from generate_series(1, ${consumers}::int) g
    join (select id, row_number() over (order by id) - 1 as k, count(*) over () as dcs from org_units where kind = 'dc') d
      on d.k = g % d.dcs`.execute(db);
  await sql`
    insert into users (login, name, role, org_unit_id, phone, password_hash)
    select 'lm-' || lower(code), 'Lineman ' || code, 'lineman', id, null, null
    from org_units where kind = 'dc'`.execute(db);
  log(
    `  history: org tree of ${dcCount} DCs, ${consumers.toLocaleString("en-IN")} consumers, ${dcCount} linemen`,
  );

  const companyId = Number(
    (await db.selectFrom("org_units").select("id").where("kind", "=", "company").executeTakeFirstOrThrow())
      .id,
  );

  const firstConsumer = Number(
    (await sql<{ id: number }>`select min(id) as id from consumers`.execute(db)).rows[0]?.id ?? 0,
  );
  const load = async () => {
    // The bench database is this process's alone: its triggers may be off for the load.
    await sql`alter table complaints disable trigger user`.execute(db);
    try {
      for (let lo = 1; lo <= n; lo += chunk) {
        const hi = Math.min(n, lo + chunk - 1);
        await insertChunk(db, { lo, hi, n, days, consumers, firstConsumer });
        log(
          `  history: ${hi.toLocaleString("en-IN")} of ${n.toLocaleString("en-IN")} complaints (${secs(performance.now() - t0)})`,
        );
      }
    } finally {
      await sql`alter table complaints enable trigger user`.execute(db);
    }
  };
  const { indexMs } = await withoutIndexes(db, ["complaints"], load);
  await sql`select setval('complaint_number_seq', ${n}::bigint)`.execute(db);
  log(`  history: indexes rebuilt in ${secs(indexMs)}`);
  const loadMs = performance.now() - t0;

  const t1 = performance.now();
  await buildRollups(db, tz);
  log(`  history: rollups built (${secs(performance.now() - t1)})`);
  await checkRollups(db, tz);
  log(`  history: rollups checked against complaint_rollup_parts (${secs(performance.now() - t1)})`);
  await sql`
    insert into compensation_entries (source, complaint_id, consumer_id, dc_id, category_code, area_type, breached_at, due_rs)
    select 'complaint', id, consumer_id, dc_id, category_code, area_type, breached_at, compensation_rs
    from complaints where breached_at is not null and compensation_rs > 0`.execute(db);
  await sql`analyze`.execute(db);
  const rollupMs = performance.now() - t1;
  log(`  history: rollups and compensation register built in ${secs(rollupMs)}`);

  return describe(db, n, loadMs, rollupMs);
}

async function insertChunk(
  db: Kysely<DB>,
  p: { lo: number; hi: number; n: number; days: number; consumers: number; firstConsumer: number },
): Promise<void> {
  // Row g is registered at now - days * (n - g) / n (+ a jitter of up to an
  // hour): oldest first, so the last rows are the last 3 days' open work.
  await sql`
    with base as (
      select g,
        mod(hashint8(g)::bigint + 2147483648, 1000) as r1,
        mod(hashint8(g + 7919)::bigint + 2147483648, 1000) as r2,
        mod(hashint8(g + 104729)::bigint + 2147483648, 1000) as r3,
        now() - make_interval(secs => (${p.days}::float8 * 86400 * (${p.n}::bigint - g) / ${p.n}::bigint)
          + mod(hashint8(g + 31)::bigint + 2147483648, 3600)) as registered_at
      from generate_series(${p.lo}::bigint, ${p.hi}::bigint) g
    ), shaped as (
      select b.*, c.id as consumer_id, c.dc_id, c.area_type,
        case when r1 < 450 then 'no_supply' when r1 < 570 then 'billing' when r1 < 670 then 'line_breakdown'
             when r1 < 770 then 'meter' when r1 < 850 then 'voltage' when r1 < 900 then 'dt_failure'
             when r1 < 930 then 'cable_fault' when r1 < 960 then 'other' when r1 < 980 then 'new_connection'
             else 'safety_hazard' end as category_code,
        case when r2 < 700 then 'call' when r2 < 780 then 'sms' when r2 < 860 then 'whatsapp' when r2 < 910 then 'web'
             when r2 < 940 then 'walk_in' when r2 < 960 then 'social' when r2 < 980 then 'field' else 'api' end as channel
      , lm.lineman
      from base b
      join consumers c on c.id = ${p.firstConsumer}::bigint + b.g % ${p.consumers}::bigint
      join (select org_unit_id, min(id) as lineman from users where role = 'lineman' group by 1) lm on lm.org_unit_id = c.dc_id
    ), timed as (
      select s.*, cat.priority, cat.emergency, cat.compensation_rs as cat_comp,
        s.registered_at + make_interval(mins => case when s.area_type = 'urban' then cat.urban_limit_minutes
                                                      else cat.rural_limit_minutes end) as due_at,
        (case when s.area_type = 'urban' then cat.urban_limit_minutes else cat.rural_limit_minutes end)
          * (case when r3 < 850 then 0.05 + r3 / 1000.0 else 1.0 + (r3 - 850) / 37.5 end) * interval '1 minute' as took,
        s.registered_at > now() - interval '3 days' as recent
      from shaped s join complaint_categories cat on cat.code = s.category_code
    ), statused as (
      select t.*,
        case when recent then (case when r3 % 2 = 0 then (array['registered','assigned','attended','waiting'])[1 + (r2 % 4)]
                                    else 'resolved' end)
             when r2 % 100 < 80 then 'closed' when r2 % 100 < 94 then 'resolved'
             when r2 % 100 < 97 then 'invalid' else 'duplicate' end as status
      from timed t
    )
    insert into complaints (number, consumer_id, location, dc_id, area_type, category_code, description, channel,
      language, priority, emergency, status, assigned_to, registered_at, assigned_at, resolved_at, closed_at, due_at,
      breached_at, compensation_rs, escalation_level, next_escalation_at, resolution_code, reopen_count, is_repeat)
    select 'H' || lpad(g::text, 10, '0'), consumer_id, null, dc_id, area_type, category_code, '', channel,
      case when g % 5 = 0 then 'en' else 'hi' end, priority, emergency, status,
      case when status in ('invalid', 'duplicate', 'registered') then null else lineman end,
      registered_at,
      case when status in ('invalid', 'duplicate', 'registered') then null else registered_at + interval '5 minutes' end,
      case when status in ('resolved', 'closed') then least(now(), registered_at + took) end,
      case when status = 'closed' then least(now(), registered_at + took + interval '1 day') end,
      due_at,
      case when status in ('resolved', 'closed') and registered_at + took > due_at then due_at
           when status in ('registered', 'assigned', 'attended', 'waiting') and now() > due_at then due_at end,
      case when (status in ('resolved', 'closed') and registered_at + took > due_at)
             or (status in ('registered', 'assigned', 'attended', 'waiting') and now() > due_at) then cat_comp else 0 end,
      0,
      case when status in ('registered', 'assigned', 'attended') then due_at end,
      case when status in ('resolved', 'closed') then 'other' end,
      case when r1 % 50 = 7 then 1 else 0 end,
      r2 % 100 < 3
    from statused st`.execute(db);
}

/**
 * The rollups (DC and unit, daily and monthly) from the complaints rows, as
 * the trigger and the fold would have built them. complaint_rollup_parts is
 * PL/pgSQL (about 60 µs a row: ten minutes at 10 million), so the three parts
 * are written here as three set-based scans instead, and checkRollups then
 * compares a sample against the function itself.
 */
async function buildRollups(db: Kysely<DB>, tz: string): Promise<void> {
  const measures = sql.raw(ROLLUP_MEASURES.join(", "));
  const sums = sql.raw(ROLLUP_MEASURES.map((m) => `sum(p.${m})`).join(", "));
  const bucket = (i: number, lo: number | null, hi: number | null) =>
    `(${[lo === null ? null : `m > ${lo}`, hi === null ? null : `m <= ${hi}`].filter(Boolean).join(" and ")})::int as h${i}`;
  const bounds = [60, 120, 240, 360, 720, 1440, 2880, 4320, 7200, 10080, 14400, 21600];
  const buckets = bounds.map((b, i) => bucket(i, i === 0 ? null : (bounds[i - 1] as number), b)).join(", ");
  await sql`truncate complaint_rollup_deltas, complaint_rollup_daily, complaint_rollup_monthly,
    complaint_rollup_unit_daily, complaint_rollup_unit_monthly`.execute(db);
  await sql`
    insert into complaint_rollup_daily (day, dc_id, category_code, channel, area_type, ${measures})
    select day, dc_id, category_code, channel, area_type, ${sums}
    from (
      select (c.registered_at at time zone ${tz})::date as day, c.dc_id, c.category_code, c.channel, c.area_type,
        1, (c.status = 'registered')::int, (c.status = 'assigned')::int, (c.status = 'attended')::int,
        (c.status = 'waiting')::int, (c.status = 'resolved')::int, (c.status = 'closed')::int,
        (c.status = 'invalid')::int, (c.status = 'duplicate')::int, c.is_repeat::int, (c.reopen_count > 0)::int,
        0, 0, 0::bigint, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
      from complaints c
      union all
      select (x.resolved_at at time zone ${tz})::date, x.dc_id, x.category_code, x.channel, x.area_type,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (x.breached_at is not null)::int, x.m,
        ${sql.raw(buckets)}, (x.m > 21600)::int, 0
      from (select c.*, greatest(0, ceil(extract(epoch from (c.resolved_at - c.registered_at)) / 60))::bigint as m
            from complaints c where c.resolved_at is not null) x
      union all
      select (c.breached_at at time zone ${tz})::date, c.dc_id, c.category_code, c.channel, c.area_type,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0::bigint, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
      from complaints c where c.breached_at is not null
    ) as p (day, dc_id, category_code, channel, area_type, ${measures})
    group by 1, 2, 3, 4, 5`.execute(db);
  await sql`
    insert into complaint_rollup_monthly (month, dc_id, category_code, channel, area_type, ${measures})
    select date_trunc('month', p.day)::date, p.dc_id, p.category_code, p.channel, p.area_type, ${sums}
    from complaint_rollup_daily p
    group by 1, 2, 3, 4, 5`.execute(db);
  for (const [target, source, period] of [
    ["complaint_rollup_unit_daily", "complaint_rollup_daily", "day"],
    ["complaint_rollup_unit_monthly", "complaint_rollup_monthly", "month"],
  ] as const) {
    await sql`
      insert into ${sql.table(target)} (unit_id, ${sql.raw(period)}, category_code, channel, area_type, ${measures})
      select u.id, p.${sql.raw(period)}, p.category_code, p.channel, p.area_type, ${sums}
      from ${sql.table(source)} p
      join (
        select dc.id as dc_id, u.id as unit_id from org_units dc
        join org_units u on u.code = any(string_to_array(trim(both '/' from dc.path), '/')) and u.kind <> 'dc'
        where dc.kind = 'dc'
      ) a on a.dc_id = p.dc_id
      join org_units u on u.id = a.unit_id
      group by 1, 2, 3, 4, 5`.execute(db);
  }
}

/**
 * A sample of DCs' rollups against complaint_rollup_parts (the trigger's own
 * definitions) over their complaints: throws on any difference.
 */
async function checkRollups(db: Kysely<DB>, tz: string): Promise<void> {
  const r = await sql<Record<string, string | number>>`
    with sample as (select id from org_units where kind = 'dc' order by id limit 3),
    truth as (
      select (p.at at time zone ${tz})::date as day, p.dc_id, p.category_code, p.channel, p.area_type, ${sql.raw(
        ROLLUP_MEASURES.map((m) => `sum(p.${m}) as ${m}`).join(", "),
      )}
      from complaints c cross join lateral complaint_rollup_parts(c) p
      where c.dc_id in (select id from sample)
      group by 1, 2, 3, 4, 5
    ),
    kept as (
      select day, dc_id, category_code, channel, area_type, ${sql.raw(ROLLUP_MEASURES.join(", "))}
      from complaint_rollup_daily where dc_id in (select id from sample)
    )
    select (select count(*) from (select * from truth except select * from kept) a) as missing,
           (select count(*) from (select * from kept except select * from truth) b) as extra,
           (select count(*) from truth) as keys`.execute(db);
  const row = r.rows[0];
  if (Number(row?.missing) || Number(row?.extra) || !Number(row?.keys))
    throw new Error(`history rollups differ from complaint_rollup_parts: ${JSON.stringify(row)}`);
}

/**
 * The history database for `complaints` complaints: PostgreSQL database
 * powerdesk_history_<complaints>_<dcs>, generated on first use and kept for the next suite or
 * run (generating 10 million takes a quarter of an hour); `fresh` makes it anew.
 */
export async function openHistory(
  options: HistoryOptions & { fresh?: boolean },
): Promise<{ database: Database; history: History }> {
  // One database per size, so a small run never drops a big one another run is using.
  const name = `powerdesk_history_${options.complaints}_${options.dcs ?? 1_500}`;
  if (!options.fresh) {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    try {
      const database = await openPostgres(u.toString(), { poolSize: 20 });
      const r = await sql<{ n: string | number; dcs: string | number }>`
        select (select count(*) from complaints) as n, (select count(*) from org_units where kind = 'dc') as dcs`.execute(
        database.db,
      );
      const row = r.rows[0];
      if (Number(row?.n) === options.complaints && Number(row?.dcs) === (options.dcs ?? 1_500)) {
        await migrateToLatest(database.db);
        log(`  history: reusing ${name} (${options.complaints.toLocaleString("en-IN")} complaints)`);
        return { database, history: await describe(database.db, options.complaints, 0, 0) };
      }
      await database.close();
    } catch {
      // Not there yet (or not ours): generate it.
    }
  }
  const { database } = await freshDatabase("postgres", name);
  return { database, history: await loadHistory(database, options) };
}

async function describe(
  db: Kysely<DB>,
  complaints: number,
  loadMs: number,
  rollupMs: number,
): Promise<History> {
  const pick = async (kind: string) =>
    (
      await sql<{
        code: string;
      }>`select code from org_units where kind = ${kind} order by id limit 1`.execute(db)
    ).rows[0]?.code ?? "";
  const company = await db
    .selectFrom("org_units")
    .select("id")
    .where("kind", "=", "company")
    .executeTakeFirstOrThrow();
  const dcs = await sql<{
    n: string | number;
  }>`select count(*) as n from org_units where kind = 'dc'`.execute(db);
  return {
    companyId: Number(company.id),
    sample: {
      region: await pick("region"),
      circle: await pick("circle"),
      division: await pick("division"),
      subdivision: await pick("subdivision"),
      dc: await pick("dc"),
    },
    dcs: Number(dcs.rows[0]?.n ?? 0),
    complaints,
    loadMs,
    rollupMs,
  };
}
