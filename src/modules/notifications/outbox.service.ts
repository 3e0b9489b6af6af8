import type { Language, SmsStatus } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { badRequest, forbidden } from "../../lib/errors.ts";
import { maskMobile, maskMobilesInText, normaliseMobile } from "../../lib/mobile.ts";
import { can, type Principal } from "../access/principal.ts";
import type { OutboxRepository } from "./outbox.repository.ts";

export interface OutboxFilter {
  status?: SmsStatus | undefined;
  template?: string | undefined;
  mobile?: string | undefined;
  /** Keyset: messages older than this id. */
  before?: number | undefined;
  limit?: number | undefined;
}

export interface OutboxItem {
  id: number;
  recipient: string;
  language: Language;
  template: string;
  body: string;
  urgent: boolean;
  status: SmsStatus;
  relatedType: string | null;
  relatedId: number | null;
  /** Complaint number, or the consumer number of a consumer, bill or payment. */
  relatedLabel: string | null;
  createdAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  parts: number | null;
  attempts: number;
  deliveryStatus: string | null;
  error: string | null;
}

export interface InboundItem {
  id: number;
  sender: string;
  text: string;
  receivedAt: Date;
  outcome: string;
  complaintNumber: string | null;
  /** The language a keywords reply went in, when one went. */
  replyLanguage: Language | null;
  replied: boolean;
}

/**
 * The SMS outbox as staff see it: what went (or waits) to whom, and what
 * became of it. Company-level users see every message; others see those about
 * complaints, outages and consumers of their jurisdiction. Verification codes
 * are hidden unless nothing leaves the machine (the log gateway of a demo).
 */
export class OutboxService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    readonly revealCodes: boolean,
  ) {}

  async list(principal: Principal, filter: OutboxFilter) {
    if (!can(principal, "sms.read")) throw forbidden();
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
    let mobile: string | undefined;
    if (filter.mobile) {
      mobile = normaliseMobile(filter.mobile);
      if (!mobile) throw badRequest("not a mobile number", "mobile");
    }
    const rows = await this.outbox.listFor(principal, { ...filter, mobile }, limit);
    const showMobile = can(principal, "consumers.read_mobile");
    const items: OutboxItem[] = rows.slice(0, limit).map((r) => ({
      id: Number(r.id),
      recipient: showMobile ? r.recipient : maskMobile(r.recipient),
      language: r.language,
      template: r.template,
      body:
        r.template === "mobile_otp" && !this.revealCodes && r.variables?.otp
          ? r.body.replaceAll(r.variables.otp, "••••••")
          : r.body,
      urgent: r.urgent,
      status: r.status,
      relatedType: r.related_type,
      relatedId: r.related_id === null ? null : Number(r.related_id),
      relatedLabel: r.related_label,
      createdAt: r.created_at,
      sentAt: r.sent_at,
      deliveredAt: r.delivered_at,
      parts: r.parts,
      attempts: r.attempts,
      deliveryStatus: r.delivery_status,
      error: r.error,
    }));
    const more = rows.length > limit;
    return { items, nextBefore: more ? (items[items.length - 1]?.id ?? null) : null };
  }

  /**
   * SMS consumers sent to the DISCOM's number, newest first, with what became
   * of each (the complaint it registered, the keywords reply). Company-level
   * users see all; others those about complaints or consumers of their
   * jurisdiction. Mobiles, in the sender and inside the text, are masked for
   * those who may not see them.
   */
  async inbound(principal: Principal, filter: { before?: number | undefined; limit?: number | undefined }) {
    if (!can(principal, "sms.inbound")) throw forbidden();
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
    const rows = await this.outbox.inboundFor(principal, filter, limit);
    const showMobile = can(principal, "consumers.read_mobile");
    const items: InboundItem[] = rows.slice(0, limit).map((r) => ({
      id: Number(r.id),
      sender: showMobile ? r.sender : maskMobile(r.sender),
      text: showMobile ? r.text : maskMobilesInText(r.text),
      receivedAt: r.received_at,
      outcome: showMobile ? r.outcome : maskMobilesInText(r.outcome),
      complaintNumber: r.complaint_number,
      replyLanguage: r.reply_outbox_id === null ? null : r.language,
      replied: r.reply_outbox_id !== null,
    }));
    const more = rows.length > limit;
    return { items, nextBefore: more ? (items[items.length - 1]?.id ?? null) : null };
  }

  /** Messages by status over the last 24 hours, in the principal's view. */
  async counts(principal: Principal): Promise<Record<string, number>> {
    if (!can(principal, "sms.read")) throw forbidden();
    const since = new Date(this.clock().getTime() - 86_400_000);
    const rows = await this.outbox.countsFor(principal, since);
    return Object.fromEntries(rows.map((x) => [x.status, Number(x.n)]));
  }
}
