import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { ExportFile, exportQuery, sendTable } from "../../http/export-route.ts";
import { type ExportColumn, keysetPages } from "../../http/exports.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { InboundQuery, OutboxQuery } from "./notifications.schemas.ts";

type OutboxRow = Awaited<ReturnType<Services["outbox"]["list"]>>["items"][number];
type InboundRow = Awaited<ReturnType<Services["outbox"]["inbound"]>>["items"][number];

const outboxColumns: ExportColumn<OutboxRow>[] = [
  { header: { en: "No.", hi: "क्रमांक" }, value: (m) => m.id },
  { header: { en: "Queued", hi: "कतार में" }, value: (m) => m.createdAt, width: 17 },
  { header: { en: "To", hi: "किसे" }, value: (m) => m.recipient, width: 14 },
  { header: { en: "Language", hi: "भाषा" }, value: (m) => m.language },
  { header: { en: "Template", hi: "टेम्पलेट" }, value: (m) => m.template, width: 24 },
  { header: { en: "About", hi: "किस बारे में" }, value: (m) => m.relatedLabel, width: 16 },
  { header: { en: "Status", hi: "स्थिति" }, value: (m) => m.status },
  { header: { en: "Sent", hi: "भेजा" }, value: (m) => m.sentAt, width: 17 },
  { header: { en: "Delivered", hi: "पहुँचा" }, value: (m) => m.deliveredAt, width: 17 },
  { header: { en: "Delivery status", hi: "डिलीवरी स्थिति" }, value: (m) => m.deliveryStatus },
  { header: { en: "Parts", hi: "भाग" }, value: (m) => m.parts },
  { header: { en: "Attempts", hi: "प्रयास" }, value: (m) => m.attempts },
  { header: { en: "Error", hi: "त्रुटि" }, value: (m) => m.error, width: 24 },
  { header: { en: "Text", hi: "संदेश" }, value: (m) => m.body, width: 60 },
];

const inboundColumns: ExportColumn<InboundRow>[] = [
  { header: { en: "No.", hi: "क्रमांक" }, value: (m) => m.id },
  { header: { en: "Received", hi: "प्राप्त" }, value: (m) => m.receivedAt, width: 17 },
  { header: { en: "From", hi: "किससे" }, value: (m) => m.sender, width: 14 },
  { header: { en: "Text", hi: "संदेश" }, value: (m) => m.text, width: 50 },
  { header: { en: "What became of it", hi: "क्या हुआ" }, value: (m) => m.outcome, width: 30 },
  { header: { en: "Complaint", hi: "शिकायत" }, value: (m) => m.complaintNumber, width: 16 },
  { header: { en: "Replied", hi: "उत्तर दिया" }, value: (m) => m.replied },
];

// Both lists already page by id (newest first, `before`): the export walks
// the same pages to the end, 200 at a time (the most the service gives).
const PAGE = 200;

/** GET /api/sms/outbox/export and /api/sms/inbound-messages/export. */
export function smsExportRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/sms/outbox/export",
      {
        schema: {
          tags: ["sms"],
          summary: "The SMS outbox as filtered, every matching message, as CSV or XLSX",
          querystring: exportQuery(OutboxQuery, ["before", "limit"]),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const { format, ...filter } = request.query;
        const rows = keysetPages(
          async (before: number | undefined, limit) =>
            (await services.outbox.list(p, { ...filter, ...(before ? { before } : {}), limit })).items,
          (m) => m.id,
          PAGE,
        );
        return sendTable(reply, p, services.timeZone, format, {
          filename: "sms-outbox",
          columns: outboxColumns,
          rows,
        });
      },
    );

    app.get(
      "/api/sms/inbound-messages/export",
      {
        schema: {
          tags: ["sms"],
          summary: "SMS consumers sent, every message, as CSV or XLSX",
          querystring: exportQuery(InboundQuery, ["before", "limit"]),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const rows = keysetPages(
          async (before: number | undefined, limit) =>
            (await services.outbox.inbound(p, { ...(before ? { before } : {}), limit })).items,
          (m) => m.id,
          PAGE,
        );
        return sendTable(reply, p, services.timeZone, request.query.format, {
          filename: "sms-inbound",
          columns: inboundColumns,
          rows,
        });
      },
    );
  };
}
