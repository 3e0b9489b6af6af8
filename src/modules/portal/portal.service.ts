import { createHash, randomBytes, randomInt } from "node:crypto";
import type { Language } from "../../db/schema.ts";
import type { UnitOfWork } from "../../db/unit-of-work.ts";
import { throttleAddress } from "../../lib/address.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, notFound, tooManyRequests } from "../../lib/errors.ts";
import { maskMobile } from "../../lib/mobile.ts";
import { companyIntegration, type Principal } from "../access/principal.ts";
import type { BillingService } from "../billing/billing.service.ts";
import type { ComplaintsService } from "../complaints/complaints.service.ts";
import type { MobilesRepository } from "../consumers/mobiles.repository.ts";
import {
  codeMatches,
  DEFAULT_OTP_POLICY,
  hashCode,
  type MobilesService,
  type OtpPolicy,
} from "../consumers/mobiles.service.ts";
import type { AppEvent } from "../events.ts";
import type { CallbacksService, FeedbackAnswers } from "../feedback/callbacks.service.ts";
import { sendSms } from "../notifications/send-sms.ts";
import type { ThrottleRepository, ThrottleRule } from "../users/throttle.repository.ts";
import {
  type PhotoType,
  PORTAL_SESSION_DAYS,
  POWER_AHEAD_DAYS,
  PUBLIC_PLANNED_LIMIT,
} from "./portal.constants.ts";
import { type PortalConsumer, PortalRepository, SIGN_IN_CODE_BY } from "./portal.repository.ts";

/** Code requests from one address (whatever the consumer numbers): a code is an SMS that costs money. */
const CODE_PER_ADDRESS: ThrottleRule = { windowMs: 3600_000, limit: 10, lockMs: 3600_000 };
/**
 * Code requests for one consumer number, counted whether the number exists or
 * not (so a refusal says nothing of it); the OTP policy's own counts per
 * mobile and per consumer apply on top, silently.
 */
const CODE_PER_NUMBER: ThrottleRule = { windowMs: 30 * 60_000, limit: 3, lockMs: 30 * 60_000 };
/** Wrong sign-in tries from one address, and at one consumer number from anywhere. */
const SIGN_IN_PER_ADDRESS: ThrottleRule = {
  windowMs: 15 * 60_000,
  limit: 10,
  lockMs: 15 * 60_000,
  maxLockMs: 4 * 3600_000,
};
const SIGN_IN_PER_NUMBER: ThrottleRule = { windowMs: 3600_000, limit: 10, lockMs: 3600_000 };
/** The public outage list: cheap, but a query per call. */
const PUBLIC_PER_ADDRESS: ThrottleRule = { windowMs: 60_000, limit: 60, lockMs: 60_000 };
/** Messages to the desk from one consumer in an hour (the inbox is read by people). */
const MESSAGES_PER_CONSUMER: ThrottleRule = { windowMs: 3600_000, limit: 20, lockMs: 3600_000 };
/** The desk's first answer to a portal message is due within this (the inbox's default SLA). */
const FIRST_RESPONSE_MS = 30 * 60_000;
/** Complaints registered from one consumer's portal in an hour. */
const COMPLAINTS_PER_CONSUMER: ThrottleRule = { windowMs: 3600_000, limit: 10, lockMs: 3600_000 };

const WRONG_CODE = "the code is wrong or has expired: ask for a new one";
const DAY_MS = 86_400_000;

export interface PortalSession {
  sessionId: number;
  consumerId: number;
  consumerNo: string;
  mobile: string;
}

export interface PhotoInput {
  contentType: PhotoType;
  /** Base64. */
  data: string;
}

export interface PortalComplaintInput {
  categoryCode: string;
  subcategoryCode?: string | undefined;
  description?: string | undefined;
  language?: Language | undefined;
  photo?: PhotoInput | undefined;
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function retryAfter(lockedUntil: Date | undefined, now: Date): number {
  return Math.max(1, Math.ceil(((lockedUntil ?? now).getTime() - now.getTime()) / 1000));
}

/** The image's type by its first bytes (never by what the client says it is). */
export function sniffImage(bytes: Buffer): PhotoType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return "image/png";
  return undefined;
}

