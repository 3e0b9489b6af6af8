import { randomBytes } from "node:crypto";
import {
  type Language,
  ORG_KINDS,
  type OrgKind,
  SURVEY_OUTCOMES,
  type SurveyOutcome,
  type SurveyQuestionKind,
} from "../../db/schema.ts";
import type { Tx } from "../../db/unit-of-work.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../lib/errors.ts";
import { addMonths, monthOf, startOfDay, startOfMonth } from "../../lib/time.ts";
import type { ComplaintsService } from "../complaints/complaints.service.ts";
import { OutboxRepository } from "../notifications/outbox.repository.ts";
import { RecipientsRepository } from "../notifications/recipients.repository.ts";
import { renderSms } from "../notifications/sms-templates.ts";
import type { SettingsRepository } from "../settings/settings.repository.ts";
import { ROLE_ORG_KIND } from "../users/permissions.ts";
import { can, type Principal } from "../users/principal.ts";
import type { ThrottleRepository } from "../users/throttle.repository.ts";
import { DeskSettings, heldByAnother, placeCall } from "./desk.ts";
import { findLink, hashToken, newToken, publicLink } from "./links.ts";
import type { FigureCounts, SurveyQuestion, SurveyRepository, TargetRow } from "./survey.repository.ts";

export type { SurveyQuestion, TargetRow } from "./survey.repository.ts";

export interface SurveySettings {
  /** Consumers drawn in each DC each month. */
  sampleSize: number;
  /** Calls before the survey link goes by SMS instead. */
  maxAttempts: number;
  /** Hours to wait after each unanswered call (the last value repeats). */
  retryAfterHours: number[];
  /** Supply counts as regular with at least these hours a day... */
  regularSupplyHours: number;
  /** ...and at most these interruptions in the month. */
  regularMaxInterruptions: number;
  /** An area whose percentage falls below this is flagged when its month closes. */
  flagBelowPercent: number;
  /** Fewer answers than this in an area say too little to flag it. */
  minAnswers: number;
  /** Build each month's campaign on the 1st by itself. */
  autoCampaign: boolean;
}

export const DEFAULT_SURVEY_SETTINGS: SurveySettings = {
  sampleSize: 30,
  maxAttempts: 2,
  retryAfterHours: [24],
  regularSupplyHours: 20,
  regularMaxInterruptions: 4,
  flagBelowPercent: 70,
  minAnswers: 5,
  autoCampaign: true,
};

const SETTING_LIMITS: Partial<Record<keyof SurveySettings, readonly [number, number]>> = {
  sampleSize: [1, 10_000],
  maxAttempts: [1, 10],
  regularSupplyHours: [0, 24],
  regularMaxInterruptions: [0, 999],
  flagBelowPercent: [0, 100],
  minAnswers: [1, 10_000],
};

export interface SurveyAnswers {
  supplyHours?: number | undefined;
  interruptions?: number | undefined;
  meterRead?: boolean | undefined;
  billOnTime?: boolean | undefined;
  billCorrect?: boolean | undefined;
  suggestion?: string | undefined;
  extra?: Record<string, unknown> | undefined;
}

/** Figures of one area in one month; percentages 0–100 with one decimal, null when nobody answered. */
export interface Score {
  month: string;
  sampled: number;
  answered: number;
  responseRate: number | null;
  regularSupply: number | null;
  meterRead: number | null;
  billOnTime: number | null;
  billCorrect: number | null;
  callbackSatisfaction: number | null;
  callbackAnswers: number;
  flagged: string[];
}

export const SCORE_METRICS = ["regularSupply", "meterRead", "billOnTime", "billCorrect"] as const;

const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
const FLAG_LEVELS: OrgKind[] = ["region", "circle", "division", "subdivision", "dc"];

const pct = (n: number, of: number) => (of > 0 ? Math.round((1000 * n) / of) / 10 : null);

/**
 * The monthly consumer survey: a stratified random sample per DC, the call
 * desk that asks the questions (a one-use link by SMS after the last
 * unanswered call), scorecards per area and month, action items for areas
 * below the threshold, and the consumers' suggestions.
 */
export class SurveyService {
  private readonly stored: DeskSettings<SurveySettings>;

