import type { AreaType, OrgKind, Role } from "../../db/schema.ts";

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

/**
 * The officer ladder: at the due time the JE of the DC is told, then one step
 * up every escalation interval: AE, EE, SE, CE. Level n is reached at
 * due + (n-1) × step.
 */
export const LADDER: readonly { level: number; role: Role; kind: OrgKind }[] = [
  { level: 1, role: "je", kind: "dc" },
  { level: 2, role: "ae", kind: "subdivision" },
  { level: 3, role: "ee", kind: "division" },
  { level: 4, role: "se", kind: "circle" },
  { level: 5, role: "ce", kind: "region" },
];

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
