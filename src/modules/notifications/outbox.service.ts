import { type Kysely, sql } from "kysely";
import type { DB, Language, SmsStatus } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { badRequest, forbidden } from "../../lib/errors.ts";
import { maskMobile, maskMobilesInText, normaliseMobile } from "../../lib/mobile.ts";
import { can, type Principal, seesEverything } from "../users/principal.ts";

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
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    readonly revealCodes: boolean,
  ) {}

  private scope(principal: Principal) {
    if (seesEverything(principal)) return sql<boolean>`true`;
    const p = `${principal.orgPath}%`;
    return sql<boolean>`(
      (o.related_type = 'complaint' and exists (
        select 1 from complaints x join org_units u on u.id = x.dc_id where x.id = o.related_id and u.path like ${p}))
      or (o.related_type = 'outage' and exists (
        select 1 from outages x join org_units u on u.id = x.dc_id where x.id = o.related_id and u.path like ${p}))
      or (o.related_type = 'consumer' and exists (
        select 1 from consumers x join org_units u on u.id = x.dc_id where x.id = o.related_id and u.path like ${p}))
      or (o.related_type = 'bill' and exists (
        select 1 from bills b join consumers x on x.id = b.consumer_id join org_units u on u.id = x.dc_id
        where b.id = o.related_id and u.path like ${p}))
      or (o.related_type = 'payment' and exists (
        select 1 from payments b join consumers x on x.id = b.consumer_id join org_units u on u.id = x.dc_id
        where b.id = o.related_id and u.path like ${p}))
    )`;
  }

  async list(principal: Principal, filter: OutboxFilter) {
    if (!can(principal, "sms.read")) throw forbidden();
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
    let mobile: string | undefined;
    if (filter.mobile) {
      mobile = normaliseMobile(filter.mobile);
      if (!mobile) throw badRequest("not a mobile number", "mobile");
    }
    const rows = await sql<{
      id: number;
      recipient: string;
      language: Language;
      template: string;
      body: string;
      variables: Record<string, string>;
      urgent: boolean;
      status: SmsStatus;
      related_type: string | null;
      related_id: number | null;
      related_label: string | null;
      created_at: Date;
      sent_at: Date | null;
      delivered_at: Date | null;
      parts: number | null;
      attempts: number;
      delivery_status: string | null;
      error: string | null;
    }>`
      select o.id, o.recipient, o.language, o.template, o.body, o.variables, o.urgent, o.status,
             o.related_type, o.related_id, o.created_at, o.sent_at, o.delivered_at, o.parts,
             o.attempts, o.delivery_status, o.error,
             case o.related_type
               when 'complaint' then (select number from complaints where id = o.related_id)
               when 'consumer' then (select consumer_no from consumers where id = o.related_id)
               when 'bill' then (select x.consumer_no from bills b join consumers x on x.id = b.consumer_id where b.id = o.related_id)
               when 'payment' then (select x.consumer_no from payments b join consumers x on x.id = b.consumer_id where b.id = o.related_id)
               else null end as related_label
      from outbox_sms o
      where ${this.scope(principal)}
        ${filter.status ? sql`and o.status = ${filter.status}` : sql``}
        ${filter.template ? sql`and o.template = ${filter.template}` : sql``}
        ${mobile ? sql`and o.recipient = ${mobile}` : sql``}
        ${filter.before ? sql`and o.id < ${filter.before}` : sql``}
      order by o.id desc
      limit ${limit + 1}`.execute(this.db);
    const showMobile = can(principal, "consumers.read_mobile");
    const items: OutboxItem[] = rows.rows.slice(0, limit).map((r) => ({
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
    const more = rows.rows.length > limit;
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
    const p = `${principal.orgPath}%`;
    const scope = seesEverything(principal)
      ? sql<boolean>`true`
      : sql<boolean>`(
          exists (select 1 from complaints x join org_units u on u.id = x.dc_id where x.id = i.complaint_id and u.path like ${p})
          or exists (select 1 from consumer_mobiles m join consumers x on x.id = m.consumer_id join org_units u on u.id = x.dc_id
                     where m.mobile = i.sender and u.path like ${p}))`;
    const rows = await sql<{
      id: number;
      sender: string;
      text: string;
      received_at: Date;
      outcome: string;
      complaint_number: string | null;
      language: Language | null;
      reply_outbox_id: number | null;
    }>`
      select i.id, i.sender, i.text, i.received_at, i.outcome, i.language, i.reply_outbox_id,
             (select number from complaints where id = i.complaint_id) as complaint_number
      from sms_inbound i
      where ${scope} ${filter.before ? sql`and i.id < ${filter.before}` : sql``}
      order by i.id desc
      limit ${limit + 1}`.execute(this.db);
    const showMobile = can(principal, "consumers.read_mobile");
    const items: InboundItem[] = rows.rows.slice(0, limit).map((r) => ({
      id: Number(r.id),
      sender: showMobile ? r.sender : maskMobile(r.sender),
      text: showMobile ? r.text : maskMobilesInText(r.text),
      receivedAt: r.received_at,
      outcome: showMobile ? r.outcome : maskMobilesInText(r.outcome),
      complaintNumber: r.complaint_number,
      replyLanguage: r.reply_outbox_id === null ? null : r.language,
      replied: r.reply_outbox_id !== null,
    }));
    const more = rows.rows.length > limit;
    return { items, nextBefore: more ? (items[items.length - 1]?.id ?? null) : null };
  }

  /** Messages by status over the last 24 hours, in the principal's view. */
  async counts(principal: Principal): Promise<Record<string, number>> {
    if (!can(principal, "sms.read")) throw forbidden();
    const since = new Date(this.clock().getTime() - 86_400_000);
    const r = await sql<{ status: string; n: number }>`
      select o.status, count(*)::int as n from outbox_sms o
      where o.created_at > ${since} and ${this.scope(principal)}
      group by o.status`.execute(this.db);
    return Object.fromEntries(r.rows.map((x) => [x.status, Number(x.n)]));
  }
}
