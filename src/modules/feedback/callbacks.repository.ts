import { type Kysely, sql } from "kysely";
import { dcInJurisdiction } from "../../db/jurisdiction.ts";
import { afterCursor, type Cursor, cursorOf, keyColumns, orderSql, type SortPart } from "../../db/keyset.ts";
import type { CallbackStatus, CallOutcome, DB, Language, TroubleTag } from "../../db/schema.ts";
import type { Tx } from "../../db/unit-of-work.ts";
import type { Principal } from "../access/principal.ts";
import { callMobile } from "../complaints/complaints.repository.ts";
import { leaseFree } from "./desk.sql.ts";

export interface CallbackRow {
  id: number;
  complaint_id: number;
  number: string;
  round: number;
  status: string;
  priority: number;
  resolved_at: Date;
  attempts: number;
  next_attempt_at: Date;
  window_ends_at: Date;
  lease_user_id: number | null;
  lease_until: Date | null;
  category_name_en: string;
  category_name_hi: string;
  consumer_no: string | null;
  consumer_name: string | null;
  caller_name: string | null;
  phone: string | null;
  language: Language;
  dc_code: string;
  dc_name_en: string;
  dc_name_hi: string;
  resolved_by: string | null;
  resolution_remarks: string | null;
  reopen_count: number;
  breached: boolean;
  last_outcome: string | null;
}

/** What the consumer said, as the callback keeps it. */
export interface CallbackAnswer {
  status: "confirmed" | "not_fixed";
  at: Date;
  via: "call" | "link";
  by: number | null;
  fixed: boolean;
  timeRating: number | null;
  overallRating: number | null;
  tags: string[];
  troubleText: string | null;
  words: string | null;
}

const LIVE = ["open", "link_sent"] as const;

/** A callback as its history shows it: the queue's row and what became of it. */
export interface CallbackHistoryRow extends CallbackRow {
  created_at: Date;
  closed_at: Date | null;
  answered_via: string | null;
  fixed: boolean | null;
  time_rating: number | null;
  overall_rating: number | null;
  trouble_tags: string[];
  consumer_words: string | null;
}

/** The history's filters (an office by its path: it and the DCs below it). */
export interface CallbackHistoryFilter {
  status?: CallbackStatus | undefined;
  officePath?: string | undefined;
  closedFrom?: Date | undefined;
  closedTo?: Date | undefined;
  outcome?: CallOutcome | undefined;
}

/** The history's order: the newest callback first (its id: the primary key serves it). */
const HISTORY_ORDER: SortPart[] = [{ expr: "b.id", dir: "desc" }];

const LAST_OUTCOME = sql<
  string | null
>`(select a.outcome from callback_attempts a where a.callback_id = b.id order by a.id desc limit 1)`;
const NO_LEASE = { lease_user_id: null, lease_until: null } as const;

/** The feedback desk's callbacks, their attempts and links, and the grievances they raise. */
/** Grievances newest first (id breaks ties, so the export's pages meet exactly). */
const GRIEVANCE_ORDER: SortPart[] = [
  { expr: "g.created_at", dir: "desc" },
  { expr: "g.id", dir: "desc" },
];

/** The queue's filters: a complaint number, consumer number or mobile; an office (by its path), a category, a round. */
export interface CallbackQueueFilter {
  q?: string | undefined;
  officePath?: string | undefined;
  categoryCode?: string | undefined;
  round?: number | undefined;
}

