import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { at, ExportFile, exportQuery, mapRows, sendTable } from "../../http/export-route.ts";
import type { ExportColumn } from "../../http/exports.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { presentHistory } from "./callbacks.routes.ts";
import { CallbackHistoryQuery } from "./callbacks.schemas.ts";

type Row = ReturnType<typeof presentHistory>;

const columns: ExportColumn<Row>[] = [
  { header: { en: "No.", hi: "क्रमांक" }, value: (b) => b.id },
  { header: { en: "Complaint", hi: "शिकायत" }, value: (b) => b.complaintNumber, width: 16 },
  { header: { en: "Round", hi: "चरण" }, value: (b) => b.round },
  { header: { en: "Category", hi: "श्रेणी" }, value: (b) => b.category.nameEn, width: 24 },
  { header: { en: "Consumer no.", hi: "उपभोक्ता क्रमांक" }, value: (b) => b.consumerNo, width: 14 },
  { header: { en: "Name", hi: "नाम" }, value: (b) => b.name, width: 20 },
  { header: { en: "Phone", hi: "फ़ोन" }, value: (b) => b.phone, width: 14 },
  { header: { en: "DC", hi: "वितरण केंद्र" }, value: (b) => b.dc.code },
  { header: { en: "Resolved", hi: "निराकरण" }, value: (b) => at(b.resolvedAt), width: 17 },
  { header: { en: "Resolved by", hi: "किसने निराकरण किया" }, value: (b) => b.resolvedBy, width: 20 },
  { header: { en: "Reopened", hi: "पुनः खोली गई" }, value: (b) => b.reopenCount },
  { header: { en: "Late", hi: "विलंबित" }, value: (b) => b.breached },
  { header: { en: "Status", hi: "स्थिति" }, value: (b) => b.status },
  { header: { en: "Calls", hi: "कॉल" }, value: (b) => b.attempts },
  { header: { en: "Last call", hi: "अंतिम कॉल" }, value: (b) => b.lastOutcome },
  { header: { en: "Closed", hi: "बंद" }, value: (b) => at(b.closedAt), width: 17 },
  { header: { en: "Answered via", hi: "उत्तर का माध्यम" }, value: (b) => b.answeredVia },
  { header: { en: "Fixed", hi: "ठीक हुआ" }, value: (b) => b.fixed },
  { header: { en: "Time rating", hi: "समय रेटिंग" }, value: (b) => b.timeRating },
  { header: { en: "Overall rating", hi: "कुल रेटिंग" }, value: (b) => b.overallRating },
  { header: { en: "Trouble", hi: "परेशानी" }, value: (b) => b.troubleTags.join(", "), width: 24 },
  { header: { en: "Consumer's words", hi: "उपभोक्ता के शब्द" }, value: (b) => b.consumerWords, width: 40 },
];

/** GET /api/callbacks/history/export: the desk's callback history as filtered, every row. */
export function callbacksExportRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/callbacks/history/export",
      {
        schema: {
          tags: ["feedback"],
          summary: "The callbacks of your jurisdiction as filtered, every matching row, as CSV or XLSX",
          querystring: exportQuery(CallbackHistoryQuery),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const { format, ...filter } = request.query;
        const rows = await services.callbacks.historyAll(p, filter);
        return sendTable(reply, p, services.timeZone, format, {
          filename: `callbacks${filter.status ? `-${filter.status}` : ""}`,
          columns,
          rows: mapRows(rows, presentHistory),
        });
      },
    );
  };
}
