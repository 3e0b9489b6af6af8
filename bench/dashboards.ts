// The complaints dashboard (issue 16) at DISCOM scale: p50/p99 of one
// dashboard read (DashboardService.complaints, as its route calls it) for
// the company, a circle and a DC, on PostgreSQL, with --dash-history
// complaints in the history (the target: 10,000,000, p99 < 300 ms).
// Figures go in bench/README.md.
//
// The history comes from generateHistory below until the shared generator
// (bench/history.ts, loadHistory) lands on main; then this calls that.
import { type Kysely, sql } from "kysely";
import type { DB } from "../src/db/schema.ts";
import type { Permission } from "../src/modules/access/permissions.ts";
import type { Principal } from "../src/modules/access/principal.ts";
import { createRepositories, createServices } from "../src/modules/registry.ts";
import { freshDatabase, log, stats } from "./lib.ts";
import { generateOrgTree, withoutIndexes } from "./survey.ts";

const TZ = "Asia/Kolkata";
const NOW = new Date("2026-11-20T12:00:00+05:30");
const n = (x: number) => x.toLocaleString("en-IN");
const ms = (x: number) => `${x.toFixed(1)} ms`;

/**
 * `total` complaints over the two years before NOW in every DC, by the
 * catalogue's categories, channels and areas; all but `open` of them closed
 * (10% of those past their limit); the open ones the last days', a third
 * past their limit. In one statement each; the rollups are written by their
 * trigger as any write is, then folded.
 */
export async function generateHistory(db: Kysely<DB>, total: number, open: number): Promise<void> {
  const closed = Math.max(0, total - open);
  await sql`
    with d as (select id, row_number() over (order by id) - 1 as k, count(*) over () as dcs
               from org_units where kind = 'dc'),
    cat as (select code, urban_limit_minutes as lim, row_number() over (order by code) - 1 as k, count(*) over () as cats
            from complaint_categories)
    insert into complaints (number, location, dc_id, area_type, category_code, description, channel, priority,
      status, registered_at, due_at, resolved_at, closed_at, breached_at)
    select 'H' || lpad(g::text, 10, '0'), 'Ward ' || (g % 40), d.id,
      case when g % 3 = 0 then 'urban' else 'rural' end, cat.code, '',
      (array['call','call','call','call','web','sms','whatsapp','social','walk_in','field'])[1 + g % 10], 3,
      'closed', r.at, r.at + make_interval(mins => cat.lim),
      r.at + make_interval(mins => r.took), r.at + make_interval(mins => r.took + 60),
      case when r.took > cat.lim then r.at + make_interval(mins => cat.lim) end
    from generate_series(1, ${closed}::bigint) g
    join d on d.k = g % d.dcs
    join cat on cat.k = (g / 7) % cat.cats
    cross join lateral (select ${NOW}::timestamptz - make_interval(mins => (hashint8(g)::bigint & 1048575)::int) as at,
      case when g % 10 = 0 then cat.lim + 30 + (g % 600)::int else 1 + (g % greatest(cat.lim, 2))::int end as took) r`.execute(
    db,
  );
  await sql`
    with d as (select id, row_number() over (order by id) - 1 as k, count(*) over () as dcs
               from org_units where kind = 'dc')
    insert into complaints (number, location, dc_id, area_type, category_code, description, channel, priority,
      status, registered_at, due_at)
    select 'O' || lpad(g::text, 10, '0'), 'Ward ' || (g % 40), d.id, 'urban', 'no_supply', '', 'call', 2,
      (array['registered','assigned','attended','waiting'])[1 + g % 4],
      ${NOW}::timestamptz - make_interval(mins => (g % 4320)::int),
      ${NOW}::timestamptz - make_interval(mins => (g % 4320)::int) + make_interval(mins => case when g % 3 = 0 then 60 else 8000 end)
    from generate_series(1, ${open}::bigint) g join d on d.k = g % d.dcs`.execute(db);
}

export async function benchDashboards(
  history = 200_000,
  open = 20_000,
  dcs = 1_500,
  runs = 100,
): Promise<void> {
  log(
    `\n## Complaints dashboard (PostgreSQL, a database of its own): ${n(history)} complaints in ${n(dcs)} DCs, ${n(open)} open`,
  );
  const { database, cleanup } = await freshDatabase("postgres", "powerdesk_bench_dashboards");
  try {
    const db = database.db;
    const t0 = performance.now();
    await generateOrgTree(db, dcs);
    const { indexMs } = await withoutIndexes(db, ["complaints"], () => generateHistory(db, history, open));
    const repos = createRepositories(database);
    const folded = await repos.rollups.foldAll(TZ);
    await sql`vacuum analyze`.execute(db);
    log(
      `generated in ${((performance.now() - t0) / 1000).toFixed(1)} s (indexes ${(indexMs / 1000).toFixed(1)} s), ${n(folded)} deltas folded: not the measured figure`,
    );
    const services = createServices(database, repos, { clock: () => NOW, timeZone: TZ });
    const unit = async (kind: string) =>
      (
        await sql<{ id: string; code: string; path: string }>`
          select id, code, path from org_units where kind = ${kind} order by id limit 1`.execute(db)
      ).rows[0] as { id: string; code: string; path: string };
    for (const kind of ["company", "circle", "dc"] as const) {
      const u = await unit(kind);
      const principal: Principal = {
        kind: "user",
        id: 0,
        name: "bench",
        login: null,
        role: "admin",
        language: "en",
        orgUnitId: Number(u.id),
        orgCode: u.code,
        orgKind: kind,
        orgPath: u.path,
        permissions: new Set<Permission>(["reports.read"]),
      };
      for (const period of ["month", "last30"] as const) {
        await services.dashboard.complaints(principal, { period });
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          const s = performance.now();
          await services.dashboard.complaints(principal, { period });
          times.push(performance.now() - s);
        }
        const r = stats(times);
        log(
          `${kind} ${u.code}, period ${period}: p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, max ${ms(r.max)} (${r.n} runs)`,
        );
      }
    }
  } finally {
    await database.close();
    await cleanup();
  }
}