  constructor(
    private readonly repo: SurveyRepository,
    private readonly complaints: ComplaintsService,
    settings: SettingsRepository,
    private readonly throttle: ThrottleRepository,
    private readonly clock: Clock,
    private readonly options: { timeZone: string; linkBase: string; ctiUrl?: string | undefined },
  ) {
    this.stored = new DeskSettings(settings, "survey", DEFAULT_SURVEY_SETTINGS, SETTING_LIMITS);
  }

  config(): Promise<SurveySettings> {
    return this.stored.get();
  }

  async updateConfig(principal: Principal, input: Partial<SurveySettings>): Promise<SurveySettings> {
    if (!can(principal, "survey.manage")) throw forbidden();
    return this.stored.update(input);
  }

  // ---- Questions ----

  questions(activeOnly = false): Promise<SurveyQuestion[]> {
    return this.repo.questions(activeOnly);
  }

  async updateQuestion(
    principal: Principal,
    code: string,
    input: { textEn: string; textHi: string; active?: boolean | undefined },
  ): Promise<SurveyQuestion> {
    if (!can(principal, "survey.manage")) throw forbidden();
    const textEn = input.textEn.trim();
    const textHi = input.textHi.trim();
    if (!textEn) throw badRequest("the question in English", "textEn");
    if (!textHi) throw badRequest("the question in Hindi", "textHi");
    const row = await this.repo.updateQuestion(code, {
      text_en: textEn.slice(0, 300),
      text_hi: textHi.slice(0, 300),
      ...(input.active === undefined ? {} : { active: input.active }),
      updated_at: this.clock(),
    });
    if (!row) throw notFound("survey question");
    return row;
  }

  async addQuestion(
    principal: Principal,
    input: { code: string; kind: string; textEn: string; textHi: string },
  ): Promise<SurveyQuestion> {
    if (!can(principal, "survey.manage")) throw forbidden();
    if (!/^[a-z][a-z0-9_]{1,39}$/.test(input.code))
      throw badRequest("code is 2 to 40 small letters, digits or _, starting with a letter", "code");
    if (!["yes_no", "count", "text"].includes(input.kind))
      throw badRequest("kind is one of yes_no, count, text", "kind");
    const textEn = input.textEn.trim();
    const textHi = input.textHi.trim();
    if (!textEn) throw badRequest("the question in English", "textEn");
    if (!textHi) throw badRequest("the question in Hindi", "textHi");
    const row = await this.repo.addQuestion({
      code: input.code,
      kind: input.kind as SurveyQuestionKind,
      text_en: textEn.slice(0, 300),
      text_hi: textHi.slice(0, 300),
      updated_at: this.clock(),
    });
    if (!row) throw conflict(`there is a question ${input.code} already`, "code");
    return row;
  }

  // ---- Campaigns ----

  /**
   * Draws the month's sample: in every DC, `sampleSize` consumers with a
   * verified mobile in an order fixed by the seed (PostgreSQL's seeded hash
   * of the consumer number), leaving out everyone drawn the month before
   * or after. Only this month or the next (which waits for its 1st).
   */
  async buildCampaign(
    month: string,
    opts: { seed?: string | undefined; sampleSize?: number | undefined; by?: number | null } = {},
  ): Promise<{ id: number; month: string; seed: string; sampled: number; dcs: number }> {
    if (!MONTH.test(month)) throw badRequest("month is YYYY-MM", "month");
    const settings = await this.config();
    const size = opts.sampleSize ?? settings.sampleSize;
    if (!Number.isInteger(size) || size < 1 || size > 10_000)
      throw badRequest("sampleSize is a whole number from 1 to 10000", "sampleSize");
    const seed = opts.seed?.trim() || randomBytes(6).toString("hex");
    if (seed.length > 64) throw badRequest("seed is at most 64 characters", "seed");
    const now = this.clock();
    const current = monthOf(now, this.options.timeZone);
    if (month > addMonths(current, 1))
      throw badRequest(`a survey can be drawn for ${current} or the month after, not ${month}`, "month");
    // Next month's sample waits for its 1st before the desk sees it.
    const startAt = new Date(Math.max(now.getTime(), startOfMonth(month, this.options.timeZone).getTime()));
    try {
      return await this.repo.transaction(async (repo) => {
        // Never the same consumer two months running: the months either side (one drawn late, by hand, too).
        const neighbours = await repo.campaignIds([addMonths(month, -1), addMonths(month, 1)]);
        const id = await repo.insertCampaign({
          month,
          seed,
          sample_size: size,
          created_at: now,
          created_by: opts.by ?? null,
        });
        const drawn = await repo.drawSample(id, { seed, size, startAt, exclude: neighbours });
        const sampled = drawn.length;
        const dcs = new Set(drawn).size;
        await repo.setSampled(id, sampled);
        return { id, month, seed, sampled, dcs };
      });
    } catch (err) {
      if ((err as { code?: string }).code === "23505")
        throw conflict(`the survey of ${month} was built already`, "month");
      throw err;
    }
  }

