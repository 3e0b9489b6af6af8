import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/schema.ts";

/**
 * Housekeeping PostgreSQL's autovacuum does on a server but PGlite, a single
 * embedded session, never does by itself: fresh planner statistics (without
 * them a million-row table gets sequential scans) and reclaiming dead rows.
 */
export class MaintenanceRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async analyze(): Promise<void> {
    await sql`analyze`.execute(this.db);
  }

  async vacuumAnalyze(): Promise<void> {
    await sql`vacuum (analyze)`.execute(this.db);
  }
}