/** The largest photo kept, in bytes. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

/** Checks a photo: base64, at most 2 MB, a jpeg or png by its magic bytes; 400 naming `photo` otherwise. */
export function decodePhoto(photo: PhotoInput): { contentType: PhotoType; bytes: Buffer } {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(photo.data) || photo.data.length % 4 !== 0)
    throw badRequest("the photo is not base64", "photo");
  if (Math.floor((photo.data.length * 3) / 4) > PHOTO_MAX_BYTES + 2)
    throw badRequest("the photo is larger than 2 MB", "photo");
  const bytes = Buffer.from(photo.data, "base64");
  if (bytes.length === 0) throw badRequest("the photo is empty", "photo");
  if (bytes.length > PHOTO_MAX_BYTES) throw badRequest("the photo is larger than 2 MB", "photo");
  const type = sniffImage(bytes);
  if (!type) throw badRequest("the photo must be a JPEG or PNG image", "photo");
  if (type !== photo.contentType)
    throw badRequest(`the photo is a ${type}, not ${photo.contentType}`, "photo");
  return { contentType: type, bytes };
}

/**
 * The consumer portal: a consumer signs in with his consumer number and a
 * one-time code sent to his verified mobile, then sees his connection, power
 * status, bills and complaints, registers complaints and answers feedback.
 * Everything he reaches is keyed by the consumer of his session, never by a
 * number in the request. The work itself is the other modules' (billing,
 * complaints, mobiles, callbacks), called as the company-wide "Consumer
 * portal" integration with the consumer's number from the session.
 */
