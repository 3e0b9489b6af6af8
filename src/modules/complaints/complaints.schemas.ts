// The complaints API's request and response shapes. Imports only typebox, schema and constants files:
// the web type-checks against this file.
import { type Static, Type } from "typebox";
import { AREA_TYPES, CHANNELS, COMPLAINT_STATUSES, LANGUAGES } from "../../db/schema.constants.ts";
import { DateTime, Named, Nullable, Strict, StringEnum } from "../../http/schemas.ts";
import { COMPLAINT_ACTIONS } from "./complaints.constants.ts";

export const ComplaintDto = Type.Object({
  number: Type.String(),
  status: StringEnum(COMPLAINT_STATUSES),
  category: Named,
  subcategoryCode: Nullable(Type.String()),
  description: Type.String(),
  channel: StringEnum(CHANNELS),
  language: StringEnum(LANGUAGES),
  emergency: Type.Boolean(),
  priority: Type.Integer(),
  consumer: Nullable(
    Type.Object({ consumerNo: Type.String(), name: Type.String(), mobile: Nullable(Type.String()) }),
  ),
  callerName: Nullable(Type.String()),
  callerPhone: Nullable(Type.String()),
  /** Registered by SMS from a mobile the consumer has not registered. */
  fromUnregisteredMobile: Type.Boolean(),
  altPhone: Nullable(Type.String()),
  location: Nullable(Type.String()),
  landmark: Nullable(Type.String()),
  dc: Named,
  feederCode: Nullable(Type.String()),
  dtCode: Nullable(Type.String()),
  /** The consumer's address on record. */
  address: Nullable(Type.String()),
  /** A map for the field worker: the DT's coordinates, else a search for the address in the DC. */
  mapUrl: Nullable(Type.String()),
  areaType: StringEnum(["urban", "rural"] as const),
  assignee: Nullable(Type.Object({ name: Type.String(), login: Type.String() })),
  registeredAt: DateTime,
  assignedAt: Nullable(DateTime),
  /** When the assignee took it on; until then his first action is accept. */
  acceptedAt: Nullable(DateTime),
  attendedAt: Nullable(DateTime),
  waitingSince: Nullable(DateTime),
  resolvedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  dueAt: DateTime,
  breachedAt: Nullable(DateTime),
  escalationLevel: Type.Integer({ description: "0 not escalated; 1 JE, 2 AE, 3 EE, 4 SE, 5 CE" }),
  compensationRs: Type.Integer(),
  resolutionCode: Nullable(Type.String()),
  resolutionRemarks: Nullable(Type.String()),
  reopenCount: Type.Integer(),
  callCount: Type.Integer({ description: "calls about this complaint, the first included" }),
  closeReason: Nullable(Type.String()),
  outageId: Nullable(
    Type.Integer({ description: "the outage this complaint is part of (restoration resolves it)" }),
  ),
  actions: Type.Array(StringEnum(COMPLAINT_ACTIONS), { description: "what the caller may do now" }),
});
export type ComplaintDto = Static<typeof ComplaintDto>;

/** One entry of a complaint's timeline (its audit trail). */
export const ComplaintEventDto = Type.Object({
  id: Type.Integer(),
  at: DateTime,
  action: Type.String(),
  actor: Type.Object({ kind: Type.String(), name: Type.String(), role: Nullable(Type.String()) }),
  channel: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Nullable(Type.String()),
  changes: Type.Record(Type.String(), Type.Unknown()),
  note: Nullable(Type.String()),
});
export type ComplaintEventDto = Static<typeof ComplaintEventDto>;

export const ComplaintNumberParams = Type.Object(
  { number: Type.String({ minLength: 4, maxLength: 24 }) },
  Strict,
);
export type ComplaintNumberParams = Static<typeof ComplaintNumberParams>;

/** What the consumer's page shows: no staff names, no mobiles. */
export const PublicComplaintDto = Type.Object({
  number: Type.String(),
  status: StringEnum(COMPLAINT_STATUSES),
  category: Named,
  dc: Named,
  registeredAt: DateTime,
  dueAt: DateTime,
  resolvedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  steps: Type.Array(Type.Object({ at: DateTime, action: Type.String() })),
});
export type PublicComplaintDto = Static<typeof PublicComplaintDto>;

