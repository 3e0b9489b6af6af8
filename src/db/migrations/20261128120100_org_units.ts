import { type Kysely, sql } from "kysely";

// One table for the whole org hierarchy (company → region → circle → division →
// sub-division → DC). `path` is the chain of codes from the company down
// ('/MPEZ/JBP/JBC/'), so "this unit and everything below it" is one indexed
// prefix match; codes are restricted to [A-Z0-9-] so LIKE needs no escaping.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table org_units (
      id bigint generated always as identity primary key,
      code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9-]{0,31}$'),
      kind text not null check (kind in ('company', 'region', 'circle', 'division', 'subdivision', 'dc')),
      parent_id bigint references org_units (id),
      name_en text not null,
      name_hi text not null,
      path text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((kind = 'company') = (parent_id is null))
    );
    create index org_units_parent_idx on org_units (parent_id);
    create index org_units_path_idx on org_units (path text_pattern_ops);
    create index org_units_kind_idx on org_units (kind);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table org_units`.execute(db);
}
