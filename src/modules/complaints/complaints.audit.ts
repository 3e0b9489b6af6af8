import type { Complaint } from "../../db/schema.ts";

/** Fields that differ between two rows, as { field: [old, new] }, for the audit trail. */
export function diff(
  before: Complaint,
  after: Complaint,
  fields: (keyof Complaint)[],
): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const f of fields) {
    const a = before[f];
    const b = after[f];
    const same = a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
    if (!same) out[f] = [a instanceof Date ? a.toISOString() : a, b instanceof Date ? b.toISOString() : b];
  }
  return out;
}

/** The fields whose changes a complaint's audit trail records. */
export const AUDITED: (keyof Complaint)[] = [
  "status",
  "assigned_to",
  "category_code",
  "subcategory_code",
  "priority",
  "emergency",
  "due_at",
  "resolution_code",
  "resolution_remarks",
  "reopen_count",
  "duplicate_of",
  "close_reason",
  "escalation_level",
  "breached_at",
  "compensation_rs",
];
