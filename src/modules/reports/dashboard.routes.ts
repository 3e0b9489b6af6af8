import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { sendExport } from "../../http/exports.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { childColumns } from "./dashboard.present.ts";
import { DashboardDto, DashboardExportQuery, DashboardQuery } from "./dashboard.schemas.ts";

export function dashboardRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  const svc = services.dashboard;
  return async (app) => {
    app.get(
      "/api/dashboards/complaints",
      {
        schema: {
          tags: ["reports"],
          summary: "The complaints dashboard of an org unit for a period, with its units one level down",
          description:
            "Figures come from the rollups; open and overdue complaints are as of now. Each figure carries the " +
            "query string of GET /api/complaints that lists the complaints behind it. A unit outside your " +
            "jurisdiction is a 404.",
          querystring: DashboardQuery,
          response: { 200: DashboardDto, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => services.dashboard.complaints(await auth.principal(request), request.query),
    );

    app.get(
      "/api/dashboards/complaints/export",
      {
        schema: {
          tags: ["reports"],
          summary: "The dashboard's table of units one level down, as CSV or XLSX",
          querystring: DashboardExportQuery,
          response: { ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const { format, ...q } = request.query;
        const d = await svc.complaints(p, q);
        const language = p.language;
        return sendExport(reply, {
          format,
          filename: `complaints-${d.unit.code}-${d.period.from}-${d.period.to}`,
          language,
          columns: childColumns(language),
          rows: (async function* () {
            yield* d.children;
          })(),
          title: [
            `${language === "hi" ? d.unit.nameHi : d.unit.nameEn} (${d.unit.code})`,
            `${d.period.from} – ${d.period.to}`,
          ],
          timeZone: services.timeZone,
        });
      },
    );
  };
}
