import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AuthContext } from "../../http/auth.ts";
import { at, ExportFile, exportQuery, fromArray, mapRows, sendTable } from "../../http/export-route.ts";
import { type ExportColumn, ExportFormatQuery } from "../../http/exports.ts";
import { errors, Strict } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { presentAction, presentCampaign, presentSuggestion } from "./survey.routes.ts";
import { SurveyActionsQuery, SurveySuggestionsQuery } from "./survey.schemas.ts";

type ActionRow = ReturnType<typeof presentAction>;
type SuggestionRow = ReturnType<typeof presentSuggestion>;
type CampaignRow = ReturnType<typeof presentCampaign>;

const actionColumns: ExportColumn<ActionRow>[] = [
  { header: { en: "No.", hi: "क्रमांक" }, value: (a) => a.id },
  { header: { en: "Month", hi: "माह" }, value: (a) => a.month },
  { header: { en: "Area", hi: "क्षेत्र" }, value: (a) => a.org.code },
  { header: { en: "Area name", hi: "क्षेत्र का नाम" }, value: (a) => a.org.nameEn, width: 24 },
  {
    header: { en: "Below threshold", hi: "सीमा से नीचे" },
    // One cell: "metric value < threshold" for each flagged measure.
    value: (a) => a.metrics.map((m) => `${m.metric} ${m.value} < ${m.threshold}`).join("; "),
    width: 40,
  },
  { header: { en: "Status", hi: "स्थिति" }, value: (a) => a.status },
  { header: { en: "Assigned to", hi: "किसे सौंपा" }, value: (a) => a.assignedTo, width: 20 },
  { header: { en: "Raised", hi: "दर्ज" }, value: (a) => at(a.createdAt), width: 17 },
  { header: { en: "Done", hi: "पूर्ण" }, value: (a) => at(a.doneAt), width: 17 },
  { header: { en: "Done by", hi: "किसने पूर्ण किया" }, value: (a) => a.doneBy, width: 20 },
  { header: { en: "Action taken", hi: "की गई कार्रवाई" }, value: (a) => a.actionTaken, width: 40 },
];

const suggestionColumns: ExportColumn<SuggestionRow>[] = [
  { header: { en: "No.", hi: "क्रमांक" }, value: (s) => s.id },
  { header: { en: "Month", hi: "माह" }, value: (s) => s.month },
  { header: { en: "Consumer no.", hi: "उपभोक्ता क्रमांक" }, value: (s) => s.consumerNo, width: 14 },
  { header: { en: "Name", hi: "नाम" }, value: (s) => s.name, width: 20 },
  { header: { en: "DC", hi: "वितरण केंद्र" }, value: (s) => s.dc.code },
  { header: { en: "Suggestion", hi: "सुझाव" }, value: (s) => s.text, width: 40 },
  { header: { en: "Answered", hi: "उत्तर दिया" }, value: (s) => at(s.answeredAt), width: 17 },
  { header: { en: "Via", hi: "माध्यम" }, value: (s) => s.via },
  { header: { en: "Wants a complaint", hi: "शिकायत चाहते हैं" }, value: (s) => s.wantsComplaint },
  { header: { en: "Status", hi: "स्थिति" }, value: (s) => s.status },
  { header: { en: "Acted", hi: "कार्रवाई" }, value: (s) => at(s.actedAt), width: 17 },
  { header: { en: "Acted by", hi: "किसने कार्रवाई की" }, value: (s) => s.actedBy, width: 20 },
  { header: { en: "Note", hi: "टिप्पणी" }, value: (s) => s.actedNote, width: 40 },
  { header: { en: "Complaint", hi: "शिकायत" }, value: (s) => s.complaintNumber, width: 16 },
];

const campaignColumns: ExportColumn<CampaignRow>[] = [
  { header: { en: "Month", hi: "माह" }, value: (c) => c.month },
  { header: { en: "Status", hi: "स्थिति" }, value: (c) => c.status },
  { header: { en: "Per DC", hi: "प्रति वितरण केंद्र" }, value: (c) => c.sampleSize },
  { header: { en: "Sampled", hi: "नमूने में" }, value: (c) => c.sampled },
  { header: { en: "Answered", hi: "उत्तर मिले" }, value: (c) => c.answered },
  { header: { en: "Link sent", hi: "लिंक भेजा" }, value: (c) => c.linkSent },
  { header: { en: "Unanswered", hi: "अनुत्तरित" }, value: (c) => c.unanswered },
  { header: { en: "Seed", hi: "बीज" }, value: (c) => c.seed, width: 20 },
  { header: { en: "Created", hi: "बनाया गया" }, value: (c) => at(c.createdAt), width: 17 },
  { header: { en: "Closed", hi: "बंद" }, value: (c) => at(c.closedAt), width: 17 },
];

/** The survey's tables: action items and suggestions (every row, past the lists' 300), and the campaigns. */
export function surveyExportRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/survey/actions/export",
      {
        schema: {
          tags: ["survey"],
          summary: "Action items of your areas as filtered, every matching row, as CSV or XLSX",
          querystring: exportQuery(SurveyActionsQuery),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const status = request.query.status ?? "open";
        const rows = services.survey.followUp.allActions(p, status);
        return sendTable(reply, p, services.timeZone, request.query.format, {
          filename: `survey-actions-${status}`,
          columns: actionColumns,
          rows: mapRows(rows, presentAction),
        });
      },
    );

    app.get(
      "/api/survey/suggestions/export",
      {
        schema: {
          tags: ["survey"],
          summary:
            "Consumers' survey suggestions in your jurisdiction as filtered, every matching row, as CSV or XLSX",
          querystring: exportQuery(SurveySuggestionsQuery),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const status = request.query.status ?? "new";
        const rows = services.survey.followUp.allSuggestions(p, status);
        return sendTable(reply, p, services.timeZone, request.query.format, {
          filename: `survey-suggestions-${status}`,
          columns: suggestionColumns,
          rows: mapRows(rows, presentSuggestion),
        });
      },
    );

    app.get(
      "/api/survey/campaigns/export",
      {
        schema: {
          tags: ["survey"],
          summary: "The monthly campaigns with their progress, as the admin's table, as CSV or XLSX",
          querystring: Type.Object({ format: Type.Optional(ExportFormatQuery) }, Strict),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        // The campaign table is not paged (36 months at most): the export is that same list.
        const rows = await services.survey.campaigns(p);
        return sendTable(reply, p, services.timeZone, request.query.format, {
          filename: "survey-campaigns",
          columns: campaignColumns,
          rows: fromArray(Promise.resolve(rows.map(presentCampaign))),
        });
      },
    );
  };
}
