import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { ConnectionReport, ConnectionReportQuery, SopSettingsDto } from "./connections.schemas.ts";

/** New connections' operations: the SoP settings and the reports per office. */
export function connectionsAdminRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/connections/settings",
      {
        schema: {
          tags: ["connections"],
          summary:
            "The SoP clock's settings: release days per area, stage limits, compensation, escalation step",
          response: { 200: SopSettingsDto, ...errors(401, 403) },
        },
      },
      async (request) => services.connectionSettings.get(await auth.principal(request)),
    );

    app.put(
      "/api/connections/settings",
      {
        schema: {
          tags: ["connections"],
          summary: "Change the SoP clock's settings (admins who keep tariffs); running clocks are re-timed",
          body: SopSettingsDto,
          response: { 200: SopSettingsDto, ...errors(400, 401, 403) },
        },
      },
      async (request) => services.connectionSettings.update(await auth.principal(request), request.body),
    );

    app.get(
      "/api/connections/reports",
      {
        schema: {
          tags: ["connections"],
          summary:
            "Applications pending by stage, beyond SoP, released in the month and compensation, per office below yours (or below the office chosen)",
          querystring: ConnectionReportQuery,
          response: { 200: ConnectionReport, ...errors(400, 401, 403) },
        },
      },
      async (request) => services.connectionReports.report(await auth.principal(request), request.query),
    );
  };
}