  /** An admin draws a month's sample himself (a month the worker has not built yet). */
  buildByHand(
    principal: Principal,
    month: string,
    opts: { seed?: string | undefined; sampleSize?: number | undefined },
  ) {
    if (!can(principal, "survey.manage")) throw forbidden();
    return this.buildCampaign(month, { ...opts, by: principal.kind === "user" ? principal.id : null });
  }

  /** The campaigns, counted within the principal's jurisdiction. */
  async campaigns(principal: Principal) {
    if (!can(principal, "survey.read") && !can(principal, "survey.work")) throw forbidden();
    return this.repo.campaigns(principal);
  }

  /**
   * The worker's monthly round: closes past months (their unreached
   * consumers count as unanswered, their low areas get action items) and
   * builds this month's campaign if there is none.
   */
  async runMonthly(): Promise<{ closed: number; built: number; sampled: number; flagged: number }> {
    const now = this.clock();
    const month = monthOf(now, this.options.timeZone);
    const past = await this.repo.openMonthsBefore(month);
    let flagged = 0;
    for (const m of past) flagged += (await this.closeCampaign(m)).flagged;
    // Calls an agent still held at the close: unanswered once his lease ran out.
    await this.repo.closeHeldPastClose(now);
    // Links sent before the close stay good until they expire; then nobody is waiting for them.
    await this.repo.closeExpiredLinks(now);
    const settings = await this.config();
    const has = await this.repo.campaign(month);
    if (has || !settings.autoCampaign) return { closed: past.length, built: 0, sampled: 0, flagged };
    try {
      const built = await this.buildCampaign(month);
      return { closed: past.length, built: 1, sampled: built.sampled, flagged };
    } catch (err) {
      // Another worker built it a moment ago.
      if (err instanceof AppError && err.status === 409)
        return { closed: past.length, built: 0, sampled: 0, flagged };
      throw err;
    }
  }

  /**
   * Closes a month: consumers not reached count as unanswered (but not one
   * an agent is talking to); areas below the threshold get action items. The
   * month is marked closed last, so a close cut short is simply done again.
   */
  async closeCampaign(month: string): Promise<{ flagged: number }> {
    const now = this.clock();
    const campaign = await this.repo.campaign(month);
    if (!campaign) throw notFound("survey campaign");
    await this.repo.closePendingOf(Number(campaign.id), now);
    const settings = await this.config();
    let flagged = 0;
    for (const level of FLAG_LEVELS) {
      const rows = await this.figures([month], { level, path: "/" });
      const low = rows
        .map((r) => ({ r, score: this.score(r, settings) }))
        .filter((x) => x.score.flagged.length > 0);
      if (low.length === 0) continue;
      // The officer in charge of the area: the field role serving at its level, never the lineman.
      const role = Object.entries(ROLE_ORG_KIND).find(([r, kind]) => kind === level && r !== "lineman")?.[0];
      flagged += await this.repo.addActions(
        month,
        low.map(({ r, score }) => ({
          orgId: r.org_id,
          metrics: score.flagged.map((m) => ({
            metric: m,
            value: score[m as (typeof SCORE_METRICS)[number]] ?? 0,
            threshold: settings.flagBelowPercent,
          })),
          role: role ?? "",
        })),
        now,
      );
    }
    await this.repo.markClosed(Number(campaign.id), now);
    return { flagged };
  }

  // ---- The call desk ----

  private ensureWork(principal: Principal) {
    if (!can(principal, "survey.work")) throw forbidden();
  }

  /** Consumers due a survey call in the principal's jurisdiction, longest waiting first. */
  async queue(principal: Principal, limit = 50): Promise<TargetRow[]> {
    this.ensureWork(principal);
    const now = this.clock();
    return this.repo.due(principal, now, Math.min(Math.max(limit, 1), 200));
  }

