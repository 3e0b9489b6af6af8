import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { errors, IdParam } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { plainText, renderMarkdown } from "./kb.markdown.ts";
import {
  ArticleBody,
  ArticleDetailDto,
  ArticleList,
  ArticleSearchQuery,
  ArticleVersions,
  PublishBody,
  SendSummaryBody,
  SummarySent,
} from "./kb.schemas.ts";
import { type ArticleRow, snippetOf, summaryParts, type VersionRow } from "./kb.service.ts";

export function presentSummary(r: ArticleRow, snippet: string | null = null) {
  return {
    id: r.id,
    slug: r.slug,
    category: r.category,
    status: r.status,
    titleEn: r.title_en,
    titleHi: r.title_hi,
    summaryEn: r.summary_en,
    summaryHi: r.summary_hi,
    keywords: r.keywords,
    complaintCategories: r.complaint_categories,
    snippet,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

function presentDetail(r: ArticleRow) {
  return {
    ...presentSummary(r),
    bodyEn: r.body_en,
    bodyHi: r.body_hi,
    bodyHtmlEn: renderMarkdown(r.body_en),
    bodyHtmlHi: renderMarkdown(r.body_hi),
    owner: r.owner_id !== null ? { id: Number(r.owner_id), name: r.owner_name ?? "" } : null,
    publishedVersion: r.published_version,
    publishedAt: r.published_at?.toISOString() ?? null,
    smsParts: { en: summaryParts(r.summary_en), hi: summaryParts(r.summary_hi) },
    dltTemplateIds: { en: r.dlt_template_id_en, hi: r.dlt_template_id_hi },
  };
}

function presentVersion(v: VersionRow, article: ArticleRow) {
  const latest = v.version === article.version;
  return {
    version: v.version,
    status:
      v.version === article.published_version
        ? ("published" as const)
        : latest && article.status === "archived"
          ? ("archived" as const)
          : ("draft" as const),
    changedAt: v.at.toISOString(),
    changedBy: v.user_name,
    note: v.note,
    changedFields: v.changed_fields,
    published: v.version === article.published_version,
  };
}

/** The knowledge base: search and read (agents), write and publish (editors), send a summary by SMS. */
export function kbRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/kb/articles",
      {
        schema: {
          tags: ["kb"],
          summary:
            "Search or list articles (Hindi and English, part of a word too), best match first; the published ones unless an editor asks for drafts, archived or all",
          querystring: ArticleSearchQuery,
          response: { 200: ArticleList, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const r = await services.kb.search(await auth.principal(request), request.query);
        return {
          items: r.rows.map((a) =>
            presentSummary(
              a,
              r.words.length > 0
                ? (snippetOf(plainText(a.body_hi), r.words) ?? snippetOf(plainText(a.body_en), r.words))
                : null,
            ),
          ),
          total: r.total,
          page: r.page,
          pageSize: r.pageSize,
        };
      },
    );

    app.get(
      "/api/kb/articles/:id",
      {
        schema: {
          tags: ["kb"],
          summary:
            "One article with its bodies rendered (agents: the published version; editors: the latest)",
          params: IdParam,
          response: { 200: ArticleDetailDto, ...errors(401, 403, 404) },
        },
      },
      async (request) =>
        presentDetail(await services.kb.get(await auth.principal(request), request.params.id)),
    );

    app.post(
      "/api/kb/articles",
      {
        schema: {
          tags: ["kb"],
          summary: "Write a new article (a draft, version 1)",
          body: ArticleBody,
          response: { 201: ArticleDetailDto, ...errors(400, 401, 403, 409) },
        },
      },
      async (request, reply) => {
        const r = await services.kb.create(await auth.principal(request), request.body);
        return reply.code(201).send(presentDetail(r));
      },
    );

    app.put(
      "/api/kb/articles/:id",
      {
        schema: {
          tags: ["kb"],
          summary:
            "Save a new version (agents keep reading the published one until it is published); a baseVersion older than the latest is a 409",
          params: IdParam,
          body: ArticleBody,
          response: { 200: ArticleDetailDto, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        presentDetail(
          await services.kb.update(await auth.principal(request), request.params.id, request.body),
        ),
    );

    app.post(
      "/api/kb/articles/:id/publish",
      {
        schema: {
          tags: ["kb"],
          summary: "Publish a version (the latest unless named), unpublish or archive",
          params: IdParam,
          body: PublishBody,
          response: { 200: ArticleDetailDto, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        presentDetail(
          await services.kb.publish(await auth.principal(request), request.params.id, request.body),
        ),
    );

    app.get(
      "/api/kb/articles/:id/versions",
      {
        schema: {
          tags: ["kb"],
          summary: "Every saved version, newest first: who, when, the note and the fields it changed",
          params: IdParam,
          response: { 200: ArticleVersions, ...errors(401, 403, 404) },
        },
      },
      async (request) => {
        const r = await services.kb.versions(await auth.principal(request), request.params.id);
        return r.rows.map((v) => presentVersion(v, r.article));
      },
    );

    app.post(
      "/api/kb/articles/:id/send",
      {
        schema: {
          tags: ["kb"],
          summary:
            "Send the published article's SMS summary, in the language chosen, to a caller's mobile (audited)",
          params: IdParam,
          body: SendSummaryBody,
          response: { 200: SummarySent, ...errors(400, 401, 403, 404, 429) },
        },
      },
      async (request) => services.kb.send(await auth.principal(request), request.params.id, request.body),
    );
  };
}
