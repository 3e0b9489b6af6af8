import { randomUUID } from "node:crypto";
import type { Language } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { badRequest, conflict, forbidden, notFound, tooManyRequests } from "../../lib/errors.ts";
import { smsLayout } from "../../lib/sms-text.ts";
import { can, type Principal } from "../access/principal.ts";
import type { ThrottleRepository, ThrottleRule } from "../users/throttle.repository.ts";
import type { ArticleContent, ArticleRow, KbRepository, VersionRow } from "./kb.repository.ts";
import type { ArticleBody, ArticleSearchQuery, PublishBody, SendSummaryBody } from "./kb.schemas.ts";

export type { ArticleRow, VersionRow } from "./kb.repository.ts";

/** At most 2 SMS parts a summary (what one "send by SMS" may cost). */
export const MAX_SUMMARY_PARTS = 2;
/** Variables of the generic kb_information template: 11 × 30 characters hold 2 GSM-7 parts (306). */
const SUMMARY_VARIABLES = 11;
const VARIABLE_MAX = 30;

/**
 * Sends per agent: a busy agent answers some 15 calls an hour, so 30 an
 * hour is generous; more is a script or a mistake. And per mobile: a caller
 * needs a handful of articles, not a flood.
 */
const SENDS_PER_USER: ThrottleRule = { windowMs: 3600_000, limit: 30, lockMs: 15 * 60_000 };
const SENDS_PER_MOBILE: ThrottleRule = { windowMs: 3600_000, limit: 5, lockMs: 3600_000 };

/** The fields of ArticleBody an edit may change, with their columns (the history names fields as the API does). */
const FIELDS = {
  slug: "slug",
  category: "category",
  titleEn: "title_en",
  titleHi: "title_hi",
  bodyEn: "body_en",
  bodyHi: "body_hi",
  summaryEn: "summary_en",
  summaryHi: "summary_hi",
  keywords: "keywords",
  complaintCategories: "complaint_categories",
  ownerId: "owner_id",
  dltTemplateIdEn: "dlt_template_id_en",
  dltTemplateIdHi: "dlt_template_id_hi",
} as const satisfies Record<string, keyof ArticleContent>;

export function changedFields(before: ArticleContent, after: ArticleContent): string[] {
  return Object.entries(FIELDS)
    .filter(([, col]) => JSON.stringify(before[col]) !== JSON.stringify(after[col]))
    .map(([field]) => field);
}

/** SMS parts a summary takes. */
export function summaryParts(text: string): number {
  return smsLayout(text).parts.length;
}

/** A summary as the generic template's variables: 30-character pieces (never splitting a surrogate pair). */
export function summaryVariables(text: string): Record<string, string> {
  const pieces: string[] = [];
  let current = "";
  for (const ch of text) {
    if (current.length + ch.length > VARIABLE_MAX) {
      pieces.push(current);
      current = "";
    }
    current += ch;
  }
  if (current) pieces.push(current);
  if (pieces.length > SUMMARY_VARIABLES) throw badRequest("the summary is too long for an SMS");
  const out: Record<string, string> = {};
  for (let i = 0; i < SUMMARY_VARIABLES; i++) out[`s${i + 1}`] = pieces[i] ?? "";
  return out;
}

/** Search words: runs of letters (with their Devanagari vowel signs) and digits, lowercased. */
export function searchWords(q: string): string[] {
  return [...new Set((q.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).slice(0, 12))];
}

/** A plain-text passage of `text` around the first word found, or null. */
export function snippetOf(text: string, words: string[], width = 160): string | null {
  const lower = text.toLowerCase();
  let at = -1;
  for (const w of words) {
    const i = lower.indexOf(w);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) return null;
  // Cut at spaces, never inside a word: a Devanagari word cut in two starts
  // on a vowel sign that shows on a dotted circle.
  let start = Math.max(0, at - Math.floor(width / 3));
  if (start > 0) {
    const space = text.slice(start, at).search(/\s/);
    start = space >= 0 ? start + space + 1 : at;
  }
  let end = Math.min(text.length, start + width);
  if (end < text.length) {
    const space = text.slice(at, end).search(/\s\S*$/);
    if (space > 0) end = at + space;
  }
  return `${start > 0 ? "…" : ""}${text.slice(start, end).trim()}${end < text.length ? "…" : ""}`;
}

export interface KbDeps {
  repo: KbRepository;
  transaction: <T>(fn: (repo: KbRepository) => Promise<T>) => Promise<T>;
  throttle: ThrottleRepository;
  clock: Clock;
}

function isEditor(p: Principal): boolean {
  return can(p, "kb.edit") || can(p, "kb.publish");
}

/**
 * The knowledge base: agents read and search the published articles and send
 * their summaries by SMS; editors write versions; publishers choose the
 * version agents read.
 */
