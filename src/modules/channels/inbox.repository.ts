import { type Kysely, sql } from "kysely";
import { dcInJurisdiction, type Jurisdiction } from "../../db/jurisdiction.ts";
import { afterCursor, type Cursor, cursorOf, keyColumns, orderSql, type SortPart } from "../../db/keyset.ts";
import type {
  ConversationChannel,
  ConversationStatus,
  ConversationVisibility,
  DB,
  Language,
  MessageAuthor,
  MessageDirection,
  MessageKind,
  MessageStatus,
  Role,
} from "../../db/schema.ts";
import type { InboxStatusFilter } from "./inbox.constants.ts";

export interface ConversationRow {
  id: number;
  channel: ConversationChannel;
  sender_id: string;
  sender_handle: string | null;
  sender_name: string | null;
  visibility: ConversationVisibility;
  status: ConversationStatus;
  language: Language;
  assigned_to: number | null;
  assignee_name: string | null;
  consumer_id: number | null;
  consumer_no: string | null;
  consumer_name: string | null;
  consumer_verified: boolean;
  dc_id: number | null;
  dc_code: string | null;
  dc_name_en: string | null;
  dc_name_hi: string | null;
  dc_path: string | null;
  opened_at: Date;
  last_message_at: Date;
  last_inbound_at: Date | null;
  first_response_due: Date | null;
  first_responded_at: Date | null;
  escalated_at: Date | null;
  closed_at: Date | null;
  /** The consumer's latest message, for the queue's first line. */
  preview: string | null;
  complaint_count: number;
}

export interface MessageRow {
  id: number;
  direction: MessageDirection;
  author: MessageAuthor;
  user_name: string | null;
  kind: MessageKind;
  body: string;
  media_url: string | null;
  status: MessageStatus;
  error: string | null;
  at: Date;
}

export interface QueueFilter {
  status: InboxStatusFilter;
  channel?: ConversationChannel | undefined;
  /** Only those assigned to this user. */
  assignedTo?: number | undefined;
  overdue?: boolean | undefined;
  limit: number;
  offset: number;
}

/** What the agents act on: new (nobody answered) and open (the consumer wrote again). */
const ACTIONABLE = ["new", "open"] as const;
const ACTIVE = ["new", "open", "waiting"] as const;
/** The queue's total is counted up to this many. */
export const TOTAL_CAP = 10_000;

/**
 * The conversations an agent may see: those of DCs in his jurisdiction; the
 * central desk's (no DC yet) only for the company's own staff.
 */
function visibleTo(column: string, p: Jurisdiction) {
  return dcInJurisdiction(column, p);
}

/** Overdue: nobody answered the first message in time. */
function overdueAt(prefix: string, now: Date) {
  return sql<boolean>`(${sql.ref(`${prefix}status`)} in ('new', 'open') and ${sql.ref(`${prefix}first_responded_at`)} is null
    and ${sql.ref(`${prefix}first_response_due`)} < ${now})`;
}

/**
 * The queue's order as keyset parts (every part never null, id last, so an
 * export's pages meet exactly). Closed ones: the latest first. The rest: those
 * waiting for an agent before those waiting for the consumer, each the nearest
 * first-response limit first (none: last), then the longest waiting.
 */
function queueOrder(status: InboxStatusFilter): SortPart[] {
  if (status === "closed")
    return [
      // Closing always sets closed_at: the plain column, so conversations_closed_idx serves it.
      { expr: "c.closed_at", dir: "desc" },
      { expr: "c.id", dir: "desc" },
    ];
  return [
    { expr: sql`(c.status = 'waiting')`, dir: "asc" },
    { expr: sql`coalesce(c.first_response_due, 'infinity'::timestamptz)`, dir: "asc" },
    { expr: "c.last_message_at", dir: "asc" },
    { expr: "c.id", dir: "asc" },
  ];
}

