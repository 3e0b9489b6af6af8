import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { PublicApplicationDto, PublicApplicationParams, PublicApplicationQuery } from "./tracking.schemas.ts";

/** The public tracking page's new-connection applications (complaints' public routes are in complaints.routes.ts). */
export function trackingRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/public/connections/:number",
      {
        schema: {
          tags: ["public"],
          summary:
            "Track a new-connection application: its number plus the last 4 digits of the applicant's mobile; the stage, the next step and the SoP date",
          security: [],
          params: PublicApplicationParams,
          querystring: PublicApplicationQuery,
          response: { 200: PublicApplicationDto, ...errors(400, 404, 429) },
        },
      },
      async (request) =>
        services.tracking.trackApplication(request.params.number, request.query.mobile, request.ip),
    );
  };
}