  /** Today's calls and the open campaign's figures in the principal's jurisdiction. */
  async progress(principal: Principal) {
    this.ensureWork(principal);
    const now = this.clock();
    const since = startOfDay(now, this.options.timeZone);
    const campaign = await this.repo.openCampaignUpTo(monthOf(now, this.options.timeZone));
    const cid = campaign ? Number(campaign.id) : 0;
    const row = await this.repo.progress(principal, cid, since, now);
    return {
      month: campaign?.month ?? null,
      mine: Number(row?.mine ?? 0),
      desk: Number(row?.desk ?? 0),
      due: Number(row?.due ?? 0),
      sampled: Number(row?.sampled ?? 0),
      answered: Number(row?.answered ?? 0),
      linkSent: Number(row?.link_sent ?? 0),
    };
  }

  private async visible(principal: Principal, id: number): Promise<TargetRow> {
    const row = await this.repo.targetFor(principal, id);
    if (!row) throw notFound("survey call");
    return row;
  }

  /** Opens a survey call: his for ten minutes, so two agents never call the same consumer. */
  async open(principal: Principal, id: number) {
    this.ensureWork(principal);
    const now = this.clock();
    const row = await this.visible(principal, id);
    if (row.status === "pending" && row.campaign_status === "open") {
      const leased = await this.repo.lease(id, principal.id, now, new Date(now.getTime() + 10 * 60_000));
      if (!leased) throw conflict("another agent is on this survey call now; take the next one", "id");
    }
    const attempts = await this.repo.attempts(id);
    return { target: await this.visible(principal, id), attempts, questions: await this.questions(true) };
  }

  /** He puts the call back (cancel, Esc): another agent may take it at once, not in ten minutes. */
  async release(principal: Principal, id: number): Promise<void> {
    this.ensureWork(principal);
    await this.visible(principal, id);
    await this.repo.release(id, principal.id);
  }

  /** The CTI hook, as on the callback desk: the dialler places the survey call for this agent. */
  async dial(principal: Principal, id: number): Promise<void> {
    this.ensureWork(principal);
    const row = await this.visible(principal, id);
    await placeCall(this.options.ctiUrl, {
      surveyCallId: Number(row.id),
      phone: row.phone,
      agent: principal.login,
      language: row.language,
    });
  }

