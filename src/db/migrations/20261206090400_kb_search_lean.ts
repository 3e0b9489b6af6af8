import { type Kysely, sql } from "kysely";

// Leaner knowledge-base search columns, after the benchmark at 5,000 articles:
// - search/pub_search only decide whether an article matches (the head ranks
//   it), so they drop positions and weights (strip): half the bytes to read
//   when a common word makes the planner scan the table.
// - the trigram text (for part of a word in its middle, another spelling)
//   is the titles and keywords only: with the summaries, a misspelt word
//   matched hundreds of articles, each then measured at 200+ ms in all.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table kb_articles
      drop column search,
      drop column pub_search,
      drop column trgm_doc,
      drop column pub_trgm_doc;
    alter table kb_articles
      add column search tsvector generated always as (strip(to_tsvector('simple'::regconfig,
        title_en || ' ' || title_hi || ' ' || kb_words(keywords) || ' ' || summary_en || ' ' || summary_hi || ' ' ||
        body_en || ' ' || body_hi))) stored,
      add column pub_search tsvector generated always as (strip(to_tsvector('simple'::regconfig,
        coalesce(pub_title_en, '') || ' ' || coalesce(pub_title_hi, '') || ' ' || kb_words(pub_keywords) || ' ' ||
        coalesce(pub_summary_en, '') || ' ' || coalesce(pub_summary_hi, '') || ' ' ||
        coalesce(pub_body_en, '') || ' ' || coalesce(pub_body_hi, '')))) stored,
      add column trgm_doc text generated always as (
        lower(title_en || ' ' || title_hi || ' ' || kb_words(keywords))) stored,
      add column pub_trgm_doc text generated always as (
        lower(coalesce(pub_title_en, '') || ' ' || coalesce(pub_title_hi, '') || ' ' || kb_words(pub_keywords))) stored;
    create index kb_articles_search_idx on kb_articles using gin (search);
    create index kb_articles_pub_search_idx on kb_articles using gin (pub_search);
    create index kb_articles_trgm_idx on kb_articles using gin (trgm_doc gin_trgm_ops);
    create index kb_articles_pub_trgm_idx on kb_articles using gin (pub_trgm_doc gin_trgm_ops);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table kb_articles drop column search, drop column pub_search, drop column trgm_doc, drop column pub_trgm_doc;
    alter table kb_articles
      add column search tsvector generated always as (
        setweight(to_tsvector('simple'::regconfig, title_en || ' ' || title_hi), 'A') ||
        setweight(to_tsvector('simple'::regconfig, kb_words(keywords)), 'B') ||
        setweight(to_tsvector('simple'::regconfig, summary_en || ' ' || summary_hi), 'C') ||
        setweight(to_tsvector('simple'::regconfig, body_en || ' ' || body_hi), 'D')) stored,
      add column pub_search tsvector generated always as (
        setweight(to_tsvector('simple'::regconfig, coalesce(pub_title_en, '') || ' ' || coalesce(pub_title_hi, '')), 'A') ||
        setweight(to_tsvector('simple'::regconfig, kb_words(pub_keywords)), 'B') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(pub_summary_en, '') || ' ' || coalesce(pub_summary_hi, '')), 'C') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(pub_body_en, '') || ' ' || coalesce(pub_body_hi, '')), 'D')) stored,
      add column trgm_doc text generated always as (
        lower(title_en || ' ' || title_hi || ' ' || kb_words(keywords) || ' ' || summary_en || ' ' || summary_hi)) stored,
      add column pub_trgm_doc text generated always as (
        lower(coalesce(pub_title_en, '') || ' ' || coalesce(pub_title_hi, '') || ' ' || kb_words(pub_keywords) || ' ' ||
          coalesce(pub_summary_en, '') || ' ' || coalesce(pub_summary_hi, ''))) stored;
    create index kb_articles_search_idx on kb_articles using gin (search);
    create index kb_articles_pub_search_idx on kb_articles using gin (pub_search);
    create index kb_articles_trgm_idx on kb_articles using gin (trgm_doc gin_trgm_ops);
    create index kb_articles_pub_trgm_idx on kb_articles using gin (pub_trgm_doc gin_trgm_ops);
  `.execute(db);
}
