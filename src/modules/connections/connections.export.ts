import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { at, ExportFile, exportQuery, mapRows, sendTable } from "../../http/export-route.ts";
import type { ExportColumn } from "../../http/exports.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { presentSummary } from "./connections.present.ts";
import { ApplicationListQuery } from "./connections.schemas.ts";

type Row = ReturnType<typeof presentSummary>;

const columns: ExportColumn<Row>[] = [
  { header: { en: "Application", hi: "आवेदन" }, value: (a) => a.number, width: 16 },
  { header: { en: "Applicant", hi: "आवेदक" }, value: (a) => a.applicantName, width: 24 },
  { header: { en: "Mobile", hi: "मोबाइल" }, value: (a) => a.mobile, width: 14 },
  { header: { en: "Address", hi: "पता" }, value: (a) => a.address, width: 40 },
  { header: { en: "Category", hi: "श्रेणी" }, value: (a) => a.category },
  { header: { en: "Supply", hi: "आपूर्ति" }, value: (a) => a.supplyType },
  { header: { en: "Load (kW)", hi: "भार (kW)" }, value: (a) => a.loadKw },
  { header: { en: "Status", hi: "स्थिति" }, value: (a) => a.status },
  { header: { en: "DC", hi: "वितरण केंद्र" }, value: (a) => a.dc.code },
  { header: { en: "Applied", hi: "आवेदन तिथि" }, value: (a) => at(a.appliedAt), width: 17 },
  { header: { en: "In this status since", hi: "इस स्थिति में कब से" }, value: (a) => at(a.statusAt), width: 17 },
  { header: { en: "Due", hi: "नियत समय" }, value: (a) => at(a.dueAt), width: 17 },
  { header: { en: "Overdue", hi: "समय सीमा पार" }, value: (a) => a.overdue },
];

/** GET /api/connections/export: the applications list as filtered, every row. */
export function connectionsExportRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/connections/export",
      {
        schema: {
          tags: ["connections"],
          summary: "New-connection applications as filtered (or as found by `q`), every row, as CSV or XLSX",
          querystring: exportQuery(ApplicationListQuery, ["page", "pageSize"]),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const { format, ...input } = request.query;
        const { now, rows } = await services.connections.listAll(p, input);
        return sendTable(reply, p, services.timeZone, format, {
          filename: "connection-applications",
          columns,
          rows: mapRows(rows, (r) => presentSummary(p, r, now)),
        });
      },
    );
  };
}
