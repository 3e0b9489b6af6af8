import type { Cursor } from "../../db/keyset.ts";
import {
  CALL_OUTCOMES,
  type CallbackStatus,
  type CallOutcome,
  type Complaint,
  type Language,
  TROUBLE_TAGS,
  type TroubleTag,
} from "../../db/schema.ts";
import type { EventBus, Tx } from "../../db/unit-of-work.ts";
import { keysetPages } from "../../http/exports.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../lib/errors.ts";
import { startOfDay } from "../../lib/time.ts";
import { can, type Principal } from "../access/principal.ts";
import type { ComplaintsService } from "../complaints/complaints.service.ts";
import type { AppEvent } from "../events.ts";
import { sendSms } from "../notifications/send-sms.ts";
import { SettingsRepository } from "../settings/settings.repository.ts";
import type { ThrottleRepository } from "../users/throttle.repository.ts";
import {
  type CallbackHistoryFilter,
  type CallbackQueueFilter,
  type CallbackRow,
  CallbacksRepository,
} from "./callbacks.repository.ts";

/** The callback history's filters as the API takes them. */
export interface CallbackHistoryInput {
  status?: CallbackStatus | undefined;
  dc?: string | undefined;
  closedFrom?: string | undefined;
  closedTo?: string | undefined;
  outcome?: CallOutcome | undefined;
}

import { DeskSettings, heldByAnother, placeCall, rating } from "./desk.ts";
import { findLink, hashToken, newToken, publicLink } from "./links.ts";

export type { CallbackHistoryRow, CallbackRow } from "./callbacks.repository.ts";

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

/**
 * The feedback desk: a callback for every resolution, worked in priority
 * order until the consumer says whether it was fixed (confirmed: the
 * complaint closes; not fixed: it is reopened with his words and goes back to
 * the DC), a feedback link by SMS when he cannot be reached, and "closed, not
 * confirmed" when the window passes. Trouble he reports becomes a grievance
 * for the officer above the DC.
 */
/** The desk queue's filters, as the API takes them. */
export interface CallbackQueueInput {
  limit?: number | undefined;
  q?: string | undefined;
  dc?: string | undefined;
  category?: string | undefined;
  round?: number | undefined;
}

export class CallbacksService {
  private readonly stored: DeskSettings<FeedbackSettings>;

