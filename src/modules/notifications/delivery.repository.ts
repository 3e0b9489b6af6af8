import { type Kysely, sql } from "kysely";
import type { DB, Language } from "../../db/schema.ts";
import { type OutboxMessage, outboxRow } from "./outbox.repository.ts";

/** An outbox row claimed for sending, with its template's DLT registration. */
export interface ClaimedSms {
  id: number;
  recipient: string;
  language: Language;
  template: string;
  body: string;
  /** The values its text was rendered with, and the template's current text (rendered again when sent). */
  variables: Record<string, string>;
  template_body: string | null;
  attempts: number;
  dlt_template_id: string | null;
  sender: string | null;
  optional: boolean;
  opted_out: boolean;
}

/** The first key of every SMS worker's advisory lock ("SMSW"); the second is its sms_workers id. */
export const SMS_WORKER_LOCK = 0x534d5357;

const FINAL_FAILURES = ["UNDELIV", "EXPIRED", "REJECTD", "DELETED", "UNKNOWN"];

/**
 * The dispatcher's reads and writes of the outbox. Claiming takes rows with
 * SKIP LOCKED and a lease, so several workers share the queue and a worker
 * that dies leaves rows that go back to the queue when their lease ends.
 */
export class DeliveryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** A worker process starts: its id (it then holds the advisory lock (SMS_WORKER_LOCK, id) while it lives). */
  async registerWorker(host: string, pid: number, now: Date): Promise<number> {
    const r = await this.db
      .insertInto("sms_workers")
      .values({ host, pid, started_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  /**
   * Rows claimed by a worker whose advisory lock is gone (the process died)
   * go back to the queue at once, whatever their lease says; the dead
   * workers' rows are dropped. `me` is never dead to itself.
   */
  async reclaimDead(me: number): Promise<number> {
    const live = sql`
      select l.objid::bigint from pg_locks l
      where l.locktype = 'advisory' and l.granted and l.objsubid = 2
        and l.classid::bigint = ${SMS_WORKER_LOCK}
        and l.database = (select oid from pg_database where datname = current_database())`;
    const r = await sql`
      update outbox_sms set status = 'pending', lease_until = null, claimed_by = null
      where status = 'sending' and claimed_by is not null and claimed_by <> ${me}
        and claimed_by not in (${live})`.execute(this.db);
    await sql`delete from sms_workers where id <> ${me} and id not in (${live})`.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }

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
   * Claims up to `limit` messages due now, urgent first. Deferrable messages
   * (bills, surveys) not queued as urgent wait while `quiet` (the quiet hours).
   */
  async claim(
    limit: number,
    now: Date,
    leaseUntil: Date,
    quiet: boolean,
    worker: number | null = null,
  ): Promise<ClaimedSms[]> {
    const r = await sql<ClaimedSms>`
      with due as (
        select o.id from outbox_sms o
        left join sms_templates t on t.code = o.template and t.language = o.language
        where o.status = 'pending'
          and (o.not_before is null or o.not_before <= ${now})
          and (o.next_attempt_at is null or o.next_attempt_at <= ${now})
          and (${!quiet} or o.urgent or not coalesce(t.quiet_hours, false))
        order by o.urgent desc, o.id
        limit ${limit}
        for update of o skip locked
      ), claimed as (
        update outbox_sms o set status = 'sending', lease_until = ${leaseUntil}, claimed_by = ${worker},
               attempts = o.attempts + 1
        from due where o.id = due.id
        returning o.id, o.recipient, o.language, o.template, o.body, o.variables, o.attempts, o.urgent, o.dlt_template_id
      )
      select c.id, c.recipient, c.language, c.template, c.body, c.variables, c.attempts,
             t.body as template_body, coalesce(c.dlt_template_id, t.dlt_template_id) as dlt_template_id, t.sender, coalesce(t.optional, false) as optional,
             exists (select 1 from sms_opt_outs x where x.mobile = c.recipient) as opted_out
      from claimed c
      left join sms_templates t on t.code = c.template and t.language = c.language
      order by c.urgent desc, c.id`.execute(this.db);
    return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
  }

  /** Sent: the SMSC took every part; each part's id is kept for its receipt. Many messages in one statement. */
  async markSentMany(
    rows: { id: number; smscIds: string[]; parts?: number | undefined; body?: string | undefined }[],
    gateway: string,
    now: Date,
    worker: number | null = null,
  ): Promise<void> {
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    // The text that went, when the template was edited after the message was queued.
    const bodies = rows.map((r) => r.body ?? null);
    // The SMS the network carries: an aggregator (or message_payload) returns one id for all of them.
    const counts = rows.map((r) => r.parts ?? r.smscIds.length);
    const partIds = rows.flatMap((r) => r.smscIds);
    const partOutbox = rows.flatMap((r) => r.smscIds.map(() => r.id));
    const partNo = rows.flatMap((r) => r.smscIds.map((_, i) => i + 1));
    await sql`
      with input as (
        select * from unnest(${sql.val(ids)}::bigint[], ${sql.val(counts)}::int[], ${sql.val(bodies)}::text[]) as t(id, parts, body)
      ), sent as (
        update outbox_sms o set status = 'sent', sent_at = ${now}, gateway = ${gateway}, parts = i.parts,
               body = coalesce(i.body, o.body),
               lease_until = null, error = null
        from input i where o.id = i.id and o.status = 'sending'
          -- Still our claim: if a worker thought dead gave it back and another took it, that one records it.
          and o.claimed_by is not distinct from ${worker}
        returning o.id
      )
      insert into sms_parts (smsc_id, gateway, outbox_id, part, at)
      select p.smsc_id, ${gateway}, p.outbox_id, p.part, ${now}
      from unnest(${sql.val(partIds)}::text[], ${sql.val(partOutbox)}::bigint[], ${sql.val(partNo)}::int[])
           as p(smsc_id, outbox_id, part)
      where p.outbox_id in (select id from sent)`.execute(this.db);
  }

  /**
   * Receipts in a batch: each names the newest part with its SMSC id. Returns
   * the SMSC ids no part had (yet).
   */
  async receipts(
    gateway: string,
    items: { smscId: string; status: string; error?: string | undefined }[],
    now: Date,
  ): Promise<string[]> {
    if (items.length === 0) return [];
    const r = await sql<{ smsc_id: string; outbox_id: number }>`
      with input as (
        select * from unnest(${sql.val(items.map((i) => i.smscId))}::text[], ${sql.val(items.map((i) => i.status))}::text[])
          as t(smsc_id, status)
      ), target as (
        select distinct on (i.smsc_id) p.id, i.status, i.smsc_id
        from input i join sms_parts p on p.gateway = ${gateway} and p.smsc_id = i.smsc_id
        order by i.smsc_id, p.id desc
      )
      update sms_parts p set status = t.status, at = ${now}
      from target t where p.id = t.id
      returning p.smsc_id, p.outbox_id`.execute(this.db);
    const found = new Set(r.rows.map((x) => x.smsc_id));
    const outboxIds = [...new Set(r.rows.map((x) => Number(x.outbox_id)))];
    if (outboxIds.length) {
      await sql`
        update outbox_sms o set
          status = case
            when f.failed is not null then 'failed'
            when f.open = 0 then 'delivered'
            else o.status end,
          delivery_status = coalesce(f.failed, f.last),
          delivered_at = case when f.open = 0 and f.failed is null then ${now}::timestamptz else o.delivered_at end,
          error = case when f.failed is not null then 'receipt ' || f.failed else o.error end
        from (
          select p.outbox_id,
                 count(*) filter (where p.status is distinct from 'DELIVRD')::int as open,
                 max(p.status) filter (where p.status in (${sql.join(FINAL_FAILURES)})) as failed,
                 max(p.status) as last
          from sms_parts p where p.outbox_id = any(${sql.val(outboxIds)}::bigint[])
          group by p.outbox_id
        ) f
        where o.id = f.outbox_id and o.status in ('sent', 'delivered', 'failed')`.execute(this.db);
    }
    return items.map((i) => i.smscId).filter((id) => !found.has(id));
  }

  async markRetry(
    id: number,
    error: string,
    nextAttemptAt: Date,
    worker: number | null = null,
  ): Promise<void> {
    await this.db
      .updateTable("outbox_sms")
      .set({ status: "pending", lease_until: null, next_attempt_at: nextAttemptAt, error })
      .where("id", "=", id)
      .where("status", "=", "sending")
      .where(sql<boolean>`claimed_by is not distinct from ${worker}`)
      .execute();
  }

  async markFailed(
    id: number,
    error: string,
    status: "failed" | "skipped" = "failed",
    worker: number | null = null,
  ): Promise<void> {
    await this.db
      .updateTable("outbox_sms")
      .set({ status, lease_until: null, error })
      .where("id", "=", id)
      .where("status", "=", "sending")
      .where(sql<boolean>`claimed_by is not distinct from ${worker}`)
      .execute();
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

  async recordInbound(
    sender: string,
    text: string,
    at: Date,
    outcome: string,
    complaintId: number | null,
    reply: { language: Language | null; replyOutboxId: number | null } = {
      language: null,
      replyOutboxId: null,
    },
  ) {
    await this.db
      .insertInto("sms_inbound")
      .values({
        sender,
        text: text.slice(0, 500),
        received_at: at,
        outcome,
        complaint_id: complaintId,
        language: reply.language,
        reply_outbox_id: reply.replyOutboxId,
      })
      .execute();
  }

  /** Whether the mobile is one of the consumer's (verified or not). */
  async isConsumersMobile(consumerNo: string, mobile: string): Promise<boolean> {
    const r = await this.db
      .selectFrom("consumer_mobiles as m")
      .innerJoin("consumers as c", "c.id", "m.consumer_id")
      .select("m.mobile")
      .where("c.consumer_no", "=", consumerNo)
      .where("m.mobile", "=", mobile)
      .executeTakeFirst();
    return Boolean(r);
  }

  /** The language a mobile chose when it was registered for a consumer, if it was. */
  async mobileLanguage(mobile: string): Promise<Language | undefined> {
    const r = await this.db
      .selectFrom("consumer_mobiles")
      .select("language")
      .where("mobile", "=", mobile)
      .orderBy("created_at")
      .executeTakeFirst();
    return r?.language ?? undefined;
  }

  /** Queues a reply to an inbound SMS; its outbox id (none when the dedup key was used). */
  async queueReply(m: OutboxMessage): Promise<number | null> {
    const r = await this.db
      .insertInto("outbox_sms")
      .values(outboxRow(m))
      .onConflict((oc) => oc.column("dedup_key").doNothing())
      .returning("id")
      .executeTakeFirst();
    return r ? Number(r.id) : null;
  }
}
