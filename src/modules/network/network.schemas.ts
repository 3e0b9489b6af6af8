// The network API's request and response shapes. Imports only typebox, schema and constants files:
// the web type-checks against this file.
import { type Static, Type } from "typebox";
import { Nullable, Strict } from "../../http/schemas.ts";

export const FeederDto = Type.Object({
  code: Type.String(),
  nameEn: Type.String(),
  nameHi: Type.String(),
  dcCode: Type.String(),
});
export type FeederDto = Static<typeof FeederDto>;

export const FeederSearchQuery = Type.Object(
  {
    q: Type.String({ maxLength: 100, default: "" }),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
  },
  Strict,
);
export type FeederSearchQuery = Static<typeof FeederSearchQuery>;

export const FeederList = Type.Object({
  items: Type.Array(Type.Object({ ...FeederDto.properties, dts: Type.Integer(), consumers: Type.Integer() })),
});
export type FeederList = Static<typeof FeederList>;

export const FeederParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }, Strict);
export type FeederParams = Static<typeof FeederParams>;

export const FeederQuery = Type.Object(
  { sample: Type.Integer({ minimum: 0, maximum: 100, default: 10 }) },
  Strict,
);
export type FeederQuery = Static<typeof FeederQuery>;

export const FeederDetail = Type.Object({
  feeder: FeederDto,
  dts: Type.Array(
    Type.Object({
      code: Type.String(),
      nameEn: Type.String(),
      nameHi: Type.String(),
      consumers: Type.Integer(),
      sample: Type.Array(Type.Object({ consumerNo: Type.String(), meterNo: Nullable(Type.String()) })),
    }),
  ),
});
export type FeederDetail = Static<typeof FeederDetail>;