export const CategoryDto = Type.Object({
  code: Type.String(),
  nameEn: Type.String(),
  nameHi: Type.String(),
  urbanLimitMinutes: Type.Integer(),
  ruralLimitMinutes: Type.Integer(),
  priority: Type.Integer(),
  emergency: Type.Boolean(),
  subcategories: Type.Array(Named),
});
export type CategoryDto = Static<typeof CategoryDto>;

export const CatalogueDto = Type.Object({
  categories: Type.Array(CategoryDto),
  resolutionCodes: Type.Array(Named),
});
export type CatalogueDto = Static<typeof CatalogueDto>;

export const CreateComplaintHeaders = Type.Object({
  "idempotency-key": Type.Optional(Type.String({ minLength: 8, maxLength: 100 })),
});
export type CreateComplaintHeaders = Static<typeof CreateComplaintHeaders>;

export const CreateComplaintBody = Type.Object(
  {
    consumerNo: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    dtCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    feederCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    dcCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    location: Type.Optional(Type.String({ maxLength: 300 })),
    landmark: Type.Optional(Type.String({ maxLength: 200 })),
    callerName: Type.Optional(Type.String({ maxLength: 120 })),
    callerPhone: Type.Optional(Type.String({ maxLength: 20 })),
    altPhone: Type.Optional(Type.String({ maxLength: 20 })),
    categoryCode: Type.String({ minLength: 1, maxLength: 32 }),
    subcategoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    channel: Type.Optional(StringEnum(CHANNELS)),
    language: Type.Optional(StringEnum(LANGUAGES)),
  },
  Strict,
);
export type CreateComplaintBody = Static<typeof CreateComplaintBody>;

/** 200: a repeat call on an open complaint, or the replay of an idempotent request. */
export const ComplaintRepeated = Type.Object({
  complaint: ComplaintDto,
  outcome: StringEnum(["repeat_call", "replayed"] as const),
});
export type ComplaintRepeated = Static<typeof ComplaintRepeated>;

/** 201: a new complaint. */
export const ComplaintCreated = Type.Object({
  complaint: ComplaintDto,
  outcome: StringEnum(["created"] as const),
});
export type ComplaintCreated = Static<typeof ComplaintCreated>;

const Day = (description: string) =>
  Type.Optional(Type.String({ pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description }));

/** The list's filters (the list and its export take the same). */
const complaintListFilters = {
  status: Type.Union([StringEnum(["open", "overdue", "all"] as const), StringEnum(COMPLAINT_STATUSES)], {
    default: "open",
  }),
  category: Type.Optional(Type.String({ maxLength: 32 })),
  dc: Type.Optional(Type.String({ maxLength: 32 })),
  unit: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 32,
      description: "an org unit of any level: its DCs' complaints",
    }),
  ),
  channel: Type.Optional(StringEnum(CHANNELS)),
  areaType: Type.Optional(StringEnum(AREA_TYPES)),
  mine: Type.Optional(Type.Boolean({ description: "assigned to me" })),
  unassigned: Type.Optional(Type.Boolean()),
  assignee: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: "assigned to this login" }),
  ),
  escalated: Type.Optional(Type.Boolean()),
  consumerNo: Type.Optional(Type.String({ maxLength: 20 })),
  registeredFrom: Day("registered on or after this day (YYYY-MM-DD, the DISCOM's time zone)"),
  registeredTo: Day("registered on or before this day"),
  resolvedFrom: Day("resolved on or after this day"),
  resolvedTo: Day("resolved on or before this day"),
  late: Type.Optional(Type.Boolean({ description: "breached its time limit (true) or not (false)" })),
  repeat: Type.Optional(Type.Boolean({ description: "the consumer's third or later complaint in 30 days" })),
  reopened: Type.Optional(Type.Boolean({ description: "reopened at least once" })),
};

export const ComplaintListQuery = Type.Object(
  {
    ...complaintListFilters,
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 100000, default: 0 }),
  },
  Strict,
);
export type ComplaintListQuery = Static<typeof ComplaintListQuery>;

