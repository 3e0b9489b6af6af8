import { type Kysely, sql } from "kysely";
import type { WebhookChannel } from "../../db/schema.constants.ts";
import type { DB } from "../../db/schema.ts";

/** A stored webhook body claimed for processing. */
export interface WebhookClaim {
  id: number;
  channel: WebhookChannel;
  body: string;
  attempts: number;
}

/**
 * channel_webhooks: every signed body exactly as it came, stored before
 * anything reads it. Unique by its hash per channel, so a replayed delivery
 * stores nothing. Processing claims rows with SKIP LOCKED and a lease: a dead
 * worker's rows pass to another when the lease runs out.
 */
export class WebhooksRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Stores a body; undefined when the same body (by hash) was stored before. */
  async store(
    row: { channel: WebhookChannel; body: string; sha256: string; at: Date },
    failed?: string,
  ): Promise<number | undefined> {
    const r = await this.db
      .insertInto("channel_webhooks")
      .values({
        channel: row.channel,
        received_at: row.at,
        body: row.body,
        body_sha256: row.sha256,
        ...(failed ? { status: "failed" as const, last_error: failed.slice(0, 1000) } : {}),
      })
      .onConflict((oc) => oc.columns(["channel", "body_sha256"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    return r ? Number(r.id) : undefined;
  }

  /** Claims up to `limit` pending rows due at `now`, oldest first. */
  async claim(by: string, now: Date, leaseMs: number, limit: number): Promise<WebhookClaim[]> {
    const until = new Date(now.getTime() + leaseMs);
    const r = await sql<{ id: number | string; channel: WebhookChannel; body: string; attempts: number }>`
      update channel_webhooks w set claimed_by = ${by}, claimed_until = ${until}
      where w.id in (
        select id from channel_webhooks
        where status = 'pending'
          and (run_after is null or run_after <= ${now})
          and (claimed_until is null or claimed_until <= ${now})
        order by id
        limit ${limit}
        for update skip locked
      )
      returning w.id, w.channel, w.body, w.attempts`.execute(this.db);
    return r.rows
      .map((x) => ({ id: Number(x.id), channel: x.channel, body: x.body, attempts: x.attempts }))
      .sort((a, b) => a.id - b.id);
  }

  /** Marks a claimed row processed (in the transaction that applied it); false if the claim was lost. */
  async processed(id: number, by: string, at: Date): Promise<boolean> {
    const r = await this.db
      .updateTable("channel_webhooks")
      .set({ status: "processed", processed_at: at, claimed_by: null, claimed_until: null, last_error: null })
      .where("id", "=", id)
      .where("claimed_by", "=", by)
      .where("status", "=", "pending")
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Processing failed: tried again after `runAfter`, or left failed (`runAfter` undefined) for an operator. */
  async retry(claim: WebhookClaim, by: string, runAfter: Date | undefined, error: string): Promise<void> {
    await this.db
      .updateTable("channel_webhooks")
      .set({
        claimed_by: null,
        claimed_until: null,
        attempts: claim.attempts + 1,
        run_after: runAfter ?? null,
        last_error: error.slice(0, 1000),
        ...(runAfter ? {} : { status: "failed" as const }),
      })
      .where("id", "=", claim.id)
      .where("claimed_by", "=", by)
      .execute();
  }
}
