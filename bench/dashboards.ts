// The complaints dashboard (issue 16) at DISCOM scale: p50/p99 of one
// dashboard read (DashboardService.complaints, as its route calls it: the
// rollup reads and the open-complaints query) for the company, a circle and a
// DC, on PostgreSQL, with --dash-history complaints in the history (the
// issue's target: 10,000,000, p99 < 300 ms). The history is bench/history.ts's
// (database powerdesk_history, kept for the next run). Figures go in
// bench/README.md.
import { sql } from "kysely";
import type { Permission } from "../src/modules/access/permissions.ts";
import type { Principal } from "../src/modules/access/principal.ts";
import { createRepositories, createServices } from "../src/modules/registry.ts";
import { openHistory } from "./history.ts";
import { log, stats } from "./lib.ts";

const TZ = "Asia/Kolkata";
const n = (x: number) => x.toLocaleString("en-IN");
const ms = (x: number) => `${x.toFixed(1)} ms`;

export async function benchDashboards(history = 10_000_000, dcs = 1_500, runs = 100): Promise<void> {
  log(`\n## Complaints dashboard (PostgreSQL): ${n(history)} complaints in ${n(dcs)} DCs`);
  const { database, history: h } = await openHistory({ complaints: history, dcs, timeZone: TZ });
  try {
    const repos = createRepositories(database);
    // Whatever the last writes left unfolded is read as deltas, as in production; fold it first.
    await repos.rollups.foldAll(TZ);
    const services = createServices(database, repos, { timeZone: TZ });
    const company = (
      await sql<{ code: string }>`select code from org_units where kind = 'company' limit 1`.execute(
        database.db,
      )
    ).rows[0]?.code as string;
    for (const [kind, code] of [
      ["company", company],
      ["circle", h.sample.circle],
      ["dc", h.sample.dc],
    ] as const) {
      const u = await repos.org.findByCode(code);
      if (!u) throw new Error(`no unit ${code}`);
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
          `${kind} ${code}, period ${period}: p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, max ${ms(r.max)} (${r.n} runs)`,
        );
      }
    }
  } finally {
    await database.close();
  }
}
