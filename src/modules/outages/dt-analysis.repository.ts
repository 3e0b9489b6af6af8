import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/schema.ts";
import type { StagedConflict, StagedWrites } from "../../db/staged-writes.ts";

// A DT already waiting counts one more request and, if it was backing off after a failure, runs at once.
const queuedAgain: StagedConflict<"dt_analysis_queue"> = (oc) =>
  oc.column("dt_id").doUpdateSet((eb) => ({
    requests: eb("dt_analysis_queue.requests", "+", 1),
    run_after: null,
  }));

/** A DT claimed for analysis, with the count of calls that asked for it so far. */
export interface DtAnalysisClaim {
  dtId: number;
  requests: number;
  attempts: number;
}

/**
 * The durable queue of DTs waiting for trouble-call analysis: one row per DT.
 * Calls stage their DT with the registration; workers claim rows with SKIP
 * LOCKED and a lease, so several processes never analyse one DT at once and a
 * dead worker's claim passes to another when its lease runs out.
 */
export class DtAnalysisRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Queues a DT in the registration's own statement. A DT already waiting
   * (or being analysed) counts one more request: the analysis then runs once
   * more after the current one, as the call may have come after it read the
   * callers; a DT backing off after a failure runs again at once.
   */
  static stage(stage: StagedWrites, dtId: number, at: Date): void {
    stage.add({
      table: "dt_analysis_queue",
      columns: ["dt_id", "queued_at"],
      rows: [{ dt_id: dtId, queued_at: at }],
      onConflict: queuedAgain,
    });
  }

  /** Claims up to `limit` DTs due at `now` and not claimed by a live lease, oldest first. */
  async claim(by: string, now: Date, leaseMs: number, limit: number): Promise<DtAnalysisClaim[]> {
    const until = new Date(now.getTime() + leaseMs);
    const r = await sql<{ dt_id: number | string; requests: number; attempts: number }>`
      update dt_analysis_queue q set claimed_by = ${by}, claimed_until = ${until}
      where q.dt_id in (
        select dt_id from dt_analysis_queue
        where (run_after is null or run_after <= ${now})
          and (claimed_until is null or claimed_until <= ${now})
        order by queued_at
        limit ${limit}
        for update skip locked
      )
      returning q.dt_id, q.requests, q.attempts`.execute(this.db);
    return r.rows.map((x) => ({ dtId: Number(x.dt_id), requests: x.requests, attempts: x.attempts }));
  }

  /**
   * The DT was analysed: its row goes, unless a call queued it again
   * meanwhile; then the claim is let go and it is analysed once more.
   * True if the row went.
   */
  async done(claim: DtAnalysisClaim, by: string): Promise<boolean> {
    const gone = await this.db
      .deleteFrom("dt_analysis_queue")
      .where("dt_id", "=", claim.dtId)
      .where("requests", "=", claim.requests)
      .where("claimed_by", "=", by)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) > 0) return true;
    await this.db
      .updateTable("dt_analysis_queue")
      .set({ claimed_by: null, claimed_until: null, attempts: 0, last_error: null })
      .where("dt_id", "=", claim.dtId)
      .where("claimed_by", "=", by)
      .execute();
    return false;
  }

  /**
   * The analysis failed: the DT waits until `runAfter`, then any worker
   * tries again; at once if a call queued it meanwhile.
   */
  async retry(claim: DtAnalysisClaim, by: string, runAfter: Date, error: string): Promise<void> {
    await this.db
      .updateTable("dt_analysis_queue")
      .set({
        claimed_by: null,
        claimed_until: null,
        attempts: claim.attempts + 1,
        run_after: sql<Date | null>`case when requests = ${claim.requests} then ${runAfter}::timestamptz end`,
        last_error: error.slice(0, 1000),
      })
      .where("dt_id", "=", claim.dtId)
      .where("claimed_by", "=", by)
      .execute();
  }

  /** What is queued, for tests and the operator. */
  waiting() {
    return this.db.selectFrom("dt_analysis_queue").selectAll().orderBy("queued_at").execute();
  }
}