  /** What the call came to: not reached (tried again, or the link goes), refused, or his answers. */
  async record(
    principal: Principal,
    id: number,
    input: {
      outcome: string;
      note?: string | undefined;
      answers?: (SurveyAnswers & { complaint?: { categoryCode: string } | undefined }) | undefined;
    },
  ): Promise<{
    status: string;
    attempts: number;
    nextAttemptAt?: Date;
    complaintNumber?: string;
    complaintError?: string;
  }> {
    this.ensureWork(principal);
    if (!SURVEY_OUTCOMES.includes(input.outcome as SurveyOutcome))
      throw badRequest(`outcome is one of ${SURVEY_OUTCOMES.join(", ")}`, "outcome");
    const outcome = input.outcome as SurveyOutcome;
    const row = await this.visible(principal, id);
    if (row.status !== "pending")
      throw conflict(`this survey call is already ${row.status.replace("_", " ")}`, "id");
    const now = this.clock();
    const holdsIt =
      Number(row.lease_user_id) === principal.id && row.lease_until !== null && row.lease_until > now;
    // An agent on the call when the month closed may still save what the consumer said.
    if (row.campaign_status !== "open" && !holdsIt)
      throw conflict(`the survey of ${row.month} is closed`, "id");
    if (heldByAnother(row, principal.id, now))
      throw conflict("another agent is on this survey call now", "id");
    const settings = await this.config();
    const note = input.note?.trim().slice(0, 1000) || null;
    if (outcome !== "reached") {
      if (input.answers) throw badRequest("answers are only for a reached consumer", "answers");
      return this.repo.transaction(async (repo, tx) => {
        const locked = await this.lockPending(repo, id, principal.id, now);
        const attempts = locked.attempts + 1;
        await repo.addAttempt({
          target_id: id,
          at: now,
          user_id: principal.id,
          dc_id: row.dc_id,
          outcome,
          note,
        });
        const done = { lease_user_id: null, lease_until: null, attempts };
        if (outcome === "refused" || outcome === "wrong_number") {
          // He would rather not answer, or the number is not his: nothing more to ask (never the link to a stranger).
          const status = outcome === "refused" ? "refused" : "unanswered";
          await repo.updateTarget(id, { ...done, status });
          return { status, attempts };
        }
        if (attempts >= settings.maxAttempts) {
          await this.sendLink(repo, tx, row, now);
          await repo.updateTarget(id, { ...done, status: "link_sent" });
          return { status: "link_sent", attempts };
        }
        const hours = settings.retryAfterHours;
        const next = new Date(
          now.getTime() + (hours[Math.min(attempts - 1, hours.length - 1)] ?? 24) * 3600_000,
        );
        await repo.updateTarget(id, { ...done, next_attempt_at: next });
        return { status: "pending", attempts, nextAttemptAt: next };
      });
    }
    if (!input.answers) throw badRequest("record his answers", "answers");
    const columns = this.parseAnswers(input.answers, await this.questions(true), settings);
    const asked = input.answers.complaint;
    if (asked) {
      if (!columns.suggestion || columns.suggestion.length < 3)
        throw badRequest("write what the complaint is in the suggestion", "answers.suggestion");
      await this.knownCategory(asked.categoryCode);
    }
    // His answers first, under the lock: a second submit or another agent gets 409 and registers nothing.
    const attempts = await this.repo.transaction(async (repo) => {
      const locked = await this.lockPending(repo, id, principal.id, now);
      await repo.addAttempt({
        target_id: id,
        at: now,
        user_id: principal.id,
        dc_id: row.dc_id,
        outcome: "reached",
        note,
      });
      await repo.updateTarget(id, {
        ...columns,
        status: "answered",
        attempts: locked.attempts + 1,
        answered_at: now,
        answered_via: "call",
        answered_by: principal.id,
        wants_complaint: asked !== undefined,
        lease_user_id: null,
        lease_until: null,
      });
      return locked.attempts + 1;
    });
    if (!asked) return { status: "answered", attempts };
    try {
      const complaintNumber = await this.registerFromAnswer(id, principal, asked.categoryCode, "call");
      return { status: "answered", attempts, complaintNumber };
    } catch (err) {
      // The answers are kept; the suggestion waits in the officers' list with "wants a complaint".
      if (!(err instanceof AppError)) throw err;
      return { status: "answered", attempts, complaintError: err.message };
    }
  }

  private async knownCategory(code: string): Promise<void> {
    if (!(await this.repo.categoryExists(code)))
      throw badRequest(`no complaint category ${code}`, "answers.complaint.categoryCode");
  }

  /** The call locked for its transaction; 409 unless it is still pending and nobody else holds it. */
  private async lockPending(repo: SurveyRepository, id: number, userId: number | null, now: Date) {
    const locked = await repo.lock(id);
    if (locked.status !== "pending") throw conflict(`this survey call is already ${locked.status}`, "id");
    if (userId !== null && heldByAnother(locked, userId, now))
      throw conflict("another agent is on this survey call now", "id");
    return locked;
  }

