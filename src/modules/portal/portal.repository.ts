import { type Kysely, sql } from "kysely";
import { type ConversationStatus, LIVE_OUTAGE_STATUSES } from "../../db/schema.constants.ts";
import type { DB, Language } from "../../db/schema.ts";

const LIVE = sql.join(LIVE_OUTAGE_STATUSES.map((s) => sql.lit(s)));

/** Who made a sign-in code: tells it apart from an agent's mobile verification in mobile_verifications. */
export const SIGN_IN_CODE_BY = "portal-sign-in";

export interface PortalConsumer {
  id: number;
  consumer_no: string;
  name: string;
  dc_id: number;
  feeder_id: number | null;
  dt_id: number | null;
}

export interface PortalOutageRow {
  id: number;
  kind: "planned" | "unplanned";
  scope: "feeder" | "dt" | "consumer";
  status: string;
  started_at: Date;
  planned_start: Date | null;
  planned_end: Date | null;
  etr: Date | null;
  feeder_name_en: string | null;
  feeder_name_hi: string | null;
  dt_name_en: string | null;
  dt_name_hi: string | null;
}

/**
 * What the consumer portal reads and writes. Every query about a consumer
 * takes his id from his own session (the service never takes it from the
 * request), so a consumer reaches only his own rows; the public outage list
 * reads counts only.
 */
export class PortalRepository {
  constructor(private readonly db: Kysely<DB>) {}

  consumerByNo(consumerNo: string): Promise<PortalConsumer | undefined> {
    return this.db
      .selectFrom("consumers")
      .select(["id", "consumer_no", "name", "dc_id", "feeder_id", "dt_id"])
      .where("consumer_no", "=", consumerNo)
      .executeTakeFirst();
  }

  /** The consumer's verified mobiles, the latest verified first (the sign-in code goes there). */
  verifiedMobiles(consumerId: number): Promise<{ mobile: string; language: Language }[]> {
    // Imported numbers may be verified with no date: they come after those verified lately.
    return this.db
      .selectFrom("consumer_mobiles")
      .select(["mobile", "language"])
      .where("consumer_id", "=", consumerId)
      .where("verified", "=", true)
      .orderBy(sql`verified_at desc nulls last`)
      .orderBy("created_at", "desc")
      .execute();
  }

  /** The consumer's numbers on record, verified or not. */
  mobiles(consumerId: number) {
    return this.db
      .selectFrom("consumer_mobiles")
      .select(["mobile", "verified", "language"])
      .where("consumer_id", "=", consumerId)
      .orderBy("created_at")
      .execute();
  }

  /** The latest open sign-in code of the consumer. */
  openSignInCode(consumerId: number) {
    return this.db
      .selectFrom("mobile_verifications")
      .select(["id", "mobile", "code_hash", "expires_at"])
      .where("consumer_id", "=", consumerId)
      .where("created_by", "=", SIGN_IN_CODE_BY)
      .where("closed_at", "is", null)
      .orderBy("id", "desc")
      .executeTakeFirst();
  }

  // Sessions

