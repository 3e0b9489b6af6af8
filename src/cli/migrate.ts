import type { Config } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { count } from "../lib/plural.ts";
import { parse } from "./args.ts";

/** `powerdesk migrate`: brings the schema up to date and says what it applied. */
export async function migrate(config: Config, args: string[]): Promise<number> {
  parse(args, {});
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    command: "powerdesk migrate",
  });
  try {
    const report = await migrateToLatest(database.db);
    process.stdout.write(
      report.applied.length
        ? `applied ${count(report.applied.length, "migration")}: ${report.applied.join(", ")}\n`
        : "the schema is up to date\n",
    );
    return 0;
  } finally {
    await database.close();
  }
}
