import type { Complaint, ComplaintCategory } from "../../db/schema.ts";
import type { Tx } from "../../db/unit-of-work.ts";
import { AppError, forbidden, notFound } from "../../lib/errors.ts";
import { can, type Principal } from "../access/principal.ts";
import { type Actor, actorFields, actorOf } from "../audit/actor.ts";
import { ACTIONS, type ActionContext, type ActionInput } from "./complaint-actions.ts";
import { AUDITED, diff } from "./complaints.audit.ts";
import type { ComplaintsContext, Emit } from "./complaints.context.ts";
import type { ComplaintRow, ComplaintsRepository } from "./complaints.repository.ts";
import { allowedActions, type ComplaintAction, nextStatus } from "./complaints.state.ts";

/**
 * Field actions a lineman may take only on work that is his. Accept is his
 * first action on work assigned to him, or taking over someone else's (the
 * screens call that "Take over").
 */
const OWN_WORK: ComplaintAction[] = ["attend", "wait", "resume", "resolve"];

/**
 * The life cycle: one action at a time on a locked complaint. The state
 * machine says whether it is allowed now, the action table (complaint-actions.ts)
 * what it changes; the change and its audit entry commit together.
 */
export class ComplaintLifecycle {
  constructor(private readonly ctx: ComplaintsContext) {}

  /** The actions this principal may take on this complaint now. */
  actionsFor(principal: Principal, c: Complaint): ComplaintAction[] {
    return allowedActions(c.status).filter((a) => {
      if (!can(principal, ACTIONS[a].permission)) return false;
      if (principal.role === "lineman") {
        if (OWN_WORK.includes(a)) return c.assigned_to === principal.id;
      }
      if (a === "accept") {
        if (principal.role !== "lineman" && principal.role !== "je") return false;
        return c.assigned_to !== principal.id || c.accepted_at === null;
      }
      return true;
    });
  }

  /**
   * Applies one action. The state machine decides whether it is allowed (409
   * with the allowed actions if not); the permission and the jurisdiction
   * whether this principal may (403); the change and its audit entry commit
   * together.
   */
  async act(
    principal: Principal,
    number: string,
    action: ComplaintAction,
    input: ActionInput,
  ): Promise<ComplaintRow> {
    const upper = number.trim().toUpperCase();
    const found = await this.ctx.complaints().findForUser(principal, upper);
    if (!found) {
      if (await this.ctx.complaints().exists(upper))
        throw forbidden("this complaint is outside your jurisdiction");
      throw notFound("complaint");
    }
    if (!can(principal, ACTIONS[action].permission))
      throw forbidden(`your role may not ${action.replace("_", " ")} complaints`);
    return this.perform(found.id, action, input, actorOf(principal), principal);
  }

  /**
   * The feedback desk acts for the consumer: his confirmation closes a
   * resolved complaint, "not fixed" reopens it with his words. `within`
   * writes the desk's own record in the same transaction (it sees the
   * complaint as it was, locked).
   */
  async actForConsumer(
    id: number,
    action: "close" | "reopen",
    input: ActionInput,
    by: { userId: number | null; name: string; role: string | null; channel: string },
    within: (tx: Tx, before: Complaint) => Promise<void>,
  ): Promise<ComplaintRow> {
    const actor: Actor = {
      kind: by.userId ? "user" : by.channel === "system" ? "system" : "public",
      id: by.userId,
      name: by.name,
      role: by.role,
      channel: by.channel,
    };
    return this.perform(id, action, input, actor, undefined, within);
  }

  /**
   * One action on a complaint, in a transaction that locks it first. The
   * principal is absent when the consumer acts from the public page.
   */
  async perform(
    id: number,
    action: ComplaintAction,
    input: ActionInput,
    actor: Actor,
    principal: Principal | undefined,
    within?: (tx: Tx, before: Complaint) => Promise<void>,
  ): Promise<ComplaintRow> {
    const settings = await this.ctx.config.get();
    return this.ctx.uow.run(async (tx, emit) => {
      const repo = this.ctx.complaints(tx);
      const catalogue = this.ctx.catalogue(tx);
      const now = this.ctx.clock();
      const c = await repo.lock(id);
      const to = nextStatus(c.status, action, { attended: c.attended_at !== null });
      if (to === undefined) {
        const allowed = principal ? this.actionsFor(principal, c) : allowedActions(c.status);
        throw new AppError(
          409,
          "action_not_allowed",
          `a ${c.status} complaint cannot be ${action.replace("_", " ")}ed; allowed now: ${allowed.join(", ") || "nothing"}`,
          "action",
          undefined,
          allowed,
        );
      }
      if (principal?.role === "lineman" && OWN_WORK.includes(action) && c.assigned_to !== principal.id) {
        throw forbidden("this complaint is assigned to someone else; accept it first");
      }
      const definition = ACTIONS[action];
      const ctx: ActionContext = {
        c,
        category: (await catalogue.category(c.category_code)) as ComplaintCategory,
        input,
        principal,
        actor,
        now,
        settings,
        repo,
        catalogue,
        emit,
        base: { status: to, updated_at: now },
        note: input.note?.trim() || input.remarks?.trim() || input.reason?.trim() || null,
      };
      const outcome = await definition.apply(ctx);
      if ("assigned" in outcome) return this.finish(repo, emit, c, outcome.assigned, action);

      const updated = await repo.update(c.id, outcome.changes).catch((err: unknown) => {
        // Reopening, or moving to another category, while the consumer has another open
        // complaint of that category: the one-open-per-consumer-and-category index refuses it.
        const e = err as { code?: string; constraint?: string; message?: string };
        if (
          e.code === "23505" &&
          `${e.constraint ?? ""} ${e.message ?? ""}`.includes("complaints_one_open_per_consumer_category")
        )
          throw new AppError(
            409,
            "open_complaint_exists",
            "the consumer already has an open complaint of this category: work on that one",
            action === "change_category" ? "categoryCode" : "action",
          );
        throw err;
      });
      await repo.addEvent({
        complaintId: c.id,
        at: now,
        action: definition.audit,
        ...actorFields(actor),
        fromStatus: c.status,
        toStatus: updated.status,
        changes: diff(c, updated, AUDITED),
        note: outcome.note !== undefined ? outcome.note : ctx.note,
      });
      if (definition.afterUpdate) await definition.afterUpdate(ctx, updated);
      if (within) await within(tx, c);
      return this.finish(repo, emit, c, updated, action);
    });
  }

  private async finish(
    repo: ComplaintsRepository,
    emit: Emit,
    before: Complaint,
    after: Complaint,
    action: ComplaintAction,
  ) {
    const row = (await repo.findById(after.id)) as ComplaintRow;
    if (action === "resolve") await emit({ type: "complaint.resolved", complaint: row });
    if (action === "reopen") await emit({ type: "complaint.reopened", complaint: row });
    await emit({ type: "complaint.changed", complaint: row, action, from: before.status, to: after.status });
    return row;
  }
}
