import { type Kysely, sql } from "kysely";

// Small key/value store for installation facts (demo loaded, seed used) and,
// later, settings an admin edits.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table app_settings (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now()
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table app_settings`.execute(db);
}
