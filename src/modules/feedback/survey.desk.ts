import { SURVEY_OUTCOMES, type SurveyOutcome } from "../../db/schema.ts";
import type { Tx } from "../../db/unit-of-work.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../lib/errors.ts";
import { addMonths, monthOf, startOfDay, startOfMonth } from "../../lib/time.ts";
import { can, type Principal } from "../access/principal.ts";
import { sendSms } from "../notifications/send-sms.ts";
import { heldByAnother, placeCall } from "./desk.ts";
import { hashToken, newToken, publicLink } from "./links.ts";
import { parseAnswers, type SurveyAnswers } from "./survey.answers.ts";
import type { SurveyFollowUp } from "./survey.follow-up.ts";
import type { SurveyRepository, TargetRow } from "./survey.repository.ts";
import type { SurveySettings } from "./survey.settings.ts";

/**
 * The survey's call desk: consumers due a call in the agent's jurisdiction,
 * each his for ten minutes while he calls, and what the call came to (a
 * one-use link by SMS after the last unanswered call).
 */
export class SurveyDesk {
  constructor(
    private readonly repo: SurveyRepository,
    private readonly followUp: SurveyFollowUp,
    private readonly config: () => Promise<SurveySettings>,
    private readonly clock: Clock,
    private readonly options: { timeZone: string; linkBase: string; ctiUrl?: string | undefined },
  ) {}

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
    return {
      target: await this.visible(principal, id),
      attempts,
      questions: await this.repo.questions(true),
    };
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
    const columns = parseAnswers(input.answers, await this.repo.questions(true), settings);
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
      const complaintNumber = await this.followUp.registerFromAnswer(
        id,
        principal,
        asked.categoryCode,
        "call",
      );
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
    await sendSms(tx, {
      template: "survey_invitation",
      language: row.language,
      variables: { link: publicLink(this.options.linkBase, "s", token) },
      recipient: row.phone,
      dedupKey: `survey:${row.id}`,
      urgent: false,
      relatedType: "consumer",
      relatedId: Number(row.consumer_id),
      createdAt: now,
    });
  }
}
