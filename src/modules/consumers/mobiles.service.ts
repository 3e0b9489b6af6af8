import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import type { Language } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, conflict, forbidden, notFound, tooManyRequests } from "../../lib/errors.ts";
import { normaliseMobile } from "../../lib/mobile.ts";
import { can, type Principal } from "../access/principal.ts";
import { sendSms } from "../notifications/send-sms.ts";
import type { ConsumersRepository } from "./consumers.repository.ts";
import type { MobilesRepository } from "./mobiles.repository.ts";

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

export function hashCode(salt: string, code: string): string {
  return `${salt}:${createHash("sha256").update(`${salt}:${code}`).digest("hex")}`;
}

export function codeMatches(stored: string, code: string): boolean {
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
    private readonly repo: MobilesRepository,
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
    const existing = await this.repo.mobilesOf(c.id);
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
    return this.repo.transaction(async (repo, tx) => {
      // Counted and sent under a lock per consumer and per mobile (in that
      // order), so parallel sends cannot all pass the count before any is recorded.
      await repo.lockForCodes(c.id, mobile);
      const counts = await repo.codesSent(c.id, mobile, now);
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
      await repo.closeOpenVerifications(c.id, mobile, now);
      // The number goes on record only once verified: until then it is this pending verification.
      const id = await repo.addVerification({
        consumerId: c.id,
        mobile,
        language: input.language,
        replaces: replaces ?? null,
        codeHash: hashCode(randomBytes(8).toString("hex"), code),
        expiresAt,
        createdAt: now,
        createdBy: by,
      });
      await sendSms(tx, {
        template: "mobile_otp",
        language: input.language,
        variables: { otp: code, consumer: c.consumer_no, minutes: String(this.policy.validMinutes) },
        recipient: mobile,
        dedupKey: `otp:${id}`,
        urgent: true,
        relatedType: "consumer",
        relatedId: c.id,
        createdAt: now,
      });
      return { id, mobile, expiresAt };
    });
  }

  /** The consumer read the code back: the number is verified (and replaces the old one, if it was to). */
  async verify(principal: Principal, consumerNo: string, verificationId: number, code: string) {
    const c = await this.consumer(principal, consumerNo);
    const v = await this.repo.verification(c.id, verificationId);
    if (!v) throw notFound("verification");
    if (v.verified_at) throw conflict("this number is already verified", "verificationId");
    if (v.closed_at) throw conflict("a newer code was sent to this number: use that one", "verificationId");
    const now = this.clock();
    if (v.expires_at.getTime() <= now.getTime())
      throw new AppError(410, "expired", "the code has expired: send a new one", "code");
    // Each try is counted before the code is compared, in one statement: parallel guesses get no more tries.
    const tried = await this.repo.countTry(v.id, this.policy.maxAttempts);
    if (!tried) throw tooManyRequests("too many wrong codes: send a new one", 60);
    if (!/^\d{6}$/.test(code.trim()) || !codeMatches(v.code_hash, code.trim())) {
      const r = tried;
      const left = this.policy.maxAttempts - r.attempts;
      if (left <= 0) {
        await this.repo.closeVerification(v.id, now);
        throw tooManyRequests("too many wrong codes: send a new one", 60);
      }
      throw badRequest(`wrong code; ${left} ${left === 1 ? "try" : "tries"} left`, "code");
    }
    const by = principal.login ?? principal.name;
    await this.repo.transaction(async (repo) => {
      if (!(await repo.markVerified(v.id, now, by)))
        throw conflict("this code was used already", "verificationId");
      await repo.saveVerified(c.id, v.mobile, v.language, now);
      if (v.replaces && v.replaces !== v.mobile) await repo.removeMobile(c.id, v.replaces);
    });
    return { mobile: v.mobile, verifiedAt: now, replaced: v.replaces };
  }

  /** Takes a number off a consumer (a wrong or given-up number). */
  async remove(principal: Principal, consumerNo: string, mobileInput: string): Promise<void> {
    const c = await this.consumer(principal, consumerNo);
    const mobile = normaliseMobile(mobileInput);
    if (!mobile) throw badRequest("not a mobile number", "mobile");
    if (!(await this.repo.removeMobile(c.id, mobile))) throw notFound("mobile");
    await this.repo.closeOpenVerifications(c.id, mobile, this.clock());
  }

  /**
   * Counts, per DC, active consumers and those with a verified mobile (a
   * job, every 15 minutes: over six million consumers it takes seconds).
   */
  async countCoverage(): Promise<{ dcs: number }> {
    return { dcs: await this.repo.countCoverage(this.clock()) };
  }

  /**
   * The drive's figures per DC of the principal's jurisdiction, as last
   * counted (counted now when they never were).
   */
  async coverage(principal: Principal): Promise<{ items: CoverageRow[]; countedAt: Date | null }> {
    if (!can(principal, "sms.read") && !can(principal, "consumers.mobiles")) throw forbidden();
    const read = () => this.repo.coverageFor(principal);
    let rows = await read();
    if (rows.length > 0 && rows.every((x) => x.counted_at === null)) {
      await this.countCoverage();
      rows = await read();
    }
    const times = rows.map((x) => x.counted_at?.getTime() ?? 0).filter((x) => x > 0);
    return {
      items: rows.map((x) => ({
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
