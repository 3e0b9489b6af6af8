import { randomBytes } from "node:crypto";
import type { OrgKind, SurveyQuestionKind } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../lib/errors.ts";
import { addMonths, monthOf, startOfMonth } from "../../lib/time.ts";
import { ROLE_ORG_KIND } from "../access/permissions.ts";
import { can, type Principal } from "../access/principal.ts";
import { SURVEY_LEVELS } from "./survey.constants.ts";
import type { SurveyQuestion, SurveyRepository } from "./survey.repository.ts";
import type { SCORE_METRICS, SurveyScorecards } from "./survey.scorecards.ts";
import { MONTH, type SurveySettings } from "./survey.settings.ts";

const FLAG_LEVELS: OrgKind[] = [...SURVEY_LEVELS];

/**
 * The survey's campaigns and questions: each month's stratified random
 * sample per DC, and the month's close (the unreached count as unanswered,
 * low areas get action items).
 */
export class SurveyCampaigns {
  constructor(
    private readonly repo: SurveyRepository,
    private readonly scorecards: SurveyScorecards,
    private readonly config: () => Promise<SurveySettings>,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

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
    const current = monthOf(now, this.timeZone);
    if (month > addMonths(current, 1))
      throw badRequest(`a survey can be drawn for ${current} or the month after, not ${month}`, "month");
    // Next month's sample waits for its 1st before the desk sees it.
    const startAt = new Date(Math.max(now.getTime(), startOfMonth(month, this.timeZone).getTime()));
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
    const month = monthOf(now, this.timeZone);
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
      const rows = await this.scorecards.figures([month], { level, path: "/" });
      const low = rows
        .map((r) => ({ r, score: this.scorecards.score(r, settings) }))
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
}