export class PortalService {
  constructor(
    private readonly repo: PortalRepository,
    private readonly deps: {
      mobilesRepo: MobilesRepository;
      mobiles: MobilesService;
      complaints: ComplaintsService;
      billing: BillingService;
      callbacks: CallbacksService;
      throttle: ThrottleRepository;
      clock: Clock;
      /** The company-wide principal the portal acts as (consumers are not users). */
      principal: () => Promise<Principal>;
      /** Writes a message and publishes conversation.message_received after its commit. */
      uow: UnitOfWork<AppEvent>;
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

  // Sign-in

  /**
   * Sends a sign-in code to the consumer's verified mobile. Answers the same
   * whether the consumer exists, has a verified mobile or was refused by the
   * OTP policy: the asker may not be the consumer.
   */
  async requestCode(consumerNoInput: string, address: string): Promise<void> {
    const consumerNo = consumerNoInput.trim().toUpperCase();
    await this.count(
      `portal-code:${throttleAddress(address)}`,
      CODE_PER_ADDRESS,
      "too many codes asked from here: wait an hour, or call 1912",
    );
    await this.count(
      `portal-code-no:${consumerNo}`,
      CODE_PER_NUMBER,
      "a code was sent a short while ago: look for it in your SMS, or wait 30 minutes",
    );
    const consumer = await this.repo.consumerByNo(consumerNo);
    if (!consumer) return;
    const [to] = await this.repo.verifiedMobiles(consumer.id);
    if (!to) return;
    const now = this.deps.clock();
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    await this.deps.mobilesRepo.transaction(async (repo, tx) => {
      await repo.lockForCodes(consumer.id, to.mobile);
      const n = await repo.codesSent(consumer.id, to.mobile, now);
      if (
        n.mobileHalfHour >= this.policy.perMobileHalfHour ||
        n.mobileDay >= this.policy.perMobileDay ||
        n.consumerHour >= this.policy.perConsumerHour
      )
        return;
      // An earlier code for the same number no longer counts.
      await repo.closeOpenVerifications(consumer.id, to.mobile, now);
      const id = await repo.addVerification({
        consumerId: consumer.id,
        mobile: to.mobile,
        language: to.language,
        replaces: null,
        codeHash: hashCode(randomBytes(8).toString("hex"), code),
        expiresAt: new Date(now.getTime() + this.policy.validMinutes * 60_000),
        createdAt: now,
        createdBy: SIGN_IN_CODE_BY,
      });
      await sendSms(tx, {
        template: "portal_sign_in",
        language: to.language,
        variables: { otp: code, consumer: consumer.consumer_no, minutes: String(this.policy.validMinutes) },
        recipient: to.mobile,
        dedupKey: `portal-otp:${id}`,
        urgent: true,
        relatedType: "consumer",
        relatedId: consumer.id,
        createdAt: now,
      });
    });
  }

  /**
   * Signs in with the code: a new session (its token goes to the cookie, its
   * hash to the table). Every failure reads the same (400 on `code`); tries are
   * counted per address, per consumer number and per code before checking.
   */
  async signIn(
    consumerNoInput: string,
    code: string,
    address: string,
  ): Promise<{ token: string; expiresAt: Date; consumerNo: string }> {
    const consumerNo = consumerNoInput.trim().toUpperCase();
    const now = this.deps.clock();
    await this.count(
      `portal-sign-in:${throttleAddress(address)}`,
      SIGN_IN_PER_ADDRESS,
      "too many wrong codes: wait a few minutes",
    );
    await this.count(
      `portal-sign-in-no:${consumerNo}`,
      SIGN_IN_PER_NUMBER,
      "too many wrong codes for this consumer number: wait an hour, or ask for a new code later",
    );
    const consumer = await this.repo.consumerByNo(consumerNo);
    const open = consumer ? await this.repo.openSignInCode(consumer.id) : undefined;
    if (!consumer || !open || open.expires_at.getTime() <= now.getTime())
      throw badRequest(WRONG_CODE, "code");
    const tried = await this.deps.mobilesRepo.countTry(open.id, this.policy.maxAttempts);
    if (!tried) throw badRequest(WRONG_CODE, "code");
    if (!/^\d{6}$/.test(code.trim()) || !codeMatches(open.code_hash, code.trim())) {
      if (tried.attempts >= this.policy.maxAttempts)
        await this.deps.mobilesRepo.closeVerification(open.id, now);
      throw badRequest(WRONG_CODE, "code");
    }
    if (!(await this.deps.mobilesRepo.markVerified(open.id, now, SIGN_IN_CODE_BY)))
      throw badRequest(WRONG_CODE, "code");
    await this.deps.throttle.refund(`portal-sign-in-no:${consumerNo}`, now);
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(now.getTime() + PORTAL_SESSION_DAYS * DAY_MS);
    await this.repo.addSession({
      tokenHash: hashToken(token),
      consumerId: consumer.id,
      mobile: open.mobile,
      createdAt: now,
      expiresAt,
    });
    return { token, expiresAt, consumerNo: consumer.consumer_no };
  }

  /** The session behind a cookie, if it is live. */
  async session(token: string | undefined): Promise<PortalSession | undefined> {
    if (!token || token.length > 100) return undefined;
    const s = await this.repo.session(hashToken(token), this.deps.clock());
    return s
      ? { sessionId: s.id, consumerId: s.consumer_id, consumerNo: s.consumer_no, mobile: s.mobile }
      : undefined;
  }

  async signOut(token: string | undefined): Promise<void> {
    if (token) await this.repo.endSession(hashToken(token), this.deps.clock());
  }

  // My connection

  private async consumer(s: PortalSession): Promise<PortalConsumer> {
    const c = await this.repo.consumerByNo(s.consumerNo);
    if (!c || c.id !== s.consumerId) throw notFound("consumer");
    return c;
  }

  /** His connection, his numbers (masked), and the power status now (live outage, shutdowns for 7 days). */
  async me(s: PortalSession) {
    const consumer = await this.consumer(s);
    const now = this.deps.clock();
    const [connection, mobiles, power] = await Promise.all([
      this.repo.connection(consumer.id),
      this.repo.mobiles(consumer.id),
      this.repo.power(consumer, now, POWER_AHEAD_DAYS * DAY_MS),
    ]);
    return {
      connection,
      mobiles: mobiles.map((m) => ({
        mobile: maskMobile(m.mobile),
        verified: m.verified,
        language: m.language,
      })),
      signedInWith: maskMobile(s.mobile),
      power,
    };
  }

  /** His last 12 bills with their state and payments (the agents' view, through the portal). */
  async bills(s: PortalSession) {
    await this.consumer(s);
    return this.deps.billing.billsFor(await this.deps.principal(), s.consumerNo);
  }

  async complaints(s: PortalSession) {
    const consumer = await this.consumer(s);
    return this.repo.complaints(consumer.id, 50);
  }

  private async own(s: PortalSession, numberInput: string) {
    const consumer = await this.consumer(s);
    const c = await this.repo.complaintOf(consumer.id, numberInput.trim().toUpperCase());
    // Another consumer's complaint reads as unknown.
    if (!c) throw notFound("complaint");
    return c;
  }

  /** One of his complaints with its public timeline, and whether feedback is awaited. */
  async complaint(s: PortalSession, number: string) {
    const c = await this.own(s, number);
    const [tracked, awaitsFeedback, photo] = await Promise.all([
      this.deps.complaints.trackById(c.id),
      this.deps.callbacks.awaitsFeedback(c.id),
      this.repo.hasPhoto(c.id),
    ]);
    return { tracked, awaitsFeedback, photo };
  }

  /** The complaint categories he may choose from (the agents' catalogue). */
  async catalogue() {
    return this.deps.complaints.catalogueFor(await this.deps.principal());
  }

  /** Registers a complaint on his connection (channel portal), with a photo for a safety hazard. */
  async register(s: PortalSession, input: PortalComplaintInput) {
    const consumer = await this.consumer(s);
    const photo = input.photo ? decodePhoto(input.photo) : undefined;
    if (photo && input.categoryCode !== "safety_hazard")
      throw badRequest("a photo goes only with a safety hazard complaint", "photo");
    await this.count(
      `portal-complaint:${consumer.id}`,
      COMPLAINTS_PER_CONSUMER,
      "too many complaints in an hour: call 1912",
    );
    const r = await this.deps.complaints.create(await this.deps.principal(), {
      consumerNo: consumer.consumer_no,
      categoryCode: input.categoryCode,
      subcategoryCode: input.subcategoryCode,
      description: input.description?.trim().slice(0, 2000) || undefined,
      callerPhone: s.mobile,
      channel: "portal",
      language: input.language,
    });
    if (photo && r.outcome === "created")
      await this.repo.addPhoto({
        complaintId: r.complaint.id,
        contentType: photo.contentType,
        bytes: photo.bytes,
        at: this.deps.clock(),
      });
    return r;
  }

  /** The photo of a complaint, for staff who may see the complaint (its jurisdiction); 404 when none. */
  async photoForStaff(principal: Principal, number: string) {
    const { complaint } = await this.deps.complaints.get(principal, number);
    const photo = await this.repo.photo(complaint.id);
    if (!photo) throw notFound("photo");
    return { contentType: photo.content_type, bytes: Buffer.from(photo.bytes) };
  }

  /** His answer on a resolved complaint: fixed (it closes) or not (it reopens). */
  async feedback(s: PortalSession, number: string, answers: FeedbackAnswers) {
    const c = await this.own(s, number);
    if (c.status !== "resolved")
      throw new AppError(409, "action_not_allowed", `a ${c.status} complaint takes no feedback`, "number");
    return this.deps.callbacks.answerFromPortal(c.id, answers);
  }

  /** Sends a code to a new (or changed) mobile of his; the number goes on record once he reads it back. */
  async startMobile(
    s: PortalSession,
    input: { mobile: string; language: Language; replaces?: string | undefined },
  ) {
    const consumer = await this.consumer(s);
    if (input.replaces !== undefined) {
      // He sees his numbers masked: he names the one to replace by its last four digits.
      const last4 = input.replaces.replace(/\D/g, "").slice(-4);
      const mine = (await this.repo.mobiles(consumer.id)).filter((m) => m.mobile.endsWith(last4));
      if (last4.length !== 4 || mine.length !== 1)
        throw badRequest("give the last 4 digits of one of your numbers", "replaces");
      input = { ...input, replaces: mine[0]?.mobile };
    }
    const v = await this.deps.mobiles.start(await this.deps.principal(), consumer.consumer_no, input);
    return { verificationId: v.id, mobile: maskMobile(v.mobile), expiresAt: v.expiresAt };
  }

  async verifyMobile(s: PortalSession, verificationId: number, code: string) {
    const consumer = await this.consumer(s);
    const r = await this.deps.mobiles.verify(
      await this.deps.principal(),
      consumer.consumer_no,
      verificationId,
      code,
    );
    return { mobile: maskMobile(r.mobile), verifiedAt: r.verifiedAt };
  }

  /** The language of his SMS (all his numbers). */
  async setLanguage(s: PortalSession, language: Language): Promise<void> {
    const consumer = await this.consumer(s);
    if ((await this.repo.setLanguage(consumer.id, language)) === 0)
      throw new AppError(409, "no_mobile", "add a mobile number first", "language");
  }

  // Write to us

  /**
   * A message from the consumer to the desk: it lands in the inbox as his
   * verified portal conversation (new when he has none open); listeners hear
   * conversation.message_received once it is stored.
   */
  async writeToUs(s: PortalSession, text: string, language: Language) {
    const consumer = await this.consumer(s);
    const body = text.trim();
    if (!body) throw badRequest("write your message", "text");
    await this.count(
      `portal-message:${consumer.id}`,
      MESSAGES_PER_CONSUMER,
      "many messages in an hour: the desk will answer; or call 1912",
    );
    const now = this.deps.clock();
    return this.deps.uow.run(async (tx, emit) => {
      const r = await new PortalRepository(tx).addInbound({
        consumerId: consumer.id,
        consumerNo: consumer.consumer_no,
        name: consumer.name,
        dcId: consumer.dc_id,
        language,
        body: body.slice(0, 2000),
        at: now,
        firstResponseDue: new Date(now.getTime() + FIRST_RESPONSE_MS),
      });
      await emit({
        type: "conversation.message_received",
        conversationId: r.conversationId,
        messageId: r.messageId,
        channel: "portal",
        status: r.status,
      });
      return { at: now };
    });
  }

  /** His messages to the desk and its answers. */
  async messages(s: PortalSession) {
    const consumer = await this.consumer(s);
    return this.repo.messages(consumer.consumer_no, 50);
  }

  // Public

  /** Live outages by district and DC, and shutdowns planned for the next 7 days: counts and names only. */
  async publicOutages(address: string) {
    await this.count(
      `portal-public:${throttleAddress(address)}`,
      PUBLIC_PER_ADDRESS,
      "too many requests: wait a minute",
    );
    const now = this.deps.clock();
    const [counts, planned] = await Promise.all([
      this.repo.outageCounts(),
      this.repo.plannedShutdowns(
        now,
        new Date(now.getTime() + POWER_AHEAD_DAYS * DAY_MS),
        PUBLIC_PLANNED_LIMIT,
      ),
    ]);
    return { at: now, counts, planned };
  }
}

/**
 * Whom the portal acts as when it calls the other modules for a signed-in
 * consumer: the company-wide "Consumer portal" integration. It is never a
 * caller's own principal: the consumer number always comes from his session.
 */
export function portalPrincipal(
  company: () => Promise<{ id: number; code: string; path: string } | undefined>,
): () => Promise<Principal> {
  return companyIntegration(
    "Consumer portal",
    ["complaints.create", "complaints.read", "consumers.read", "consumers.mobiles"],
    company,
  );
}
