import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ORG_KINDS, type OrgUnit } from "../../db/schema.ts";
import type { AuthContext } from "../../http/auth.ts";
import { errors, Strict, StringEnum } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";

const OrgUnitDto = Type.Object({
  code: Type.String(),
  kind: StringEnum(ORG_KINDS),
  nameEn: Type.String(),
  nameHi: Type.String(),
});

const present = (u: OrgUnit) => ({ code: u.code, kind: u.kind, nameEn: u.name_en, nameHi: u.name_hi });

export function orgRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/org-units",
      {
        schema: {
          tags: ["org"],
          summary: "Org units in your jurisdiction whose code or name matches (for pickers)",
          querystring: Type.Object(
            {
              q: Type.String({ maxLength: 100, default: "" }),
              kind: Type.Optional(Type.Array(StringEnum(ORG_KINDS))),
              limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            },
            Strict,
          ),
          response: { 200: Type.Object({ items: Type.Array(OrgUnitDto) }), ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const units = await services.org.search(p, request.query.q, request.query.kind, request.query.limit);
        return { items: units.map(present) };
      },
    );

    app.get(
      "/api/org-units/tree",
      {
        schema: {
          tags: ["org"],
          summary: "One unit with its ancestors and children; your own unit when no code is given",
          querystring: Type.Object({ code: Type.Optional(Type.String({ maxLength: 32 })) }, Strict),
          response: {
            200: Type.Object({
              unit: OrgUnitDto,
              ancestors: Type.Array(OrgUnitDto),
              children: Type.Array(Type.Object({ ...OrgUnitDto.properties, childCount: Type.Integer() })),
            }),
            ...errors(401, 403, 404),
          },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const node = await services.org.node(p, request.query.code);
        return {
          unit: present(node.unit),
          ancestors: node.ancestors.map(present),
          children: node.children.map((c) => ({ ...present(c), childCount: Number(c.child_count) })),
        };
      },
    );
  };
}
