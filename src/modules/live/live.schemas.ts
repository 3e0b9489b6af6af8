// The wallboard's shapes (GET /api/wallboard and the SSE stream's events). Imports only typebox and
// schema files: the web type-checks against this file.
import { type Static, Type } from "typebox";
import { DateTime } from "../../http/schemas.ts";
import { OutageDto } from "../outages/outages.schemas.ts";

/** The wallboard's counters (GET /api/wallboard, SSE `counters`). */
export const CountersDto = Type.Object({
  openComplaints: Type.Integer(),
  overdue: Type.Integer(),
  registeredToday: Type.Integer(),
  outagesNow: Type.Integer({ description: "unplanned outages off now" }),
  plannedNow: Type.Integer({ description: "planned shutdowns in progress" }),
  consumersOff: Type.Integer(),
  ivrAnsweredToday: Type.Integer({
    description: "calls the IVR answered today: outage answers, key-press registrations",
  }),
  ivrMissedCallsToday: Type.Integer({ description: "calls to the missed-call number today" }),
  inboxWaiting: Type.Integer({
    description: "inbox conversations waiting for an agent (new, or the consumer wrote again)",
  }),
  inboxOverdue: Type.Integer({
    description: "inbox conversations unanswered past their first-response limit",
  }),
});
export type CountersDto = Static<typeof CountersDto>;

export const SnapshotDto = Type.Object({
  at: DateTime,
  outages: Type.Array(OutageDto),
  counters: CountersDto,
});
export type SnapshotDto = Static<typeof SnapshotDto>;
