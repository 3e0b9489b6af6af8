// What can be done to a complaint.
// Dependency-free: the API schema files and the web import this file. Import nothing here
// (types from another constants file at most).

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
