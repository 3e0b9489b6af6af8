import type { Kysely } from "kysely";
import type { DB, Language } from "../../db/schema.ts";
import type { Tx } from "../../db/unit-of-work.ts";

/**
 * Tracking links and what sending one reads. Not scoped to a jurisdiction:
 * the asker is the public, and the link goes only to the mobiles on record,
 * never back to him.
 */
export class TrackingRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Runs fn with a repository bound to one transaction (and the transaction, for the outbox in it). */
  transaction<T>(fn: (repo: TrackingRepository, tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((tx) => fn(new TrackingRepository(tx), tx));
  }

  /** The complaint a link is asked for, by its number. */
  complaintByNumber(number: string) {
    return this.db
      .selectFrom("complaints")
      .select(["id", "consumer_id", "caller_phone", "language"])
      .where("number", "=", number)
      .executeTakeFirst();
  }

  async addLink(link: { tokenHash: string; complaintId: number; createdAt: Date; expiresAt: Date }) {
    await this.db
      .insertInto("tracking_links")
      .values({
        token_hash: link.tokenHash,
        complaint_id: link.complaintId,
        created_at: link.createdAt,
        expires_at: link.expiresAt,
      })
      .execute();
  }

  linkByHash(tokenHash: string) {
    return this.db
      .selectFrom("tracking_links")
      .selectAll()
      .where("token_hash", "=", tokenHash)
      .executeTakeFirst();
  }

  /** Deletes links expired before `now`; returns how many. */
  async purgeExpired(now: Date): Promise<number> {
    const r = await this.db.deleteFrom("tracking_links").where("expires_at", "<", now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
