// Bill statuses and the resend limit.
// Dependency-free: the API schema files and the web import this file. Import nothing here
// (types from another constants file at most).

export const BILL_STATUSES = ["paid", "partial", "unpaid", "overdue"] as const;
export type BillStatus = (typeof BILL_STATUSES)[number];

/** An agent may send one bill again this many times in 24 hours. */
export const RESENDS_PER_DAY = 3;
