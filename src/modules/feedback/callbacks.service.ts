import { type Kysely, sql } from "kysely";
import { dcInJurisdiction } from "../../db/jurisdiction.ts";
import {
  CALL_OUTCOMES,
  type CallOutcome,
  type Complaint,
  type DB,
  type Language,
  TROUBLE_TAGS,
  type TroubleTag,
} from "../../db/schema.ts";
import type { EventBus, Tx } from "../../db/unit-of-work.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../lib/errors.ts";
import { startOfDay } from "../../lib/time.ts";
import { callMobile } from "../complaints/complaints.repository.ts";
import type { ComplaintsService } from "../complaints/complaints.service.ts";
import type { AppEvent } from "../events.ts";
import { OutboxRepository } from "../notifications/outbox.repository.ts";
import { RecipientsRepository } from "../notifications/recipients.repository.ts";
import { renderSms } from "../notifications/sms-templates.ts";
import { SettingsRepository } from "../settings/settings.repository.ts";
import { can, type Principal } from "../users/principal.ts";
import type { ThrottleRepository } from "../users/throttle.repository.ts";
import { DeskSettings, heldByAnother, leaseFree, placeCall, rating } from "./desk.ts";
import { findLink, hashToken, newToken, publicLink } from "./links.ts";

export interface FeedbackSettings {
  /** Call attempts before the feedback link goes by SMS instead. */
  maxAttempts: number;
  /** Hours to wait after each unanswered attempt (the last value repeats). */
  retryAfterHours: number[];
  /** Days after resolution the consumer has to answer; then the complaint closes "not confirmed". */
  windowDays: number;
  /** Feedback calls a day the company's desk aims to make. */
  dailyTarget: number;
  /** How long an agent who opened a callback keeps it to himself. */
  leaseMinutes: number;
  /** Trouble that goes to the officer above the DC as a grievance. */
  grievanceTags: TroubleTag[];
}

export const DEFAULT_FEEDBACK_SETTINGS: FeedbackSettings = {
  maxAttempts: 3,
  retryAfterHours: [4, 24],
  windowDays: 7,
  dailyTarget: 500,
  leaseMinutes: 10,
  grievanceTags: ["money_asked", "staff_behaviour"],
};

export interface FeedbackAnswers {
  fixed: boolean;
  timeRating?: number | undefined;
  overallRating?: number | undefined;
  troubleTags?: string[] | undefined;
  troubleText?: string | undefined;
  /** In his words, when it is not fixed (it goes back to the DC with the complaint). */
  consumerWords?: string | undefined;
}

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

/**
 * The feedback desk: a callback for every resolution, worked in priority
 * order until the consumer says whether it was fixed (confirmed: the
 * complaint closes; not fixed: it is reopened with his words and goes back to
 * the DC), a feedback link by SMS when he cannot be reached, and "closed, not
 * confirmed" when the window passes. Trouble he reports becomes a grievance
 * for the officer above the DC.
 */