  /** His answers as the columns they are kept in; 400 naming the first bad one. */
  private parseAnswers(a: SurveyAnswers, questions: SurveyQuestion[], settings: SurveySettings) {
    if (
      a.supplyHours !== undefined &&
      !(typeof a.supplyHours === "number" && a.supplyHours >= 0 && a.supplyHours <= 24)
    )
      throw badRequest("supplyHours is a number of hours from 0 to 24", "supplyHours");
    if (
      a.interruptions !== undefined &&
      !(Number.isInteger(a.interruptions) && a.interruptions >= 0 && a.interruptions <= 999)
    )
      throw badRequest("interruptions is a whole number from 0 to 999", "interruptions");
    for (const field of ["meterRead", "billOnTime", "billCorrect"] as const)
      if (a[field] !== undefined && typeof a[field] !== "boolean")
        throw badRequest(`${field} is yes or no`, field);
    const extra: Record<string, unknown> = {};
    for (const [code, value] of Object.entries(a.extra ?? {})) {
      const q = questions.find((x) => x.code === code && x.metric === null);
      if (!q) throw badRequest(`there is no extra question ${code}`, `extra.${code}`);
      const ok =
        q.kind === "yes_no"
          ? typeof value === "boolean"
          : q.kind === "text"
            ? typeof value === "string"
            : typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 99_999;
      if (!ok) throw badRequest(`${code} takes ${q.kind.replace("_", "/")}`, `extra.${code}`);
      if (typeof value === "string") {
        if (value.trim()) extra[code] = value.trim().slice(0, 2000);
      } else extra[code] = value;
    }
    const hours = a.supplyHours === undefined ? null : Math.round(a.supplyHours * 10) / 10;
    const interruptions = a.interruptions ?? null;
    const suggestion = a.suggestion?.trim().slice(0, 2000) || null;
    const cols = {
      supply_hours: hours,
      interruptions,
      regular_supply:
        hours === null
          ? null
          : hours >= settings.regularSupplyHours &&
            (interruptions === null || interruptions <= settings.regularMaxInterruptions),
      meter_read: a.meterRead ?? null,
      bill_on_time: a.billOnTime ?? null,
      bill_correct: a.billCorrect ?? null,
      suggestion,
      suggestion_status: suggestion ? ("new" as const) : null,
      extra: JSON.stringify(extra),
    };
    const answered =
      [
        cols.supply_hours,
        cols.interruptions,
        cols.meter_read,
        cols.bill_on_time,
        cols.bill_correct,
        suggestion,
      ].some((v) => v !== null) || Object.keys(extra).length > 0;
    if (!answered) throw badRequest("answer at least one question", "answers");
    return cols;
  }

  /** The survey link by SMS: one use, good to the end of the month (three days at least). */
  private async sendLink(repo: SurveyRepository, tx: Tx, row: TargetRow, now: Date): Promise<void> {
    const token = newToken();
    const monthEnd = startOfMonth(addMonths(row.month, 1), this.options.timeZone);
    const expires = new Date(Math.max(monthEnd.getTime(), now.getTime() + 3 * 86_400_000));
    await repo.addLink({
      token_hash: hashToken(token),
      target_id: row.id,
      created_at: now,
      expires_at: expires,
    });
    const company = await new RecipientsRepository(tx).companySignature();
    const sms = renderSms("survey_invitation", row.language, {
      link: publicLink(this.options.linkBase, "s", token),
      company,
    });
    await new OutboxRepository(tx).enqueue([
      {
        dedupKey: `survey:${row.id}`,
        recipient: row.phone,
        language: row.language,
        template: "survey_invitation",
        variables: sms.variables,
        body: sms.body,
        urgent: false,
        relatedType: "consumer",
        relatedId: Number(row.consumer_id),
        createdAt: now,
      },
    ]);
  }

  private findLink(token: string, address: string) {
    return findLink({ throttle: this.throttle, clock: this.clock }, "survey", token, address, (hash) =>
      this.repo.link(hash),
    );
  }

  /** What the survey page shows: the month, his DC and the questions. */
  async linkInfo(token: string, address: string) {
    const link = await this.findLink(token, address);
    const row = await this.repo.target(link.target_id);
    if (row.status === "answered")
      throw new AppError(410, "gone", "this survey was answered already: thank you");
    return { target: row, expiresAt: link.expires_at, questions: await this.questions(true) };
  }

  /** The consumer answers through the link (once); he may ask for his suggestion to be registered as a complaint. */
  async answerByLink(
    token: string,
    answers: SurveyAnswers & { registerComplaint?: boolean | undefined },
    address: string,
  ): Promise<{ status: "answered"; complaintNumber?: string }> {
    const link = await this.findLink(token, address);
    const row = await this.repo.target(link.target_id);
    // A link goes only to a consumer the desk could not reach; after the close he counts as unanswered.
    if (!["link_sent", "unanswered"].includes(row.status))
      throw new AppError(410, "gone", "this survey was answered already: thank you");
    const columns = this.parseAnswers(answers, await this.questions(true), await this.config());
    if (answers.registerComplaint && (!columns.suggestion || columns.suggestion.length < 3))
      throw badRequest("write what the complaint is", "suggestion");
    const now = this.clock();
    const wants = answers.registerComplaint === true;
    // The link used and his answers saved together: a failure leaves the link good for another try.
    await this.repo.transaction(async (repo) => {
      if (!(await repo.useLink(link.token_hash, now)))
        throw new AppError(410, "gone", "this link was used already");
      const saved = await repo.updateTarget(
        row.id,
        {
          ...columns,
          wants_complaint: wants,
          status: "answered",
          answered_at: now,
          answered_via: "link",
          lease_user_id: null,
          lease_until: null,
        },
        ["link_sent", "unanswered"],
      );
      if (!saved) throw new AppError(410, "gone", "this survey was answered already");
    });
    if (!wants) return { status: "answered" };
    try {
      // His words become a complaint for his DC at once; an officer may re-categorise it.
      const number = await this.registerFromAnswer(
        row.id,
        await this.linkPrincipal(row.language),
        "other",
        "web",
      );
      return { status: "answered", complaintNumber: number };
    } catch (err) {
      // His answers are kept; the officers' list shows he wants a complaint registered.
      if (!(err instanceof AppError)) throw err;
      return { status: "answered" };
    }
  }

