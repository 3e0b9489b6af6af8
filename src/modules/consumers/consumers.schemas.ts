// The consumers API's request and response shapes. Imports only typebox, schema and constants files:
// the web type-checks against this file.
import { type Static, Type } from "typebox";
import { AREA_TYPES, CONNECTION_STATUSES, LANGUAGES, TARIFF_CATEGORIES } from "../../db/schema.constants.ts";
import { DateTime, Named, Nullable, Strict, StringEnum } from "../../http/schemas.ts";

/** A consumer as a search lists him. */
export const ConsumerSummaryDto = Type.Object({
  consumerNo: Type.String(),
  name: Type.String(),
  address: Type.String(),
  areaType: StringEnum(AREA_TYPES),
  connectionStatus: StringEnum(CONNECTION_STATUSES),
  meterNo: Nullable(Type.String()),
  mobile: Nullable(
    Type.String({ description: "first registered mobile; masked for roles that may not see it" }),
  ),
  dc: Named,
  feederCode: Nullable(Type.String()),
  dtCode: Nullable(Type.String()),
  matchedBy: StringEnum(["consumer_no", "meter_no", "mobile", "name"] as const),
});
export type ConsumerSummaryDto = Static<typeof ConsumerSummaryDto>;

export const ConsumerCardDto = Type.Object({
  consumerNo: Type.String(),
  name: Type.String(),
  address: Type.String(),
  tariffCategory: StringEnum(TARIFF_CATEGORIES),
  areaType: StringEnum(AREA_TYPES),
  connectionStatus: StringEnum(CONNECTION_STATUSES),
  meterNo: Nullable(Type.String()),
  mobiles: Type.Array(
    Type.Object({ mobile: Type.String(), verified: Type.Boolean(), language: StringEnum(LANGUAGES) }),
  ),
  dc: Named,
  orgChain: Type.Array(
    Type.Object({ kind: Type.String(), code: Type.String(), nameEn: Type.String(), nameHi: Type.String() }),
    {
      description: "company down to the DC",
    },
  ),
  substation: Nullable(Named),
  feeder: Nullable(Named),
  dt: Nullable(
    Type.Object({
      code: Type.String(),
      nameEn: Type.String(),
      nameHi: Type.String(),
      capacityKva: Nullable(Type.Integer()),
    }),
  ),
  updatedAt: DateTime,
});
export type ConsumerCardDto = Static<typeof ConsumerCardDto>;

export const ConsumerSearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 100 }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  Strict,
);
export type ConsumerSearchQuery = Static<typeof ConsumerSearchQuery>;

export const ConsumerSearchResult = Type.Object({
  items: Type.Array(ConsumerSummaryDto),
  more: Type.Boolean({ description: "more consumers match than returned: narrow the search" }),
});
export type ConsumerSearchResult = Static<typeof ConsumerSearchResult>;

export const ConsumerParams = Type.Object(
  { consumerNo: Type.String({ minLength: 1, maxLength: 20 }) },
  Strict,
);
export type ConsumerParams = Static<typeof ConsumerParams>;