/** The inbox's conversations, their messages and complaints (the tables intake and the bot fill). */
export class InboxRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private base() {
    return this.db
      .selectFrom("conversations as c")
      .leftJoin("users as u", "u.id", "c.assigned_to")
      .leftJoin("consumers as p", "p.id", "c.consumer_id")
      .leftJoin("org_units as dc", "dc.id", "c.dc_id")
      .select([
        "c.id",
        "c.channel",
        "c.sender_id",
        "c.sender_handle",
        "c.sender_name",
        "c.visibility",
        "c.status",
        "c.language",
        "c.assigned_to",
        "u.name as assignee_name",
        "c.consumer_id",
        "p.consumer_no",
        "p.name as consumer_name",
        "c.consumer_verified",
        "c.dc_id",
        "dc.code as dc_code",
        "dc.name_en as dc_name_en",
        "dc.name_hi as dc_name_hi",
        "dc.path as dc_path",
        "c.opened_at",
        "c.last_message_at",
        "c.last_inbound_at",
        "c.first_response_due",
        "c.first_responded_at",
        "c.escalated_at",
        "c.closed_at",
        sql<string | null>`(select m.body from conversation_messages m
          where m.conversation_id = c.id and m.direction = 'in' order by m.id desc limit 1)`.as("preview"),
        sql<number>`(select count(*)::int from conversation_complaints cc where cc.conversation_id = c.id)`.as(
          "complaint_count",
        ),
      ]);
  }

  /** One page of the queue in the principal's jurisdiction: the most urgent first (nearest first-response limit). */
  async queue(
    p: Jurisdiction,
    f: QueueFilter,
    now: Date,
  ): Promise<{ items: ConversationRow[]; total: number }> {
    const q = this.filtered(p, f, now);
    const ids = q
      .select("c.id")
      .orderBy(orderSql(queueOrder(f.status)))
      .limit(f.limit)
      .offset(f.offset);
    // Counted up to a cap: an exact count of years of closed conversations is slow and tells nobody anything.
    const [page, total] = await Promise.all([
      ids.execute(),
      this.db
        .selectFrom(q.select(sql`1`.as("x")).limit(TOTAL_CAP).as("m"))
        .select(sql<number>`count(*)::int`.as("n"))
        .executeTakeFirstOrThrow(),
    ]);
    if (page.length === 0) return { items: [], total: Number(total.n) };
    const rows = (await this.base()
      .where(
        "c.id",
        "in",
        page.map((r) => Number(r.id)),
      )
      .execute()) as unknown as ConversationRow[];
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    return {
      items: page.map((r) => byId.get(Number(r.id))).filter((r): r is ConversationRow => r !== undefined),
      total: Number(total.n),
    };
  }

  private filtered(p: Jurisdiction, f: Omit<QueueFilter, "limit" | "offset">, now: Date) {
    let q = this.db.selectFrom("conversations as c").where(visibleTo("c.dc_id", p));
    if (f.status === "active") q = q.where("c.status", "in", ACTIVE);
    else q = q.where("c.status", "=", f.status);
    if (f.channel) q = q.where("c.channel", "=", f.channel);
    if (f.assignedTo !== undefined) q = q.where("c.assigned_to", "=", f.assignedTo);
    if (f.overdue) q = q.where(overdueAt("c.", now));
    return q;
  }

  /** A page of the same queue in the same order after a cursor (the export walks it to its end). */
  async queueAfter(
    p: Jurisdiction,
    f: Omit<QueueFilter, "limit" | "offset">,
    now: Date,
    after: Cursor | undefined,
    limit: number,
  ): Promise<(ConversationRow & { cursor: Cursor })[]> {
    const parts = queueOrder(f.status);
    let q = this.filtered(p, f, now).select("c.id").select(keyColumns(parts));
    if (after) q = q.where(afterCursor(parts, after));
    const page = await q.orderBy(orderSql(parts)).limit(limit).execute();
    if (page.length === 0) return [];
    const rows = (await this.base()
      .where(
        "c.id",
        "in",
        page.map((r) => Number(r.id)),
      )
      .execute()) as unknown as ConversationRow[];
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    return page.flatMap((r) => {
      const row = byId.get(Number(r.id));
      return row ? [{ ...row, cursor: cursorOf(r, parts) }] : [];
    });
  }

  /** Conversations by status in the jurisdiction (closed ones are history: not counted), overdue and his own. */
  async counts(p: Jurisdiction, now: Date, userId: number) {
    const r = await this.db
      .selectFrom("conversations as c")
      .where(visibleTo("c.dc_id", p))
      .where("c.status", "in", ACTIVE)
      .select([
        sql<number>`count(*) filter (where c.status = 'new')::int`.as("new"),
        sql<number>`count(*) filter (where c.status = 'open')::int`.as("open"),
        sql<number>`count(*) filter (where c.status = 'waiting')::int`.as("waiting"),
        sql<number>`count(*) filter (where ${overdueAt("c.", now)})::int`.as("overdue"),
        sql<number>`count(*) filter (where c.assigned_to = ${userId})::int`.as("mine"),
      ])
      .executeTakeFirstOrThrow();
    return {
      new: Number(r.new),
      open: Number(r.open),
      waiting: Number(r.waiting),
      overdue: Number(r.overdue),
      mine: Number(r.mine),
    };
  }

  /** The wallboard's figures: conversations waiting for an agent (new, open) and those past their first-response limit. */
  async waiting(p: Jurisdiction, now: Date): Promise<{ waiting: number; overdue: number }> {
    const r = await this.db
      .selectFrom("conversations as c")
      .where(visibleTo("c.dc_id", p))
      .where("c.status", "in", ACTIONABLE)
      .select([
        sql<number>`count(*)::int`.as("waiting"),
        sql<number>`count(*) filter (where ${overdueAt("c.", now)})::int`.as("overdue"),
      ])
      .executeTakeFirstOrThrow();
    return { waiting: Number(r.waiting), overdue: Number(r.overdue) };
  }

  async findForUser(p: Jurisdiction, id: number): Promise<ConversationRow | undefined> {
    const row = await this.base().where("c.id", "=", id).where(visibleTo("c.dc_id", p)).executeTakeFirst();
    return row as unknown as ConversationRow | undefined;
  }

  /** The conversation locked for a change, in a transaction. */
  lock(id: number) {
    return this.db
      .selectFrom("conversations")
      .select(["id", "status", "channel", "visibility", "first_responded_at", "assigned_to", "dc_id"])
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirstOrThrow();
  }

  async messages(conversationId: number): Promise<MessageRow[]> {
    const rows = await this.db
      .selectFrom("conversation_messages as m")
      .leftJoin("users as u", "u.id", "m.user_id")
      .select([
        "m.id",
        "m.direction",
        "m.author",
        "u.name as user_name",
        "m.kind",
        "m.body",
        "m.media_url",
        "m.status",
        "m.error",
        "m.at",
      ])
      .where("m.conversation_id", "=", conversationId)
      .orderBy("m.id")
      .limit(500)
      .execute();
    return rows as unknown as MessageRow[];
  }

  async message(conversationId: number, messageId: number) {
    return this.db
      .selectFrom("conversation_messages")
      .select(["id", "body", "direction", "media_url"])
      .where("conversation_id", "=", conversationId)
      .where("id", "=", messageId)
      .executeTakeFirst();
  }

  /** The latest message the consumer sent (what a conversion starts from when none is picked). */
  async lastInbound(conversationId: number) {
    return this.db
      .selectFrom("conversation_messages")
      .select(["id", "body", "direction", "media_url"])
      .where("conversation_id", "=", conversationId)
      .where("direction", "=", "in")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
  }

  /** The complaints made from a conversation, newest first. */
  complaints(conversationId: number) {
    return this.db
      .selectFrom("conversation_complaints as cc")
      .innerJoin("complaints as k", "k.id", "cc.complaint_id")
      .innerJoin("complaint_categories as cat", "cat.code", "k.category_code")
      .select([
        "k.id",
        "k.number",
        "k.status",
        "k.channel",
        "cat.name_en as category_name_en",
        "cat.name_hi as category_name_hi",
        "k.registered_at",
        "cc.linked_at",
      ])
      .where("cc.conversation_id", "=", conversationId)
      .orderBy("cc.linked_at", "desc")
      .orderBy("k.id", "desc")
      .execute();
  }

  /** A consumer the principal may see, by number. */
  consumerFor(p: Jurisdiction, consumerNo: string) {
    return this.db
      .selectFrom("consumers as p")
      .select(["p.id", "p.consumer_no", "p.dc_id"])
      .where("p.consumer_no", "=", consumerNo)
      .where(dcInJurisdiction("p.dc_id", p))
      .executeTakeFirst();
  }

  /** A user who might take a conversation: his role, whether active, and his jurisdiction. */
  user(id: number) {
    return this.db
      .selectFrom("users as u")
      .innerJoin("org_units as o", "o.id", "u.org_unit_id")
      .select(["u.id", "u.name", "u.role", "u.active", "o.kind as org_kind", "o.path as org_path"])
      .where("u.id", "=", id)
      .executeTakeFirst();
  }

  /** Active users of these roles whose jurisdiction covers the principal's (assignment picker). */
  agents(p: Jurisdiction, roles: readonly Role[]) {
    return this.db
      .selectFrom("users as u")
      .innerJoin("org_units as o", "o.id", "u.org_unit_id")
      .select(["u.id", "u.name", "u.login", "u.role"])
      .where("u.active", "=", true)
      .where("u.role", "in", roles)
      .where(sql<boolean>`(o.path like ${`${p.orgPath}%`} or ${p.orgPath} like o.path || '%')`)
      .orderBy("u.name")
      .limit(200)
      .execute();
  }

  async setAssignee(id: number, userId: number | null): Promise<void> {
    await this.db.updateTable("conversations").set({ assigned_to: userId }).where("id", "=", id).execute();
  }

  async linkConsumer(id: number, consumerId: number, dcId: number): Promise<void> {
    await this.db
      .updateTable("conversations")
      .set({ consumer_id: consumerId, dc_id: dcId, consumer_verified: false })
      .where("id", "=", id)
      .execute();
  }

  /** The DC a complaint made from an unlinked conversation went to: its desk sees the conversation too. */
  async linkDc(id: number, dcId: number): Promise<void> {
    await this.db
      .updateTable("conversations")
      .set({ dc_id: dcId })
      .where("id", "=", id)
      .where("dc_id", "is", null)
      .execute();
  }

  async linkComplaint(conversationId: number, complaintId: number, at: Date): Promise<void> {
    await this.db
      .insertInto("conversation_complaints")
      .values({ conversation_id: conversationId, complaint_id: complaintId, linked_at: at })
      .onConflict((oc) => oc.columns(["conversation_id", "complaint_id"]).doNothing())
      .execute();
  }

  /** Whether a complaint came from this conversation; its id. */
  async linkedComplaint(conversationId: number, number: string) {
    return this.db
      .selectFrom("conversation_complaints as cc")
      .innerJoin("complaints as k", "k.id", "cc.complaint_id")
      .select(["k.id", "k.number"])
      .where("cc.conversation_id", "=", conversationId)
      .where("k.number", "=", number)
      .executeTakeFirst();
  }

  /** An agent's reply, pending until the channel's sender takes it. */
  async addReply(r: {
    conversationId: number;
    channel: ConversationChannel;
    userId: number;
    body: string;
    at: Date;
    /** 'sent' when the reply is handed on at once (SMS outbox, the portal's page). */
    status: "pending" | "sent";
  }): Promise<number> {
    const row = await this.db
      .insertInto("conversation_messages")
      .values({
        conversation_id: r.conversationId,
        channel: r.channel,
        direction: "out",
        author: "agent",
        user_id: r.userId,
        kind: "text",
        body: r.body,
        status: r.status,
        at: r.at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** After a reply: waiting for the consumer; the first answer is remembered; unassigned ones become his. */
  async replied(id: number, userId: number, at: Date): Promise<void> {
    await this.db
      .updateTable("conversations")
      .set({
        status: "waiting",
        last_message_at: at,
        first_responded_at: sql`coalesce(first_responded_at, ${at})`,
        assigned_to: sql`coalesce(assigned_to, ${userId})`,
      })
      .where("id", "=", id)
      .execute();
  }

  async close(id: number, userId: number, at: Date): Promise<void> {
    await this.db
      .updateTable("conversations")
      .set({ status: "closed", closed_at: at, closed_by: userId })
      .where("id", "=", id)
      .execute();
  }

  /**
   * A consumer wrote: a conversation waiting for him is open again, and one
   * with no first-response limit yet gets it; one statement, which writes
   * nothing in the usual case (new or open, its limit set). The status
   * before and after, when it wrote.
   */
  async onInbound(
    id: number,
    at: Date,
    minutes: number,
  ): Promise<{ before: ConversationStatus; after: ConversationStatus } | undefined> {
    const r = await sql<{ before: ConversationStatus; after: ConversationStatus }>`
      update conversations c set
        status = case when c.status = 'waiting' then 'open' else c.status end,
        first_response_due = case when c.first_response_due is null and c.first_responded_at is null
          then ${at}::timestamptz + make_interval(mins => ${minutes}) else c.first_response_due end
      from (select id, status from conversations where id = ${id} for update) o
      where c.id = o.id
        and (c.status = 'waiting' or (c.status in ('new', 'open')
          and c.first_response_due is null and c.first_responded_at is null))
      returning o.status as before, c.status as after`.execute(this.db);
    return r.rows[0];
  }

  /** Conversations with no first-response limit yet (intake or the bot's handover left none): it runs from their opening. */
  async fillDue(minutes: number, limit: number): Promise<number> {
    const r = await sql`
      update conversations set first_response_due = coalesce(last_inbound_at, opened_at) + make_interval(mins => ${minutes})
      where id in (select id from conversations where status in ('new', 'open')
        and first_response_due is null and first_responded_at is null limit ${limit})`.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }

  /**
   * Escalates (once: escalated_at) up to `limit` conversations still
   * unanswered past their first-response limit, in one statement; those it
   * escalated, with their DC. Two sweeps at once never escalate one twice.
   */
  async escalateDue(now: Date, limit: number) {
    const r = await sql<{
      id: number;
      channel: ConversationChannel;
      status: ConversationStatus;
      opened_at: Date;
      dc_path: string | null;
      dc_name_en: string | null;
      dc_name_hi: string | null;
    }>`
      with due as (
        select id from conversations
        where status in ('new', 'open') and first_response_due < ${now}
          and first_responded_at is null and escalated_at is null
        order by first_response_due
        limit ${limit}
        for update skip locked
      ), marked as (
        update conversations c set escalated_at = ${now}
        from due where c.id = due.id and c.escalated_at is null
        returning c.id, c.channel, c.status, c.opened_at, c.dc_id
      )
      select m.id, m.channel, m.status, m.opened_at,
        dc.path as dc_path, dc.name_en as dc_name_en, dc.name_hi as dc_name_hi
      from marked m left join org_units dc on dc.id = m.dc_id
      order by m.id`.execute(this.db);
    return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
  }

  /** On-duty supervisors with a phone, and the path of their jurisdiction (to whom an escalation goes). */
  async supervisorsOnDuty() {
    const rows = await this.db
      .selectFrom("users as u")
      .innerJoin("org_units as o", "o.id", "u.org_unit_id")
      .select(["u.id", "u.phone", "u.language", "o.path", "o.kind", "o.name_en", "o.name_hi"])
      .where("u.role", "=", "supervisor")
      .where("u.active", "=", true)
      .where("u.on_duty", "=", true)
      .where("u.phone", "is not", null)
      .orderBy("u.id")
      .limit(1000)
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id), phone: r.phone as string }));
  }

  /** The org paths of these conversations' DCs ("/" for the central desk): whose wallboards to refresh. */
  async pathsOf(ids: number[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom("conversations as c")
      .leftJoin("org_units as dc", "dc.id", "c.dc_id")
      .select("dc.path")
      .where("c.id", "in", ids)
      .execute();
    return [...new Set(rows.map((r) => r.path ?? "/"))];
  }
}
