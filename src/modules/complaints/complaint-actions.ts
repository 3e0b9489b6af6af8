import type { Complaint, ComplaintCategory, ComplaintUpdate } from "../../db/schema.ts";
import { badRequest, conflict, forbidden } from "../../lib/errors.ts";
import type { Permission } from "../access/permissions.ts";
import type { Principal } from "../access/principal.ts";
import { type Actor, actorFields } from "../audit/actor.ts";
import type { CatalogueRepository } from "./catalogue.repository.ts";
import { alertEmergency } from "./complaint-escalation.ts";
import { AUDITED, diff } from "./complaints.audit.ts";
import type { ComplaintSettings, Emit } from "./complaints.context.ts";
import type { ComplaintRow, ComplaintsRepository, StaffContact } from "./complaints.repository.ts";
import { dueAt, levelAt, nextEscalationAt, reopenDueAt } from "./complaints.sla.ts";
import type { ComplaintAction } from "./complaints.state.ts";

export interface ActionInput {
  assigneeId?: number | undefined;
  resolutionCode?: string | undefined;
  remarks?: string | undefined;
  reason?: string | undefined;
  duplicateOf?: string | undefined;
  categoryCode?: string | undefined;
  subcategoryCode?: string | undefined;
  note?: string | undefined;
}

/** What an action's handler gets: the complaint locked as it was, and the transaction's handles. */
export interface ActionContext {
  c: Complaint;
  category: ComplaintCategory;
  input: ActionInput;
  /** Absent when the consumer acts from the public page or the feedback desk acts for him. */
  principal: Principal | undefined;
  actor: Actor;
  now: Date;
  settings: ComplaintSettings;
  repo: ComplaintsRepository;
  catalogue: CatalogueRepository;
  emit: Emit;
  /** The change every action starts from: the state machine's next status, and the time. */
  base: ComplaintUpdate;
  /** The audit note the input carries (note, remarks or reason), if any. */
  note: string | null;
}

/**
 * What a handler decides: the change to write (and the audit note, when the
 * action requires its own), or, for an assignment, the change it wrote
 * itself with its audit entry.
 */
export type ActionOutcome = { changes: ComplaintUpdate; note?: string | null } | { assigned: Complaint };

export interface ActionDefinition {
  /** The permission a principal needs for it. */
  permission: Permission;
  /** Its name in the audit trail. */
  audit: string;
  apply(ctx: ActionContext): Promise<ActionOutcome> | ActionOutcome;
  /** After the change and its audit entry are written, in the same transaction. */
  afterUpdate?(ctx: ActionContext, updated: Complaint): Promise<void>;
}

/** An input field the action cannot do without. */
function required(value: string | undefined, field: string, what: string): string {
  if (!value?.trim()) throw badRequest(`${what} is required`, field);
  return value.trim();
}

/** Leaving the waiting state: the time spent waiting moves the due time (and the ladder) forward. */
export async function unpause(
  c: Complaint,
  now: Date,
  catalogue: CatalogueRepository,
): Promise<ComplaintUpdate> {
  if (!c.waiting_since) return { waiting_since: null };
  const paused = now.getTime() - c.waiting_since.getTime();
  const due = new Date(c.due_at.getTime() + paused);
  const category = (await catalogue.category(c.category_code)) as ComplaintCategory;
  return {
    waiting_since: null,
    due_at: due,
    next_escalation_at: nextEscalationAt(due, c.escalation_level, category),
  };
}

/** Assigns a complaint (a waiting one resumes), with its audit entry; the assignee hears of it. */
async function assignTo(
  ctx: ActionContext,
  who: StaffContact,
  action: "assigned" | "accepted",
): Promise<Complaint> {
  const { repo, c, now } = ctx;
  const changes: ComplaintUpdate = {
    status: "assigned",
    assigned_to: who.id,
    assigned_at: now,
    // Taking it (accept) is taking it on; an assignment waits for the assignee's accept.
    accepted_at: action === "accepted" ? now : null,
    updated_at: now,
  };
  if (c.status === "waiting") Object.assign(changes, await unpause(c, now, ctx.catalogue));
  const updated = await repo.update(c.id, changes);
  await repo.addEvent({
    complaintId: c.id,
    at: now,
    action,
    ...actorFields(ctx.actor),
    fromStatus: c.status,
    toStatus: "assigned",
    changes: { ...diff(c, updated, AUDITED), assignee: [null, who.name] },
    note: ctx.note,
  });
  const row = (await repo.findById(c.id)) as ComplaintRow;
  await ctx.emit({ type: "complaint.assigned", complaint: row, assignee: who });
  return updated;
}

