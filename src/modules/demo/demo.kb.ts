import type { Database } from "../../db/database.ts";
import { KbRepository } from "../kb/kb.repository.ts";
import { KB_SEED_ARTICLES, type SeedArticle } from "../kb/kb.seed-articles.ts";

/**
 * The demo's knowledge base: the seed articles, published as version 1.
 * Idempotent by slug: an article already there (perhaps edited since) is
 * left alone.
 */
export async function loadDemoKb(
  database: Database,
  now: Date,
  articles: readonly SeedArticle[] = KB_SEED_ARTICLES,
): Promise<{ added: number; existing: number }> {
  let added = 0;
  for (const a of articles) {
    const isNew = await database.db.transaction().execute((tx) =>
      new KbRepository(tx).seedPublished(
        {
          slug: a.slug,
          category: a.category,
          title_en: a.titleEn,
          title_hi: a.titleHi,
          body_en: a.bodyEn,
          body_hi: a.bodyHi,
          summary_en: a.summaryEn,
          summary_hi: a.summaryHi,
          keywords: a.keywords,
          complaint_categories: a.complaintCategories,
          owner_id: null,
          dlt_template_id_en: null,
          dlt_template_id_hi: null,
        },
        now,
      ),
    );
    if (isNew) added++;
  }
  return { added, existing: articles.length - added };
}
