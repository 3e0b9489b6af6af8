import type { ApplicationStatus, SopArea } from "../../db/schema.ts";
import type { ConnectionSopSettings } from "./connections.constants.ts";

const DAY = 86_400_000;

export interface SopClockInput {
  status: ApplicationStatus;
  sop_area: SopArea;
  status_at: Date;
  documents_complete_at: Date | null;
  demand_note_at: Date | null;
  charges_paid_at: Date | null;
}

/**
 * The regulator's limit for the connection: complete documents plus the
 * area's days, plus the time a demand note waited for the consumer's payment
 * (the consumer's time, not the DISCOM's). Null until the documents are
 * complete; while the payment is awaited it moves with `now`.
 */
export function releaseDueAt(app: SopClockInput, settings: ConnectionSopSettings, now: Date): Date | null {
  if (!app.documents_complete_at) return null;
  const base = app.documents_complete_at.getTime() + settings.releaseDays[app.sop_area] * DAY;
  const paused = app.demand_note_at
    ? Math.max(0, (app.charges_paid_at ?? now).getTime() - app.demand_note_at.getTime())
    : 0;
  return new Date(base + paused);
}

/** The current stage's internal limit, or null when the stage has none (or is final, or awaits the consumer). */
export function stageDueAt(app: SopClockInput, settings: ConnectionSopSettings): Date | null {
  const days = settings.stageDays[app.status];
  if (days === undefined || app.status === "demand_note_issued") return null;
  if (app.status === "released" || app.status === "rejected") return null;
  return new Date(app.status_at.getTime() + days * DAY);
}

/** Whole days (a part counts as a day) the release is late at `at`; 0 when not late. */
export function daysLate(releaseDue: Date | null, at: Date): number {
  if (!releaseDue || at.getTime() <= releaseDue.getTime()) return 0;
  return Math.ceil((at.getTime() - releaseDue.getTime()) / DAY);
}
