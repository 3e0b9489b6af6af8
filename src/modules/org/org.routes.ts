import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { OrgUnit } from "../../db/schema.ts";
import type { AuthContext } from "../../http/auth.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { OrgSearchQuery, OrgTree, OrgTreeQuery, OrgUnitList } from "./org.schemas.ts";

const present = (u: OrgUnit) => ({ code: u.code, kind: u.kind, nameEn: u.name_en, nameHi: u.name_hi });

export function orgRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/org-units",
      {
        schema: {
          tags: ["org"],
          summary: "Org units in your jurisdiction whose code or name matches (for pickers)",
          querystring: OrgSearchQuery,
          response: { 200: OrgUnitList, ...errors(400, 401, 403) },
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
          querystring: OrgTreeQuery,
          response: { 200: OrgTree, ...errors(401, 403, 404) },
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
