import { throttleAddress } from "../../lib/address.ts";
import { AppError, notFound, tooManyRequests } from "../../lib/errors.ts";
import type { Actor } from "../audit/actor.ts";
import type { ThrottleRepository, ThrottleRule } from "../users/throttle.repository.ts";
import type { ComplaintLifecycle } from "./complaint-lifecycle.ts";
import type { ComplaintsContext } from "./complaints.context.ts";
import type { ComplaintRow } from "./complaints.repository.ts";

/** Wrong tracking tries from one address. */
export const TRACK_PER_ADDRESS: ThrottleRule = {
  windowMs: 15 * 60_000,
  limit: 10,
  lockMs: 15 * 60_000,
  maxLockMs: 4 * 3600_000,
};
/** Wrong tries at one complaint number from anywhere: then its page is locked (the SMS link still opens it). */
export const TRACK_PER_NUMBER: ThrottleRule = {
  windowMs: 3600_000,
  limit: 10,
  lockMs: 3600_000,
  maxLockMs: 24 * 3600_000,
};

/**
 * Counts one public look-up of a number (a complaint's or a new-connection
 * application's) before it is checked, per address and per number, so
 * parallel guesses get at most the limit checked; past the limit that
 * number's page is locked, for a time that doubles each lock in a row,
 * whoever asks. Both kinds of number share the counts: guessing one is no way
 * around the other's lock.
 */
export async function countTrackingTry(
  throttle: ThrottleRepository,
  now: Date,
  address: string,
  number: string,
  lockedMessage: string,
): Promise<void> {
  const keys = [`track:${throttleAddress(address)}`, `track-no:${number}`];
  const rules = [TRACK_PER_ADDRESS, TRACK_PER_NUMBER];
  const counted: string[] = [];
  for (const [i, key] of keys.entries()) {
    const a = await throttle.attempt(key, now, rules[i] as ThrottleRule);
    if (!a.allowed) {
      for (const k of counted) await throttle.refund(k, now);
      throw tooManyRequests(
        i === 0 ? "too many wrong tries: wait a few minutes" : lockedMessage,
        Math.ceil(((a.lockedUntil ?? now).getTime() - now.getTime()) / 1000),
        i === 0 ? "too_many_requests" : "tracking_locked",
      );
    }
    counted.push(key);
  }
}

/**
 * The right answer gives the number's count back (the consumer's own look is
 * not a guess at his number), never the address's: else one number of one's
 * own, looked up between guesses at others, would keep an address under its limit.
 */
export function refundTrackingTry(throttle: ThrottleRepository, now: Date, number: string): Promise<void> {
  return throttle.refund(`track-no:${number}`, now);
}

/**
 * The consumer's public page of his complaint: looked up by its number and
 * the last four digits of a mobile on record (TrackingService opens it from
 * the SMS link instead), and "it is not fixed" from there.
 */
export class PublicComplaintPages {
  constructor(
    private readonly ctx: ComplaintsContext,
    private readonly lifecycle: ComplaintLifecycle,
    private readonly throttle: ThrottleRepository,
  ) {}

  /**
   * The consumer's own complaint, proven by the last four digits of a mobile on
   * record. Each try is counted before it is checked, per address and per
   * complaint number (numbers are a sequence: easy to aim at one), so parallel
   * guesses get at most the limit checked; past the limit that number's public
   * page is locked, for a time that doubles each lock in a row, whoever asks.
   */
  private async verifyPublic(number: string, last4: string, address: string): Promise<ComplaintRow> {
    const now = this.ctx.clock();
    const no = number.trim().toUpperCase();
    await countTrackingTry(
      this.throttle,
      now,
      address,
      no,
      "this complaint's page is locked after too many wrong tries: use the link in your SMS",
    );
    const c = await this.ctx.complaints().findPublic(no);
    const ok =
      c !== undefined && (await this.ctx.complaints().knownMobiles(c)).some((m) => m.endsWith(last4));
    if (!c || !ok) throw notFound("complaint with that number and mobile");
    await refundTrackingTry(this.throttle, now, no);
    return c;
  }

  /**
   * "It is not fixed": the consumer reopens a resolved complaint from the
   * tracking page, in his own words. A closed complaint is final (he calls 1912).
   */
  async reopenByConsumer(
    number: string,
    last4: string,
    reason: string,
    address: string,
  ): Promise<ComplaintRow> {
    const c = await this.verifyPublic(number, last4, address);
    if (c.status !== "resolved") {
      throw new AppError(
        409,
        "action_not_allowed",
        `a ${c.status} complaint cannot be reopened here; call 1912`,
        "action",
      );
    }
    const actor: Actor = {
      kind: "public",
      id: null,
      name: c.consumer_name ?? c.caller_name ?? "Consumer",
      role: null,
      channel: "public",
    };
    return this.lifecycle.perform(c.id, "reopen", { reason }, actor, undefined);
  }

  async track(number: string, last4: string, address: string) {
    const c = await this.verifyPublic(number, last4, address);
    const events = await this.ctx.complaints().events(c.id);
    return { complaint: c, events };
  }

  /** The same view for a tracking link from the consumer's SMS (TrackingService checked the link). */
  async trackById(id: number) {
    const [c] = await this.ctx.complaints().findByIds([id]);
    if (!c) throw notFound("complaint");
    const events = await this.ctx.complaints().events(c.id);
    return { complaint: c, events };
  }
}

/** Steps of a complaint a consumer may see (no staff names, no internal notes). */
const PUBLIC_STEPS = new Set([
  "registered",
  "assigned",
  "accepted",
  "attended",
  "waiting",
  "resumed",
  "resolved",
  "reopened",
  "closed",
  "marked_invalid",
  "marked_duplicate",
]);

/**
 * What a consumer sees of his complaint (the tracking page, the portal): no
 * staff names, no mobiles, only the public steps of its timeline.
 */
export function presentPublicComplaint({
  complaint: c,
  events,
}: {
  complaint: ComplaintRow;
  events: readonly { at: Date; action: string }[];
}) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    number: c.number,
    status: c.status,
    category: { code: c.category_code, nameEn: c.category_name_en, nameHi: c.category_name_hi },
    dc: { code: c.dc_code, nameEn: c.dc_name_en, nameHi: c.dc_name_hi },
    registeredAt: c.registered_at.toISOString(),
    dueAt: c.due_at.toISOString(),
    resolvedAt: iso(c.resolved_at),
    closedAt: iso(c.closed_at),
    steps: events
      .filter((e) => PUBLIC_STEPS.has(e.action))
      .map((e) => ({ at: e.at.toISOString(), action: e.action })),
  };
}
