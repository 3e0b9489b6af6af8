import { randomBytes, randomInt } from "node:crypto";
import type { Language, SupplyType, TariffCategory } from "../../db/schema.ts";
import { throttleAddress } from "../../lib/address.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, tooManyRequests } from "../../lib/errors.ts";
import { normaliseMobile } from "../../lib/mobile.ts";
import { companyIntegration, type Principal } from "../access/principal.ts";
import { nextStep } from "../connections/connections.present.ts";
import type { ApplicationRow, ConnectionsService } from "../connections/connections.service.ts";
import { codeMatches, DEFAULT_OTP_POLICY, hashCode, type OtpPolicy } from "../consumers/mobiles.service.ts";
import { sendSms } from "../notifications/send-sms.ts";
import type { ThrottleRepository, ThrottleRule } from "../users/throttle.repository.ts";
import type { ApplyCodesRepository } from "./portal-connections.repository.ts";

/** Code requests from one address, whatever the mobiles: a code is an SMS that costs money. */
const CODE_PER_ADDRESS: ThrottleRule = { windowMs: 3600_000, limit: 10, lockMs: 3600_000 };
/** Code requests for one mobile (the OTP policy's daily count applies on top, silently). */
const CODE_PER_MOBILE: ThrottleRule = { windowMs: 30 * 60_000, limit: 3, lockMs: 30 * 60_000 };
/** Applications tried from one address, and with one mobile from anywhere. */
const APPLY_PER_ADDRESS: ThrottleRule = {
  windowMs: 15 * 60_000,
  limit: 10,
  lockMs: 15 * 60_000,
  maxLockMs: 4 * 3600_000,
};
const APPLY_PER_MOBILE: ThrottleRule = { windowMs: 3600_000, limit: 10, lockMs: 3600_000 };

const WRONG_CODE = "the code is wrong or has expired: ask for a new one";
const DAY_MS = 86_400_000;

export interface OnlineApplicationInput {
  mobile: string;
  code: string;
  applicantName: string;
  address: string;
  locality?: string | undefined;
  pincode?: string | undefined;
  dcCode?: string | undefined;
  category: TariffCategory;
  supplyType?: SupplyType | undefined;
  loadKw: number;
  language: Language;
}

export interface OnlineApplicationResult {
  number: string;
  /** false: an application for this mobile and address was made within 30 days; this is its number. */
  created: boolean;
  application: ApplicationRow;
  nextStep: { en: string; hi: string };
}

function retryAfter(lockedUntil: Date | undefined, now: Date): number {
  return Math.max(1, Math.ceil(((lockedUntil ?? now).getTime() - now.getTime()) / 1000));
}

/**
 * Applying for a new connection on the consumer portal, without signing in
 * (an applicant has no consumer number yet): a code by SMS proves the mobile,
 * then the application is registered through the connections module as the
 * company-wide "Online application" integration, source `portal`, its mobile
 * verified. A code is tried a few times, for a few minutes, and makes one
 * application.
 */
export class PortalConnectionsService {
  constructor(
    private readonly repo: ApplyCodesRepository,
    private readonly deps: {
      connections: ConnectionsService;
      throttle: ThrottleRepository;
      clock: Clock;
      principal: () => Promise<Principal>;
      timeZone: string;
      policy?: OtpPolicy;
    },
  ) {}

  private get policy(): OtpPolicy {
    return this.deps.policy ?? DEFAULT_OTP_POLICY;
  }

  private async count(key: string, rule: ThrottleRule, message: string): Promise<void> {
    const now = this.deps.clock();
    const a = await this.deps.throttle.attempt(key, now, rule);
    if (!a.allowed) throw tooManyRequests(message, retryAfter(a.lockedUntil, now));
  }

