import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { ExportFile, exportQuery, fromArray, sendTable } from "../../http/export-route.ts";
import type { ExportColumn } from "../../http/exports.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { ScorecardsQuery } from "./survey.schemas.ts";

type Row = Awaited<ReturnType<Services["survey"]["scorecards"]>>["items"][number];

const columns: ExportColumn<Row>[] = [
  { header: { en: "Area", hi: "क्षेत्र" }, value: (r) => r.org.code },
  { header: { en: "Name", hi: "नाम" }, value: (r) => r.org.nameEn, width: 24 },
  { header: { en: "Name (Hindi)", hi: "नाम (हिंदी)" }, value: (r) => r.org.nameHi, width: 24 },
  { header: { en: "Sampled", hi: "नमूना" }, value: (r) => r.sampled },
  { header: { en: "Answered", hi: "उत्तर दिए" }, value: (r) => r.answered },
  { header: { en: "Response rate %", hi: "उत्तर दर %" }, value: (r) => r.responseRate },
  { header: { en: "Regular supply %", hi: "नियमित आपूर्ति %" }, value: (r) => r.regularSupply },
  { header: { en: "Meter read %", hi: "मीटर रीडिंग %" }, value: (r) => r.meterRead },
  { header: { en: "Bill on time %", hi: "बिल समय पर %" }, value: (r) => r.billOnTime },
  { header: { en: "Bill correct %", hi: "सही बिल %" }, value: (r) => r.billCorrect },
  { header: { en: "Callback rating (1-5)", hi: "कॉलबैक रेटिंग (1-5)" }, value: (r) => r.callbackSatisfaction },
  { header: { en: "Callback answers", hi: "कॉलबैक उत्तर" }, value: (r) => r.callbackAnswers },
  { header: { en: "Below the threshold", hi: "सीमा से नीचे" }, value: (r) => r.flagged.join(", "), width: 30 },
];

/** GET /api/survey/scorecards/export: the month's scorecards of a level (same query), one row per area. */
export function scorecardsExportRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/survey/scorecards/export",
      {
        schema: {
          tags: ["survey"],
          summary: "The survey scorecards of a month and level (same query) as CSV or XLSX",
          querystring: exportQuery(ScorecardsQuery),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const { month, level, format } = request.query;
        // One row per area of the level in the jurisdiction: computed, as the screen's.
        const r = await services.survey.scorecards(p, month, level);
        return sendTable(reply, p, services.timeZone, format, {
          filename: `survey-scorecards-${level}-${month}`,
          columns,
          rows: fromArray(Promise.resolve(r.items)),
        });
      },
    );
  };
}
