import { type Kysely, sql } from "kysely";

// The agents' knowledge base (issue 15 §2).
//
// - kb_articles: one row per article. The working columns hold the latest
//   saved version (what editors edit); the pub_* columns a copy of the
//   published version, which is all an agent ever reads: editing a published
//   article changes nothing an agent sees until it is published again.
//   `dlt_template_id_*`: the DLT id under which the admin registered that
//   summary's exact text (a summary is longer than a DLT variable's 30
//   characters); without it the summary goes under the generic
//   `kb_information` template.
// - Search: a weighted `simple` tsvector (titles A, keywords B, summaries C,
//   bodies D; both languages; `simple` because Hindi has no stemmer and
//   English gains little on short answers) plus a trigram text of titles,
//   keywords and summaries for part of a word and Hindi spellings. Both are
//   generated columns, for the working and for the published content, each
//   with a GIN index; the same on PGlite and PostgreSQL.
//   kb_words(): array_to_string is only stable (element output functions
//   may be); for text[] it is immutable, which a generated column needs.
// - kb_article_versions: every saved version with who, when and the note;
//   kb_article_events: the article's audit (created, edited, published,
//   unpublished, archived, summary sent); kb_sms_sends: every summary sent.
//   All three refuse update and delete.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function kb_words(text[]) returns text language sql immutable parallel safe
      as $$ select coalesce(array_to_string($1, ' '), '') $$;

    create table kb_articles (
      id bigint generated always as identity primary key,
      slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
      status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
      version integer not null default 1 check (version >= 1),
      owner_id bigint references users (id),
      category text not null check (category in ('tariff', 'billing', 'payment', 'new_connection', 'safety', 'supply', 'schemes')),
      title_en text not null,
      title_hi text not null,
      body_en text not null,
      body_hi text not null,
      summary_en text not null,
      summary_hi text not null,
      keywords text[] not null default '{}',
      complaint_categories text[] not null default '{}',
      dlt_template_id_en text check (dlt_template_id_en ~ '^[0-9]{19}$'),
      dlt_template_id_hi text check (dlt_template_id_hi ~ '^[0-9]{19}$'),
      published_version integer,
      published_at timestamptz,
      published_by bigint references users (id),
      pub_category text,
      pub_title_en text,
      pub_title_hi text,
      pub_body_en text,
      pub_body_hi text,
      pub_summary_en text,
      pub_summary_hi text,
      pub_keywords text[],
      pub_complaint_categories text[],
      pub_dlt_template_id_en text,
      pub_dlt_template_id_hi text,
      created_at timestamptz not null,
      created_by bigint references users (id),
      updated_at timestamptz not null,
      updated_by bigint references users (id),
      search tsvector generated always as (
        setweight(to_tsvector('simple'::regconfig, title_en || ' ' || title_hi), 'A') ||
        setweight(to_tsvector('simple'::regconfig, kb_words(keywords)), 'B') ||
        setweight(to_tsvector('simple'::regconfig, summary_en || ' ' || summary_hi), 'C') ||
        setweight(to_tsvector('simple'::regconfig, body_en || ' ' || body_hi), 'D')) stored,
      pub_search tsvector generated always as (
        setweight(to_tsvector('simple'::regconfig, coalesce(pub_title_en, '') || ' ' || coalesce(pub_title_hi, '')), 'A') ||
        setweight(to_tsvector('simple'::regconfig, kb_words(pub_keywords)), 'B') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(pub_summary_en, '') || ' ' || coalesce(pub_summary_hi, '')), 'C') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(pub_body_en, '') || ' ' || coalesce(pub_body_hi, '')), 'D')) stored,
      trgm_doc text generated always as (
        lower(title_en || ' ' || title_hi || ' ' || kb_words(keywords) || ' ' || summary_en || ' ' || summary_hi)) stored,
      pub_trgm_doc text generated always as (
        lower(coalesce(pub_title_en, '') || ' ' || coalesce(pub_title_hi, '') || ' ' || kb_words(pub_keywords) || ' ' ||
          coalesce(pub_summary_en, '') || ' ' || coalesce(pub_summary_hi, ''))) stored,
      check ((status = 'published') = (published_version is not null)),
      check (published_version is null or published_version <= version)
    );
    create index kb_articles_search_idx on kb_articles using gin (search);
    create index kb_articles_pub_search_idx on kb_articles using gin (pub_search);
    create index kb_articles_trgm_idx on kb_articles using gin (trgm_doc gin_trgm_ops);
    create index kb_articles_pub_trgm_idx on kb_articles using gin (pub_trgm_doc gin_trgm_ops);
    create index kb_articles_categories_idx on kb_articles using gin (complaint_categories);
    create index kb_articles_pub_categories_idx on kb_articles using gin (pub_complaint_categories);
    create index kb_articles_status_idx on kb_articles (status, updated_at desc);

    create table kb_article_versions (
      id bigint generated always as identity primary key,
      article_id bigint not null references kb_articles (id),
      version integer not null,
      slug text not null,
      category text not null,
      title_en text not null,
      title_hi text not null,
      body_en text not null,
      body_hi text not null,
      summary_en text not null,
      summary_hi text not null,
      keywords text[] not null,
      complaint_categories text[] not null,
      owner_id bigint,
      dlt_template_id_en text,
      dlt_template_id_hi text,
      changed_fields text[] not null,
      note text,
      at timestamptz not null,
      user_id bigint references users (id),
      user_name text not null,
      unique (article_id, version)
    );

    create table kb_article_events (
      id bigint generated always as identity primary key,
      article_id bigint not null references kb_articles (id),
      at timestamptz not null,
      action text not null,
      version integer,
      actor_kind text not null check (actor_kind in ('user', 'token', 'system', 'public')),
      actor_id bigint,
      actor_name text not null,
      actor_role text,
      changes jsonb not null default '{}',
      note text
    );
    create index kb_article_events_article_idx on kb_article_events (article_id, id);

    create table kb_sms_sends (
      id bigint generated always as identity primary key,
      article_id bigint not null references kb_articles (id),
      version integer not null,
      language text not null check (language in ('hi', 'en')),
      mobile text not null check (mobile ~ '^[6-9][0-9]{9}$'),
      consumer_id bigint references consumers (id),
      consumer_no text,
      user_id bigint references users (id),
      user_name text not null,
      outbox_id bigint references outbox_sms (id),
      dlt_template_id text,
      body text not null,
      parts integer not null,
      sent_at timestamptz not null
    );
    create index kb_sms_sends_article_idx on kb_sms_sends (article_id, sent_at desc);
    create index kb_sms_sends_user_idx on kb_sms_sends (user_id, sent_at desc);
    create index kb_sms_sends_mobile_idx on kb_sms_sends (mobile, sent_at desc);

    create function kb_history_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'the knowledge base history cannot be changed' using errcode = 'insufficient_privilege';
    end;
    $$;
    create trigger kb_article_versions_no_update before update or delete on kb_article_versions
      for each row execute function kb_history_immutable();
    create trigger kb_article_versions_no_truncate before truncate on kb_article_versions
      for each statement execute function kb_history_immutable();
    create trigger kb_article_events_no_update before update or delete on kb_article_events
      for each row execute function kb_history_immutable();
    create trigger kb_article_events_no_truncate before truncate on kb_article_events
      for each statement execute function kb_history_immutable();
    create trigger kb_sms_sends_no_update before update or delete on kb_sms_sends
      for each row execute function kb_history_immutable();
    create trigger kb_sms_sends_no_truncate before truncate on kb_sms_sends
      for each statement execute function kb_history_immutable();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table kb_sms_sends;
    drop table kb_article_events;
    drop table kb_article_versions;
    drop function kb_history_immutable();
    drop table kb_articles;
    drop function kb_words(text[])`.execute(db);
}
