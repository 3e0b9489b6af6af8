// Applying for a new connection on the portal: request and response shapes. Imports only typebox,
// schema and constants files: the web type-checks against this file.
import { type Static, Type } from "typebox";
import {
  APPLICATION_STATUSES,
  LANGUAGES,
  SUPPLY_TYPES,
  TARIFF_CATEGORIES,
} from "../../db/schema.constants.ts";
import { Strict, StringEnum } from "../../http/schemas.ts";

const Mobile = Type.String({ pattern: "^[6-9][0-9]{9}$", description: "10-digit Indian mobile" });

export const ApplyCodeBody = Type.Object({ mobile: Mobile, language: StringEnum(LANGUAGES) }, Strict);
export type ApplyCodeBody = Static<typeof ApplyCodeBody>;

export const ApplyCodeSent = Type.Object({
  sent: Type.Boolean({ description: "always true: the same answer whatever became of the code" }),
});

export const OnlineApplicationBody = Type.Object(
  {
    mobile: Mobile,
    code: Type.String({ minLength: 1, maxLength: 10, description: "the 6-digit code from the SMS" }),
    applicantName: Type.String({ minLength: 1, maxLength: 120 }),
    address: Type.String({ minLength: 1, maxLength: 300 }),
    locality: Type.Optional(Type.String({ maxLength: 100 })),
    pincode: Type.Optional(Type.String({ pattern: "^[1-9][0-9]{5}$" })),
    dcCode: Type.Optional(
      Type.String({
        maxLength: 40,
        description: "the DC; without it the DC is found from the locality or pin code",
      }),
    ),
    category: StringEnum(TARIFF_CATEGORIES),
    supplyType: Type.Optional(StringEnum(SUPPLY_TYPES)),
    loadKw: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
    language: StringEnum(LANGUAGES),
  },
  Strict,
);
export type OnlineApplicationBody = Static<typeof OnlineApplicationBody>;

export const OnlineApplicationDto = Type.Object({
  number: Type.String(),
  created: Type.Boolean({
    description:
      "false: an application for this mobile and address was made in the last 30 days; this is its number",
  }),
  status: StringEnum(APPLICATION_STATUSES),
  dc: Type.Object({ code: Type.String(), nameEn: Type.String(), nameHi: Type.String() }),
  nextStep: Type.Object({ en: Type.String(), hi: Type.String() }),
});
export type OnlineApplicationDto = Static<typeof OnlineApplicationDto>;
