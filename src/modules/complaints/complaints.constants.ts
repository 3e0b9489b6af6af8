// What can be done to a complaint.
// Dependency-free: the API schema files and the web import this file. Import nothing here
// (types from another constants file at most).
import type { OrgKind, Role } from "../../db/schema.constants.ts";

export const COMPLAINT_ACTIONS = [
  "assign",
  "accept",
  "attend",
  "wait",
  "resume",
  "resolve",
  "reopen",
  "close",
  "mark_invalid",
  "mark_duplicate",
  "change_category",
  "note",
] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

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
