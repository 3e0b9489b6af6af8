// Outage actions and reliability levels.
// Dependency-free: the API schema files and the web import this file. Import nothing here
// (types from another constants file at most).

/** What staff (and the system) can do to an outage. */
export const OUTAGE_ACTIONS = [
  "confirm",
  "dismiss",
  "set_etr",
  "restore",
  "acknowledge",
  "start",
  "cancel",
  "note",
] as const;
export type OutageAction = (typeof OUTAGE_ACTIONS)[number];

/** The levels reliability indices are reported at. */
export const RELIABILITY_LEVELS = ["feeder", "dc", "subdivision", "division", "circle", "region"] as const;
export type ReliabilityLevel = (typeof RELIABILITY_LEVELS)[number];