/** assign (the JE chooses) and accept (a lineman or the JE takes it): the same change. */
function assignment(action: "assign" | "accept"): ActionDefinition["apply"] {
  return async (ctx) => {
    const userId = action === "accept" ? ctx.principal?.id : ctx.input.assigneeId;
    if (!userId) throw badRequest("choose who to assign", "assigneeId");
    const { c, now, repo } = ctx;
    // The assignee's own accept: he has seen it and takes it on. Nothing moves
    // but the time he did; the trail says he accepted.
    if (action === "accept" && c.assigned_to === userId) {
      if (c.accepted_at) throw conflict("you have already accepted this complaint", "action");
      const updated = await repo.update(c.id, { accepted_at: now, updated_at: now });
      await repo.addEvent({
        complaintId: c.id,
        at: now,
        action: "accepted",
        ...actorFields(ctx.actor),
        fromStatus: c.status,
        toStatus: c.status,
        changes: {},
        note: ctx.note,
      });
      return { assigned: updated };
    }
    const who = await repo.targets.assignable(c.dc_id, userId);
    if (!who) {
      throw action === "accept"
        ? forbidden("only a lineman or the JE of this DC can take this complaint")
        : badRequest("assign to a lineman or the JE of the complaint's DC", "assigneeId");
    }
    return { assigned: await assignTo(ctx, who, action === "accept" ? "accepted" : "assigned") };
  };
}

/**
 * Every action on a complaint: who may take it, what the audit trail calls
 * it, and the change it makes. The state machine (complaints.state.ts) says
 * from which status each is allowed; adding an action is an entry here and
 * its transitions there.
 */