  /** Who registers a complaint a consumer asked for through his survey link. */
  private async linkPrincipal(language: Language): Promise<Principal> {
    const company = await this.repo.company();
    return {
      kind: "token",
      id: 0,
      name: "Consumer (survey link)",
      login: null,
      role: "integration",
      language,
      orgUnitId: Number(company.id),
      orgCode: company.code,
      orgKind: "company",
      orgPath: company.path,
      permissions: new Set(["complaints.create"]),
    };
  }

  /** Registers the suggestion of an answer as a complaint (once) and marks it acted on. */
  private async registerFromAnswer(
    targetId: number,
    principal: Principal,
    categoryCode: string,
    channel: "call" | "web",
  ): Promise<string> {
    const t = await this.repo.answer(targetId);
    if (t.complaint_id) throw conflict("a complaint was registered from this answer already", "id");
    if (!t.suggestion) throw badRequest("this answer has no text to register", "id");
    // Keyed by the answer: the same person asking twice gets the same complaint back.
    const created = await this.complaints.create(
      principal,
      {
        consumerNo: t.consumer_no,
        categoryCode,
        description: t.suggestion,
        callerPhone: t.mobile,
        channel,
        language: t.language,
      },
      `survey-answer:${targetId}`,
    );
    const now = this.clock();
    const linked = await this.repo.linkComplaint(targetId, Number(created.complaint.id), {
      at: now,
      by: principal.kind === "user" ? principal.id : null,
      note: `complaint ${created.complaint.number} registered`,
    });
    if (!linked) throw conflict("a complaint was registered from this answer already", "id");
    return created.complaint.number;
  }

  // ---- Scorecards ----

  /**
   * Per area and month: the survey's counts and the callbacks' ratings,
   * summed from the DCs below each area of a level (or one area).
   */
  private async figures(months: string[], where: { level?: OrgKind; orgId?: number; path: string }) {
    const tz = this.options.timeZone;
    const sorted = [...months].sort();
    const first = sorted[0] ?? monthOf(this.clock(), tz);
    const last = sorted[sorted.length - 1] ?? first;
    const from = startOfMonth(first, tz);
    const to = startOfMonth(addMonths(last, 1), tz);
    return this.repo.figures(sorted, { ...where, from, to, timeZone: tz });
  }

  private score(r: FigureCounts, settings: SurveySettings, month?: string): Score {
    const s = {
      month: r.month ?? month ?? "",
      sampled: r.sampled,
      answered: r.answered,
      responseRate: pct(r.answered, r.sampled),
      regularSupply: pct(r.regular, r.regular_n),
      meterRead: pct(r.meter, r.meter_n),
      billOnTime: pct(r.on_time, r.on_time_n),
      billCorrect: pct(r.correct, r.correct_n),
      callbackSatisfaction: r.rating_n > 0 ? Math.round((10 * r.rating_sum) / r.rating_n) / 10 : null,
      callbackAnswers: r.rating_n,
      flagged: [] as string[],
    };
    // Each figure is judged on its own answers: one "no" out of one is not an area's verdict.
    const counted = {
      regularSupply: r.regular_n,
      meterRead: r.meter_n,
      billOnTime: r.on_time_n,
      billCorrect: r.correct_n,
    };
    s.flagged = SCORE_METRICS.filter(
      (m) => counted[m] >= settings.minAnswers && (s[m] as number) < settings.flagBelowPercent,
    );
    return s;
  }

  private ensureRead(principal: Principal) {
    if (!can(principal, "survey.read")) throw forbidden();
  }

