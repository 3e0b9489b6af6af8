import { type Kysely, sql } from "kysely";

// Ranking knowledge-base matches by the whole text (bodies included) reads
// every matching article's large tsvector: too slow when a common word
// matches thousands. The head (titles A, keywords B, summaries C) is small:
// matches are ranked by it, a match only in a body ranks after them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table kb_articles
      add column head tsvector generated always as (
        setweight(to_tsvector('simple'::regconfig, title_en || ' ' || title_hi), 'A') ||
        setweight(to_tsvector('simple'::regconfig, kb_words(keywords)), 'B') ||
        setweight(to_tsvector('simple'::regconfig, summary_en || ' ' || summary_hi), 'C')) stored,
      add column pub_head tsvector generated always as (
        setweight(to_tsvector('simple'::regconfig, coalesce(pub_title_en, '') || ' ' || coalesce(pub_title_hi, '')), 'A') ||
        setweight(to_tsvector('simple'::regconfig, kb_words(pub_keywords)), 'B') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(pub_summary_en, '') || ' ' || coalesce(pub_summary_hi, '')), 'C')) stored`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table kb_articles drop column head, drop column pub_head`.execute(db);
}
