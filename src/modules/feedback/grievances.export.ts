import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { at, ExportFile, exportQuery, mapRows, sendTable } from "../../http/export-route.ts";
import type { ExportColumn } from "../../http/exports.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { presentGrievance } from "./callbacks.routes.ts";
import { GrievanceListQuery } from "./callbacks.schemas.ts";

type Row = ReturnType<typeof presentGrievance>;

const columns: ExportColumn<Row>[] = [
  { header: { en: "No.", hi: "क्रमांक" }, value: (g) => g.id },
  { header: { en: "Complaint", hi: "शिकायत" }, value: (g) => g.complaintNumber, width: 16 },
  { header: { en: "Raised", hi: "दर्ज" }, value: (g) => at(g.createdAt), width: 17 },
  { header: { en: "Office", hi: "कार्यालय" }, value: (g) => g.office.code },
  { header: { en: "DC", hi: "वितरण केंद्र" }, value: (g) => g.dc.code },
  { header: { en: "About", hi: "विषय" }, value: (g) => g.tags.join(", "), width: 24 },
  { header: { en: "What the consumer said", hi: "उपभोक्ता ने क्या कहा" }, value: (g) => g.text, width: 40 },
  { header: { en: "Status", hi: "स्थिति" }, value: (g) => g.status },
  { header: { en: "Closed", hi: "बंद" }, value: (g) => at(g.closedAt), width: 17 },
  { header: { en: "Closed by", hi: "किसने बंद की" }, value: (g) => g.closedBy },
  { header: { en: "Action taken", hi: "की गई कार्रवाई" }, value: (g) => g.actionTaken, width: 40 },
];

/** GET /api/grievances/export: the grievance list as filtered, every row (the list stops at 200). */
export function grievancesExportRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/grievances/export",
      {
        schema: {
          tags: ["feedback"],
          summary: "Grievances of your offices as filtered, every matching row, as CSV or XLSX",
          querystring: exportQuery(GrievanceListQuery),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const status = request.query.status ?? "open";
        const rows = services.callbacks.allGrievances(p, status);
        return sendTable(reply, p, services.timeZone, request.query.format, {
          filename: `grievances-${status}`,
          columns,
          rows: mapRows(rows, presentGrievance),
        });
      },
    );
  };
}
