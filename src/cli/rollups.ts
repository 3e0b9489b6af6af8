import type { Config } from "../config.ts";
import { RollupsRepository } from "../modules/reports/rollups.repository.ts";
import { parse, UsageError } from "./args.ts";
import { describe, open } from "./database.ts";

const USAGE = "usage: powerdesk rollups rebuild";

/**
 * `powerdesk rollups rebuild`: recomputes the complaint rollups (daily and
 * monthly) from the complaints in the DISCOM's time zone (TZ), after a change
 * of TZ or to repair them. Complaint writers wait while it runs; readers do not.
 */
export async function rollups(config: Config, args: string[]): Promise<number> {
  const { positionals } = parse(args, {}, { max: 1, usage: USAGE });
  if (positionals[0] !== "rebuild")
    throw new UsageError(positionals[0] ? `unknown rollups command "${positionals[0]}"\n${USAGE}` : USAGE);
  const { database } = await open(config, "powerdesk rollups rebuild");
  try {
    const started = performance.now();
    const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    process.stdout.write(
      `rebuilding the complaint rollups in ${config.timeZone} on the ${describe(config, database)}\n`,
    );
    const r = await new RollupsRepository(database.db).rebuild(config.timeZone, (step) =>
      process.stdout.write(`  ${elapsed()}: ${step}\n`),
    );
    process.stdout.write(
      `done in ${elapsed()}: ${r.complaints} complaints counted into ${r.dailyRows} daily and ${r.monthlyRows} monthly rows by DC, ${r.unitDailyRows} and ${r.unitMonthlyRows} by unit above the DC; ${r.deltasCleared} unfolded deltas cleared\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
