// The complaints dashboard's request and response shapes. Imports only typebox, schema and constants
// files: the web type-checks against this file.
import { type Static, Type } from "typebox";
import { AREA_TYPES, CHANNELS, COMPLAINT_STATUSES, ORG_KINDS, ROLES } from "../../db/schema.constants.ts";
import { Nullable, Strict, StringEnum } from "../../http/schemas.ts";

export const DASHBOARD_PERIOD_PATTERN = "^(today|month|last30|[0-9]{4}-(0[1-9]|1[0-2]))$";

const dashboardFilters = {
  unit: Type.Optional(
    Type.String({ minLength: 1, maxLength: 32, description: "an org unit's code; default your own unit" }),
  ),
  period: Type.String({
    pattern: DASHBOARD_PERIOD_PATTERN,
    default: "month",
    description: "today, month (this month so far), last30 (the last 30 days) or a month YYYY-MM",
  }),
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  channel: Type.Optional(StringEnum(CHANNELS)),
  areaType: Type.Optional(StringEnum(AREA_TYPES)),
};

export const DashboardQuery = Type.Object(dashboardFilters, Strict);
export type DashboardQuery = Static<typeof DashboardQuery>;

/** csv or xlsx (as ExportFormatQuery in http/exports.ts, which the web may not import). */
export const ExportFormat = Type.Union([Type.Literal("csv"), Type.Literal("xlsx")], { default: "csv" });

export const DashboardExportQuery = Type.Object({ ...dashboardFilters, format: ExportFormat }, Strict);
export type DashboardExportQuery = Static<typeof DashboardExportQuery>;

/**
 * The complaints list's query string (GET /api/complaints?…) that shows
 * exactly the complaints a figure counts: the web links each figure to it.
 */
const ListLink = Type.String({ description: "query string of GET /api/complaints (and /complaints)" });

export const DashboardUnit = Type.Object({
  code: Type.String(),
  kind: StringEnum(ORG_KINDS),
  nameEn: Type.String(),
  nameHi: Type.String(),
});
export type DashboardUnit = Static<typeof DashboardUnit>;

const Percent = Nullable(Type.Number({ description: "0–100, one decimal; null when nothing to divide" }));

export const DashboardTotals = Type.Object({
  received: Type.Integer(),
  resolved: Type.Integer(),
  resolvedLate: Type.Integer(),
  slaPercent: Percent,
  repeats: Type.Integer(),
  reopened: Type.Integer(),
  reopenRate: Percent,
  openNow: Type.Integer(),
  pendingBeyondLimit: Type.Integer(),
  medianMinutes: Nullable(Type.Number()),
  p90Minutes: Nullable(Type.Number()),
});

export const DashboardDto = Type.Object({
  unit: DashboardUnit,
  /** From the principal's own unit down to this one (the breadcrumb). */
  path: Type.Array(DashboardUnit),
  /** The kind of the units one level down, null at a DC. */
  childKind: Nullable(StringEnum(ORG_KINDS)),
  period: Type.Object({
    key: Type.String(),
    from: Type.String({ description: "YYYY-MM-DD, first day counted" }),
    to: Type.String({ description: "YYYY-MM-DD, last day counted" }),
  }),
  totals: DashboardTotals,
  lists: Type.Object({
    received: ListLink,
    resolved: ListLink,
    resolvedLate: ListLink,
    repeats: ListLink,
    reopened: ListLink,
    openNow: ListLink,
    pendingBeyondLimit: ListLink,
  }),
  byCategory: Type.Array(
    Type.Object({
      code: Type.String(),
      nameEn: Type.String(),
      nameHi: Type.String(),
      received: Type.Integer(),
      resolved: Type.Integer(),
      slaPercent: Percent,
      medianMinutes: Nullable(Type.Number()),
      p90Minutes: Nullable(Type.Number()),
      lists: Type.Object({ received: ListLink, resolved: ListLink }),
    }),
  ),
  byStatus: Type.Array(
    Type.Object({ status: StringEnum(COMPLAINT_STATUSES), count: Type.Integer(), list: ListLink }),
  ),
  byChannel: Type.Array(
    Type.Object({ channel: StringEnum(CHANNELS), count: Type.Integer(), list: ListLink }),
  ),
  daily: Type.Array(
    Type.Object({
      day: Type.String(),
      received: Type.Integer(),
      resolved: Type.Integer(),
      late: Type.Integer(),
      lists: Type.Object({ received: ListLink, resolved: ListLink, late: ListLink }),
    }),
  ),
  monthly: Type.Array(
    Type.Object({
      month: Type.String({ description: "YYYY-MM" }),
      received: Type.Integer(),
      resolved: Type.Integer(),
      late: Type.Integer(),
      lists: Type.Object({ received: ListLink, resolved: ListLink, late: ListLink }),
    }),
  ),
  children: Type.Array(
    Type.Object({
      unit: DashboardUnit,
      received: Type.Integer(),
      resolved: Type.Integer(),
      resolvedLate: Type.Integer(),
      slaPercent: Percent,
      openNow: Type.Integer(),
      pendingBeyondLimit: Type.Integer(),
      lists: Type.Object({
        received: ListLink,
        resolved: ListLink,
        resolvedLate: ListLink,
        openNow: ListLink,
        pendingBeyondLimit: ListLink,
      }),
    }),
  ),
  /** Open and past the limit, by the officer it is assigned to (most first, 20 at most; null: nobody). */
  pendingByOfficer: Type.Array(
    Type.Object({
      officer: Nullable(Type.Object({ login: Type.String(), name: Type.String(), role: StringEnum(ROLES) })),
      count: Type.Integer(),
      list: ListLink,
    }),
  ),
});
export type DashboardDto = Static<typeof DashboardDto>;