export const ACTIONS: Record<ComplaintAction, ActionDefinition> = {
  assign: { permission: "complaints.manage", audit: "assigned", apply: assignment("assign") },
  accept: { permission: "complaints.work", audit: "accepted", apply: assignment("accept") },

  attend: {
    permission: "complaints.work",
    audit: "attended",
    // On site is taking it on too: he need not have pressed Accept first.
    apply: ({ base, c, now }) => ({
      changes: { ...base, attended_at: now, accepted_at: c.accepted_at ?? now },
    }),
  },

  wait: {
    permission: "complaints.work",
    audit: "waiting",
    apply: ({ base, c, now, input }) => {
      required(input.reason, "reason", "what the consumer must do (reason)");
      return {
        changes: { ...base, waiting_since: now, next_escalation_at: null, accepted_at: c.accepted_at ?? now },
      };
    },
  },

  resume: {
    permission: "complaints.work",
    audit: "resumed",
    apply: async ({ base, c, now, catalogue }) => ({
      changes: { ...base, ...(await unpause(c, now, catalogue)) },
    }),
  },

  resolve: {
    permission: "complaints.work",
    audit: "resolved",
    apply: async ({ base, c, now, catalogue, category, input }) => {
      const code = required(input.resolutionCode, "resolutionCode", "a resolution code");
      if (!(await catalogue.resolutionCodeExists(code)))
        throw badRequest(`no resolution code ${code}`, "resolutionCode");
      const changes: ComplaintUpdate = {
        ...base,
        ...(c.status === "waiting" ? await unpause(c, now, catalogue) : {}),
        resolution_code: code,
        resolution_remarks: input.remarks?.trim() || null,
        resolved_at: now,
        next_escalation_at: null,
      };
      const due = (changes.due_at as Date | undefined) ?? c.due_at;
      if (!c.breached_at && now.getTime() > due.getTime()) {
        changes.breached_at = due;
        changes.compensation_rs = c.compensation_rs + category.compensation_rs;
      }
      return { changes };
    },
  },

  reopen: {
    permission: "complaints.reopen",
    audit: "reopened",
    apply: ({ base, c, now, category, settings, input }) => {
      const note = required(input.reason, "reason", "the consumer's words (reason)");
      const due = reopenDueAt(now, category, c.area_type, settings.reopenLimitPercent);
      return {
        note,
        changes: {
          ...base,
          status: c.assigned_to ? "assigned" : "registered",
          reopen_count: c.reopen_count + 1,
          resolved_at: null,
          resolution_code: null,
          resolution_remarks: null,
          attended_at: null,
          // Back to the same lineman, who accepts it again: it is new work for him.
          accepted_at: null,
          due_at: due,
          breached_at: null,
          escalation_level: 0,
          next_escalation_at: due,
        },
      };
    },
  },

  close: {
    permission: "complaints.manage",
    audit: "closed",
    apply: ({ base, now, input }) => ({
      changes: { ...base, closed_at: now, close_reason: input.reason?.trim() || "confirmed" },
    }),
  },

  mark_invalid: {
    permission: "complaints.manage",
    audit: "marked_invalid",
    apply: ({ base, now, input }) => {
      const note = required(input.reason, "reason", "a reason");
      return {
        note,
        changes: {
          ...base,
          closed_at: now,
          close_reason: note,
          next_escalation_at: null,
          waiting_since: null,
        },
      };
    },
  },

  mark_duplicate: {
    permission: "complaints.manage",
    audit: "marked_duplicate",
    apply: async ({ base, c, now, input, principal, repo }) => {
      const of = required(
        input.duplicateOf,
        "duplicateOf",
        "the number of the complaint it repeats",
      ).toUpperCase();
      const original = principal ? await repo.findForUser(principal, of) : undefined;
      if (!original || original.id === c.id)
        throw badRequest(`no other complaint ${of} in your jurisdiction`, "duplicateOf");
      return {
        changes: {
          ...base,
          duplicate_of: original.id,
          closed_at: now,
          close_reason: input.reason?.trim() || `duplicate of ${original.number}`,
          next_escalation_at: null,
          waiting_since: null,
        },
      };
    },
  },

  change_category: {
    permission: "complaints.manage",
    audit: "category_changed",
    apply: async ({ base, c, now, category, catalogue, input }) => {
      const code = required(input.categoryCode, "categoryCode", "the new category");
      const next = await catalogue.category(code);
      if (!next) throw badRequest(`no complaint category ${code}`, "categoryCode");
      if (input.subcategoryCode && !(await catalogue.subcategoryExists(code, input.subcategoryCode))) {
        throw badRequest(`${input.subcategoryCode} is not a sub-category of ${code}`, "subcategoryCode");
      }
      // Same registration time, the new category's limit; time spent waiting still counts for the consumer.
      const shift = c.due_at.getTime() - dueAt(c.registered_at, category, c.area_type).getTime();
      const due = new Date(dueAt(c.registered_at, next, c.area_type).getTime() + shift);
      const escalationLevel = Math.min(c.escalation_level, levelAt(now, due, next));
      return {
        changes: {
          ...base,
          category_code: next.code,
          subcategory_code: input.subcategoryCode ?? null,
          priority: next.priority,
          emergency: next.emergency,
          due_at: due,
          escalation_level: escalationLevel,
          ...(c.status !== "waiting"
            ? { next_escalation_at: nextEscalationAt(due, escalationLevel, next) }
            : {}),
        },
      };
    },
    // A complaint that became an emergency alerts its officers as a new one would.
    afterUpdate: async ({ c, repo, emit, now }, updated) => {
      if (updated.emergency && !c.emergency) {
        await alertEmergency(repo, emit, (await repo.findById(c.id)) as ComplaintRow, now);
      }
    },
  },

  note: {
    permission: "complaints.note",
    audit: "note",
    // A note changes nothing but the time (not even the status).
    apply: ({ now, input }) => ({
      note: required(input.note, "note", "a note"),
      changes: { updated_at: now },
    }),
  },
};
