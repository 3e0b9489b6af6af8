// The compensation register's API: request and response shapes. Imports only typebox and the
// http schema helpers: the web type-checks against this file.
import { type Static, Type } from "typebox";
import { DateTime, Nullable, Strict, StringEnum } from "../../http/schemas.ts";

const STATUSES = ["due", "part_credited", "credited", "waived"] as const;
const Day = Type.String({ description: "YYYY-MM-DD (the DISCOM's days)" });

const filters = {
  unit: Type.Optional(Type.String({ description: "an office's code in your jurisdiction" })),
  status: Type.Optional(StringEnum(STATUSES)),
  category: Type.Optional(Type.String({ description: "a complaint category code, or new_connection" })),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
};

export const CompensationListQuery = Type.Object(
  {
    ...filters,
    after: Type.Optional(Type.String({ description: "the `next` of the previous page" })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  Strict,
);
export type CompensationListQuery = Static<typeof CompensationListQuery>;

export const CompensationExportQuery = Type.Object(
  {
    ...filters,
    format: StringEnum(["csv", "xlsx", "billing"], {
      default: "csv",
      description:
        "csv or xlsx: the register as filtered; billing: the CSV for the billing system (open entries and what is still due)",
    }),
  },
  Strict,
);
export type CompensationExportQuery = Static<typeof CompensationExportQuery>;

export const CompensationEntryDto = Type.Object({
  id: Type.Integer(),
  source: StringEnum(["complaint", "connection"]),
  consumerNo: Nullable(Type.String()),
  consumerName: Nullable(Type.String()),
  reference: Nullable(Type.String({ description: "the complaint or application number" })),
  dc: Type.String(),
  category: Type.String(),
  areaType: StringEnum(["urban", "rural"]),
  breachedAt: DateTime,
  dueRs: Type.Integer(),
  creditedRs: Type.Integer(),
  creditedAt: Nullable(DateTime),
  status: StringEnum(STATUSES),
  waiveReason: Nullable(Type.String()),
});
export type CompensationEntryDto = Static<typeof CompensationEntryDto>;

export const CompensationTotalsDto = Type.Object({
  entries: Type.Integer(),
  dueRs: Type.Integer({ description: "due on the entries not waived" }),
  creditedRs: Type.Integer(),
  outstandingRs: Type.Integer({ description: "still due on the open entries" }),
  waivedRs: Type.Integer(),
});

export const CompensationList = Type.Object({
  items: Type.Array(CompensationEntryDto),
  totals: Nullable(CompensationTotalsDto),
  next: Nullable(Type.String()),
});
export type CompensationList = Static<typeof CompensationList>;

export const CreditsResult = Type.Object({
  rows: Type.Integer(),
  credited: Type.Integer(),
  unchanged: Type.Integer({ description: "lines already imported (the same reference)" }),
  rejected: Type.Integer(),
  errors: Type.Array(
    Type.Object({
      line: Type.Integer(),
      column: Nullable(Type.String()),
      value: Nullable(Type.String()),
      reason: Type.String(),
    }),
  ),
});
export type CreditsResult = Static<typeof CreditsResult>;

export const WaiveInput = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 300 }) }, Strict);