  /** The areas of a level in the principal's jurisdiction for one month, worst first. */
  async scorecards(principal: Principal, month: string, level: OrgKind) {
    this.ensureRead(principal);
    if (!MONTH.test(month)) throw badRequest("month is YYYY-MM", "month");
    if (!ORG_KINDS.includes(level)) throw badRequest(`level is one of ${ORG_KINDS.join(", ")}`, "level");
    const settings = await this.config();
    const rows = await this.figures([month], { level, path: principal.orgPath });
    const worst = (s: Score) => Math.min(...SCORE_METRICS.map((m) => s[m] ?? 101));
    const items = rows
      .map((r) => ({
        org: { code: r.code, kind: r.kind, nameEn: r.name_en, nameHi: r.name_hi },
        ...this.score(r, settings, month),
      }))
      .sort((a, b) => worst(a) - worst(b) || a.org.code.localeCompare(b.org.code));
    return { month, threshold: settings.flagBelowPercent, minAnswers: settings.minAnswers, items };
  }

  /** One area's figures month by month, the last `months` months up to this one. */
  async trend(principal: Principal, orgCode: string, months = 12) {
    this.ensureRead(principal);
    const n = Math.min(Math.max(Math.trunc(months), 1), 36);
    const org = await this.repo.areaFor(principal, orgCode);
    if (!org) throw notFound("area");
    const settings = await this.config();
    const current = monthOf(this.clock(), this.options.timeZone);
    const list = Array.from({ length: n }, (_, i) => addMonths(current, i - n + 1));
    const rows = await this.figures(list, { orgId: Number(org.id), path: org.path });
    const byMonth = new Map(rows.filter((r) => r.month).map((r) => [r.month as string, r]));
    const empty = {
      sampled: 0,
      answered: 0,
      regular: 0,
      regular_n: 0,
      meter: 0,
      meter_n: 0,
      on_time: 0,
      on_time_n: 0,
      correct: 0,
      correct_n: 0,
      rating_sum: 0,
      rating_n: 0,
    };
    return {
      org: { code: org.code, kind: org.kind, nameEn: org.name_en, nameHi: org.name_hi },
      threshold: settings.flagBelowPercent,
      items: list.map((m) => this.score({ ...empty, ...byMonth.get(m), month: m }, settings, m)),
    };
  }

  // ---- Action items and suggestions ----

  async actions(principal: Principal, status: "open" | "done" | "all" = "open") {
    this.ensureRead(principal);
    return this.repo.actions(principal, status);
  }

  async actionDone(principal: Principal, id: number, actionTaken: string) {
    if (!can(principal, "survey.act")) throw forbidden();
    const text = actionTaken.trim();
    if (!text) throw badRequest("what was done about it", "actionTaken");
    const a = await this.repo.actionFor(principal, id);
    if (!a) throw notFound("action item");
    const done = await this.repo.actionDone(id, {
      done_at: this.clock(),
      done_by: principal.id,
      action_taken: text.slice(0, 2000),
    });
    if (!done) throw conflict("this action item is done already", "id");
  }

  async suggestions(principal: Principal, status: "new" | "acted" | "all" = "new") {
    this.ensureRead(principal);
    return this.repo.suggestions(principal, status);
  }

  private async visibleSuggestion(principal: Principal, id: number) {
    const t = await this.repo.suggestionFor(principal, id);
    if (!t) throw notFound("suggestion");
    return t;
  }

  async suggestionActed(principal: Principal, id: number, note: string) {
    if (!can(principal, "survey.act")) throw forbidden();
    const text = note.trim();
    if (!text) throw badRequest("what was done about it", "note");
    const t = await this.visibleSuggestion(principal, id);
    const acted = await this.repo.suggestionActed(Number(t.id), {
      acted_at: this.clock(),
      acted_by: principal.id,
      acted_note: text.slice(0, 2000),
    });
    if (!acted) throw conflict("this suggestion was acted on already", "id");
  }

  async suggestionComplaint(principal: Principal, id: number, categoryCode: string): Promise<string> {
    if (!can(principal, "survey.act")) throw forbidden();
    const t = await this.visibleSuggestion(principal, id);
    if (t.complaint_id) throw conflict("a complaint was registered from this answer already", "id");
    return this.registerFromAnswer(id, principal, categoryCode, t.answered_via === "link" ? "web" : "call");
  }
}
