import { type Kysely, sql } from "kysely";
import { dcInJurisdiction } from "../../db/jurisdiction.ts";
import type { ArticleStatus, DB, KbCategory, Language } from "../../db/schema.ts";
import type { Principal } from "../access/principal.ts";

/** An article's content as one version holds it (ArticleBody's fields, snake_cased). */
export interface ArticleContent {
  slug: string;
  category: KbCategory;
  title_en: string;
  title_hi: string;
  body_en: string;
  body_hi: string;
  summary_en: string;
  summary_hi: string;
  keywords: string[];
  complaint_categories: string[];
  owner_id: number | null;
  dlt_template_id_en: string | null;
  dlt_template_id_hi: string | null;
}

/** An article as one reader sees it: the working content for editors, the published copy for agents. */
export interface ArticleRow extends ArticleContent {
  id: number;
  status: ArticleStatus;
  version: number;
  published_version: number | null;
  published_at: Date | null;
  owner_name: string | null;
  updated_at: Date;
}

export interface SearchFilter {
  /** Search words (letters and digits only), lowercased. */
  words: string[];
  /** The query as typed, lowercased, for the trigram match. */
  text: string | undefined;
  category: KbCategory | undefined;
  complaintCategory: string | undefined;
  /** 'published': the published copies agents read; otherwise the working content with that status. */
  status: ArticleStatus | "all";
  limit: number;
  offset: number;
}

export interface VersionRow extends ArticleContent {
  version: number;
  changed_fields: string[];
  note: string | null;
  at: Date;
  user_name: string;
}

/** The columns of either side of an article: the working content or the published copy. */
function side(published: boolean) {
  const c = (name: string) => sql.ref(`a.${published ? "pub_" : ""}${name}`);
  return {
    category: c("category"),
    titleEn: c("title_en"),
    titleHi: c("title_hi"),
    bodyEn: c("body_en"),
    bodyHi: c("body_hi"),
    summaryEn: c("summary_en"),
    summaryHi: c("summary_hi"),
    keywords: c("keywords"),
    complaintCategories: c("complaint_categories"),
    dltEn: c("dlt_template_id_en"),
    dltHi: c("dlt_template_id_hi"),
    search: c("search"),
    trgm: c("trgm_doc"),
    head: c("head"),
    version: published ? sql.ref("a.published_version") : sql.ref("a.version"),
  };
}

function selectSide(published: boolean) {
  const s = side(published);
  return sql`a.id, a.slug, a.status, ${s.version} as version, a.published_version, a.published_at, a.owner_id,
    (select u.name from users u where u.id = a.owner_id) as owner_name, a.updated_at,
    ${s.category} as category, ${s.titleEn} as title_en, ${s.titleHi} as title_hi, ${s.bodyEn} as body_en,
    ${s.bodyHi} as body_hi, ${s.summaryEn} as summary_en, ${s.summaryHi} as summary_hi, ${s.keywords} as keywords,
    ${s.complaintCategories} as complaint_categories, ${s.dltEn} as dlt_template_id_en,
    ${s.dltHi} as dlt_template_id_hi`;
}

const num = <R extends { id: number | string }>(r: R) => ({ ...r, id: Number(r.id) });

/**
 * The knowledge base's queries. Articles are the company's, the same for
 * every office, so they are not scoped by jurisdiction; the consumer an SMS
 * is sent about is.
 */
