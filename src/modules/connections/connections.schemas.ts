// New-connection applications' API: request and response shapes. Imports only typebox, schema and
// constants files: the web type-checks against this file.
import { type Static, Type } from "typebox";
import {
  APPLICATION_SOURCES,
  APPLICATION_STATUSES,
  LANGUAGES,
  SOP_AREAS,
  SUPPLY_TYPES,
  TARIFF_CATEGORIES,
} from "../../db/schema.constants.ts";
import { DateTime, Named, Nullable, Strict, StringEnum } from "../../http/schemas.ts";
import { APPLICATION_DOCUMENT_CODES } from "./connections.constants.ts";

const Mobile = Type.String({ pattern: "^[6-9][0-9]{9}$", description: "10-digit Indian mobile" });
const ApplicationNumber = Type.String({ minLength: 1, maxLength: 40 });

/** An application as lists and lookups show it. */
export const ApplicationSummaryDto = Type.Object({
  number: Type.String(),
  applicantName: Type.String(),
  mobile: Type.String({ description: "masked for roles that may not see mobiles" }),
  address: Type.String(),
  category: StringEnum(TARIFF_CATEGORIES),
  supplyType: StringEnum(SUPPLY_TYPES),
  loadKw: Type.Number(),
  status: StringEnum(APPLICATION_STATUSES),
  dc: Named,
  appliedAt: DateTime,
  statusAt: DateTime,
  /** The earlier of the stage's and the regulator's limits while pending, else null. */
  dueAt: Nullable(DateTime),
  overdue: Type.Boolean(),
  matchedBy: Type.Optional(StringEnum(["number", "mobile", "name"] as const)),
});
export type ApplicationSummaryDto = Static<typeof ApplicationSummaryDto>;

export const ApplicationEventDto = Type.Object({
  at: DateTime,
  action: Type.String({
    description: "created, moved, documents, charges, breached, escalated, imported, sms…",
  }),
  fromStatus: Nullable(StringEnum(APPLICATION_STATUSES)),
  toStatus: Nullable(StringEnum(APPLICATION_STATUSES)),
  actorName: Type.String(),
  actorRole: Nullable(Type.String()),
  note: Nullable(Type.String()),
});
export type ApplicationEventDto = Static<typeof ApplicationEventDto>;

/** The application card: everything an agent needs to tell the caller where it stands. */
export const ApplicationDetailDto = Type.Object({
  ...ApplicationSummaryDto.properties,
  mobileVerified: Type.Boolean(),
  language: StringEnum(LANGUAGES),
  locality: Nullable(Type.String()),
  pincode: Nullable(Type.String()),
  sopArea: StringEnum(SOP_AREAS),
  source: StringEnum(APPLICATION_SOURCES),
  documents: Type.Array(
    Type.Object({ code: StringEnum(APPLICATION_DOCUMENT_CODES), received: Type.Boolean() }),
  ),
  missingDocuments: Type.Array(StringEnum(APPLICATION_DOCUMENT_CODES)),
  chargesDemandedRs: Nullable(Type.Integer()),
  chargesPaidRs: Type.Integer(),
  payLink: Nullable(Type.String({ description: "where the applicant pays the demand note" })),
  rejectReason: Nullable(Type.String()),
  consumerNo: Nullable(Type.String({ description: "the connection released (created or linked)" })),
  /** The responsible office: the DC and its JE, and the sub-division's AE. */
  office: Type.Object({
    dc: Named,
    subdivision: Nullable(Named),
    je: Nullable(Type.Object({ name: Type.String(), mobile: Nullable(Type.String()) })),
    ae: Nullable(Type.Object({ name: Type.String(), mobile: Nullable(Type.String()) })),
  }),
  sop: Type.Object({
    stageDueAt: Nullable(DateTime),
    releaseDueAt: Nullable(DateTime),
    /** Whole days left to the earlier limit (negative when late), null when no clock runs. */
    daysLeft: Nullable(Type.Integer()),
    paused: Type.Boolean({ description: "the demand note awaits the applicant's payment" }),
    breachedAt: Nullable(DateTime),
    compensationRs: Type.Integer(),
    escalationLevel: Type.Integer(),
  }),
  nextStep: Type.Object({ en: Type.String(), hi: Type.String() }),
  /** The moves the signed-in user may make now. */
  moves: Type.Array(StringEnum(APPLICATION_STATUSES)),
  timeline: Type.Array(ApplicationEventDto),
});
export type ApplicationDetailDto = Static<typeof ApplicationDetailDto>;

export const ApplicationListQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: "application number, mobile or part of the name",
      }),
    ),
    status: Type.Optional(StringEnum([...APPLICATION_STATUSES, "pending"] as const)),
    dc: Type.Optional(Type.String({ maxLength: 40, description: "an office code: that office and below" })),
    overdue: Type.Optional(Type.Boolean()),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  Strict,
);
export type ApplicationListQuery = Static<typeof ApplicationListQuery>;