export const ComplaintExportQuery = Type.Object(
  {
    ...complaintListFilters,
    format: Type.Union([Type.Literal("csv"), Type.Literal("xlsx")], { default: "csv" }),
  },
  Strict,
);
export type ComplaintExportQuery = Static<typeof ComplaintExportQuery>;

export const ComplaintList = Type.Object({
  items: Type.Array(ComplaintDto),
  total: Type.Integer(),
  capped: Type.Boolean({ description: "more than 1,000 match; total shows 1,000" }),
});
export type ComplaintList = Static<typeof ComplaintList>;

export const ComplaintSummary = Type.Object({
  open: Type.Integer(),
  overdue: Type.Integer(),
  emergencies: Type.Integer(),
  escalated: Type.Integer(),
  unassigned: Type.Integer(),
  registeredToday: Type.Integer(),
});
export type ComplaintSummary = Static<typeof ComplaintSummary>;

/**
 * What the ids in the timeline's `changes` stand for, so the screen can say
 * "Assigned to Ramesh Patel (lineman)" and "Joined outage #1 (Station Road)".
 */
export const TimelineRefs = Type.Object({
  users: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), role: Type.String() })),
  outages: Type.Array(
    Type.Object({
      id: Type.Integer(),
      scope: Type.String(),
      /** The feeder's or DT's name (the DC's for a consumer's own outage). */
      nameEn: Type.String(),
      nameHi: Type.String(),
    }),
  ),
  complaints: Type.Array(Type.Object({ id: Type.Integer(), number: Type.String() })),
});
export type TimelineRefs = Static<typeof TimelineRefs>;

export const ComplaintWithTimeline = Type.Object({
  complaint: ComplaintDto,
  timeline: Type.Array(ComplaintEventDto),
  refs: TimelineRefs,
});
export type ComplaintWithTimeline = Static<typeof ComplaintWithTimeline>;

export const ComplaintActionBody = Type.Object(
  {
    action: StringEnum(COMPLAINT_ACTIONS),
    assigneeId: Type.Optional(Type.Integer({ minimum: 1 })),
    resolutionCode: Type.Optional(Type.String({ maxLength: 32 })),
    remarks: Type.Optional(Type.String({ maxLength: 2000 })),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    duplicateOf: Type.Optional(Type.String({ maxLength: 24 })),
    categoryCode: Type.Optional(Type.String({ maxLength: 32 })),
    subcategoryCode: Type.Optional(Type.String({ maxLength: 32 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  Strict,
);
export type ComplaintActionBody = Static<typeof ComplaintActionBody>;

export const ComplaintResponse = Type.Object({ complaint: ComplaintDto });
export type ComplaintResponse = Static<typeof ComplaintResponse>;

export const AssigneeList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      login: Type.String(),
      onDuty: Type.Boolean(),
      openCount: Type.Integer(),
    }),
  ),
});
export type AssigneeList = Static<typeof AssigneeList>;

export const ComplaintSmsList = Type.Object({
  items: Type.Array(
    Type.Object({
      recipient: Type.String(),
      language: StringEnum(LANGUAGES),
      template: Type.String(),
      body: Type.String(),
      urgent: Type.Boolean(),
      status: Type.String(),
      createdAt: DateTime,
    }),
  ),
});
export type ComplaintSmsList = Static<typeof ComplaintSmsList>;

export const PublicTrackQuery = Type.Object({ mobile: Type.String({ pattern: "^[0-9]{4}$" }) }, Strict);
export type PublicTrackQuery = Static<typeof PublicTrackQuery>;

export const TrackTokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 40 }) }, Strict);
export type TrackTokenParams = Static<typeof TrackTokenParams>;

export const LinkSent = Type.Object({ sent: Type.Boolean() });
export type LinkSent = Static<typeof LinkSent>;

export const PublicReopenBody = Type.Object(
  {
    mobile: Type.String({ pattern: "^[0-9]{4}$" }),
    reason: Type.String({ minLength: 3, maxLength: 500 }),
  },
  Strict,
);
export type PublicReopenBody = Static<typeof PublicReopenBody>;

export const PublicReopened = Type.Object({ status: StringEnum(COMPLAINT_STATUSES), dueAt: DateTime });
export type PublicReopened = Static<typeof PublicReopened>;
