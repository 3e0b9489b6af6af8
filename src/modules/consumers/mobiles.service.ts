import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { DB, Language } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, conflict, forbidden, notFound, tooManyRequests } from "../../lib/errors.ts";
import { normaliseMobile } from "../../lib/mobile.ts";
import { OutboxRepository } from "../notifications/outbox.repository.ts";
import { RecipientsRepository } from "../notifications/recipients.repository.ts";
import { renderSms } from "../notifications/sms-templates.ts";
import { can, type Principal } from "../users/principal.ts";
import type { ConsumersRepository } from "./consumers.repository.ts";

/** How long a code is good for, how many tries it allows, how often one may be sent. */
export interface OtpPolicy {
  validMinutes: number;
  maxAttempts: number;
  /** Codes to one mobile in 30 minutes, and in a day. */
  perMobileHalfHour: number;
  perMobileDay: number;
  /** Codes for one consumer in an hour (whatever the mobile). */
  perConsumerHour: number;
}

export const DEFAULT_OTP_POLICY: OtpPolicy = {
  validMinutes: 10,
  maxAttempts: 5,
  perMobileHalfHour: 3,
  perMobileDay: 10,
  perConsumerHour: 5,
};

export interface VerificationStarted {
  id: number;
  mobile: string;
  expiresAt: Date;
}

export interface CoverageRow {
  dcCode: string;
  dcNameEn: string;
  dcNameHi: string;
  parentNameEn: string | null;
  parentNameHi: string | null;
  consumers: number;
  verified: number;
}

function hashCode(salt: string, code: string): string {
  return `${salt}:${createHash("sha256").update(`${salt}:${code}`).digest("hex")}`;
}

