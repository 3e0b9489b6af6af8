import type { Config } from "../config.ts";
import { CallbackRollupsRepository } from "../modules/feedback/callback-rollups.repository.ts";
import { RollupsRepository } from "../modules/reports/rollups.repository.ts";
import { parse, UsageError } from "./args.ts";
import { describe, open } from "./database.ts";

const USAGE = "usage: powerdesk rollups rebuild";

/**
 * `powerdesk rollups rebuild`: recomputes the complaint rollups (daily and
 * monthly) from the complaints, and the callback rollup from the callbacks,
 * in the DISCOM's time zone (TZ), after a change of TZ or to repair them.
 * Complaint (then callback) writers wait while it runs; readers do not.
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
      `  ${elapsed()}: ${r.complaints} complaints counted into ${r.dailyRows} daily and ${r.monthlyRows} monthly rows by DC, ${r.unitDailyRows} and ${r.unitMonthlyRows} by unit above the DC; ${r.deltasCleared} unfolded deltas cleared\n`,
    );
    const c = await new CallbackRollupsRepository(database.db).rebuild(config.timeZone);
    process.stdout.write(
      `done in ${elapsed()}: ${c.callbacks} closed callbacks counted into ${c.monthlyRows} monthly rows by DC\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
