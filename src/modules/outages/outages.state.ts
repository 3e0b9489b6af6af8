import type { OutageKind, OutageStatus } from "../../db/schema.ts";

import { OUTAGE_ACTIONS, type OutageAction } from "./outages.constants.ts";

export { OUTAGE_ACTIONS, type OutageAction };

/**
 * Unplanned: suspected → confirmed → restored; a suspected outage may be
 * dismissed (a false alarm), and a DT outage is merged into its feeder's when
 * the fault turns out to be the feeder's. Planned: scheduled → in progress →
 * completed, or cancelled before it starts.
 */
const MOVES: Record<OutageStatus, Partial<Record<OutageAction, OutageStatus>>> = {
  suspected: {
    confirm: "confirmed",
    dismiss: "dismissed",
    set_etr: "suspected",
    restore: "restored",
    acknowledge: "suspected",
    note: "suspected",
  },
  confirmed: { set_etr: "confirmed", restore: "restored", acknowledge: "confirmed", note: "confirmed" },
  restored: { note: "restored" },
  dismissed: { note: "dismissed" },
  merged: { note: "merged" },
  scheduled: { start: "in_progress", set_etr: "scheduled", cancel: "cancelled", note: "scheduled" },
  in_progress: { set_etr: "in_progress", restore: "completed", note: "in_progress" },
  completed: { note: "completed" },
  cancelled: { note: "cancelled" },
};

export function nextOutageStatus(status: OutageStatus, action: OutageAction): OutageStatus | undefined {
  return MOVES[status][action];
}

export function allowedOutageActions(status: OutageStatus): OutageAction[] {
  return OUTAGE_ACTIONS.filter((a) => MOVES[status][a] !== undefined);
}

/** Supply is off (callers behind it are told so and their "no supply" complaints join it). */
export function isLive(status: OutageStatus): boolean {
  return status === "suspected" || status === "confirmed" || status === "in_progress";
}

/** Over: counts in the reliability indices (dismissed, merged and cancelled ones never do). */
export function isFinished(kind: OutageKind, status: OutageStatus): boolean {
  return kind === "unplanned" ? status === "restored" : status === "completed";
}