function codeMatches(stored: string, code: string): boolean {
  const salt = stored.split(":")[0] ?? "";
  const a = Buffer.from(stored);
  const b = Buffer.from(hashCode(salt, code));
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A consumer's mobile numbers as the call centre keeps them: an agent adds or
 * changes one, a code goes to it by SMS, and only when the consumer reads the
 * code back is the number verified and given notices. The company's drive
 * (every consumer's mobile registered) is followed as the verified share of
 * each DC's consumers.
 */
export class MobilesService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly consumers: ConsumersRepository,
    private readonly clock: Clock,
    private readonly policy: OtpPolicy = DEFAULT_OTP_POLICY,
  ) {}

  private async consumer(principal: Principal, consumerNo: string) {
    if (!can(principal, "consumers.mobiles")) throw forbidden();
    const c = await this.consumers.findCardForUser(principal, consumerNo.trim().toUpperCase());
    if (!c) throw notFound("consumer");
    return c;
  }

  /** Sends a code to a new (or changed) mobile of a consumer. */
  async start(
    principal: Principal,
    consumerNo: string,
    input: { mobile: string; language: Language; replaces?: string | undefined },
  ): Promise<VerificationStarted> {
    const c = await this.consumer(principal, consumerNo);
    const mobile = normaliseMobile(input.mobile);
    if (!mobile) throw badRequest("not a mobile number: 10 digits starting with 6, 7, 8 or 9", "mobile");
    const existing = await this.db
      .selectFrom("consumer_mobiles")
      .select(["mobile", "verified"])
      .where("consumer_id", "=", c.id)
      .execute();
    let replaces: string | undefined;
    if (input.replaces) {
      replaces = normaliseMobile(input.replaces);
      if (!replaces || !existing.some((m) => m.mobile === replaces))
        throw badRequest("the number to replace is not one of this consumer's mobiles", "replaces");
      if (replaces === mobile) throw badRequest("the new number is the one it would replace", "mobile");
    }
    if (existing.some((m) => m.mobile === mobile && m.verified) && !replaces)
      throw conflict("this mobile is already verified for this consumer", "mobile");

    const now = this.clock();
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    const expiresAt = new Date(now.getTime() + this.policy.validMinutes * 60_000);
    const by = principal.login ?? principal.name;
    return this.db.transaction().execute(async (tx) => {
      // Counted and sent under a lock per consumer and per mobile (in that
      // order), so parallel sends cannot all pass the count before any is recorded.
      await sql`select pg_advisory_xact_lock(hashtext(${`otp-consumer:${c.id}`}))`.execute(tx);
      await sql`select pg_advisory_xact_lock(hashtext(${`otp-mobile:${mobile}`}))`.execute(tx);
      const counts = await tx
        .selectFrom("mobile_verifications")
        .select([
          sql<number>`count(*) filter (where mobile = ${mobile} and created_at > ${new Date(now.getTime() - 30 * 60_000)})::int`.as(
            "mobileHalfHour",
          ),
          sql<number>`count(*) filter (where mobile = ${mobile})::int`.as("mobileDay"),
          sql<number>`count(*) filter (where consumer_id = ${c.id} and created_at > ${new Date(now.getTime() - 3600_000)})::int`.as(
            "consumerHour",
          ),
        ])
        .where((eb) => eb.or([eb("mobile", "=", mobile), eb("consumer_id", "=", c.id)]))
        .where("created_at", ">", new Date(now.getTime() - 86_400_000))
        .executeTakeFirstOrThrow();
      if (counts.mobileHalfHour >= this.policy.perMobileHalfHour)
        throw tooManyRequests(
          `${this.policy.perMobileHalfHour} codes went to this mobile in the last 30 minutes; wait before sending another`,
          1800,
        );
      if (counts.mobileDay >= this.policy.perMobileDay)
        throw tooManyRequests(
          `${this.policy.perMobileDay} codes went to this mobile today; try tomorrow`,
          3600,
        );
      if (counts.consumerHour >= this.policy.perConsumerHour)
        throw tooManyRequests(
          `${this.policy.perConsumerHour} codes were sent for this consumer in the last hour; wait before sending another`,
          900,
        );

      // An earlier code for the same number no longer counts.
      await tx
        .updateTable("mobile_verifications")
        .set({ closed_at: now })
        .where("consumer_id", "=", c.id)
        .where("mobile", "=", mobile)
        .where("closed_at", "is", null)
        .execute();
      // The number goes on record only once verified: until then it is this pending verification.
      const v = await tx
        .insertInto("mobile_verifications")
        .values({
          consumer_id: c.id,
          mobile,
          language: input.language,
          replaces: replaces ?? null,
          code_hash: hashCode(randomBytes(8).toString("hex"), code),
          expires_at: expiresAt,
          created_at: now,
          created_by: by,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const id = Number(v.id);
      const company = await new RecipientsRepository(tx).companySignature();
      const sms = renderSms("mobile_otp", input.language, {
        otp: code,
        consumer: c.consumer_no,
        minutes: String(this.policy.validMinutes),
        company,
      });
      await new OutboxRepository(tx).enqueue([
        {
          dedupKey: `otp:${id}`,
          recipient: mobile,
          language: input.language,
          template: "mobile_otp",
          variables: sms.variables,
          body: sms.body,
          urgent: true,
          relatedType: "consumer",
          relatedId: c.id,
          createdAt: now,
        },
      ]);
      return { id, mobile, expiresAt };
    });
  }

  /** The consumer read the code back: the number is verified (and replaces the old one, if it was to). */
  async verify(principal: Principal, consumerNo: string, verificationId: number, code: string) {
    const c = await this.consumer(principal, consumerNo);
    const v = await this.db
      .selectFrom("mobile_verifications")
      .selectAll()
      .where("id", "=", verificationId)
      .where("consumer_id", "=", c.id)
      .executeTakeFirst();
    if (!v) throw notFound("verification");
    if (v.verified_at) throw conflict("this number is already verified", "verificationId");
    if (v.closed_at) throw conflict("a newer code was sent to this number: use that one", "verificationId");
    const now = this.clock();
    if (v.expires_at.getTime() <= now.getTime())
      throw new AppError(410, "expired", "the code has expired: send a new one", "code");
    // Each try is counted before the code is compared, in one statement: parallel guesses get no more tries.
    const tried = await this.db
      .updateTable("mobile_verifications")
      .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
      .where("id", "=", v.id)
      .where("closed_at", "is", null)
      .where("attempts", "<", this.policy.maxAttempts)
      .returning("attempts")
      .executeTakeFirst();
    if (!tried) throw tooManyRequests("too many wrong codes: send a new one", 60);
    if (!/^\d{6}$/.test(code.trim()) || !codeMatches(v.code_hash, code.trim())) {
      const r = tried;
      const left = this.policy.maxAttempts - r.attempts;
      if (left <= 0) {
        await this.db
          .updateTable("mobile_verifications")
          .set({ closed_at: now })
          .where("id", "=", v.id)
          .execute();
        throw tooManyRequests("too many wrong codes: send a new one", 60);
      }
      throw badRequest(`wrong code; ${left} ${left === 1 ? "try" : "tries"} left`, "code");
    }
    const by = principal.login ?? principal.name;
    await this.db.transaction().execute(async (tx) => {
      const done = await tx
        .updateTable("mobile_verifications")
        .set({ verified_at: now, verified_by: by, closed_at: now })
        .where("id", "=", v.id)
        .where("closed_at", "is", null)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) throw conflict("this code was used already", "verificationId");
      await tx
        .insertInto("consumer_mobiles")
        .values({
          consumer_id: c.id,
          mobile: v.mobile,
          verified: true,
          verified_at: now,
          language: v.language,
          created_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(["consumer_id", "mobile"])
            .doUpdateSet({ verified: true, verified_at: now, language: v.language }),
        )
        .execute();
      if (v.replaces && v.replaces !== v.mobile)
        await tx
          .deleteFrom("consumer_mobiles")
          .where("consumer_id", "=", c.id)
          .where("mobile", "=", v.replaces)
          .execute();
    });
    return { mobile: v.mobile, verifiedAt: now, replaced: v.replaces };
  }

  /** Takes a number off a consumer (a wrong or given-up number). */
  async remove(principal: Principal, consumerNo: string, mobileInput: string): Promise<void> {
    const c = await this.consumer(principal, consumerNo);
    const mobile = normaliseMobile(mobileInput);
    if (!mobile) throw badRequest("not a mobile number", "mobile");
    const r = await this.db
      .deleteFrom("consumer_mobiles")
      .where("consumer_id", "=", c.id)
      .where("mobile", "=", mobile)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound("mobile");
    await this.db
      .updateTable("mobile_verifications")
      .set({ closed_at: this.clock() })
      .where("consumer_id", "=", c.id)
      .where("mobile", "=", mobile)
      .where("closed_at", "is", null)
      .execute();
  }

  /**
   * Counts, per DC, active consumers and those with a verified mobile (a
   * job, every 15 minutes: over six million consumers it takes seconds).
   */
  async countCoverage(): Promise<{ dcs: number }> {
    const now = this.clock();
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
    return { dcs: Number(r.numAffectedRows ?? 0) };
  }

  /**
   * The drive's figures per DC of the principal's jurisdiction, as last
   * counted (counted now when they never were).
   */
  async coverage(principal: Principal): Promise<{ items: CoverageRow[]; countedAt: Date | null }> {
    if (!can(principal, "sms.read") && !can(principal, "consumers.mobiles")) throw forbidden();
    const read = () =>
      sql<{
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
    let r = await read();
    if (r.rows.length > 0 && r.rows.every((x) => x.counted_at === null)) {
      await this.countCoverage();
      r = await read();
    }
    const times = r.rows.map((x) => x.counted_at?.getTime() ?? 0).filter((x) => x > 0);
    return {
      items: r.rows.map((x) => ({
        dcCode: x.code,
        dcNameEn: x.name_en,
        dcNameHi: x.name_hi,
        parentNameEn: x.parent_en,
        parentNameHi: x.parent_hi,
        consumers: Number(x.consumers ?? 0),
        verified: Number(x.verified ?? 0),
      })),
      countedAt: times.length ? new Date(Math.min(...times)) : null,
    };
  }
}
