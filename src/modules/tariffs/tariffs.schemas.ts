// The tariff table's API: request and response shapes. Imports only typebox, schema and constants
// files: the web type-checks against this file.
//
// Money crosses the API in rupees (at most two decimals: paise) and percentages in percent (at most
// two decimals); the database keeps integer paise and basis points.
import { type Static, Type } from "typebox";
import { FIXED_BASES, SUPPLY_TYPES, TARIFF_CATEGORIES } from "../../db/schema.constants.ts";
import { DateTime, Nullable, Strict, StringEnum } from "../../http/schemas.ts";

const Day = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "YYYY-MM-DD" });
const Rupees = Type.Number({ description: "rupees, at most two decimals" });

export const TariffSlabDto = Type.Object(
  {
    fromUnits: Type.Integer({ description: "units from (the first slab starts at 0)" }),
    toUnits: Nullable(Type.Integer({ description: "units to; null for the last, open-ended slab" })),
    rate: Type.Number({ description: "rupees per unit" }),
  },
  Strict,
);
export type TariffSlabDto = Static<typeof TariffSlabDto>;

export const TariffExtraDto = Type.Object(
  {
    nameEn: Type.String({ minLength: 1, maxLength: 80 }),
    nameHi: Type.String({ minLength: 1, maxLength: 80 }),
    percent: Type.Number({ description: "percent of the fixed and energy charges" }),
  },
  Strict,
);
export type TariffExtraDto = Static<typeof TariffExtraDto>;

/** What an admin writes: one version of a category × supply type's tariff. */
export const TariffInput = Type.Object(
  {
    category: StringEnum(TARIFF_CATEGORIES),
    supplyType: StringEnum(SUPPLY_TYPES),
    effectiveFrom: Day,
    effectiveTo: Nullable(Day),
    nameEn: Type.String({ minLength: 1, maxLength: 120 }),
    nameHi: Type.String({ minLength: 1, maxLength: 120 }),
    fixedCharge: Rupees,
    fixedBasis: StringEnum(FIXED_BASES),
    slabs: Type.Array(TariffSlabDto, { minItems: 1, maxItems: 20 }),
    extras: Type.Array(TariffExtraDto, { maxItems: 10 }),
  },
  Strict,
);
export type TariffInput = Static<typeof TariffInput>;

export const TariffDto = Type.Object({
  id: Type.Integer(),
  ...TariffInput.properties,
  updatedAt: DateTime,
  updatedBy: Nullable(Type.String()),
});
export type TariffDto = Static<typeof TariffDto>;

export const TariffListQuery = Type.Object(
  {
    date: Type.Optional(Day),
    all: Type.Optional(
      Type.Boolean({
        description: "every version, past and future (tariffs.manage); else those in force on date",
      }),
    ),
  },
  Strict,
);
export type TariffListQuery = Static<typeof TariffListQuery>;

export const TariffList = Type.Object({
  /** The day the list is for (today when not asked). */
  date: Day,
  items: Type.Array(TariffDto),
});
export type TariffList = Static<typeof TariffList>;

export const TariffHistoryEntry = Type.Object({
  at: DateTime,
  action: StringEnum(["created", "updated", "imported"] as const),
  by: Type.String(),
  /** The fields that changed: their values before and after. */
  changes: Type.Array(Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
});
export const TariffHistory = Type.Object({ items: Type.Array(TariffHistoryEntry) });
export type TariffHistory = Static<typeof TariffHistory>;

export const EstimateInput = Type.Object(
  {
    category: StringEnum(TARIFF_CATEGORIES),
    supplyType: Type.Optional(StringEnum(SUPPLY_TYPES)),
    loadKw: Type.Number({ minimum: 0, maximum: 100000, description: "connected load, kW" }),
    units: Type.Number({ minimum: 0, maximum: 10000000, description: "units (kWh) of the month" }),
    date: Type.Optional(Day),
    month: Type.Optional(
      Type.String({
        pattern: "^\\d{4}-\\d{2}$",
        description: "YYYY-MM: the bill month (its first day's tariff), instead of a date",
      }),
    ),
  },
  Strict,
);
export type EstimateInput = Static<typeof EstimateInput>;

export const EstimateLine = Type.Object({
  kind: StringEnum(["fixed", "slab", "extra"] as const),
  labelEn: Type.String(),
  labelHi: Type.String(),
  /** How the amount was reached, e.g. "50 units × ₹4.45". */
  detailEn: Type.String(),
  detailHi: Type.String(),
  amount: Type.Number({ description: "rupees" }),
  amountText: Type.String({ description: "₹1,234.50" }),
});
export type EstimateLine = Static<typeof EstimateLine>;

export const Estimate = Type.Object({
  tariff: Type.Object({
    id: Type.Integer(),
    nameEn: Type.String(),
    nameHi: Type.String(),
    effectiveFrom: Day,
    effectiveTo: Nullable(Day),
  }),
  date: Day,
  category: StringEnum(TARIFF_CATEGORIES),
  supplyType: StringEnum(SUPPLY_TYPES),
  loadKw: Type.Number(),
  units: Type.Number(),
  lines: Type.Array(EstimateLine),
  total: Type.Number({ description: "rupees" }),
  totalText: Type.String(),
  /** One sentence to read out to the caller. */
  sayEn: Type.String(),
  sayHi: Type.String(),
});
export type Estimate = Static<typeof Estimate>;
