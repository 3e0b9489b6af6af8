// What the complaint rollups (issue 16) cost, on PostgreSQL, on the bench
// database the import left (suite "rollups", only when named in --suites):
//  a. the registration benchmark (the "register" suite: pgbench and HTTP, same
//     settings) with the rollup triggers on and off, taking turns in each
//     round, while a folder runs every 5 s as the worker would; the issue's
//     bar is at most 5% fewer registrations with them on;
//  b. the trigger's cost per complaint update (a resolution): one row per
//     statement, committed, and one statement resolving many rows;
//  c. fold throughput: deltas per second for a backlog (default 1,000,000).
// The registrations made with the triggers off, and the synthetic backlog,
// leave the rollups wrong: the suite ends with `rebuild`, timed.
import { sql } from "kysely";
import type { Database } from "../src/db/database.ts";
import { RollupsRepository } from "../src/modules/reports/rollups.repository.ts";
import { benchRegistration, type RegistrationResult } from "./complaints.ts";
import { log, stats } from "./lib.ts";

const TZ = "Asia/Kolkata";
/** The triggers of migration 20261207090000: the deltas, and the repeat mark (a count per insert). */
const TRIGGERS = [
  "complaints_rollup_insert",
  "complaints_rollup_update",
  "complaints_rollup_delete",
  "complaints_mark_repeat",
];

async function triggers(database: Database, on: boolean): Promise<void> {
  const verb = on ? "enable" : "disable";
  await sql
    .raw(`alter table complaints ${TRIGGERS.map((t) => `${verb} trigger ${t}`).join(", ")}`)
    .execute(database.db);
}

