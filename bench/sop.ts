// The regulator's SoP report at DISCOM scale (issue 16, --suites sop, PostgreSQL only):
// the company's quarterly report (every row × urban/rural, pending across the
// quarter's ends, compensation, reliability per circle) over a complaint
// history of --history-complaints (default 10,000,000; bench/history.ts keeps
// the database for the next run). Target: under 5 s. Also a circle's report,
// a month's, and the PDF rendered once.

import { closePdfBrowser } from "../src/lib/pdf.ts";
import { ROLE_PERMISSIONS } from "../src/modules/access/permissions.ts";
import type { Principal } from "../src/modules/access/principal.ts";
import { createRepositories, createServices } from "../src/modules/registry.ts";
import { openHistory } from "./history.ts";
import { log, stats } from "./lib.ts";

/** The last whole quarter before now, e.g. 2026-Q3 in December 2026. */
function lastQuarter(now = new Date()): string {
  const q = Math.floor(now.getUTCMonth() / 3);
  return q === 0 ? `${now.getUTCFullYear() - 1}-Q4` : `${now.getUTCFullYear()}-Q${q}`;
}

export async function benchSop(complaints: number, runs: number): Promise<void> {
  const { database, history } = await openHistory({ complaints });
  try {
    const db = database.db;
    const company = await db
      .selectFrom("org_units")
      .select(["id", "code", "path"])
      .where("kind", "=", "company")
      .executeTakeFirstOrThrow();
    const services = createServices(database, createRepositories(database), { analysesCalls: false });
    const principal: Principal = {
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
      permissions: new Set(ROLE_PERMISSIONS.admin),
    };
    const quarter = lastQuarter();
    const month = `${quarter.slice(0, 4)}-${String((Number(quarter.slice(-1)) - 1) * 3 + 3).padStart(2, "0")}`;
    const time = async (what: string, run: () => Promise<unknown>, n: number) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const s = performance.now();
        await run();
        times.push(performance.now() - s);
      }
      const s = stats(times.sort((a, b) => a - b));
      log(`  ${what}: ${JSON.stringify(s)}`);
    };
    log(
      `sop [postgres]: ${complaints.toLocaleString("en-IN")} complaints in ${history.dcs} DCs; quarter ${quarter}, ${runs} runs each`,
    );
    const r = await services.sop.report(principal, { period: quarter });
    log(
      `  the company's ${quarter}: ${r.total.total.received.toLocaleString("en-IN")} received, ${r.total.total.within + r.total.total.beyond} redressed, ${r.reliability.rows.length} circles`,
    );
    await time(
      `company, quarter ${quarter} (target < 5 s)`,
      () => services.sop.report(principal, { period: quarter }),
      runs,
    );
    await time(`company, month ${month}`, () => services.sop.report(principal, { period: month }), runs);
    await time(
      `circle ${history.sample.circle}, quarter`,
      () => services.sop.report(principal, { period: quarter, unit: history.sample.circle }),
      runs,
    );
    await time(
      `company, quarter, PDF`,
      () => services.sop.pdf(principal, { period: quarter }),
      Math.min(runs, 3),
    );
    await services.close();
  } finally {
    await closePdfBrowser();
    await database.close();
  }
}