export class KbService {
  constructor(private readonly deps: KbDeps) {}

  private requireRead(p: Principal): void {
    if (!can(p, "kb.read") && !isEditor(p)) throw forbidden();
  }

  async search(p: Principal, q: ArticleSearchQuery) {
    this.requireRead(p);
    const status = q.status ?? "published";
    if (status !== "published" && !isEditor(p))
      throw forbidden("only editors see drafts and archived articles");
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const text = q.q?.trim().toLowerCase() || undefined;
    const words = text ? searchWords(text) : [];
    const r = await this.deps.repo.search({
      words,
      text,
      category: q.category,
      complaintCategory: q.complaintCategory,
      status,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { ...r, page, pageSize, words };
  }

  /** One article: editors get the working content, readers the published version (404 otherwise). */
  async get(p: Principal, id: number): Promise<ArticleRow> {
    this.requireRead(p);
    const row = await this.deps.repo.find(id, !isEditor(p));
    if (!row) throw notFound("article");
    return row;
  }

  async versions(p: Principal, id: number): Promise<{ rows: VersionRow[]; article: ArticleRow }> {
    if (!isEditor(p)) throw forbidden();
    const article = await this.deps.repo.find(id, false);
    if (!article) throw notFound("article");
    return { rows: await this.deps.repo.versions(id), article };
  }

  private async content(repo: KbRepository, body: ArticleBody, before?: ArticleRow): Promise<ArticleContent> {
    for (const [field, text] of [
      ["summaryEn", body.summaryEn],
      ["summaryHi", body.summaryHi],
    ] as const) {
      const parts = summaryParts(text.trim());
      if (parts > MAX_SUMMARY_PARTS)
        throw badRequest(`the summary takes ${parts} SMS parts; at most ${MAX_SUMMARY_PARTS}`, field);
    }
    const slug = body.slug ?? before?.slug ?? slugOf(body.titleEn);
    if (!/^[a-z0-9][a-z0-9-]{0,79}$/.test(slug)) throw badRequest("give the article a slug", "slug");
    if (await repo.slugTaken(slug, before?.id)) throw conflict("another article has this slug", "slug");
    const ownerId = body.ownerId === undefined ? (before?.owner_id ?? null) : body.ownerId;
    if (ownerId !== null && ownerId !== before?.owner_id && !(await repo.userExists(ownerId)))
      throw badRequest("no such user", "ownerId");
    const clean = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];
    return {
      slug,
      category: body.category,
      title_en: body.titleEn.trim(),
      title_hi: body.titleHi.trim(),
      body_en: body.bodyEn,
      body_hi: body.bodyHi,
      summary_en: body.summaryEn.trim(),
      summary_hi: body.summaryHi.trim(),
      keywords: clean(body.keywords),
      complaint_categories: clean(body.complaintCategories),
      owner_id: ownerId,
      dlt_template_id_en:
        body.dltTemplateIdEn === undefined ? (before?.dlt_template_id_en ?? null) : body.dltTemplateIdEn,
      dlt_template_id_hi:
        body.dltTemplateIdHi === undefined ? (before?.dlt_template_id_hi ?? null) : body.dltTemplateIdHi,
    };
  }

  /** A new article: a draft, version 1. */
  async create(p: Principal, body: ArticleBody): Promise<ArticleRow> {
    if (!can(p, "kb.edit")) throw forbidden();
    const at = this.deps.clock();
    const id = await this.deps.transaction(async (repo) => {
      const c = await this.content(repo, body);
      const id = await repo.insert(c, at, p.kind === "user" ? p.id : null);
      await repo.insertVersion(id, 1, c, {
        changedFields: Object.keys(FIELDS),
        note: body.note ?? null,
        at,
        userId: p.kind === "user" ? p.id : null,
        userName: p.name,
      });
      await repo.addEvent({
        articleId: id,
        at,
        action: "created",
        version: 1,
        actor: p,
        note: body.note ?? null,
      });
      return id;
    });
    return (await this.deps.repo.find(id, false)) as ArticleRow;
  }

  /** A new version of the working content; agents keep reading the published one. */
  async update(p: Principal, id: number, body: ArticleBody): Promise<ArticleRow> {
    if (!can(p, "kb.edit")) throw forbidden();
    const at = this.deps.clock();
    await this.deps.transaction(async (repo) => {
      const before = await repo.lock(id);
      if (!before) throw notFound("article");
      if (body.baseVersion !== undefined && body.baseVersion !== before.version)
        throw conflict(
          `someone saved version ${before.version} after the version ${body.baseVersion} you edited; reload it`,
          "baseVersion",
        );
      const c = await this.content(repo, body, before);
      const changed = changedFields(before, c);
      if (changed.length === 0) return;
      const version = before.version + 1;
      await repo.update(id, c, version, at, p.kind === "user" ? p.id : null);
      await repo.insertVersion(id, version, c, {
        changedFields: changed,
        note: body.note ?? null,
        at,
        userId: p.kind === "user" ? p.id : null,
        userName: p.name,
      });
      await repo.addEvent({
        articleId: id,
        at,
        action: "edited",
        version,
        actor: p,
        changes: { fields: changed },
        note: body.note ?? null,
      });
    });
    return (await this.deps.repo.find(id, false)) as ArticleRow;
  }

  async publish(p: Principal, id: number, body: PublishBody): Promise<ArticleRow> {
    if (!can(p, "kb.publish")) throw forbidden();
    const at = this.deps.clock();
    const userId = p.kind === "user" ? p.id : null;
    await this.deps.transaction(async (repo) => {
      const before = await repo.lock(id);
      if (!before) throw notFound("article");
      if (body.action === "publish") {
        const v = await repo.version(id, body.version ?? before.version);
        if (!v) throw badRequest(`the article has no version ${body.version}`, "version");
        await repo.publish(id, v, at, userId);
        await repo.addEvent({
          articleId: id,
          at,
          action: "published",
          version: v.version,
          actor: p,
          changes: { from: before.published_version, to: v.version },
        });
      } else {
        if (body.action === "unpublish" && before.status !== "published")
          throw conflict("the article is not published", "action");
        const to = body.action === "archive" ? "archived" : "draft";
        await repo.withdraw(id, to, at, userId);
        await repo.addEvent({
          articleId: id,
          at,
          action: body.action === "archive" ? "archived" : "unpublished",
          version: before.published_version,
          actor: p,
          changes: { fromStatus: before.status, toStatus: to },
        });
      }
    });
    return (await this.deps.repo.find(id, false)) as ArticleRow;
  }

  /**
   * Sends the published summary in the language chosen to a caller's mobile,
   * under the article's own DLT id when it has one, else the generic
   * "information" template; audited in kb_sms_sends and the article's trail.
   */
  async send(p: Principal, id: number, body: SendSummaryBody) {
    if (!can(p, "kb.send")) throw forbidden();
    const mobile = body.mobile;
    if (!/^[6-9][0-9]{9}$/.test(mobile)) throw badRequest("a 10-digit Indian mobile number", "mobile");
    const article = await this.deps.repo.find(id, true);
    if (!article) throw notFound("article");
    let consumer: { id: number; consumerNo: string } | undefined;
    if (body.consumerNo) {
      consumer = await this.deps.repo.consumerInJurisdiction(p, body.consumerNo.trim());
      if (!consumer) throw badRequest("no such consumer in your area", "consumerNo");
    }
    const now = this.deps.clock();
    for (const [key, rule] of [
      [`kb-send:user:${p.kind}:${p.id}`, SENDS_PER_USER],
      [`kb-send:mobile:${mobile}`, SENDS_PER_MOBILE],
    ] as const) {
      const a = await this.deps.throttle.attempt(key, now, rule);
      if (!a.allowed) {
        const wait = Math.max(
          1,
          Math.ceil(((a.lockedUntil?.getTime() ?? now.getTime()) - now.getTime()) / 1000),
        );
        throw tooManyRequests("too many summaries sent; wait a while", wait);
      }
    }
    const language: Language = body.language;
    const text = language === "hi" ? article.summary_hi : article.summary_en;
    const dlt = language === "hi" ? article.dlt_template_id_hi : article.dlt_template_id_en;
    const parts = summaryParts(text);
    const variables = summaryVariables(text);
    return this.deps.transaction(async (repo) => {
      const smsId = await repo.queueSms({
        // Every send is an agent's deliberate act (rate-limited above): none is a duplicate of another.
        dedupKey: `kb:${id}:${article.version}:${language}:${mobile}:${randomUUID()}`,
        recipient: mobile,
        language,
        variables,
        body: text,
        dltTemplateId: dlt,
        articleId: id,
        at: now,
      });
      await repo.recordSend({
        articleId: id,
        version: article.version,
        language,
        mobile,
        consumerId: consumer?.id ?? null,
        consumerNo: consumer?.consumerNo ?? null,
        userId: p.kind === "user" ? p.id : null,
        userName: p.name,
        outboxId: smsId,
        dltTemplateId: dlt,
        body: text,
        parts,
        at: now,
      });
      await repo.addEvent({
        articleId: id,
        at: now,
        action: "sms_sent",
        version: article.version,
        actor: p,
        changes: {
          language,
          mobile: `${mobile.slice(0, 2)}******${mobile.slice(-2)}`,
          consumerNo: consumer?.consumerNo ?? null,
          smsId,
        },
      });
      return { smsId, parts, body: text };
    });
  }
}

function slugOf(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}
