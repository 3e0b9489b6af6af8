import type { OrgKind } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { forbidden } from "../../lib/errors.ts";
import { can, type Principal } from "../access/principal.ts";
import type { ComplaintsService } from "../complaints/complaints.service.ts";
import type { SettingsRepository } from "../settings/settings.repository.ts";
import type { ThrottleRepository } from "../users/throttle.repository.ts";
import { DeskSettings } from "./desk.ts";
import type { SurveyAnswers } from "./survey.answers.ts";
import { SurveyCampaigns } from "./survey.campaigns.ts";
import { SurveyDesk } from "./survey.desk.ts";
import { SurveyFollowUp } from "./survey.follow-up.ts";
import { SurveyLinks } from "./survey.link.ts";
import type { SurveyQuestion, SurveyRepository } from "./survey.repository.ts";
import { SurveyScorecards } from "./survey.scorecards.ts";
import { DEFAULT_SURVEY_SETTINGS, SURVEY_SETTING_LIMITS, type SurveySettings } from "./survey.settings.ts";

export type { SurveyAnswers } from "./survey.answers.ts";
export type { SurveyQuestion, TargetRow } from "./survey.repository.ts";
export { SCORE_METRICS, type Score } from "./survey.scorecards.ts";
export { DEFAULT_SURVEY_SETTINGS, type SurveySettings } from "./survey.settings.ts";

/**
 * The monthly consumer survey: a stratified random sample per DC (campaigns),
 * the call desk that asks the questions, a one-use link by SMS after the last
 * unanswered call (public link), scorecards per area and month, action items
 * for areas below the threshold and the consumers' suggestions (follow-up).
 * Each part is its own class; this one holds the settings they share and
 * keeps the routes' one entry point.
 */
export class SurveyService {
  private readonly stored: DeskSettings<SurveySettings>;
  readonly campaign: SurveyCampaigns;
  readonly desk: SurveyDesk;
  readonly links: SurveyLinks;
  readonly scorecard: SurveyScorecards;
  readonly followUp: SurveyFollowUp;

  constructor(
    repo: SurveyRepository,
    complaints: ComplaintsService,
    settings: SettingsRepository,
    throttle: ThrottleRepository,
    clock: Clock,
    options: { timeZone: string; linkBase: string; ctiUrl?: string | undefined },
  ) {
    this.stored = new DeskSettings(settings, "survey", DEFAULT_SURVEY_SETTINGS, SURVEY_SETTING_LIMITS);
    const config = () => this.config();
    this.scorecard = new SurveyScorecards(repo, config, clock, options.timeZone);
    this.followUp = new SurveyFollowUp(repo, complaints, clock);
    this.campaign = new SurveyCampaigns(repo, this.scorecard, config, clock, options.timeZone);
    this.desk = new SurveyDesk(repo, this.followUp, config, clock, options);
    this.links = new SurveyLinks(repo, this.followUp, config, throttle, clock);
  }

  config(): Promise<SurveySettings> {
    return this.stored.get();
  }

  async updateConfig(principal: Principal, input: Partial<SurveySettings>): Promise<SurveySettings> {
    if (!can(principal, "survey.manage")) throw forbidden();
    return this.stored.update(input);
  }

  // ---- Campaigns and questions ----

  questions(activeOnly = false): Promise<SurveyQuestion[]> {
    return this.campaign.questions(activeOnly);
  }

  updateQuestion(
    principal: Principal,
    code: string,
    input: { textEn: string; textHi: string; active?: boolean | undefined },
  ) {
    return this.campaign.updateQuestion(principal, code, input);
  }

  addQuestion(principal: Principal, input: { code: string; kind: string; textEn: string; textHi: string }) {
    return this.campaign.addQuestion(principal, input);
  }

  buildCampaign(
    month: string,
    opts: { seed?: string | undefined; sampleSize?: number | undefined; by?: number | null } = {},
  ) {
    return this.campaign.buildCampaign(month, opts);
  }

  buildByHand(
    principal: Principal,
    month: string,
    opts: { seed?: string | undefined; sampleSize?: number | undefined },
  ) {
    return this.campaign.buildByHand(principal, month, opts);
  }

  campaigns(principal: Principal) {
    return this.campaign.campaigns(principal);
  }

  runMonthly() {
    return this.campaign.runMonthly();
  }

  closeCampaign(month: string) {
    return this.campaign.closeCampaign(month);
  }

  // ---- The call desk ----

  queue(principal: Principal, limit = 50) {
    return this.desk.queue(principal, limit);
  }

  progress(principal: Principal) {
    return this.desk.progress(principal);
  }

  open(principal: Principal, id: number) {
    return this.desk.open(principal, id);
  }

  release(principal: Principal, id: number) {
    return this.desk.release(principal, id);
  }

  dial(principal: Principal, id: number) {
    return this.desk.dial(principal, id);
  }

  record(
    principal: Principal,
    id: number,
    input: {
      outcome: string;
      note?: string | undefined;
      answers?: (SurveyAnswers & { complaint?: { categoryCode: string } | undefined }) | undefined;
    },
  ) {
    return this.desk.record(principal, id, input);
  }

  // ---- The public link ----

  linkInfo(token: string, address: string) {
    return this.links.linkInfo(token, address);
  }

  answerByLink(
    token: string,
    answers: SurveyAnswers & { registerComplaint?: boolean | undefined },
    address: string,
  ) {
    return this.links.answerByLink(token, answers, address);
  }

  // ---- Scorecards ----

  scorecards(principal: Principal, month: string, level: OrgKind) {
    return this.scorecard.scorecards(principal, month, level);
  }

  trend(principal: Principal, orgCode: string, months = 12) {
    return this.scorecard.trend(principal, orgCode, months);
  }

  // ---- Follow-up: action items and suggestions ----

  actions(principal: Principal, status: "open" | "done" | "all" = "open") {
    return this.followUp.actions(principal, status);
  }

  actionDone(principal: Principal, id: number, actionTaken: string) {
    return this.followUp.actionDone(principal, id, actionTaken);
  }

  suggestions(principal: Principal, status: "new" | "acted" | "all" = "new") {
    return this.followUp.suggestions(principal, status);
  }

  suggestionActed(principal: Principal, id: number, note: string) {
    return this.followUp.suggestionActed(principal, id, note);
  }

  suggestionComplaint(principal: Principal, id: number, categoryCode: string) {
    return this.followUp.suggestionComplaint(principal, id, categoryCode);
  }
}
