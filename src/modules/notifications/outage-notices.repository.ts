import { type Kysely, sql } from "kysely";
import type { DB, Language, OutageNoticeKind } from "../../db/schema.ts";
import type { SmsTemplate } from "./sms-templates.ts";

export interface PendingNotice {
  id: number;
  outage_id: number;
  kind: OutageNoticeKind;
  seq: number;
  variables: Record<string, string>;
  created_at: Date;
}

/** What each notice is called in dedup keys, and its SMS template. */
export const NOTICE_TEMPLATE: Record<
  OutageNoticeKind,
  { tag: string; template: SmsTemplate; urgent: boolean }
> = {
  notice: { tag: "notice", template: "outage_notice", urgent: true },
  etr: { tag: "etr", template: "outage_etr_changed", urgent: true },
  restored: { tag: "restored", template: "outage_restored", urgent: true },
  planned_notice: { tag: "planned", template: "planned_notice", urgent: false },
  planned_started: { tag: "started", template: "planned_started", urgent: true },
  planned_cancelled: { tag: "cancelled", template: "planned_cancelled", urgent: true },
};

/** Notices the restoration overtakes: "the supply is off" and "ETR now ..." are wrong once it is back. */
const SUPERSEDED_BY_RESTORATION: SmsTemplate[] = ["outage_notice", "outage_etr_changed"];
export const SUPERSEDED_REASON = "superseded: the supply was restored before it was sent";

/** Tags of the notices that mean "this consumer was told the supply is (or will be) off". */
const TOLD = ["notice", "planned", "started"];

/**
 * Consumer notices of outages: one row per notice, committed with the outage's
 * change, then expanded into one SMS per consumer behind the outage in one
 * INSERT ... SELECT. Dedup keys (`outage:<id>:<tag>:<consumer>`) make the
 * expansion safe to repeat and keep every consumer to one notice an outage.
 */
export class OutageNoticesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Runs fn with a repository bound to one transaction. */
  transaction<T>(fn: (repo: OutageNoticesRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((tx) => fn(new OutageNoticesRepository(tx)));
  }

  async add(
    outageId: number,
    kind: OutageNoticeKind,
    seq: number,
    variables: Record<Language, Record<string, string>>,
    at: Date,
  ) {
    await this.db
      .insertInto("outage_notices")
      .values({ outage_id: outageId, kind, seq, variables: JSON.stringify(variables), created_at: at })
      .onConflict((oc) => oc.columns(["outage_id", "kind", "seq"]).doNothing())
      .execute();
  }

  /** The oldest notice not yet expanded, locked (another worker skips it). */
  async nextPending(): Promise<PendingNotice | undefined> {
    const r = await this.db
      .selectFrom("outage_notices")
      .select(["id", "outage_id", "kind", "seq", "variables", "created_at"])
      .where("expanded_at", "is", null)
      .orderBy("id")
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    return r as PendingNotice | undefined;
  }

  /**
   * Queues the notice's SMS: one per active consumer behind the outage with a
   * verified mobile, in that mobile's language. Returns how many were new.
   */
  async expand(
    n: PendingNotice,
    bodies: Record<Language, string>,
    variables: Record<Language, Record<string, string>>,
    now: Date,
  ): Promise<number> {
    const o = await this.db
      .selectFrom("outages")
      .select(["id", "kind", "status", "scope", "feeder_id", "dt_id", "consumer_id"])
      .where("id", "=", n.outage_id)
      .executeTakeFirstOrThrow();
    const merged = (
      await this.db.selectFrom("outages").select("id").where("merged_into", "=", o.id).execute()
    ).map((r) => r.id);
    const family = [o.id, ...merged];
    const { tag, template, urgent } = NOTICE_TEMPLATE[n.kind];
    const key = n.kind === "etr" ? `${tag}${n.seq}` : tag;
    const element =
      o.scope === "feeder"
        ? sql`c.feeder_id = ${o.feeder_id}`
        : o.scope === "dt"
          ? sql`c.dt_id = ${o.dt_id}`
          : sql`c.id = ${o.consumer_id}`;
    const told = (tags: string[], ids: number[]) =>
      sql`exists (select 1 from unnest(${sql.val(ids)}::bigint[]) k cross join unnest(${sql.val(tags)}::text[]) t
                  join outbox_sms x on x.dedup_key = 'outage:' || k || ':' || t || ':' || c.id)`;
    const audience =
      n.kind === "notice"
        ? merged.length
          ? sql`and not ${told(["notice"], merged)}`
          : sql``
        : n.kind === "etr"
          ? sql`and ${told(["notice", "started"], family)}`
          : n.kind === "restored"
            ? sql`and (${told(TOLD, family)} or exists (select 1 from complaints lc where lc.outage_id = ${o.id} and lc.consumer_id = c.id))`
            : n.kind === "planned_cancelled"
              ? sql`and ${told(["planned"], [o.id])}`
              : sql``;
    // Restored: what was still waiting to go out about this outage is cancelled,
    // and a notice expanded only now (a worker was slow) is written cancelled.
    // The cancelled rows still mark their consumers as told: they get the
    // restoration SMS, one message instead of "off", "ETR" and "back".
    if (n.kind === "restored")
      await this.db
        .updateTable("outbox_sms")
        .set({ status: "cancelled", error: SUPERSEDED_REASON, next_attempt_at: null })
        .where("related_type", "=", "outage")
        .where("related_id", "in", family)
        .where("status", "=", "pending")
        .where("template", "in", SUPERSEDED_BY_RESTORATION)
        .execute();
    const superseded =
      o.kind === "unplanned" && o.status === "restored" && SUPERSEDED_BY_RESTORATION.includes(template);
    const r = await sql`
      insert into outbox_sms (dedup_key, recipient, language, template, variables, body, urgent, related_type, related_id, created_at, status, error)
      select ${`outage:${o.id}:${key}:`} || c.id, m.mobile, m.language, ${template},
             case m.language when 'hi' then ${JSON.stringify(variables.hi)}::jsonb else ${JSON.stringify(variables.en)}::jsonb end,
             case m.language when 'hi' then ${bodies.hi} else ${bodies.en} end,
             ${urgent}, 'outage', ${o.id}, ${now},
             ${superseded ? "cancelled" : "pending"}, ${superseded ? SUPERSEDED_REASON : null}
      from consumers c
      cross join lateral (
        select cm.mobile, cm.language from consumer_mobiles cm
        where cm.consumer_id = c.id and cm.verified
        order by cm.created_at limit 1
      ) m
      where ${element} and c.connection_status = 'active' ${audience}
      on conflict (dedup_key) do nothing`.execute(this.db);
    const count = Number(r.numAffectedRows ?? 0);
    await this.db
      .updateTable("outage_notices")
      .set({ expanded_at: now, recipients: count })
      .where("id", "=", n.id)
      .execute();
    return count;
  }
}
