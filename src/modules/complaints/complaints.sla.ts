import type { AreaType } from "../../db/schema.ts";
import { LADDER } from "./complaints.constants.ts";

/** The officer ladder lives with the constants the web shares. */
export { LADDER };

export interface SlaCategory {
  urban_limit_minutes: number;
  rural_limit_minutes: number;
  escalation_step_minutes: number;
}

const MINUTE = 60_000;

export function limitMinutes(category: SlaCategory, area: AreaType): number {
  return area === "urban" ? category.urban_limit_minutes : category.rural_limit_minutes;
}

/** When a complaint registered at `at` must be resolved by (the regulator's limit). */
export function dueAt(at: Date, category: SlaCategory, area: AreaType): Date {
  return new Date(at.getTime() + limitMinutes(category, area) * MINUTE);
}

/**
 * A reopened complaint gets a fresh, shorter limit: `percent` of the
 * category's limit (the consumer has already waited once), at least an hour.
 */
export function reopenDueAt(at: Date, category: SlaCategory, area: AreaType, percent: number): Date {
  const minutes = Math.max(60, Math.round((limitMinutes(category, area) * percent) / 100));
  return new Date(at.getTime() + minutes * MINUTE);
}

/** When the complaint reaches the ladder's next rung after `level`, or null at the top. */
export function nextEscalationAt(due: Date, level: number, category: SlaCategory): Date | null {
  if (level >= LADDER.length) return null;
  return new Date(due.getTime() + level * category.escalation_step_minutes * MINUTE);
}

/** The escalation level a complaint should be at, `now` being past due or not. */
export function levelAt(now: Date, due: Date, category: SlaCategory): number {
  if (now.getTime() < due.getTime()) return 0;
  const steps = Math.floor((now.getTime() - due.getTime()) / (category.escalation_step_minutes * MINUTE));
  return Math.min(LADDER.length, steps + 1);
}
