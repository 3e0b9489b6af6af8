import { type Kysely, sql } from "kysely";
import type { DB, Language, SmsStatus } from "../../db/schema.ts";
import type { StagedConflict, StagedWrites } from "../../db/staged-writes.ts";
import { type Principal, seesEverything } from "../access/principal.ts";

export interface OutboxMessage {
  dedupKey: string;
  recipient: string;
  language: Language;
  template: string;
  variables: Record<string, string>;
  body: string;
  urgent: boolean;
  relatedType: string;
  relatedId: number;
  createdAt: Date;
}

/** An outbox row for a message (the one mapping every insert into outbox_sms uses). */
export function outboxRow(m: OutboxMessage) {
  return {
    dedup_key: m.dedupKey,
    recipient: m.recipient,
    language: m.language,
    template: m.template,
    variables: JSON.stringify(m.variables),
    body: m.body,
    urgent: m.urgent,
    related_type: m.relatedType,
    related_id: m.relatedId,
    created_at: m.createdAt,
  };
}

/** A dedup key queued before: the message is skipped. */
const SKIP_QUEUED: StagedConflict<"outbox_sms"> = (oc) => oc.column("dedup_key").doNothing();

export class OutboxRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Stages messages to be written with the rest of a unit of work; a dedup key queued before is skipped. */
  static stage(stage: StagedWrites, messages: OutboxMessage[]): void {
    stage.add({
      table: "outbox_sms",
      columns: [
        "dedup_key",
        "recipient",
        "language",
        "template",
        "variables",
        "body",
        "urgent",
        "related_type",
        "related_id",
        "created_at",
      ],
      rows: messages.map((m) => ({
        dedup_key: m.dedupKey,
        recipient: m.recipient,
        language: m.language,
        template: m.template,
        variables: m.variables,
        body: m.body,
        urgent: m.urgent,
        related_type: m.relatedType,
        related_id: m.relatedId,
        created_at: m.createdAt,
      })),
      onConflict: SKIP_QUEUED,
    });
  }

  /** Queues messages; one whose dedup key was queued before is skipped. Returns how many were new. */
  async enqueue(messages: OutboxMessage[]): Promise<number> {
    if (messages.length === 0) return 0;
    const rows = await this.db
      .insertInto("outbox_sms")
      .values(messages.map(outboxRow))
      .onConflict((oc) => oc.column("dedup_key").doNothing())
      .returning("id")
      .execute();
    return rows.length;
  }

  forRelated(relatedType: string, relatedId: number) {
    return this.db
      .selectFrom("outbox_sms")
      .select(["id", "recipient", "language", "template", "body", "urgent", "status", "created_at"])
      .where("related_type", "=", relatedType)
      .where("related_id", "=", relatedId)
      .orderBy("id")
      .execute();
  }

  /** The principal's view of the outbox: everything for company-level users, else messages about records of his jurisdiction. */
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

  /** Outgoing messages in the principal's view, newest first; one more than `limit` (to tell whether more follow). */
  async listFor(
    principal: Principal,
    filter: {
      status?: SmsStatus | undefined;
      template?: string | undefined;
      /** Normalised. */
      mobile?: string | undefined;
      before?: number | undefined;
    },
    limit: number,
  ) {
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
        ${filter.mobile ? sql`and o.recipient = ${filter.mobile}` : sql``}
        ${filter.before ? sql`and o.id < ${filter.before}` : sql``}
      order by o.id desc
      limit ${limit + 1}`.execute(this.db);
    return rows.rows;
  }

  /**
   * Inbound SMS in the principal's view, newest first (one more than
   * `limit`): company-level users see all; others those about complaints or
   * consumers of their jurisdiction.
   */
  async inboundFor(principal: Principal, filter: { before?: number | undefined }, limit: number) {
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
    return rows.rows;
  }

  /** Messages by status created after `since`, in the principal's view. */
  async countsFor(principal: Principal, since: Date) {
    const r = await sql<{ status: string; n: number }>`
      select o.status, count(*)::int as n from outbox_sms o
      where o.created_at > ${since} and ${this.scope(principal)}
      group by o.status`.execute(this.db);
    return r.rows;
  }
}
