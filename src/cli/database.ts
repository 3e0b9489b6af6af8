import type { Config } from "../config.ts";
import { type Database, openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";

/** Where the data lives, for the banner. */
export function describe(config: Config, database: Database): string {
  return database.kind === "embedded"
    ? `embedded database in ${config.dataDir}`
    : `PostgreSQL at ${database.location}`;
}

/** Opens the database (holding DATA_DIR's lock in the name of `command`) with the schema up to date. */
export async function open(config: Config, command: string): Promise<{ database: Database; fresh: boolean }> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, command });
  try {
    const report = await migrateToLatest(database.db);
    return { database, fresh: report.fresh };
  } catch (err) {
    await database.close();
    throw err;
  }
}
