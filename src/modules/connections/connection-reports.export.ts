import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { PENDING_APPLICATION_STATUSES } from "../../db/schema.constants.ts";
import type { AuthContext } from "../../http/auth.ts";
import { ExportFile, exportQuery, fromArray, sendTable } from "../../http/export-route.ts";
import type { ExportColumn } from "../../http/exports.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { ConnectionReportQuery } from "./connections.schemas.ts";

type Report = Awaited<ReturnType<Services["connectionReports"]["report"]>>;
type Row = Report["rows"][number];

const STAGE_HI: Record<string, string> = {
  applied: "आवेदन प्राप्त",
  documents_complete: "दस्तावेज़ पूर्ण",
  site_inspected: "स्थल निरीक्षण हुआ",
  demand_note_issued: "मांग पत्र जारी",
  charges_paid: "शुल्क जमा",
  meter_installed: "मीटर लगा",
};

const columns: ExportColumn<Row>[] = [
  { header: { en: "Office", hi: "कार्यालय" }, value: (r) => r.office.code },
  { header: { en: "Name", hi: "नाम" }, value: (r) => r.office.nameEn, width: 24 },
  { header: { en: "Name (Hindi)", hi: "नाम (हिंदी)" }, value: (r) => r.office.nameHi, width: 24 },
  ...PENDING_APPLICATION_STATUSES.map(
    (s): ExportColumn<Row> => ({
      header: { en: `Pending: ${s.replaceAll("_", " ")}`, hi: `लंबित: ${STAGE_HI[s] ?? s}` },
      value: (r) => r.pending[s] ?? 0,
    }),
  ),
  { header: { en: "Pending", hi: "कुल लंबित" }, value: (r) => r.pendingTotal },
  { header: { en: "Beyond SoP", hi: "SoP से अधिक" }, value: (r) => r.beyondSop },
  { header: { en: "Released this month", hi: "इस माह जारी" }, value: (r) => r.releasedThisMonth },
  { header: { en: "Compensation (Rs)", hi: "मुआवज़ा (रु)" }, value: (r) => r.compensationRs },
];

/** GET /api/connections/reports/export: the per-office report (same query) and its totals. */
export function connectionReportsExportRoutes(
  services: Services,
  auth: AuthContext,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/connections/reports/export",
      {
        schema: {
          tags: ["connections"],
          summary: "The new-connection report per office (same query), with its totals, as CSV or XLSX",
          querystring: exportQuery(ConnectionReportQuery),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const { format, ...q } = request.query;
        // One row per office below the one asked about: computed, as the screen's.
        const r = await services.connectionReports.report(p, q);
        const total: Row = { ...r.totals, office: { code: "", nameEn: "Total", nameHi: "कुल" } };
        return sendTable(reply, p, services.timeZone, format, {
          filename: `connection-report-${r.month}`,
          columns,
          rows: fromArray(Promise.resolve([...r.rows, total])),
        });
      },
    );
  };
}