export const ApplicationList = Type.Object({
  items: Type.Array(ApplicationSummaryDto),
  total: Type.Integer({ description: "counted up to 10,000" }),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type ApplicationList = Static<typeof ApplicationList>;

export const CreateApplicationBody = Type.Object(
  {
    applicantName: Type.String({ minLength: 1, maxLength: 120 }),
    mobile: Mobile,
    language: Type.Optional(StringEnum(LANGUAGES)),
    address: Type.String({ minLength: 1, maxLength: 300 }),
    locality: Type.Optional(Type.String({ maxLength: 100 })),
    pincode: Type.Optional(Type.String({ pattern: "^[1-9][0-9]{5}$" })),
    dcCode: Type.Optional(
      Type.String({
        maxLength: 40,
        description: "the DC; without it the DC is found from the locality or pin code",
      }),
    ),
    sopArea: Type.Optional(StringEnum(SOP_AREAS)),
    category: StringEnum(TARIFF_CATEGORIES),
    supplyType: Type.Optional(StringEnum(SUPPLY_TYPES)),
    loadKw: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
    documents: Type.Optional(
      Type.Array(Type.Object({ code: StringEnum(APPLICATION_DOCUMENT_CODES), received: Type.Boolean() }), {
        maxItems: 20,
      }),
    ),
    source: Type.Optional(StringEnum(["call", "walk_in"] as const)),
    /** Register even though an application for this mobile and address exists within 30 days. */
    confirmDuplicate: Type.Optional(Type.Boolean()),
  },
  Strict,
);
export type CreateApplicationBody = Static<typeof CreateApplicationBody>;

/** 409 to a create that looks like a duplicate: the agent may open one of these instead. */
export const DuplicateApplications = Type.Object({
  error: Type.String(),
  message: Type.String(),
  field: Type.String(),
  duplicates: Type.Array(ApplicationSummaryDto),
});

export const MoveApplicationBody = Type.Object(
  {
    to: StringEnum(APPLICATION_STATUSES),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    /** Required for `rejected`. */
    rejectReason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    /** Required for `demand_note_issued`. */
    chargesDemandedRs: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
    /** For `charges_paid`: the amount paid (must reach the demand). */
    chargesPaidRs: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
    /** For `released`: link an existing consumer number; without it a consumer is created. */
    consumerNo: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  Strict,
);
export type MoveApplicationBody = Static<typeof MoveApplicationBody>;

export const DocumentsBody = Type.Object(
  {
    documents: Type.Array(
      Type.Object({ code: StringEnum(APPLICATION_DOCUMENT_CODES), received: Type.Boolean() }, Strict),
      { minItems: 1, maxItems: 20 },
    ),
  },
  Strict,
);
export type DocumentsBody = Static<typeof DocumentsBody>;

export const NumberParam = Type.Object({ number: ApplicationNumber }, Strict);

/** Pending applications by stage per office, those beyond SoP, and those released this month. */
export const ConnectionReportQuery = Type.Object(
  {
    dc: Type.Optional(Type.String({ maxLength: 40 })),
    month: Type.Optional(Type.String({ pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$" })),
  },
  Strict,
);
export const ConnectionReport = Type.Object({
  month: Type.String(),
  rows: Type.Array(
    Type.Object({
      office: Named,
      pending: Type.Record(Type.String(), Type.Integer(), { description: "pending stage → count" }),
      pendingTotal: Type.Integer(),
      beyondSop: Type.Integer(),
      releasedThisMonth: Type.Integer(),
      compensationRs: Type.Integer(),
    }),
  ),
  totals: Type.Object({
    pending: Type.Record(Type.String(), Type.Integer()),
    pendingTotal: Type.Integer(),
    beyondSop: Type.Integer(),
    releasedThisMonth: Type.Integer(),
    compensationRs: Type.Integer(),
  }),
});
export type ConnectionReport = Static<typeof ConnectionReport>;

export const SopSettingsDto = Type.Object(
  {
    releaseDays: Type.Object(
      {
        metro: Type.Integer({ minimum: 1, maximum: 365 }),
        urban: Type.Integer({ minimum: 1, maximum: 365 }),
        rural: Type.Integer({ minimum: 1, maximum: 365 }),
      },
      Strict,
    ),
    // The stages that may have an internal limit (not the demand note's wait: the applicant's time).
    stageDays: Type.Object(
      {
        applied: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
        documents_complete: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
        site_inspected: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
        charges_paid: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
        meter_installed: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
      },
      Strict,
    ),
    compensationRsPerDay: Type.Integer({ minimum: 0, maximum: 100_000 }),
    escalationStepHours: Type.Integer({ minimum: 1, maximum: 24 * 30 }),
  },
  Strict,
);
export type SopSettingsDto = Static<typeof SopSettingsDto>;
