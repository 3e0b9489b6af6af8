import { type Kysely, sql } from "kysely";
import type { DB, Language } from "../../db/schema.ts";
import type { Tx } from "../../db/unit-of-work.ts";
import type { Principal } from "../access/principal.ts";

/** Codes sent lately, as the OTP policy counts them. */
export interface OtpCounts {
  /** To this mobile in the last 30 minutes... */
  mobileHalfHour: number;
  /** ...and in the last day. */
  mobileDay: number;
  /** For this consumer in the last hour, whatever the mobile. */
  consumerHour: number;
}

/** Consumers' mobile numbers, their pending verifications, and the registration drive's counts. */
export class MobilesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Runs fn with a repository bound to one transaction (and the transaction, for other repositories in it). */
  transaction<T>(fn: (repo: MobilesRepository, tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((tx) => fn(new MobilesRepository(tx), tx));
  }

  /** A consumer's numbers on record. */
  mobilesOf(consumerId: number) {
    return this.db
      .selectFrom("consumer_mobiles")
      .select(["mobile", "verified"])
      .where("consumer_id", "=", consumerId)
      .execute();
  }

  /**
   * Holds, to the end of the transaction, the locks under which codes for a
   * consumer and a mobile are counted and sent (consumer first, then mobile).
   */
  async lockForCodes(consumerId: number, mobile: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${`otp-consumer:${consumerId}`}))`.execute(this.db);
    await sql`select pg_advisory_xact_lock(hashtext(${`otp-mobile:${mobile}`}))`.execute(this.db);
  }

  /** Codes sent to the mobile, or for the consumer, counted back from `now`. */
  codesSent(consumerId: number, mobile: string, now: Date): Promise<OtpCounts> {
    return this.db
      .selectFrom("mobile_verifications")
      .select([
        sql<number>`count(*) filter (where mobile = ${mobile} and created_at > ${new Date(now.getTime() - 30 * 60_000)})::int`.as(
          "mobileHalfHour",
        ),
        sql<number>`count(*) filter (where mobile = ${mobile})::int`.as("mobileDay"),
        sql<number>`count(*) filter (where consumer_id = ${consumerId} and created_at > ${new Date(now.getTime() - 3600_000)})::int`.as(
          "consumerHour",
        ),
      ])
      .where((eb) => eb.or([eb("mobile", "=", mobile), eb("consumer_id", "=", consumerId)]))
      .where("created_at", ">", new Date(now.getTime() - 86_400_000))
      .executeTakeFirstOrThrow();
  }

  /** Closes the consumer's open verifications of a mobile (an earlier code no longer counts; a removed number). */
  async closeOpenVerifications(consumerId: number, mobile: string, at: Date): Promise<void> {
    await this.db
      .updateTable("mobile_verifications")
      .set({ closed_at: at })
      .where("consumer_id", "=", consumerId)
      .where("mobile", "=", mobile)
      .where("closed_at", "is", null)
      .execute();
  }

  /** A pending verification; returns its id. */
  async addVerification(v: {
    consumerId: number;
    mobile: string;
    language: Language;
    replaces: string | null;
    codeHash: string;
    expiresAt: Date;
    createdAt: Date;
    createdBy: string;
  }): Promise<number> {
    const r = await this.db
      .insertInto("mobile_verifications")
      .values({
        consumer_id: v.consumerId,
        mobile: v.mobile,
        language: v.language,
        replaces: v.replaces,
        code_hash: v.codeHash,
        expires_at: v.expiresAt,
        created_at: v.createdAt,
        created_by: v.createdBy,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  /** One of the consumer's verifications. */
  verification(consumerId: number, id: number) {
    return this.db
      .selectFrom("mobile_verifications")
      .selectAll()
      .where("id", "=", id)
      .where("consumer_id", "=", consumerId)
      .executeTakeFirst();
  }

  /**
   * Counts a try at an open verification in one statement (so parallel
   * guesses get no more tries); undefined when it is closed or out of tries.
   */
  countTry(id: number, maxAttempts: number) {
    return this.db
      .updateTable("mobile_verifications")
      .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
      .where("id", "=", id)
      .where("closed_at", "is", null)
      .where("attempts", "<", maxAttempts)
      .returning("attempts")
      .executeTakeFirst();
  }

  async closeVerification(id: number, at: Date): Promise<void> {
    await this.db.updateTable("mobile_verifications").set({ closed_at: at }).where("id", "=", id).execute();
  }

  /** Marks an open verification verified (and closed); false when it was closed already. */
  async markVerified(id: number, at: Date, by: string | null): Promise<boolean> {
    const r = await this.db
      .updateTable("mobile_verifications")
      .set({ verified_at: at, verified_by: by, closed_at: at })
      .where("id", "=", id)
      .where("closed_at", "is", null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Puts a verified number on the consumer's record (or marks the one there verified). */
  async saveVerified(consumerId: number, mobile: string, language: Language, at: Date): Promise<void> {
    await this.db
      .insertInto("consumer_mobiles")
      .values({
        consumer_id: consumerId,
        mobile,
        verified: true,
        verified_at: at,
        language,
        created_at: at,
      })
      .onConflict((oc) =>
        oc.columns(["consumer_id", "mobile"]).doUpdateSet({ verified: true, verified_at: at, language }),
      )
      .execute();
  }

  /** Takes a number off the consumer's record; whether it was there. */
  async removeMobile(consumerId: number, mobile: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom("consumer_mobiles")
      .where("consumer_id", "=", consumerId)
      .where("mobile", "=", mobile)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Counts, per DC, active consumers and those with a verified mobile; returns how many DCs. */
  async countCoverage(now: Date): Promise<number> {
    const r = await sql`
      insert into mobile_coverage (dc_id, consumers, verified, counted_at)
      select dc.id, coalesce(n.consumers, 0), coalesce(n.verified, 0), ${now}
      from org_units dc
      left join (
        select c.dc_id, count(*)::int as consumers, count(v.consumer_id)::int as verified
        from consumers c
        left join (select distinct consumer_id from consumer_mobiles where verified) v on v.consumer_id = c.id
        where c.connection_status = 'active'
        group by c.dc_id
      ) n on n.dc_id = dc.id
      where dc.kind = 'dc'
      on conflict (dc_id) do update
        set consumers = excluded.consumers, verified = excluded.verified, counted_at = excluded.counted_at`.execute(
      this.db,
    );
    return Number(r.numAffectedRows ?? 0);
  }

  /** The DCs of the principal's jurisdiction with their last counts (null: never counted), in tree order. */
  async coverageFor(principal: Principal) {
    const r = await sql<{
      code: string;
      name_en: string;
      name_hi: string;
      parent_en: string | null;
      parent_hi: string | null;
      consumers: number | null;
      verified: number | null;
      counted_at: Date | null;
    }>`
        select dc.code, dc.name_en, dc.name_hi, p.name_en as parent_en, p.name_hi as parent_hi,
               m.consumers, m.verified, m.counted_at
        from org_units dc
        left join org_units p on p.id = dc.parent_id
        left join mobile_coverage m on m.dc_id = dc.id
        where dc.kind = 'dc' and dc.path like ${`${principal.orgPath}%`}
        order by dc.path`.execute(this.db);
    return r.rows;
  }
}
