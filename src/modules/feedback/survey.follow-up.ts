import type { Cursor } from "../../db/keyset.ts";
import { keysetPages } from "../../http/exports.ts";
import type { Clock } from "../../lib/clock.ts";
import { badRequest, conflict, forbidden, notFound } from "../../lib/errors.ts";
import { can, type Principal } from "../access/principal.ts";
import type { ComplaintsService } from "../complaints/complaints.service.ts";
import type { SurveyRepository } from "./survey.repository.ts";

/**
 * What follows the answers: action items for areas below the threshold, the
 * consumers' suggestions, and a suggestion registered as a complaint.
 */
export class SurveyFollowUp {
  constructor(
    private readonly repo: SurveyRepository,
    private readonly complaints: ComplaintsService,
    private readonly clock: Clock,
  ) {}

  private ensureRead(principal: Principal) {
    if (!can(principal, "survey.read")) throw forbidden();
  }

  /** Every action item of the same list (past its 300), a page at a time: the export. */
  allActions(principal: Principal, status: "open" | "done" | "all") {
    this.ensureRead(principal);
    return keysetPages(
      (after: Cursor | undefined, limit) => this.repo.actionsAfter(principal, status, after, limit),
      (a) => a.cursor,
    );
  }

  /** Every suggestion of the same list (past its 300), a page at a time: the export. */
  allSuggestions(principal: Principal, status: "new" | "acted" | "all") {
    this.ensureRead(principal);
    return keysetPages(
      (after: Cursor | undefined, limit) => this.repo.suggestionsAfter(principal, status, after, limit),
      (s) => s.cursor,
    );
  }

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

  /** Registers the suggestion of an answer as a complaint (once) and marks it acted on. */
  async registerFromAnswer(
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
}
