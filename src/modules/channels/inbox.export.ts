import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { at, ExportFile, exportQuery, mapRows, sendTable } from "../../http/export-route.ts";
import type { ExportColumn } from "../../http/exports.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { presentConversation } from "./inbox.routes.ts";
import { InboxQueueQuery } from "./inbox.schemas.ts";

type Row = ReturnType<typeof presentConversation>;

const columns: ExportColumn<Row>[] = [
  { header: { en: "No.", hi: "क्रमांक" }, value: (c) => c.id },
  { header: { en: "Channel", hi: "माध्यम" }, value: (c) => c.channel },
  { header: { en: "From", hi: "भेजने वाला" }, value: (c) => c.senderHandle, width: 20 },
  { header: { en: "Sender name", hi: "भेजने वाले का नाम" }, value: (c) => c.senderName, width: 20 },
  { header: { en: "Visibility", hi: "दृश्यता" }, value: (c) => c.visibility },
  { header: { en: "Status", hi: "स्थिति" }, value: (c) => c.status },
  { header: { en: "Language", hi: "भाषा" }, value: (c) => c.language },
  { header: { en: "Assigned to", hi: "किसे सौंपी" }, value: (c) => c.assignee?.name, width: 20 },
  { header: { en: "Consumer no.", hi: "उपभोक्ता क्रमांक" }, value: (c) => c.consumer?.consumerNo, width: 14 },
  { header: { en: "Consumer", hi: "उपभोक्ता" }, value: (c) => c.consumer?.name, width: 20 },
  { header: { en: "Verified", hi: "सत्यापित" }, value: (c) => (c.consumer ? c.consumer.verified : null) },
  { header: { en: "DC", hi: "वितरण केंद्र" }, value: (c) => c.dc?.code },
  { header: { en: "Opened", hi: "शुरू" }, value: (c) => at(c.openedAt), width: 17 },
  { header: { en: "Last message", hi: "अंतिम संदेश" }, value: (c) => at(c.lastMessageAt), width: 17 },
  { header: { en: "Answer due", hi: "उत्तर की समय सीमा" }, value: (c) => at(c.firstResponseDue), width: 17 },
  { header: { en: "First answered", hi: "पहला उत्तर" }, value: (c) => at(c.firstRespondedAt), width: 17 },
  { header: { en: "Escalated", hi: "आगे भेजी" }, value: (c) => at(c.escalatedAt), width: 17 },
  { header: { en: "Closed", hi: "बंद" }, value: (c) => at(c.closedAt), width: 17 },
  { header: { en: "Overdue", hi: "समय सीमा पार" }, value: (c) => c.overdue },
  { header: { en: "Complaints", hi: "शिकायतें" }, value: (c) => c.complaintCount },
  { header: { en: "Latest message", hi: "नवीनतम संदेश" }, value: (c) => c.preview, width: 40 },
];

/** GET /api/inbox/export: the inbox queue as filtered, every conversation (the queue pages by 200). */
export function inboxExportRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/inbox/export",
      {
        schema: {
          tags: ["inbox"],
          summary:
            "Inbox conversations of your jurisdiction as filtered, in the queue's order, as CSV or XLSX",
          querystring: exportQuery(InboxQueueQuery, ["page", "pageSize"]),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const { format, ...filter } = request.query;
        const { rows, now } = services.inbox.queueAll(p, filter);
        return sendTable(reply, p, services.timeZone, format, {
          filename: `inbox-${filter.status ?? "active"}`,
          columns,
          rows: mapRows(rows, (c) => presentConversation(c, now)),
        });
      },
    );
  };
}
