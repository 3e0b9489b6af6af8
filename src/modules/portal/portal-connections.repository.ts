import { type Kysely, sql } from "kysely";
import type { DB, Language } from "../../db/schema.ts";
import type { Tx } from "../../db/unit-of-work.ts";

/** The codes that prove a mobile applying for a new connection online. */
export class ApplyCodesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  transaction<T>(fn: (repo: ApplyCodesRepository, tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((tx) => fn(new ApplyCodesRepository(tx), tx));
  }

  /** Holds, to the end of the transaction, the lock under which codes to a mobile are counted and sent. */
  async lockMobile(mobile: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${`apply-code:${mobile}`}))`.execute(this.db);
  }

  /** Codes sent to the mobile since `since`. */
  async sentSince(mobile: string, since: Date): Promise<number> {
    const r = await this.db
      .selectFrom("connection_apply_codes")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("mobile", "=", mobile)
      .where("created_at", ">", since)
      .executeTakeFirst();
    return r?.n ?? 0;
  }

  /** Closes the mobile's earlier open codes (a new one replaces them). */
  async closeOpen(mobile: string, at: Date): Promise<void> {
    await this.db
      .updateTable("connection_apply_codes")
      .set({ closed_at: at })
      .where("mobile", "=", mobile)
      .where("closed_at", "is", null)
      .where("used_at", "is", null)
      .execute();
  }

  async add(v: {
    mobile: string;
    codeHash: string;
    language: Language;
    createdAt: Date;
    expiresAt: Date;
  }): Promise<number> {
    const r = await this.db
      .insertInto("connection_apply_codes")
      .values({
        mobile: v.mobile,
        code_hash: v.codeHash,
        language: v.language,
        created_at: v.createdAt,
        expires_at: v.expiresAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  /** The mobile's latest code still open (not used, not closed). */
  open(mobile: string) {
    return this.db
      .selectFrom("connection_apply_codes")
      .select(["id", "code_hash", "expires_at", "attempts"])
      .where("mobile", "=", mobile)
      .where("closed_at", "is", null)
      .where("used_at", "is", null)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
  }

  /** Counts a try at the code, atomically; undefined when it has no tries left (or is used or closed). */
  countTry(id: number, maxAttempts: number) {
    return this.db
      .updateTable("connection_apply_codes")
      .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
      .where("id", "=", id)
      .where("closed_at", "is", null)
      .where("used_at", "is", null)
      .where("attempts", "<", maxAttempts)
      .returning("attempts")
      .executeTakeFirst();
  }

  async close(id: number, at: Date): Promise<void> {
    await this.db.updateTable("connection_apply_codes").set({ closed_at: at }).where("id", "=", id).execute();
  }

  /** Takes the code for one application: true for exactly one of any concurrent takers. */
  async take(id: number, at: Date): Promise<boolean> {
    const r = await this.db
      .updateTable("connection_apply_codes")
      .set({ used_at: at })
      .where("id", "=", id)
      .where("closed_at", "is", null)
      .where("used_at", "is", null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Gives a taken code back when the application it was taken for was refused (a field to correct). */
  async giveBack(id: number, takenAt: Date): Promise<void> {
    await this.db
      .updateTable("connection_apply_codes")
      .set({ used_at: null })
      .where("id", "=", id)
      .where("used_at", "=", takenAt)
      .execute();
  }
}