/** Folds what is left and vacuums the deltas' table, as the worker's steady state would leave it. */
async function drain(database: Database, rollups: RollupsRepository): Promise<void> {
  await rollups.foldAll(TZ);
  await sql`vacuum complaint_rollup_deltas`.execute(database.db);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const pct = (on: number, off: number) => `${(((on - off) / off) * 100).toFixed(1)}%`;

export async function benchRollups(
  database: Database,
  consumers: number,
  clients: number,
  seconds: number,
  workers: number,
  rounds: number,
  options: { updates: number; deltas: number },
): Promise<void> {
  const rollups = new RollupsRepository(database.db);
  log("\n## postgres: complaint rollups (issue 16)");
  try {
    await registration(database, rollups, consumers, clients, seconds, workers, rounds);
    await updates(database, options.updates);
    await foldThroughput(database, rollups, options.deltas);
  } finally {
    await triggers(database, true);
  }
  const t0 = performance.now();
  const r = await rollups.rebuild(TZ);
  log(
    `\nrebuild (repairs what the runs with the triggers off and the synthetic backlog left): ${r.complaints.toLocaleString("en-IN")} complaints into ${r.dailyRows.toLocaleString("en-IN")} daily and ${r.monthlyRows.toLocaleString("en-IN")} monthly rows by DC (${r.unitDailyRows.toLocaleString("en-IN")} and ${r.unitMonthlyRows.toLocaleString("en-IN")} by unit above) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

/** a. Registrations with the triggers on and off, a folder running as the worker would. */
async function registration(
  database: Database,
  rollups: RollupsRepository,
  consumers: number,
  clients: number,
  seconds: number,
  workers: number,
  rounds: number,
): Promise<void> {
  log(
    "\n### a. registration with the rollup triggers on and off (a folder runs every 5 s in both; turns alternate in each round)",
  );
  // A run before this one (its fold throughput part, a kill) may have left the deltas' table
  // bloated: every fold would then scan its dead rows. Start from a compact table.
  await sql`vacuum full complaint_rollup_deltas`.execute(database.db);
  let stop = false;
  let folded = 0;
  const folder = (async () => {
    while (!stop) {
      folded += await rollups.foldAll(TZ);
      for (let i = 0; i < 50 && !stop; i++) await new Promise((r) => setTimeout(r, 100));
    }
  })();
  let results: Map<string, RegistrationResult>;
  try {
    results = await benchRegistration(database, consumers, clients, seconds, workers, rounds, [
      // The reset closes the last run's complaints, with the triggers on a delta each: folded
      // before the run, so that the run pays for its own registrations only (as in production,
      // where closing is spread over days). Both turns settle the same way.
      { name: "rollups on", apply: (db) => triggers(db, true), settle: (db) => drain(db, rollups) },
      { name: "rollups off", apply: (db) => triggers(db, false), settle: (db) => drain(db, rollups) },
    ]);
  } finally {
    stop = true;
    await folder;
  }
  const on = results.get("rollups on") as RegistrationResult;
  const off = results.get("rollups off") as RegistrationResult;
  log(
    `\n| registration, median of ${rounds} round(s) | rollups on | rollups off | difference |\n|---|---|---|---|`,
  );
  for (const [label, key] of [
    ["pgbench, transactions/s", "ceiling"],
    ["HTTP, requests/s", "http"],
  ] as const) {
    log(
      `| ${label} | ${median(on[key]).toFixed(0)} | ${median(off[key]).toFixed(0)} | ${pct(median(on[key]), median(off[key]))} |`,
    );
  }
  // Within a round the two turns meet the same checkpoint and autovacuum weather; the median of
  // the rounds' own differences is steadier than the difference of the medians.
  for (const [label, key] of [
    ["pgbench", "ceiling"],
    ["HTTP", "http"],
  ] as const) {
    const paired = on[key].map((x, i) => (x - (off[key][i] ?? Number.NaN)) / (off[key][i] ?? Number.NaN));
    log(
      `${label}, difference by round: ${paired.map((d) => `${(100 * d).toFixed(1)}%`).join(", ")}; median ${(100 * median(paired)).toFixed(1)}%`,
    );
  }
  log(`(the folder folded ${folded.toLocaleString("en-IN")} deltas meanwhile)`);
}

/**
 * b. A resolution (status, resolved_at and the code; the trigger writes three
 * deltas: the registration part out and in again with its new status, and the
 * resolution part) with the triggers on and off, on different complaints of
 * the same kind, taking turns in blocks of 100.
 */
async function updates(database: Database, n: number): Promise<void> {
  const ids = (
    await sql<{ id: string | number }>`
      select id from complaints where status = 'closed' and resolved_at is null order by id desc limit ${2 * n}`.execute(
      database.db,
    )
  ).rows.map((r) => Number(r.id));
  // Closed without a resolution: the registration bench's reset closes open ones that way; if too
  // few, any closed complaints (their resolution moves, so the trigger writes as much).
  if (ids.length < 2 * n) {
    const more = await sql<{ id: string | number }>`
      select id from complaints where status = 'closed' and not (id = any(${ids}::bigint[]))
      order by id desc limit ${2 * n - ids.length}`.execute(database.db);
    ids.push(...more.rows.map((r) => Number(r.id)));
  }
  const per = Math.floor(ids.length / 2);
  log(
    `\n### b. the trigger's cost per complaint update (a resolution), ${per.toLocaleString("en-IN")} complaints each way`,
  );
  if (per < 100) {
    log("too few closed complaints: run the registration part longer");
    return;
  }
  const resolve = (id: number) =>
    sql`update complaints set status = 'resolved', resolved_at = now(), resolution_code = 'line_repaired'
        where id = ${id}`.execute(database.db);
  const times = { on: [] as number[], off: [] as number[] };
  for (let block = 0; block * 100 < per; block++) {
    for (const side of block % 2 ? (["off", "on"] as const) : (["on", "off"] as const)) {
      await triggers(database, side === "on");
      const offset = side === "on" ? 0 : per;
      for (let i = block * 100; i < Math.min(per, (block + 1) * 100); i++) {
        const t0 = performance.now();
        await resolve(ids[offset + i] as number);
        times[side].push(performance.now() - t0);
      }
    }
  }
  const on = stats(times.on);
  const off = stats(times.off);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  log("| one resolution per statement, committed | mean ms | p50 ms | p99 ms | n |\n|---|---|---|---|---|");
  log(
    `| rollups on | ${mean(times.on).toFixed(3)} | ${on.p50.toFixed(3)} | ${on.p99.toFixed(3)} | ${on.n} |`,
  );
  log(
    `| rollups off | ${mean(times.off).toFixed(3)} | ${off.p50.toFixed(3)} | ${off.p99.toFixed(3)} | ${off.n} |`,
  );
  log(
    `trigger cost per update: ${((mean(times.on) - mean(times.off)) * 1000).toFixed(0)} µs (${pct(mean(times.on), mean(times.off))})`,
  );

  // One statement resolving many rows (an outage's restoration does this), rolled back so both sides
  // resolve the same rows: three times each way, the best kept.
  const bulk = ids.slice(0, per);
  const once = async (on: boolean) => {
    await triggers(database, on);
    let ms = 0;
    await database.db
      .transaction()
      .execute(async (tx) => {
        const t0 = performance.now();
        await sql`update complaints set status = 'resolved', resolved_at = now(), resolution_code = 'line_repaired'
                  where id = any(${bulk}::bigint[])`.execute(tx);
        ms = performance.now() - t0;
        throw new RolledBack();
      })
      .catch((err) => {
        if (!(err instanceof RolledBack)) throw err;
      });
    return ms;
  };
  const bulkTimes = { on: [] as number[], off: [] as number[] };
  for (let i = 0; i < 3; i++) {
    bulkTimes.on.push(await once(true));
    bulkTimes.off.push(await once(false));
  }
  const bestOn = Math.min(...bulkTimes.on);
  const bestOff = Math.min(...bulkTimes.off);
  log(
    `one statement resolving ${bulk.length.toLocaleString("en-IN")} complaints: ${bestOn.toFixed(0)} ms on, ${bestOff.toFixed(0)} ms off; ${(((bestOn - bestOff) * 1000) / bulk.length).toFixed(1)} µs a row (${pct(bestOn, bestOff)})`,
  );
  await triggers(database, true);
}

class RolledBack extends Error {}

/**
 * c. A backlog of `n` deltas spread like a month of work over every DC,
 * category, channel and area type (registrations, status moves, resolutions),
 * folded by the worker's own call.
 */
async function foldThroughput(database: Database, rollups: RollupsRepository, n: number): Promise<void> {
  log(`\n### c. fold throughput, a backlog of ${n.toLocaleString("en-IN")} deltas`);
  await rollups.foldAll(TZ);
  const t0 = performance.now();
  await sql`
    with dcs as (select array_agg(id) as ids from org_units where kind = 'dc'),
    cats as (select array_agg(code) as codes from complaint_categories)
    insert into complaint_rollup_deltas (part, at, dc_id, category_code, channel, area_type,
      received, st_registered, st_assigned, st_resolved, st_closed, resolved, resolved_late, resolve_minutes, h3, h5)
    select case when k < 6 then 'r' else 'x' end,
      now() - random() * interval '30 days',
      dcs.ids[1 + floor(random() * cardinality(dcs.ids))::int],
      cats.codes[1 + floor(random() * cardinality(cats.codes))::int],
      (array['call', 'web', 'sms', 'whatsapp', 'social', 'walk_in'])[1 + floor(random() * 6)::int],
      case when random() < 0.6 then 'urban' else 'rural' end,
      (k < 3)::int,
      case when k < 3 then 1 when k < 5 then -1 else 0 end,
      case when k between 3 and 4 then 1 when k = 5 then -1 else 0 end,
      case when k = 5 then 1 else 0 end, 0,
      (k >= 6)::int, (k = 9)::int, case when k >= 6 then 200 else 0 end,
      (k between 6 and 8)::int, (k = 9)::int
    from generate_series(1, ${n}) g, dcs, cats, lateral (select floor(random() * 10)::int + 0 * g as k) r`.execute(
    database.db,
  );
  const generated = (performance.now() - t0) / 1000;
  const pending = await rollups.pending();
  const t1 = performance.now();
  const folded = await rollups.foldAll(TZ);
  const secs = (performance.now() - t1) / 1000;
  log(
    `generated in ${generated.toFixed(1)} s; folded ${folded.toLocaleString("en-IN")} of ${pending.toLocaleString("en-IN")} in ${secs.toFixed(1)} s: ${Math.round(folded / secs).toLocaleString("en-IN")} deltas/s (batches of 50,000, one statement each)`,
  );
}
