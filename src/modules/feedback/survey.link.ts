import type { Language } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest } from "../../lib/errors.ts";
import type { Principal } from "../access/principal.ts";
import type { ThrottleRepository } from "../users/throttle.repository.ts";
import { findLink } from "./links.ts";
import { parseAnswers, type SurveyAnswers } from "./survey.answers.ts";
import type { SurveyFollowUp } from "./survey.follow-up.ts";
import type { SurveyRepository } from "./survey.repository.ts";
import type { SurveySettings } from "./survey.settings.ts";

/** The survey's public link: the consumer the desk could not reach answers on the page (once). */
export class SurveyLinks {
  constructor(
    private readonly repo: SurveyRepository,
    private readonly followUp: SurveyFollowUp,
    private readonly config: () => Promise<SurveySettings>,
    private readonly throttle: ThrottleRepository,
    private readonly clock: Clock,
  ) {}

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
    return { target: row, expiresAt: link.expires_at, questions: await this.repo.questions(true) };
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
    const columns = parseAnswers(answers, await this.repo.questions(true), await this.config());
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
      const number = await this.followUp.registerFromAnswer(
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
}