  /**
   * Sends a code to the mobile. The answer is the same whatever happens after
   * the limits (a code sent, or refused by the daily count): nothing to learn.
   */
  async requestCode(mobileInput: string, language: Language, address: string): Promise<void> {
    const mobile = normaliseMobile(mobileInput);
    if (!mobile) throw badRequest("mobile must be a 10-digit mobile number", "mobile");
    await this.count(
      `apply-code:${throttleAddress(address)}`,
      CODE_PER_ADDRESS,
      "too many codes asked from here: wait an hour, or call 1912",
    );
    await this.count(
      `apply-code-m:${mobile}`,
      CODE_PER_MOBILE,
      "a code was sent a short while ago: look for it in your SMS, or wait 30 minutes",
    );
    const now = this.deps.clock();
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    await this.repo.transaction(async (repo, tx) => {
      await repo.lockMobile(mobile);
      if ((await repo.sentSince(mobile, new Date(now.getTime() - DAY_MS))) >= this.policy.perMobileDay)
        return;
      await repo.closeOpen(mobile, now);
      const id = await repo.add({
        mobile,
        codeHash: hashCode(randomBytes(8).toString("hex"), code),
        language,
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.policy.validMinutes * 60_000),
      });
      await sendSms(tx, {
        template: "connection_apply_otp",
        language,
        variables: { otp: code, minutes: String(this.policy.validMinutes) },
        recipient: mobile,
        dedupKey: `apply-otp:${id}`,
        urgent: true,
        relatedType: "connection_apply_code",
        relatedId: id,
        createdAt: now,
      });
    });
  }

  /**
   * Checks the code (every failure reads the same, 400 on `code`) and
   * registers the application; a duplicate within 30 days answers with the
   * application already made. A field the connections module refuses (the
   * DC, say) gives the code back so that the applicant may correct it.
   */
  async apply(input: OnlineApplicationInput, address: string): Promise<OnlineApplicationResult> {
    const mobile = normaliseMobile(input.mobile);
    if (!mobile) throw badRequest("mobile must be a 10-digit mobile number", "mobile");
    await this.count(
      `apply:${throttleAddress(address)}`,
      APPLY_PER_ADDRESS,
      "too many tries: wait a few minutes",
    );
    await this.count(
      `apply-m:${mobile}`,
      APPLY_PER_MOBILE,
      "too many tries for this mobile: wait an hour, or call 1912",
    );
    const now = this.deps.clock();
    const code = input.code.trim();
    const open = await this.repo.open(mobile);
    if (!open) throw badRequest(WRONG_CODE, "code");
    if (open.expires_at.getTime() <= now.getTime()) {
      await this.repo.close(open.id, now);
      throw badRequest(WRONG_CODE, "code");
    }
    const tried = await this.repo.countTry(open.id, this.policy.maxAttempts);
    if (!tried) throw badRequest(WRONG_CODE, "code");
    if (!/^\d{6}$/.test(code) || !codeMatches(open.code_hash, code)) {
      if (tried.attempts >= this.policy.maxAttempts) await this.repo.close(open.id, now);
      throw badRequest(WRONG_CODE, "code");
    }
    if (!(await this.repo.take(open.id, now))) throw badRequest(WRONG_CODE, "code");
    let r: Awaited<ReturnType<ConnectionsService["create"]>>;
    try {
      r = await this.deps.connections.create(
        await this.deps.principal(),
        {
          applicantName: input.applicantName,
          mobile,
          language: input.language,
          address: input.address,
          locality: input.locality,
          pincode: input.pincode,
          dcCode: input.dcCode,
          category: input.category,
          supplyType: input.supplyType,
          loadKw: input.loadKw,
        },
        { source: "portal", mobileVerified: true },
      );
    } catch (e) {
      if (e instanceof AppError && e.status === 400) await this.repo.giveBack(open.id, now);
      throw e;
    }
    await this.deps.throttle.refund(`apply-m:${mobile}`, now);
    const application = r.kind === "created" ? r.application : (r.duplicates[0] as ApplicationRow);
    return {
      number: application.number,
      created: r.kind === "created",
      application,
      nextStep: nextStep(application, this.deps.timeZone, "public"),
    };
  }
}

/** Whom the portal acts as when it registers an online application: never a caller's own principal. */
export function onlineApplicationPrincipal(
  company: () => Promise<{ id: number; code: string; path: string } | undefined>,
): () => Promise<Principal> {
  return companyIntegration("Online application", ["connections.create", "connections.read"], company);
}
