// The org API's request and response shapes. Imports only typebox, schema and constants files:
// the web type-checks against this file.
import { type Static, Type } from "typebox";
import { ORG_KINDS } from "../../db/schema.constants.ts";
import { Strict, StringEnum } from "../../http/schemas.ts";

export const OrgUnitDto = Type.Object({
  code: Type.String(),
  kind: StringEnum(ORG_KINDS),
  nameEn: Type.String(),
  nameHi: Type.String(),
});
export type OrgUnitDto = Static<typeof OrgUnitDto>;

export const OrgSearchQuery = Type.Object(
  {
    q: Type.String({ maxLength: 100, default: "" }),
    kind: Type.Optional(Type.Array(StringEnum(ORG_KINDS))),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  Strict,
);
export type OrgSearchQuery = Static<typeof OrgSearchQuery>;

export const OrgUnitList = Type.Object({ items: Type.Array(OrgUnitDto) });
export type OrgUnitList = Static<typeof OrgUnitList>;

export const OrgTreeQuery = Type.Object({ code: Type.Optional(Type.String({ maxLength: 32 })) }, Strict);
export type OrgTreeQuery = Static<typeof OrgTreeQuery>;

export const OrgTree = Type.Object({
  unit: OrgUnitDto,
  ancestors: Type.Array(OrgUnitDto),
  children: Type.Array(Type.Object({ ...OrgUnitDto.properties, childCount: Type.Integer() })),
});
export type OrgTree = Static<typeof OrgTree>;