export class CallbacksRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Runs fn with a repository bound to one transaction (and the transaction, for other repositories in it). */
  transaction<T>(fn: (repo: CallbacksRepository, tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((tx) => fn(new CallbacksRepository(tx), tx));
  }

  // ---- Callbacks ----

  /** The callback of a resolution (one per complaint and round; a second is skipped). */
  async addForResolution(c: {
    complaintId: number;
    round: number;
    dcId: number;
    priority: number;
    resolvedAt: Date;
    windowEndsAt: Date;
    createdAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto("callbacks")
      .values({
        complaint_id: c.complaintId,
        round: c.round,
        dc_id: c.dcId,
        priority: c.priority,
        resolved_at: c.resolvedAt,
        next_attempt_at: c.resolvedAt,
        window_ends_at: c.windowEndsAt,
        created_at: c.createdAt,
      })
      .onConflict((oc) => oc.columns(["complaint_id", "round"]).doNothing())
      .execute();
  }

  /** Drops a complaint's open callbacks (the complaint moved on without them). */
  async cancelLiveOf(complaintId: number, at: Date): Promise<void> {
    await this.db
      .updateTable("callbacks")
      .set({ status: "cancelled", closed_at: at, ...NO_LEASE })
      .where("complaint_id", "=", complaintId)
      .where("status", "in", LIVE)
      .execute();
  }

  private base() {
    return this.db
      .selectFrom("callbacks as b")
      .innerJoin("complaints as c", "c.id", "b.complaint_id")
      .innerJoin("complaint_categories as k", "k.code", "c.category_code")
      .innerJoin("org_units as dc", "dc.id", "b.dc_id")
      .leftJoin("consumers as p", "p.id", "c.consumer_id")
      .leftJoin("users as u", "u.id", "c.assigned_to")
      .select([
        "b.id",
        "b.complaint_id",
        "c.number",
        "b.round",
        "b.status",
        "b.priority",
        "b.resolved_at",
        "b.attempts",
        "b.next_attempt_at",
        "b.window_ends_at",
        "b.lease_user_id",
        "b.lease_until",
        "k.name_en as category_name_en",
        "k.name_hi as category_name_hi",
        "p.consumer_no",
        "p.name as consumer_name",
        "c.caller_name",
        "c.language",
        "dc.code as dc_code",
        "dc.name_en as dc_name_en",
        "dc.name_hi as dc_name_hi",
        sql<string | null>`coalesce((select e.actor_name from complaint_events e
          where e.complaint_id = c.id and e.action = 'resolved' order by e.id desc limit 1), u.name)`.as(
          "resolved_by",
        ),
        "c.resolution_remarks",
        "c.reopen_count",
        sql<boolean>`c.breached_at is not null`.as("breached"),
        sql<string | null>`coalesce(c.caller_phone, c.alt_phone, ${callMobile("c.consumer_id")})`.as("phone"),
        LAST_OUTCOME.as("last_outcome"),
      ]);
  }

  private history(principal: Principal, f: CallbackHistoryFilter) {
    let q = this.base()
      .select([
        "b.created_at",
        "b.closed_at",
        "b.answered_via",
        "b.fixed",
        "b.time_rating",
        "b.overall_rating",
        "b.trouble_tags",
        "b.consumer_words",
      ])
      .where(dcInJurisdiction("b.dc_id", principal));
    if (f.status) q = q.where("b.status", "=", f.status);
    if (f.officePath) q = q.where("dc.path", "like", `${f.officePath}%`);
    if (f.closedFrom) q = q.where("b.closed_at", ">=", f.closedFrom);
    if (f.closedTo) q = q.where("b.closed_at", "<", f.closedTo);
    if (f.outcome) q = q.where(sql<boolean>`${LAST_OUTCOME} = ${f.outcome}`);
    return q;
  }

  /** An office's path by its code (the history's `dc` filter), if there is one. */
  async officePath(code: string): Promise<string | undefined> {
    const r = await this.db
      .selectFrom("org_units")
      .select("path")
      .where("code", "=", code)
      .executeTakeFirst();
    return r?.path;
  }

  /** Every callback of the principal's jurisdiction as filtered (any status), newest first: a page. */
  async historyFor(
    principal: Principal,
    f: CallbackHistoryFilter,
    limit: number,
    offset: number,
  ): Promise<CallbackHistoryRow[]> {
    const rows = await this.history(principal, f)
      .orderBy(orderSql(HISTORY_ORDER))
      .limit(limit)
      .offset(offset)
      .execute();
    return rows as unknown as CallbackHistoryRow[];
  }

  /** The same history after a cursor, in its order (the export walks it to its end). */
  async historyAfter(
    principal: Principal,
    f: CallbackHistoryFilter,
    after: Cursor | undefined,
    limit: number,
  ): Promise<(CallbackHistoryRow & { cursor: Cursor })[]> {
    let q = this.history(principal, f).select(keyColumns(HISTORY_ORDER));
    if (after) q = q.where(afterCursor(HISTORY_ORDER, after));
    const rows = await q.orderBy(orderSql(HISTORY_ORDER)).limit(limit).execute();
    return rows.map((r) => ({ ...(r as unknown as CallbackHistoryRow), cursor: cursorOf(r, HISTORY_ORDER) }));
  }

  /**
   * Open callbacks due by `now` in the principal's jurisdiction, not held by
   * another agent, as filtered. Without a number to dial (no caller's, other
   * or consumer's mobile) a callback is not the desk's work: the consumer
   * answers it on his tracking page, or the window closes it.
   */
  private due(principal: Principal, now: Date, f: CallbackQueueFilter) {
    let q = this.base()
      .where("b.status", "=", "open")
      .where("b.next_attempt_at", "<=", now)
      .where(dcInJurisdiction("b.dc_id", principal))
      .where(leaseFree("b.", now, principal.id))
      .where(sql<boolean>`coalesce(c.caller_phone, c.alt_phone, ${callMobile("c.consumer_id")}) is not null`);
    if (f.officePath) q = q.where("dc.path", "like", `${f.officePath}%`);
    if (f.categoryCode) q = q.where("c.category_code", "=", f.categoryCode);
    if (f.round !== undefined) q = q.where("b.round", "=", f.round);
    const text = f.q?.trim().toUpperCase();
    if (text) {
      const digits = text.replace(/\D/g, "");
      const mobile = digits.length >= 10 ? digits.slice(-10) : undefined;
      q = q.where((eb) =>
        eb.or([
          eb("c.number", "=", text),
          eb("p.consumer_no", "=", text),
          ...(mobile
            ? [
                eb("c.caller_phone", "=", mobile),
                eb("c.alt_phone", "=", mobile),
                eb.exists(
                  eb
                    .selectFrom("consumer_mobiles as m")
                    .select("m.mobile")
                    .whereRef("m.consumer_id", "=", "c.consumer_id")
                    .where("m.mobile", "=", mobile),
                ),
              ]
            : []),
        ]),
      );
    }
    return q;
  }

  /** The due callbacks as filtered: reopened and late first, then the oldest resolution. */
  async dueFor(
    principal: Principal,
    now: Date,
    limit: number,
    f: CallbackQueueFilter = {},
  ): Promise<CallbackRow[]> {
    const rows = await this.due(principal, now, f)
      .orderBy("b.priority")
      .orderBy("b.resolved_at")
      .orderBy("b.id")
      .limit(limit)
      .execute();
    return rows as unknown as CallbackRow[];
  }

  /** How many callbacks the filtered queue holds (it shows the first page of them). */
  async countDue(principal: Principal, now: Date, f: CallbackQueueFilter = {}): Promise<number> {
    const r = await this.db
      .selectFrom(this.due(principal, now, f).as("d"))
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** The desk's counts since `since` (his calls, his jurisdiction's calls and reached ones), due now and waiting on a link. */
  async progressFor(principal: Principal, since: Date, now: Date) {
    const r = await sql<{ mine: number; desk: number; reached: number; due: number; waiting_link: number }>`
      select
        (select count(*)::int from callback_attempts a where a.at >= ${since} and a.user_id = ${principal.id}) as mine,
        (select count(*)::int from callback_attempts a where a.at >= ${since} and ${dcInJurisdiction("a.dc_id", principal)}) as desk,
        (select count(*)::int from callback_attempts a where a.at >= ${since} and a.outcome = 'reached'
           and ${dcInJurisdiction("a.dc_id", principal)}) as reached,
        (select count(*)::int from callbacks b where b.status = 'open' and b.next_attempt_at <= ${now}
           and ${dcInJurisdiction("b.dc_id", principal)}) as due,
        (select count(*)::int from callbacks b where b.status = 'link_sent'
           and ${dcInJurisdiction("b.dc_id", principal)}) as waiting_link`.execute(this.db);
    return r.rows[0];
  }

  /** A callback in the principal's jurisdiction. */
  async findForUser(principal: Principal, id: number): Promise<CallbackRow | undefined> {
    const row = await this.base()
      .where("b.id", "=", id)
      .where(dcInJurisdiction("b.dc_id", principal))
      .executeTakeFirst();
    return row as unknown as CallbackRow | undefined;
  }

  /** A callback whatever its jurisdiction: only for its consumer's own link. */
  async findForLink(id: number): Promise<CallbackRow> {
    return (await this.base().where("b.id", "=", id).executeTakeFirstOrThrow()) as unknown as CallbackRow;
  }

  /** The complaint's callback still waiting for an answer (open or link sent), if any: for its consumer's portal. */
  async liveForComplaint(complaintId: number): Promise<CallbackRow | undefined> {
    const row = await this.base()
      .where("b.complaint_id", "=", complaintId)
      .where("b.status", "in", ["open", "link_sent"])
      .orderBy("b.id", "desc")
      .executeTakeFirst();
    return row as unknown as CallbackRow | undefined;
  }

  /** Gives an open callback to an agent until `until`, unless another holds it; whether it did. */
  async lease(id: number, userId: number, now: Date, until: Date): Promise<boolean> {
    const r = await this.db
      .updateTable("callbacks")
      .set({ lease_user_id: userId, lease_until: until })
      .where("id", "=", id)
      .where("status", "=", "open")
      .where(leaseFree("", now, userId))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Lets go of a callback the agent holds. */
  async release(id: number, userId: number): Promise<void> {
    await this.db
      .updateTable("callbacks")
      .set(NO_LEASE)
      .where("id", "=", id)
      .where("lease_user_id", "=", userId)
      .execute();
  }

  attempts(id: number) {
    return this.db
      .selectFrom("callback_attempts as a")
      .leftJoin("users as u", "u.id", "a.user_id")
      .select(["a.at", "a.outcome", "a.note", "u.name as by"])
      .where("a.callback_id", "=", id)
      .orderBy("a.id")
      .execute();
  }

  /** The callback's row locked for update, in a transaction. */
  lock(id: number) {
    return this.db
      .selectFrom("callbacks")
      .select(["status", "attempts", "dc_id", "lease_user_id", "lease_until"])
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirstOrThrow();
  }

  async addAttempt(a: {
    callbackId: number;
    at: Date;
    userId: number | null;
    dcId: number;
    outcome: CallOutcome;
    note: string | null;
  }): Promise<void> {
    await this.db
      .insertInto("callback_attempts")
      .values({
        callback_id: a.callbackId,
        at: a.at,
        user_id: a.userId,
        dc_id: a.dcId,
        outcome: a.outcome,
        note: a.note,
      })
      .execute();
  }

  /** After an unanswered attempt: the count, when to try next, and nobody holds it. */
  async scheduleRetry(id: number, attempts: number, next: Date): Promise<void> {
    await this.db
      .updateTable("callbacks")
      .set({ attempts, next_attempt_at: next, ...NO_LEASE })
      .where("id", "=", id)
      .execute();
  }

  /** Saves his answers on a callback still waiting for them; false when it was answered already. */
  async saveAnswer(id: number, a: CallbackAnswer): Promise<boolean> {
    const r = await this.db
      .updateTable("callbacks")
      .set({
        status: a.status,
        closed_at: a.at,
        attempts: sql`attempts + ${a.via === "call" ? 1 : 0}`,
        answered_via: a.via,
        answered_by: a.by,
        fixed: a.fixed,
        time_rating: a.timeRating,
        overall_rating: a.overallRating,
        trouble_tags: sql`${sql.val(a.tags)}::text[]`,
        trouble_text: a.troubleText,
        consumer_words: a.words,
        ...NO_LEASE,
      })
      .where("id", "=", id)
      .where("status", "in", LIVE)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Callbacks whose window has passed with no answer, the longest passed first. */
  unansweredBy(now: Date, limit: number) {
    return this.db
      .selectFrom("callbacks")
      .select(["id", "complaint_id"])
      .where("status", "in", LIVE)
      .where("window_ends_at", "<=", now)
      .orderBy("window_ends_at")
      .limit(limit)
      .execute();
  }

  /** Closes a callback still waiting: "not_confirmed" (the window passed) or "cancelled" (the complaint moved on). */
  async closeLive(id: number, status: "not_confirmed" | "cancelled", at: Date): Promise<void> {
    await this.db
      .updateTable("callbacks")
      .set(status === "not_confirmed" ? { status, closed_at: at, ...NO_LEASE } : { status, closed_at: at })
      .where("id", "=", id)
      .where("status", "in", LIVE)
      .execute();
  }

  // ---- Feedback links ----

  /**
   * Where a feedback link may go: the complaint's caller phone and language,
   * with each verified mobile of its consumer (the one registered first first).
   */
  linkRecipients(complaintId: number) {
    return this.db
      .selectFrom("complaints as c")
      .leftJoin("consumer_mobiles as m", (j) =>
        j.onRef("m.consumer_id", "=", "c.consumer_id").on("m.verified", "=", true),
      )
      .select(["c.caller_phone", "c.language", "m.mobile", "m.language as mobile_language"])
      .where("c.id", "=", complaintId)
      .orderBy("m.created_at")
      .execute();
  }

  /** Records the link (by its token's hash) and marks the callback as waiting for it. */
  async addLink(callbackId: number, tokenHash: string, at: Date, expiresAt: Date): Promise<void> {
    await this.db
      .insertInto("feedback_links")
      .values({ token_hash: tokenHash, callback_id: callbackId, created_at: at, expires_at: expiresAt })
      .execute();
    await this.db
      .updateTable("callbacks")
      .set({ status: "link_sent", attempts: sql`attempts + 1`, ...NO_LEASE })
      .where("id", "=", callbackId)
      .execute();
  }

  link(tokenHash: string) {
    return this.db
      .selectFrom("feedback_links")
      .selectAll()
      .where("token_hash", "=", tokenHash)
      .executeTakeFirst();
  }

  /** Marks a link used; false when it was used already. */
  async markLinkUsed(tokenHash: string, at: Date): Promise<boolean> {
    const r = await this.db
      .updateTable("feedback_links")
      .set({ used_at: at })
      .where("token_hash", "=", tokenHash)
      .where("used_at", "is", null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Makes a link good again (the answers it carried were refused). */
  async markLinkUnused(tokenHash: string): Promise<void> {
    await this.db
      .updateTable("feedback_links")
      .set({ used_at: null })
      .where("token_hash", "=", tokenHash)
      .execute();
  }

  // ---- Grievances ----

  /** A grievance for the office above the DC (the DC itself when it has none). */
  async addGrievance(g: {
    complaintId: number;
    callbackId: number;
    dcId: number;
    tags: TroubleTag[];
    text: string | null;
    at: Date;
  }): Promise<void> {
    const office = await this.db
      .selectFrom("org_units")
      .select("parent_id")
      .where("id", "=", g.dcId)
      .executeTakeFirstOrThrow();
    await this.db
      .insertInto("grievances")
      .values({
        complaint_id: g.complaintId,
        callback_id: g.callbackId,
        dc_id: g.dcId,
        office_id: office.parent_id ?? g.dcId,
        tags: sql`${sql.val(g.tags)}::text[]` as unknown as TroubleTag[],
        text: g.text,
        created_at: g.at,
      })
      .execute();
  }

  /** Grievances for the principal's offices, newest first. */
  grievancesFor(principal: Principal, status: "open" | "closed" | "all") {
    return this.grievanceQuery(principal, status).orderBy(orderSql(GRIEVANCE_ORDER)).limit(200).execute();
  }

  /** The same list past its 200, after a cursor, in its order (the export). */
  async grievancesAfter(
    principal: Principal,
    status: "open" | "closed" | "all",
    after: Cursor | undefined,
    limit: number,
  ) {
    let q = this.grievanceQuery(principal, status).select(keyColumns(GRIEVANCE_ORDER));
    if (after) q = q.where(afterCursor(GRIEVANCE_ORDER, after));
    const rows = await q.orderBy(orderSql(GRIEVANCE_ORDER)).limit(limit).execute();
    return rows.map((r) => ({ ...r, cursor: cursorOf(r, GRIEVANCE_ORDER) }));
  }

  private grievanceQuery(principal: Principal, status: "open" | "closed" | "all") {
    let q = this.db
      .selectFrom("grievances as g")
      .innerJoin("complaints as c", "c.id", "g.complaint_id")
      .innerJoin("org_units as o", "o.id", "g.office_id")
      .innerJoin("org_units as dc", "dc.id", "g.dc_id")
      .leftJoin("users as u", "u.id", "g.closed_by")
      .select([
        "g.id",
        "c.number",
        "g.tags",
        "g.text",
        "g.status",
        "g.created_at",
        "g.closed_at",
        "g.action_taken",
        "u.name as closed_by",
        "o.code as office_code",
        "o.name_en as office_name_en",
        "o.name_hi as office_name_hi",
        "dc.code as dc_code",
        "dc.name_en as dc_name_en",
        "dc.name_hi as dc_name_hi",
      ])
      .where("o.path", "like", `${principal.orgPath}%`);
    if (status !== "all") q = q.where("g.status", "=", status);
    return q;
  }

  /** A grievance of one of the principal's offices. */
  grievanceFor(principal: Principal, id: number) {
    return this.db
      .selectFrom("grievances as g")
      .innerJoin("org_units as o", "o.id", "g.office_id")
      .select(["g.id", "g.status"])
      .where("g.id", "=", id)
      .where("o.path", "like", `${principal.orgPath}%`)
      .executeTakeFirst();
  }

  async closeGrievance(id: number, c: { at: Date; by: number; actionTaken: string }): Promise<void> {
    await this.db
      .updateTable("grievances")
      .set({ status: "closed", closed_at: c.at, closed_by: c.by, action_taken: c.actionTaken })
      .where("id", "=", id)
      .where("status", "=", "open")
      .execute();
  }
}
