import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { at, ExportFile, exportQuery, sendTable } from "../../http/export-route.ts";
import type { ExportColumn } from "../../http/exports.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { presentSummary } from "./kb.routes.ts";
import { ArticleSearchQuery } from "./kb.schemas.ts";

type Row = ReturnType<typeof presentSummary>;

const columns: ExportColumn<Row>[] = [
  { header: { en: "No.", hi: "क्रमांक" }, value: (a) => a.id },
  { header: { en: "Slug", hi: "स्लग" }, value: (a) => a.slug, width: 24 },
  { header: { en: "Category", hi: "श्रेणी" }, value: (a) => a.category },
  { header: { en: "Status", hi: "स्थिति" }, value: (a) => a.status },
  { header: { en: "Title (English)", hi: "शीर्षक (अंग्रेज़ी)" }, value: (a) => a.titleEn, width: 40 },
  { header: { en: "Title (Hindi)", hi: "शीर्षक (हिंदी)" }, value: (a) => a.titleHi, width: 40 },
  { header: { en: "Summary (English)", hi: "सारांश (अंग्रेज़ी)" }, value: (a) => a.summaryEn, width: 50 },
  { header: { en: "Summary (Hindi)", hi: "सारांश (हिंदी)" }, value: (a) => a.summaryHi, width: 50 },
  { header: { en: "Keywords", hi: "मुख्य शब्द" }, value: (a) => a.keywords.join(", "), width: 30 },
  {
    header: { en: "Complaint categories", hi: "शिकायत श्रेणियाँ" },
    value: (a) => a.complaintCategories.join(", "),
    width: 30,
  },
  { header: { en: "Version", hi: "संस्करण" }, value: (a) => a.version },
  { header: { en: "Updated", hi: "अद्यतन" }, value: (a) => at(a.updatedAt), width: 17 },
];

// The article list is a ranked search (best match first, full text then
// trigram), so its pages are the search's own pages, walked to the end; an
// office's knowledge base is hundreds of articles, not millions.
const PAGE = 100;

/** GET /api/kb/articles/export: the article list or search as asked, every match. */
export function kbExportRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/kb/articles/export",
      {
        schema: {
          tags: ["kb"],
          summary: "Articles as listed or searched (same query), every match, as CSV or XLSX",
          querystring: exportQuery(ArticleSearchQuery, ["page", "pageSize"]),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const { format, ...q } = request.query;
        const rows = (async function* () {
          for (let page = 1; page <= 1000; page++) {
            const r = await services.kb.search(p, { ...q, page, pageSize: PAGE });
            for (const a of r.rows) yield presentSummary(a);
            if (r.rows.length < PAGE) return;
          }
        })();
        return sendTable(reply, p, services.timeZone, format, {
          filename: "kb-articles",
          columns,
          rows,
        });
      },
    );
  };
}