export class KbRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * One page of articles. Full text first (each word as a prefix, so the
   * start of a word finds it), ranked by the small head tsvector (a title
   * match first, then keywords, then summaries; a match only in a body after
   * them). When that does not fill the page, trigram matches follow (part of
   * a word in its middle, another spelling of a Hindi word), by similarity.
   */
  async search(f: SearchFilter): Promise<{ rows: (ArticleRow & { rank: number })[]; total: number }> {
    const published = f.status === "published";
    const s = side(published);
    const base = [
      published ? sql`a.status = 'published'` : f.status === "all" ? sql`true` : sql`a.status = ${f.status}`,
    ];
    if (f.category) base.push(sql`${s.category} = ${f.category}`);
    if (f.complaintCategory)
      base.push(sql`${s.complaintCategories} @> array[${f.complaintCategory}]::text[]`);
    const tsq = f.words.length > 0 ? f.words.map((w) => `'${w}':*`).join(" & ") : null;
    if (f.text === undefined || (tsq === null && f.text.length < 3)) {
      if (f.text !== undefined) return { rows: [], total: 0 };
      return this.page(published, base, sql`0`, f.limit, f.offset);
    }
    const fts = tsq ? sql`${s.search} @@ to_tsquery('simple', ${tsq})` : sql`false`;
    // Full text through its GIN index only. The planner does not count the
    // cost of reading a long body's tsvector out of TOAST: for a word in a
    // third of the articles it chose to scan the table (or the status index)
    // and test every row, 70 ms on PGlite where the index takes 14. So the
    // status test is written so that no index serves it, and the sequential
    // scan is off for this statement.
    const unindexed = base.map((c) => sql`(${c}) is true`);
    const first = tsq
      ? await this.page(
          published,
          [...unindexed, fts],
          sql`ts_rank(${s.head}, to_tsquery('simple', ${tsq}))`,
          f.limit,
          f.offset,
          true,
        )
      : { rows: [], total: 0 };
    const room = f.offset + f.limit - first.total;
    if (room <= 0 || f.text.length < 3) return first;
    // Trigram for what full text missed (a misspelt word): when full text found
    // nothing there is nothing to leave out, and testing each trigram match's
    // long tsvector was most of its time.
    const fuzzy = await this.page(
      published,
      [...base, sql`${f.text} <% ${s.trgm}`, ...(first.total > 0 ? [sql`not (${fts})`] : [])],
      sql`word_similarity(${f.text}, ${s.trgm}) - 1`,
      Math.min(f.limit, room),
      Math.max(0, f.offset - first.total),
    );
    return { rows: [...first.rows, ...fuzzy.rows], total: first.total + fuzzy.total };
  }

  /** Ranks the matches on narrow rows, then reads the page's articles whole. */
  private async page(
    published: boolean,
    conditions: ReturnType<typeof sql>[],
    rank: ReturnType<typeof sql>,
    limit: number,
    offset: number,
    indexOnly = false,
  ): Promise<{ rows: (ArticleRow & { rank: number })[]; total: number }> {
    if (indexOnly) {
      const run = async (tx: Kysely<DB>) => {
        await sql`set local enable_seqscan = off`.execute(tx);
        const out = await new KbRepository(tx).page(published, conditions, rank, limit, offset);
        await sql`set local enable_seqscan = on`.execute(tx);
        return out;
      };
      return this.db.isTransaction ? run(this.db) : this.db.transaction().execute(run);
    }
    const r = await sql<ArticleRow & { rank: number; total: number }>`
      with hits as (
        select a.id, ${rank}::float8 as rank, a.updated_at, count(*) over ()::int as total
        from kb_articles a
        where ${sql.join(conditions, sql` and `)}
        order by rank desc, a.updated_at desc, a.id
        limit ${limit} offset ${offset}
      )
      select ${selectSide(published)}, h.rank, h.total
      from hits h join kb_articles a on a.id = h.id
      order by h.rank desc, h.updated_at desc, h.id`.execute(this.db);
    const total = r.rows[0]?.total ?? (offset > 0 ? await this.count(conditions) : 0);
    return { rows: r.rows.map(num), total };
  }

  private async count(conditions: ReturnType<typeof sql>[]): Promise<number> {
    const r = await sql<{ n: number }>`
      select count(*)::int as n from kb_articles a where ${sql.join(conditions, sql` and `)}`.execute(
      this.db,
    );
    return r.rows[0]?.n ?? 0;
  }

  /** One article: its published copy (undefined unless published) or its working content. */
  async find(id: number, published: boolean): Promise<ArticleRow | undefined> {
    const r = await sql<ArticleRow>`
      select ${selectSide(published)} from kb_articles a
      where a.id = ${id} ${published ? sql`and a.status = 'published'` : sql``}`.execute(this.db);
    const row = r.rows[0];
    return row ? num(row) : undefined;
  }

  /** The article's working state, locked for a change (inside a transaction). */
  async lock(id: number): Promise<ArticleRow | undefined> {
    const r = await sql<ArticleRow>`
      select ${selectSide(false)} from kb_articles a where a.id = ${id} for update`.execute(this.db);
    const row = r.rows[0];
    return row ? num(row) : undefined;
  }

  async slugTaken(slug: string, exceptId?: number): Promise<boolean> {
    let q = this.db.selectFrom("kb_articles").select("id").where("slug", "=", slug);
    if (exceptId !== undefined) q = q.where("id", "<>", exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async userExists(id: number): Promise<boolean> {
    return (
      (await this.db.selectFrom("users").select("id").where("id", "=", id).executeTakeFirst()) !== undefined
    );
  }

  /** Inserts a new article (a draft, version 1) and returns its id. */
  async insert(c: ArticleContent, at: Date, userId: number | null): Promise<number> {
    const row = await this.db
      .insertInto("kb_articles")
      .values({
        ...c,
        status: "draft",
        version: 1,
        created_at: at,
        created_by: userId,
        updated_at: at,
        updated_by: userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** Saves new working content as `version`. */
  async update(
    id: number,
    c: ArticleContent,
    version: number,
    at: Date,
    userId: number | null,
  ): Promise<void> {
    await this.db
      .updateTable("kb_articles")
      .set({ ...c, version, updated_at: at, updated_by: userId })
      .where("id", "=", id)
      .execute();
  }

  async insertVersion(
    articleId: number,
    version: number,
    c: ArticleContent,
    v: { changedFields: string[]; note: string | null; at: Date; userId: number | null; userName: string },
  ): Promise<void> {
    await this.db
      .insertInto("kb_article_versions")
      .values({
        article_id: articleId,
        version,
        ...c,
        changed_fields: v.changedFields,
        note: v.note,
        at: v.at,
        user_id: v.userId,
        user_name: v.userName,
      })
      .execute();
  }

  async versions(articleId: number): Promise<VersionRow[]> {
    return this.db
      .selectFrom("kb_article_versions")
      .selectAll()
      .where("article_id", "=", articleId)
      .orderBy("version", "desc")
      .execute();
  }

  async version(articleId: number, version: number): Promise<VersionRow | undefined> {
    return this.db
      .selectFrom("kb_article_versions")
      .selectAll()
      .where("article_id", "=", articleId)
      .where("version", "=", version)
      .executeTakeFirst();
  }

  /** Makes a saved version the one agents read. */
  async publish(id: number, v: VersionRow, at: Date, userId: number | null): Promise<void> {
    await this.db
      .updateTable("kb_articles")
      .set({
        status: "published",
        published_version: v.version,
        published_at: at,
        published_by: userId,
        pub_category: v.category,
        pub_title_en: v.title_en,
        pub_title_hi: v.title_hi,
        pub_body_en: v.body_en,
        pub_body_hi: v.body_hi,
        pub_summary_en: v.summary_en,
        pub_summary_hi: v.summary_hi,
        pub_keywords: v.keywords,
        pub_complaint_categories: v.complaint_categories,
        pub_dlt_template_id_en: v.dlt_template_id_en,
        pub_dlt_template_id_hi: v.dlt_template_id_hi,
        updated_at: at,
        updated_by: userId,
      })
      .where("id", "=", id)
      .execute();
  }

  /** Takes the article away from agents: back to draft, or archived. */
  async withdraw(id: number, status: "draft" | "archived", at: Date, userId: number | null): Promise<void> {
    await this.db
      .updateTable("kb_articles")
      .set({
        status,
        published_version: null,
        published_at: null,
        published_by: null,
        pub_category: null,
        pub_title_en: null,
        pub_title_hi: null,
        pub_body_en: null,
        pub_body_hi: null,
        pub_summary_en: null,
        pub_summary_hi: null,
        pub_keywords: null,
        pub_complaint_categories: null,
        pub_dlt_template_id_en: null,
        pub_dlt_template_id_hi: null,
        updated_at: at,
        updated_by: userId,
      })
      .where("id", "=", id)
      .execute();
  }

  async addEvent(e: {
    articleId: number;
    at: Date;
    action: string;
    version: number | null;
    actor: { kind: "user" | "token"; id: number; name: string; role: string | null };
    changes?: Record<string, unknown>;
    note?: string | null;
  }): Promise<void> {
    await this.db
      .insertInto("kb_article_events")
      .values({
        article_id: e.articleId,
        at: e.at,
        action: e.action,
        version: e.version,
        actor_kind: e.actor.kind,
        actor_id: e.actor.id,
        actor_name: e.actor.name,
        actor_role: e.actor.role,
        changes: JSON.stringify(e.changes ?? {}),
        note: e.note ?? null,
      })
      .execute();
  }

  async events(articleId: number) {
    return this.db
      .selectFrom("kb_article_events")
      .select(["action", "version", "actor_name", "changes", "at"])
      .where("article_id", "=", articleId)
      .orderBy("id")
      .execute();
  }

  /** A consumer by number, in the principal's jurisdiction. */
  async consumerInJurisdiction(principal: Principal, consumerNo: string) {
    const row = await this.db
      .selectFrom("consumers as c")
      .select(["c.id", "c.consumer_no"])
      .where("c.consumer_no", "=", consumerNo)
      .where(dcInJurisdiction("c.dc_id", principal))
      .executeTakeFirst();
    return row ? { id: Number(row.id), consumerNo: row.consumer_no } : undefined;
  }

  async recordSend(s: {
    articleId: number;
    version: number;
    language: Language;
    mobile: string;
    consumerId: number | null;
    consumerNo: string | null;
    userId: number | null;
    userName: string;
    outboxId: number | null;
    dltTemplateId: string | null;
    body: string;
    parts: number;
    at: Date;
  }): Promise<number> {
    const row = await this.db
      .insertInto("kb_sms_sends")
      .values({
        article_id: s.articleId,
        version: s.version,
        language: s.language,
        mobile: s.mobile,
        consumer_id: s.consumerId,
        consumer_no: s.consumerNo,
        user_id: s.userId,
        user_name: s.userName,
        outbox_id: s.outboxId,
        dlt_template_id: s.dltTemplateId,
        body: s.body,
        parts: s.parts,
        sent_at: s.at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** Queues the summary in the outbox (no dedup: each send is an agent's deliberate act, rate-limited). */
  async queueSms(m: {
    dedupKey: string;
    recipient: string;
    language: Language;
    variables: Record<string, string>;
    body: string;
    dltTemplateId: string | null;
    articleId: number;
    at: Date;
  }): Promise<number> {
    const row = await this.db
      .insertInto("outbox_sms")
      .values({
        dedup_key: m.dedupKey,
        recipient: m.recipient,
        language: m.language,
        template: "kb_information",
        variables: JSON.stringify(m.variables),
        body: m.body,
        urgent: false,
        related_type: "kb_article",
        related_id: m.articleId,
        created_at: m.at,
        dlt_template_id: m.dltTemplateId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** Upserts a published article by slug (the demo's seed): true when it was new. */
  async seedPublished(c: ArticleContent, at: Date): Promise<boolean> {
    if (await this.slugTaken(c.slug)) return false;
    const id = await this.insert(c, at, null);
    await this.insertVersion(id, 1, c, {
      changedFields: [],
      note: "demo seed",
      at,
      userId: null,
      userName: "PowerDesk",
    });
    const v = await this.version(id, 1);
    if (v) await this.publish(id, v, at, null);
    return true;
  }
}