  constructor(
    private readonly repo: CallbacksRepository,
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
      await new CallbacksRepository(ctx.db).addForResolution({
        complaintId: c.id,
        round: c.reopen_count,
        dcId: c.dc_id,
        priority: c.reopen_count > 0 || c.breached_at !== null ? 0 : 1,
        resolvedAt,
        windowEndsAt: new Date(resolvedAt.getTime() + settings.windowDays * 86_400_000),
        createdAt: c.updated_at,
      });
    });
    bus.onInTransaction("complaint.changed", async (ctx, { complaint: c, action, to }) => {
      // A complaint just registered has no callback yet: no query on the registration path.
      if (to === "resolved" || action === "registered") return;
      // Reopened, closed or marked by someone else: this round's callback has nothing left to ask.
      await new CallbacksRepository(ctx.db).cancelLiveOf(c.id, c.updated_at);
    });
  }

  private ensure(principal: Principal) {
    if (!can(principal, "callbacks.work")) throw forbidden();
  }

  /**
   * Callbacks due now in the principal's jurisdiction, as filtered: reopened
   * and late ones first, then the oldest resolution; with how many there are.
   */
  async queue(principal: Principal, input: CallbackQueueInput = {}) {
    this.ensure(principal);
    const now = this.clock();
    const f: CallbackQueueFilter = {
      q: input.q?.trim() || undefined,
      categoryCode: input.category?.trim() || undefined,
      round: input.round,
    };
    if (input.dc?.trim()) {
      f.officePath = await this.repo.officePath(input.dc.trim().toUpperCase());
      if (!f.officePath) throw badRequest(`no office ${input.dc}`, "dc");
    }
    const items = await this.repo.dueFor(principal, now, Math.min(Math.max(input.limit ?? 50, 1), 200), f);
    return { items, total: await this.repo.countDue(principal, now, f) };
  }

  /** The history's filters as the repository takes them: the office by its code (a 400 naming `dc` if none). */
  private async historyFilter(input: CallbackHistoryInput): Promise<CallbackHistoryFilter> {
    let officePath: string | undefined;
    if (input.dc?.trim()) {
      officePath = await this.repo.officePath(input.dc.trim().toUpperCase());
      if (!officePath) throw badRequest(`no office ${input.dc}`, "dc");
    }
    const closedFrom = input.closedFrom ? new Date(input.closedFrom) : undefined;
    const closedTo = input.closedTo ? new Date(input.closedTo) : undefined;
    if (closedFrom && closedTo && closedTo < closedFrom)
      throw badRequest("closedTo is before closedFrom", "closedTo");
    return { status: input.status, officePath, closedFrom, closedTo, outcome: input.outcome };
  }

  /** Every callback of the jurisdiction (any status) as filtered, newest first: the desk's history. */
  async history(principal: Principal, input: CallbackHistoryInput & { limit?: number; offset?: number }) {
    this.ensure(principal);
    const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
    const offset = Math.max(input.offset ?? 0, 0);
    const items = await this.repo.historyFor(principal, await this.historyFilter(input), limit, offset);
    return { items, limit, offset };
  }

  /** The same history without paging, a page at a time: the export (permission and filters checked now). */
  async historyAll(principal: Principal, input: CallbackHistoryInput) {
    this.ensure(principal);
    const f = await this.historyFilter(input);
    return keysetPages(
      (after: Cursor | undefined, limit) => this.repo.historyAfter(principal, f, after, limit),
      (r) => r.cursor,
    );
  }

  /** The desk's day: calls made today (by him and by everyone in his jurisdiction) against the target. */
  async progress(principal: Principal) {
    this.ensure(principal);
    const settings = await this.config();
    const now = this.clock();
    const since = startOfDay(now, this.options.timeZone);
    const counts = await this.repo.progressFor(principal, since, now);
    const row = counts ?? { mine: 0, desk: 0, reached: 0, due: 0, waiting_link: 0 };
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
    const row = await this.repo.findForUser(principal, id);
    if (!row) throw notFound("callback");
    return row;
  }

  /** Opens a callback to work it: it is his for a few minutes, so two agents never call the same consumer. */
  async open(principal: Principal, id: number) {
    this.ensure(principal);
    const settings = await this.config();
    const now = this.clock();
    const row = await this.visible(principal, id);
    if (row.status === "open") {
      const leased = await this.repo.lease(
        id,
        principal.id,
        now,
        new Date(now.getTime() + settings.leaseMinutes * 60_000),
      );
      if (!leased) throw conflict("another agent is on this callback now; take the next one", "id");
    }
    const attempts = await this.repo.attempts(id);
    return { callback: await this.visible(principal, id), attempts };
  }

  /** He puts the callback back (cancel, Esc): another agent may take it at once, not in ten minutes. */
  async release(principal: Principal, id: number): Promise<void> {
    this.ensure(principal);
    await this.visible(principal, id);
    await this.repo.release(id, principal.id);
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
      return this.repo.transaction(async (repo, tx) => {
        const locked = await repo.lock(id);
        if (locked.status !== "open") throw conflict(`this callback is already ${locked.status}`, "id");
        if (heldByAnother(locked, principal.id, now))
          throw conflict("another agent is on this callback now", "id");
        const attempts = locked.attempts + 1;
        await repo.addAttempt({
          callbackId: id,
          at: now,
          userId: principal.id,
          dcId: locked.dc_id,
          outcome,
          note,
        });
        if (attempts >= settings.maxAttempts || outcome === "wrong_number") {
          // A wrong number never gets the link: only a verified mobile other than the one dialled does.
          if (await this.sendLink(repo, tx, row, now, outcome === "wrong_number" ? row.phone : null))
            return { status: "link_sent" as const, attempts };
          // Nobody to send it to: nothing more to try; the window closes it "not confirmed".
          await repo.scheduleRetry(id, attempts, row.window_ends_at);
          return { status: "open" as const, attempts, nextAttemptAt: row.window_ends_at };
        }
        const hours = settings.retryAfterHours;
        const wait = (hours[Math.min(attempts - 1, hours.length - 1)] ?? 4) * 3600_000;
        await repo.scheduleRetry(id, attempts, new Date(now.getTime() + wait));
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
      const repo = new CallbacksRepository(tx);
      const saved = await repo.saveAnswer(row.id, {
        status,
        at: now,
        via: by.via,
        by: by.userId,
        fixed: a.fixed,
        timeRating,
        overallRating,
        tags,
        troubleText,
        words,
      });
      if (!saved) throw conflict("this callback was answered already", "id");
      if (by.via === "call")
        await repo.addAttempt({
          callbackId: row.id,
          at: now,
          userId: by.userId,
          dcId: before.dc_id,
          outcome: "reached",
          note: by.note,
        });
      const grievance = tags.filter((t) =>
        by.settings.grievanceTags.includes(t as TroubleTag),
      ) as TroubleTag[];
      if (grievance.length > 0)
        await repo.addGrievance({
          complaintId: before.id,
          callbackId: row.id,
          dcId: before.dc_id,
          tags: tags as TroubleTag[],
          text: troubleText,
          at: now,
        });
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
  private async sendLink(
    repo: CallbacksRepository,
    tx: Tx,
    row: CallbackRow,
    now: Date,
    notTo: string | null,
  ): Promise<boolean> {
    const to = await repo.linkRecipients(row.complaint_id);
    const verified = to.find((x) => x.mobile && x.mobile !== notTo);
    const first = to[0];
    const mobile = verified?.mobile ?? (notTo ? undefined : (first?.caller_phone ?? undefined));
    if (!mobile) return false;
    const language = ((verified ? verified.mobile_language : first?.language) ?? "hi") as Language;
    const token = newToken();
    await repo.addLink(row.id, hashToken(token), now, row.window_ends_at);
    await sendSms(tx, {
      template: "feedback_request",
      language,
      variables: { number: row.number, link: this.link(token) },
      recipient: mobile,
      dedupKey: `feedback:${row.id}`,
      urgent: false,
      relatedType: "complaint",
      relatedId: row.complaint_id,
      createdAt: now,
    });
    return true;
  }

  link(token: string): string {
    return publicLink(this.options.linkBase, "f", token);
  }

  /** What the feedback page shows; 404 unknown (guessing is throttled per address), 410 used or expired. */
  async linkInfo(token: string, address: string) {
    const link = await this.findLink(token, address);
    return { callback: await this.repo.findForLink(link.callback_id), expiresAt: link.expires_at };
  }

  private findLink(token: string, address: string) {
    return findLink({ throttle: this.throttle, clock: this.clock }, "feedback", token, address, (hash) =>
      this.repo.link(hash),
    );
  }

  /** The consumer answers through the link (once). */
  async answerByLink(token: string, answers: FeedbackAnswers, address: string) {
    const link = await this.findLink(token, address);
    const row = await this.repo.findForLink(link.callback_id);
    if (!["open", "link_sent"].includes(row.status))
      throw new AppError(410, "gone", "this complaint's feedback was recorded already: thank you");
    const settings = await this.config();
    if (!(await this.repo.markLinkUsed(link.token_hash, this.clock())))
      throw new AppError(410, "gone", "this link was used already");
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
      await this.repo.markLinkUnused(link.token_hash);
      throw err;
    }
  }

  /** Whether the complaint's consumer may answer its feedback now (a callback waits for it). */
  async awaitsFeedback(complaintId: number): Promise<boolean> {
    return (await this.repo.liveForComplaint(complaintId)) !== undefined;
  }

  /**
   * The consumer answers from the portal, signed in (the portal checked the
   * complaint is his): the same answers as the SMS link, recorded as such.
   */
  async answerFromPortal(complaintId: number, answers: FeedbackAnswers) {
    const row = await this.repo.liveForComplaint(complaintId);
    if (!row) throw new AppError(410, "gone", "this complaint's feedback was recorded already: thank you");
    return this.answer(row, answers, {
      via: "link",
      userId: null,
      name: row.consumer_name ?? row.caller_name ?? "Consumer",
      role: null,
      note: null,
      settings: await this.config(),
    });
  }

  /** Callbacks whose window passed with no answer: the complaint closes "not confirmed". */
  async closeUnanswered(limit = 200): Promise<{ closed: number }> {
    const now = this.clock();
    const due = await this.repo.unansweredBy(now, limit);
    let closed = 0;
    for (const b of due) {
      try {
        await this.complaints.actForConsumer(
          b.complaint_id,
          "close",
          { reason: "closed, not confirmed: no answer within the feedback window" },
          { userId: null, name: "PowerDesk", role: null, channel: "system" },
          (tx) => new CallbacksRepository(tx).closeLive(b.id, "not_confirmed", now),
        );
        closed++;
      } catch (err) {
        if (!(err instanceof AppError && err.code === "action_not_allowed")) throw err;
        // The complaint moved on (reopened, closed by an officer): nothing to confirm.
        await this.repo.closeLive(b.id, "cancelled", now);
      }
    }
    return { closed };
  }

  /** Grievances for the principal's offices, open first. */
  /** Every grievance of the same list (past its 200), a page at a time: the export. */
  allGrievances(principal: Principal, status: "open" | "closed" | "all") {
    if (!can(principal, "grievances.manage")) throw forbidden();
    return keysetPages(
      (after: Cursor | undefined, limit) => this.repo.grievancesAfter(principal, status, after, limit),
      (g) => g.cursor,
    );
  }

  async grievances(principal: Principal, status: "open" | "closed" | "all" = "open") {
    if (!can(principal, "grievances.manage")) throw forbidden();
    return this.repo.grievancesFor(principal, status);
  }

  async closeGrievance(principal: Principal, id: number, actionTaken: string) {
    if (!can(principal, "grievances.manage")) throw forbidden();
    const text = actionTaken.trim();
    if (!text) throw badRequest("what was done about it", "actionTaken");
    const g = await this.repo.grievanceFor(principal, id);
    if (!g) throw notFound("grievance");
    if (g.status === "closed") throw conflict("this grievance is closed already", "id");
    await this.repo.closeGrievance(id, {
      at: this.clock(),
      by: principal.id,
      actionTaken: text.slice(0, 2000),
    });
  }
}
