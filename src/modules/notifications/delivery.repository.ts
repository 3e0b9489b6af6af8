import { type Kysely, sql } from "kysely";
import type { DB, Language } from "../../db/schema.ts";

/** An outbox row claimed for sending, with its template's DLT registration. */
export interface ClaimedSms {
  id: number;
  recipient: string;
  language: Language;
  template: string;
  body: string;
  attempts: number;
  dlt_template_id: string | null;
  sender: string | null;
  optional: boolean;
  opted_out: boolean;
}

const FINAL_FAILURES = ["UNDELIV", "EXPIRED", "REJECTD", "DELETED", "UNKNOWN"];

/**
 * The dispatcher's reads and writes of the outbox. Claiming takes rows with
 * SKIP LOCKED and a lease, so several workers share the queue and a worker
 * that dies leaves rows that go back to the queue when their lease ends.
 */
export class DeliveryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Rows whose worker died: back to the queue (they may have gone out once; the SMSC saw them at most once more). */
  async recoverLeases(now: Date): Promise<number> {
    const r = await this.db
      .updateTable("outbox_sms")
      .set({ status: "pending", lease_until: null })
      .where("status", "=", "sending")
      .where("lease_until", "<", now)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /**
   * Claims up to `limit` messages due now, urgent first. Optional messages
   * (bills, surveys) wait while `quiet` (the quiet hours).
   */
  async claim(limit: number, now: Date, leaseUntil: Date, quiet: boolean): Promise<ClaimedSms[]> {
    const r = await sql<ClaimedSms>`
      with due as (
        select o.id from outbox_sms o
        left join sms_templates t on t.code = o.template and t.language = o.language
        where o.status = 'pending'
          and (o.not_before is null or o.not_before <= ${now})
          and (o.next_attempt_at is null or o.next_attempt_at <= ${now})
          and (${!quiet} or not coalesce(t.optional, false))
        order by o.urgent desc, o.id
        limit ${limit}
        for update of o skip locked
      ), claimed as (
        update outbox_sms o set status = 'sending', lease_until = ${leaseUntil}, attempts = o.attempts + 1
        from due where o.id = due.id
        returning o.id, o.recipient, o.language, o.template, o.body, o.attempts, o.urgent
      )
      select c.id, c.recipient, c.language, c.template, c.body, c.attempts,
             t.dlt_template_id, t.sender, coalesce(t.optional, false) as optional,
             exists (select 1 from sms_opt_outs x where x.mobile = c.recipient) as opted_out
      from claimed c
      left join sms_templates t on t.code = c.template and t.language = c.language
      order by c.urgent desc, c.id`.execute(this.db);
    return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
  }

  /** Sent: the SMSC took every part; each part's id is kept for its receipt. */
  async markSent(id: number, gateway: string, smscIds: string[], now: Date): Promise<void> {
    await sql`
      with sent as (
        update outbox_sms set status = 'sent', sent_at = ${now}, gateway = ${gateway}, parts = ${smscIds.length},
               lease_until = null, error = null
        where id = ${id} and status = 'sending'
        returning id
      )
      insert into sms_parts (smsc_id, gateway, outbox_id, part, at)
      select p.smsc_id, ${gateway}, ${id}, p.n::int, ${now}
      from unnest(${sql.val(smscIds)}::text[]) with ordinality as p(smsc_id, n)
      where exists (select 1 from sent)`.execute(this.db);
  }

  async markRetry(id: number, error: string, nextAttemptAt: Date): Promise<void> {
    await this.db
      .updateTable("outbox_sms")
      .set({ status: "pending", lease_until: null, next_attempt_at: nextAttemptAt, error })
      .where("id", "=", id)
      .where("status", "=", "sending")
      .execute();
  }

  async markFailed(id: number, error: string, status: "failed" | "skipped" = "failed"): Promise<void> {
    await this.db
      .updateTable("outbox_sms")
      .set({ status, lease_until: null, error })
      .where("id", "=", id)
      .where("status", "=", "sending")
      .execute();
  }

  /**
   * A delivery receipt for one part. The message is delivered when every
   * part is, failed as soon as one part finally failed. Returns false when
   * no part has that id (yet: the receipt can overtake our own write).
   */
  async receipt(
    gateway: string,
    smscId: string,
    status: string,
    error: string | undefined,
    now: Date,
  ): Promise<boolean> {
    const r = await sql<{ outbox_id: number }>`
      update sms_parts set status = ${status}, at = ${now}
      where id = (select p.id from sms_parts p where p.gateway = ${gateway} and p.smsc_id = ${smscId}
                  order by p.id desc limit 1)
      returning outbox_id`.execute(this.db);
    const outboxId = r.rows[0]?.outbox_id;
    if (outboxId === undefined) return false;
    await sql`
      update outbox_sms o set
        status = case
          when exists (select 1 from sms_parts p where p.outbox_id = o.id and p.status in (${sql.join(FINAL_FAILURES)})) then 'failed'
          when not exists (select 1 from sms_parts p where p.outbox_id = o.id and p.status is distinct from 'DELIVRD') then 'delivered'
          else o.status end,
        delivery_status = ${status},
        delivered_at = case when ${status} = 'DELIVRD' then ${now}::timestamptz else o.delivered_at end,
        error = case when ${status} in (${sql.join(FINAL_FAILURES)}) then ${error ?? `receipt ${status}`} else o.error end
      where o.id = ${outboxId} and o.status in ('sent', 'delivered', 'failed')`.execute(this.db);
    return true;
  }

  async optOut(mobile: string, at: Date, via: string): Promise<void> {
    await this.db
      .insertInto("sms_opt_outs")
      .values({ mobile, at, via })
      .onConflict((oc) => oc.column("mobile").doNothing())
      .execute();
  }

  async optIn(mobile: string): Promise<void> {
    await this.db.deleteFrom("sms_opt_outs").where("mobile", "=", mobile).execute();
  }

  async recordInbound(sender: string, text: string, at: Date, outcome: string, complaintId: number | null) {
    await this.db
      .insertInto("sms_inbound")
      .values({ sender, text: text.slice(0, 500), received_at: at, outcome, complaint_id: complaintId })
      .execute();
  }

  /** Counts by status, for the outbox screen and metrics. */
  async counts(): Promise<Record<string, number>> {
    const r = await sql<{ status: string; n: number }>`
      select status, count(*)::int as n from outbox_sms group by status`.execute(this.db);
    return Object.fromEntries(r.rows.map((x) => [x.status, Number(x.n)]));
  }
}
