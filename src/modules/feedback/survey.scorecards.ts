import { ORG_KINDS, type OrgKind } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { badRequest, forbidden, notFound } from "../../lib/errors.ts";
import { addMonths, monthOf, startOfMonth } from "../../lib/time.ts";
import { can, type Principal } from "../access/principal.ts";
import { SCORE_METRICS } from "./survey.constants.ts";
import type { FigureCounts, SurveyRepository } from "./survey.repository.ts";
import { MONTH, type SurveySettings } from "./survey.settings.ts";

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

export { SCORE_METRICS };

const pct = (n: number, of: number) => (of > 0 ? Math.round((1000 * n) / of) / 10 : null);

/** Scorecards: the survey's figures (and the callbacks' ratings) per area and month, judged against the threshold. */
export class SurveyScorecards {
  constructor(
    private readonly repo: SurveyRepository,
    private readonly config: () => Promise<SurveySettings>,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  /**
   * Per area and month: the survey's counts and the callbacks' ratings,
   * summed from the DCs below each area of a level (or one area).
   */
  async figures(months: string[], where: { level?: OrgKind; orgId?: number; path: string }) {
    const tz = this.timeZone;
    const sorted = [...months].sort();
    const first = sorted[0] ?? monthOf(this.clock(), tz);
    const last = sorted[sorted.length - 1] ?? first;
    const from = startOfMonth(first, tz);
    const to = startOfMonth(addMonths(last, 1), tz);
    return this.repo.figures(sorted, { ...where, from, to, timeZone: tz });
  }

  score(r: FigureCounts, settings: SurveySettings, month?: string): Score {
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
    const current = monthOf(this.clock(), this.timeZone);
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
}
