// The SoP compliance report's API: request and response shapes. Imports only typebox and the
// http schema helpers: the web type-checks against this file.
import { type Static, Type } from "typebox";
import { DateTime, Nullable, Strict, StringEnum } from "../../http/schemas.ts";

export const SopQuery = Type.Object(
  {
    period: Type.Optional(
      Type.String({
        description: "a quarter (2026-Q3) or a month (2026-09); the last whole quarter when not given",
      }),
    ),
    unit: Type.Optional(
      Type.String({ description: "an office's code in your jurisdiction; your own when not given" }),
    ),
    lang: Type.Optional(
      StringEnum(["hi", "en"], { description: "the report's first language; yours when not given" }),
    ),
  },
  Strict,
);
export type SopQuery = Static<typeof SopQuery>;

export const SopCellDto = Type.Object({
  pendingStart: Type.Integer(),
  received: Type.Integer(),
  rejected: Type.Integer({ description: "invalid or duplicate, of those received" }),
  within: Type.Integer({ description: "redressed within the standard" }),
  beyond: Type.Integer({ description: "redressed beyond the standard" }),
  pendingEnd: Type.Integer(),
  compliancePct: Nullable(Type.Number()),
  compensationDueRs: Type.Integer(),
  compensationPaidRs: Type.Integer(),
});
export type SopCellDto = Static<typeof SopCellDto>;

const Cells = Type.Object({ urban: SopCellDto, rural: SopCellDto, total: SopCellDto });

const IndicesDto = Type.Object({
  customersServed: Type.Integer(),
  saifi: Type.Number(),
  saidi: Type.Number(),
  caidi: Type.Number(),
  maifi: Type.Number(),
});

export const SopReportDto = Type.Object({
  period: Type.Object({
    code: Type.String(),
    kind: StringEnum(["month", "quarter"]),
    firstDay: Type.String(),
    lastDay: Type.String(),
    months: Type.Array(Type.String()),
  }),
  unit: Type.Object({
    code: Type.String(),
    kind: Type.String(),
    nameEn: Type.String(),
    nameHi: Type.String(),
  }),
  discom: Type.Object({ code: Type.String(), nameEn: Type.String(), nameHi: Type.String() }),
  generatedAt: DateTime,
  timeZone: Type.String(),
  language: StringEnum(["hi", "en"]),
  rows: Type.Array(
    Type.Object({
      code: Type.String(),
      labelEn: Type.String(),
      labelHi: Type.String(),
      standardEn: Type.String(),
      standardHi: Type.String(),
      source: StringEnum(["complaints", "connections"]),
      cells: Cells,
    }),
  ),
  total: Cells,
  reliability: Type.Object({
    level: Type.String(),
    momentaryMinutes: Type.Number(),
    rows: Type.Array(
      Type.Intersect([
        Type.Object({ code: Type.String(), nameEn: Type.String(), nameHi: Type.String() }),
        IndicesDto,
      ]),
    ),
    total: IndicesDto,
  }),
});
export type SopReportDto = Static<typeof SopReportDto>;

export const SopRowDto = Type.Object(
  {
    code: Type.String({ maxLength: 32 }),
    labelEn: Type.String({ maxLength: 120 }),
    labelHi: Type.String({ maxLength: 120 }),
    source: StringEnum(["complaints", "connections"]),
    categoryCodes: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 50 }),
    standardEn: Type.Optional(Type.String({ maxLength: 200 })),
    standardHi: Type.Optional(Type.String({ maxLength: 200 })),
    active: Type.Optional(Type.Boolean()),
  },
  Strict,
);
export type SopRowDto = Static<typeof SopRowDto>;

export const SopRowsInput = Type.Object({ rows: Type.Array(SopRowDto, { maxItems: 60 }) }, Strict);
export type SopRowsInput = Static<typeof SopRowsInput>;

export const SopRowsDto = Type.Object({
  rows: Type.Array(
    Type.Object({
      code: Type.String(),
      labelEn: Type.String(),
      labelHi: Type.String(),
      source: StringEnum(["complaints", "connections"]),
      categoryCodes: Type.Array(Type.String()),
      standardEn: Type.String(),
      standardHi: Type.String(),
      active: Type.Boolean(),
    }),
  ),
  categories: Type.Array(Type.String(), { description: "the complaint categories a row may count" }),
  updatedAt: Nullable(DateTime),
  updatedBy: Nullable(Type.String()),
  changes: Type.Array(Type.Object({ at: DateTime, by: Type.String() })),
});
export type SopRowsDto = Static<typeof SopRowsDto>;
