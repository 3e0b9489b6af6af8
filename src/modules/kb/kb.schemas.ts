// The knowledge base's API: request and response shapes. Imports only typebox, schema and constants
// files: the web type-checks against this file.
import { type Static, Type } from "typebox";
import { ARTICLE_STATUSES, KB_CATEGORIES, LANGUAGES } from "../../db/schema.constants.ts";
import { DateTime, Nullable, Strict, StringEnum } from "../../http/schemas.ts";

/** An article as search results and lists show it. */
export const ArticleSummaryDto = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  category: StringEnum(KB_CATEGORIES),
  status: StringEnum(ARTICLE_STATUSES),
  titleEn: Type.String(),
  titleHi: Type.String(),
  /** The SMS summaries (what "send by SMS" sends). */
  summaryEn: Type.String(),
  summaryHi: Type.String(),
  keywords: Type.Array(Type.String()),
  complaintCategories: Type.Array(Type.String({ description: "complaint category codes" })),
  /** Plain-text passage around the match, when searched. */
  snippet: Nullable(Type.String()),
  version: Type.Integer(),
  updatedAt: DateTime,
});
export type ArticleSummaryDto = Static<typeof ArticleSummaryDto>;

export const ArticleDetailDto = Type.Object({
  ...ArticleSummaryDto.properties,
  bodyEn: Type.String({ description: "Markdown, for the editor" }),
  bodyHi: Type.String({ description: "Markdown, for the editor" }),
  /** The bodies rendered by the server: HTML in the Markdown is escaped, links are http(s) or tel only. */
  bodyHtmlEn: Type.String(),
  bodyHtmlHi: Type.String(),
  owner: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  publishedVersion: Nullable(Type.Integer({ description: "the version agents read; null while a draft" })),
  publishedAt: Nullable(DateTime),
  /** SMS parts each summary takes (at most 2). */
  smsParts: Type.Object({ en: Type.Integer(), hi: Type.Integer() }),
  /** The DLT ids each summary's exact text is registered under (null: it goes under the generic "information" template). */
  dltTemplateIds: Type.Object({ en: Nullable(Type.String()), hi: Nullable(Type.String()) }),
});
export type ArticleDetailDto = Static<typeof ArticleDetailDto>;

export const ArticleSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    category: Type.Optional(StringEnum(KB_CATEGORIES)),
    complaintCategory: Type.Optional(
      Type.String({ maxLength: 40, description: "articles related to this complaint category" }),
    ),
    status: Type.Optional(
      StringEnum([...ARTICLE_STATUSES, "all"] as const, {
        description: "published (default); editors may ask for drafts, archived or all",
      }),
    ),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  Strict,
);
export type ArticleSearchQuery = Static<typeof ArticleSearchQuery>;

export const ArticleList = Type.Object({
  items: Type.Array(ArticleSummaryDto),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type ArticleList = Static<typeof ArticleList>;

export const ArticleBody = Type.Object(
  {
    slug: Type.Optional(Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,79}$" })),
    category: StringEnum(KB_CATEGORIES),
    titleEn: Type.String({ minLength: 1, maxLength: 200 }),
    titleHi: Type.String({ minLength: 1, maxLength: 200 }),
    bodyEn: Type.String({ minLength: 1, maxLength: 50_000 }),
    bodyHi: Type.String({ minLength: 1, maxLength: 50_000 }),
    summaryEn: Type.String({ minLength: 1, maxLength: 306, description: "at most 2 SMS parts" }),
    summaryHi: Type.String({ minLength: 1, maxLength: 134, description: "at most 2 SMS parts (UCS-2)" }),
    keywords: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 40 }),
    complaintCategories: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 }),
    ownerId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    /** The DLT id of each summary's exact text, when the admin has registered it (else the generic template). */
    dltTemplateIdEn: Type.Optional(Nullable(Type.String({ pattern: "^[0-9]{19}$" }))),
    dltTemplateIdHi: Type.Optional(Nullable(Type.String({ pattern: "^[0-9]{19}$" }))),
    /** On an update: the version the editor started from (a newer one is a 409). */
    baseVersion: Type.Optional(Type.Integer({ minimum: 1 })),
    note: Type.Optional(Type.String({ maxLength: 300, description: "what changed, for the history" })),
  },
  Strict,
);
export type ArticleBody = Static<typeof ArticleBody>;

export const ArticleVersionDto = Type.Object({
  version: Type.Integer(),
  status: StringEnum(ARTICLE_STATUSES),
  changedAt: DateTime,
  changedBy: Type.String(),
  note: Nullable(Type.String()),
  /** The fields this version changed from the one before (names as in ArticleBody). */
  changedFields: Type.Array(Type.String()),
  published: Type.Boolean({ description: "this is the version agents read" }),
});
export const ArticleVersions = Type.Array(ArticleVersionDto);

export const PublishBody = Type.Object(
  {
    action: StringEnum(["publish", "unpublish", "archive"] as const),
    version: Type.Optional(Type.Integer()),
  },
  Strict,
);
export type PublishBody = Static<typeof PublishBody>;

/** Send an article's SMS summary to the caller (DLT template "information"; audited). */
export const SendSummaryBody = Type.Object(
  {
    mobile: Type.String({ pattern: "^[6-9][0-9]{9}$" }),
    language: StringEnum(LANGUAGES),
    consumerNo: Type.Optional(
      Type.String({ maxLength: 40, description: "the caller's connection, for the audit" }),
    ),
  },
  Strict,
);
export type SendSummaryBody = Static<typeof SendSummaryBody>;

export const SummarySent = Type.Object({ smsId: Type.Integer(), parts: Type.Integer(), body: Type.String() });
export type SummarySent = Static<typeof SummarySent>;
