import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";

/** Which worker runs each tick of a recurring job (one per tick across every process). */
export class JobRunsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** True for the one caller that claims (job, tick); every other caller, in any process, gets false. */
  async claim(job: string, tick: number, by: string, now: Date): Promise<boolean> {
    const won = await this.db
      .insertInto("job_runs")
      .values({ job, tick, claimed_by: by, claimed_at: now })
      .onConflict((oc) => oc.columns(["job", "tick"]).doNothing())
      .returning("job")
      .executeTakeFirst();
    return won !== undefined;
  }

  async purge(before: Date): Promise<number> {
    const r = await this.db.deleteFrom("job_runs").where("claimed_at", "<", before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
