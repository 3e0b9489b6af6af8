import type { ComplaintStatus } from "../../db/schema.ts";

import { COMPLAINT_ACTIONS, type ComplaintAction } from "./complaints.constants.ts";

export { COMPLAINT_ACTIONS, type ComplaintAction };

/** "same": the action keeps the status; "back": resume returns to where the complaint was before waiting. */
type Target = ComplaintStatus | "same" | "back";

const TERMINAL: Partial<Record<ComplaintAction, Target>> = { note: "same" };

const WORKING: Partial<Record<ComplaintAction, Target>> = {
  assign: "assigned",
  resolve: "resolved",
  mark_invalid: "invalid",
  mark_duplicate: "duplicate",
  change_category: "same",
  note: "same",
};

/**
 * The complaint life cycle: registered → assigned → attended → resolved →
 * closed; waiting (for the consumer) pauses the SLA clock; resolved can be
 * reopened (back to assigned); invalid and duplicate close a complaint with a
 * reason. Anything not in this table is refused with the allowed actions.
 */
export const TRANSITIONS: Record<ComplaintStatus, Partial<Record<ComplaintAction, Target>>> = {
  registered: { ...WORKING, accept: "assigned" },
  assigned: { ...WORKING, accept: "assigned", attend: "attended", wait: "waiting" },
  attended: { ...WORKING, wait: "waiting" },
  waiting: { ...WORKING, resume: "back" },
  resolved: { reopen: "assigned", close: "closed", note: "same" },
  closed: TERMINAL,
  invalid: TERMINAL,
  duplicate: TERMINAL,
};

export function allowedActions(status: ComplaintStatus): ComplaintAction[] {
  return COMPLAINT_ACTIONS.filter((a) => TRANSITIONS[status][a] !== undefined);
}

/**
 * The status after `action`, or undefined when the state machine forbids it.
 * `resume` goes back to attended if the lineman had reached the site, else to assigned.
 */
export function nextStatus(
  status: ComplaintStatus,
  action: ComplaintAction,
  context: { attended: boolean } = { attended: false },
): ComplaintStatus | undefined {
  const target = TRANSITIONS[status][action];
  if (target === undefined) return undefined;
  if (target === "same") return status;
  if (target === "back") return context.attended ? "attended" : "assigned";
  return target;
}
