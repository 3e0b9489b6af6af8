import type { Language } from "../../db/schema.ts";
import { throttleAddress } from "../../lib/address.ts";
import type { Clock } from "../../lib/clock.ts";
import { notFound, tooManyRequests } from "../../lib/errors.ts";
import { countTrackingTry, refundTrackingTry } from "../complaints/complaint-public.ts";
import type { ComplaintsService } from "../complaints/complaints.service.ts";
import { presentPublic } from "../connections/connections.present.ts";
import type { ConnectionsService } from "../connections/connections.service.ts";
import { findLink, hashToken, newToken, publicLink } from "../feedback/links.ts";
import { RecipientsRepository } from "../notifications/recipients.repository.ts";
import { sendSms } from "../notifications/send-sms.ts";
import type { ThrottleRepository, ThrottleRule } from "../users/throttle.repository.ts";
import type { TrackingRepository } from "./tracking.repository.ts";

/** Links asked for from one address, and for one complaint: an SMS costs money and reaches a person. */
const LINK_REQUESTS_PER_ADDRESS: ThrottleRule = { windowMs: 3600_000, limit: 5, lockMs: 3600_000 };
const LINK_REQUESTS_PER_NUMBER: ThrottleRule = { windowMs: 24 * 3600_000, limit: 1, lockMs: 24 * 3600_000 };
const LINK_VALID_MS = 90 * 24 * 3600_000;

/**
 * The consumer's way into his complaint's public page by SMS: a tokenized
 * link `/t/<token>` sent to the mobiles on record. It opens the page without
 * the last four digits, also while the number's page is locked after too many
 * wrong guesses (ComplaintsService.track limits those per number and address).
 */
export class TrackingService {
  constructor(
    private readonly repo: TrackingRepository,
    private readonly complaints: ComplaintsService,
    private readonly throttle: ThrottleRepository,
    private readonly clock: Clock,
    private readonly options: { linkBase: string },
    /** New-connection applications, tracked by number like complaints. */
    private readonly connections?: Pick<ConnectionsService, "findPublic" | "timeZone">,
  ) {}

  /**
   * A new-connection application as its applicant sees it: by its number and
   * the last four digits of its mobile. Wrong tries count against the same
   * limits as complaints' (per address, per number), so guessing one kind of
   * number is no way around the other's lock.
   */
  async trackApplication(numberInput: string, last4: string, address: string) {
    if (!this.connections) throw notFound("application");
    const now = this.clock();
    const number = numberInput.trim().toUpperCase();
    await countTrackingTry(
      this.throttle,
      now,
      address,
      number,
      "this application's page is locked after too many wrong tries: call 1912",
    );
    const found = await this.connections.findPublic(number);
    if (!found?.application.mobile.endsWith(last4)) throw notFound("application with that number and mobile");
    // The applicant's own look is not a guess at his number: its count is given back (not the address's).
    await refundTrackingTry(this.throttle, now, number);
    return presentPublic(found.application, found.events, found.payLink, this.connections.timeZone);
  }

  /**
   * Sends a tracking link to the complaint's registered mobiles (verified ones;
   * the caller's number when there are none). Says nothing of whether the
   * number exists or where the SMS went: the asker may not be the consumer.
   */
  async sendLink(numberInput: string, address: string): Promise<void> {
    const now = this.clock();
    const number = numberInput.trim().toUpperCase();
    for (const [key, rule] of [
      [`track-link:${throttleAddress(address)}`, LINK_REQUESTS_PER_ADDRESS],
      [`track-link-no:${number}`, LINK_REQUESTS_PER_NUMBER],
    ] as const) {
      const a = await this.throttle.attempt(key, now, rule);
      if (!a.allowed)
        throw tooManyRequests(
          "a link was sent a short while ago: look for it in your SMS, or call 1912",
          Math.ceil(((a.lockedUntil ?? now).getTime() - now.getTime()) / 1000),
        );
    }
    await this.repo.transaction(async (repo, tx) => {
      const c = await repo.complaintByNumber(number);
      if (!c) return;
      const verified = c.consumer_id ? await new RecipientsRepository(tx).verifiedMobiles(c.consumer_id) : [];
      const to: { mobile: string; language: Language }[] =
        verified.length > 0
          ? verified
          : c.caller_phone
            ? [{ mobile: c.caller_phone, language: c.language as Language }]
            : [];
      if (to.length === 0) return;
      const token = newToken();
      const tokenHash = hashToken(token);
      await repo.addLink({
        tokenHash,
        complaintId: c.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + LINK_VALID_MS),
      });
      const link = publicLink(this.options.linkBase, "t", token);
      for (const r of to)
        await sendSms(tx, {
          template: "complaint_track_link",
          language: r.language,
          variables: { number, link },
          recipient: r.mobile,
          dedupKey: `track-link:${tokenHash.slice(0, 16)}:${r.mobile}`,
          // Not urgent: a flood of link requests must not hold up outage notices and codes.
          urgent: false,
          relatedType: "complaint",
          relatedId: c.id,
          createdAt: now,
        });
    });
  }

  /** The complaint a tracking link opens (404 unknown, 410 expired; guessing is throttled per address). */
  async byLink(token: string, address: string) {
    const link = await findLink(
      { throttle: this.throttle, clock: this.clock },
      "tracking",
      token,
      address,
      (hash) => this.repo.linkByHash(hash),
    );
    return this.complaints.trackById(link.complaint_id);
  }

  /** Expired links (the sweep job). */
  async purgeExpired(now: Date): Promise<number> {
    return this.repo.purgeExpired(now);
  }
}
