import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../http/auth.ts";
import { outagesExportRoutes } from "./outages/outages.export.ts";
import type { Services } from "./registry.ts";

/** Every table's CSV/XLSX export (issue 16), each next to its list: GET /api/<list>/export. */
export function tableExportRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(outagesExportRoutes(services, auth));
  };
}