export class CallbacksService {
  private readonly stored: DeskSettings<FeedbackSettings>;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly complaints: ComplaintsService,
    settings: SettingsRepository,
    private readonly throttle: ThrottleRepository,
    private readonly clock: Clock,
    private readonly options: { timeZone: string; linkBase: string; ctiUrl?: string | undefined },
  ) {
    this.stored = new DeskSettings(settings, "feedback", DEFAULT_FEEDBACK_SETTINGS, {
      maxAttempts: [1, 10],
      windowDays: [1, 60],
      dailyTarget: [1, 100_000],
      leaseMinutes: [1, 120],
    });
  }

  config(): Promise<FeedbackSettings> {
    return this.stored.get();
  }

  /** An admin changes the desk's numbers (the fields given); 400 naming the first bad one. */
  async updateConfig(principal: Principal, input: Partial<FeedbackSettings>): Promise<FeedbackSettings> {
    if (!can(principal, "survey.manage")) throw forbidden();
    return this.stored.update(input, (given, next) => {
      if (given.grievanceTags === undefined) return;
      if (!given.grievanceTags.every((x) => TROUBLE_TAGS.includes(x)))
        throw badRequest(`grievanceTags are among ${TROUBLE_TAGS.join(", ")}`, "grievanceTags");
      next.grievanceTags = [...new Set(given.grievanceTags)];
    });
  }

  /** A callback for each resolution; an open one is dropped when the complaint moves on without it. */
  register(bus: EventBus<AppEvent>): void {
    bus.onInTransaction("complaint.resolved", async (ctx, { complaint: c }) => {
      // Read through the transaction (never the root handle inside one: PGlite has one session).
      const settings = await this.stored.read(new SettingsRepository(ctx.db));
      const resolvedAt = c.resolved_at ?? c.updated_at;
      await ctx.db
        .insertInto("callbacks")
        .values({
          complaint_id: c.id,
          round: c.reopen_count,
          dc_id: c.dc_id,
          priority: c.reopen_count > 0 || c.breached_at !== null ? 0 : 1,
          resolved_at: resolvedAt,
          next_attempt_at: resolvedAt,
          window_ends_at: new Date(resolvedAt.getTime() + settings.windowDays * 86_400_000),
          created_at: c.updated_at,
        })
        .onConflict((oc) => oc.columns(["complaint_id", "round"]).doNothing())
        .execute();
    });
    bus.onInTransaction("complaint.changed", async (ctx, { complaint: c, to }) => {
      if (to === "resolved") return;
      // Reopened, closed or marked by someone else: this round's callback has nothing left to ask.
      await ctx.db
        .updateTable("callbacks")
        .set({ status: "cancelled", closed_at: c.updated_at, lease_user_id: null, lease_until: null })
        .where("complaint_id", "=", c.id)
        .where("status", "in", ["open", "link_sent"])
        .execute();
    });
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
        sql<
          string | null
        >`(select a.outcome from callback_attempts a where a.callback_id = b.id order by a.id desc limit 1)`.as(
          "last_outcome",
        ),
      ]);
  }

  private ensure(principal: Principal) {
    if (!can(principal, "callbacks.work")) throw forbidden();
  }

  /** Callbacks due now in the principal's jurisdiction: reopened and late ones first, then the oldest resolution. */
  async queue(principal: Principal, limit = 50) {
    this.ensure(principal);
    const now = this.clock();
    const rows = await this.base()
      .where("b.status", "=", "open")
      .where("b.next_attempt_at", "<=", now)
      .where(dcInJurisdiction("b.dc_id", principal))
      .where(leaseFree("b.", now, principal.id))
      .orderBy("b.priority")
      .orderBy("b.resolved_at")
      .orderBy("b.id")
      .limit(Math.min(Math.max(limit, 1), 200))
      .execute();
    return rows as unknown as CallbackRow[];
  }

  /** The desk's day: calls made today (by him and by everyone in his jurisdiction) against the target. */
  async progress(principal: Principal) {
    this.ensure(principal);
    const settings = await this.config();
    const now = this.clock();
    const since = startOfDay(now, this.options.timeZone);
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
    const row = r.rows[0] ?? { mine: 0, desk: 0, reached: 0, due: 0, waiting_link: 0 };
    return {
      mine: Number(row.mine),
      desk: Number(row.desk),
      reached: Number(row.reached),
      due: Number(row.due),
      waitingLink: Number(row.waiting_link),
      // The company's target; a desk below the company sees it too (it works the company's queue share).
      target: settings.dailyTarget,
    };
  }

  private async visible(principal: Principal, id: number): Promise<CallbackRow> {
    const row = await this.base()
      .where("b.id", "=", id)
      .where(dcInJurisdiction("b.dc_id", principal))
      .executeTakeFirst();
    if (!row) throw notFound("callback");
    return row as unknown as CallbackRow;
  }

  /** Opens a callback to work it: it is his for a few minutes, so two agents never call the same consumer. */
  async open(principal: Principal, id: number) {
    this.ensure(principal);
    const settings = await this.config();
    const now = this.clock();
    const row = await this.visible(principal, id);
    if (row.status === "open") {
      const r = await this.db
        .updateTable("callbacks")
        .set({
          lease_user_id: principal.id,
          lease_until: new Date(now.getTime() + settings.leaseMinutes * 60_000),
        })
        .where("id", "=", id)
        .where("status", "=", "open")
        .where(leaseFree("", now, principal.id))
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0)
        throw conflict("another agent is on this callback now; take the next one", "id");
    }
    const attempts = await this.db
      .selectFrom("callback_attempts as a")
      .leftJoin("users as u", "u.id", "a.user_id")
      .select(["a.at", "a.outcome", "a.note", "u.name as by"])
      .where("a.callback_id", "=", id)
      .orderBy("a.id")
      .execute();
    return { callback: await this.visible(principal, id), attempts };
  }

  /** He puts the callback back (cancel, Esc): another agent may take it at once, not in ten minutes. */
  async release(principal: Principal, id: number): Promise<void> {
    this.ensure(principal);
    await this.visible(principal, id);
    await this.db
      .updateTable("callbacks")
      .set({ lease_user_id: null, lease_until: null })
      .where("id", "=", id)
      .where("lease_user_id", "=", principal.id)
      .execute();
  }

  /**
   * The CTI hook: asks the dialler (a softphone or the call centre's dialler)
   * to place the call to the consumer for this agent.
   */
  async dial(principal: Principal, id: number): Promise<void> {
    this.ensure(principal);
    const row = await this.visible(principal, id);
    if (!row.phone) throw conflict("this complaint has no phone number to call", "id");
    await placeCall(this.options.ctiUrl, {
      callbackId: row.id,
      complaintNumber: row.number,
      phone: row.phone,
      agent: principal.login,
      language: row.language,
    });
  }

  /** What the call came to: not reached (tried again later, or the link goes), or his answers. */
  async record(
    principal: Principal,
    id: number,
    input: { outcome: string; note?: string | undefined; answers?: FeedbackAnswers | undefined },
  ) {
    this.ensure(principal);
    if (!CALL_OUTCOMES.includes(input.outcome as CallOutcome))
      throw badRequest(`outcome is one of ${CALL_OUTCOMES.join(", ")}`, "outcome");
    const outcome = input.outcome as CallOutcome;
    const row = await this.visible(principal, id);
    if (row.status !== "open")
      throw conflict(`this callback is already ${row.status.replace("_", " ")}: nothing to record`, "id");
    const settings = await this.config();
    const now = this.clock();
    const note = input.note?.trim().slice(0, 1000) || null;
    if (outcome !== "reached") {
      if (input.answers) throw badRequest("answers are only for a reached consumer", "answers");
      return this.db.transaction().execute(async (tx) => {
        const locked = await tx
          .selectFrom("callbacks")
          .select(["status", "attempts", "dc_id", "lease_user_id", "lease_until"])
          .where("id", "=", id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        if (locked.status !== "open") throw conflict(`this callback is already ${locked.status}`, "id");
        if (heldByAnother(locked, principal.id, now))
          throw conflict("another agent is on this callback now", "id");
        const attempts = locked.attempts + 1;
        await tx
          .insertInto("callback_attempts")
          .values({ callback_id: id, at: now, user_id: principal.id, dc_id: locked.dc_id, outcome, note })
          .execute();
        if (attempts >= settings.maxAttempts || outcome === "wrong_number") {
          // A wrong number never gets the link: only a verified mobile other than the one dialled does.
          if (await this.sendLink(tx, row, now, outcome === "wrong_number" ? row.phone : null))
            return { status: "link_sent" as const, attempts };
          // Nobody to send it to: nothing more to try; the window closes it "not confirmed".
          await tx
            .updateTable("callbacks")
            .set({ attempts, next_attempt_at: row.window_ends_at, lease_user_id: null, lease_until: null })
            .where("id", "=", id)
            .execute();
          return { status: "open" as const, attempts, nextAttemptAt: row.window_ends_at };
        }
        const hours = settings.retryAfterHours;
        const wait = (hours[Math.min(attempts - 1, hours.length - 1)] ?? 4) * 3600_000;
        await tx
          .updateTable("callbacks")
          .set({
            attempts,
            next_attempt_at: new Date(now.getTime() + wait),
            lease_user_id: null,
            lease_until: null,
          })
          .where("id", "=", id)
          .execute();
        return { status: "open" as const, attempts, nextAttemptAt: new Date(now.getTime() + wait) };
      });
    }
    if (!input.answers) throw badRequest("record his answers: was it fixed?", "answers");
    if (heldByAnother(row, principal.id, now)) throw conflict("another agent is on this callback now", "id");
    const status = await this.answer(row, input.answers, {
      via: "call",
      userId: principal.id,
      name: principal.name,
      role: principal.role,
      note,
      settings,
    });
    return { status, attempts: row.attempts + 1 };
  }

  /** His answers, from a call or the link: the complaint closes (fixed) or is reopened (not fixed). */
  private async answer(
    row: CallbackRow,
    a: FeedbackAnswers,
    by: {
      via: "call" | "link";
      userId: number | null;
      name: string;
      role: string | null;
      note: string | null;
      settings: FeedbackSettings;
    },
  ): Promise<"confirmed" | "not_fixed"> {
    if (typeof a.fixed !== "boolean") throw badRequest("say whether it was fixed", "fixed");
    const timeRating = rating(a.timeRating, "timeRating");
    const overallRating = rating(a.overallRating, "overallRating");
    const tags = [...new Set(a.troubleTags ?? [])];
    for (const t of tags)
      if (!TROUBLE_TAGS.includes(t as TroubleTag))
        throw badRequest(`troubleTags are among ${TROUBLE_TAGS.join(", ")}`, "troubleTags");
    const troubleText = a.troubleText?.trim().slice(0, 2000) || null;
    const words = a.consumerWords?.trim().slice(0, 2000) || null;
    if (!a.fixed && !words) throw badRequest("what the consumer says is still wrong", "consumerWords");
    const now = this.clock();
    const status = a.fixed ? "confirmed" : "not_fixed";
    const within = async (tx: Tx, before: Complaint) => {
      const r = await tx
        .updateTable("callbacks")
        .set({
          status,
          closed_at: now,
          attempts: sql`attempts + ${by.via === "call" ? 1 : 0}`,
          answered_via: by.via,
          answered_by: by.userId,
          fixed: a.fixed,
          time_rating: timeRating,
          overall_rating: overallRating,
          trouble_tags: sql`${sql.val(tags)}::text[]`,
          trouble_text: troubleText,
          consumer_words: words,
          lease_user_id: null,
          lease_until: null,
        })
        .where("id", "=", row.id)
        .where("status", "in", ["open", "link_sent"])
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw conflict("this callback was answered already", "id");
      if (by.via === "call")
        await tx
          .insertInto("callback_attempts")
          .values({
            callback_id: row.id,
            at: now,
            user_id: by.userId,
            dc_id: before.dc_id,
            outcome: "reached",
            note: by.note,
          })
          .execute();
      const grievance = tags.filter((t) =>
        by.settings.grievanceTags.includes(t as TroubleTag),
      ) as TroubleTag[];
      if (grievance.length > 0) {
        const office = await tx
          .selectFrom("org_units")
          .select("parent_id")
          .where("id", "=", before.dc_id)
          .executeTakeFirstOrThrow();
        await tx
          .insertInto("grievances")
          .values({
            complaint_id: before.id,
            callback_id: row.id,
            dc_id: before.dc_id,
            office_id: office.parent_id ?? before.dc_id,
            tags: sql`${sql.val(tags)}::text[]` as unknown as TroubleTag[],
            text: troubleText,
            created_at: now,
          })
          .execute();
      }
    };
    const actor = {
      userId: by.userId,
      name: by.name,
      role: by.role,
      channel: by.via === "call" ? "callback" : "feedback_link",
    };
    try {
      if (a.fixed)
        await this.complaints.actForConsumer(
          row.complaint_id,
          "close",
          { reason: "confirmed by the consumer" },
          actor,
          within,
        );
      else
        await this.complaints.actForConsumer(
          row.complaint_id,
          "reopen",
          { reason: words ?? "" },
          actor,
          within,
        );
    } catch (err) {
      if (err instanceof AppError && err.code === "action_not_allowed")
        throw conflict("the complaint has moved on since it was resolved; this callback is closed", "id");
      throw err;
    }
    return status;
  }

  /** The feedback link by SMS: one use, valid until the window ends. */
  private async sendLink(tx: Tx, row: CallbackRow, now: Date, notTo: string | null): Promise<boolean> {
    const to = await tx
      .selectFrom("complaints as c")
      .leftJoin("consumer_mobiles as m", (j) =>
        j.onRef("m.consumer_id", "=", "c.consumer_id").on("m.verified", "=", true),
      )
      .select(["c.caller_phone", "c.language", "m.mobile", "m.language as mobile_language"])
      .where("c.id", "=", row.complaint_id)
      .orderBy("m.created_at")
      .execute();
    const verified = to.find((x) => x.mobile && x.mobile !== notTo);
    const first = to[0];
    const mobile = verified?.mobile ?? (notTo ? undefined : (first?.caller_phone ?? undefined));
    if (!mobile) return false;
    const language = ((verified ? verified.mobile_language : first?.language) ?? "hi") as Language;
    const token = newToken();
    await tx
      .insertInto("feedback_links")
      .values({
        token_hash: hashToken(token),
        callback_id: row.id,
        created_at: now,
        expires_at: row.window_ends_at,
      })
      .execute();
    await tx
      .updateTable("callbacks")
      .set({ status: "link_sent", attempts: sql`attempts + 1`, lease_user_id: null, lease_until: null })
      .where("id", "=", row.id)
      .execute();
    const company = await new RecipientsRepository(tx).companySignature();
    const sms = renderSms("feedback_request", language, {
      number: row.number,
      link: this.link(token),
      company,
    });
    await new OutboxRepository(tx).enqueue([
      {
        dedupKey: `feedback:${row.id}`,
        recipient: mobile,
        language,
        template: "feedback_request",
        variables: sms.variables,
        body: sms.body,
        urgent: false,
        relatedType: "complaint",
        relatedId: row.complaint_id,
        createdAt: now,
      },
    ]);
    return true;
  }

  link(token: string): string {
    return publicLink(this.options.linkBase, "f", token);
  }

  /** What the feedback page shows; 404 unknown (guessing is throttled per address), 410 used or expired. */
  async linkInfo(token: string, address: string) {
    const link = await this.findLink(token, address);
    const row = await this.base().where("b.id", "=", link.callback_id).executeTakeFirstOrThrow();
    return { callback: row as unknown as CallbackRow, expiresAt: link.expires_at };
  }

  private findLink(token: string, address: string) {
    return findLink({ throttle: this.throttle, clock: this.clock }, "feedback", token, address, (hash) =>
      this.db.selectFrom("feedback_links").selectAll().where("token_hash", "=", hash).executeTakeFirst(),
    );
  }

  /** The consumer answers through the link (once). */
  async answerByLink(token: string, answers: FeedbackAnswers, address: string) {
    const link = await this.findLink(token, address);
    const row = (await this.base()
      .where("b.id", "=", link.callback_id)
      .executeTakeFirstOrThrow()) as unknown as CallbackRow;
    if (!["open", "link_sent"].includes(row.status))
      throw new AppError(410, "gone", "this complaint's feedback was recorded already: thank you");
    const settings = await this.config();
    const used = await this.db
      .updateTable("feedback_links")
      .set({ used_at: this.clock() })
      .where("token_hash", "=", link.token_hash)
      .where("used_at", "is", null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) === 0) throw new AppError(410, "gone", "this link was used already");
    try {
      return await this.answer(row, answers, {
        via: "link",
        userId: null,
        name: row.consumer_name ?? row.caller_name ?? "Consumer",
        role: null,
        note: null,
        settings,
      });
    } catch (err) {
      // Bad answers do not use the link up.
      await this.db
        .updateTable("feedback_links")
        .set({ used_at: null })
        .where("token_hash", "=", link.token_hash)
        .execute();
      throw err;
    }
  }

  /** Callbacks whose window passed with no answer: the complaint closes "not confirmed". */
  async closeUnanswered(limit = 200): Promise<{ closed: number }> {
    const now = this.clock();
    const due = await this.db
      .selectFrom("callbacks")
      .select(["id", "complaint_id"])
      .where("status", "in", ["open", "link_sent"])
      .where("window_ends_at", "<=", now)
      .orderBy("window_ends_at")
      .limit(limit)
      .execute();
    let closed = 0;
    for (const b of due) {
      try {
        await this.complaints.actForConsumer(
          b.complaint_id,
          "close",
          { reason: "closed, not confirmed: no answer within the feedback window" },
          { userId: null, name: "PowerDesk", role: null, channel: "system" },
          async (tx) => {
            await tx
              .updateTable("callbacks")
              .set({ status: "not_confirmed", closed_at: now, lease_user_id: null, lease_until: null })
              .where("id", "=", b.id)
              .where("status", "in", ["open", "link_sent"])
              .execute();
          },
        );
        closed++;
      } catch (err) {
        if (!(err instanceof AppError && err.code === "action_not_allowed")) throw err;
        // The complaint moved on (reopened, closed by an officer): nothing to confirm.
        await this.db
          .updateTable("callbacks")
          .set({ status: "cancelled", closed_at: now })
          .where("id", "=", b.id)
          .where("status", "in", ["open", "link_sent"])
          .execute();
      }
    }
    return { closed };
  }

  /** Grievances for the principal's offices, open first. */
  async grievances(principal: Principal, status: "open" | "closed" | "all" = "open") {
    if (!can(principal, "grievances.manage")) throw forbidden();
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
    return q.orderBy("g.created_at", "desc").limit(200).execute();
  }

  async closeGrievance(principal: Principal, id: number, actionTaken: string) {
    if (!can(principal, "grievances.manage")) throw forbidden();
    const text = actionTaken.trim();
    if (!text) throw badRequest("what was done about it", "actionTaken");
    const g = await this.db
      .selectFrom("grievances as g")
      .innerJoin("org_units as o", "o.id", "g.office_id")
      .select(["g.id", "g.status"])
      .where("g.id", "=", id)
      .where("o.path", "like", `${principal.orgPath}%`)
      .executeTakeFirst();
    if (!g) throw notFound("grievance");
    if (g.status === "closed") throw conflict("this grievance is closed already", "id");
    await this.db
      .updateTable("grievances")
      .set({
        status: "closed",
        closed_at: this.clock(),
        closed_by: principal.id,
        action_taken: text.slice(0, 2000),
      })
      .where("id", "=", id)
      .where("status", "=", "open")
      .execute();
  }
}