  async addSession(s: {
    tokenHash: string;
    consumerId: number;
    mobile: string;
    createdAt: Date;
    expiresAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto("portal_sessions")
      .values({
        token_hash: s.tokenHash,
        consumer_id: s.consumerId,
        mobile: s.mobile,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
      })
      .execute();
  }

  /** A live session by its token hash, with its consumer. */
  session(tokenHash: string, now: Date) {
    return this.db
      .selectFrom("portal_sessions as s")
      .innerJoin("consumers as c", "c.id", "s.consumer_id")
      .select(["s.id", "s.mobile", "s.expires_at", "c.id as consumer_id", "c.consumer_no"])
      .where("s.token_hash", "=", tokenHash)
      .where("s.ended_at", "is", null)
      .where("s.expires_at", ">", now)
      .executeTakeFirst();
  }

  async endSession(tokenHash: string, at: Date): Promise<void> {
    await this.db
      .updateTable("portal_sessions")
      .set({ ended_at: at })
      .where("token_hash", "=", tokenHash)
      .where("ended_at", "is", null)
      .execute();
  }

  /** Deletes sessions ended or expired before `before`; returns how many. */
  async purgeSessions(before: Date): Promise<number> {
    const r = await this.db
      .deleteFrom("portal_sessions")
      .where((eb) => eb.or([eb("expires_at", "<", before), eb("ended_at", "<", before)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  // My connection

  /** The consumer's connection: his DC (and its district: the circle above it), feeder and DT names. */
  connection(consumerId: number) {
    return this.db
      .selectFrom("consumers as c")
      .innerJoin("org_units as dc", "dc.id", "c.dc_id")
      .leftJoin("feeders as f", "f.id", "c.feeder_id")
      .leftJoin("dts as d", "d.id", "c.dt_id")
      .select([
        "c.consumer_no",
        "c.name",
        "c.address",
        "c.connection_status",
        "c.area_type",
        "dc.code as dc_code",
        "dc.name_en as dc_name_en",
        "dc.name_hi as dc_name_hi",
        "f.code as feeder_code",
        "f.name_en as feeder_name_en",
        "f.name_hi as feeder_name_hi",
        "d.code as dt_code",
        "d.name_en as dt_name_en",
        "d.name_hi as dt_name_hi",
      ])
      .where("c.id", "=", consumerId)
      .executeTakeFirstOrThrow();
  }

  /** Outages of the consumer's feeder, his DT or his own connection: live ones, and shutdowns within `aheadMs`. */
  async power(
    consumer: PortalConsumer,
    now: Date,
    aheadMs: number,
  ): Promise<{ live: PortalOutageRow | undefined; planned: PortalOutageRow[] }> {
    const base = this.db
      .selectFrom("outages as o")
      .leftJoin("feeders as f", "f.id", "o.feeder_id")
      .leftJoin("dts as d", "d.id", "o.dt_id")
      .select([
        "o.id",
        "o.kind",
        "o.scope",
        "o.status",
        "o.started_at",
        "o.planned_start",
        "o.planned_end",
        "o.etr",
        "f.name_en as feeder_name_en",
        "f.name_hi as feeder_name_hi",
        "d.name_en as dt_name_en",
        "d.name_hi as dt_name_hi",
      ])
      .where((eb) =>
        eb.or([
          eb.and([eb("o.scope", "=", "feeder"), eb("o.feeder_id", "=", consumer.feeder_id)]),
          eb.and([eb("o.scope", "=", "dt"), eb("o.dt_id", "=", consumer.dt_id)]),
          eb.and([eb("o.scope", "=", "consumer"), eb("o.consumer_id", "=", consumer.id)]),
        ]),
      );
    const live = await base
      .where(sql<boolean>`o.status in (${LIVE})`)
      .orderBy(sql`case o.scope when 'feeder' then 0 when 'dt' then 1 else 2 end`)
      .orderBy("o.started_at")
      .executeTakeFirst();
    const planned = await base
      .where("o.status", "=", "scheduled")
      .where("o.planned_start", "<=", new Date(now.getTime() + aheadMs))
      .where("o.planned_end", ">", now)
      .orderBy("o.planned_start")
      .limit(10)
      .execute();
    return { live, planned };
  }

  // Complaints

  /** The consumer's complaints, newest first. */
  complaints(consumerId: number, limit: number) {
    return this.db
      .selectFrom("complaints as c")
      .innerJoin("complaint_categories as cat", "cat.code", "c.category_code")
      .select([
        "c.id",
        "c.number",
        "c.status",
        "c.category_code",
        "cat.name_en as category_name_en",
        "cat.name_hi as category_name_hi",
        "c.registered_at",
        "c.due_at",
        "c.resolved_at",
      ])
      .where("c.consumer_id", "=", consumerId)
      .orderBy("c.registered_at", "desc")
      .limit(limit)
      .execute();
  }

  /** One of the consumer's complaints by its number (undefined: not his, or none). */
  complaintOf(consumerId: number, number: string) {
    return this.db
      .selectFrom("complaints")
      .select(["id", "status"])
      .where("number", "=", number)
      .where("consumer_id", "=", consumerId)
      .executeTakeFirst();
  }

  async hasPhoto(complaintId: number): Promise<boolean> {
    const r = await this.db
      .selectFrom("complaint_photos")
      .select("id")
      .where("complaint_id", "=", complaintId)
      .executeTakeFirst();
    return r !== undefined;
  }

  async addPhoto(p: {
    complaintId: number;
    contentType: "image/jpeg" | "image/png";
    bytes: Buffer;
    at: Date;
  }): Promise<void> {
    await this.db
      .insertInto("complaint_photos")
      .values({ complaint_id: p.complaintId, content_type: p.contentType, bytes: p.bytes, created_at: p.at })
      .execute();
  }

  /** The photo sent with a complaint, if any. */
  photo(complaintId: number) {
    return this.db
      .selectFrom("complaint_photos")
      .select(["content_type", "bytes"])
      .where("complaint_id", "=", complaintId)
      .orderBy("id")
      .executeTakeFirst();
  }

  /** The SMS language of all the consumer's numbers. */
  async setLanguage(consumerId: number, language: Language): Promise<number> {
    const r = await this.db
      .updateTable("consumer_mobiles")
      .set({ language })
      .where("consumer_id", "=", consumerId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  // Write to us: the portal's conversations in the inbox

  /**
   * Stores a message from the consumer in his open portal conversation (one
   * is opened, status new, when he has none). Run inside a transaction: the
   * conversation row is locked until the message is in.
   */
  async addInbound(m: {
    consumerId: number;
    consumerNo: string;
    name: string;
    dcId: number;
    language: Language;
    body: string;
    at: Date;
    firstResponseDue: Date;
  }): Promise<{ conversationId: number; messageId: number; status: ConversationStatus }> {
    await this.db
      .insertInto("conversations")
      .values({
        channel: "portal",
        sender_id: m.consumerNo,
        sender_name: m.name,
        status: "new",
        language: m.language,
        consumer_id: m.consumerId,
        consumer_verified: true,
        dc_id: m.dcId,
        opened_at: m.at,
        last_message_at: m.at,
        first_response_due: m.firstResponseDue,
      })
      .onConflict((oc) =>
        oc.columns(["channel", "sender_id", "thread_ref"]).where("status", "<>", "closed").doNothing(),
      )
      .execute();
    const c = await this.db
      .selectFrom("conversations")
      .select(["id", "status"])
      .where("channel", "=", "portal")
      .where("sender_id", "=", m.consumerNo)
      .where("thread_ref", "=", "")
      .where("status", "<>", "closed")
      .forUpdate()
      .executeTakeFirstOrThrow();
    // He answered: a conversation waiting for him is the desk's to answer again.
    const status: ConversationStatus = c.status === "waiting" ? "open" : c.status;
    await this.db
      .updateTable("conversations")
      .set({ last_message_at: m.at, last_inbound_at: m.at, status })
      .where("id", "=", c.id)
      .execute();
    const msg = await this.db
      .insertInto("conversation_messages")
      .values({
        conversation_id: c.id,
        channel: "portal",
        direction: "in",
        author: "consumer",
        kind: "text",
        body: m.body,
        status: "received",
        at: m.at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { conversationId: Number(c.id), messageId: Number(msg.id), status };
  }

  /** The consumer's portal messages and the desk's answers to them, newest last. */
  async messages(consumerNo: string, limit: number) {
    const rows = await this.db
      .selectFrom("conversation_messages as m")
      .innerJoin("conversations as c", "c.id", "m.conversation_id")
      .select(["m.id", "m.direction", "m.body", "m.at"])
      .where("c.channel", "=", "portal")
      .where("c.sender_id", "=", consumerNo)
      .where("m.kind", "in", ["text", "template"])
      .orderBy("m.id", "desc")
      .limit(limit)
      .execute();
    return rows.reverse();
  }

  // Public, no personal data

  /**
   * Live outages counted per DC, with the DC's district (the circle above
   * it): how many, consumers off, the latest ETR given and how many have none.
   */
  async outageCounts() {
    const r = await sql<{
      district_code: string | null;
      district_en: string | null;
      district_hi: string | null;
      dc_code: string;
      dc_en: string;
      dc_hi: string;
      outages: number;
      planned: number;
      consumers: number;
      latest_etr: Date | null;
      without_etr: number;
    }>`
      select ci.code as district_code, ci.name_en as district_en, ci.name_hi as district_hi,
             dc.code as dc_code, dc.name_en as dc_en, dc.name_hi as dc_hi,
             count(*)::int as outages,
             count(*) filter (where o.kind = 'planned')::int as planned,
             coalesce(sum(o.affected_consumers), 0)::int as consumers,
             max(o.etr) as latest_etr,
             count(*) filter (where o.etr is null)::int as without_etr
      from outages o
      join org_units dc on dc.id = o.dc_id
      left join org_units ci on ci.kind = 'circle' and dc.path like ci.path || '%'
      where o.status in (${LIVE})
      group by ci.code, ci.name_en, ci.name_hi, ci.path, dc.code, dc.name_en, dc.name_hi, dc.path
      order by ci.path nulls last, dc.path`.execute(this.db);
    return r.rows.map((x) => ({ ...x, latest_etr: x.latest_etr ? new Date(x.latest_etr) : null }));
  }

  /** Shutdowns planned from now to `until`, with their DC, district and feeder or DT (names only). */
  async plannedShutdowns(now: Date, until: Date, limit: number) {
    const r = await sql<{
      district_en: string | null;
      district_hi: string | null;
      dc_code: string;
      dc_en: string;
      dc_hi: string;
      scope: "feeder" | "dt" | "consumer";
      element_en: string | null;
      element_hi: string | null;
      planned_start: Date;
      planned_end: Date;
      consumers: number;
    }>`
      select ci.name_en as district_en, ci.name_hi as district_hi,
             dc.code as dc_code, dc.name_en as dc_en, dc.name_hi as dc_hi, o.scope,
             coalesce(d.name_en, f.name_en) as element_en, coalesce(d.name_hi, f.name_hi) as element_hi,
             o.planned_start, o.planned_end, o.affected_consumers as consumers
      from outages o
      join org_units dc on dc.id = o.dc_id
      left join org_units ci on ci.kind = 'circle' and dc.path like ci.path || '%'
      left join feeders f on f.id = o.feeder_id
      left join dts d on d.id = o.dt_id
      where o.status = 'scheduled' and o.scope <> 'consumer'
        and o.planned_start <= ${until}::timestamptz and o.planned_end > ${now}::timestamptz
      order by o.planned_start, dc.path
      limit ${limit}`.execute(this.db);
    return r.rows.map((x) => ({
      ...x,
      planned_start: new Date(x.planned_start),
      planned_end: new Date(x.planned_end),
      consumers: Number(x.consumers),
    }));
  }
}
